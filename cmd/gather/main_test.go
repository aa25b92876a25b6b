package main

import (
	"bytes"
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/gather-sp/gather/demo"
	"github.com/gather-sp/gather/device"
	"github.com/gather-sp/gather/domain"
	"github.com/gather-sp/gather/keyslot"
	"github.com/gather-sp/gather/storage"
)

func TestSplitFlags(t *testing.T) {
	for _, tc := range []struct {
		args       []string
		ours, rest []string
	}{
		{[]string{"--data", "d", "--from", "2026-01-01"}, []string{"--data", "d"}, []string{"--from", "2026-01-01"}},
		{[]string{"--from=x", "-as=s1", "--out", "o"}, []string{"-as=s1"}, []string{"--from=x", "--out", "o"}},
		{[]string{"--format", "csv", "--as", "s1", "--data=d"}, []string{"--as", "s1", "--data=d"}, []string{"--format", "csv"}},
		{nil, nil, nil},
	} {
		ours, rest := splitFlags(tc.args, "data", "as")
		if !reflect.DeepEqual(ours, tc.ours) || !reflect.DeepEqual(rest, tc.rest) {
			t.Errorf("splitFlags(%q) = %q, %q; want %q, %q", tc.args, ours, rest, tc.ours, tc.rest)
		}
	}
}

// TestDemoThenReport sets up a device with `gather demo`, then runs
// `gather report` on it as different staff, with the PIN on stdin.
func TestDemoThenReport(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "device")
	var out bytes.Buffer
	if err := run([]string{"demo", "--data", dir}, nil, &out); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), demo.PIN) {
		t.Errorf("gather demo did not say the demo PIN: %q", out.String())
	}
	if err := run([]string{"demo", "--data", dir}, nil, &out); err == nil || !strings.Contains(err.Error(), "already set up") {
		t.Errorf("a second gather demo on the same folder: %v", err)
	}
	// Every demo staff member can unlock, with the role the demo gives them.
	kf, err := keyslot.Open(device.PathsIn(dir).Keys, keyslot.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := len(kf.Members()), len(demo.Staff()); got != want {
		t.Errorf("%d staff on the key file, want %d", got, want)
	}

	csvDir := filepath.Join(t.TempDir(), "csv")
	today := domain.DateOf(time.Now())
	reportArgs := func(as string) []string {
		return []string{"report", "--data", dir, "--as", as, "--from", domain.AddDays(today, -60), "--to", today,
			"--format", "csv", "--out", csvDir}
	}
	for _, tc := range []struct {
		name, as, pin, wantErr string
	}{
		{"wrong PIN", demo.StaffAdmin, "000001", "wrong PIN"},
		{"a volunteer may not", demo.IDPrefix + "staff-sam", demo.PIN, "reports are for"},
		{"no PIN", demo.StaffAdmin, "", "no PIN"},
		{"administrator", demo.StaffAdmin, demo.PIN, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var stdout bytes.Buffer
			stdin := strings.NewReader(tc.pin)
			if tc.pin != "" {
				stdin = strings.NewReader(tc.pin + "\n")
			}
			err := run(reportArgs(tc.as), stdin, &stdout)
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("err = %v, want %q", err, tc.wantErr)
				}
				if strings.Contains(err.Error(), tc.pin) && tc.pin != "" {
					t.Errorf("the error repeats the PIN: %v", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			files, _ := filepath.Glob(filepath.Join(csvDir, "*.csv"))
			if len(files) == 0 {
				t.Fatalf("no CSV files written; said %q", stdout.String())
			}
			b, _ := os.ReadFile(filepath.Join(csvDir, "summary.csv"))
			if lines := strings.Count(string(b), "\n"); lines < 2 {
				t.Errorf("summary.csv has %d lines: %q", lines, b)
			}
		})
	}

	// The export is in the audit trail, and the store holds the casework demo.
	paths := device.PathsIn(dir)
	u, err := kf.Unlock(demo.StaffAdmin, demo.PIN)
	if err != nil {
		t.Fatal(err)
	}
	st, err := device.OpenStore(paths, u.Key(), storage.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	exported := 0
	for _, r := range st.View().By(domain.KindAudit, "staff", demo.StaffAdmin) {
		if r.Get("action") == "exported" {
			exported++
		}
	}
	if exported != 1 {
		t.Errorf("%d export entries in the audit trail, want 1", exported)
	}
	actions := map[string]int{}
	for _, r := range st.View().By(domain.KindAudit, "staff", demo.StaffAdmin) {
		actions[r.Get("action")]++
	}
	// The report's unlock, and the wrong PIN tried before it.
	if actions["unlocked"] != 1 || actions["failed unlock"] != 1 {
		t.Errorf("audit actions for the administrator: %v, want one unlock and one failed unlock", actions)
	}
	if st.View().Count(domain.KindReferral) == 0 {
		t.Error("the demo has no referrals: casework demo data was not written")
	}
}

func TestReportOnDeviceNotSetUp(t *testing.T) {
	err := run([]string{"report", "--data", t.TempDir(), "--from", "2026-01-01", "--to", "2026-01-31", "--format", "pdf", "--out", "x.pdf"},
		strings.NewReader("739155\n"), &bytes.Buffer{})
	if err == nil || !strings.Contains(err.Error(), "set this device up") {
		t.Errorf("err = %v", err)
	}
}

// TestDemoLeavesOrphanRecordsAlone: a folder with records but no key file
// is not set up over (the new key could not open them) nor deleted.
func TestDemoLeavesOrphanRecordsAlone(t *testing.T) {
	paths := device.PathsIn(t.TempDir())
	os.MkdirAll(paths.Store, 0o700)
	old := filepath.Join(paths.Store, "000001.vlog")
	os.WriteFile(old, []byte("unreadable"), 0o600)
	err := run([]string{"demo", "--data", paths.Dir}, nil, &bytes.Buffer{})
	if err == nil || !strings.Contains(err.Error(), "key is gone") {
		t.Fatalf("err = %v", err)
	}
	if _, err := os.Stat(old); err != nil {
		t.Errorf("the old records were touched: %v", err)
	}
	if paths.IsSetUp() {
		t.Error("a key file was made over records it cannot open")
	}
}

func TestDataFolder(t *testing.T) {
	if got, _ := dataFolder("/somewhere"); got != "/somewhere" {
		t.Errorf("--data ignored: %q", got)
	}
	if runtime.GOOS != "linux" {
		return
	}
	t.Setenv("XDG_DATA_HOME", "/xdg")
	if got, _ := dataFolder(""); got != "/xdg/gather" {
		t.Errorf("with XDG_DATA_HOME: %q", got)
	}
	t.Setenv("XDG_DATA_HOME", "")
	t.Setenv("HOME", "/home/ada")
	if got, _ := dataFolder(""); got != "/home/ada/.local/share/gather" {
		t.Errorf("default: %q", got)
	}
}
