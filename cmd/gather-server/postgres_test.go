package main

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"regexp"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/gather-sp/gather/storage/storagetest"

	"github.com/gather-sp/gather/domain"
	"github.com/gather-sp/gather/internal/pgtest"
	"github.com/gather-sp/gather/record"
	"github.com/gather-sp/gather/storage"
	"github.com/gather-sp/gather/sync/client"
	"github.com/gather-sp/gather/sync/protocol"
)

// startDBServer runs `serve --db url` as a process on a free address.
func startDBServer(t *testing.T, url string) *serverProc {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	cmd := exec.Command(os.Args[0], "serve", "--addr", addr, "--trusted-proxy", "127.0.0.1")
	// The address is in the environment, not the command line, as
	// docs/deploy.md advises (a password would show in the process list).
	cmd.Env = append(os.Environ(), "GATHER_SERVER_CHILD=1", dbEnv+"="+url)
	logs := &logBuffer{}
	cmd.Stderr = logs
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	p := &serverProc{cmd: cmd, logs: logs, url: "http://" + addr}
	t.Cleanup(func() { p.cmd.Process.Kill(); p.cmd.Wait() })
	for deadline := time.Now().Add(30 * time.Second); time.Now().Before(deadline); {
		if resp, err := http.Get(p.url + protocol.PathHealth); err == nil {
			resp.Body.Close()
			return p
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Fatalf("the server did not start: %s", logs)
	return nil
}

// roundRobin is a load balancer in a transport: each request goes to the
// next server.
type roundRobin struct {
	hosts []string
	n     atomic.Int64
}

func (r *roundRobin) RoundTrip(req *http.Request) (*http.Response, error) {
	req = req.Clone(req.Context())
	req.URL.Host = r.hosts[int(r.n.Add(1))%len(r.hosts)]
	return http.DefaultTransport.RoundTrip(req)
}

// Two gather-server processes on one PostgreSQL database serve devices
// request by request, as behind a load balancer, and the admin commands
// work on the database directly.
func TestTwoServersOnOnePostgreSQL(t *testing.T) {
	db := pgtest.NewDatabase(t)
	if out, code := cli(t, "add-venue", "--db", db, "--id", "garden", "--name", "Garden"); code != 0 {
		t.Fatalf("add-venue: %s", out)
	}
	out, code := cli(t, "admin-token", "--db", db)
	if code != 0 {
		t.Fatalf("admin-token: %s", out)
	}
	adminToken := strings.Fields(out)[0]
	a, b := startDBServer(t, db), startDBServer(t, db)
	lb := &roundRobin{hosts: []string{strings.TrimPrefix(a.url, "http://"), strings.TrimPrefix(b.url, "http://")}}
	hc := &http.Client{Transport: lb}
	codeRE := regexp.MustCompile(`[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}`)
	enrol := func() *storage.Store {
		out, code := cli(t, "create-code", "--db", db, "--organisation")
		if code != 0 {
			t.Fatalf("create-code: %s", out)
		}
		st := storagetest.Open(t)
		if err := client.Enrol(context.Background(), st, a.url, codeRE.FindString(out)); err != nil {
			t.Fatal(err)
		}
		return st
	}
	st := enrol()
	const marks = 120
	for i := 0; i < marks; i += 20 {
		var changes []record.Change
		for j := i; j < i+20; j++ {
			session := domain.SessionID("garden-club", "2026-11-20")
			person := fmt.Sprint("p", j)
			changes = append(changes, record.Change{Kind: domain.KindAttendance, ID: domain.AttendanceID(session, person), Fields: map[string]string{
				"session_id": session, "person_id": person, "activity_id": "garden-club", "venue_id": "garden",
				"date": "2026-11-20", "status": domain.StatusPresent, "marked_by": "sam"}})
		}
		if err := st.Save("sam", changes...); err != nil {
			t.Fatal(err)
		}
	}
	c := client.New(st, client.Options{HTTPClient: hc, PushBatch: 100, PageSize: 50})
	if err := c.SyncOnce(context.Background()); err != nil {
		t.Fatal(err)
	}
	if n := st.PendingCount(); n != 0 {
		t.Fatalf("%d writes pending", n)
	}
	fresh := enrol()
	fc := client.New(fresh, client.Options{HTTPClient: hc, PageSize: 7})
	if err := fc.SyncOnce(context.Background()); err != nil {
		t.Fatal(err)
	}
	if n := fresh.View().Count(domain.KindAttendance); n != marks {
		t.Fatalf("through both servers a fresh device got %d marks, want %d", n, marks)
	}
	// The admin token from the database opens the admin endpoints of both.
	for _, s := range []*serverProc{a, b} {
		req, _ := http.NewRequest(http.MethodGet, s.url+protocol.PathAdminDevices, nil)
		req.Header.Set("Authorization", "Bearer "+adminToken)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("admin devices on %s: %s", s.url, resp.Status)
		}
	}
	req, _ := http.NewRequest(http.MethodGet, b.url+"/v1/admin/backup", nil)
	req.Header.Set("Authorization", "Bearer "+adminToken)
	if resp, err := http.DefaultClient.Do(req); err != nil {
		t.Fatal(err)
	} else if resp.Body.Close(); resp.StatusCode != http.StatusNotImplemented {
		t.Fatalf("a backup through the server of a PostgreSQL store: %s", resp.Status)
	}
	// A new epoch (after a point-in-time restore) reaches the devices
	// through either server, and they re-sync to the same data.
	if out, code := cli(t, "rotate-epoch", "--db", db); code != 0 || !strings.Contains(out, "epoch is now") {
		t.Fatalf("rotate-epoch: %d %s", code, out)
	}
	if err := fc.SyncOnce(context.Background()); err != nil {
		t.Fatal(err)
	}
	if err := fc.SyncOnce(context.Background()); err != nil {
		t.Fatal(err)
	}
	if n := fresh.View().Count(domain.KindAttendance); n != marks {
		t.Fatalf("after the new epoch the device has %d marks, want %d", n, marks)
	}
	// Revoked through the database: refused by whichever server answers.
	if out, code := cli(t, "revoke", "--db", db, "--device", st.Device()); code != 0 {
		t.Fatalf("revoke: %s", out)
	}
	for range 2 {
		if err := c.SyncOnce(context.Background()); err != client.ErrRevoked {
			t.Fatalf("sync after revoke: %v", err)
		}
	}
	if out, _ := cli(t, "devices", "--db", db); !strings.Contains(out, "revoked") || !strings.Contains(out, fresh.Device()) {
		t.Errorf("devices:\n%s", out)
	}
	// Backups of a PostgreSQL store are the database's own.
	if out, code := cli(t, "backup", "--db", db, "--out", t.TempDir()+"/b"); code != 2 || !strings.Contains(out, "pg_dump") {
		t.Errorf("backup --db: %d %s", code, out)
	}
}
