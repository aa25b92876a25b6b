package lock

import (
	"errors"
	"os"
	"path/filepath"
	"time"

	"github.com/gather-sp/gather/demo"
	"github.com/gather-sp/gather/keyslot"
)

// syncRun runs work and done on the caller's goroutine: for screenshots
// and tests, where nothing may happen later.
func syncRun(work, done func()) {
	work()
	done()
}

// DemoStaff are the people on the key file Screens makes: the demo's
// own staff (demo.Staff, administrator first), the ones `make run` puts on
// a demo device, so the lock screens in the pictures name people the
// rest of the pictures show.
func DemoStaff() []keyslot.Member {
	var out []keyslot.Member
	for _, s := range demo.Staff() {
		out = append(out, keyslot.Member{ID: s.ID, Name: s.Name, Role: s.Role})
	}
	return out
}

// DemoPIN is every demo staff member's PIN.
const DemoPIN = demo.PIN

// Who the lock screens show: the link worker at the PIN pad, a
// facilitator after a wrong PIN, the volunteer locked out, and the
// colleague whose first unlock uses a setup code.
const (
	demoLinkWorker = demo.IDPrefix + "staff-priya"
	demoWrongPIN   = demo.StaffFacilitator
	demoLockedOut  = demo.IDPrefix + "staff-sam"
	demoNewHere    = demo.IDPrefix + "staff-hannah"
)

// DemoKeys makes a key file in dir with DemoStaff (the volunteer locked
// out), with cheap Argon2id parameters: for screenshots and tests only,
// never for a real device.
func DemoKeys(dir string, now func() time.Time) (*keyslot.File, error) {
	return demoKeys(dir, now, "")
}

// demoKeys is DemoKeys without the member whose id is left (none for "").
func demoKeys(dir string, now func() time.Time, left string) (*keyslot.File, error) {
	staff := DemoStaff()
	opts := keyslot.Options{Params: keyslot.TestParams, Now: now}
	kf, admin, err := keyslot.Create(filepath.Join(dir, keyslot.FileName), staff[0], DemoPIN, opts)
	if err != nil {
		return nil, err
	}
	defer admin.Forget()
	for _, m := range staff[1:] {
		if m.ID == left {
			continue
		}
		if err := kf.AddStaff(admin, m, DemoPIN); err != nil {
			return nil, err
		}
	}
	for i := 0; i < 5; i++ {
		kf.Unlock(demoLockedOut, "000000")
		opts.Now = func() time.Time { return now().Add(time.Duration(i+1) * time.Hour) }
		kf, _ = keyslot.Open(filepath.Join(dir, keyslot.FileName), opts)
	}
	kf, err = keyslot.Open(filepath.Join(dir, keyslot.FileName), keyslot.Options{Params: keyslot.TestParams, Now: now})
	return kf, err
}

// Screens returns every lock screen, on a demo key file made in dir, for
// the shell's `make screenshots` tool: setup, the staff tiles, the PIN pad,
// a wrong PIN, a self-completion form handed back, a lockout and "Change
// my PIN".
func Screens(dir string) ([]Screen, error) {
	now := func() time.Time { return time.Date(2026, 11, 21, 10, 20, 0, 0, time.UTC) }
	kf, err := DemoKeys(dir, now)
	if err != nil {
		return nil, err
	}
	var out []Screen
	setup := NewSetup(SetupOptions{Path: filepath.Join(dir, "unused-"+keyslot.FileName), Run: syncRun, OnRestore: func() {}})
	admin := DemoStaff()[0]
	setup.name.SetText(admin.Name)
	setup.pin.SetText("123456")
	out = append(out, Screen{"setup", setup.Content()})

	restore := NewRestore(RestoreOptions{File: "/media/usb/gather-backup-2026-11-20.gatherbackup", Members: kf.Members(), Run: syncRun,
		Restore: func(string, string) error {
			return errors.New("wrong PIN for " + admin.Name + " in this backup (the PIN they had when it was made); nothing was restored")
		}})
	restore.pin.SetText("111222")
	restore.onRestore()
	restore.pin.SetText("7391")
	out = append(out, Screen{"restore-backup", restore.Content()})

	tiles := newUnlock(kf, syncRun, nil, nil, nil)
	out = append(out, Screen{"unlock-staff", tiles.Content()})

	pad := newUnlock(kf, syncRun, nil, nil, nil)
	pad.ShowPIN(demoLinkWorker)
	pad.pin.SetText("739")
	out = append(out, Screen{"unlock-pin", pad.Content()})

	wrong := newUnlock(kf, syncRun, nil, nil, nil)
	wrong.ShowPIN(demoWrongPIN)
	wrong.pin.SetText("111222")
	wrong.onSubmit()
	out = append(out, Screen{"unlock-wrong-pin", wrong.Content()})

	// "Staff: unlock" on a self-completion form: the link worker's pad.
	back := newUnlock(kf, syncRun, nil, nil, nil)
	back.ShowPIN(demoLinkWorker)
	back.hint.SetText(handBackHint)
	out = append(out, Screen{"unlock-hand-back", back.Content()})

	locked := newUnlock(kf, syncRun, nil, nil, nil)
	locked.ShowPIN(demoLockedOut)
	out = append(out, Screen{"unlock-locked-out", locked.Content()})

	change := NewChangePIN(kf, ChangePINOptions{StaffID: demoLinkWorker, Run: syncRun})
	change.current.SetText(DemoPIN)
	change.pin.SetText("4071")
	out = append(out, Screen{"change-pin", change.Content()})

	// A colleague added on the office computer, with a setup code: their
	// tile, and their first unlock here. On a key file of its own, without
	// them, so the other pictures show everyone with a PIN.
	newDir := filepath.Join(dir, "new-staff")
	if err := os.MkdirAll(newDir, 0o700); err != nil {
		return nil, err
	}
	nkf, err := demoKeys(newDir, now, demoNewHere)
	if err != nil {
		return nil, err
	}
	var colleague keyslot.Member
	for _, m := range DemoStaff() {
		if m.ID == demoNewHere {
			colleague = m
		}
	}
	by, err := nkf.Unlock(admin.ID, DemoPIN)
	if err != nil {
		return nil, err
	}
	defer by.Forget()
	_, inv, err := keyslot.NewInvite(keyslot.TestParams, now().Add(14*24*time.Hour))
	if err == nil {
		err = nkf.AddInvite(by, colleague, inv)
	}
	if err != nil {
		return nil, err
	}
	out = append(out, Screen{"unlock-new-staff", newUnlock(nkf, syncRun, nil, nil, nil).Content()})
	first := newUnlock(nkf, syncRun, nil, nil, nil)
	first.ShowNew(colleague.ID)
	first.first.code.SetText("K7QM-3XPA-9TRD")
	first.first.pin.SetText("620418")
	out = append(out, Screen{"unlock-first-time", first.Content()})
	return out, nil
}
