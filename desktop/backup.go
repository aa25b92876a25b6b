package desktop

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/gather-sp/gather/access"
	"github.com/gather-sp/gather/app/lock"
	"github.com/gather-sp/gather/app/shell"
	"github.com/gather-sp/gather/audit"
	"github.com/gather-sp/gather/device"
	"github.com/gather-sp/gather/domain"
	"github.com/gather-sp/gather/keyslot"
	"github.com/gather-sp/gather/paper"
	"github.com/gather-sp/gather/storage"
	"github.com/gather-sp/gather/sync/client"
)

// Backing up and restoring a device is for administrators, like the rest
// of managing devices; a backup opens for them only (device.RestoreAction).
const backupAction = device.RestoreAction

// backupWhat is the audit trail's words for a backup.
const backupWhat = "backup of this device (every record and its key file)"

// Backup is `gather backup --out FILE`: an administrator's PIN, then the
// device's store and key file in one encrypted file, readable by its owner
// only, recorded in the audit trail.
func Backup(paths device.Paths, staffID string, args []string, stdin io.Reader, stdout io.Writer) error {
	fs := flag.NewFlagSet("gather backup", flag.ContinueOnError)
	out := fs.String("out", "", "the backup file to write (readable by you only)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *out == "" || fs.NArg() > 0 {
		return errors.New("say where to write the backup: gather backup --as STAFF-ID --out FILE")
	}
	if err := outsideData(*out, paths); err != nil {
		return err
	}
	st, u, err := openAs(paths, staffID, stdin, backupAction, "backing up a device is")
	if errors.Is(err, device.ErrAlreadyOpen) {
		return fmt.Errorf("Gather is open on this device: back it up from that window (Settings, Back up this device), or close it and run gather backup again")
	}
	if err != nil {
		return err
	}
	defer u.Forget()
	defer st.Close()
	opens, err := backUp(*out, paths, st, u)
	if err != nil {
		return err
	}
	info, _ := os.Stat(*out)
	fmt.Fprintf(stdout, "Backed up this device to %s (%s).\n%s\nKeep it somewhere safe, away from this device.\n"+
		"To put it back on a new machine: gather restore --data NEW-FOLDER %s\n", *out, sizeText(info), opens, *out)
	return nil
}

// backUp is Settings' "Back up this device…": as whoever is using the
// window, which backUp below checks is an administrator.
// It runs off the UI goroutine, so it is given the store it may use.
func (s *session) backUp(st *storage.Store, path string) (string, error) {
	u := s.gate.Current()
	if u == nil {
		return "", errors.New("the device is locked")
	}
	return backUp(path, s.paths, st, u)
}

// backUp writes the backup to path (readable by its owner only) and
// records it in the audit trail. A file already at path (last week's
// backup) is replaced only by a complete backup that is recorded: the
// entry is saved once the backup is written, before it is renamed over
// path, so a backup that fails, or cannot be recorded, leaves path as it
// was. (If the rename then fails, the trail notes a backup not kept:
// better than a backup kept but not noted.) It returns whose PINs open
// the backup, in words (opensWith).
func backUp(path string, paths device.Paths, st *storage.Store, u *keyslot.Unlocked) (string, error) {
	if !access.CanDo(u.Role, backupAction) {
		return "", fmt.Errorf("backing up a device is for %s", strings.Join(access.RolesThatCan(backupAction), " and "))
	}
	if err := outsideData(path, paths); err != nil {
		return "", err
	}
	var unrecorded error
	recorded := false
	var to, notYet []keyslot.Member
	err := paper.WriteFile(path, func(w io.Writer) error {
		var err error
		if to, notYet, err = device.WriteBackup(w, paths, st, u.Key()); err != nil {
			return err
		}
		rec := audit.Recorder{Device: st.Device()}
		unrecorded = st.Save(u.ID, rec.Entry(u.ID, audit.ActionExported, "", "", backupWhat))
		recorded = unrecorded == nil
		return unrecorded
	})
	switch {
	case unrecorded != nil:
		return "", fmt.Errorf("the backup was not kept, as it could not be noted in the audit trail: %w", unrecorded)
	case err != nil && recorded:
		return "", fmt.Errorf("the backup was not kept, though the audit trail notes it: %w", err)
	case err != nil:
		return "", fmt.Errorf("the backup was not made: %w", err)
	}
	return opensWith(to, notYet), nil
}

