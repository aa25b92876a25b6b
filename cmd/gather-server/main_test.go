package main

import (
	"bytes"
	"context"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/gather-sp/gather/storage/storagetest"

	"github.com/gather-sp/gather/domain"
	"github.com/gather-sp/gather/internal/diskscan"
	"github.com/gather-sp/gather/internal/pgtest"
	"github.com/gather-sp/gather/record"
	"github.com/gather-sp/gather/sync/client"
	"github.com/gather-sp/gather/sync/protocol"
	"github.com/gather-sp/gather/sync/server"
	"github.com/gather-sp/gather/sync/server/badgerstore"
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
	pgtest.Main(m)
}

func cli(t *testing.T, args ...string) (string, int) {
	t.Helper()
	var out, errb bytes.Buffer
	code := run(context.Background(), args, &out, &errb)
	return out.String() + errb.String(), code
}

// newStore makes an encrypted store in data with its key beside it, as a
// first serve does.
func newStore(t *testing.T, data string) {
	t.Helper()
	key := badgerstore.NewKey()
	if err := badgerstore.WriteKeyFile(defaultKeyFile(data), key); err != nil {
		t.Fatal(err)
	}
	st, err := badgerstore.OpenStore(data, badgerstore.Options{EncryptionKey: key}, server.StoreOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if err := st.Close(); err != nil {
		t.Fatal(err)
	}
}

// plainBackup writes a backup of a new store without a key to path.
func plainBackup(t *testing.T, path string) {
	t.Helper()
	st, err := badgerstore.OpenStore(t.TempDir(), badgerstore.Options{}, server.StoreOptions{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if err := st.Backup(f); err != nil {
		t.Fatal(err)
	}
}

func TestAdminCommandsOnAStoppedServer(t *testing.T) {
	data := t.TempDir()
	newStore(t, data)
	cases := []struct {
		name string
		args []string
		code int
		want string
	}{
		{"no command", nil, 2, "Commands:"},
		{"unknown command", []string{"launch"}, 2, "unknown command"},
		{"missing data", []string{"devices"}, 2, "--data DIR is required"},
		{"missing folder", []string{"devices", "--data", filepath.Join(data, "nope")}, 1, "there is no server store in"},
		{"add venue", []string{"add-venue", "--data", data, "--id", "garden", "--name", "Community Garden"}, 0, "venue garden added"},
		{"venue needs a name", []string{"add-venue", "--data", data}, 2, "--name is required"},
		{"code for a venue", []string{"create-code", "--data", data, "--venues", "garden", "--role", "facilitator"}, 0, "connection code for venues garden"},
		{"code for the organisation", []string{"create-code", "--data", data, "--organisation"}, 0, "connection code for organisation"},
		{"an organisation code without a role says what it cannot do", []string{"create-code", "--data", data, "--organisation"}, 0, "will not take an erasure, a merge or the organisation's settings"},
		{"code for a role Gather does not know", []string{"create-code", "--data", data, "--organisation", "--role", "admin"}, 2, `"admin" is not a role Gather knows`},
		{"code needs a scope", []string{"create-code", "--data", data}, 2, "--organisation or --venues"},
		{"code for an unknown venue", []string{"create-code", "--data", data, "--venues", "moon"}, 1, "no such venue"},
		{"list devices", []string{"devices", "--data", data}, 0, "DEVICE"},
		{"adopt an organisation name", []string{"adopt-organisation", "--data", data, "--name", "3f9c2a1b7d4e6f80"}, 0, "organisation name is now 3f9c2a1b7d4e6f80"},
		{"adopting needs a name", []string{"adopt-organisation", "--data", data}, 2, "--name is required"},
		{"a name is one word", []string{"adopt-organisation", "--data", data, "--name", "3f9c 2a1b"}, 1, "without spaces"},
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
	logs *logBuffer
}

// logBuffer collects a child's stderr; the copy runs in exec's own
// goroutine while a test may read it, so both sides take the lock.
type logBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *logBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *logBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

func startServer(t *testing.T, data, addr string) *serverProc {
	t.Helper()
	os.Remove(filepath.Join(data, "serve.json"))
	cmd := exec.Command(os.Args[0], "serve", "--data", data, "--addr", addr)
	cmd.Env = append(os.Environ(), "GATHER_SERVER_CHILD=1")
	logs := &logBuffer{}
	cmd.Stderr = logs
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	p := &serverProc{cmd: cmd, logs: logs}
	t.Cleanup(func() { p.cmd.Process.Kill(); p.cmd.Wait() })
	for deadline := time.Now().Add(30 * time.Second); time.Now().Before(deadline); {
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

	st := storagetest.Open(t)
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
	fresh := storagetest.Open(t)
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

// The store is encrypted at rest with a key from --key-file, from
// GATHER_SERVER_KEY, or (made on first use) from DATA.key next to the
// data folder; every command that opens the store takes it.
func TestStoreKeyFromFileOrEnvironment(t *testing.T) {
	dir := t.TempDir()
	keyFile := filepath.Join(dir, "keys", "server.key")
	data := filepath.Join(dir, "data")
	restored := filepath.Join(dir, "restored")
	fresh := filepath.Join(dir, "fresh")
	os.MkdirAll(fresh, 0o700)
	backupFile := filepath.Join(dir, "server.backup")
	wrongKey := filepath.Join(dir, "wrong.key")
	openKey := filepath.Join(dir, "open.key")
	newKey := filepath.Join(dir, "new.key")
	const venueName = "Zebedee-Quintrell Hall"
	emptyBackup := filepath.Join(dir, "empty.backup")
	plainBackup(t, emptyBackup)

	steps := []struct {
		name string
		env  string // GATHER_SERVER_KEY for this step: "" none, "key" the key's hex, else as is
		args []string
		code int
		want string
	}{
		{"init-key writes a key", "", []string{"init-key", "--key-file", keyFile}, 0, "new key written"},
		{"init-key never overwrites", "", []string{"init-key", "--key-file", keyFile}, 1, "never overwritten"},
		{"init-key needs a path", "", []string{"init-key"}, 2, "--key-file PATH is required"},
		{"a second key", "", []string{"init-key", "--key-file", wrongKey}, 0, "new key written"},
		{"an admin command makes no store", "", []string{"add-venue", "--data", data, "--key-file", keyFile, "--id", "hall", "--name", venueName}, 1, "there is no server store in " + data},
		{"restore makes one", "", []string{"restore", "--data", data, "--in", emptyBackup, "--key-file", keyFile}, 0, "restored into"},
		{"add a venue with the key file", "", []string{"add-venue", "--data", data, "--key-file", keyFile, "--id", "hall", "--name", venueName}, 0, "venue hall added"},
		{"no key", "", []string{"devices", "--data", data}, 1, "the server store is encrypted: give its key with --key-file or GATHER_SERVER_KEY"},
		{"wrong key file", "", []string{"devices", "--data", data, "--key-file", wrongKey}, 1, "the key does not open this store"},
		{"key file others can read", "", []string{"devices", "--data", data, "--key-file", openKey}, 1, "can be read by other users"},
		{"key from the environment", "key", []string{"create-code", "--data", data, "--venues", "hall"}, 0, "connection code for venues hall"},
		{"a bad key in the environment", "abc", []string{"devices", "--data", data}, 1, "GATHER_SERVER_KEY: a server key is 32 bytes"},
		{"the flag wins over the environment", "abc", []string{"devices", "--data", data, "--key-file", keyFile}, 0, "DEVICE"},
		{"backup is sealed", "", []string{"backup", "--data", data, "--key-file", keyFile, "--out", backupFile}, 0, "sealed with the store's key"},
		{"restore without the key", "", []string{"restore", "--data", restored, "--in", backupFile}, 1, "this backup is encrypted: give its key"},
		{"restore with the wrong key", "", []string{"restore", "--data", restored, "--in", backupFile, "--key-file", wrongKey}, 1, "the key does not open this backup"},
		{"restore with the key", "key", []string{"restore", "--data", restored, "--in", backupFile}, 0, "run \"gather-server revoke --data " + restored + " --device ID\" for each one removed since"},
		{"the restored store needs the key", "", []string{"devices", "--data", restored}, 1, "give its key"},
		{"the restored store opens with it", "", []string{"devices", "--data", restored, "--key-file", keyFile}, 0, "DEVICE"},
		{"rotate needs a new key file", "", []string{"rotate-key", "--data", restored, "--key-file", keyFile}, 2, "--new-key-file PATH is required"},
		{"rotate the restored store's key", "", []string{"rotate-key", "--data", restored, "--key-file", keyFile, "--new-key-file", newKey}, 0, "now opens only with the key in"},
		{"the old key no longer opens it", "", []string{"devices", "--data", restored, "--key-file", keyFile}, 1, "the key does not open this store"},
		{"the new key does", "", []string{"devices", "--data", restored, "--key-file", newKey}, 0, "DEVICE"},
		{"a fresh folder gets no store, nor a key", "", []string{"add-venue", "--data", fresh, "--id", "hall", "--name", venueName}, 1, "there is no server store in " + fresh},
	}
	for _, st := range steps {
		if st.name == "a second key" {
			// after init-key made keyFile: set up the other key files
			os.WriteFile(openKey, []byte(strings.Repeat("ab", 32)+"\n"), 0o644)
			if out, code := cli(t, "init-key", "--key-file", newKey); code != 0 {
				t.Fatal(out)
			}
		}
		env := st.env
		if env == "key" {
			b, err := os.ReadFile(keyFile)
			if err != nil {
				t.Fatal(err)
			}
			env = strings.TrimSpace(string(b))
		}
		t.Setenv("GATHER_SERVER_KEY", env)
		out, code := cli(t, st.args...)
		if code != st.code || !strings.Contains(out, st.want) {
			t.Fatalf("%s: exit %d, output %q; want exit %d containing %q", st.name, code, out, st.code, st.want)
		}
	}
	if info, err := os.Stat(keyFile); err != nil || info.Mode().Perm() != 0o600 {
		t.Errorf("key file %s: %v, %v", keyFile, info, err)
	}
	if _, err := os.Stat(fresh + ".key"); err == nil {
		t.Errorf("a command that found no store made a key for one")
	}
	// Neither store, nor the backup, holds the venue's name in plain form.
	for _, folder := range []string{data, restored} {
		if state, _ := badgerstore.StoreEncryption(folder); state != badgerstore.EncryptedStore {
			t.Errorf("the store in %s is not encrypted (%v)", folder, state)
		}
		if found, err := diskscan.Find(folder, venueName); err != nil || len(found) > 0 {
			t.Errorf("%s holds %v (%v)", folder, found, err)
		}
	}
	if b, _ := os.ReadFile(backupFile); bytes.Contains(b, []byte(venueName)) || !bytes.HasPrefix(b, []byte(badgerstore.EncryptedBackupMagic)) {
		t.Errorf("the backup file is not sealed: %q", b[:min(len(b), 40)])
	}
}

// serve makes DATA.key on a first start without a key; with
// GATHER_SERVER_KEY it makes none, and admin commands without a key go
// through the running server.
func TestServeEncryptsItsStore(t *testing.T) {
	// The logs are read once the process has ended (its stderr is copied
	// by another goroutine until then).
	t.Run("first start makes a key next to the data", func(t *testing.T) {
		t.Setenv("GATHER_SERVER_KEY", "")
		data := filepath.Join(t.TempDir(), "data")
		srv := startServer(t, data, "127.0.0.1:0")
		srv.kill9()
		if !strings.Contains(srv.logs.String(), "made a new key for the server store") {
			t.Errorf("the log does not say a key was made:\n%s", srv.logs)
		}
		if _, err := badgerstore.ReadKeyFile(data + ".key"); err != nil {
			t.Fatal(err)
		}
		if state, _ := badgerstore.StoreEncryption(data); state != badgerstore.EncryptedStore {
			t.Fatalf("the store is %v", state)
		}
		srv = startServer(t, data, "127.0.0.1:0") // and the next start finds it
		srv.kill9()
		if strings.Contains(srv.logs.String(), "made a new key") || !strings.Contains(srv.logs.String(), `"encrypted":true`) {
			t.Errorf("the second start:\n%s", srv.logs)
		}
	})
	t.Run("a key from the environment", func(t *testing.T) {
		key := hex.EncodeToString(badgerstore.NewKey())
		t.Setenv("GATHER_SERVER_KEY", key)
		data := filepath.Join(t.TempDir(), "data")
		srv := startServer(t, data, "127.0.0.1:0")
		if _, err := os.Stat(data + ".key"); err == nil {
			t.Error("a key file was made although the key was given")
		}
		t.Setenv("GATHER_SERVER_KEY", "")
		if out, code := cli(t, "add-venue", "--data", data, "--id", "hall", "--name", "Hall"); code != 0 {
			t.Fatalf("add-venue through the running server without the key: %s", out)
		}
		srv.kill9()
		if !strings.Contains(srv.logs.String(), `"key_from":"GATHER_SERVER_KEY"`) {
			t.Errorf("the log does not say where the key came from:\n%s", srv.logs)
		}
		if out, code := cli(t, "devices", "--data", data); code != 1 || !strings.Contains(out, "give its key") {
			t.Fatalf("devices on the stopped server without the key: exit %d, %s", code, out)
		}
	})
}

// An organisation device enrolled with create-code --role administrator
// manages devices with its own token; the commands see the same devices,
// roles and revocations.
func TestAdministratorDeviceFromACommandsCode(t *testing.T) {
	data := t.TempDir()
	srv := startServer(t, data, "127.0.0.1:0")
	codeRE := regexp.MustCompile(`[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}`)
	out, code := cli(t, "create-code", "--data", data, "--organisation", "--role", domain.RoleAdministrator)
	if code != 0 {
		t.Fatalf("create-code: %s", out)
	}
	st := storagetest.Open(t)
	if err := client.Enrol(context.Background(), st, srv.url, codeRE.FindString(out), client.Options{DeviceName: "office"}); err != nil {
		t.Fatal(err)
	}
	admin := client.New(st, client.Options{})
	tabletCode, _, err := admin.CreateCode(context.Background(), protocol.Scope{Organisation: true}, domain.RoleReception, time.Hour)
	if err != nil {
		t.Fatalf("the administrator's device made no code: %v", err)
	}
	tablet := storagetest.Open(t)
	if err := client.Enrol(context.Background(), tablet, srv.url, tabletCode, client.Options{DeviceName: "desk"}); err != nil {
		t.Fatal(err)
	}
	out, _ = cli(t, "devices", "--data", data)
	if !strings.Contains(out, "ROLE") || !strings.Contains(out, "administrator") || !strings.Contains(out, "reception") {
		t.Fatalf("devices does not show the roles:\n%s", out)
	}
	if err := admin.Revoke(context.Background(), tablet.Device()); err != nil {
		t.Fatal(err)
	}
	out, _ = cli(t, "devices", "--data", data)
	if !strings.Contains(out, "revoked") {
		t.Fatalf("devices does not show the device revoked by the administrator's device:\n%s", out)
	}
	if !strings.Contains(srv.logs.String(), `"msg":"device revoked","device":"`+tablet.Device()+`","by":"device","by_device":"`+st.Device()+`"`) {
		t.Errorf("the server's log does not name the device that revoked:\n%s", srv.logs.String())
	}

	// A store with a device enrolled is not one rebuilt without a backup:
	// adopting another name there needs --force (and a stopped server).
	adopt := func(extra ...string) (string, int) {
		return cli(t, append([]string{"adopt-organisation", "--data", data, "--name", "3f9c2a1b7d4e6f80"}, extra...)...)
	}
	if out, code := adopt(); code != 1 || !strings.Contains(out, "running gather-server") {
		t.Errorf("adopting on a running server: exit %d, %s", code, out)
	}
	srv.kill9()
	if out, code := adopt(); code != 1 || !strings.Contains(out, "enrolled devices already (1)") {
		t.Errorf("adopting with a device enrolled: exit %d, %s", code, out)
	}
	if out, code := adopt("--force"); code != 0 || !strings.Contains(out, "organisation name is now 3f9c2a1b7d4e6f80") {
		t.Errorf("adopting with --force: exit %d, %s", code, out)
	}
}
