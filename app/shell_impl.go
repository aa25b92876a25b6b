package app

import (
	"time"

	"github.com/gather-sp/gather/app/casework"
	"github.com/gather-sp/gather/app/people"
	"github.com/gather-sp/gather/app/register"
	"github.com/gather-sp/gather/app/shell"
	"github.com/gather-sp/gather/domain"
)

// UI is the window every screen package is shown in.
var _ shell.Shell = (*UI)(nil)

// Store is the device store.
func (u *UI) Store() shell.Store { return u.opts.Store }

// Staff is who is using the device, working where their staff record
// says now (withVenues): an administrator may change that while they are
// signed in, on this device or another, and Today and the cards follow it
// from their next refresh, not from the next sign-in.
func (u *UI) Staff() domain.Staff {
	if u.staff.ID == "" {
		return u.staff
	}
	return withVenues(u.View(), u.staff)
}

// Now is the app's clock.
func (u *UI) Now() time.Time { return u.opts.Now() }

// Run runs work off the UI goroutine and done back on it (tests and
// screenshots run both inline, see Options.Run and Options.Inline).
func (u *UI) Run(work, done func()) { u.runAsync(work, done) }

// VenueDevice reports whether this device is enrolled with a server for
// some venues only (shell.VenueDevice).
func (u *UI) VenueDevice() bool { return shell.VenueDevice(u.opts.Store) }

// OpenPerson pushes a person's card.
func (u *UI) OpenPerson(personID string) { u.Push(people.NewCard(u, personID)) }

// OpenSession pushes a session's register.
func (u *UI) OpenSession(sessionID string) {
	u.Push(register.NewRegister(u, sessionID, u.registerHooks()))
}

// registerHooks are the shell's extras for the register screens.
func (u *UI) registerHooks() register.Hooks {
	return register.Hooks{LayoutLog: u.opts.LayoutLog, Do: u.do}
}

// OpenRegister shows today's register of an activity over Today, as "Open
// register" does: for a tablet that lives at one activity (gather
// --register). It reports false, leaving Today on show, when the activity
// has no session today.
func (u *UI) OpenRegister(activityID string) bool {
	if u.staff.ID == "" {
		return false
	}
	u.ShowNav("today")
	t, ok := u.screens["today"].(*register.Today)
	return ok && t.OpenActivity(activityID)
}

// OpenCase pushes a person's case.
func (u *UI) OpenCase(personID string) {
	u.Push(casework.NewCase(u.opts.Store, u.caseworkContext(), personID))
}
