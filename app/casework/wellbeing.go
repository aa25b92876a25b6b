package casework

import (
	"fmt"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/gather-sp/gather/domain"
)

// Wellbeing is the wellbeing questionnaire form: ONS4 (four questions, 0 to
// 10) or SWEMWBS (seven statements, 1 to 5, with its licence notice), at
// baseline or follow-up. In self-completion mode the device is handed to the
// person and navigation is locked until staff unlock it with their PIN:
// finishing saves the answers and leaves a thank-you page that still holds
// the device, since it is still in the person's hands.
type Wellbeing struct {
	store    Store
	ctx      Context
	nav      *nav
	personID string

	instrument string
	answers    map[string][]int // instrument -> answers (0 = not answered for SWEMWBS, -1 for ONS4)
	scales     map[string][]*choiceRow

	instrumentRow *choiceRow
	stage         *choiceRow
	staffBar      *fyne.Container
	questions     *fyne.Container
	ons4Box       *fyne.Container
	swemwbsBox    *fyne.Container
	helped        *toggle
	handOver      *widget.Button
	save          *widget.Button
	finish        *widget.Button
	unlock        *widget.Button
	selfBar       *fyne.Container
	form          *fyne.Container // everything but the thank-you page
	thanks        *fyne.Container // the page a finished self-completion waits on
	header        *widget.Label
	problem       problem
	notice        *widget.Label
	handedBack    *widget.Label // at the top: what the person saved, once staff take the form back
	box           *fyne.Container
	page          *container.Scroll // box, scrolling

	locked      bool
	finished    bool   // the person's answers are saved; waiting for staff
	savedSay    string // what staff are told about those answers once they unlock
	stageChosen bool   // staff picked the stage; stop guessing it
}

// NewWellbeing returns the wellbeing form for a person, opening on an
// instrument (domain.InstrumentONS4 or domain.InstrumentSWEMWBS).
func NewWellbeing(store Store, ctx Context, personID, instrument string) *Wellbeing {
	w := newWellbeing(store, ctx, nil, personID, instrument)
	w.nav = newNav(store, ctx, w)
	return w
}

func newWellbeing(store Store, ctx Context, n *nav, personID, instrument string) *Wellbeing {
	if instrument != domain.InstrumentSWEMWBS {
		instrument = domain.InstrumentONS4
	}
	w := &Wellbeing{store: store, ctx: ctx, nav: n, personID: personID, instrument: instrument,
		answers: map[string][]int{}, scales: map[string][]*choiceRow{}}
	w.buildUI()
	w.refresh()
	return w
}

// Content is the screen to mount.
func (w *Wellbeing) Content() fyne.CanvasObject { return w.nav.root }

// Close stops the screen watching the store.
func (w *Wellbeing) Close() { w.nav.close() }

// Title is the screen's name for the shell's title bar.
func (w *Wellbeing) Title() string { return w.nav.pages[0].title() }

// Refresh re-reads the store into whichever screen is on show (this one,
// or one opened from it). Typed input is never replaced.
func (w *Wellbeing) Refresh() { w.nav.refreshTop() }

// Locked reports whether the form is in the person's hands: the shell must
// not navigate away until it is false again (Context.OnLock says when).
func (w *Wellbeing) Locked() bool { return w.locked }

func (w *Wellbeing) title() string { return "Wellbeing questions" }

func (w *Wellbeing) body() fyne.CanvasObject {
	if w.page == nil {
		w.page = container.NewVScroll(container.NewPadded(w.box))
	}
	return w.page
}

// toTop scrolls the page to its top: the thank-you page, or the note to
// staff above the form, replaced a page scrolled down to its last button.
func (w *Wellbeing) toTop() {
	if w.page != nil {
		w.page.ScrollToTop()
	}
}

