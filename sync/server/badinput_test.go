package server_test

import (
	"bytes"
	"compress/gzip"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/gather-sp/gather/domain"
	"github.com/gather-sp/gather/hlc"
	"github.com/gather-sp/gather/record"
	"github.com/gather-sp/gather/sync/internal/testenv"
	"github.com/gather-sp/gather/sync/protocol"
	"github.com/gather-sp/gather/sync/server"
)

var org = protocol.Scope{Organisation: true}

type fixture struct {
	env            *testenv.Env
	office, tablet *testenv.Raw
	revoked        *testenv.Raw
	v1, v2         string
	clock          *hlc.Clock
}

func newFixture(t *testing.T) *fixture {
	t.Helper()
	env := testenv.Start(t, server.Options{})
	f := &fixture{env: env, v1: env.Venue("v1", "Garden"), v2: env.Venue("v2", "Arts")}
	var err error
	if f.office, err = env.NewRaw("office", org, nil); err != nil {
		t.Fatal(err)
	}
	if f.tablet, err = env.NewRaw("tablet", protocol.Scope{Venues: []string{f.v1}}, nil); err != nil {
		t.Fatal(err)
	}
	if f.revoked, err = env.NewRaw("lost", protocol.Scope{Venues: []string{f.v1}}, nil); err != nil {
		t.Fatal(err)
	}
	if err := env.Store.Revoke("lost"); err != nil {
		t.Fatal(err)
	}
	f.clock = hlc.NewClock("tablet", env.Clock.Now)
	// The office sets up activities at both venues and a person at v2.
	ws := []record.Write{
		{Kind: domain.KindActivity, ID: "a1", Field: "venue_id", Value: f.v1},
		{Kind: domain.KindActivity, ID: "a2", Field: "venue_id", Value: f.v2},
		{Kind: domain.KindPerson, ID: "zed", Field: "given_name", Value: "Zed"},
		{Kind: domain.KindEnrolment, ID: domain.EnrolmentID("a2", "zed"), Field: "venue_id", Value: f.v2},
	}
	oc := hlc.NewClock("office", env.Clock.Now)
	for i := range ws {
		ws[i].Stamp = oc.Now()
	}
	if err := f.office.Push(ws, 100); err != nil {
		t.Fatal(err)
	}
	return f
}

func (f *fixture) write(kind record.Kind, id, field, value string) protocol.Write {
	return protocol.FromRecord(1, record.Write{Kind: kind, ID: id, Field: field, Value: value, Stamp: f.clock.Now(), Staff: "s"})
}

func gz(b []byte) []byte {
	var buf bytes.Buffer
	w := gzip.NewWriter(&buf)
	w.Write(b)
	w.Close()
	return buf.Bytes()
}

func jsonBody(v any) []byte {
	b, _ := json.Marshal(v)
	return gz(b)
}

