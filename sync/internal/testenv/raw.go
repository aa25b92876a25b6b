package testenv

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"strconv"
	"time"

	"github.com/gather-sp/gather/domain"
	"github.com/gather-sp/gather/hlc"
	"github.com/gather-sp/gather/record"
	"github.com/gather-sp/gather/sync/protocol"
)

// Raw is a device that speaks the protocol directly, without a store:
// cheap enough to simulate hundreds at once.
type Raw struct {
	URL   string
	ID    string
	Token string
	Epoch string
	HTTP  *http.Client
	Clock *hlc.Clock
	seq   uint64
}

// NewRaw enrols a raw device.
func (e *Env) NewRaw(id string, scope protocol.Scope, hc *http.Client) (*Raw, error) {
	return e.NewRawAs(id, scope, "", hc)
}

// NewRawAs enrols a raw device with a role ("administrator").
func (e *Env) NewRawAs(id string, scope protocol.Scope, role string, hc *http.Client) (*Raw, error) {
	if hc == nil {
		hc = http.DefaultClient
	}
	r := &Raw{URL: e.URL, ID: id, HTTP: hc, Clock: hlc.NewClock(id, nil)}
	var resp protocol.EnrolResponse
	code := e.CodeAs(scope, role)
	if _, err := r.Do(protocol.PathEnrol, &protocol.EnrolRequest{Schema: protocol.Schema, Code: code, DeviceID: id}, &resp); err != nil {
		return nil, err
	}
	r.Token, r.Epoch = resp.Token, resp.Epoch
	return r, nil
}

// Do posts a request; a refusal is returned as *protocol.Error.
func (r *Raw) Do(path string, in, out any) (int, error) {
	body, err := protocol.Encode(in)
	if err != nil {
		return 0, err
	}
	req, err := http.NewRequestWithContext(context.Background(), http.MethodPost, r.URL+path, bytes.NewReader(body))
	if err != nil {
		return 0, err
	}
	protocol.SetHeaders(req.Header)
	if r.Token != "" {
		req.Header.Set("Authorization", "Bearer "+r.Token)
	}
	resp, err := r.HTTP.Do(req)
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	gz := resp.Header.Get("Content-Encoding") == "gzip"
	if resp.StatusCode != http.StatusOK {
		var perr protocol.Error
		if err := protocol.Decode(resp.Body, gz, 1<<20, 1<<20, &perr); err != nil {
			return resp.StatusCode, fmt.Errorf("status %d", resp.StatusCode)
		}
		return resp.StatusCode, &perr
	}
	return resp.StatusCode, protocol.Decode(resp.Body, gz, 512<<20, 512<<20, out)
}

// Push stamps and sends writes in batches of at most batch.
func (r *Raw) Push(ws []record.Write, batch int) error {
	for len(ws) > 0 {
		n := min(batch, len(ws))
		req := protocol.PushRequest{Schema: protocol.Schema, Epoch: r.Epoch, Writes: make([]protocol.Write, n)}
		for i, w := range ws[:n] {
			r.seq++
			req.Writes[i] = protocol.FromRecord(r.seq, w)
		}
		var resp protocol.PushResponse
		if _, err := r.Do(protocol.PathPush, &req, &resp); err != nil {
			return err
		}
		ws = ws[n:]
	}
	return nil
}

// PullAll pulls every page after cursor and returns the entity count and
// the new cursor.
func (r *Raw) PullAll(after uint64) (int, uint64, error) {
	n := 0
	for {
		var resp protocol.PullResponse
		if _, err := r.Do(protocol.PathPull, &protocol.PullRequest{Schema: protocol.Schema, Epoch: r.Epoch, After: after, States: record.EntityVersion}, &resp); err != nil {
			return n, after, err
		}
		n += len(resp.Entities)
		after = resp.Next
		if !resp.More {
			return n, after, nil
		}
	}
}

// ActivityWrites are the writes that make an activity at a venue: a venue
// device's marks are kept waiting until the server has their activity.
func ActivityWrites(clock *hlc.Clock, venue, activity, staff string) []record.Write {
	var ws []record.Write
	for _, f := range [][2]string{{"name", "Garden club"}, {"venue_id", venue}} {
		ws = append(ws, record.Write{Kind: domain.KindActivity, ID: activity, Field: f[0], Value: f[1], Stamp: clock.Now(), Staff: staff})
	}
	return ws
}

