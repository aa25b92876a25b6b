// Package register is the facilitator's part of Gather: Today (the
// sessions at this device's venues on a day, cancelling and un-cancelling
// them) and a session's register (marking who came, undo, walk-ins,
// closing and reopening the session, first-session welcomes, the
// printable register). The screens call domain's register actions
// (domain.MarkPerson, AddWalkIn, CloseSession, ReopenSession, ...) and
// save what they return through the shell; they build no records.
package register

import "fyne.io/fyne/v2"

// Hooks are the shell's extras for the register; the zero value is right
// for tests.
type Hooks struct {
	// LayoutLog, when set, is told where the register's controls are on
	// screen (app.Options.LayoutLog: the real-window smoke test).
	LayoutLog func(event string, attrs ...any)
	// Do runs f on the UI goroutine; nil means fyne.Do.
	Do func(f func())
}

func (h Hooks) do(f func()) {
	if h.Do != nil {
		h.Do(f)
		return
	}
	fyne.Do(f)
}
