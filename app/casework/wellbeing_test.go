package casework

import (
	"fmt"
	"strconv"
	"testing"

	"fyne.io/fyne/v2"

	"fyne.io/fyne/v2/test"

	"github.com/gather-sp/gather/domain"
)

func TestWellbeingStaffMode(t *testing.T) {
	test.NewTempApp(t)
	cases := []struct {
		name       string
		instrument string
		answers    []int
		existing   bool // a baseline is already recorded
		wantStage  string
		wantError  string
		wantNotice string
	}{
		{name: "ons4 baseline", instrument: domain.InstrumentONS4, answers: []int{0, 10, 5, 2}, wantStage: domain.StageBaseline,
			wantNotice: "Saved: Four wellbeing questions (ONS4), baseline."},
		{name: "ons4 follow-up once a baseline exists", instrument: domain.InstrumentONS4, answers: []int{6, 7, 8, 1}, existing: true,
			wantStage: domain.StageFollowUp, wantNotice: "Saved: Four wellbeing questions (ONS4), follow-up."},
		{name: "ons4 question unanswered", instrument: domain.InstrumentONS4, answers: []int{6, -1, 8, 1},
			wantError: "Question 2 has no answer yet"},
		{name: "swemwbs", instrument: domain.InstrumentSWEMWBS, answers: []int{1, 2, 3, 4, 5, 4, 3},
			wantStage: domain.StageBaseline, wantNotice: "metric score 19.98"},
		{name: "swemwbs unanswered", instrument: domain.InstrumentSWEMWBS, answers: []int{1, 2, 3, 4, 5, 4, 0},
			wantError: "Question 7 has no answer yet"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			s := openStore(t)
			fixture(t, s)
			if tc.existing {
				saveAll(t, s, domain.Create(domain.KindMeasure, "old", domain.Measure{PersonID: personAnn, Instrument: tc.instrument,
					Stage: domain.StageBaseline, Date: "2026-02-01", Items: []int{1, 1, 1, 1}}))
			}
			w := NewWellbeing(s, linkWorker(), personAnn, domain.InstrumentONS4)
			show(t, w.Content())
			test.Tap(w.instrumentRow.button(tc.instrument))
			for i, a := range tc.answers {
				if a > 0 || (a == 0 && tc.instrument == domain.InstrumentONS4) {
					w.answer(tc.instrument, i, a)
				}
			}
			test.Tap(w.save)
			var got []domain.Measure
			for _, m := range all[domain.Measure](s, domain.KindMeasure, "person_id", personAnn) {
				if m.Date == todayDate {
					got = append(got, m)
				}
			}
			if tc.wantError != "" {
				mustShow(t, w.Content(), tc.wantError)
				if len(got) != 0 {
					t.Errorf("saved despite a missing answer: %+v", got)
				}
				return
			}
			if len(got) != 1 {
				t.Fatalf("%d measures saved, want 1", len(got))
			}
			m := got[0]
			if m.Instrument != tc.instrument || m.Stage != tc.wantStage || m.SelfCompleted || m.By != "staff-priya" {
				t.Errorf("measure saved as %+v", m)
			}
			for i := range tc.answers {
				if m.Items[i] != tc.answers[i] {
					t.Errorf("items %v, want %v", m.Items, tc.answers)
					break
				}
			}
			mustShow(t, w.Content(), tc.wantNotice)
		})
	}
}

func TestWellbeingLicenceShownWithTheQuestions(t *testing.T) {
	test.NewTempApp(t)
	s := openStore(t)
	fixture(t, s)
	w := NewWellbeing(s, linkWorker(), personAnn, domain.InstrumentSWEMWBS)
	show(t, w.Content())
	// Once, under the statements, for staff and for the person handed
	// the device alike.
	licenceOnce := func(who string) {
		t.Helper()
		n, last, at := 0, -1, -1
		for i, x := range texts(w.Content()) {
			switch x {
			case domain.SWEMWBSLicence:
				n, at = n+1, i
			case fmt.Sprintf("%d. %s", domain.SWEMWBSItems, domain.SWEMWBSStatements[domain.SWEMWBSItems-1]):
				last = i
			}
		}
		if n != 1 || last < 0 || at < last {
			t.Errorf("%s: licence notice shown %d times (at %d, the last statement at %d), want once under the statements", who, n, at, last)
		}
	}
	licenceOnce("staff")
	test.Tap(w.handOver)
	licenceOnce("handed over")
	w.setLocked(false)
	mustShow(t, w.Content(), domain.SWEMWBSStatements[0], "None of the time", "All of the time")
	test.Tap(w.instrumentRow.button(domain.InstrumentONS4))
	mustNotShow(t, w.Content(), domain.SWEMWBSLicence)
	mustShow(t, w.Content(), domain.ONS4Questions[3])
}

