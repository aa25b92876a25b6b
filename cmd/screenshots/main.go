// Command screenshots renders every screen of Gather with Fyne's test
// driver, at tablet and desktop sizes, in light and dark, into one folder:
//
//	go run ./cmd/screenshots -out screenshots
//
// Flags narrow or widen what is drawn: -scene one scene, -size one window
// size, -appearance light or dark, and -text the text sizes of Settings
// (normal, large, largest; comma-separated, or "all"), so a reviewer can
// see every screen at the largest text:
//
//	go run ./cmd/screenshots -out /tmp/largest -text largest -size 1280x800
//
// Pictures at normal text keep their plain names; the others end in
// -text-<size>.
//
// It uses a store in a temporary folder filled with the demo data for a
// fixed Saturday, so the pictures are the same from run to run.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"image/png"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"

	"github.com/gather-sp/gather/app"
	"github.com/gather-sp/gather/app/casework"
	"github.com/gather-sp/gather/app/lock"
	"github.com/gather-sp/gather/app/reports"
	"github.com/gather-sp/gather/audit"
	"github.com/gather-sp/gather/demo"
	"github.com/gather-sp/gather/domain"
	"github.com/gather-sp/gather/keyslot"
	"github.com/gather-sp/gather/record"
	"github.com/gather-sp/gather/storage"
)

// windowSize is a window the pictures are drawn in.
type windowSize struct {
	name string
	w, h float32
	// asked: drawn only when -size names it, not in the full set.
	asked bool
}

// sizes are the windows drawn. The small tablet (a 7-inch one in
// portrait, which volunteers take the register on) is drawn when asked
// for, to check a screen's fit, not in the full set.
var sizes = []windowSize{{"1280x800", 1280, 800, false}, {"800x1280", 800, 1280, false}, {"1920x1080", 1920, 1080, false}, {"600x960", 600, 960, true}}

// options are what to draw: all of it, as the flags' defaults say, is
// every scene at normal text, light and dark, at every size, with the
// register also at the large text sizes.
type options struct {
	only        string   // one scene, or all
	texts       []string // text sizes, app.TextNormal and the like
	appearances []string // app.AppearanceLight, app.AppearanceDark
	sizes       []string // window sizes by name ("1280x800"), or all
}

func main() {
	out := flag.String("out", "screenshots", "folder to write the PNGs to")
	only := flag.String("scene", "", "render only this scene")
	text := flag.String("text", app.TextNormal, `text sizes to render every scene at: normal, large, largest, comma-separated, or "all"`)
	appearance := flag.String("appearance", "light,dark", "appearances: light, dark, comma-separated")
	size := flag.String("size", "", "render only at this window size (1280x800, 800x1280, 1920x1080; or 600x960, a small tablet, drawn only when asked)")
	flag.Parse()
	opts, err := parseOptions(*only, *text, *appearance, *size)
	if err == nil {
		err = run(*out, opts)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "screenshots:", err)
		os.Exit(1)
	}
}

// parseOptions reads the flags, refusing a text size, appearance or window
// size the app does not have (a typo would otherwise draw nothing).
func parseOptions(only, text, appearance, size string) (options, error) {
	o := options{only: only}
	all := []string{app.TextNormal, app.TextLarge, app.TextLargest}
	if text == "all" {
		text = strings.Join(all, ",")
	}
	var err error
	if o.texts, err = list("text size", text, all); err != nil {
		return o, err
	}
	if o.appearances, err = list("appearance", appearance, []string{app.AppearanceLight, app.AppearanceDark}); err != nil {
		return o, err
	}
	if size != "" {
		var names []string
		for _, sz := range sizes {
			names = append(names, sz.name)
		}
		if o.sizes, err = list("window size", size, names); err != nil {
			return o, err
		}
	}
	return o, nil
}

// list splits a comma-separated flag, each part one of known.
func list(what, value string, known []string) ([]string, error) {
	var out []string
	for _, v := range strings.Split(value, ",") {
		v = strings.ToLower(strings.TrimSpace(v))
		if !slices.Contains(known, v) {
			return nil, fmt.Errorf("no %s %q: one of %s", what, v, strings.Join(known, ", "))
		}
		if !slices.Contains(out, v) {
			out = append(out, v)
		}
	}
	return out, nil
}

// picture names a PNG: the plain name at normal text, as always, and
// -text-<size> after it at the others.
func picture(name, size, appearance, text string) string {
	s := fmt.Sprintf("%s-%s-%s", name, size, appearance)
	if text != app.TextNormal {
		s += "-text-" + text
	}
	return s + ".png"
}

