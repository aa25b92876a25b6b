package app

import (
	"time"

	"github.com/gather-sp/gather/app/shell"
)

// The services the shell is given are declared in package shell, so the
// screen packages can use them; these names keep New's callers short.
type (
	Store         = shell.Store
	Lock          = shell.Lock
	StaffKeys     = shell.StaffKeys
	SyncState     = shell.SyncState
	SyncStatus    = shell.SyncStatus
	Syncer        = shell.Syncer
	DeviceAdmin   = shell.DeviceAdmin
	DeviceScope   = shell.DeviceScope
	Enrolment     = shell.Enrolment
	DeviceInfo    = shell.DeviceInfo
	EnrolmentCode = shell.EnrolmentCode
	RefusedChange = shell.RefusedChange
	RefusedLister = shell.RefusedLister
	RefusedUndoer = shell.RefusedUndoer
	Screen        = shell.Screen
)

// The sync states, errors and the like, under their old names.
const (
	SyncNotConnected = shell.SyncNotConnected
	SyncOffline      = shell.SyncOffline
	SyncSyncing      = shell.SyncSyncing
	SyncSynced       = shell.SyncSynced
	SyncError        = shell.SyncError
)

var (
	ErrServerUnreachable = shell.ErrServerUnreachable
	ErrNotEnrolled       = shell.ErrNotEnrolled
	ErrOtherOrganisation = shell.ErrOtherOrganisation
)

// OtherOrganisationError is shell.OtherOrganisationError.
type OtherOrganisationError = shell.OtherOrganisationError

// Options configure New.
type Options struct {
	Store Store

	// LayoutLog, when set, is told where the register's controls are on
	// screen (in window pixels) as it opens, marks and closes: the
	// real-window smoke test clicks them with xdotool and checks nothing
	// covers the first row. Nil in normal use.
	LayoutLog func(event string, attrs ...any)
	Syncer    Syncer // nil: no server ("Not set up to sync — saved on this device")

	// Lock is the device lock; nil: no PINs (tests and screenshots only).
	Lock Lock
	// Keys manages who may unlock this device; nil hides staff management.
	Keys StaffKeys
	// ChangePIN builds "Change my PIN" for whoever is using the device,
	// calling done after a change; nil hides it (no PINs).
	ChangePIN func(done func()) Screen

	// Demo writes demo data into the store; nil hides the demo choices.
	// DemoPIN, when set, is the PIN demo staff unlock with; first run says it.
	Demo    func() error
	DemoPIN string

	// Now is the clock (tests pin it); nil means time.Now.
	Now func() time.Time

	// Inline runs slow work (working out reports, connecting) on the calling
	// goroutine: for screenshots, where Fyne's test driver would otherwise
	// run the screen's update on the worker goroutine while the window is
	// being drawn.
	Inline bool

	// Run, when set, runs slow work and then done on the UI goroutine in
	// place of a goroutine and fyne.Do: the app's end-to-end tests pass
	// their own, so the screen's update waits for the test's goroutine.
	Run func(work, done func())

	// PrintDir is where printable PDFs are written; "" means the user's
	// Documents folder (or the home folder).
	PrintDir string

	// OpenFile opens a written file (a PDF) with the system's viewer; nil
	// uses the app's OpenURL.
	OpenFile func(path string) error

	// Backup writes an encrypted backup of this device (its records and
	// key file) to path, readable by its owner only, as the administrator
	// using the device, and records it in the audit trail; nil hides
	// "Back up this device…". It replaces a file at path only with a
	// complete backup, and leaves it as it was when it fails. It is slow:
	// the UI calls it off the UI goroutine. It returns whose PINs open
	// the backup, in a sentence.
	Backup func(path string) (opensWith string, err error)
}
