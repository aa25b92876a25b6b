package client_test

import (
	"bytes"
	"encoding/hex"
	"fmt"
	"math/rand/v2"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/gather-sp/gather/domain"
	"github.com/gather-sp/gather/hlc"
	"github.com/gather-sp/gather/record"
	"github.com/gather-sp/gather/sync/internal/testenv"
	"github.com/gather-sp/gather/sync/protocol"
	"github.com/gather-sp/gather/sync/server"
	"github.com/gather-sp/gather/sync/server/badgerstore"
)

// loadEnv reads an integer setting of BenchmarkLoad5000Devices from the
// environment (to run it smaller or longer), or def.
func loadEnv(name string, def int) int {
	if v, err := strconv.Atoi(os.Getenv(name)); err == nil && v > 0 {
		return v
	}
	return def
}

// BenchmarkLoad5000Devices (issue 13): one Badger server on loopback and
// 5,000 simulated devices (GATHER_LOAD_DEVICES), 5% of them organisation
// devices (GATHER_LOAD_ORG_PERCENT) and the rest venue tablets, 20 to a
// venue. Each device, every 10 to 20 s (at random, spread from the start),
// pushes three marks and pulls what is new since its cursor, as the sync
// client does (compact pushes with its instance and cursor, pages in the
// compact form), for 60 s (GATHER_LOAD_SECONDS). Devices start at the
// server's head, as devices that have synced before. The server is the
// gather-server binary, built for the run and serving the store (encrypted,
// as in production) in its own process, so its peak memory is its own.
// Reports push and pull latency (p50, p99), errors, acknowledged writes the
// server lacks afterwards, the records pulled by the two kinds of device,
// the server's peak memory and that of the process simulating the devices.
//
// Goal: p99 under 1 s for both, no errors, no lost writes, server memory
// under 500 MB.
// officeRoles are the roles the load's organisation devices are enrolled
// for, in turn.
var officeRoles = []string{domain.RoleLinkWorker, domain.RoleReception, domain.RoleAdministrator, domain.RoleCoordinator}