func (w *Wellbeing) buildUI() {
	w.header = heading("")
	w.instrumentRow = newChoiceRow(w.ctx.width(), []string{domain.InstrumentName(domain.InstrumentONS4), domain.InstrumentName(domain.InstrumentSWEMWBS)},
		[]string{domain.InstrumentONS4, domain.InstrumentSWEMWBS}, 2, w.onInstrument)
	w.stage = newChoiceRow(w.ctx.width(), []string{"Baseline (at matching)", "Follow-up"}, []string{domain.StageBaseline, domain.StageFollowUp}, 2,
		func(string) { w.stageChosen = true })
	w.handOver = bigButton("Hand to the person to fill in", theme.AccountIcon(), widget.MediumImportance, w.onHandOver)
	w.staffBar = container.NewVBox(w.header, w.instrumentRow.box, bold("When"), w.stage.box, tall(w.handOver))

	// ONS4: each question with an 11-point scale.
	w.answers[domain.InstrumentONS4] = []int{-1, -1, -1, -1}
	w.ons4Box = container.NewVBox(wrapped(domain.ONS4Intro))
	vals := make([]string, 11)
	for i := range vals {
		vals[i] = strconv.Itoa(i)
	}
	for q := 0; q < domain.ONS4Items; q++ {
		item := q
		row := newNumberScaleRow(w.ctx.width(), vals, vals, func(s string) {
			n, _ := strconv.Atoi(s)
			w.answers[domain.InstrumentONS4][item] = n
		})
		w.scales[domain.InstrumentONS4] = append(w.scales[domain.InstrumentONS4], row)
		ends := "0 = not at all, 10 = completely"
		if q == domain.ONS4Anxiety {
			ends = "0 = not at all anxious, 10 = completely anxious"
		}
		w.ons4Box.Add(container.NewVBox(widget.NewSeparator(), bold(fmt.Sprintf("%d. %s", q+1, domain.ONS4Questions[q])), muted(ends), row.box))
	}

	// SWEMWBS: each statement with its five answers, the licence notice
	// once, under the questions, as the printed scale has it.
	w.answers[domain.InstrumentSWEMWBS] = make([]int, domain.SWEMWBSItems)
	w.swemwbsBox = container.NewVBox(wrapped(domain.SWEMWBSIntro))
	scores := []string{"1", "2", "3", "4", "5"}
	for q := 0; q < domain.SWEMWBSItems; q++ {
		item := q
		row := newScaleRow(w.ctx.width(), domain.SWEMWBSAnswers[:], scores, func(s string) {
			n, _ := strconv.Atoi(s)
			w.answers[domain.InstrumentSWEMWBS][item] = n
		})
		w.scales[domain.InstrumentSWEMWBS] = append(w.scales[domain.InstrumentSWEMWBS], row)
		w.swemwbsBox.Add(container.NewVBox(widget.NewSeparator(), bold(fmt.Sprintf("%d. %s", q+1, domain.SWEMWBSStatements[q])), row.box))
	}
	w.swemwbsBox.Add(muted(domain.SWEMWBSLicence))

	w.questions = container.NewStack(w.ons4Box, w.swemwbsBox)
	w.helped = newToggle("Someone helped with the answers", nil)
	w.save = bigButton("Save answers", theme.DocumentSaveIcon(), widget.HighImportance, w.onSave)
	w.finish = bigButton("I have finished", theme.ConfirmIcon(), widget.HighImportance, w.onSave)
	w.unlock = bigButton("Staff: unlock", theme.LoginIcon(), widget.LowImportance, w.onUnlock)
	w.selfBar = container.NewVBox(bold("Please answer every question, then tap \"I have finished\"."))
	w.selfBar.Hide()
	w.problem = newProblem()
	w.notice = newNotice()
	w.handedBack = newNotice()
	w.form = container.NewVBox(w.handedBack, w.staffBar, w.selfBar, w.questions, tall(w.helped.Button))
	// The thank-you page names nobody and shows no answers: the person
	// still holds the device.
	w.thanks = container.NewVBox(heading("Thank you"),
		wrapped("That is everything. Your answers are saved. Please hand the device back to a member of staff."))
	w.thanks.Hide()
	w.box = container.NewVBox(w.form, w.thanks, w.problem.Label, w.notice,
		tall(w.save), tall(w.finish), tall(w.unlock))
	w.instrumentRow.set(w.instrument, false)
	w.showInstrument()
}

func (w *Wellbeing) onInstrument(inst string) {
	w.instrument = inst
	w.showInstrument()
	w.refresh()
}

func (w *Wellbeing) showInstrument() {
	if w.instrument == domain.InstrumentSWEMWBS {
		w.ons4Box.Hide()
		w.swemwbsBox.Show()
	} else {
		w.swemwbsBox.Hide()
		w.ons4Box.Show()
	}
	w.syncButtons()
}

// syncButtons shows what fits the form's state: staff filling it in, the
// person answering, or the person finished and waiting for staff.
func (w *Wellbeing) syncButtons() {
	showIf(w.save, !w.locked)
	showIf(w.handOver, !w.locked)
	showIf(w.finish, w.locked && !w.finished)
	showIf(w.unlock, w.locked)
	showIf(w.form, !w.finished)
	showIf(w.thanks, w.finished)
	w.box.Refresh() // lay out again: the page changed length
}

func showIf(o fyne.CanvasObject, show bool) {
	if show {
		o.Show()
	} else {
		o.Hide()
	}
}

// setStage chooses baseline or follow-up.
func (w *Wellbeing) setStage(stage string) {
	w.stage.set(stage, false)
	w.stageChosen = true
}

