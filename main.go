// Command gather is the Gather desktop app: the attendance register and case
// record for social prescribing, saved on the device first and synced with
// the organisation's server when a connection appears.
//
//	gather [--data DIR] [--as STAFF-ID]   open the app
//	gather demo [--data DIR]              write demo data into the store and exit
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"fyne.io/fyne/v2"
	fyneapp "fyne.io/fyne/v2/app"

	"github.com/gather-sp/gather/app"
	"github.com/gather-sp/gather/assets"
	"github.com/gather-sp/gather/demo"
	"github.com/gather-sp/gather/storage"
)

const appID = "org.gather.app"

func main() {
	if err := run(os.Args[1:]); err != nil {
		fmt.Fprintln(os.Stderr, "gather:", err)
		os.Exit(1)
	}
}

func run(args []string) error {
	cmd := ""
	if len(args) > 0 && len(args[0]) > 0 && args[0][0] != '-' {
		cmd, args = args[0], args[1:]
	}
	fs := flag.NewFlagSet("gather "+cmd, flag.ContinueOnError)
	dataDir := fs.String("data", "", "folder for this device's records (default: the user's config folder, gather/)")
	as := fs.String("as", "", "open as this staff member (id), skipping \"Who is using Gather?\"; for a tablet that always opens as one facilitator")
	if err := fs.Parse(args); err != nil {
		return err
	}
	dir, err := dataFolder(*dataDir)
	if err != nil {
		return err
	}
	switch cmd {
	case "":
		return runApp(dir, *as)
	case "demo":
		return runDemo(dir)
	// case "report": wired here by the reports work: runReport(dir, fs.Args()).
	default:
		return fmt.Errorf("unknown command %q (try: gather, gather demo)", cmd)
	}
}

// dataFolder is where the store lives: --data, or <config dir>/gather.
func dataFolder(flagValue string) (string, error) {
	if flagValue != "" {
		return flagValue, nil
	}
	cfg, err := os.UserConfigDir()
	if err != nil {
		return "", fmt.Errorf("no folder for Gather's records (%v); start it with --data DIR", err)
	}
	return filepath.Join(cfg, "gather"), nil
}

func openStore(dir string) (*storage.Store, error) {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("cannot make the records folder %s: %w", dir, err)
	}
	st, err := storage.Open(dir, storage.Options{})
	if errors.Is(err, storage.ErrLocked) {
		return nil, fmt.Errorf("Gather is already open on this device (records in %s); use that window", dir)
	}
	return st, err
}

// writeDemo writes the demo data for today and marks the store as demo.
func writeDemo(st *storage.Store) error {
	if _, err := demo.Generate(st, demo.Options{Seed: 1, Today: time.Now()}); err != nil {
		return err
	}
	return st.SetMeta(map[string][]byte{demo.MetaKey: []byte("true"), "ui.setup": []byte("demo")})
}

func runDemo(dir string) error {
	st, err := openStore(dir)
	if err != nil {
		return err
	}
	defer st.Close()
	if err := writeDemo(st); err != nil {
		return err
	}
	fmt.Printf("Demo data written to %s. Start Gather with: gather --data %s\n", dir, dir)
	return nil
}

func runApp(dir, staffID string) error {
	st, err := openStore(dir)
	if err != nil {
		return err
	}
	defer st.Close()

	a := fyneapp.NewWithID(appID)
	a.SetIcon(fyne.NewStaticResource("icon.png", assets.IconPNG))
	w := a.NewWindow("Gather")
	w.Resize(fyne.NewSize(1280, 800))

	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	ui := app.New(a, w, app.Options{
		Store:  st,
		Syncer: startSync(ctx, st),
		Demo:   func() error { return writeDemo(st) },
	})
	if staffID == "" || !ui.StartAs(staffID) {
		ui.Start()
	}
	go ui.Watch(ctx)
	w.ShowAndRun()
	return nil
}

// startSync is where the sync client is wired: it returns an app.Syncer
// running in the background (sync/client), or nil until there is one, in
// which case the app says "Offline — saved on this device".
func startSync(ctx context.Context, st *storage.Store) app.Syncer {
	_, _ = ctx, st
	return nil
}
