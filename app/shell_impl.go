package app

import (
	"time"

	"github.com/gather-sp/gather/app/casework"
	"github.com/gather-sp/gather/app/people"
	"github.com/gather-sp/gather/app/shell"
	"github.com/gather-sp/gather/domain"
)

// UI is the window every screen package is shown in.
var _ shell.Shell = (*UI)(nil)

// Store is the device store.
func (u *UI) Store() shell.Store { return u.opts.Store }

// Staff is who is using the device.
func (u *UI) Staff() domain.Staff { return u.staff }

// Now is the app's clock.
func (u *UI) Now() time.Time { return u.opts.Now() }

// Run runs work off the UI goroutine and done back on it (tests and
// screenshots run both inline, see Options.Run and Options.Inline).
func (u *UI) Run(work, done func()) { u.runAsync(work, done) }

// OpenPerson pushes a person's card.
func (u *UI) OpenPerson(personID string) { u.Push(people.NewCard(u, personID)) }

// newPersonScreen is a person's card, for the screens still in package
// app that open it themselves (the register: it can call OpenPerson).
func newPersonScreen(u *UI, personID string) *people.Card { return people.NewCard(u, personID) }

// OpenSession pushes a session's register.
func (u *UI) OpenSession(sessionID string) { u.Push(newRegisterScreen(u, sessionID)) }

// OpenCase pushes a person's case.
func (u *UI) OpenCase(personID string) {
	u.Push(casework.NewCase(u.opts.Store, u.caseworkContext(), personID))
}