// opensWith says whose PINs open a backup (to), and whose do not yet
// (notYet: slots from before backup keys, whose owners have not unlocked
// since), so nobody finds out at the restore.
func opensWith(to, notYet []keyslot.Member) string {
	names := func(ms []keyslot.Member, join string) string {
		n := make([]string, len(ms))
		for i, m := range ms {
			n[i] = m.Name
		}
		if len(n) == 1 {
			return n[0]
		}
		return strings.Join(n[:len(n)-1], ", ") + join + n[len(n)-1]
	}
	out := "It opens only with the PIN of " + shell.WithArticle(strings.Join(access.RolesThatCan(backupAction), " or ")) +
		" on this device today: " + names(to, " or ") + "."
	if len(notYet) > 0 {
		out += " " + names(notYet, " and ") + " cannot open it yet: back up again once they have unlocked this device."
	}
	return out
}

// outsideData refuses a backup inside the data folder: it would be lost
// with the records, and would stop the folder being restored into.
func outsideData(path string, paths device.Paths) error {
	abs, err := filepath.Abs(path)
	if err != nil {
		return err
	}
	if dir, err := filepath.Abs(paths.Dir); err == nil && strings.HasPrefix(abs, dir+string(filepath.Separator)) {
		return fmt.Errorf("save the backup outside Gather's own folder %s: a backup kept beside the records is lost with them", paths.Dir)
	}
	return nil
}

func sizeText(info os.FileInfo) string {
	if info == nil {
		return "size unknown"
	}
	if n := info.Size(); n >= 1<<20 {
		return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
	}
	return fmt.Sprintf("%d KB", (info.Size()+1023)/1024)
}

// Restore is `gather restore FILE`: into an empty data folder, after an
// administrator's PIN has opened the backup's key file. Nothing is written
// before the PIN is right.
func Restore(paths device.Paths, staffID string, args []string, stdin io.Reader, stdout io.Writer) error {
	if len(args) != 1 || strings.HasPrefix(args[0], "-") {
		return errors.New("say which backup to restore: gather restore [--data DIR] [--as STAFF-ID] FILE")
	}
	file := args[0]
	if err := device.CheckEmpty(paths); err != nil {
		return fmt.Errorf("%w, or give a new one with --data DIR", err)
	}
	members, err := backupMembers(file)
	if err != nil {
		return err
	}
	if staffID, err = whoIs(members, staffID, "in this backup"); err != nil {
		return err
	}
	pin, err := readPIN(stdin, os.Stderr, members, staffID)
	if err != nil {
		return err
	}
	u, server, err := restoreFile(paths, file, staffID, pin)
	if err != nil {
		return err
	}
	defer u.Forget()
	fmt.Fprintf(stdout, "Restored into %s. Everyone who was on the device when it was backed up unlocks it with their PIN from then.\n"+
		"Start Gather with: gather --data %s\n", paths.Dir, paths.Dir)
	if server != "" {
		fmt.Fprintf(stdout, "It syncs with %s as the same device: the server sees it was put back from a backup and takes everything "+
			"it has that the server lacks. Do not use the old copy of this device any more.\n"+
			"If an administrator removed the old device from the server, this one keeps everything and asks, in Settings, "+
			"to be connected again with a new connection code.\n", server)
	}
	return nil
}

// backupMembers reads who is on the key file in a backup.
func backupMembers(file string) ([]keyslot.Member, error) {
	f, err := os.Open(file)
	if err != nil {
		return nil, fmt.Errorf("cannot open the backup: %w", err)
	}
	defer f.Close()
	bk, err := device.OpenBackup(f)
	if err != nil {
		return nil, err
	}
	return bk.Members(), nil
}

