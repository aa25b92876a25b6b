package reports

import (
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/gather-sp/gather/domain"
	"github.com/gather-sp/gather/record"
	"github.com/gather-sp/gather/storage"
	"github.com/gather-sp/gather/storage/storagetest"
)

// now is the pinned clock of every test: Wednesday 15 April 2026, so "Last
// month" (the screen's first period) is March 2026.
var now = time.Date(2026, 4, 15, 10, 30, 0, 0, time.UTC)

const todayDate = "2026-04-15"

// Fixture ids and names.
const (
	venueGarden  = "v-garden"
	venueLibrary = "v-library"
	actGarden    = "a-garden"
	actWalk      = "a-walk"
	actCraft     = "a-craft"

	gardenName  = "Lakeside Garden"
	libraryName = "Town Library"
	walkName    = "Mindful walk"
	craftName   = "Crafternoon"
	elm         = "Elm Surgery"
	oak         = "Oak Practice"
)

// The fixed data set, and every figure the tests expect, worked out by hand.
//
// People p1-p5 are registered with Elm Surgery, p6-p8 with Oak Practice.
//
// Garden group (Lakeside Garden, 10 places), Mondays:
//
//	23 Feb  p1-p5 and p7 present                 6 attendances
//	 2 Mar  p1-p6 present                        6
//	 9 Mar  p1-p6 present                        6
//	16 Mar  p1-p6 present, p8's mark undone      6
//	23 Mar  cancelled (p1's mark ignored)        -
//	 6 Apr  p1-p5 present                        5
//
// Mindful walk (Lakeside Garden, 12 places): 4 Mar, p1-p5 present (5).
// Crafternoon (Town Library, 8 places): 5 Mar, p7 and p8 present (2).
//
// March (Last month): sessions 3 + 1 + 1 = 5; attendances 18 + 5 + 2 =
// 25; people p1-p8 = 8; new people (first time ever) p6 and p8 = 2, shown
// as report.Suppressed. p7 is enrolled at the garden, came on 23 February and
// missed each of its last three sessions (2, 9, 16 March): he stopped
// coming, missed since 2 March.
//
// Referrals: r1-r5 (p1-p5, GP, Elm Surgery) received 3 March, contacted 5
// March; r6 (p6, self-referral, Oak Practice) received 10 March, waiting.
// Follow-ups: p1-p5 due 20 March, done that day; p6 due 25 March, overdue.
// SWEMWBS: p1-p5 baseline 1 February, follow-up 20 March.
var people = []struct {
	id, given, family, gender, dob, practice string
}{
	{"p1", "Ann", "Lee", "Female", "1950-05-01", elm},
	{"p2", "Bea", "Cole", "Female", "1955-05-01", elm},
	{"p3", "Cal", "Dunn", "Male", "1960-05-01", elm},
	{"p4", "Dee", "Ford", "Female", "1965-05-01", elm},
	{"p5", "Eve", "Grant", "Female", "1970-05-01", elm},
	{"p6", "Fay", "Hall", "Female", "1975-05-01", oak},
	{"p7", "Gus", "Ives", "Male", "1980-05-01", oak},
	{"p8", "Hal", "Jones", "Male", "1985-05-01", oak},
}

func openStore(t *testing.T) *storage.Store {
	t.Helper()
	s := storagetest.Open(t)
	return s
}

func put(kind record.Kind, id string, v any) record.Change {
	return record.Change{Kind: kind, ID: id, Fields: domain.Encode(v)}
}

var venueOf = map[string]string{actGarden: venueGarden, actWalk: venueGarden, actCraft: venueLibrary}

func session(act, date string, cancelled bool) record.Change {
	id := domain.SessionID(act, date)
	return put(domain.KindSession, id, domain.Session{ActivityID: act, VenueID: venueOf[act], Date: date, Cancelled: cancelled})
}