// handToPerson opens the SWEMWBS form from Ann's case and hands it over.
func handToPerson(t *testing.T, s Store, ctx Context) (*Case, *Wellbeing) {
	t.Helper()
	c := NewCase(s, ctx, personAnn)
	show(t, c.Content())
	test.Tap(c.measureButton)
	w := c.nav.top().(*Wellbeing)
	test.Tap(w.instrumentRow.button(domain.InstrumentSWEMWBS))
	test.Tap(w.handOver)
	return c, w
}

func TestWellbeingSelfCompletionLocks(t *testing.T) {
	test.NewTempApp(t)
	cases := []struct {
		name     string
		unlockOK bool
		noHook   bool // the shell gave no Unlock
	}{
		{name: "staff unlock", unlockOK: true},
		{name: "unlock refused", unlockOK: false},
		// Without the shell's PIN check the form fails closed: no plain
		// "are you sure?" lets the person holding it out.
		{name: "no PIN check", unlockOK: false, noHook: true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			s := openStore(t)
			fixture(t, s)
			var locks []bool
			ctx := linkWorker()
			ctx.OnLock = func(l bool) { locks = append(locks, l) }
			ctx.Unlock = func(done func(bool)) { done(tc.unlockOK) }
			if tc.noHook {
				ctx.Unlock = nil
				ctx.Window = test.NewWindow(nil) // a confirm dialog would have a window to show in
			}
			c, w := handToPerson(t, s, ctx)
			if !w.Locked() || !c.Locked() || len(locks) != 1 || !locks[0] {
				t.Fatalf("handing over did not lock: locked %v, OnLock calls %v", w.Locked(), locks)
			}
			if w.save.Visible() || w.staffBar.Visible() || !w.finish.Visible() {
				t.Error("staff controls still showing in the person's hands")
			}
			test.Tap(c.nav.back)
			if c.nav.depth() != 2 {
				t.Fatal("Back left the form while it was locked")
			}
			for i := 0; i < 6; i++ {
				w.answer(domain.InstrumentSWEMWBS, i, 4)
			}
			test.Tap(w.finish)
			mustShow(t, w.Content(), "Question 7 has no answer yet", "tap \"I have finished\" again")
			if !w.Locked() {
				t.Fatal("an unfinished form unlocked")
			}
			test.Tap(w.unlock)
			if w.Locked() == tc.unlockOK {
				t.Fatalf("after unlock (allowed %v) locked = %v", tc.unlockOK, w.Locked())
			}
			if tc.noHook {
				if ov := ctx.Window.Canvas().Overlays().Top(); ov != nil {
					t.Errorf("without a PIN check, Staff: unlock showed a dialog %T", ov)
				}
				mustShow(t, w.Content(), "Only staff can unlock this form, with their PIN")
			}
			if w.answers[domain.InstrumentSWEMWBS][0] != 4 {
				t.Error("unlocking lost the answers")
			}
			if n := len(all[domain.Measure](s, domain.KindMeasure, "person_id", personAnn)); n != 0 {
				t.Errorf("%d measures saved by unlocking", n)
			}
		})
	}
}

