package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/gather-sp/gather/domain"
	"github.com/gather-sp/gather/hlc"
	"github.com/gather-sp/gather/internal/pgtest"
	"github.com/gather-sp/gather/record"
	"github.com/gather-sp/gather/sync/protocol"
	"github.com/gather-sp/gather/sync/server"
	"github.com/gather-sp/gather/sync/server/badgerstore"
	"github.com/gather-sp/gather/sync/server/pgstore"
)

// The load test (make bench): 2,000 simulated venue tablets over 100 venues
// push registers and pull, their requests spread over the server processes
// by a round-robin balancer, while one process is killed with SIGKILL and
// started again. Then: no acknowledged write is lost, and every tablet's
// view equals the server's view of its venue. Two processes on one
// PostgreSQL database, and one Badger process, in the same run.
const (
	loadDevices = 2000
	loadVenues  = 100
	loadRounds  = 3  // registers each tablet pushes, each followed by a pull
	loadMarks   = 15 // marks in a register, 7 fields each
	loadWorkers = 64 // tablets syncing at once
)

func BenchmarkLoadTwoProcessesOnPostgreSQL(b *testing.B) {
	for range b.N {
		url := pgtest.NewDatabase(b)
		open := func() (*server.Store, error) {
			return pgstore.OpenStore(context.Background(), url, pgstore.Options{}, server.StoreOptions{})
		}
		env := append(os.Environ(), dbEnv+"="+url)
		runLoad(b, open, 2, func(addr string) []string { return []string{"serve", "--addr", addr} }, env)
	}
}

func BenchmarkLoadOneBadgerProcess(b *testing.B) {
	for range b.N {
		data := b.TempDir()
		key := hexKey()
		env := append(os.Environ(), badgerstore.KeyEnv+"="+key)
		open := func() (*server.Store, error) {
			k, _ := badgerstore.ParseKey([]byte(key))
			return badgerstore.OpenStore(data, badgerstore.Options{EncryptionKey: k}, server.StoreOptions{})
		}
		runLoad(b, open, 1, func(addr string) []string { return []string{"serve", "--data", data, "--addr", addr} }, env)
	}
}

func hexKey() string { return fmt.Sprintf("%x", badgerstore.NewKey()) }

// loadProc is a server process the load test may kill and start again.
type loadProc struct {
	args []string
	env  []string
	addr string
	cmd  *exec.Cmd
	logs *logBuffer
}

func (p *loadProc) start(tb testing.TB) {
	tb.Helper()
	p.cmd = exec.Command(os.Args[0], p.args...)
	p.cmd.Env = append(p.env, "GATHER_SERVER_CHILD=1")
	p.logs = &logBuffer{}
	p.cmd.Stderr = p.logs
	if err := p.cmd.Start(); err != nil {
		tb.Fatal(err)
	}
	for range 1000 {
		if resp, err := http.Get("http://" + p.addr + protocol.PathHealth); err == nil {
			resp.Body.Close()
			return
		}
		time.Sleep(10 * time.Millisecond)
	}
	tb.Fatalf("the server did not start: %s", p.logs)
}

func (p *loadProc) kill9() {
	p.cmd.Process.Signal(os.Kill)
	p.cmd.Wait()
}

func freeAddr(tb testing.TB) string {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		tb.Fatal(err)
	}
	defer l.Close()
	return l.Addr().String()
}

// lbClient sends each request to the next process, and on a refused
// connection (a killed process) to the one after.
type lbClient struct {
	hosts []string
	n     atomic.Int64
}