// refresh updates the header and, until staff pick one, the stage: baseline
// until one is recorded for this instrument, follow-up after. Answers are
// never touched.
func (w *Wellbeing) refresh() {
	v := w.store.View()
	w.header.SetText("Wellbeing questions for " + personName(v, w.personID))
	if !w.stageChosen {
		stage := domain.StageBaseline
		for _, m := range measuresOf(v, w.personID) {
			if m.Instrument == w.instrument && m.Stage == domain.StageBaseline {
				stage = domain.StageFollowUp
			}
		}
		w.stage.set(stage, false)
	}
}

// answer sets an answer as if its button were tapped.
func (w *Wellbeing) answer(instrument string, item, value int) {
	w.scales[instrument][item].button(strconv.Itoa(value)).OnTapped()
}

func (w *Wellbeing) setLocked(locked bool) {
	if w.locked == locked {
		return
	}
	w.locked = locked
	w.finished = false
	showIf(w.staffBar, !locked)
	showIf(w.selfBar, locked)
	w.syncButtons()
	if w.nav != nil {
		w.nav.setLocked(locked)
	}
	if w.ctx.OnLock != nil {
		w.ctx.OnLock(locked)
	}
}

func (w *Wellbeing) onHandOver() {
	w.problem.set(nil)
	w.notice.Hide()
	w.handedBack.Hide()
	w.setLocked(true)
}

// onUnlock is "Staff: unlock": only the shell's staff check (the device's
// lock and a staff PIN) lets go of the form. Without one it stays locked:
// there is no plain "are you sure?" for the person holding it to tap.
func (w *Wellbeing) onUnlock() {
	if w.ctx.Unlock == nil {
		next := "Answer every question, then tap \"I have finished\"."
		if w.finished {
			next = "Please hand the device back to a member of staff."
		}
		w.problem.say("Only staff can unlock this form, with their PIN, and this device has no PINs. %s", next)
		return
	}
	w.problem.set(nil)
	w.ctx.Unlock(func(ok bool) {
		if ok && w.locked {
			w.handBack()
		}
	})
}

// handBack gives the form back to staff after their PIN. When the person
// had finished, staff are told what was saved, and Back goes to the case.
func (w *Wellbeing) handBack() {
	said := w.savedSay
	w.savedSay = ""
	w.setLocked(false)
	if said != "" {
		notify(w.handedBack, said)
		w.toTop()
	}
}

// showThanks holds the device on the thank-you page once the person's
// answers are saved: it stays locked, and only "Staff: unlock" (a staff
// PIN) lets go of it.
func (w *Wellbeing) showThanks(staffSay string) {
	w.finished = true
	w.savedSay = staffSay
	w.notice.Hide()
	w.syncButtons()
	w.toTop()
}

func (w *Wellbeing) onSave() {
	items := append([]int(nil), w.answers[w.instrument]...)
	for i, a := range items {
		if (w.instrument == domain.InstrumentONS4 && a < 0) || (w.instrument == domain.InstrumentSWEMWBS && a == 0) {
			w.problem.say("Question %d has no answer yet. Tap an answer for it, then tap %s again.", i+1, w.saveWord())
			return
		}
	}
	m := domain.Measure{PersonID: w.personID, Instrument: w.instrument, Stage: w.stage.selected, Date: w.ctx.today(),
		Items: items, SelfCompleted: w.locked, Helped: w.helped.On, By: w.ctx.StaffID}
	if err := domain.ValidateMeasure(m); err != nil {
		w.problem.set(err)
		return
	}
	if err := save(w.store, w.ctx, domain.Create(domain.KindMeasure, domain.NewID(), m)); err != nil {
		w.problem.set(saveFailed(err))
		return
	}
	w.problem.set(nil)
	said := savedText(m)
	w.clearAnswers()
	if w.locked {
		w.showThanks(said)
		return
	}
	notify(w.notice, said)
}

// savedText is what staff are told about a saved measure.
func savedText(m domain.Measure) string {
	said := fmt.Sprintf("Saved: %s, %s.", domain.InstrumentName(m.Instrument), m.Stage)
	if m.Instrument == domain.InstrumentSWEMWBS {
		said = "Saved. Thank you."
		if s, err := domain.SWEMWBSMetric(m.Items); err == nil {
			said = fmt.Sprintf("Saved: %s, %s, metric score %.2f.", domain.InstrumentName(m.Instrument), m.Stage, s)
		}
	}
	if m.SelfCompleted {
		said = strings.TrimSuffix(said, ".") + " (filled in by the person)."
	}
	return said
}

func (w *Wellbeing) saveWord() string {
	if w.locked {
		return "\"I have finished\""
	}
	return "Save"
}

func (w *Wellbeing) clearAnswers() {
	for inst, rows := range w.scales {
		for i, r := range rows {
			r.set("", false)
			if inst == domain.InstrumentONS4 {
				w.answers[inst][i] = -1
			} else {
				w.answers[inst][i] = 0
			}
		}
	}
	w.helped.SetOn(false, false)
}
