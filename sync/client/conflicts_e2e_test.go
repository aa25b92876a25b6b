package client_test

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"net/http"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gather-sp/gather/domain"
	"github.com/gather-sp/gather/record"
	"github.com/gather-sp/gather/sync/client"
	"github.com/gather-sp/gather/sync/internal/testenv"
	"github.com/gather-sp/gather/sync/protocol"
	"github.com/gather-sp/gather/sync/server"
)

// TestConflictRecordsConverge: two organisation laptops edit the same
// fields offline in several rounds and sync in different orders; the
// server and both laptops end with the same conflict records (same ids,
// same fields, same stamps), and a reviewer's resolution reaches all of
// them. A third laptop enrolled afterwards pulls the same set.
func TestConflictRecordsConverge(t *testing.T) {
	for seed := uint64(1); seed <= 3; seed++ {
		t.Run(fmt.Sprintf("seed=%d", seed), func(t *testing.T) {
			runConflictConvergence(t, seed, 12, false)
		})
	}
}

// TestConflictRecordsSurviveServerRestore: the server is restored from a
// backup taken before most conflicts were recorded; the laptops send their
// conflict records back with everything else, so the restored server and
// both laptops again hold one identical set, resolutions included.
func TestConflictRecordsSurviveServerRestore(t *testing.T) {
	testenv.RequireBadger(t, "it restores the server from Store.Backup")
	runConflictConvergence(t, 7, 8, true)
}

// BenchmarkConflictConvergence is the long run (make bench): 400 rounds of
// conflicting offline edits per iteration.
func BenchmarkConflictConvergence(b *testing.B) {
	for i := 0; i < b.N; i++ {
		runConflictConvergence(b, uint64(i+1), 400, false)
	}
}