func BenchmarkLoad5000Devices(b *testing.B) {
	devices := loadEnv("GATHER_LOAD_DEVICES", 5000)
	orgPercent := loadEnv("GATHER_LOAD_ORG_PERCENT", 5)
	seconds := loadEnv("GATHER_LOAD_SECONDS", 60)
	const perVenue, marksEach = 20, 3
	const minPeriod, maxPeriod = 10 * time.Second, 20 * time.Second
	bin := buildServer(b)
	for range b.N {
		b.StopTimer()
		env := testenv.StartEncrypted(b, server.Options{}, badgerstore.NewKey())
		hc := &http.Client{Transport: &http.Transport{MaxIdleConns: 2048, MaxIdleConnsPerHost: 2048, IdleConnTimeout: time.Minute}, Timeout: 2 * time.Minute}
		orgs := devices * orgPercent / 100
		venues := max(1, (devices-orgs+perVenue-1)/perVenue)
		office, err := env.NewRaw("office", org, hc)
		if err != nil {
			b.Fatal(err)
		}
		var setup []record.Write
		for v := range venues {
			venue := env.Venue(fmt.Sprint("v", v), "Venue")
			setup = append(setup, testenv.ActivityWrites(office.Clock, venue, "act-"+venue, "office")...)
		}
		if err := office.Push(setup, protocol.MaxPushWrites); err != nil {
			b.Fatal(err)
		}
		type device struct {
			raw      *testenv.Raw
			venue    string // "" for an organisation device
			instance string
			cursor   uint64
		}
		devs := make([]*device, devices)
		for i := range devs {
			d := &device{instance: fmt.Sprint("instance-", i)}
			// Office devices are enrolled for the roles an office has, so
			// their pulls are filtered by what each role keeps.
			scope, role := org, officeRoles[i%len(officeRoles)]
			if i >= orgs {
				d.venue = fmt.Sprint("v", (i-orgs)%venues)
				scope, role = protocol.Scope{Venues: []string{d.venue}}, domain.RoleFacilitator
			}
			if d.raw, err = env.NewRawAs(fmt.Sprint("dev", i), scope, role, hc); err != nil {
				b.Fatal(err)
			}
			// One page from the start makes its cursors this enrolment's
			// (server.Device.PullFromStart); it is then taken to hold
			// everything up to the head.
			var first protocol.PullResponse
			if _, err := d.raw.Do(protocol.PathPull, &protocol.PullRequest{Schema: protocol.Schema, Epoch: d.raw.Epoch, Limit: 1}, &first); err != nil {
				b.Fatal(err)
			}
			d.cursor = env.Store.Head()
			devs[i] = d
		}
		// What was set up in process is served by the binary from here on;
		// the devices' URL (the same address) and tokens stay valid.
		env.Stop()
		srv := startServer(b, bin, env.Dir, env.Addr(), env.Key)
		var mu sync.Mutex
		var pushLat, pullLat []time.Duration
		var acked []record.Write
		var errs atomic.Int64
		var orgPulled, venuePulled atomic.Int64
		var firstErr atomic.Value
		deadline := time.Now().Add(time.Duration(seconds) * time.Second)
		var wg sync.WaitGroup
		runtime.GC()
		b.StartTimer()
		start := time.Now()
		for i, d := range devs {
			wg.Add(1)
			go func() {
				defer wg.Done()
				rng := rand.New(rand.NewPCG(uint64(i), 13))
				period := func() time.Duration { return minPeriod + time.Duration(rng.Int64N(int64(maxPeriod-minPeriod))) }
				time.Sleep(time.Duration(rng.Int64N(int64(maxPeriod))))
				for round := 0; time.Now().Before(deadline); round++ {
					venue := d.venue
					if venue == "" {
						venue = fmt.Sprint("v", rng.IntN(venues))
					}
					date := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, round).Format("2006-01-02")
					var ws []record.Write
					for m := range marksEach {
						ws = append(ws, markWrites(d.raw.Clock, venue, date, fmt.Sprintf("p-%d-%d", i, m))...)
					}
					t0 := time.Now()
					_, err := d.raw.PushCompact(ws, d.instance, d.cursor)
					t1 := time.Now()
					var n int
					if err == nil {
						n, d.cursor, err = d.raw.PullPages(d.cursor, d.instance)
					}
					t2 := time.Now()
					if err != nil {
						errs.Add(1)
						firstErr.CompareAndSwap(nil, fmt.Sprintf("device %d: %v", i, err))
					} else {
						if d.venue == "" {
							orgPulled.Add(int64(n))
						} else {
							venuePulled.Add(int64(n))
						}
						mu.Lock()
						pushLat, pullLat, acked = append(pushLat, t1.Sub(t0)), append(pullLat, t2.Sub(t1)), append(acked, ws...)
						mu.Unlock()
					}
					time.Sleep(min(period(), time.Until(deadline)))
				}
			}()
		}
		wg.Wait()
		wall := time.Since(start)
		b.StopTimer()
		serverPeak := srv.stop(b)
		env.Restart()
		lost := 0
		for _, w := range acked {
			e, err := env.Store.Entity(w.Kind, w.ID)
			if err != nil {
				b.Fatal(err)
			}
			if f := e.Fields[w.Field]; f.Stamp.Compare(w.Stamp) < 0 {
				lost++
			}
		}
		if v := firstErr.Load(); v != nil {
			b.Log("first error: ", v)
		}
		pct := func(ds []time.Duration, p int) float64 {
			if len(ds) == 0 {
				return 0
			}
			slices.Sort(ds)
			return float64(ds[len(ds)*p/100].Milliseconds())
		}
		syncs := len(pushLat)
		b.ReportMetric(pct(pushLat, 50), "push-p50-ms")
		b.ReportMetric(pct(pushLat, 99), "push-p99-ms")
		b.ReportMetric(pct(pullLat, 50), "pull-p50-ms")
		b.ReportMetric(pct(pullLat, 99), "pull-p99-ms")
		b.ReportMetric(float64(syncs)/wall.Seconds(), "syncs/s")
		b.ReportMetric(float64(errs.Load()), "errors")
		b.ReportMetric(float64(lost), "lost-writes")
		b.ReportMetric(float64(orgPulled.Load())/float64(max(1, orgs)), "records/org-device")
		b.ReportMetric(float64(venuePulled.Load())/float64(max(1, devices-orgs)), "records/venue-device")
		b.ReportMetric(serverPeak, "server-peak-MB")
		b.ReportMetric(peakRSS("self"), "devices-peak-MB")
		env.Stop()
	}
}

