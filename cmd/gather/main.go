// Command gather is the Gather desktop app: the attendance register and case
// record for social prescribing, saved on the device first and synced with
// the organisation's server when a connection appears.
//
//	gather [--data DIR]                          open the app
//	gather --data DIR --as STAFF-ID --pin-stdin  open it unlocked with a PIN read from standard input
//	gather --register ACTIVITY-ID                after unlocking, open today's register of that activity
//	gather demo [--data DIR]                     set up a device with demo data and demo staff, and exit
//	gather report --as STAFF-ID [--data DIR] --from DATE --to DATE --format csv|pdf --out PATH
//	                                             the reports, without the window (asks for the PIN)
//	gather backup --as STAFF-ID [--data DIR] --out FILE
//	                                             an encrypted backup of this device (an administrator's PIN)
//	gather restore [--as STAFF-ID] [--data DIR] FILE
//	                                             put a backup into an empty data folder (an administrator's PIN)
//	gather import people FILE.csv --as STAFF-ID [--data DIR] [--check] [--skip-bad-rows] [--duplicates skip|create|enrol]
//	                                             bring in a list of people from a spreadsheet (see gather import --help)
//
// The records are encrypted at rest: each staff member unlocks them with
// their own PIN (see docs/security.md), on the window or, for report, at
// the terminal.
//
// This package only reads the command line; package desktop does the work.
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strings"

	"github.com/gather-sp/gather/desktop"
	"github.com/gather-sp/gather/device"
	"github.com/gather-sp/gather/version"
)

func main() {
	if err := run(os.Args[1:], os.Stdin, os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "gather:", err)
		os.Exit(1)
	}
}

func run(args []string, stdin io.Reader, stdout io.Writer) error {
	if len(args) == 1 && isVersionFlag(args[0]) {
		_, err := fmt.Fprintln(stdout, version.String("Gather"))
		return err
	}
	cmd := ""
	if len(args) > 0 && len(args[0]) > 0 && args[0][0] != '-' {
		cmd, args = args[0], args[1:]
	}
	fs := flag.NewFlagSet("gather "+cmd, flag.ContinueOnError)
	dataDir := fs.String("data", "", "folder for this device's records (default: the user's data folder, e.g. ~/.local/share/gather)")
	as := fs.String("as", "", "the staff member (id) to unlock as")
	pinStdin := fs.Bool("pin-stdin", false, "read --as's PIN from standard input and open unlocked (a kiosk tablet, tests)")
	register := fs.String("register", "", "after unlocking, open today's register of this activity (id): a tablet that lives at one activity")
	var rest []string
	if cmd == "report" || cmd == "backup" || cmd == "restore" || cmd == "import" {
		// The command's own flags follow; take ours out first.
		args, rest = splitFlags(args, "data", "as")
	}
	if err := fs.Parse(args); err != nil {
		return err
	}
	dir, err := dataFolder(*dataDir)
	if err != nil {
		return err
	}
	paths := device.PathsIn(dir)
	switch cmd {
	case "":
		var pin string
		if *pinStdin {
			if *as == "" {
				return errors.New("--pin-stdin needs --as STAFF-ID: whose PIN is it?")
			}
			if pin, err = desktop.ReadPINLine(stdin); err != nil {
				return err
			}
		}
		return desktop.RunWindow(paths, *as, pin, *register)
	case "demo":
		return desktop.Demo(paths, stdout)
	case "report":
		return desktop.Report(paths, *as, rest, stdin, stdout)
	case "backup":
		return desktop.Backup(paths, *as, rest, stdin, stdout)
	case "restore":
		return desktop.Restore(paths, *as, rest, stdin, stdout)
	case "import":
		return desktop.Import(paths, *as, rest, stdin, stdout)
	default:
		return fmt.Errorf("unknown command %q (try: gather, gather demo, gather report, gather backup, gather restore, gather import)", cmd)
	}
}

func isVersionFlag(a string) bool { return a == "--version" || a == "-version" || a == "version" }

// splitFlags takes the named flags (with their values) out of args.
func splitFlags(args []string, names ...string) (ours, rest []string) {
	for i := 0; i < len(args); i++ {
		a := args[i]
		name := strings.TrimLeft(a, "-")
		name, _, hasValue := strings.Cut(name, "=")
		if !strings.HasPrefix(a, "-") || !contains(names, name) {
			rest = append(rest, a)
			continue
		}
		ours = append(ours, a)
		if !hasValue && i+1 < len(args) {
			i++
			ours = append(ours, args[i])
		}
	}
	return ours, rest
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// dataFolder is where the device's files live: --data, or the user's data
// folder (on Linux $XDG_DATA_HOME/gather, normally ~/.local/share/gather;
// elsewhere the system's per-user application folder).
func dataFolder(flagValue string) (string, error) {
	if flagValue != "" {
		return flagValue, nil
	}
	if runtime.GOOS == "linux" {
		if d := os.Getenv("XDG_DATA_HOME"); filepath.IsAbs(d) {
			return filepath.Join(d, "gather"), nil
		}
		if home, err := os.UserHomeDir(); err == nil {
			return filepath.Join(home, ".local", "share", "gather"), nil
		}
	}
	dir, err := os.UserConfigDir()
	if err != nil {
		return "", fmt.Errorf("no folder for Gather's records (%v); start it with --data DIR", err)
	}
	return filepath.Join(dir, "gather"), nil
}
