package desktop

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"golang.org/x/term"

	"github.com/gather-sp/gather/access"
	"github.com/gather-sp/gather/app/casework"
	"github.com/gather-sp/gather/audit"
	"github.com/gather-sp/gather/demo"
	"github.com/gather-sp/gather/device"
	"github.com/gather-sp/gather/domain"
	"github.com/gather-sp/gather/keyslot"
	"github.com/gather-sp/gather/report"
	"github.com/gather-sp/gather/storage"
)

// appID is the Fyne application id, the same as ID in
// cmd/gather/FyneApp.toml: Fyne keeps the app's preferences under it.
const appID = "org.gather.app"

// writeDemo writes the register and casework demo data for today and marks
// the store as demo data.
func writeDemo(st *storage.Store, now time.Time) error {
	if _, err := demo.Generate(st, demo.Options{Seed: 1, Today: now}); err != nil {
		return err
	}
	if err := casework.SeedDemo(st, now); err != nil {
		return err
	}
	return st.SetMeta(map[string][]byte{demo.MetaKey: []byte("true"), "ui.setup": []byte("demo")})
}

// Demo sets up a new device with demo data: a key file with every demo
// staff member on it (all with demo.PIN), and the records.
func Demo(paths device.Paths, stdout io.Writer) error {
	if paths.IsSetUp() {
		return fmt.Errorf("%s is already set up; to try the demo, use a new folder: gather demo --data DIR", paths.Dir)
	}
	if device.HasOrphanStore(paths) {
		return fmt.Errorf("%s holds records from an earlier set-up whose key is gone; use a new folder: gather demo --data DIR", paths.Store)
	}
	if err := os.MkdirAll(paths.Dir, 0o700); err != nil {
		return fmt.Errorf("cannot make the folder %s: %w", paths.Dir, err)
	}
	staff := demo.Staff()
	member := func(s domain.Staff) keyslot.Member { return keyslot.Member{ID: s.ID, Name: s.Name, Role: s.Role} }
	kf, admin, err := keyslot.Create(paths.Keys, member(staff[0]), demo.PIN, keyslot.Options{})
	if err != nil {
		return err
	}
	defer admin.Forget()
	done := false
	defer func() {
		if !done { // half a demo device: take it away, so the command can run again
			device.Abandon(paths)
			os.RemoveAll(paths.Store)
		}
	}()
	for _, s := range staff[1:] {
		if err := kf.AddStaff(admin, member(s), demo.PIN); err != nil {
			return err
		}
	}
	st, err := device.OpenStore(paths, admin.Key(), storage.Options{})
	if err != nil {
		return err
	}
	defer st.Close()
	if err := writeDemo(st, time.Now()); err != nil {
		st.Close()
		return err
	}
	done = true
	fmt.Fprintf(stdout, "Demo data written to %s.\nStart Gather with: gather --data %s\nEvery demo staff member's PIN is %s.\n", paths.Dir, paths.Dir, demo.PIN)
	return nil
}

// unlockAt unlocks the device as staffID with a PIN read from stdin: at a
// terminal it asks without echoing.
// openAs is how a command starts: staffID's PIN from stdin, their role
// checked against action (what says who it is for: "reports are"), the
// store opened and the unlock recorded in the audit trail like one on the
// screen, wrong PINs before it too. The caller forgets u and closes st.
func openAs(paths device.Paths, staffID string, stdin io.Reader, action access.Action, what string) (*storage.Store, *keyslot.Unlocked, error) {
	kf, u, err := unlockAt(paths, staffID, stdin, os.Stderr)
	if err != nil {
		return nil, nil, err
	}
	if !access.CanDo(u.Role, action) {
		u.Forget()
		return nil, nil, fmt.Errorf("%s is a %s; %s for %s", u.Name, u.Role, what, strings.Join(access.RolesThatCan(action), " and "))
	}
	st, err := device.OpenStore(paths, u.Key(), storage.Options{})
	if err != nil {
		u.Forget()
		return nil, nil, err
	}
	// As on the unlock screen: their staff record may have removed them,
	// or lowered their role, on another device.
	staff, err := signInAs(kf, st, u)
	if err == nil && !access.CanDo(staff.Role, action) {
		err = fmt.Errorf("%s is a %s; %s for %s", u.Name, staff.Role, what, strings.Join(access.RolesThatCan(action), " and "))
	}
	if err != nil {
		st.Close()
		u.Forget()
		return nil, nil, err
	}
	rec := audit.Recorder{Device: st.Device()}
	if err := st.Save(u.ID, rec.Unlocked(u.ID, u.PriorFailures, u.LastFailure)...); err != nil {
		st.Close()
		u.Forget()
		return nil, nil, err
	}
	return st, u, nil
}

