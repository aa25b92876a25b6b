package shell

import (
	"io"
	"time"

	"fyne.io/fyne/v2"

	"github.com/gather-sp/gather/audit"
	"github.com/gather-sp/gather/domain"
	"github.com/gather-sp/gather/record"
	"github.com/gather-sp/gather/storage"
)

// Screen is one screen of the app: built once, refreshed from the store
// whenever it is shown and after commits it has not shown yet.
type Screen interface {
	Title() string
	Content() fyne.CanvasObject // built once, by the screen's constructor
	Refresh()                   // re-read the store
}

// Shell is what a screen gets from the window it is shown in. Every
// method is called on the UI goroutine.
type Shell interface {
	// Window is where dialogs open.
	Window() fyne.Window
	// Store is the device store; View its read model now.
	Store() Store
	View() *storage.View
	// Staff is who is using the device; empty before anyone signed in.
	Staff() domain.Staff
	// Now is the app's clock (tests pin it); Today its date.
	Now() time.Time
	Today() string

	// Save saves one action with its audit entries, in one transaction,
	// and tells the person in words when it could not. Screens never
	// build records: the changes come from domain's actions.
	Save(changes ...record.Change) error
	// Recorder makes audit entries for this device and clock.
	Recorder() audit.Recorder
	// Repaint re-reads the store into s (after its own save), so the
	// save's change notice does not repaint it a second time.
	Repaint(s Screen)
	// Run runs slow work off the UI goroutine, then done on it.
	Run(work, done func())
	// Touch notes input: it puts off the idle lock.
	Touch()

	// Push shows s on the one stack, with Back. Back leaves the screen on
	// top (asking first when it has unsaved changes); Pop leaves it
	// without asking (after a save). ShowNav opens a top-level screen.
	Push(s Screen)
	Back()
	Pop()
	ShowNav(id string)
	// OpenPerson pushes a person's card; OpenSession a session's
	// register.
	OpenPerson(personID string)
	OpenSession(sessionID string)
	// OpenCase pushes a person's case (casework), for those who may see it.
	OpenCase(personID string)

	// ShowError tells the person what went wrong, why, and what to do.
	ShowError(what string, err error, next string)
	// Print asks where to save a printout, writes it privately and
	// records it (see Printout).
	Print(p Printout)
	// PrintInfoSheet prints an activity's information sheet, for a person
	// (their way there and who meets them) when personID is set, in large
	// print when large.
	PrintInfoSheet(personID, activityID string, large bool)

	// Meta reads one of this device's settings; SetMeta writes some,
	// telling the person when it could not.
	Meta(name string) string
	SetMeta(values map[string]string)
	// DeviceVenues are the venues this device serves (nil: all of them);
	// VenueDevice is true on a venue tablet (enrolled for venues only).
	DeviceVenues() []string
	VenueDevice() bool
}

// Printout is a PDF to save: its suggested name, how to write it, and,
// when it names people, the audit entry that records it
// (audit.Recorder.Printed; none when its Kind is empty).
type Printout struct {
	Name  string
	Write func(w io.Writer) error
	Audit record.Change
	// Also are changes the print makes (a letter in each contact log):
	// saved with the audit entry, in one transaction, once the file is.
	Also []record.Change
	Done func(path string) // after it is saved and recorded
}

// Unsaved is a screen that can hold typed changes not saved yet (a form).
// The shell checks the screen on show for it: while Unsaved is true, Back
// and the navigation bar ask before throwing the changes away.
type Unsaved interface{ Unsaved() bool }
