package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"regexp"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/gather-sp/gather/domain"
	"github.com/gather-sp/gather/record"
	"github.com/gather-sp/gather/storage"
	"github.com/gather-sp/gather/sync/client"
	"github.com/gather-sp/gather/sync/protocol"
)

// TestMain lets the test binary run as the server itself, so tests can
// start it as a real process and kill -9 it.
func TestMain(m *testing.M) {
	if os.Getenv("GATHER_SERVER_CHILD") == "1" {
		ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
		code := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
		stop()
		os.Exit(code)
	}
	os.Exit(m.Run())
}

func cli(t *testing.T, args ...string) (string, int) {
	t.Helper()
	var out, errb bytes.Buffer
	code := run(context.Background(), args, &out, &errb)
	return out.String() + errb.String(), code
}

func TestAdminCommandsOnAStoppedServer(t *testing.T) {
	data := t.TempDir()
	cases := []struct {
		name string
		args []string
		code int
		want string
	}{
		{"no command", nil, 2, "Commands:"},
		{"unknown command", []string{"launch"}, 2, "unknown command"},
		{"missing data", []string{"devices"}, 2, "--data DIR is required"},
		{"missing folder", []string{"devices", "--data", filepath.Join(data, "nope")}, 1, "no data folder"},
		{"add venue", []string{"add-venue", "--data", data, "--id", "garden", "--name", "Community Garden"}, 0, "venue garden added"},
		{"venue needs a name", []string{"add-venue", "--data", data}, 2, "--name is required"},
		{"code for a venue", []string{"create-code", "--data", data, "--venues", "garden", "--role", "facilitator"}, 0, "enrolment code for venues garden"},
		{"code for the organisation", []string{"create-code", "--data", data, "--organisation"}, 0, "enrolment code for organisation"},
		{"code needs a scope", []string{"create-code", "--data", data}, 2, "--organisation or --venues"},
		{"code for an unknown venue", []string{"create-code", "--data", data, "--venues", "moon"}, 1, "no such venue"},
		{"list devices", []string{"devices", "--data", data}, 0, "DEVICE"},
		{"revoke unknown", []string{"revoke", "--data", data, "--device", "x"}, 1, "no such device"},
		{"plain http off loopback", []string{"serve", "--data", data, "--addr", "0.0.0.0:0"}, 1, "--insecure-allow-plain-http"},
		{"half a TLS pair", []string{"serve", "--data", data, "--tls-cert", "c.pem"}, 2, "both --tls-cert and --tls-key"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			out, code := cli(t, tc.args...)
			if code != tc.code || !strings.Contains(out, tc.want) {
				t.Errorf("exit %d, output %q; want exit %d containing %q", code, out, tc.code, tc.want)
			}
		})
	}
}

// server is a gather-server process.
type serverProc struct {
	cmd  *exec.Cmd
	url  string
	logs *bytes.Buffer
}