// markWrites are the writes of one attendance mark at a venue's activity
// ("act-" and the venue), as a tablet makes them.
func markWrites(clock *hlc.Clock, venue, date, person string) []record.Write {
	activity := "act-" + venue
	session := domain.SessionID(activity, date)
	id := domain.AttendanceID(session, person)
	var ws []record.Write
	for _, f := range [][2]string{{"activity_id", activity}, {"date", date}, {"person_id", person}, {"session_id", session},
		{"status", domain.StatusPresent}, {"venue_id", venue}} {
		ws = append(ws, record.Write{Kind: domain.KindAttendance, ID: id, Field: f[0], Value: f[1], Stamp: clock.Now(), Staff: "staff"})
	}
	return ws
}

// peakRSS is the process's peak resident memory in MB (Linux; 0 elsewhere).
func peakRSS(pid string) float64 {
	b, err := os.ReadFile("/proc/" + pid + "/status")
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(b), "\n") {
		if rest, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			kb, _ := strconv.Atoi(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(rest), "kB")))
			return float64(kb) / 1024
		}
	}
	return 0
}

// buildServer builds cmd/gather-server into a temporary folder.
func buildServer(b *testing.B) string {
	bin := filepath.Join(b.TempDir(), "gather-server")
	cmd := exec.Command("go", "build", "-o", bin, "github.com/gather-sp/gather/cmd/gather-server")
	if out, err := cmd.CombinedOutput(); err != nil {
		b.Fatalf("build gather-server: %v\n%s", err, out)
	}
	return bin
}

// serverProc is gather-server serving a folder in its own process.
type serverProc struct {
	cmd  *exec.Cmd
	logs *bytes.Buffer
}

func startServer(b *testing.B, bin, data, addr string, key []byte) *serverProc {
	cmd := exec.Command(bin, "serve", "--data", data, "--addr", addr)
	cmd.Env = append(os.Environ(), badgerstore.KeyEnv+"="+hex.EncodeToString(key))
	p := &serverProc{cmd: cmd, logs: &bytes.Buffer{}}
	cmd.Stderr = p.logs
	if err := cmd.Start(); err != nil {
		b.Fatal(err)
	}
	for range 1000 {
		if resp, err := http.Get("http://" + addr + protocol.PathHealth); err == nil {
			resp.Body.Close()
			return p
		}
		time.Sleep(10 * time.Millisecond)
	}
	cmd.Process.Kill()
	cmd.Wait()
	b.Fatalf("gather-server did not start: %s", p.logs)
	return nil
}

// stop reads the server's peak resident memory (MB), then stops it as an
// operator would (SIGTERM) and waits for it to close its store.
func (p *serverProc) stop(b *testing.B) float64 {
	peak := peakRSS(strconv.Itoa(p.cmd.Process.Pid))
	p.cmd.Process.Signal(syscall.SIGTERM)
	if err := p.cmd.Wait(); err != nil {
		b.Fatalf("gather-server: %v\n%s", err, p.logs)
	}
	if strings.Contains(p.logs.String(), `"level":"ERROR"`) {
		b.Logf("gather-server logged errors:\n%s", p.logs)
	}
	return peak
}