// TestWellbeingFinishedSelfCompletionWaitsForStaff: "I have finished"
// saves the answers and leaves a thank-you page that still holds the
// device (the person has it in their hands): no staff controls, nobody's
// name, no answers, no Back. Only a staff PIN (Context.Unlock) lets go,
// and then Back goes to the case in one tap.
func TestWellbeingFinishedSelfCompletionWaitsForStaff(t *testing.T) {
	test.NewTempApp(t)
	cases := []struct {
		name     string
		helped   bool
		unlockOK bool
		noHook   bool // the shell gave no Unlock: there are no PINs
	}{
		{name: "finished alone", unlockOK: true},
		{name: "finished with help", helped: true, unlockOK: true},
		{name: "PIN refused", unlockOK: false},
		{name: "no PIN check", noHook: true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			s := openStore(t)
			fixture(t, s)
			var locks []bool
			ctx := linkWorker()
			ctx.OnLock = func(l bool) { locks = append(locks, l) }
			ctx.Unlock = func(done func(bool)) { done(tc.unlockOK) }
			if tc.noHook {
				ctx.Unlock = nil
			}
			c, w := handToPerson(t, s, ctx)
			for i := 0; i < domain.SWEMWBSItems; i++ {
				w.answer(domain.InstrumentSWEMWBS, i, 4)
			}
			if tc.helped {
				test.Tap(w.helped)
			}
			test.Tap(w.finish)

			ms := all[domain.Measure](s, domain.KindMeasure, "person_id", personAnn)
			if len(ms) != 1 || !ms[0].SelfCompleted || ms[0].Helped != tc.helped || ms[0].Instrument != domain.InstrumentSWEMWBS {
				t.Fatalf("measures saved before the thank-you page %+v", ms)
			}
			mustShow(t, w.Content(), "Thank you", "Please hand the device back")
			mustNotShow(t, w.Content(), "Ann", "Lee", "I have finished", domain.SWEMWBSStatements[0], "Someone helped")
			if !w.Locked() || !c.Locked() || len(locks) != 1 {
				t.Fatalf("finishing let go of the device: locked %v, OnLock calls %v", w.Locked(), locks)
			}
			if w.staffBar.Visible() || w.save.Visible() || w.handOver.Visible() || !w.unlock.Visible() {
				t.Error("staff controls on the thank-you page")
			}
			test.Tap(c.nav.back)
			if c.nav.depth() != 2 {
				t.Fatal("Back left the thank-you page without a staff PIN")
			}

			test.Tap(w.unlock)
			if !tc.unlockOK {
				if !w.Locked() || len(locks) != 1 {
					t.Fatalf("let go without a staff PIN: locked %v, OnLock calls %v", w.Locked(), locks)
				}
				if tc.noHook {
					mustShow(t, w.Content(), "Only staff can unlock this form", "hand the device back")
				}
				return
			}
			if w.Locked() || len(locks) != 2 || locks[1] {
				t.Fatalf("the staff PIN did not let go: locked %v, OnLock calls %v", w.Locked(), locks)
			}
			mustShow(t, w.Content(), "Saved: Short wellbeing questions (SWEMWBS), baseline", "(filled in by the person)")
			test.Tap(c.nav.back)
			if c.nav.depth() != 1 {
				t.Error("Back did not go to the case after the staff PIN")
			}
			mustShow(t, c.Content(), "Baseline Wed 18 Mar 2026 (self")
		})
	}
}

func TestWellbeingStageFollowsTheInstrument(t *testing.T) {
	test.NewTempApp(t)
	s := openStore(t)
	fixture(t, s)
	saveAll(t, s, domain.Create(domain.KindMeasure, "b", domain.Measure{PersonID: personAnn, Instrument: domain.InstrumentONS4,
		Stage: domain.StageBaseline, Date: "2026-02-01", Items: []int{1, 1, 1, 1}}))
	w := NewWellbeing(s, linkWorker(), personAnn, domain.InstrumentONS4)
	show(t, w.Content())
	steps := []struct {
		tap  func()
		want string
	}{
		{func() {}, domain.StageFollowUp},
		{func() { test.Tap(w.instrumentRow.button(domain.InstrumentSWEMWBS)) }, domain.StageBaseline},
		{func() { test.Tap(w.instrumentRow.button(domain.InstrumentONS4)) }, domain.StageFollowUp},
		{func() { test.Tap(w.stage.button(domain.StageBaseline)) }, domain.StageBaseline},
		{func() { test.Tap(w.instrumentRow.button(domain.InstrumentSWEMWBS)) }, domain.StageBaseline}, // chosen by staff: kept
	}
	for i, st := range steps {
		st.tap()
		if w.stage.selected != st.want {
			t.Errorf("step %d: stage %q, want %q", i, w.stage.selected, st.want)
		}
	}
}