func run(out string, opts options) error {
	if err := os.MkdirAll(out, 0o755); err != nil {
		return err
	}
	only := opts.only
	windows := sizes[:0:0]
	for _, sz := range sizes {
		if opts.sizes == nil && !sz.asked || slices.Contains(opts.sizes, sz.name) {
			windows = append(windows, sz)
		}
	}
	dir, err := os.MkdirTemp("", "gather-screens")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	st, err := storage.Open(dir, storage.Options{})
	if err != nil {
		return err
	}
	defer st.Close()
	now := sceneNow
	if err := seedScenes(st, now); err != nil {
		return err
	}
	a := test.NewApp()
	defer a.Quit()
	// The demo's staff with PINs on a key file, for the Admin screen,
	// unlocked by its administrator.
	keysDir, err := os.MkdirTemp("", "gather-keys")
	if err != nil {
		return err
	}
	defer os.RemoveAll(keysDir)
	kf, err := lock.DemoKeys(keysDir, func() time.Time { return now })
	if err != nil {
		return err
	}
	admin, err := kf.Unlock(demo.StaffAdmin, demo.PIN)
	if err != nil {
		return err
	}
	keys := lock.Admin{File: kf, Current: func() *keyslot.Unlocked { return admin }}
	// written names every picture once: two scenes writing the same file
	// would leave one of them unseen.
	written := map[string]bool{}
	save := func(name string, w fyne.Window) error {
		if written[name] {
			return fmt.Errorf("%s is written twice", filepath.Base(name))
		}
		written[name] = true
		return savePNG(name, w)
	}
	for _, text := range opts.texts {
		for _, appearance := range opts.appearances {
			for _, sz := range windows {
				w := a.NewWindow("Gather")
				w.Resize(fyne.NewSize(sz.w, sz.h))
				ui := app.New(a, w, app.Options{Store: st, Now: func() time.Time { return now }, Demo: func() error { return nil }, DemoPIN: demo.PIN,
					PrintDir: dir, Keys: keys, Inline: true, Backup: func(string) (string, error) {
						return "It opens only with the PIN of an administrator on this device today: Alex Morgan.", nil
					}, Lock: sceneLock{}})
				ui.SetAppearance(text, appearance)
				for _, scene := range app.Scenes {
					if only != "" && scene != only {
						continue
					}
					if err := ui.ShowScene(scene); err != nil {
						return fmt.Errorf("%s: %w", scene, err)
					}
					w.Resize(fyne.NewSize(sz.w, sz.h))
					if err := save(filepath.Join(out, picture(scene, sz.name, appearance, text)), w); err != nil {
						return err
					}
				}
				w.Close()
			}
		}
	}
	// The text size setting, on the screen where it matters most, with
	// the footer a person sees at its longest: Lock now, their name, and
	// a sync problem with changes waiting. A run asking for the register
	// at these sizes (-text) has drawn it already, in the same name.
	for _, size := range []string{app.TextLarge, app.TextLargest} {
		if only != "" && only != "register" || !slices.Contains(opts.appearances, app.AppearanceLight) {
			break
		}
		for _, sz := range windows {
			if sz.name == "1920x1080" {
				continue // a laptop's or tablet's window is where large text runs short
			}
			name := filepath.Join(out, picture("register", sz.name, app.AppearanceLight, size))
			if written[name] {
				continue
			}
			w, err := textSizeShot(a, st, now, dir, size, fyne.NewSize(sz.w, sz.h))
			if err != nil {
				return err
			}
			if err := save(name, w); err != nil {
				return err
			}
			w.Close()
		}
	}
	// Screens that are opened from others (a case, matching, a wellbeing
	// form), every Reports section, and the lock screens, each on its own.
	// They are built again for each appearance, so every widget is drawn in
	// its theme's colours from the start.
	for _, text := range opts.texts {
		for _, appearance := range opts.appearances {
			if err := drawParts(a, st, now, out, only, text, appearance, windows, save); err != nil {
				return err
			}
		}
	}
	fmt.Printf("%d screenshots in %s\n", len(written), out)
	return nil
}

