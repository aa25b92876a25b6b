package pgtest

import (
	"context"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
)

// Environment variables this package reads.
const (
	URLEnv  = "GATHER_TEST_DATABASE_URL"
	SkipEnv = "GATHER_TEST_SKIP_POSTGRES"
)

var (
	once    sync.Once
	admin   string // URL of a database to run CREATE DATABASE in
	dir     string // the throwaway cluster's folder, if this package made one
	bin     string
	initErr error
	dbs     atomic.Int64
)

// Main runs the tests and then stops the cluster Main's package started.
func Main(m interface{ Run() int }) {
	code := m.Run()
	stop()
	os.Exit(code)
}

// NewDatabase returns the URL of a new, empty database for t.
func NewDatabase(t testing.TB) string {
	t.Helper()
	if os.Getenv(SkipEnv) == "1" {
		t.Skipf("%s=1: PostgreSQL tests skipped on purpose", SkipEnv)
	}
	once.Do(func() { initErr = start() })
	if initErr != nil {
		t.Fatalf("PostgreSQL for tests: %v\n(install Debian's postgresql package, as scripts/deps.sh does, or set %s; %s=1 skips these tests on purpose)", initErr, URLEnv, SkipEnv)
	}
	name := fmt.Sprintf("gather_test_%d_%d", os.Getpid(), dbs.Add(1))
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	conn, err := pgx.Connect(ctx, admin)
	if err != nil {
		t.Fatalf("connecting to the test cluster: %v", err)
	}
	defer conn.Close(ctx)
	if _, err := conn.Exec(ctx, "CREATE DATABASE "+name+" TEMPLATE template0"); err != nil {
		t.Fatalf("creating a test database: %v", err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		defer cancel()
		if conn, err := pgx.Connect(ctx, admin); err == nil {
			conn.Exec(ctx, "DROP DATABASE IF EXISTS "+name+" WITH (FORCE)")
			conn.Close(ctx)
		}
	})
	u, err := url.Parse(admin)
	if err != nil {
		t.Fatal(err)
	}
	u.Path = "/" + name
	return u.String()
}

func start() error {
	if u := os.Getenv(URLEnv); u != "" {
		admin = u
		return nil
	}
	var err error
	if bin, err = binDir(); err != nil {
		return err
	}
	tmp, err := os.MkdirTemp(tempBase(), "gather-pg-")
	if err != nil {
		return err
	}
	dir = tmp
	if os.Geteuid() == 0 {
		// PostgreSQL refuses to run as root: run it as the postgres user,
		// in a folder that user owns.
		u, err := user.Lookup("postgres")
		if err != nil {
			return fmt.Errorf("running as root, and there is no postgres user to run PostgreSQL as: %w", err)
		}
		uid, _ := strconv.Atoi(u.Uid)
		gid, _ := strconv.Atoi(u.Gid)
		runAs(uid, gid)
		if err := os.Chown(dir, uid, gid); err != nil {
			return err
		}
	}
	stopStale()
	if err := os.WriteFile(filepath.Join(dir, "owner"), []byte(strconv.Itoa(os.Getpid())), 0o644); err != nil {
		return err
	}
	data := filepath.Join(dir, "data")
	if out, err := run("initdb", "-D", data, "-U", "postgres", "--auth=trust", "--encoding=UTF8", "--no-sync", "--no-instructions"); err != nil {
		return fmt.Errorf("initdb: %v\n%s", err, out)
	}
	opts := fmt.Sprintf("-c listen_addresses='' -c unix_socket_directories='%s' -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200 -c shared_buffers=32MB", dir)
	if out, err := run("pg_ctl", "-D", data, "-o", opts, "-l", filepath.Join(dir, "log"), "-w", "-t", "60", "start"); err != nil {
		log, _ := os.ReadFile(filepath.Join(dir, "log"))
		return fmt.Errorf("pg_ctl start: %v\n%s\n%s", err, out, log)
	}
	admin = (&url.URL{Scheme: "postgres", User: url.User("postgres"), Path: "/postgres",
		RawQuery: url.Values{"host": {dir}, "sslmode": {"disable"}}.Encode()}).String()
	return nil
}

func stop() {
	if dir == "" || bin == "" {
		return
	}
	run("pg_ctl", "-D", filepath.Join(dir, "data"), "-m", "immediate", "-w", "stop")
	os.RemoveAll(dir)
}

// tempBase is where clusters go: as root, /tmp, which the postgres user
// can reach whatever TMPDIR says (a folder under /root it could not).
func tempBase() string {
	if os.Geteuid() == 0 {
		return "/tmp"
	}
	return os.TempDir()
}

// stopStale stops the clusters of test binaries that were killed before
// Main could stop them (their owner process is gone), and removes them.
func stopStale() {
	found, _ := filepath.Glob(filepath.Join(tempBase(), "gather-pg-*", "owner"))
	for _, owner := range found {
		b, err := os.ReadFile(owner)
		pid, perr := strconv.Atoi(strings.TrimSpace(string(b)))
		if err != nil || perr != nil || pid <= 0 || alive(pid) {
			continue
		}
		stale := filepath.Dir(owner)
		cmd := exec.Command(filepath.Join(bin, "pg_ctl"), "-D", filepath.Join(stale, "data"), "-m", "immediate", "-w", "stop")
		prepare(cmd)
		cmd.Run()
		os.RemoveAll(stale)
	}
}

func run(name string, args ...string) ([]byte, error) {
	cmd := exec.Command(filepath.Join(bin, name), args...)
	cmd.Dir = dir
	prepare(cmd)
	return cmd.CombinedOutput()
}

// binDir finds the newest PostgreSQL server programs Debian installed.
func binDir() (string, error) {
	found, _ := filepath.Glob("/usr/lib/postgresql/*/bin/pg_ctl")
	sort.Slice(found, func(i, j int) bool {
		vi, _ := strconv.Atoi(strings.Split(found[i], "/")[4])
		vj, _ := strconv.Atoi(strings.Split(found[j], "/")[4])
		return vi > vj
	})
	if len(found) > 0 {
		return filepath.Dir(found[0]), nil
	}
	if p, err := exec.LookPath("pg_ctl"); err == nil {
		return filepath.Dir(p), nil
	}
	return "", fmt.Errorf("no PostgreSQL server programs (pg_ctl) in /usr/lib/postgresql/*/bin or on PATH")
}