func runConflictConvergence(tb testing.TB, seed uint64, rounds int, restore bool) {
	tb.Helper()
	rng := rand.New(rand.NewPCG(seed, 2))
	env := testenv.Start(tb, server.Options{})
	env.Clock.Set(time.Date(2026, 11, 20, 9, 0, 0, 0, time.UTC))
	ta, tbt := &editDuringPull{next: http.DefaultTransport}, &editDuringPull{next: http.DefaultTransport}
	// Link workers' laptops: the server takes a conflict's decision only
	// from a device enrolled for a role that reviews conflicts.
	a := env.NewDeviceAs("laptop-a", org, domain.RoleLinkWorker, client.Options{PushBatch: 5, PageSize: 7, HTTPClient: testenv.HTTPClient(ta)}, env.Clock.Now)
	b := env.NewDeviceAs("laptop-b", org, domain.RoleLinkWorker, client.Options{PushBatch: 3, PageSize: 4, HTTPClient: testenv.HTTPClient(tbt)}, env.Clock.Now)
	laptops := []*testenv.Device{a, b}
	during := map[*testenv.Device]*editDuringPull{a: ta, b: tbt}

	type target struct {
		kind   record.Kind
		id     string
		fields []string
	}
	var targets []target
	// A few fields, so the laptops often meet on the same one.
	for i := range 2 {
		p := fmt.Sprint("p", i)
		a.Save(domain.KindPerson, p, map[string]string{"given_name": p, "phone": "0"})
		targets = append(targets, target{domain.KindPerson, p, []string{"given_name", "phone"}})
	}
	a.Save(domain.KindReferral, "ref0", map[string]string{"person_id": "p0", "status": "new"})
	targets = append(targets, target{domain.KindReferral, "ref0", []string{"status"}})
	a.Sync()
	b.Sync()
	var backup []byte
	if restore {
		backup = env.Backup()
	}

	writes := 0
	edit := func(d *testenv.Device, round int) {
		tg := targets[rng.IntN(len(targets))]
		writes++
		d.Save(tg.kind, tg.id, map[string]string{tg.fields[rng.IntN(len(tg.fields))]: fmt.Sprintf("%s-%d-%d", d.Name, round, writes)})
		env.Clock.Advance(time.Duration(rng.IntN(3)) * time.Millisecond)
	}
	for round := range rounds {
		// Offline: each laptop edits some of the same fields.
		for _, d := range laptops {
			for range 1 + rng.IntN(4) {
				edit(d, round)
			}
			// Sometimes someone saves a change while the laptop is pulling:
			// it meets what the pull brings before the server meets it.
			if rng.IntN(2) == 0 {
				during[d].set(func() {
					for range 1 + rng.IntN(3) {
						edit(d, round)
					}
				})
			}
		}
		// Sometimes a reviewer on one laptop resolves a conflict it holds.
		if rng.IntN(3) == 0 {
			d := laptops[rng.IntN(2)]
			if rows := d.Store.View().All(domain.KindConflict); len(rows) > 0 {
				r := rows[rng.IntN(len(rows))]
				d.Save(domain.KindConflict, r.ID, map[string]string{"resolved": []string{"winner", "loser"}[rng.IntN(2)], "resolved_by": d.Name})
			}
		}
		// Then some syncs, in a random order; not every round reaches both.
		for range rng.IntN(4) {
			laptops[rng.IntN(2)].Sync()
		}
		env.Clock.Advance(time.Duration(rng.IntN(2000)) * time.Millisecond)
	}
	if restore {
		// Settle once, so the conflicts recorded since the backup are on
		// the laptops, then lose them on the server.
		settleLaptops(tb, env, laptops)
		env.RestoreFrom(backup)
	}
	settleLaptops(tb, env, laptops)

	fresh := env.NewDevice("laptop-c", org, client.Options{}, env.Clock.Now)
	fresh.Sync()
	sets := map[string]map[string]map[string]record.FieldState{}
	ids := map[string]bool{}
	for _, d := range append(laptops, fresh) {
		sets[d.Name] = map[string]map[string]record.FieldState{}
		for _, r := range d.Store.View().All(domain.KindConflict) {
			e, err := d.Store.Entity(domain.KindConflict, r.ID)
			if err != nil {
				tb.Fatal(err)
			}
			sets[d.Name][r.ID] = e.Fields
			ids[r.ID] = true
		}
	}
	if len(ids) == 0 {
		tb.Fatalf("seed %d: no conflicts at all; the test proves nothing", seed)
	}
	resolved := 0
	sorted := make([]string, 0, len(ids))
	for id := range ids {
		sorted = append(sorted, id)
	}
	sort.Strings(sorted)
	bad := 0
	for _, id := range sorted {
		want, err := env.Store.Entity(domain.KindConflict, id)
		if err != nil {
			tb.Fatal(err)
		}
		if want.Get("resolved") != "" {
			resolved++
		}
		for _, d := range append(laptops, fresh) {
			got, ok := sets[d.Name][id]
			switch {
			case len(want.Fields) == 0:
				bad++
				tb.Errorf("seed %d: conflict %s (%s) is on %s but not on the server", seed, id, d.Name, fieldsText(got))
			case !ok:
				bad++
				tb.Errorf("seed %d: %s lacks the server's conflict %s (%s)", seed, d.Name, id, fieldsText(want.Fields))
			case fieldsText(got) != fieldsText(want.Fields):
				bad++
				tb.Errorf("seed %d: conflict %s differs:\n  %s: %s\n  server: %s", seed, id, d.Name, fieldsText(got), fieldsText(want.Fields))
			}
			if bad > 10 {
				tb.Fatalf("seed %d: more differences not shown (%d conflict ids in all)", seed, len(ids))
			}
			if len(want.Fields) == 0 {
				break
			}
		}
	}
	if restore && resolved == 0 {
		tb.Errorf("seed %d: no resolution survived the restore", seed)
	}
}

// editDuringPull runs an edit once, when the next pull request goes out.
type editDuringPull struct {
	mu   sync.Mutex
	next http.RoundTripper
	edit func()
}

func (t *editDuringPull) set(f func()) {
	t.mu.Lock()
	t.edit = f
	t.mu.Unlock()
}

func (t *editDuringPull) RoundTrip(req *http.Request) (*http.Response, error) {
	if strings.HasSuffix(req.URL.Path, protocol.PathPull) {
		t.mu.Lock()
		f := t.edit
		t.edit = nil
		t.mu.Unlock()
		if f != nil {
			f()
		}
	}
	return t.next.RoundTrip(req)
}

// settleLaptops syncs until nothing is waiting and the server's log stops
// growing.
func settleLaptops(tb testing.TB, env *testenv.Env, laptops []*testenv.Device) {
	tb.Helper()
	for round := 0; ; round++ {
		if round == 6 {
			tb.Fatal("the laptops did not settle in 6 rounds")
		}
		head := env.Store.Head()
		for _, d := range laptops {
			d.Sync()
		}
		idle := env.Store.Head() == head
		for _, d := range laptops {
			idle = idle && d.Store.PendingCount() == 0
		}
		if idle {
			return
		}
	}
}

// fieldsText prints fields in name order with their stamps.
func fieldsText(fs map[string]record.FieldState) string {
	names := make([]string, 0, len(fs))
	for k := range fs {
		names = append(names, k)
	}
	sort.Strings(names)
	var buf bytes.Buffer
	for _, k := range names {
		fmt.Fprintf(&buf, "%s=%q@%s ", k, fs[k].Value, fs[k].Stamp)
	}
	return buf.String()
}