// restoreFile restores the backup in file into the empty data folder of
// paths once staffID's PIN (an administrator's, from when the backup was
// made) opens it, and notes the restore in the restored audit trail. It
// returns who unlocked it, signed in (signIn: their role the one their
// staff record in the backup leaves them), and the server the device
// syncs with. Nothing is written unless the PIN is right and restoring is
// theirs to do by that role (one whose record an administrator deleted
// is refused); `gather restore` and first run's "Restore from a backup"
// both come here.
func restoreFile(paths device.Paths, file, staffID, pin string) (*keyslot.Unlocked, string, error) {
	if err := device.CheckEmpty(paths); err != nil {
		return nil, "", err
	}
	f, err := os.Open(file)
	if err != nil {
		return nil, "", fmt.Errorf("cannot open the backup: %w", err)
	}
	defer f.Close()
	bk, err := device.OpenBackup(f)
	if err != nil {
		return nil, "", err
	}
	var holders []string // whose PINs open it (of a version 1 backup, everyone's), who may restore
	for _, m := range bk.Members() {
		if mayRestore(m) == nil {
			holders = append(holders, m.Name)
		}
	}
	name, found := staffID, false
	members, _ := keyslot.MembersIn(bk.KeyFile())
	for _, m := range members {
		if m.ID == staffID {
			name, found = m.Name, true
			// A backup opens only for those it may restore: say so by
			// their role, before their PIN is tried.
			if err := mayRestore(m); err != nil {
				return nil, "", err
			}
		}
	}
	if !found {
		return nil, "", fmt.Errorf("%s is not on the device this backup was made of: restore it with the PIN of %s; nothing was restored",
			staffID, strings.Join(holders, " or "))
	}
	u, err := bk.Unlock(staffID, pin)
	if errors.Is(err, keyslot.ErrNotInLock) {
		return nil, "", fmt.Errorf("%s's PIN does not open this backup: they had not unlocked the device since Gather was updated "+
			"when it was made. Restore it with the PIN of %s; nothing was restored", name, strings.Join(holders, " or "))
	}
	if errors.Is(err, keyslot.ErrWrongPIN) {
		return nil, "", errors.New("wrong PIN for " + name + " in this backup (the PIN they had when it was made); nothing was restored")
	}
	if errors.Is(err, keyslot.ErrLockedOut) {
		// keyslot's words ask an administrator to unlock: nobody can, in a
		// copy.
		return nil, "", errors.New(name + "'s PIN was locked after too many wrong PINs when this backup was made, and stays locked in it: " +
			"restore it with another administrator's PIN from then; nothing was restored")
	}
	if err != nil {
		return nil, "", err
	}
	// The key file's role first, which sign-in only ever lowers: a
	// volunteer is refused before the records are written out.
	if err := mayRestore(u.Member); err != nil {
		u.Forget()
		return nil, "", err
	}
	// Then as at unlock (signIn), by their staff record in the backup's
	// records, before the key file makes the restore whole.
	err = bk.RestoreInto(paths, u, func(st *storage.Store) error {
		if _, err := signIn(st, u, bk.LastAdministrator(u.ID)); err != nil {
			return fmt.Errorf("%s. Nothing was restored", strings.TrimRight(err.Error(), ". "))
		}
		return mayRestore(u.Member)
	})
	if err != nil {
		u.Forget()
		return nil, "", err
	}
	server, err := noteRestore(paths, u, time.Now())
	if err != nil {
		u.Forget()
		return nil, "", err
	}
	return u, server, nil
}

// mayRestore refuses a restore to u (as they signed in, or as the
// backup's key file has them) unless restoring is theirs to do.
func mayRestore(u keyslot.Member) error {
	if access.CanDo(u.Role, backupAction) {
		return nil
	}
	return fmt.Errorf("%s is %s, and restoring a device is for %s: ask one to give their PIN. Nothing was restored",
		u.Name, shell.WithArticle(u.Role), rolesAsGroup(access.RolesThatCan(backupAction)))
}