// TestSWEMWBSAnswersInOrder: each statement's five answers read in the
// scale's order, "None of the time" to "All of the time": side by side in
// one row on a laptop, one under another on a portrait tablet, never
// folded three and two; every one at least a finger high. The intro says
// what the screen has: answers to choose, not boxes to tick.
func TestSWEMWBSAnswersInOrder(t *testing.T) {
	test.NewTempApp(t)
	// The test theme's text is smaller than the app's: 500 is where its
	// answers fit in one row only on two lines, as 800 is for the app's
	// (TestSWEMWBSAnswersSideBySideOnAPortraitTablet), and 300 where not
	// even so.
	for _, width := range []float32{300, 500, 800, 1280, 1920} {
		s := openStore(t)
		fixture(t, s)
		ctx := linkWorker()
		win := test.NewWindow(nil)
		ctx.Window = win
		w := NewWellbeing(s, ctx, personAnn, domain.InstrumentSWEMWBS)
		win.SetContent(w.Content())
		win.Resize(fyne.NewSize(width, 1000))
		mustShow(t, w.Content(), "Please choose the answer")
		mustNotShow(t, w.Content(), "tick the box")
		for q, row := range w.scales[domain.InstrumentSWEMWBS] {
			inRow, inColumn := true, true
			var prev fyne.Position
			for i, b := range row.buttons {
				cell := row.box.Objects[i] // the button, made tall
				pos, size := cell.Position(), cell.Size()
				if size.Height < minTouch {
					t.Errorf("%.0f wide, statement %d: %q is %.0f high", width, q+1, b.Text, size.Height)
				}
				if pos.X+size.Width > width {
					t.Errorf("%.0f wide, statement %d: %q runs off the window", width, q+1, b.Text)
				}
				if i > 0 {
					inRow = inRow && pos.Y == prev.Y && pos.X > prev.X
					inColumn = inColumn && pos.X == prev.X && pos.Y > prev.Y
				}
				prev = pos
			}
			if !inRow && !inColumn {
				t.Errorf("%.0f wide, statement %d: the answers are neither in one row nor in one column, in order", width, q+1)
			}
			if width >= 500 && !inRow {
				t.Errorf("%.0f wide, statement %d: the answers are not side by side", width, q+1)
			}
		}
		win.Close()
	}
}

// TestONS4AnswersInOrder: each ONS4 question's eleven answers read 0 to
// 10 in order: in one row, each at least a finger wide and high, on a
// portrait tablet (800x1280) and wider; one under another where even a
// finger's width each does not fit; never folded 6 + 5.
func TestONS4AnswersInOrder(t *testing.T) {
	test.NewTempApp(t)
	for _, size := range []fyne.Size{fyne.NewSize(800, 1280), fyne.NewSize(1280, 800), fyne.NewSize(640, 900), fyne.NewSize(400, 900)} {
		s := openStore(t)
		fixture(t, s)
		ctx := linkWorker()
		win := test.NewWindow(nil)
		ctx.Window = win
		w := NewWellbeing(s, ctx, personAnn, domain.InstrumentONS4)
		win.SetContent(w.Content())
		win.Resize(size)
		for q, row := range w.scales[domain.InstrumentONS4] {
			if len(row.buttons) != 11 {
				t.Fatalf("question %d has %d answers", q+1, len(row.buttons))
			}
			inRow, inColumn := true, true
			var prev fyne.Position
			for i, b := range row.buttons {
				if b.Text != strconv.Itoa(i) {
					t.Errorf("answer %d says %q", i, b.Text)
				}
				cell := row.box.Objects[i]
				pos, sz := cell.Position(), cell.Size()
				if sz.Height < minTouch || sz.Width < minTouch {
					t.Errorf("%v, question %d: %q is %.0fx%.0f", size, q+1, b.Text, sz.Width, sz.Height)
				}
				if pos.X+sz.Width > size.Width {
					t.Errorf("%v, question %d: %q runs off the window", size, q+1, b.Text)
				}
				if i > 0 {
					inRow = inRow && pos.Y == prev.Y && pos.X > prev.X
					inColumn = inColumn && pos.X == prev.X && pos.Y > prev.Y
				}
				prev = pos
			}
			if !inRow && !inColumn {
				t.Errorf("%v, question %d: the answers are neither in one row nor in one column, in order", size, q+1)
			}
			if size.Width >= 640 && !inRow {
				t.Errorf("%v, question %d: 0 to 10 not in one row", size, q+1)
			}
		}
		win.Close()
	}
}
