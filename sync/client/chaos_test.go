package client_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"os"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/gather-sp/gather/domain"
	"github.com/gather-sp/gather/hlc"
	"github.com/gather-sp/gather/record"
	"github.com/gather-sp/gather/sync/client"
	"github.com/gather-sp/gather/sync/internal/testenv"
	"github.com/gather-sp/gather/sync/protocol"
	"github.com/gather-sp/gather/sync/server"
)

// faultyTransport drops, duplicates, delays and reorders requests and
// responses, by a seeded random source so a failing run replays.
type faultyTransport struct {
	mu      sync.Mutex
	rng     *rand.Rand
	on      atomic.Bool
	next    http.RoundTripper
	history []recorded // recent requests, replayed late to reorder them
	faults  map[string]int
}

type recorded struct {
	url    string
	header http.Header
	body   []byte
}

var errChaos = errors.New("chaos: connection lost")

func newFaultyTransport(seed uint64) *faultyTransport {
	t := &faultyTransport{rng: rand.New(rand.NewPCG(seed, 7)), next: http.DefaultTransport, faults: map[string]int{}}
	t.on.Store(true)
	return t
}

func (t *faultyTransport) send(r recorded) (*http.Response, error) {
	req, err := http.NewRequest(http.MethodPost, r.url, bytes.NewReader(r.body))
	if err != nil {
		return nil, err
	}
	req.Header = r.header.Clone()
	return t.next.RoundTrip(req)
}

func discard(resp *http.Response, err error) {
	if err == nil {
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
	}
}

func (t *faultyTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	body, err := io.ReadAll(req.Body)
	req.Body.Close()
	if err != nil {
		return nil, err
	}
	cur := recorded{url: req.URL.String(), header: req.Header.Clone(), body: body}
	if !t.on.Load() {
		return t.send(cur)
	}
	t.mu.Lock()
	roll := t.rng.IntN(100)
	var old *recorded
	if len(t.history) > 0 {
		h := t.history[t.rng.IntN(len(t.history))]
		old = &h
	}
	delay := time.Duration(t.rng.IntN(3)) * time.Millisecond
	t.history = append(t.history, cur)
	if len(t.history) > 16 {
		t.history = t.history[1:]
	}
	t.mu.Unlock()
	count := func(what string) {
		t.mu.Lock()
		t.faults[what]++
		t.mu.Unlock()
	}
	switch {
	case roll < 10: // the request never arrives
		count("drop request")
		return nil, errChaos
	case roll < 20: // it arrives, the answer is lost
		count("drop response")
		discard(t.send(cur))
		return nil, errChaos
	case roll < 30: // it arrives twice
		count("duplicate")
		discard(t.send(cur))
	case roll < 40 && old != nil: // an old request turns up late, before this one
		count("reorder")
		discard(t.send(*old))
	case roll < 45:
		count("delay")
		time.Sleep(delay)
	}
	return t.send(cur)
}

// chaosDevice is a device in the simulation.
type chaosDevice struct {
	*testenv.Device
	scope     protocol.Scope
	skew      atomic.Int64 // clock skew in ns
	transport *faultyTransport
}

// TestChaos runs the seeded simulation over many seeds. To replay one:
//
//	go test ./sync/client -run 'TestChaos/seed=17$' -v
//
// GATHER_CHAOS_SEEDS sets how many seeds run (default 20, 4 with -short).
func TestChaos(t *testing.T) {
	seeds := 20
	if testing.Short() {
		seeds = 4
	}
	if s, err := strconv.Atoi(os.Getenv("GATHER_CHAOS_SEEDS")); err == nil {
		seeds = s
	}
	for seed := 1; seed <= seeds; seed++ {
		t.Run(fmt.Sprintf("seed=%d", seed), func(t *testing.T) {
			t.Parallel()
			runChaos(t, uint64(seed))
			if t.Failed() {
				t.Logf("replay with: go test ./sync/client -run 'TestChaos/seed=%d$' -v", seed)
			}
		})
	}
}

