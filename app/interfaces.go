package app

import (
	"context"
	"time"

	"github.com/gather-sp/gather/record"
	"github.com/gather-sp/gather/storage"
)

// Store is what the UI needs from the device store (*storage.Store has it).
type Store interface {
	Save(staff string, changes ...record.Change) error
	View() *storage.View
	Changed() <-chan struct{}
	Meta(name string) ([]byte, error)
	SetMeta(values map[string][]byte) error
}

// SyncState is what the sync client is doing.
type SyncState int

// The sync states the status line shows.
const (
	SyncNotConnected SyncState = iota // never enrolled with a server
	SyncOffline                       // enrolled, no connection just now
	SyncSyncing                       // pushing or pulling
	SyncSynced                        // up to date as of LastSynced
	SyncError                         // the last attempt failed; Err says why
)

// SyncStatus is a snapshot of the sync client's state.
type SyncStatus struct {
	State      SyncState
	Progress   float64 // 0..1 while syncing; 0 when unknown
	Pending    int     // changes saved here and not yet on the server
	LastSynced time.Time
	Err        error
	Server     string // the server address, when connected
}

// Syncer is what the UI needs from the sync client. It must never block the
// UI: Status returns at once, SyncNow only asks for a sync soon, Updates
// delivers a value (or is closed and replaced) whenever Status changes.
type Syncer interface {
	Status() SyncStatus
	Updates() <-chan struct{}
	SyncNow()
	// Connect enrols this device with a server using a one-time code. It may
	// take a while; the UI calls it from a goroutine.
	Connect(ctx context.Context, serverURL, code string) error
}

// Options configure New.
type Options struct {
	Store  Store
	Syncer Syncer // nil: not connected ("Offline — saved on this device")

	// Demo writes demo data into the store; nil hides the demo choices.
	Demo func() error

	// Now is the clock (tests pin it); nil means time.Now.
	Now func() time.Time

	// PrintDir is where printable PDFs are written; "" means the user's
	// Documents folder (or the home folder).
	PrintDir string

	// OpenFile opens a written file (a PDF) with the system's viewer; nil
	// uses the app's OpenURL.
	OpenFile func(path string) error
}
