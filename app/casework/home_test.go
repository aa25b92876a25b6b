package casework

import (
	"strconv"
	"testing"

	"fyne.io/fyne/v2/test"

	"github.com/gather-sp/gather/domain"
)

func TestHomeShowsOverdueFirstAndRecordsAFollowUp(t *testing.T) {
	test.NewTempApp(t)
	s := openStore(t)
	fixture(t, s)
	saveAll(t, s,
		domain.Create(domain.KindFollowUp, "f-due", domain.FollowUp{PersonID: personAnn, Due: "2026-03-20"}),
		domain.Create(domain.KindFollowUp, "f-overdue", domain.FollowUp{PersonID: personBob, Due: "2026-03-11"}),
		domain.Create(domain.KindFollowUp, "f-later", domain.FollowUp{PersonID: personAnn, Due: "2026-04-15"}),
		domain.Create(domain.KindFollowUp, "f-done", domain.FollowUp{PersonID: personBob, Due: "2026-03-04", Done: "2026-03-04"}),
		domain.Create(domain.KindReferral, "r1", referral(personAnn, domain.ReferralReceived, "2026-03-16")),
	)
	h := NewHome(s, linkWorker())
	show(t, h.Content())

	var ids []string
	for _, it := range h.shown {
		ids = append(ids, it.FollowUp.ID+"="+it.State)
	}
	if len(ids) != 2 || ids[0] != "f-overdue=overdue" || ids[1] != "f-due=due" {
		t.Fatalf("home lists %v, want the overdue one, then the due one, and nothing else", ids)
	}
	// The figures add up to the rows: the overdue one was due last
	// week, so it is not counted as "this week".
	mustShow(t, h.Content(), "1 overdue and 1 due in the next 7 days — overdue ones are listed first.", "OVERDUE by 7 days", "Due Fri 20 Mar 2026",
		"Referrals", "Received (1)", "Ann Lee")

	test.Tap(h.record["f-overdue"])
	form, ok := h.nav.top().(*FollowUpForm)
	if !ok {
		t.Fatalf("Record opened %T", h.nav.top())
	}
	test.Tap(form.method.button("in person"))
	test.Type(form.outcome, "Going every week, sleeping better")
	test.Type(form.nextStep, "Try the singing group")
	test.Tap(form.next.button("6"))
	test.Tap(form.save)

	f := get[domain.FollowUp](t, s, domain.KindFollowUp, "f-overdue")
	if f.Done != todayDate || f.Outcome != "Going every week, sleeping better" || f.By != "staff-priya" {
		t.Errorf("follow-up saved as %+v", f)
	}
	contacts := all[domain.Contact](s, domain.KindContact, "person_id", personBob)
	if len(contacts) != 1 || contacts[0].Method != "in person" || contacts[0].NextStep != "Try the singing group" {
		t.Errorf("contact log = %+v", contacts)
	}
	var next []domain.FollowUp
	for _, x := range all[domain.FollowUp](s, domain.KindFollowUp, "person_id", personBob) {
		if x.Done == "" {
			next = append(next, x)
		}
	}
	if len(next) != 1 || next[0].Due != "2026-04-29" {
		t.Errorf("next follow-up = %+v, want one due six weeks on, 2026-04-29", next)
	}
	mustShow(t, h.Content(), "Saved: follow-up recorded", "Next follow-up due Wed 29 Apr 2026")
	if form.form.Visible() {
		t.Error("a recorded follow-up still offers the form")
	}

	test.Tap(h.nav.back)
	if len(h.shown) != 1 || h.shown[0].FollowUp.ID != "f-due" {
		t.Errorf("after recording, home lists %+v", h.shown)
	}
}

func TestFollowUpFormKeepsWhatWasTyped(t *testing.T) {
	test.NewTempApp(t)
	cases := []struct {
		name, date, outcome, next, want string
		failSave                        bool
	}{
		{name: "no outcome", date: todayDate, next: "5", want: "Write the outcome"},
		{name: "future date", date: "2026-03-30", outcome: "Fine", next: "5", want: "is in the future"},
		{name: "future date typed day first", date: "30/03/2026", outcome: "Fine", next: "5", want: "Mon 30 Mar 2026 is in the future"},
		{name: "bad date", date: "next tuesday", outcome: "Fine", next: "5", want: `"next tuesday" is not a date we can read. Type it like 21/03/2026`},
		{name: "disk full", date: todayDate, outcome: "Fine", next: "5", failSave: true, want: "This was not saved: the disk is full"},
		// Saving without looking must not end the person's follow-ups.
		{name: "next follow-up not chosen", date: todayDate, outcome: "Fine",
			want: "Choose when the next follow-up is (in 4, 5 or 6 weeks), or No more follow-ups if this was the last one, then tap Save again."},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			s := openStore(t)
			fixture(t, s)
			saveAll(t, s, domain.Create(domain.KindFollowUp, "f1", domain.FollowUp{PersonID: personAnn, Due: "2026-03-18"}))
			f := NewFollowUp(s, linkWorker(), "f1")
			show(t, f.Content())
			mustShow(t, f.Content(), "Follow-up with Ann Lee", "Due today") // as Casework home says it
			f.date.SetText(tc.date)
			test.Tap(f.method.button("phone call")) // Ann agreed to no way: nothing starts chosen
			test.Type(f.outcome, tc.outcome)
			test.Type(f.nextStep, "Call again")
			if tc.next != "" {
				test.Tap(f.next.button(tc.next))
			}
			s.fail.Store(tc.failSave)
			test.Tap(f.save)
			mustShow(t, f.Content(), tc.want)
			if x := get[domain.FollowUp](t, s, domain.KindFollowUp, "f1"); x.Done != "" {
				t.Errorf("saved anyway: %+v", x)
			}
			if f.outcome.Text != tc.outcome || f.nextStep.Text != "Call again" || f.date.Text != tc.date || f.next.selected != tc.next {
				t.Errorf("typed text lost: %q %q %q, next %q", f.date.Text, f.outcome.Text, f.nextStep.Text, f.next.selected)
			}
		})
	}
}