func (c *lbClient) call(path, token string, in, out any) (int, error) {
	body, err := protocol.Encode(in)
	if err != nil {
		return 0, err
	}
	var lastErr error
	for try := range 200 {
		host := c.hosts[int(c.n.Add(1))%len(c.hosts)]
		req, _ := http.NewRequest(http.MethodPost, "http://"+host+path, bytes.NewReader(body))
		protocol.SetHeaders(req.Header)
		if token != "" {
			req.Header.Set("Authorization", "Bearer "+token)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			// Killed mid-request, or not started again yet: the device
			// tries again, as the real client does. Pushes are idempotent.
			lastErr = err
			time.Sleep(time.Duration(min(try+1, 20)) * 5 * time.Millisecond)
			continue
		}
		gz := resp.Header.Get("Content-Encoding") == "gzip"
		if resp.StatusCode != http.StatusOK {
			var perr protocol.Error
			protocol.Decode(resp.Body, gz, 1<<20, 1<<20, &perr)
			resp.Body.Close()
			if resp.StatusCode == http.StatusServiceUnavailable {
				lastErr = &perr
				time.Sleep(10 * time.Millisecond)
				continue
			}
			return resp.StatusCode, &perr
		}
		err = protocol.Decode(resp.Body, gz, 64<<20, 64<<20, out)
		resp.Body.Close()
		return resp.StatusCode, err
	}
	return 0, fmt.Errorf("no server answered: %w", lastErr)
}

type tablet struct {
	id, token, epoch, venue, activity string
	clock                             *hlc.Clock
	seq, cursor                       uint64
	acked                             []string // mark ids acknowledged
	view                              map[string][]byte
}