// drawParts draws the screens shown on their own (standaloneParts) at one
// text size and appearance.
func drawParts(a fyne.App, st *storage.Store, now time.Time, out, only, text, appearance string, windows []windowSize, save func(string, fyne.Window) error) error {
	app.ApplyAppearance(a, text, appearance)
	for _, sz := range windows {
		// Built in their window, at its size, as the shell builds them:
		// rows of answers fold to the width they have.
		w := a.NewWindow("Gather")
		w.Resize(fyne.NewSize(sz.w, sz.h))
		parts, err := standaloneParts(st, now, w)
		if err != nil {
			return err
		}
		for _, p := range parts {
			if only != "" && only != p.name {
				continue
			}
			if slices.Contains(app.Scenes, p.name) {
				continue // the app's own scene of it is the real thing
			}
			w.SetContent(p.content)
			w.Resize(fyne.NewSize(sz.w, sz.h))
			if err := save(filepath.Join(out, picture(p.name, sz.name, appearance, text)), w); err != nil {
				return err
			}
			w.SetContent(container.NewStack())
		}
		w.Close()
	}
	return nil
}

// sceneNow is the fixed Saturday morning every picture shows.
var sceneNow = time.Date(2026, 11, 21, 10, 20, 0, 0, time.Local)

// seedScenes fills st with what the pictures show: the demo, its
// casework, the morning's audit trail and a crowded drawing class.
func seedScenes(st *storage.Store, now time.Time) error {
	if _, err := demo.Generate(st, demo.Options{Seed: 1, Today: now}); err != nil {
		return err
	}
	if err := casework.SeedDemo(st, now); err != nil {
		return err
	}
	if err := seedAudit(st, now); err != nil {
		return err
	}
	if err := seedCrowded(st, now); err != nil {
		return err
	}
	return st.SetMeta(map[string][]byte{demo.MetaKey: []byte("true"), "ui.setup": []byte("demo")})
}

// crowdedActivity is the demo activity the matching scene shows over
// capacity with a waiting list.
const crowdedActivity = demo.IDPrefix + "act-drawing"

// seedCrowded puts the drawing class over its places (one more enrolled
// than it has, as when the places were cut) with two people waiting, so
// the matching scene shows what a link worker meets when a group is full.
// The people are the first by id with no referral and no place there.
func seedCrowded(st *storage.Store, now time.Time) error {
	v := st.View()
	row, ok := v.Get(domain.KindActivity, crowdedActivity)
	if !ok {
		return fmt.Errorf("the demo has no %s", crowdedActivity)
	}
	var a domain.Activity
	row.Decode(&a)
	taken := 0
	for _, e := range v.Enrolments(a.ID) {
		if e.Active() {
			taken++
		}
	}
	referred := map[string]bool{}
	for _, r := range v.All(domain.KindReferral) {
		referred[r.Get("person_id")] = true
	}
	var ids []string
	for _, r := range v.All(domain.KindPerson) {
		if _, on := v.Get(domain.KindEnrolment, domain.EnrolmentID(a.ID, r.ID)); !on && !referred[r.ID] {
			ids = append(ids, r.ID)
		}
	}
	slices.Sort(ids)
	extra := a.Capacity + 1 - taken
	if extra < 0 || len(ids) < extra+2 {
		return fmt.Errorf("cannot crowd %s: %d taken of %d, %d people free", a.Name, taken, a.Capacity, len(ids))
	}
	today := domain.DateOf(now)
	var changes []record.Change
	for _, pid := range ids[:extra] {
		changes = append(changes, domain.Create(domain.KindEnrolment, domain.EnrolmentID(a.ID, pid),
			domain.Enrolment{ActivityID: a.ID, PersonID: pid, VenueID: a.VenueID, Started: domain.AddDays(today, -60)}))
	}
	for i, pid := range ids[extra : extra+2] {
		day := domain.AddDays(today, -10+5*i)
		at, _ := domain.ParseDate(day)
		changes = append(changes, domain.Create(domain.KindMatch, "scene-wait-"+pid,
			domain.Match{PersonID: pid, ActivityID: a.ID, Date: day, Waiting: day, WaitingAt: at.Add(11 * time.Hour)}))
	}
	return st.Save(demo.IDPrefix+"staff-priya", changes...)
}

// standaloneParts builds the casework, reports and lock screens on st.
func standaloneParts(st *storage.Store, now time.Time, w fyne.Window) ([]part, error) {
	clock := func() time.Time { return now }
	var parts []part
	for _, sc := range casework.Screens(st, casework.Context{StaffID: casework.DemoLinkWorker, StaffName: "Priya Shah",
		Role: domain.RoleLinkWorker, Now: clock, NoLiveRefresh: true, Window: w}) {
		parts = append(parts, part{sc.Name, sc.Content})
	}
	for _, sc := range reports.Screens(st, reports.Context{StaffID: casework.DemoLinkWorker, Now: clock}) {
		parts = append(parts, part{sc.Name, sc.Content})
	}
	lockDir, err := os.MkdirTemp("", "gather-lock-screens")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(lockDir)
	lockScreens, err := lock.Screens(lockDir)
	if err != nil {
		return nil, err
	}
	for _, sc := range lockScreens {
		parts = append(parts, part{sc.Name, sc.Content})
	}
	return parts, nil
}