func mark(act, date, person, status string) record.Change {
	sid := domain.SessionID(act, date)
	return put(domain.KindAttendance, domain.AttendanceID(sid, person), domain.Attendance{SessionID: sid, PersonID: person,
		ActivityID: act, VenueID: venueOf[act], Date: date, Status: status, MarkedBy: "staff-bev"})
}

// swemwbsItems returns seven answers (1-5) adding up to raw.
func swemwbsItems(raw int) []int {
	items := []int{1, 1, 1, 1, 1, 1, 1}
	for left, i := raw-7, 0; left > 0; i++ {
		step := min(left, 4)
		items[i] += step
		left -= step
	}
	return items
}

// writeFixture saves the data set described above.
func writeFixture(t *testing.T, s *storage.Store) {
	t.Helper()
	var cs []record.Change
	add := func(c ...record.Change) { cs = append(cs, c...) }
	add(put(domain.KindVenue, venueGarden, domain.Venue{Name: gardenName}),
		put(domain.KindVenue, venueLibrary, domain.Venue{Name: libraryName}),
		put(domain.KindActivity, actGarden, domain.Activity{Name: "Garden group", VenueID: venueGarden,
			Category: domain.CategoryGardening, Schedule: domain.ScheduleWeekly, Weekday: time.Monday, Capacity: 10}),
		put(domain.KindActivity, actWalk, domain.Activity{Name: walkName, VenueID: venueGarden,
			Category: domain.CategoryMindfulness, Schedule: domain.ScheduleWeekly, Weekday: time.Wednesday, Capacity: 12}),
		put(domain.KindActivity, actCraft, domain.Activity{Name: craftName, VenueID: venueLibrary,
			Category: domain.CategoryCraft, Schedule: domain.ScheduleWeekly, Weekday: time.Thursday, Capacity: 8}))
	for _, p := range people {
		add(put(domain.KindPerson, p.id, domain.Person{GivenName: p.given, FamilyName: p.family, Gender: p.gender,
			DateOfBirth: p.dob, Practice: p.practice, Ethnicity: "White British"}))
	}
	for _, p := range []string{"p1", "p2", "p3", "p4", "p5", "p6", "p7"} {
		add(put(domain.KindEnrolment, domain.EnrolmentID(actGarden, p), domain.Enrolment{ActivityID: actGarden,
			PersonID: p, VenueID: venueGarden, Started: "2026-01-01"}))
	}

	p15 := []string{"p1", "p2", "p3", "p4", "p5"}
	add(session(actGarden, "2026-02-23", false))
	for _, p := range append(p15, "p7") {
		add(mark(actGarden, "2026-02-23", p, domain.StatusPresent))
	}
	for _, d := range []string{"2026-03-02", "2026-03-09", "2026-03-16"} {
		add(session(actGarden, d, false))
		for _, p := range append(p15, "p6") {
			add(mark(actGarden, d, p, domain.StatusPresent))
		}
	}
	add(mark(actGarden, "2026-03-16", "p8", "")) // marked, then undone
	add(session(actGarden, "2026-03-23", true), mark(actGarden, "2026-03-23", "p1", domain.StatusPresent))
	add(session(actGarden, "2026-04-06", false))
	for _, p := range p15 {
		add(mark(actGarden, "2026-04-06", p, domain.StatusPresent))
	}
	add(session(actWalk, "2026-03-04", false))
	for _, p := range p15 {
		add(mark(actWalk, "2026-03-04", p, domain.StatusPresent))
	}
	add(session(actCraft, "2026-03-05", false),
		mark(actCraft, "2026-03-05", "p7", domain.StatusPresent), mark(actCraft, "2026-03-05", "p8", domain.StatusPresent))

	referral := func(person, source, practice, received, contacted string) domain.Referral {
		r := domain.Referral{PersonID: person, Source: source, Practice: practice, Received: received,
			Reasons: []string{"loneliness or isolation"}, Status: domain.ReferralReceived}
		if contacted != "" {
			var err error
			if r, err = domain.AdvanceReferral(r, domain.ReferralContacted, contacted, ""); err != nil {
				t.Fatal(err)
			}
		}
		return r
	}
	for i, p := range p15 {
		add(put(domain.KindReferral, "r"+itoa(i+1), referral(p, domain.SourceGP, elm, "2026-03-03", "2026-03-05")))
		add(put(domain.KindFollowUp, "f"+itoa(i+1), domain.FollowUp{PersonID: p, Due: "2026-03-20", Done: "2026-03-20"}))
		add(put(domain.KindMeasure, "mb"+p, domain.Measure{PersonID: p, Instrument: domain.InstrumentSWEMWBS,
			Stage: domain.StageBaseline, Date: "2026-02-01", Items: swemwbsItems(14 + i)}))
		add(put(domain.KindMeasure, "mf"+p, domain.Measure{PersonID: p, Instrument: domain.InstrumentSWEMWBS,
			Stage: domain.StageFollowUp, Date: "2026-03-20", Items: swemwbsItems(20 + i)}))
	}
	add(put(domain.KindReferral, "r6", referral("p6", domain.SourceSelf, oak, "2026-03-10", "")))
	add(put(domain.KindFollowUp, "f6", domain.FollowUp{PersonID: "p6", Due: "2026-03-25"}))

	if err := s.Save("staff-alex", cs...); err != nil {
		t.Fatal(err)
	}
}