func runLoad(b *testing.B, open func() (*server.Store, error), procs int, args func(addr string) []string, env []string) {
	b.StopTimer()
	// Setup in-process, before the servers start: venues, one activity per
	// venue, an enrolment code per tablet, and an office device.
	st, err := open()
	if err != nil {
		b.Fatal(err)
	}
	officeCode, _, err := st.CreateCode(protocol.Scope{Organisation: true}, domain.RoleAdministrator, time.Hour)
	if err != nil {
		b.Fatal(err)
	}
	resp, perr, err := st.Enrol(protocol.EnrolRequest{Schema: protocol.Schema, Code: officeCode, DeviceID: "office"})
	if err != nil || perr != nil {
		b.Fatal(err, perr)
	}
	office, _ := st.Authenticate(resp.Token)
	officeToken := resp.Token
	clock := hlc.NewClock("office", nil)
	var ws []protocol.Write
	for v := range loadVenues {
		venue := fmt.Sprint("venue-", v)
		if _, err := st.AddVenue(venue, "Venue "+venue, ""); err != nil {
			b.Fatal(err)
		}
		for _, f := range [][2]string{{"name", "Garden"}, {"venue_id", venue}} {
			ws = append(ws, protocol.FromRecord(uint64(len(ws)+1), record.Write{Kind: domain.KindActivity, ID: "act-" + venue, Field: f[0], Value: f[1], Stamp: clock.Now(), Staff: "admin"}))
		}
	}
	if _, perr, err := st.Push(context.Background(), office, &protocol.PushRequest{Schema: protocol.Schema, Epoch: st.Epoch(), Writes: ws}); err != nil || perr != nil {
		b.Fatal(err, perr)
	}
	tablets := make([]*tablet, loadDevices)
	codes := make([]string, loadDevices)
	for i := range tablets {
		venue := fmt.Sprint("venue-", i%loadVenues)
		tablets[i] = &tablet{id: fmt.Sprint("tablet-", i), venue: venue, activity: "act-" + venue,
			clock: hlc.NewClock(fmt.Sprint("tablet-", i), nil), view: map[string][]byte{}}
		if codes[i], _, err = st.CreateCode(protocol.Scope{Venues: []string{venue}}, domain.RoleFacilitator, time.Hour); err != nil {
			b.Fatal(err)
		}
	}
	if err := st.Close(); err != nil {
		b.Fatal(err)
	}

	var ps []*loadProc
	var hosts []string
	for range procs {
		addr := freeAddr(b)
		p := &loadProc{args: args(addr), env: env, addr: addr}
		p.start(b)
		b.Cleanup(p.kill9)
		ps = append(ps, p)
		hosts = append(hosts, addr)
	}
	lb := &lbClient{hosts: hosts}

	var mu sync.Mutex
	var pushLat, pullLat []time.Duration
	var writes atomic.Int64
	var failed atomic.Value
	fail := func(err error) { failed.CompareAndSwap(nil, err) }
	sync1 := func(t *tablet, round int) error {
		date := fmt.Sprintf("2026-11-%02d", round+1)
		session := domain.SessionID(t.activity, date)
		var ws []protocol.Write
		var ids []string
		for m := range loadMarks {
			person := fmt.Sprintf("%s-p%d", t.id, m)
			id := domain.AttendanceID(session, person)
			ids = append(ids, id)
			for _, f := range [][2]string{{"session_id", session}, {"person_id", person}, {"activity_id", t.activity},
				{"venue_id", t.venue}, {"date", date}, {"status", domain.StatusPresent}, {"marked_by", "sam"}} {
				t.seq++
				ws = append(ws, protocol.FromRecord(t.seq, record.Write{Kind: domain.KindAttendance, ID: id, Field: f[0], Value: f[1], Stamp: t.clock.Now(), Staff: "sam"}))
			}
		}
		start := time.Now()
		var pr protocol.PushResponse
		if _, err := lb.call(protocol.PathPush, t.token, &protocol.PushRequest{Schema: protocol.Schema, Epoch: t.epoch, Writes: ws}, &pr); err != nil {
			return fmt.Errorf("%s push: %w", t.id, err)
		}
		d := time.Since(start)
		if pr.AckedSeq != t.seq {
			return fmt.Errorf("%s: acknowledged %d of %d", t.id, pr.AckedSeq, t.seq)
		}
		t.acked = append(t.acked, ids...)
		writes.Add(int64(len(ws)))
		mu.Lock()
		pushLat = append(pushLat, d)
		mu.Unlock()
		return t.pull(lb, &mu, &pullLat)
	}

	// Enrolment first: a code works once, so an enrolment whose answer a
	// killed process never sent needs a new code from an administrator; the
	// kill comes during the syncing.
	parallel(loadWorkers, loadDevices, func(i int) {
		t := tablets[i]
		var er protocol.EnrolResponse
		if _, err := lb.call(protocol.PathEnrol, "", &protocol.EnrolRequest{Schema: protocol.Schema, Code: codes[i], DeviceID: t.id}, &er); err != nil {
			fail(fmt.Errorf("%s enrol: %w", t.id, err))
			return
		}
		t.token, t.epoch = er.Token, er.Epoch
	})
	if err, _ := failed.Load().(error); err != nil {
		b.Fatal(err)
	}

	b.StartTimer()
	start := time.Now()
	work := make(chan int)
	var wg sync.WaitGroup
	var done atomic.Int64
	for range loadWorkers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range work {
				t := tablets[i]
				for r := range loadRounds {
					if err := sync1(t, r); err != nil {
						fail(err)
						break
					}
				}
				done.Add(1)
			}
		}()
	}
	// A third of the way in, the first process dies without warning and
	// comes back a moment later on the same address.
	killed := make(chan struct{})
	go func() {
		defer close(killed)
		for done.Load() < loadDevices/3 {
			time.Sleep(10 * time.Millisecond)
		}
		ps[0].kill9()
		time.Sleep(200 * time.Millisecond)
		ps[0].start(b)
	}()
	for i := range tablets {
		work <- i
	}
	close(work)
	wg.Wait()
	<-killed
	elapsed := time.Since(start)
	b.StopTimer()
	if err, _ := failed.Load().(error); err != nil {
		b.Fatal(err)
	}

	// Every acknowledged mark is on the server, and each tablet, brought up
	// to date, holds exactly the server's view of its venue's marks.
	org := &tablet{id: "office", token: officeToken, view: map[string][]byte{}}
	if err := org.pull(lb, &mu, nil); err != nil {
		b.Fatal(err)
	}
	byVenue := map[string][]string{}
	lost := 0
	for _, t := range tablets {
		for _, id := range t.acked {
			st, ok := org.view[string(domain.KindAttendance)+"/"+id]
			e, err := record.DecodeEntity(domain.KindAttendance, id, st, nil)
			if !ok || err != nil || e.Get("status") != domain.StatusPresent {
				lost++
			}
		}
	}
	if lost > 0 {
		b.Fatalf("%d acknowledged marks lost", lost)
	}
	for k := range org.view {
		kind, id, _ := cutKey(k)
		if kind != string(domain.KindAttendance) {
			continue
		}
		e, err := record.DecodeEntity(domain.KindAttendance, id, org.view[k], nil)
		if err != nil {
			b.Fatal(err)
		}
		byVenue[e.Get("venue_id")] = append(byVenue[e.Get("venue_id")], k)
	}
	for _, t := range tablets {
		if err := t.pull(lb, &mu, nil); err != nil {
			b.Fatal(err)
		}
		var got []string
		for k, st := range t.view {
			if kind, _, _ := cutKey(k); kind != string(domain.KindAttendance) {
				continue
			}
			got = append(got, k)
			if !bytes.Equal(st, org.view[k]) {
				b.Fatalf("%s holds %s unlike the server", t.id, k)
			}
		}
		want := byVenue[t.venue]
		slices.Sort(got)
		slices.Sort(want)
		if !slices.Equal(got, want) {
			b.Fatalf("%s holds %d marks; the server has %d at %s", t.id, len(got), len(want), t.venue)
		}
	}
	pct := func(ds []time.Duration, p float64) float64 {
		slices.Sort(ds)
		return float64(ds[int(float64(len(ds)-1)*p)].Microseconds()) / 1000
	}
	b.ReportMetric(pct(pushLat, 0.5), "push-p50-ms")
	b.ReportMetric(pct(pushLat, 0.99), "push-p99-ms")
	b.ReportMetric(pct(pullLat, 0.5), "pull-p50-ms")
	b.ReportMetric(pct(pullLat, 0.99), "pull-p99-ms")
	b.ReportMetric(float64(writes.Load())/elapsed.Seconds(), "writes/s")
	b.ReportMetric(0, "lost-writes")
	b.Logf("%d processes, %d tablets, %d venues: %d writes in %s; one process killed with SIGKILL and restarted mid-run; 0 acknowledged writes lost; every tablet's view equals the server's",
		procs, loadDevices, loadVenues, writes.Load(), elapsed.Round(time.Millisecond))
}

