package admin

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"
)

// TestAdminAuditExportFailureKeepsTheLastOne: the administrator exported
// the audit trail; exported again in the same minute, over the same file,
// the writing fails halfway (the disk fills). The failure is said, and the
// first export is there whole, owner-only, with nothing beside it. (The
// export opened the file with O_TRUNC, wrote into it and removed it on a
// failure, so a failed export lost the one before.)
func TestAdminAuditExportFailureKeepsTheLastOne(t *testing.T) {
	h, _, a := newAdminHarness(t, desktopSize)
	seedAudit(t, h)
	a.onSection(adminAudit)
	s := a.audit
	test.Tap(s.exportBtn)
	path := s.lastExport
	if path == "" {
		t.Fatalf("not exported: %q", h.sh.Errors)
	}
	first, err := os.ReadFile(path)
	if err != nil || len(first) == 0 {
		t.Fatalf("the export holds %q (%v)", first, err)
	}
	if st, err := os.Stat(path); runtime.GOOS != "windows" && (err != nil || st.Mode().Perm() != 0o600) {
		t.Fatalf("the export's mode is %v (%v), want 0600: it names staff", st.Mode().Perm(), err)
	}

	full := errors.New("write: no space left on device")
	name := strings.TrimSuffix(filepath.Base(path), ".csv")
	got, ok := s.writeExport(name, ".csv", func(w io.Writer) error {
		io.WriteString(w, "at,staff,staff_name,act")
		return full
	})
	if ok || got != "" {
		t.Fatalf("a failed export says it saved %q", got)
	}
	if len(h.sh.Errors) != 1 || !strings.HasPrefix(h.sh.Errors[0], "The file was not saved") || !strings.Contains(h.sh.Errors[0], "no space left on device") {
		t.Fatalf("said %q", h.sh.Errors)
	}
	if now, err := os.ReadFile(path); err != nil || string(now) != string(first) {
		t.Fatalf("after the failed export the first holds %q (%v)", now, err)
	}
	if entries, _ := os.ReadDir(h.exportDir); len(entries) != 1 {
		t.Fatalf("the export folder holds %v", entries)
	}
}