// harness is the Reports screen on the fixture, in a test window, working
// out its figures on the test's goroutine, with the save dialog replaced.
type harness struct {
	t       *testing.T
	store   *storage.Store
	s       *Reports
	w       fyne.Window
	dir     string   // where the stand-in save dialog puts files
	cancel  bool     // the stand-in save dialog is cancelled
	target  string   // when set, the path the save dialog answers
	asked   []string // file names the save dialog was offered
	offered []string // folders it opened in
	exports []Export // OnExport calls
}

func newHarness(t *testing.T, period string) *harness {
	t.Helper()
	return newHarnessThemed(t, period, nil, fyne.NewSize(1280, 800))
}

// newHarnessThemed is newHarness with the app wearing th (nil: the test
// theme) from before the screen is built, as it would in the app, and the
// window at size from the start.
func newHarnessThemed(t *testing.T, period string, th fyne.Theme, size fyne.Size) *harness {
	t.Helper()
	app := test.NewTempApp(t)
	if th != nil {
		app.Settings().SetTheme(th)
	}
	h := &harness{t: t, store: openStore(t), dir: t.TempDir()}
	writeFixture(t, h.store)
	ctx := Context{
		StaffID:       "staff-alex",
		Now:           func() time.Time { return now },
		NoLiveRefresh: true,
		Period:        period,
		ExportDir:     h.dir,
		SaveAs: func(name, dir string, done func(string)) {
			h.asked = append(h.asked, name)
			h.offered = append(h.offered, dir)
			if len(h.exports) == 0 && dir != h.dir {
				t.Errorf("save dialog opened in %q, want the export folder %q before any export", dir, h.dir)
			}
			switch {
			case h.cancel:
				done("")
			case h.target != "":
				done(h.target)
			default:
				done(filepath.Join(h.dir, name))
			}
		},
		OnExport: func(e Export) { h.exports = append(h.exports, e) },
	}
	h.s = newSync(h.store, ctx)
	t.Cleanup(h.s.Close)
	h.w = test.NewWindow(h.s.Content())
	h.w.Resize(size)
	t.Cleanup(h.w.Close)
	h.s.Refresh()
	if h.s.Report() == nil {
		t.Fatalf("no report after the first Refresh; the screen says %q", h.s.problem.Text)
	}
	return h
}

// settle lays the screen out again until the flow layouts, whose height
// depends on the width they were last laid out at, agree with their
// parents. The desktop driver does this on its next frames (it lays out the
// parent of anything whose minimum size changed); the test canvas does not.
func (h *harness) settle() {
	for range 2 {
		h.s.scroll.Refresh()
		h.s.scroll.Content.Refresh()
	}
}