// rolesAsGroup names roles as a group: "administrators", "link workers and
// reception staff".
func rolesAsGroup(roles []string) string {
	out := make([]string, len(roles))
	for i, r := range roles {
		out[i] = strings.TrimPrefix(strings.TrimPrefix(shell.WithArticle(r), "a "), "an ")
		if out[i] == r {
			out[i] += "s"
		}
	}
	return strings.Join(out, " and ")
}

// chooseBackup is first run's "Restore from a backup…": Fyne's open
// dialog, then the restore screen for the file chosen.
func (s *session) chooseBackup() {
	d := dialog.NewFileOpen(func(r fyne.URIReadCloser, err error) {
		if err != nil {
			s.showProblem("The backup could not be opened", err)
			return
		}
		if r == nil {
			return // they changed their mind
		}
		path := r.URI().Path()
		r.Close()
		s.showRestore(path)
	}, s.win)
	d.SetTitleText("Choose the backup to restore")
	d.SetConfirmText("Choose")
	d.Resize(fyne.NewSize(900, 640))
	d.Show()
}

// showRestore asks an administrator in the backup at path for their PIN,
// restores it, and opens the restored device unlocked as them.
func (s *session) showRestore(path string) {
	back := widget.NewButtonWithIcon("Back", theme.NavigateBackIcon(), s.showSetup)
	members, err := backupMembers(path)
	if err != nil {
		msg := strings.TrimRight(err.Error(), ". ") + "."
		msg = strings.ToUpper(msg[:1]) + msg[1:]
		if !errors.Is(err, device.ErrNewerBackup) { // that one is fine: Gather is to change, not the file
			msg += " Choose another copy of the backup."
		}
		s.showMessage("This file cannot be restored", msg, back)
		return
	}
	var restored *keyslot.Unlocked
	r := lock.NewRestore(lock.RestoreOptions{File: path, Members: members, Run: s.run, OnBack: s.showSetup,
		Restore: func(staffID, pin string) error {
			u, _, err := restoreFile(s.paths, path, staffID, pin)
			restored = u
			return err
		},
		OnDone: func() { s.openRestored(restored) }})
	s.win.SetContent(r.Content())
}

// openRestored opens the device just restored, unlocked as the
// administrator who restored it, with the role restoreFile signed them in
// with (open signs them in again on the same records, as at unlock).
func (s *session) openRestored(u *keyslot.Unlocked) {
	kf, err := keyslot.Open(s.paths.Keys, keyslot.Options{})
	if err != nil {
		u.Forget()
		s.showProblem("The restored device could not be opened", err)
		return
	}
	device.ClearWiped(s.paths)
	s.kf = kf
	s.newGate()
	if err := s.open(u); err != nil {
		u.Forget()
		if errors.Is(err, device.ErrRevoked) {
			return // wiped, and the window says so
		}
		s.showProblem("The restored records could not be opened", err)
		return
	}
	s.gate.Begin(u)
	s.ui.StartSignedIn(s.staffOf(u))
}

// noteRestore opens the restored store to check it and to record the
// restore in its audit trail, and returns the server it syncs with.
func noteRestore(paths device.Paths, u *keyslot.Unlocked, now time.Time) (string, error) {
	st, err := device.OpenStore(paths, u.Key(), storage.Options{})
	if err != nil {
		return "", fmt.Errorf("the backup was put back, but its records do not open: %w", err)
	}
	defer st.Close()
	rec := audit.Recorder{Device: st.Device()}
	changes := append(rec.Unlocked(u.ID, 0, time.Time{}),
		rec.Entry(u.ID, audit.ActionRestored, domain.KindStaff, u.ID, "this device put back from a backup on "+now.Format("2 January 2006 at 15:04")))
	if err := st.Save(u.ID, changes...); err != nil {
		return "", err
	}
	server, _ := st.Meta(client.MetaServer)
	return string(server), nil
}