func unlockAt(paths device.Paths, staffID string, stdin io.Reader, prompt io.Writer) (*keyslot.File, *keyslot.Unlocked, error) {
	if !paths.IsSetUp() {
		if at, wiped := device.WipedAt(paths); wiped {
			return nil, nil, fmt.Errorf("an administrator removed this device on %s and everything Gather kept in %s was wiped; to use it again, start the app and set it up afresh",
				at.Local().Format("2 January 2006 at 15:04"), paths.Dir)
		}
		return nil, nil, fmt.Errorf("there are no Gather records in %s yet: start the app to set this device up", paths.Dir)
	}
	kf, err := keyslot.Open(paths.Keys, keyslot.Options{})
	if err != nil {
		return nil, nil, err
	}
	members := kf.Members()
	if staffID, err = whoIs(members, staffID, "on this device"); err != nil {
		return nil, nil, err
	}
	pin, err := readPIN(stdin, prompt, members, staffID)
	if err != nil {
		return nil, nil, err
	}
	u, err := kf.Unlock(staffID, pin)
	if err != nil {
		return nil, nil, err
	}
	return kf, u, nil
}

// readPIN reads staffID's PIN from stdin: at a terminal it asks without
// echoing, otherwise it reads one line.
func readPIN(stdin io.Reader, prompt io.Writer, members []keyslot.Member, staffID string) (string, error) {
	f, ok := stdin.(*os.File)
	if !ok || !term.IsTerminal(int(f.Fd())) {
		return ReadPINLine(stdin)
	}
	name := staffID
	for _, m := range members {
		if m.ID == staffID {
			name = m.Name
		}
	}
	fmt.Fprintf(prompt, "PIN for %s: ", name)
	b, err := term.ReadPassword(int(f.Fd()))
	fmt.Fprintln(prompt)
	if err != nil {
		return "", err
	}
	return string(b), nil
}

// whoIs is the staff member --as names, or the only one there is.
func whoIs(members []keyslot.Member, staffID, where string) (string, error) {
	if staffID != "" {
		return staffID, nil
	}
	if len(members) != 1 {
		var ids []string
		for _, m := range members {
			ids = append(ids, fmt.Sprintf("%s (%s, %s)", m.ID, m.Name, m.Role))
		}
		return "", fmt.Errorf("say who you are with --as STAFF-ID; staff %s: %s", where, strings.Join(ids, "; "))
	}
	return members[0].ID, nil
}

// ReadPINLine reads a PIN given on one line of r (standard input, not a
// terminal): --pin-stdin, and the commands when no one is typing.
func ReadPINLine(r io.Reader) (string, error) {
	line, err := bufio.NewReader(r).ReadString('\n')
	if err != nil && !(errors.Is(err, io.EOF) && line != "") {
		return "", errors.New("no PIN on standard input")
	}
	return strings.TrimRight(line, "\r\n"), nil
}

// Report is `gather report`: the same report as the Reports screen,
// for staff whose role may run reports, recorded in the audit trail.
func Report(paths device.Paths, staffID string, args []string, stdin io.Reader, stdout io.Writer) error {
	for _, a := range args {
		if a == "-h" || a == "--help" || a == "-help" {
			return report.Command(args, nil, stdout)
		}
	}
	st, u, err := openAs(paths, staffID, stdin, access.ActionRunReports, "reports are")
	if err != nil {
		return err
	}
	defer u.Forget()
	defer st.Close()
	if err := report.Command(args, st.View(), stdout); err != nil {
		return err
	}
	rec := audit.Recorder{Device: st.Device()}
	return st.Save(u.ID, rec.Exported(u.ID, "report from the command line: "+strings.Join(args, " "), 0))
}