func startServer(t *testing.T, data, addr string) *serverProc {
	t.Helper()
	os.Remove(filepath.Join(data, "serve.json"))
	cmd := exec.Command(os.Args[0], "serve", "--data", data, "--addr", addr)
	cmd.Env = append(os.Environ(), "GATHER_SERVER_CHILD=1")
	logs := &bytes.Buffer{}
	cmd.Stderr = logs
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	p := &serverProc{cmd: cmd, logs: logs}
	t.Cleanup(func() { p.cmd.Process.Kill(); p.cmd.Wait() })
	for range 500 {
		if b, err := os.ReadFile(filepath.Join(data, "serve.json")); err == nil {
			var info serveInfo
			if json.Unmarshal(b, &info) == nil {
				if resp, err := http.Get(info.URL + protocol.PathHealth); err == nil {
					resp.Body.Close()
					p.url = info.URL
					return p
				}
			}
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Fatalf("the server did not start: %s", logs)
	return nil
}

func (p *serverProc) kill9() {
	p.cmd.Process.Signal(syscall.SIGKILL)
	p.cmd.Wait()
}

// killOnPush kills the server process while the nth push is in flight.
type killOnPush struct {
	n      int32
	pushes atomic.Int32
	kill   func()
}

func (k *killOnPush) RoundTrip(req *http.Request) (*http.Response, error) {
	if strings.HasSuffix(req.URL.Path, protocol.PathPush) && k.pushes.Add(1) == k.n {
		resp, err := http.DefaultTransport.RoundTrip(req)
		k.kill() // the server has applied the batch; its answer never arrives
		if err == nil {
			resp.Body.Close()
		}
		return nil, fmt.Errorf("connection reset")
	}
	return http.DefaultTransport.RoundTrip(req)
}

// TestServerKilledMidPushLosesNothing runs the server as a process, uses
// the admin commands against it while it runs, kills it with SIGKILL in
// the middle of a device's pushes, restarts it and checks every write
// arrived exactly once.
func TestServerKilledMidPushLosesNothing(t *testing.T) {
	data := t.TempDir()
	srv := startServer(t, data, "127.0.0.1:0")
	addr := strings.TrimPrefix(srv.url, "http://")

	// Admin commands go through the running server.
	if out, code := cli(t, "add-venue", "--data", data, "--id", "garden", "--name", "Garden"); code != 0 {
		t.Fatalf("add-venue: %s", out)
	}
	out, code := cli(t, "create-code", "--data", data, "--organisation")
	if code != 0 {
		t.Fatalf("create-code: %s", out)
	}
	enrolCode := regexp.MustCompile(`[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}`).FindString(out)

	st, err := storage.Open(t.TempDir(), storage.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if err := client.Enrol(context.Background(), st, srv.url, enrolCode); err != nil {
		t.Fatal(err)
	}
	const marks = 600 // 8 writes each: 4800 writes, 10 pushes of 500
	for i := 0; i < marks; i += 50 {
		var changes []record.Change
		for j := i; j < i+50; j++ {
			session := domain.SessionID("garden-club", "2026-11-20")
			person := fmt.Sprint("p", j)
			changes = append(changes, record.Change{Kind: domain.KindAttendance, ID: domain.AttendanceID(session, person), Fields: map[string]string{
				"session_id": session, "person_id": person, "activity_id": "garden-club", "venue_id": "garden",
				"date": "2026-11-20", "status": domain.StatusPresent, "marked_by": "sam", "note": fmt.Sprint("mark ", j)}})
		}
		if err := st.Save("sam", changes...); err != nil {
			t.Fatal(err)
		}
	}
	if n := st.PendingCount(); n != marks*8 {
		t.Fatalf("%d writes queued, want %d", n, marks*8)
	}
	killer := &killOnPush{n: 4, kill: srv.kill9}
	c := client.New(st, client.Options{HTTPClient: &http.Client{Transport: killer}, PushBatch: 500})
	if err := c.SyncOnce(context.Background()); err == nil {
		t.Fatal("the sync succeeded although the server was killed")
	}
	if st.PendingCount() == 0 || st.PendingCount() == marks*8 {
		t.Fatalf("%d pending after the kill: expected some batches acknowledged, some not", st.PendingCount())
	}
	if s := c.Status(); s.State != client.StateOffline {
		t.Errorf("status after the kill: %+v", s)
	}

	// Devices keep working offline; the server comes back on the same address.
	srv = startServer(t, data, addr)
	if err := c.SyncOnce(context.Background()); err != nil {
		t.Fatalf("sync after restart: %v", err)
	}
	if n := st.PendingCount(); n != 0 {
		t.Fatalf("%d writes still pending", n)
	}
	// A fresh device sees every mark exactly once, as the first device has it.
	fresh, err := storage.Open(t.TempDir(), storage.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer fresh.Close()
	out, _ = cli(t, "create-code", "--data", data, "--organisation")
	if err := client.Enrol(context.Background(), fresh, srv.url, regexp.MustCompile(`[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}`).FindString(out)); err != nil {
		t.Fatal(err)
	}
	if err := client.New(fresh, client.Options{}).SyncOnce(context.Background()); err != nil {
		t.Fatal(err)
	}
	if n := fresh.View().Count(domain.KindAttendance); n != marks {
		t.Fatalf("the server holds %d marks, want %d", n, marks)
	}
	for j := 0; j < marks; j++ {
		id := domain.AttendanceID(domain.SessionID("garden-club", "2026-11-20"), fmt.Sprint("p", j))
		a, _ := st.Entity(domain.KindAttendance, id)
		b, _ := fresh.Entity(domain.KindAttendance, id)
		for f, fs := range a.Fields {
			if b.Fields[f] != fs {
				t.Fatalf("%s.%s: server copy %+v, device %+v", id, f, b.Fields[f], fs)
			}
		}
	}
	// And the admin commands can revoke a device at once while it runs.
	if out, code := cli(t, "revoke", "--data", data, "--device", st.Device()); code != 0 {
		t.Fatalf("revoke: %s", out)
	}
	if err := c.SyncOnce(context.Background()); err != client.ErrRevoked {
		t.Fatalf("sync after revoke: %v", err)
	}
	out, _ = cli(t, "devices", "--data", data)
	if !strings.Contains(out, "revoked") {
		t.Errorf("devices does not show the revoked device:\n%s", out)
	}
}
