package app

import (
	"net/url"
	"slices"

	"github.com/gather-sp/gather/access"
	"github.com/gather-sp/gather/app/admin"
	"github.com/gather-sp/gather/app/casework"
	"github.com/gather-sp/gather/app/people"
	"github.com/gather-sp/gather/app/reports"
	"github.com/gather-sp/gather/app/shell"
	"github.com/gather-sp/gather/record"
)

// adminServices are what the Admin screen needs from the shell: the key
// file, the sync client's device management (read each time: the client
// may be replaced), signing out, and where exports go and how they open.
func (u *UI) adminServices() admin.Services {
	return admin.Services{
		Keys: u.opts.Keys,
		DeviceAdmin: func() shell.DeviceAdmin {
			da, _ := u.opts.Syncer.(DeviceAdmin)
			return da
		},
		Server: func() string {
			if u.opts.Syncer == nil {
				return ""
			}
			return u.opts.Syncer.Status().Server
		},
		SignOut: func() {
			if u.opts.Lock != nil {
				u.opts.Lock.SwitchStaff()
				return
			}
			u.showWhoIsUsing()
		},
		ExportDir: u.printDir,
		OpenFile: func(path string) error {
			if u.opts.OpenFile != nil {
				return u.opts.OpenFile(path)
			}
			return u.app.OpenURL(&url.URL{Scheme: "file", Path: path})
		},
	}
}

// caseworkContext is who is using the casework screens, and the hooks they
// need from the shell.
func (u *UI) caseworkContext() casework.Context {
	ctx := casework.Context{
		StaffID: u.staff.ID, StaffName: u.staff.Name, Role: u.staff.Role,
		Now: u.opts.Now, Window: u.win, OnLock: u.setNavLocked,
		FollowUpWeeks: u.View().OrgSettings().FollowUpWeeks,
		// The shell refreshes the screen on show after every commit.
		NoLiveRefresh: true,
		Push:          func(s casework.Entry) { u.Push(s) },
		OpenCard:      u.OpenPerson,
		LetterToGP:    func(id string) { people.LetterToGP(u, id) },
	}
	if u.opts.Lock != nil {
		// Without a lock there are no PINs, and a self-completion form
		// can only be finished (casework refuses to unlock it).
		ctx.Unlock = u.handBack
	}
	return ctx
}

// handBack is how staff take back a self-completion form: the device locks
// on the real unlock screen, and the form lets go only when the staff
// member who handed it over unlocks with their PIN. Anyone else who
// unlocks starts afresh on their own Today (SignIn), and the form is gone.
func (u *UI) handBack(done func(ok bool)) {
	who := u.staff.ID
	u.opts.Lock.LockUntilStaff(func(id string) {
		if id == who && u.staff.ID == who {
			done(true)
		}
	})
}

func (u *UI) reportsContext() reports.Context {
	return reports.Context{
		StaffID: u.staff.ID, Now: u.opts.Now, Window: u.win, ExportDir: u.lastFolder(metaExportDir, u.opts.PrintDir),
		NoLiveRefresh: true, Run: func(work, done func()) { u.runAsync(work, done) },
		OnExport: func(e reports.Export) {
			u.noteFolder(metaExportDir, e.Path)
			if err := u.saveUnseen(e.StaffID, u.Recorder().Exported(e.StaffID, e.What, e.Rows)); err != nil {
				u.ShowError("The export was written but not recorded in the audit trail", err,
					"The file is fine to use. Tell your administrator, so they can note the export by hand.")
			}
		},
	}
}

// saveUnseen saves changes the screen on show does not show (an export's
// audit entry). A screen that showed every commit before still does, so
// the save's change notice (Watch) leaves it be: Reports would work its
// figures out again and hide "Saved the PDF: <where>" at once.
func (u *UI) saveUnseen(staffID string, changes ...record.Change) error {
	before := u.opts.Store.Version()
	err := u.opts.Store.Save(staffID, changes...)
	if err == nil && u.current() != nil && u.shownVersion == before && u.opts.Store.Version() == before+1 {
		u.shownVersion = before + 1
	}
	return err
}

// setNavLocked keeps the person on the screen they were handed (a
// wellbeing form in self-completion mode): no navigation bar, no Back, no
// switching staff, until staff unlock it with their PIN. Finishing the
// form does not: its thank-you page is still in the person's hands.
func (u *UI) setNavLocked(locked bool) {
	if u.opts.Lock != nil && locked != u.navLocked {
		// The person filling the form in may take their time, and the
		// device must not lock in their hands: the idle time stretches to
		// the longest allowed while they have it, then comes back.
		if locked {
			u.heldIdle = u.opts.Lock.Idle()
			u.opts.Lock.SetIdle(maxHeldIdle)
		} else if u.heldIdle > 0 {
			u.opts.Lock.SetIdle(u.heldIdle)
			u.heldIdle = 0
		}
	}
	u.navLocked = locked
	if locked {
		u.navBar.Hide()
		u.backBtn.Hide()
		u.staffBtn.Disable()
	} else {
		if u.staff.ID != "" {
			u.navBar.Show()
		}
		if len(u.stack) > 0 {
			u.backBtn.Show()
		}
		u.staffBtn.Enable()
	}
	u.root.Refresh()
}

// maxHeldIdle is the idle time while a self-completion form is held: the
// longest the lock allows.
const maxHeldIdle = access.MaxIdle

// locked reports whether navigation is held by a self-completion form.
func (u *UI) locked() bool {
	if u.navLocked {
		return true
	}
	l, ok := u.current().(interface{ Locked() bool })
	return ok && l.Locked()
}

func without(all, drop []string) []string {
	var out []string
	for _, r := range all {
		if !slices.Contains(drop, r) {
			out = append(out, r)
		}
	}
	return out
}