func runChaos(t *testing.T, seed uint64) {
	rng := rand.New(rand.NewPCG(seed, 1))
	env := testenv.Start(t, server.Options{})
	env.Clock.Set(time.Date(2026, 11, 20, 9, 0, 0, 0, time.UTC))
	v1, v2 := env.Venue("v1", "Garden"), env.Venue("v2", "Arts Centre")
	activityAt := map[string]string{v1: "garden-club", v2: "craft-club"}

	newDevice := func(name string, scope protocol.Scope, skew time.Duration) *chaosDevice {
		d := &chaosDevice{scope: scope, transport: newFaultyTransport(seed*100 + uint64(len(name)))}
		d.skew.Store(int64(skew))
		opts := client.Options{HTTPClient: testenv.HTTPClient(d.transport), PushBatch: 7, PageSize: 5, Seed: seed}
		d.transport.on.Store(false) // enrol cleanly
		d.Device = env.NewDevice(name, scope, opts, func() time.Time { return env.Clock.Now().Add(time.Duration(d.skew.Load())) })
		d.transport.on.Store(true)
		return d
	}
	office := newDevice("office", org, 0)
	devices := []*chaosDevice{office,
		newDevice("tablet-1a", protocol.Scope{Venues: []string{v1}}, -3*time.Minute),
		newDevice("tablet-1b", protocol.Scope{Venues: []string{v1}}, 8*time.Minute), // ahead: refused until fixed
		newDevice("tablet-2", protocol.Scope{Venues: []string{v2}}, 90*time.Second),
	}
	// The devices were enrolled just now. A walk-in a tablet registers in
	// the first minutes after its enrolment, whose mark is held up while
	// the office puts them on another venue's register, is refused
	// (mayEnrol: the server cannot tell it from a card written under an
	// earlier enrolment); the simulation starts past those minutes.
	env.Clock.Advance(10 * time.Minute)
	office.Save(domain.KindActivity, activityAt[v1], map[string]string{"name": "Garden club", "venue_id": v1})
	office.Save(domain.KindActivity, activityAt[v2], map[string]string{"name": "Craft club", "venue_id": v2})
	people := []string{}
	for i := range 6 {
		p := fmt.Sprint("p", i)
		people = append(people, p)
		office.Save(domain.KindPerson, p, map[string]string{"given_name": p, "nhs_number": fmt.Sprint(900 + i)})
		venue := []string{v1, v2}[i%2]
		office.Save(domain.KindEnrolment, domain.EnrolmentID(activityAt[venue], p), map[string]string{
			"activity_id": activityAt[venue], "person_id": p, "venue_id": venue})
	}

	// Every write a device ever queued, to check none is lost. A restored
	// or cloned store numbers writes again, so the key is the write itself.
	type key struct {
		dev, id, field string
		seq            uint64
		stamp          hlc.Timestamp
	}
	queued := map[key]record.Write{}
	collect := func(d *chaosDevice) {
		ps, err := d.Store.PendingWrites(0, 1<<20)
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range ps {
			queued[key{d.Store.Device(), p.Write.ID, p.Write.Field, p.Seq, p.Write.Stamp}] = p.Write
		}
	}
	onServer := func(w record.Write) bool {
		e, err := env.Store.Entity(w.Kind, w.ID)
		if err != nil {
			t.Fatal(err)
		}
		f, ok := e.Fields[w.Field]
		return ok && f.Stamp.Compare(w.Stamp) >= 0 || e.Erased()
	}

	// A hostile venue-1 tablet: it sends marks and sessions of venue 2's
	// activity under its own venue id, and notes with boundary stamps.
	hostile, err := env.NewRaw(fmt.Sprint("hostile-", seed), protocol.Scope{Venues: []string{v1}}, nil)
	if err != nil {
		t.Fatal(err)
	}
	hostile.Clock = hlc.NewClock(hostile.ID, env.Clock.Now)
	var hostileSeq uint64
	hostilePush := func(ws ...record.Write) {
		req := protocol.PushRequest{Schema: protocol.Schema, Epoch: env.Store.Epoch(), Rebase: true}
		for _, w := range ws {
			hostileSeq++
			req.Writes = append(req.Writes, protocol.FromRecord(hostileSeq, w))
		}
		var resp protocol.PushResponse
		hostile.Do(protocol.PathPush, &req, &resp) // refusals are the point
	}

	// Earlier copies of device folders, for restores; a clone joins later.
	snapshots := map[*chaosDevice]string{}
	var clone *chaosDevice
	restores, reconnected := 0, 0
	collect(office)
	ctx := context.Background()
	dates := []string{"2026-11-20", "2026-11-27", "2026-12-04"}
	statuses := domain.AttendanceStatuses
	walkIns := 0

	for step := 0; step < 120; step++ {
		env.Clock.Advance(time.Duration(1+rng.IntN(10)) * time.Second)
		d := devices[rng.IntN(len(devices))]
		switch roll := rng.IntN(100); {
		case roll < 35: // take the register
			venue := v1
			if !d.scope.Organisation {
				venue = d.scope.Venues[0]
			} else if rng.IntN(2) == 0 {
				venue = v2
			}
			act, date := activityAt[venue], dates[rng.IntN(len(dates))]
			person := people[rng.IntN(len(people))]
			if !d.scope.Organisation && !d.Has(domain.KindPerson, person) {
				// A tablet's register finds only people it holds: those
				// it may see and its own walk-ins (the server refuses
				// anyone else, mayEnrol).
				continue
			}
			if !d.Has(domain.KindActivity, act) {
				// A tablet's Today lists only activities it holds (the
				// server answers a mark of any other as not at its venues,
				// activity_unknown, and the tablet sets it aside).
				continue
			}
			session := domain.SessionID(act, date)
			d.Save(domain.KindSession, session, map[string]string{"activity_id": act, "venue_id": venue, "date": date})
			d.Save(domain.KindAttendance, domain.AttendanceID(session, person), map[string]string{
				"session_id": session, "person_id": person, "activity_id": act, "venue_id": venue,
				"date": date, "status": statuses[rng.IntN(len(statuses))]})
		case roll < 42: // a walk-in at a venue
			if d.scope.Organisation || !d.Has(domain.KindActivity, activityAt[d.scope.Venues[0]]) {
				continue // a walk-in is marked on an activity the tablet holds
			}
			walkIns++
			p := fmt.Sprintf("walkin-%d-%d", seed, walkIns)
			venue, date := d.scope.Venues[0], dates[rng.IntN(len(dates))]
			act := activityAt[venue]
			session := domain.SessionID(act, date)
			d.Save(domain.KindPerson, p, map[string]string{"given_name": "Walk-in", "access_needs": "none"})
			d.Save(domain.KindAttendance, domain.AttendanceID(session, p), map[string]string{
				"session_id": session, "person_id": p, "activity_id": act, "venue_id": venue, "date": date, "status": domain.StatusPresent})
			people = append(people, p)
		case roll < 50: // edit a card the device holds
			p := people[rng.IntN(len(people))]
			if !d.Has(domain.KindPerson, p) {
				continue
			}
			d.Save(domain.KindPerson, p, map[string]string{"access_needs": fmt.Sprint("needs-", rng.IntN(5))})
		case roll < 56: // case work at the office
			p := people[rng.IntN(len(people))]
			if !office.Has(domain.KindPerson, p) {
				continue // a walk-in the office has not received: it cannot know their id
			}
			office.Save(domain.KindPerson, p, map[string]string{"phone": fmt.Sprint("0770", rng.IntN(1000))})
			office.Save(domain.KindReferral, "ref-"+p, map[string]string{"person_id": p, "status": fmt.Sprint("s", rng.IntN(3))})
			d = office
		case roll < 60: // the office enrols someone at a venue
			p := people[rng.IntN(len(people))]
			if !office.Has(domain.KindPerson, p) {
				continue
			}
			venue := []string{v1, v2}[rng.IntN(2)]
			office.Save(domain.KindEnrolment, domain.EnrolmentID(activityAt[venue], p), map[string]string{
				"activity_id": activityAt[venue], "person_id": p, "venue_id": venue})
			d = office
		case roll < 88:
			d.Client.SyncOnce(ctx) // faults make errors normal here
		case roll < 93: // the device crashes and restarts
			collect(d)
			d.Restart()
		case roll < 95:
			env.Restart()
		case roll < 97: // a hostile tablet tries its luck
			act2, date := activityAt[v2], dates[rng.IntN(len(dates))]
			session := domain.SessionID(act2, date)
			person := people[rng.IntN(len(people))]
			if e, err := env.Store.Entity(domain.KindPerson, person); err != nil || len(e.Fields) == 0 {
				// An id the server does not hold yet (a walk-in not
				// synced) is known only to the device that made it.
				continue
			}
			mark := domain.AttendanceID(session, person)
			now := hostile.Clock.Now()
			boundary := hlc.Timestamp{Wall: now.Wall + int64(4*time.Minute/time.Millisecond), Counter: []uint32{hlc.MaxCounter, hlc.MaxCounter + 1, 1<<32 - 1}[rng.IntN(3)], Device: hostile.ID}
			own := domain.AttendanceID(domain.SessionID(activityAt[v1], date), person)
			switch rng.IntN(3) {
			case 0:
				hostilePush(record.Write{Kind: domain.KindSession, ID: session, Field: "venue_id", Value: v1, Stamp: now, Staff: "x"},
					record.Write{Kind: domain.KindSession, ID: session, Field: "cancelled", Value: "true", Stamp: hostile.Clock.Now(), Staff: "x"})
			case 1:
				hostilePush(record.Write{Kind: domain.KindAttendance, ID: mark, Field: "venue_id", Value: v1, Stamp: now, Staff: "x"},
					record.Write{Kind: domain.KindAttendance, ID: mark, Field: "note", Value: "hostile", Stamp: hostile.Clock.Now(), Staff: "x"})
			default:
				hostilePush(record.Write{Kind: domain.KindAttendance, ID: own, Field: "note", Value: "boundary", Stamp: boundary, Staff: "x"})
			}
			continue
		case roll < 98 && d != clone: // someone copies the device's folder
			snapshots[d] = d.Snapshot()
		case roll < 98:
		default:
			for _, c := range devices {
				if snapshots[c] != "" {
					d = c // a device someone copied earlier
					break
				}
			}
			if snap := snapshots[d]; snap != "" {
				// The folder is put back from the earlier copy. What the
				// device saved since and never sent is lost with the folder
				// (that is the restore, not sync); everything else must arrive.
				for k, w := range queued {
					if k.dev == d.Store.Device() && !onServer(w) {
						delete(queued, k)
					}
				}
				d.PutBack(snap)
				delete(snapshots, d)
				restores++
				break
			}
			env.Clock.Advance(time.Duration(rng.IntN(120)) * time.Second)
		}
		if step == 40 { // tablet-2's folder is copied onto a second live tablet
			src := devices[3]
			clone = &chaosDevice{scope: src.scope, transport: newFaultyTransport(seed*100 + 99)}
			clone.skew.Store(src.skew.Load())
			clone.transport.on.Store(true)
			clone.Device = src.Clone("tablet-2-copy", client.Options{HTTPClient: testenv.HTTPClient(clone.transport), PushBatch: 7, PageSize: 5, Seed: seed},
				func() time.Time { return env.Clock.Now().Add(time.Duration(clone.skew.Load())) })
			delete(snapshots, src)
			devices = append(devices, clone)
			collect(clone)
		}
		collect(d)
	}

	// The tablet whose clock runs 8 minutes ahead is refused with a clear
	// message for what it marks now. (Its older marks may have gone through
	// already: the server's clock caught up with their stamps.)
	ahead := devices[2]
	session := domain.SessionID(activityAt[v1], dates[0])
	ahead.Save(domain.KindAttendance, domain.AttendanceID(session, "p0"), map[string]string{"session_id": session, "person_id": "p0",
		"activity_id": activityAt[v1], "venue_id": v1, "date": dates[0], "note": fmt.Sprint("ahead ", seed)})
	collect(ahead)
	ahead.transport.on.Store(false)
	if err := ahead.Client.SyncOnce(ctx); err == nil {
		t.Error("a tablet 8 minutes ahead synced a fresh change")
	}
	if st := ahead.Client.Status(); st.State != client.StateError || !contains(st.Err, "clock") {
		t.Errorf("a tablet 8 minutes ahead got status %+v", st)
	}

	// Settle: the network heals, clocks are fixed, time passes.
	for _, d := range devices {
		d.transport.on.Store(false)
		d.skew.Store(0)
	}
	env.Clock.Advance(10 * time.Minute)
	for round := 0; ; round++ {
		if round == 8 {
			t.Fatal("the devices did not settle in 8 rounds")
		}
		head := env.Store.Head()
		for _, d := range devices {
			err := d.Client.SyncOnce(ctx)
			var perr *protocol.Error
			if errors.As(err, &perr) && perr.Code == protocol.CodeDeviceCloned {
				// One of the two copies is refused, in words; a person connects
				// it again with a new code, as the message says.
				reconnected++
				if err := d.Client.Connect(ctx, env.URL, env.Code(d.scope)); err != nil {
					t.Fatalf("%s: connecting the refused copy again: %v", d.Name, err)
				}
				err = d.Client.SyncOnce(ctx)
			}
			if err != nil {
				t.Fatalf("%s: settling sync: %v (%+v)", d.Name, err, d.Client.Status())
			}
		}
		idle := env.Store.Head() == head
		for _, d := range devices {
			idle = idle && d.Store.PendingCount() == 0
		}
		if idle {
			break
		}
	}

	// Every write any device queued is on the server, or something newer is.
	for k, w := range queued {
		if !onServer(w) {
			e, _ := env.Store.Entity(w.Kind, w.ID)
			t.Errorf("write %d of %s (%s %s.%s=%q at %s) is not on the server (has %+v)", k.seq, k.dev, w.Kind, w.ID, w.Field, w.Value, w.Stamp, e.Fields[w.Field])
		}
	}
	// The hostile tablet changed nothing of venue 2, and no stamp on the
	// server carries a counter beyond the bound.
	for _, d := range devices {
		for _, pe := range pullAll(t, env, d.Device) {
			e, err := record.DecodeEntity(record.Kind(pe.Kind), pe.ID, pe.State, nil)
			if err != nil {
				t.Fatal(err)
			}
			for f, st := range e.Fields {
				if st.Stamp.Counter > hlc.MaxCounter {
					t.Errorf("%s %s.%s carries counter %d", e.Kind, e.ID, f, st.Stamp.Counter)
				}
				if st.Stamp.Device == hostile.ID && (e.Get("venue_id") == v2 || strings.HasPrefix(e.ID, activityAt[v2])) {
					t.Errorf("the hostile venue-1 tablet changed venue 2's %s %s.%s = %q", e.Kind, e.ID, f, st.Value)
				}
			}
		}
	}
	// Every device holds exactly what the server would send it.
	for _, d := range devices {
		for _, pe := range pullAll(t, env, d.Device) {
			want, err := record.DecodeEntity(record.Kind(pe.Kind), pe.ID, pe.State, nil)
			if err != nil {
				t.Fatal(err)
			}
			got, err := d.Store.Entity(want.Kind, want.ID)
			if err != nil {
				t.Fatal(err)
			}
			for f, ws := range want.Fields {
				gs := got.Fields[f]
				if gs.Value != ws.Value || gs.Stamp != ws.Stamp {
					t.Errorf("%s: %s %s.%s = %q@%s, server has %q@%s", d.Name, want.Kind, want.ID, f, gs.Value, gs.Stamp, ws.Value, ws.Stamp)
				}
			}
		}
		if d.scope.Organisation {
			continue
		}
		for _, e := range pullAllLocal(t, d.Device) {
			for f := range e.Fields {
				if domain.IsCaseData(e.Kind, f) {
					t.Errorf("%s holds case data %s %s.%s", d.Name, e.Kind, e.ID, f)
				}
			}
			if v := e.Get("venue_id"); v != "" && !d.scope.HasVenue(v) {
				t.Errorf("%s holds %s %s of venue %s", d.Name, e.Kind, e.ID, v)
			}
		}
	}
	t.Logf("%d restores from an earlier copy, %d cloned copy connected again", restores, reconnected)
	if t.Failed() {
		for _, d := range devices {
			t.Logf("%s faults: %v", d.Name, d.transport.faults)
		}
	}
}