// textSizeShot opens the register at a text size, as a signed-in device
// with a lock and a server it cannot reach shows it (sceneSyncer): the
// footer at its fullest, which is what large text has to make room for.
func textSizeShot(a fyne.App, st *storage.Store, now time.Time, dir, textSize string, size fyne.Size) (fyne.Window, error) {
	w := a.NewWindow("Gather")
	w.Resize(size)
	ui := app.New(a, w, app.Options{Store: st, Now: func() time.Time { return now }, PrintDir: dir, Inline: true,
		Lock: sceneLock{}, Syncer: sceneSyncer{now: now}})
	ui.SetAppearance(textSize, app.AppearanceLight)
	if err := ui.ShowScene("register"); err != nil {
		w.Close()
		return nil, err
	}
	w.Resize(size)
	return w, nil
}

// sceneSyncer is a device whose server has not answered for a while, with
// a morning's register waiting to go.
type sceneSyncer struct{ now time.Time }

func (s sceneSyncer) Status() app.SyncStatus {
	return app.SyncStatus{State: app.SyncError, Pending: 12, LastSynced: s.now.Add(-95 * time.Minute),
		Err: errors.New("the server did not answer"), Server: "https://gather.example.org"}
}
func (sceneSyncer) Updates() <-chan struct{}                      { return nil }
func (sceneSyncer) SyncNow()                                      {}
func (sceneSyncer) Connect(context.Context, string, string) error { return nil }

// part is a screen shown on its own, outside the app's frame.
type part struct {
	name    string
	content fyne.CanvasObject
}

// sceneLock stands in for the device lock, so the shell looks as it does
// with PINs (Lock now, · switch); the lock screens themselves are the
// lock package's scenes (unlock-staff is "who is using Gather").
type sceneLock struct{}

func (sceneLock) LockNow()                    {}
func (sceneLock) SwitchStaff()                {}
func (sceneLock) LockUntilStaff(func(string)) {}
func (sceneLock) Touch()                      {}
func (sceneLock) Idle() time.Duration         { return 5 * time.Minute }
func (sceneLock) SetIdle(time.Duration)       {}

func savePNG(name string, w fyne.Window) error {
	f, err := os.Create(name)
	if err != nil {
		return err
	}
	defer f.Close()
	// A window on screen lays out again whatever's minimum size changed
	// after its first layout (a wrapped label knows its lines only once it
	// has a width); the test driver does not, so the scene is laid out
	// once more here, as a person would see it a frame later.
	if c := w.Content(); c != nil {
		c.Refresh()
	}
	return png.Encode(f, w.Canvas().Capture())
}

// seedAudit writes the morning's audit trail for the Admin › Audit trail
// scene: a staff member added, a case opened, a person added and changed,
// a mark, an export.
func seedAudit(st *storage.Store, now time.Time) error {
	at := now.Add(-2 * time.Hour)
	rec := audit.Recorder{Device: st.Device(), Now: func() time.Time { at = at.Add(7 * time.Minute); return at }}
	person := demo.IDPrefix + "p0001"
	linkWorker := demo.IDPrefix + "staff-priya"
	var changes []record.Change
	changes = append(changes, rec.StaffAction(demo.StaffAdmin, audit.ActionStaffChanged, demo.IDPrefix+"staff-hannah", "added as facilitator"))
	changes = append(changes, rec.ViewedCase(linkWorker, person))
	entries := rec.Changed(linkWorker, record.Change{Kind: domain.KindPerson, ID: person, Fields: map[string]string{"phone": "", "contact_preferences": ""}})
	changes = append(changes, entries...)
	sid := domain.SessionID(demo.IDPrefix+"act-garden", domain.DateOf(now))
	changes = append(changes, rec.Changed(demo.StaffFacilitator, record.Change{Kind: domain.KindAttendance, ID: domain.AttendanceID(sid, person),
		Fields: map[string]string{"status": "", "marked_at": "", "marked_by": ""}})...)
	changes = append(changes, rec.Exported(linkWorker, "attendance report PDF", 18))
	return st.Save(demo.StaffAdmin, changes...)
}