// parallel runs fn(0..n-1) on workers goroutines.
func parallel(workers, n int, fn func(i int)) {
	work := make(chan int)
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range work {
				fn(i)
			}
		}()
	}
	for i := range n {
		work <- i
	}
	close(work)
	wg.Wait()
}

func cutKey(k string) (kind, id string, ok bool) {
	i := bytes.IndexByte([]byte(k), '/')
	if i < 0 {
		return "", "", false
	}
	return k[:i], k[i+1:], true
}

// pull brings the tablet up to date, page by page.
func (t *tablet) pull(lb *lbClient, mu *sync.Mutex, lat *[]time.Duration) error {
	for {
		start := time.Now()
		var resp protocol.PullResponse
		_, err := lb.call(protocol.PathPull, t.token, &protocol.PullRequest{Schema: protocol.Schema, Epoch: t.epoch, After: t.cursor, Limit: 500}, &resp)
		var perr *protocol.Error
		if errors.As(err, &perr) && perr.Code == protocol.CodeEpochChanged {
			t.epoch, t.cursor = perr.Epoch, 0
			continue
		}
		if err != nil {
			return fmt.Errorf("%s pull: %w", t.id, err)
		}
		if t.epoch == "" {
			t.epoch = resp.Epoch
		}
		if lat != nil {
			d := time.Since(start)
			mu.Lock()
			*lat = append(*lat, d)
			mu.Unlock()
		}
		for _, e := range resp.Entities {
			t.view[e.Kind+"/"+e.ID] = e.State
		}
		t.cursor = resp.Next
		if !resp.More {
			return nil
		}
	}
}