// Marks returns the writes of n attendance marks at a venue, as a
// facilitator's tablet makes them: eight fields a mark.
func Marks(clock *hlc.Clock, venue, activity string, n int, staff string) []record.Write {
	ws := make([]record.Write, 0, n*8)
	day := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	for i := range n {
		date := day.AddDate(0, 0, i/40).Format("2006-01-02")
		session := domain.SessionID(activity, date)
		person := "p" + strconv.Itoa(i%40) + "-" + venue
		id := domain.AttendanceID(session, person)
		for _, f := range [][2]string{{"activity_id", activity}, {"date", date}, {"marked_at", "2026-01-01T10:00:00Z"},
			{"marked_by", staff}, {"person_id", person}, {"session_id", session}, {"status", domain.StatusPresent}, {"venue_id", venue}} {
			ws = append(ws, record.Write{Kind: domain.KindAttendance, ID: id, Field: f[0], Value: f[1], Stamp: clock.Now(), Staff: staff})
		}
	}
	return ws
}

// Send posts a body of the given content type and decodes the answer into
// out (pull pages in the compact form too); a refusal is returned as
// *protocol.Error. It is what the sync client sends, for simulations of
// many devices.
func (r *Raw) Send(path, contentType string, body []byte, out any) error {
	req, err := http.NewRequestWithContext(context.Background(), http.MethodPost, r.URL+path, bytes.NewReader(body))
	if err != nil {
		return err
	}
	protocol.SetHeaders(req.Header)
	req.Header.Set("Content-Type", contentType)
	req.Header.Set("Authorization", "Bearer "+r.Token)
	if _, ok := out.(*protocol.PullResponse); ok {
		req.Header.Set("Accept", protocol.ContentTypePage)
	}
	resp, err := r.HTTP.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	gz := resp.Header.Get("Content-Encoding") == "gzip"
	if resp.StatusCode != http.StatusOK {
		var perr protocol.Error
		if err := protocol.Decode(resp.Body, gz, 1<<20, 1<<20, &perr); err != nil {
			return fmt.Errorf("status %d", resp.StatusCode)
		}
		return &perr
	}
	if page, ok := out.(*protocol.PullResponse); ok && resp.Header.Get("Content-Type") == protocol.ContentTypePage {
		p, err := protocol.DecodePage(resp.Body, gz, 512<<20)
		if err != nil {
			return err
		}
		*page = *p
		return nil
	}
	return protocol.Decode(resp.Body, gz, 512<<20, 512<<20, out)
}

// PushCompact stamps nothing: it sends writes already stamped, numbered
// after the last, in one push in the compact form with the device's
// instance and cursor, as the sync client does.
func (r *Raw) PushCompact(ws []record.Write, instance string, cursor uint64) (*protocol.PushResponse, error) {
	seqs := make([]uint64, len(ws))
	for i := range seqs {
		r.seq++
		seqs[i] = r.seq
	}
	var body bytes.Buffer
	req := &protocol.PushRequest{Schema: protocol.Schema, Epoch: r.Epoch, Instance: instance, Cursor: cursor, QueueHead: r.seq}
	if err := protocol.EncodePush(&body, req, seqs, ws); err != nil {
		return nil, err
	}
	var resp protocol.PushResponse
	return &resp, r.Send(protocol.PathPush, protocol.ContentTypePush, body.Bytes(), &resp)
}

// PullPages pulls every page after cursor in the compact page form, as
// the sync client does, and returns the records received and the new
// cursor.
func (r *Raw) PullPages(after uint64, instance string) (int, uint64, error) {
	n := 0
	for {
		body, err := protocol.Encode(&protocol.PullRequest{Schema: protocol.Schema, Epoch: r.Epoch, After: after, Instance: instance, MaxBytes: 1 << 20, States: record.EntityVersion})
		if err != nil {
			return n, after, err
		}
		var resp protocol.PullResponse
		if err := r.Send(protocol.PathPull, protocol.ContentType, body, &resp); err != nil {
			return n, after, err
		}
		n += len(resp.Entities)
		after = resp.Next
		if !resp.More {
			return n, after, nil
		}
	}
}
