package lock

import (
	"errors"
	"path/filepath"
	"time"

	"github.com/gather-sp/gather/domain"
	"github.com/gather-sp/gather/keyslot"
)

// syncRun runs work and done on the caller's goroutine: for screenshots
// and tests, where nothing may happen later.
func syncRun(work, done func()) {
	work()
	done()
}

// DemoStaff are the people on the key file Screens makes.
var DemoStaff = []keyslot.Member{
	{ID: "staff-ada", Name: "Ada Lovelace", Role: domain.RoleAdministrator},
	{ID: "staff-priya", Name: "Priya Shah", Role: domain.RoleLinkWorker},
	{ID: "staff-rosa", Name: "Rosa Diaz", Role: domain.RoleReception},
	{ID: "staff-sam", Name: "Sam Okafor", Role: domain.RoleFacilitator},
	{ID: "staff-val", Name: "Val Jones", Role: domain.RoleVolunteer},
	{ID: "staff-tom", Name: "Tom Baker", Role: domain.RoleVolunteer},
}

// DemoPIN is every demo staff member's PIN.
const DemoPIN = "739155"

// DemoKeys makes a key file in dir with DemoStaff (Tom locked out, Val
// after one wrong PIN), with cheap Argon2id parameters: for screenshots
// and tests only, never for a real device.
func DemoKeys(dir string, now func() time.Time) (*keyslot.File, error) {
	opts := keyslot.Options{Params: keyslot.TestParams, Now: now}
	kf, admin, err := keyslot.Create(filepath.Join(dir, keyslot.FileName), DemoStaff[0], DemoPIN, opts)
	if err != nil {
		return nil, err
	}
	defer admin.Forget()
	for _, m := range DemoStaff[1:] {
		if err := kf.AddStaff(admin, m, DemoPIN); err != nil {
			return nil, err
		}
	}
	for i := 0; i < 5; i++ {
		kf.Unlock("staff-tom", "000000")
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
	setup.name.SetText("Ada Lovelace")
	setup.pin.SetText("123456")
	out = append(out, Screen{"setup", setup.Content()})

	restore := NewRestore(RestoreOptions{File: "/media/usb/gather-backup-2026-11-20.gatherbackup", Members: kf.Members(), Run: syncRun,
		Restore: func(string, string) error {
			return errors.New("wrong PIN for Ada Lovelace in this backup (the PIN they had when it was made); nothing was restored")
		}})
	restore.pin.SetText("111222")
	restore.onRestore()
	restore.pin.SetText("7391")
	out = append(out, Screen{"restore-backup", restore.Content()})

	tiles := newUnlock(kf, syncRun, nil, nil, nil)
	out = append(out, Screen{"unlock-staff", tiles.Content()})

	pad := newUnlock(kf, syncRun, nil, nil, nil)
	pad.ShowPIN("staff-priya")
	pad.pin.SetText("739")
	out = append(out, Screen{"unlock-pin", pad.Content()})

	wrong := newUnlock(kf, syncRun, nil, nil, nil)
	wrong.ShowPIN("staff-val")
	wrong.pin.SetText("111222")
	wrong.onSubmit()
	out = append(out, Screen{"unlock-wrong-pin", wrong.Content()})

	// "Staff: unlock" on a self-completion form: the link worker's pad.
	back := newUnlock(kf, syncRun, nil, nil, nil)
	back.ShowPIN("staff-priya")
	back.hint.SetText(handBackHint)
	out = append(out, Screen{"unlock-hand-back", back.Content()})

	locked := newUnlock(kf, syncRun, nil, nil, nil)
	locked.ShowPIN("staff-tom")
	out = append(out, Screen{"unlock-locked-out", locked.Content()})

	change := NewChangePIN(kf, ChangePINOptions{StaffID: "staff-priya", Run: syncRun})
	change.current.SetText("739155")
	change.pin.SetText("4071")
	out = append(out, Screen{"change-pin", change.Content()})

	// A colleague added on the office computer, with a setup code: their
	// tile, and their first unlock here.
	if by, err := kf.Unlock(DemoStaff[0].ID, DemoPIN); err == nil {
		_, inv, err := keyslot.NewInvite(keyslot.TestParams, now().Add(14*24*time.Hour))
		nia := keyslot.Member{ID: "staff-nia", Name: "Nia Okoro", Role: "facilitator"}
		if err == nil && kf.AddInvite(by, nia, inv) == nil {
			out = append(out, Screen{"unlock-new-staff", newUnlock(kf, syncRun, nil, nil, nil).Content()})
			first := newUnlock(kf, syncRun, nil, nil, nil)
			first.ShowNew(nia.ID)
			first.first.code.SetText("K7QM-3XPA-9TRD")
			first.first.pin.SetText("620418")
			out = append(out, Screen{"unlock-first-time", first.Content()})
		}
		by.Forget()
	}
	return out, nil
}