// figures are the three headline figures a coordinator reads first.
type figures struct{ sessions, attendances, people string }

func (h *harness) figures() figures {
	h.t.Helper()
	return figures{h.tile("Sessions held"), h.tile("Attendances"), h.tile("Different people who came")}
}

// tile is the value shown on the figure tile with this caption.
func (h *harness) tile(caption string) string {
	h.t.Helper()
	var got []string
	walk(h.s.body, func(o fyne.CanvasObject) {
		c, ok := o.(*fyne.Container)
		if !ok || len(c.Objects) != 2 {
			return
		}
		v, ok1 := c.Objects[0].(*widget.Label)
		l, ok2 := c.Objects[1].(*widget.Label)
		if ok1 && ok2 && l.Text == caption {
			got = append(got, v.Text)
		}
	})
	if len(got) != 1 {
		h.t.Fatalf("%d tiles captioned %q on the %s section, want 1", len(got), caption, h.s.section)
	}
	return got[0]
}

// walk visits every visible object under o, into containers and scrollers.
func walk(o fyne.CanvasObject, visit func(fyne.CanvasObject)) {
	if o == nil || !o.Visible() {
		return
	}
	visit(o)
	switch x := o.(type) {
	case *fyne.Container:
		for _, k := range x.Objects {
			walk(k, visit)
		}
	case *container.Scroll:
		walk(x.Content, visit)
	}
}

// labels is the text of every visible label under o.
func labels(o fyne.CanvasObject) []string {
	var out []string
	walk(o, func(o fyne.CanvasObject) {
		if l, ok := o.(*widget.Label); ok {
			out = append(out, l.Text)
		}
	})
	return out
}

func hasLabel(o fyne.CanvasObject, want string) bool {
	for _, l := range labels(o) {
		if strings.Contains(l, want) {
			return true
		}
	}
	return false
}

// shownTable is a table as it is drawn: its headings, and each cell's text
// as laid out on screen.
type shownTable struct {
	columns []string
	rows    [][]string
}

func (st shownTable) row(first string) []string {
	for _, r := range st.rows {
		if len(r) > 0 && r[0] == first {
			return r
		}
	}
	return nil
}

// tables returns the tables on show, in order, read from their renderers.
func (h *harness) tables() []shownTable {
	var out []shownTable
	walk(h.s.body, func(o fyne.CanvasObject) {
		t, ok := o.(*Table)
		if !ok {
			return
		}
		r := test.WidgetRenderer(t).(*tableRenderer)
		st := shownTable{columns: t.Columns}
		for _, row := range r.cells {
			var cells []string
			for _, c := range row {
				cells = append(cells, c.Text)
			}
			st.rows = append(st.rows, cells)
		}
		out = append(out, st)
	})
	return out
}

// table is the table on show with these headings.
func (h *harness) table(columns ...string) shownTable {
	h.t.Helper()
	for _, st := range h.tables() {
		if strings.Join(st.columns, "|") == strings.Join(columns, "|") {
			return st
		}
	}
	h.t.Fatalf("no table with columns %q on the %s section", columns, h.s.section)
	return shownTable{}
}

// button finds a visible button under o by its text.
func button(t *testing.T, o fyne.CanvasObject, text string) *widget.Button {
	t.Helper()
	var found *widget.Button
	walk(o, func(o fyne.CanvasObject) {
		if b, ok := o.(*widget.Button); ok && b.Text == text {
			found = b
		}
	})
	if found == nil {
		t.Fatalf("no button %q on show", text)
	}
	return found
}

// customDates chooses "Choose dates…", types the dates and taps "Show these
// dates".
func (h *harness) customDates(from, to string) {
	h.t.Helper()
	h.s.periodSel.SetSelected(customPeriod)
	if !h.s.customRow.Visible() {
		h.t.Fatal("choosing dates did not show the From and To boxes")
	}
	h.s.fromEntry.SetText(from)
	h.s.toEntry.SetText(to)
	test.Tap(button(h.t, h.s.customRow, "Show these dates"))
}