// TestRecordedFollowUpOffersTheWellbeingQuestions: once the follow-up is
// saved, the form offers the follow-up wellbeing questions on the same
// instrument as their baseline, so the before and after can be compared;
// once a follow-up measure is taken the offer goes.
func TestRecordedFollowUpOffersTheWellbeingQuestions(t *testing.T) {
	test.NewTempApp(t)
	s := openStore(t)
	fixture(t, s)
	saveAll(t, s,
		domain.Create(domain.KindFollowUp, "f1", domain.FollowUp{PersonID: personAnn, Due: "2026-03-18"}),
		domain.Create(domain.KindMeasure, "sw-b", domain.Measure{PersonID: personAnn, Instrument: domain.InstrumentSWEMWBS,
			Stage: domain.StageBaseline, Date: "2026-02-18", Items: []int{2, 3, 2, 3, 3, 2, 3}}),
	)
	h := NewHome(s, linkWorker())
	show(t, h.Content())
	test.Tap(h.record["f1"])
	form := h.nav.top().(*FollowUpForm)
	test.Tap(form.method.button("phone call")) // Ann agreed to no way: nothing starts chosen
	test.Type(form.outcome, "Going every week")
	test.Tap(form.next.button(strconv.Itoa(domain.NoMoreFollowUps)))
	test.Tap(form.save)
	mustShow(t, h.Content(), "Saved: follow-up recorded", "Take the follow-up wellbeing questions now",
		"Their baseline wellbeing was taken on Wed 18 Feb 2026 with the Short wellbeing questions (SWEMWBS)")

	test.Tap(form.measure)
	w, ok := h.nav.top().(*Wellbeing)
	if !ok {
		t.Fatalf("the wellbeing button opened %T", h.nav.top())
	}
	if w.instrument != domain.InstrumentSWEMWBS || w.stage.selected != domain.StageFollowUp {
		t.Errorf("opened %s at %s, want SWEMWBS at follow-up, like the baseline", w.instrument, w.stage.selected)
	}
	for i := 1; i <= 7; i++ {
		w.answer(domain.InstrumentSWEMWBS, i-1, 4)
	}
	test.Tap(w.save)
	if n := len(all[domain.Measure](s, domain.KindMeasure, "person_id", personAnn)); n != 2 {
		t.Fatalf("%d measures saved, want the baseline and the follow-up", n)
	}
	test.Tap(h.nav.back)
	mustNotShow(t, h.Content(), "Take the follow-up wellbeing questions now")
}

// TestFollowUpFormSaysTheWellbeingQuestionsAreDueBeforeSaving: before the
// follow-up is saved, while the link worker is on the phone, the form
// says the wellbeing questions are due at it and opens them on the
// baseline's instrument; asked then, the offer goes and what was typed
// on the form stays. Someone with no baseline is offered the baseline.
func TestFollowUpFormSaysTheWellbeingQuestionsAreDueBeforeSaving(t *testing.T) {
	test.NewTempApp(t)
	s := openStore(t)
	fixture(t, s)
	saveAll(t, s,
		domain.Create(domain.KindFollowUp, "f1", domain.FollowUp{PersonID: personAnn, Due: "2026-03-18"}),
		domain.Create(domain.KindFollowUp, "f2", domain.FollowUp{PersonID: personBob, Due: "2026-03-18"}),
		domain.Create(domain.KindMeasure, "sw-b", domain.Measure{PersonID: personAnn, Instrument: domain.InstrumentSWEMWBS,
			Stage: domain.StageBaseline, Date: "2026-02-18", Items: []int{2, 3, 2, 3, 3, 2, 3}}),
	)
	h := NewHome(s, linkWorker())
	show(t, h.Content())
	test.Tap(h.record["f1"])
	form := h.nav.top().(*FollowUpForm)
	mustShow(t, h.Content(), "The wellbeing questions are due at this follow-up. Their baseline was taken on Wed 18 Feb 2026 with the Short wellbeing questions (SWEMWBS)",
		"Take the follow-up wellbeing questions now")
	if !form.wellbeing.Visible() || !form.measure.Visible() {
		t.Fatal("the wellbeing offer is hidden before saving")
	}
	test.Tap(form.method.button("phone call")) // Ann agreed to no way: nothing starts chosen
	test.Type(form.outcome, "Going every week")
	test.Tap(form.measure)
	w, ok := h.nav.top().(*Wellbeing)
	if !ok || w.instrument != domain.InstrumentSWEMWBS || w.stage.selected != domain.StageFollowUp {
		t.Fatalf("the wellbeing button opened %T, want SWEMWBS at follow-up", h.nav.top())
	}
	for i := 0; i < domain.SWEMWBSItems; i++ {
		w.answer(domain.InstrumentSWEMWBS, i, 4)
	}
	test.Tap(w.save)
	test.Tap(h.nav.back)
	if form.outcome.Text != "Going every week" {
		t.Errorf("the outcome typed before asking is now %q", form.outcome.Text)
	}
	mustNotShow(t, h.Content(), "Take the follow-up wellbeing questions now", "are due at this follow-up")

	b := NewFollowUp(s, linkWorker(), "f2")
	show(t, b.Content())
	mustShow(t, b.Content(), "The wellbeing questions are due at this follow-up, and they have no baseline yet", "Take the baseline wellbeing questions now")
}
