// Package shelltest runs a screen package's screens on a Shell of its own,
// without the rest of the app: a real store (storagetest), Fyne's test
// window, a pinned clock, slow work run inline, and a record of what the
// screens asked the shell for (pushes, errors, printouts, cards opened),
// so a screen package's tests can check what a person would see and what
// was saved.
package shelltest

import (
	"encoding/json"
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/gather-sp/gather/app/shell"
	"github.com/gather-sp/gather/audit"
	"github.com/gather-sp/gather/domain"
	"github.com/gather-sp/gather/paper"
	"github.com/gather-sp/gather/record"
	"github.com/gather-sp/gather/storage"
	"github.com/gather-sp/gather/storage/storagetest"
)

// Shell is a shell.Shell for tests. Its exported fields are what the
// screens asked for; tests read them.
type Shell struct {
	T     testing.TB
	Win   fyne.Window
	St    *storage.Store
	Who   domain.Staff
	Clock time.Time

	Stack    []shell.Screen // pushed screens, the top last
	Nav      []string       // top-level screens asked for, in order
	Errors   []string       // what ShowError said, "what: why"
	Printed  []string       // paths of the printouts written
	Opened   []string       // person cards asked for
	Sessions []string       // registers asked for
	Cases    []string       // cases asked for
	Sheets   []string       // info sheets asked for: "person activity large"
	Repaints int            // Repaint calls

	// Rec, when set, is the store saves go through and Store returns:
	// tests read what was saved, or make saves fail.
	Rec *storagetest.Recording
}

var _ shell.Shell = (*Shell)(nil)

// Now is the clock of New: a Saturday morning (the demo's sessions fall on
// it).
var Now = time.Date(2026, 11, 21, 10, 20, 0, 0, time.Local)

// New opens a store in a temporary folder and a test window of size for
// staff member who.
func New(t testing.TB, who domain.Staff, size fyne.Size) *Shell {
	t.Helper()
	test.NewTempApp(t)
	return On(t, storagetest.Open(t), who, size)
}

// On is a Shell on store st (a second device in a sync test), in a new
// window of the current test app.
func On(t testing.TB, st *storage.Store, who domain.Staff, size fyne.Size) *Shell {
	w := fyne.CurrentApp().NewWindow("Gather")
	w.Resize(size)
	return &Shell{T: t, Win: w, St: st, Who: who, Clock: Now}
}

// Show puts s in the window, as the shell would show it.
func (s *Shell) Show(sc shell.Screen) {
	sc.Refresh()
	s.Win.SetContent(sc.Content())
}

// Top is the screen pushed last, nil when none.
func (s *Shell) Top() shell.Screen {
	if len(s.Stack) == 0 {
		return nil
	}
	return s.Stack[len(s.Stack)-1]
}

// RecordSaves sends the screens' saves through a Recording from now on.
func (s *Shell) RecordSaves() *storagetest.Recording {
	s.Rec = &storagetest.Recording{Store: s.St}
	return s.Rec
}

// SetVenueDevice makes the device a venue tablet enrolled for venues.
func (s *Shell) SetVenueDevice(venues ...string) {
	b, _ := json.Marshal(map[string]any{"venues": venues})
	if err := s.St.SetMeta(map[string][]byte{shell.MetaSyncScope: b}); err != nil {
		s.T.Fatal(err)
	}
}

func (s *Shell) Window() fyne.Window     { return s.Win }
func (s *Shell) View() *storage.View     { return s.St.View() }
func (s *Shell) Staff() domain.Staff     { return s.Who }
func (s *Shell) Now() time.Time          { return s.Clock }
func (s *Shell) Today() string           { return domain.DateOf(s.Clock) }
func (s *Shell) Touch()                  {}
func (s *Shell) Run(work, done func())   { work(); done() }
func (s *Shell) ShowNav(id string)       { s.Nav = append(s.Nav, id) }
func (s *Shell) OpenPerson(id string)    { s.Opened = append(s.Opened, id) }
func (s *Shell) OpenSession(id string)   { s.Sessions = append(s.Sessions, id) }
func (s *Shell) OpenCase(id string)      { s.Cases = append(s.Cases, id) }
func (s *Shell) DeviceVenues() []string  { return shell.DeviceVenues(s.St) }
func (s *Shell) VenueDevice() bool       { return shell.VenueDevice(s.St) }
func (s *Shell) Repaint(sc shell.Screen) { s.Repaints++; sc.Refresh() }
func (s *Shell) Recorder() audit.Recorder {
	return audit.Recorder{Device: s.St.Device(), Now: s.Now, Exists: audit.ExistsIn(s.View())}
}

// Store is the device store, or the Recording once RecordSaves was called.
func (s *Shell) Store() shell.Store {
	if s.Rec != nil {
		return s.Rec
	}
	return s.St
}

// Save saves through the audit recorder, as the app does.
func (s *Shell) Save(changes ...record.Change) error {
	err := s.Recorder().Save(s.Store(), s.Who.ID, changes...)
	if err != nil {
		s.ShowError("That was not saved", err, "")
	}
	return err
}

// Push shows sc on top.
func (s *Shell) Push(sc shell.Screen) {
	s.Stack = append(s.Stack, sc)
	s.Show(sc)
}

// Back and Pop leave the top screen.
func (s *Shell) Back() { s.Pop() }
func (s *Shell) Pop() {
	if len(s.Stack) == 0 {
		return
	}
	s.Stack = s.Stack[:len(s.Stack)-1]
	if top := s.Top(); top != nil {
		s.Show(top)
	}
}

// ShowError notes what went wrong; tests check Errors.
func (s *Shell) ShowError(what string, err error, next string) {
	msg := what
	if err != nil {
		msg += ": " + shell.PlainError(err)
	}
	s.Errors = append(s.Errors, msg)
}

// Print writes the printout to a temporary folder and records it, as the
// app does once a folder is chosen.
func (s *Shell) Print(p shell.Printout) {
	dir := s.T.TempDir()
	path := filepath.Join(dir, strings.ReplaceAll(p.Name, "/", "-")+".pdf")
	err := paper.WriteFile(path, func(w io.Writer) error {
		if err := p.Write(w); err != nil || p.Audit.Kind == "" {
			return err
		}
		changes := append([]record.Change{p.Audit}, s.Recorder().WithAudit(s.Who.ID, p.Also...)...)
		return s.St.Save(s.Who.ID, changes...)
	})
	if err != nil {
		s.ShowError("The printout was not made", err, "")
		return
	}
	s.Printed = append(s.Printed, path)
	if p.Done != nil {
		p.Done(path)
	}
}

// PrintInfoSheet notes the sheet asked for (the app's print.go makes it).
func (s *Shell) PrintInfoSheet(personID, activityID string, large bool) {
	s.Sheets = append(s.Sheets, fmt.Sprintf("%s %s %v", personID, activityID, large))
}

// Meta reads a device setting.
func (s *Shell) Meta(name string) string {
	b, _ := s.St.Meta(name)
	return string(b)
}

// SetMeta writes device settings.
func (s *Shell) SetMeta(values map[string]string) {
	m := make(map[string][]byte, len(values))
	for k, v := range values {
		m[k] = []byte(v)
	}
	if err := s.St.SetMeta(m); err != nil {
		s.ShowError("The setting was not saved", err, "")
	}
}
