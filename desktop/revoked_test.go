package desktop

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/gather-sp/gather/demo"
	"github.com/gather-sp/gather/device"
	"github.com/gather-sp/gather/domain"
	"github.com/gather-sp/gather/keyslot"
	"github.com/gather-sp/gather/storage"
	"github.com/gather-sp/gather/sync/client"
)

// markRevoked leaves dir as a device the sync client was told is revoked
// while nobody wiped it: the window was closed first, or the command line
// is all anyone uses.
func markRevoked(t *testing.T, dir string) {
	t.Helper()
	paths := device.PathsIn(dir)
	kf, err := keyslot.Open(paths.Keys, keyslot.Options{})
	if err != nil {
		t.Fatal(err)
	}
	u, err := kf.Unlock(demo.StaffAdmin, demo.PIN)
	if err != nil {
		t.Fatal(err)
	}
	defer u.Forget()
	st, err := storage.Open(paths.Store, storage.Options{EncryptionKey: u.Key()})
	if err != nil {
		t.Fatal(err)
	}
	if err := st.SetMeta(map[string][]byte{client.MetaRevoked: []byte("1")}); err != nil {
		t.Fatal(err)
	}
	st.Close()
}

func assertWiped(t *testing.T, paths device.Paths) {
	t.Helper()
	for _, p := range []string{paths.Keys, paths.Store} {
		if _, err := os.Stat(p); !os.IsNotExist(err) {
			t.Errorf("%s survived (%v)", p, err)
		}
	}
	if _, wiped := device.WipedAt(paths); !wiped {
		t.Error("no wiped mark for the next start to explain")
	}
}

// TestReportOnRevokedDeviceWipesIt: `gather report` with a right PIN on a
// revoked device refuses, wipes the data folder as the window does, and
// says so; the next try says the device was wiped.
func TestReportOnRevokedDeviceWipesIt(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "device")
	if err := Demo(device.PathsIn(dir), &bytes.Buffer{}); err != nil {
		t.Fatal(err)
	}
	markRevoked(t, dir)
	today := domain.DateOf(time.Now())
	out := filepath.Join(t.TempDir(), "report.csv")
	args := []string{"--from", domain.AddDays(today, -60), "--to", today, "--format", "csv", "--out", out}
	var stdout bytes.Buffer
	err := Report(device.PathsIn(dir), demo.StaffAdmin, args, strings.NewReader(demo.PIN+"\n"), &stdout)
	if err == nil || !strings.Contains(err.Error(), "removed this device") || !strings.Contains(err.Error(), "wiped") {
		t.Fatalf("gather report on a revoked device: %v", err)
	}
	if _, serr := os.Stat(out); !os.IsNotExist(serr) || stdout.Len() > 0 {
		t.Errorf("the report was written anyway (%v, %q)", serr, stdout.String())
	}
	assertWiped(t, device.PathsIn(dir))
	err = Report(device.PathsIn(dir), demo.StaffAdmin, args, strings.NewReader(demo.PIN+"\n"), &stdout)
	if err == nil || !strings.Contains(err.Error(), "removed this device") {
		t.Errorf("gather report after the wipe: %v", err)
	}
}

// TestWindowOnRevokedDeviceWipesIt: the window started with --as and
// --pin-stdin on a device marked revoked wipes it before showing anything,
// and says why.
func TestWindowOnRevokedDeviceWipesIt(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "device")
	if err := Demo(device.PathsIn(dir), &bytes.Buffer{}); err != nil {
		t.Fatal(err)
	}
	markRevoked(t, dir)
	a := test.NewTempApp(t)
	w := a.NewWindow("Gather")
	w.Resize(fyne.NewSize(1280, 800))
	paths := device.PathsIn(dir)
	s := bareSession(t, a, w, paths)
	if err := s.start(demo.StaffAdmin, demo.PIN); err != nil {
		t.Fatal(err)
	}
	if s.st != nil {
		t.Fatal("the window opened a revoked device's records")
	}
	if got := windowText(t, w); !strings.Contains(got, "This device was removed") || !strings.Contains(got, "wiped") {
		t.Errorf("the window does not say the device was removed and wiped:\n%s", got)
	}
	assertWiped(t, paths)
}