// TestBadInputIsRefusedClearlyAndChangesNothing sends bad requests of every
// sort: each gets a 4xx with a code and a message, and the server's log,
// the records and the device's sequence stay as they were.
func TestBadInputIsRefusedClearlyAndChangesNothing(t *testing.T) {
	f := newFixture(t)
	push := func(writes ...protocol.Write) []byte {
		return jsonBody(protocol.PushRequest{Schema: protocol.Schema, Epoch: f.env.Store.Epoch(), Writes: writes})
	}
	inScope := f.write(domain.KindAttendance, domain.AttendanceID(domain.SessionID("a1", "2026-11-20"), "ann"), "venue_id", f.v1)
	ahead := inScope
	ahead.Stamp = hlc.Timestamp{Wall: f.env.Clock.Now().Add(10 * time.Minute).UnixMilli(), Device: "tablet"}.String()
	tooMany := make([]protocol.Write, protocol.MaxPushWrites+1)
	for i := range tooMany {
		tooMany[i] = inScope
		tooMany[i].Seq = uint64(i + 1)
	}
	seqFive := inScope
	seqFive.Seq = 5
	second := f.write(domain.KindAttendance, domain.AttendanceID(domain.SessionID("a2", "2026-11-20"), "zed"), "status", "present")
	second.Seq = 2
	bomb := gz(bytes.Repeat([]byte(" "), protocol.MaxInflatedBytes+10))
	// The office device is enrolled without the administrator role.
	officeInvite := protocol.FromRecord(1, record.Write{Kind: domain.KindStaff, ID: "st2", Field: "invite", Value: `{"pub":"x"}`,
		Stamp: hlc.NewClock("office", f.env.Clock.Now).Now(), Staff: "s"})

	cases := []struct {
		name   string
		path   string
		token  string
		body   []byte
		plain  bool // not gzip
		status int
		code   string
	}{
		{"malformed JSON", protocol.PathPush, f.tablet.Token, gz([]byte(`{"schema":1,"writes":[{`)), false, 400, protocol.CodeBadRequest},
		{"says gzip, is not", protocol.PathPush, f.tablet.Token, []byte(`{"schema":1}`), false, 400, protocol.CodeBadRequest},
		{"plain JSON with bad types", protocol.PathPush, f.tablet.Token, []byte(`{"schema":"one"}`), true, 400, protocol.CodeBadRequest},
		{"two JSON values", protocol.PathPull, f.tablet.Token, gz([]byte(`{"schema":1} {"schema":1}`)), false, 400, protocol.CodeBadRequest},
		{"no schema", protocol.PathPush, f.tablet.Token, jsonBody(map[string]any{"writes": []any{}}), false, 400, protocol.CodeBadRequest},
		{"old schema", protocol.PathPull, f.tablet.Token, jsonBody(map[string]any{"schema": -1}), false, 426, protocol.CodeUpdateRequired},
		{"newer schema", protocol.PathPush, f.tablet.Token, jsonBody(map[string]any{"schema": protocol.Schema + 1}), false, 409, protocol.CodeServerTooOld},
		{"oversized body", protocol.PathPush, f.tablet.Token, bytes.Repeat([]byte("x"), protocol.MaxBodyBytes+100), true, 413, protocol.CodeTooLarge},
		{"zip bomb", protocol.PathPush, f.tablet.Token, bomb, false, 413, protocol.CodeTooLarge},
		{"too many writes", protocol.PathPush, f.tablet.Token, push(tooMany...), false, 413, protocol.CodeTooLarge},
		{"missing token", protocol.PathPush, "", push(inScope), false, 401, protocol.CodeNotEnrolled},
		{"unknown token", protocol.PathPull, "not-a-token", jsonBody(protocol.PullRequest{Schema: 1}), false, 401, protocol.CodeNotEnrolled},
		{"revoked token push", protocol.PathPush, f.revoked.Token, push(inScope), false, 403, protocol.CodeRevoked},
		{"revoked token pull", protocol.PathPull, f.revoked.Token, jsonBody(protocol.PullRequest{Schema: 1}), false, 403, protocol.CodeRevoked},
		{"another venue's mark", protocol.PathPush, f.tablet.Token, push(f.write(domain.KindAttendance, domain.AttendanceID(domain.SessionID("a2", "2026-11-20"), "zed"), "venue_id", f.v2)), false, 403, protocol.CodeOutOfScope},
		{"mark derived from another venue's activity", protocol.PathPush, f.tablet.Token, push(f.write(domain.KindAttendance, domain.AttendanceID(domain.SessionID("a2", "2026-11-20"), "zed"), "status", "present")), false, 403, protocol.CodeOutOfScope},
		{"in-scope write batched with an out-of-scope one", protocol.PathPush, f.tablet.Token, push(inScope, second), false, 403, protocol.CodeOutOfScope},
		{"case field of a person", protocol.PathPush, f.tablet.Token, push(f.write(domain.KindPerson, "ann", "nhs_number", "943 476 5919")), false, 403, protocol.CodeOutOfScope},
		{"walk-in field of a person the server holds", protocol.PathPush, f.tablet.Token, push(f.write(domain.KindPerson, "zed", "phone", "07700 900111")), false, 403, protocol.CodeOutOfScope},
		{"a merge from a venue tablet", protocol.PathPush, f.tablet.Token, push(f.write(domain.KindPerson, "newcomer", "merged_into", "zed")), false, 403, protocol.CodeOutOfScope},
		{"a new person's NHS number", protocol.PathPush, f.tablet.Token, push(f.write(domain.KindPerson, "newcomer", "nhs_number", "943 476 5919")), false, 403, protocol.CodeOutOfScope},
		{"referral", protocol.PathPush, f.tablet.Token, push(f.write(domain.KindReferral, "r1", "person_id", "ann")), false, 403, protocol.CodeOutOfScope},
		{"another venue", protocol.PathPush, f.tablet.Token, push(f.write(domain.KindVenue, f.v2, "name", "Mine now")), false, 403, protocol.CodeOutOfScope},
		{"a person at another venue", protocol.PathPush, f.tablet.Token, push(f.write(domain.KindPerson, "zed", "given_name", "Zedd")), false, 403, protocol.CodeOutOfScope},
		{"activity without venue", protocol.PathPush, f.tablet.Token, push(f.write(domain.KindActivity, "a9", "name", "Mystery")), false, 403, protocol.CodeOutOfScope},
		{"staff made administrator", protocol.PathPush, f.tablet.Token, push(f.write(domain.KindStaff, "st1", "role", domain.RoleAdministrator)), false, 403, protocol.CodeOutOfScope},
		{"staff given a setup code", protocol.PathPush, f.tablet.Token, push(f.write(domain.KindStaff, "st1", "invite", `{"pub":"x"}`)), false, 403, protocol.CodeOutOfScope},
		{"setup code from an organisation device not enrolled as an administrator's", protocol.PathPush, f.office.Token, push(officeInvite), false, 403, protocol.CodeOutOfScope},
		{"photo consent set on a tablet", protocol.PathPush, f.tablet.Token, push(f.write(domain.KindPerson, "ann", "photo_consent", "true")), false, 403, protocol.CodeOutOfScope},
		{"staff given venues", protocol.PathPush, f.tablet.Token, push(f.write(domain.KindStaff, "st1", "venues", `["v1"]`)), false, 403, protocol.CodeOutOfScope},
		{"unknown kind", protocol.PathPush, f.tablet.Token, push(f.write("spaceship", "x", "name", "y")), false, 403, protocol.CodeOutOfScope},
		{"conflict record", protocol.PathPush, f.tablet.Token, push(f.write(domain.KindConflict, "c", "resolved", "winner")), false, 403, protocol.CodeOutOfScope},
		{"clock ten minutes ahead", protocol.PathPush, f.tablet.Token, push(ahead), false, 422, protocol.CodeClockAhead},
		{"empty kind", protocol.PathPush, f.tablet.Token, push(protocol.Write{Seq: 1, ID: "x", Field: "f", Stamp: "1.0@d"}), false, 400, protocol.CodeBadRequest},
		{"bad stamp", protocol.PathPush, f.tablet.Token, push(protocol.Write{Seq: 1, Kind: "venue", ID: "v1", Field: "f", Stamp: "yesterday"}), false, 400, protocol.CodeBadRequest},
		{"sequence not increasing", protocol.PathPush, f.tablet.Token, push(inScope, inScope), false, 400, protocol.CodeBadRequest},
		{"sequence gap", protocol.PathPush, f.tablet.Token, push(seqFive), false, 409, protocol.CodeSequenceGap},
		{"huge page", protocol.PathPull, f.tablet.Token, jsonBody(protocol.PullRequest{Schema: 1, Limit: 1 << 30}), false, 400, protocol.CodeBadRequest},
		{"stale epoch", protocol.PathPull, f.tablet.Token, jsonBody(protocol.PullRequest{Schema: 1, Epoch: "old", After: 3}), false, 409, protocol.CodeEpochChanged},
		{"enrol without code", protocol.PathEnrol, "", jsonBody(protocol.EnrolRequest{Schema: 1, DeviceID: "d"}), false, 400, protocol.CodeBadRequest},
		{"admin without admin token", protocol.PathAdminRevoke, f.tablet.Token, jsonBody(protocol.RevokeRequest{Schema: 1, DeviceID: "office"}), false, 403, protocol.CodeForbidden},
		{"no such endpoint", "/v1/nothing", f.tablet.Token, nil, false, 404, protocol.CodeNotFound},
	}
	// The same refusals for pushes in the compact form (names starting
	// "compact": sent as protocol.ContentTypePush).
	compact := func(req protocol.PushRequest, ws ...protocol.Write) []byte {
		var seqs []uint64
		var rws []record.Write
		for _, w := range ws {
			rw, _ := w.ToRecord()
			if w.Stamp == "" {
				rw = record.Write{Kind: record.Kind(w.Kind), ID: w.ID, Field: w.Field, Value: w.Value} // no stamp
			}
			seqs, rws = append(seqs, w.Seq), append(rws, rw)
		}
		var buf bytes.Buffer
		if err := protocol.EncodePush(&buf, &req, seqs, rws); err != nil {
			t.Fatal(err)
		}
		return buf.Bytes()
	}
	head := protocol.PushRequest{Schema: protocol.Schema, Epoch: f.env.Store.Epoch()}
	tooManyCompact := make([]protocol.Write, protocol.MaxCompactPushWrites+1)
	for i := range tooManyCompact {
		tooManyCompact[i] = inScope
		tooManyCompact[i].Seq = uint64(i + 1)
	}
	withWrites := head
	withWrites.Writes = []protocol.Write{inScope}
	hj, _ := json.Marshal(withWrites)
	writesInHeader := gz(append(append(binary.AppendUvarint([]byte("GATHER-PUSH-1\n"), uint64(len(hj))), hj...), 0))
	noStamp := inScope
	noStamp.Stamp = ""
	cases = append(cases, []struct {
		name   string
		path   string
		token  string
		body   []byte
		plain  bool
		status int
		code   string
	}{
		{"compact: garbage", protocol.PathPush, f.tablet.Token, gz([]byte("GATHER-PUSH-1\n\xff\xff")), false, 400, protocol.CodeBadRequest},
		{"compact: not a push", protocol.PathPush, f.tablet.Token, jsonBody(head), false, 400, protocol.CodeBadRequest},
		{"compact: no schema", protocol.PathPush, f.tablet.Token, compact(protocol.PushRequest{}, inScope), false, 400, protocol.CodeBadRequest},
		{"compact: writes in the header", protocol.PathPush, f.tablet.Token, writesInHeader, false, 400, protocol.CodeBadRequest},
		{"compact: no stamp", protocol.PathPush, f.tablet.Token, compact(head, noStamp), false, 400, protocol.CodeBadRequest},
		{"compact: too many writes", protocol.PathPush, f.tablet.Token, compact(head, tooManyCompact...), false, 413, protocol.CodeTooLarge},
		{"compact: zip bomb", protocol.PathPush, f.tablet.Token, bomb, false, 413, protocol.CodeTooLarge},
		{"compact: in-scope write batched with an out-of-scope one", protocol.PathPush, f.tablet.Token, compact(head, inScope, second), false, 403, protocol.CodeOutOfScope},
		{"compact: case field of a person", protocol.PathPush, f.tablet.Token, compact(head, f.write(domain.KindPerson, "ann", "nhs_number", "943 476 5919")), false, 403, protocol.CodeOutOfScope},
		{"compact: clock ten minutes ahead", protocol.PathPush, f.tablet.Token, compact(head, ahead), false, 422, protocol.CodeClockAhead},
		{"compact: sequence gap", protocol.PathPush, f.tablet.Token, compact(head, seqFive), false, 409, protocol.CodeSequenceGap},
	}...)
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			head := f.env.Store.Head()
			before := deviceSeqs(f.env.Store)
			req, _ := http.NewRequest(http.MethodPost, f.env.URL+tc.path, bytes.NewReader(tc.body))
			req.Header.Set("Content-Type", "application/json")
			if strings.HasPrefix(tc.name, "compact") {
				req.Header.Set("Content-Type", protocol.ContentTypePush)
			}
			if !tc.plain {
				req.Header.Set("Content-Encoding", "gzip")
			}
			if tc.token != "" {
				req.Header.Set("Authorization", "Bearer "+tc.token)
			}
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			var perr protocol.Error
			raw, _ := io.ReadAll(resp.Body)
			if err := protocol.DecodeBytes(raw, resp.Header.Get("Content-Encoding") == "gzip", 1<<20, &perr); err != nil {
				t.Fatalf("the answer is not a JSON error: %v (%q)", err, raw)
			}
			if resp.StatusCode != tc.status || perr.Code != tc.code {
				t.Errorf("got %d %s (%s), want %d %s", resp.StatusCode, perr.Code, perr.Message, tc.status, tc.code)
			}
			if len(perr.Message) < 20 {
				t.Errorf("message %q does not tell a person what to do", perr.Message)
			}
			if f.env.Store.Head() != head {
				t.Error("the server's log changed")
			}
			if after := deviceSeqs(f.env.Store); after != before {
				t.Errorf("device sequences changed: %s -> %s", before, after)
			}
			for _, id := range []string{"ann", "a9", "x", "r1", "c", "st1", "newcomer"} {
				for _, kind := range []record.Kind{domain.KindPerson, domain.KindActivity, domain.KindReferral, domain.KindConflict, domain.KindStaff, "spaceship"} {
					if e, _ := f.env.Store.Entity(kind, id); len(e.Fields) > 0 {
						t.Errorf("%s %s was saved", kind, id)
					}
				}
			}
			if e, _ := f.env.Store.Entity(domain.KindAttendance, domain.AttendanceID(domain.SessionID("a1", "2026-11-20"), "ann")); len(e.Fields) > 0 {
				t.Error("the in-scope write of a refused batch was saved")
			}
			if tc.code == protocol.CodeOutOfScope && perr.RefusedSeq == 0 {
				t.Error("an out-of-scope refusal does not say which write")
			}
			if strings.HasSuffix(tc.name, "in-scope write batched with an out-of-scope one") && perr.RefusedSeq != 2 {
				t.Errorf("refused write %d, want 2", perr.RefusedSeq)
			}
			if tc.code == protocol.CodeSequenceGap && perr.ExpectedSeq != 1 {
				t.Errorf("expected sequence %d, want 1", perr.ExpectedSeq)
			}
		})
	}
	// The tablet can still do what it may, in the compact form too, and
	// every answer to a push or a pull says the server takes that form.
	req, _ := http.NewRequest(http.MethodPost, f.env.URL+protocol.PathPush, bytes.NewReader(compact(head, inScope)))
	req.Header.Set("Content-Type", protocol.ContentTypePush)
	req.Header.Set("Content-Encoding", "gzip")
	req.Header.Set("Authorization", "Bearer "+f.tablet.Token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	var compactOK protocol.PushResponse
	if err := protocol.Decode(resp.Body, resp.Header.Get("Content-Encoding") == "gzip", 1<<20, 1<<20, &compactOK); err != nil || resp.StatusCode != 200 || compactOK.AckedSeq != 1 {
		t.Fatalf("compact in-scope push: %d %+v %v", resp.StatusCode, compactOK, err)
	}
	resp.Body.Close()
	if got := resp.Header.Get(protocol.AcceptPost); !strings.Contains(got, protocol.ContentTypePush) {
		t.Errorf("a push's answer says Accept-Post %q", got)
	}
	if e, _ := f.env.Store.Entity(domain.KindAttendance, domain.AttendanceID(domain.SessionID("a1", "2026-11-20"), "ann")); e.Get("venue_id") != f.v1 {
		t.Error("the compact push was not saved")
	}
	var ok protocol.PushResponse
	if _, err := f.tablet.Do(protocol.PathPush, &protocol.PushRequest{Schema: 1, Epoch: f.env.Store.Epoch(), Writes: []protocol.Write{inScope}}, &ok); err != nil || ok.AckedSeq != 1 {
		t.Fatalf("in-scope push: %+v %v", ok, err)
	}
}

func deviceSeqs(s *server.Store) string {
	var b strings.Builder
	for _, d := range s.Devices() {
		fmt.Fprintf(&b, "%s=%d ", d.ID, d.LastSeq)
	}
	return b.String()
}
