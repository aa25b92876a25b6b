package casework

import (
	"fmt"
	"time"

	"github.com/gather-sp/gather/demo"
	"github.com/gather-sp/gather/domain"
	"github.com/gather-sp/gather/record"
)

// DemoLinkWorker is the demo link worker who records the seeded casework.
const DemoLinkWorker = demo.StaffLinkWorker

// SeedDemo adds casework to the demo data: referrals in every status,
// matches with travel support, follow-ups overdue, due and done, wellbeing
// measures at baseline and follow-up, consents (one withdrawn), contact log
// entries and next steps after taster activities. It writes the demo
// register data first (demo.Generate) when the store has none. The same
// today gives the same records, so running it twice changes nothing.
func SeedDemo(store Store, today time.Time) error {
	v := store.View()
	if _, ok := v.Person(demo.IDPrefix + "p0001"); !ok {
		if _, err := demo.Generate(store, demo.Options{Today: today}); err != nil {
			return err
		}
		v = store.View()
	}
	day := domain.DateOf(today)
	ago := func(n int) string { return domain.AddDays(day, -n) }
	var changes []record.Change
	put := func(kind record.Kind, id string, x any) {
		changes = append(changes, domain.Create(kind, id, x))
	}

	// The practices the referrals name, for a demo store written before
	// demo.Generate wrote them.
	for _, p := range demo.Practices {
		if _, ok := v.Get(domain.KindPractice, p.ID); !ok {
			put(domain.KindPractice, p.ID, p)
		}
	}

	// Next steps after the tasters.
	steps := map[string][]string{
		demo.IDPrefix + "act-craft":   {demo.IDPrefix + "act-drawing", demo.IDPrefix + "act-garden"},
		demo.IDPrefix + "act-singing": {demo.IDPrefix + "act-garden"},
		demo.IDPrefix + "act-mindful": {demo.IDPrefix + "act-garden", demo.IDPrefix + "act-drawing"},
	}
	for id, next := range steps {
		if a, ok := activity(v, id); ok {
			after := a
			after.NextSteps = next
			changes = append(changes, domain.Changed(domain.KindActivity, id, a, after)...)
		}
	}

	type spec struct {
		status   string
		received int // days ago
		source   string
		reasons  []string
		urgent   bool
		activity string
		fuDue    int // follow-up due, days from today (for matched/attending)
		measures int // 0 none, 1 baseline, 2 baseline + follow-up
		finished bool
	}
	gp, self, pro := domain.SourceGP, domain.SourceSelf, domain.SourceProfessional
	specs := []spec{
		{status: domain.ReferralReceived, received: 2, source: gp, reasons: []string{"loneliness or isolation"}, urgent: true},
		{status: domain.ReferralReceived, received: 5, source: self, reasons: []string{"money or debt", "housing"}},
		{status: domain.ReferralReceived, received: 19, source: gp, reasons: []string{"low mood or anxiety", "bereavement"}},
		{status: domain.ReferralReceived, received: 8, source: pro, reasons: []string{"caring"}},
		{status: domain.ReferralContacted, received: 12, source: gp, reasons: []string{"long-term condition"}},
		{status: domain.ReferralContacted, received: 9, source: self, reasons: []string{"work"}},
		{status: domain.ReferralAssessed, received: 20, source: gp, reasons: []string{"loneliness or isolation", "low mood or anxiety"}},
		{status: domain.ReferralAssessed, received: 16, source: pro, reasons: []string{"money or debt"}},
		{status: domain.ReferralMatched, received: 40, source: gp, reasons: []string{"loneliness or isolation"}, activity: "act-garden", fuDue: -4, measures: 1},
		{status: domain.ReferralMatched, received: 35, source: self, reasons: []string{"low mood or anxiety"}, activity: "act-singing", fuDue: 2, measures: 1},
		{status: domain.ReferralAttending, received: 70, source: gp, reasons: []string{"bereavement", "loneliness or isolation"}, activity: "act-craft", fuDue: -9, measures: 2, finished: true},
		{status: domain.ReferralAttending, received: 60, source: gp, reasons: []string{"long-term condition"}, activity: "act-drawing", fuDue: 0, measures: 1},
		{status: domain.ReferralAttending, received: 50, source: pro, reasons: []string{"caring"}, activity: "act-mindful", fuDue: 5, measures: 1},
		{status: domain.ReferralAttending, received: 45, source: gp, reasons: []string{"low mood or anxiety"}, activity: "act-garden", fuDue: 20, measures: 1},
		{status: domain.ReferralClosed, received: 110, source: gp, reasons: []string{"loneliness or isolation"}, activity: "act-singing", measures: 2},
		{status: domain.ReferralClosed, received: 95, source: self, reasons: []string{"money or debt"}, activity: "act-money", measures: 2},
		{status: domain.ReferralDeclined, received: 30, source: gp, reasons: []string{"work"}},
		{status: domain.ReferralDeclined, received: 14, source: self, reasons: []string{"housing"}},
	}
	referrers := []string{"Dr A. Patel", "Dr S. Hughes", "Nurse J. Kelly"}
	referred := map[string]bool{} // person ids
	lw := DemoLinkWorker

	for i, s := range specs {
		pid := fmt.Sprintf("%sp%04d", demo.IDPrefix, i+1)
		rid := fmt.Sprintf("%sref-%02d", demo.IDPrefix, i+1)
		// The practice their card names, so the referral and the card agree.
		practice := demo.Practices[0].Name
		if p, ok := v.Person(pid); ok && p.Practice != "" {
			practice = p.Practice
		}
		r := domain.Referral{ID: rid, PersonID: pid, Source: s.source, Practice: practice, Reasons: s.reasons,
			Urgent: s.urgent, Status: domain.ReferralReceived, Received: ago(s.received)}
		if s.source != self {
			r.Referrer = referrers[i%3]
		} else {
			r.Referrer = "taken at reception by Tom Reilly"
		}
		if i%4 == 1 {
			r.Notes = "Prefers a call after 11am. Lives alone since last spring."
		}
		// Walk the path: first contact two days after receipt, assessment
		// five days later; matched so that the follow-up falls fuDue days
		// from today.
		daysAgo := map[string]int{
			domain.ReferralContacted: s.received - 2,
			domain.ReferralAssessed:  s.received - 7,
			domain.ReferralMatched:   s.received - 14,
			domain.ReferralDeclined:  s.received - 3,
		}
		if s.status == domain.ReferralMatched || s.status == domain.ReferralAttending {
			daysAgo[domain.ReferralMatched] = 7*domain.DefaultFollowUpWeeks - s.fuDue
		}
		daysAgo[domain.ReferralAttending] = daysAgo[domain.ReferralMatched] - 7
		daysAgo[domain.ReferralClosed] = daysAgo[domain.ReferralMatched] - 42
		for r.Status != s.status {
			next := domain.NextReferralStatus(r.Status)
			if s.status == domain.ReferralDeclined {
				next = domain.ReferralDeclined
			}
			date := ago(daysAgo[next])
			if last := latestStep(r); date < last {
				date = last
			}
			if date > day {
				date = day
			}
			reason := ""
			if next == domain.ReferralDeclined {
				reason = []string{"Did not want to take part just now", "Moved out of the area"}[i%2]
			}
			var err error
			if r, err = domain.AdvanceReferral(r, next, date, reason); err != nil {
				return fmt.Errorf("demo referral %s: %w", rid, err)
			}
		}
		put(domain.KindReferral, rid, r)

		// Consent: share with GP for everyone contacted; photos for some.
		// Their consent to the ways they prefer to be contacted (as
		// demo.Generate records it) dates from the referral: taken by
		// reception with a self-referral, else by the link worker at first
		// contact; nobody has asked those not yet contacted, nor those the
		// demo leaves without (demo.Unconsented). One person, whose
		// follow-up falls due this week, has since withdrawn it, so the
		// reminders show someone they cannot reach.
		if p, ok := v.Person(pid); ok && !demo.Unconsented(i) {
			given, by := r.Contacted, lw
			if s.source == self {
				given, by = r.Received, demo.StaffReception
			}
			cs := demo.ContactConsents(p, given, by)
			if i == 12 {
				for _, way := range p.ContactPreferences {
					cs, _ = domain.WithdrawConsent(cs, domain.PreferenceConsentPurpose(way), ago(3), lw)
				}
			}
			for _, c := range cs {
				c.Deleted = given == ""
				put(domain.KindConsent, c.ID, c)
			}
		}
		referred[pid] = true
		if r.Contacted != "" {
			put(domain.KindConsent, rid+"-c-gp", domain.Consent{PersonID: pid, Purpose: "share with GP", Given: r.Contacted, RecordedBy: lw})
			if i%3 == 0 {
				put(domain.KindConsent, rid+"-c-photos", domain.Consent{PersonID: pid, Purpose: "photos", Given: r.Contacted, RecordedBy: lw})
			}
			put(domain.KindContact, rid+"-k1", domain.Contact{PersonID: pid, Method: "phone call", Date: r.Contacted,
				Outcome: "Introduced the service; happy to meet", NextStep: "Meet at the surgery for a chat", By: lw})
		}
		if r.Assessed != "" {
			put(domain.KindContact, rid+"-k2", domain.Contact{PersonID: pid, Method: "in person", Date: r.Assessed,
				Outcome: "Talked through what matters to them; interested in a group outdoors", NextStep: "Look at activities together", By: lw})
		}
		if s.activity == "" {
			continue
		}
		aid := demo.IDPrefix + s.activity
		a, ok := activity(v, aid)
		if !ok {
			continue
		}
		way := demoWays[s.activity]
		m := domain.Match{PersonID: pid, ActivityID: aid, ReferralID: rid, Date: r.Matched,
			TravelRoute: way.route, MeetBy: way.meetBy, WithFriend: i%2 == 0}
		eid := domain.EnrolmentID(aid, pid)
		en := domain.Enrolment{ActivityID: aid, PersonID: pid, VenueID: a.VenueID, Started: r.Matched}
		if s.finished || s.status == domain.ReferralClosed {
			m.Ended = ago(6)
			en.Ended = ago(6)
		}
		put(domain.KindMatch, rid+"-m", m)
		if row, ok := v.Get(domain.KindEnrolment, eid); ok {
			var before domain.Enrolment
			row.Decode(&before)
			changes = append(changes, domain.Changed(domain.KindEnrolment, eid, before, en)...)
		} else {
			put(domain.KindEnrolment, eid, en)
		}
		// Their marks on the register since they were matched.
		last := domain.AddDays(day, -1)
		if m.Ended != "" {
			last = m.Ended
		}
		for d, n := r.Matched, 0; d <= last; d = domain.AddDays(d, 1) {
			sid := domain.SessionID(aid, d)
			if _, ok := v.Get(domain.KindSession, sid); !ok || !domain.MeetsOn(a, d) {
				continue
			}
			status := domain.StatusPresent
			if n%4 == 3 {
				status = domain.StatusApologies
			}
			n++
			put(domain.KindAttendance, domain.AttendanceID(sid, pid), domain.Attendance{SessionID: sid, PersonID: pid, ActivityID: aid,
				VenueID: a.VenueID, Date: d, Status: status, MarkedBy: demo.StaffFacilitator})
		}
		put(domain.KindContact, rid+"-k3", domain.Contact{PersonID: pid, Method: "printed information given", Date: r.Matched,
			Outcome: "Gave the info sheet for " + a.Name + " with the route", By: lw})

		fu, err := domain.ScheduleFollowUp(r.PersonID, r.ID, r.Matched, 0)
		if err != nil {
			return err
		}
		if s.status == domain.ReferralClosed || s.finished {
			var k domain.Contact
			fu, k, _, err = domain.RecordFollowUp(fu, fu.Due, "phone call", "Going most weeks and enjoying it", lw, domain.NoMoreFollowUps)
			if err != nil {
				return err
			}
			k.NextStep = "Close the referral"
			put(domain.KindContact, rid+"-k4", k)
		}
		put(domain.KindFollowUp, rid+"-f1", fu)
		// The finished case's follow-up was recorded with no more to come
		// (next step: close the referral), so it has no second one; a demo
		// store written when it had one (due the day of that call, so shown
		// overdue) has it deleted.
		if _, ok := v.Get(domain.KindFollowUp, rid+"-f2"); ok && s.finished {
			put(domain.KindFollowUp, rid+"-f2", domain.FollowUp{PersonID: pid, ReferralID: rid, Due: ago(-s.fuDue), Deleted: true})
		}

		if s.measures >= 1 {
			put(domain.KindMeasure, rid+"-ons4-b", domain.Measure{PersonID: pid, Instrument: domain.InstrumentONS4,
				Stage: domain.StageBaseline, Date: r.Matched, Items: []int{4, 5, 3, 7}, By: lw})
			put(domain.KindMeasure, rid+"-sw-b", domain.Measure{PersonID: pid, Instrument: domain.InstrumentSWEMWBS,
				Stage: domain.StageBaseline, Date: r.Matched, Items: []int{2, 3, 2, 3, 3, 2, 3}, SelfCompleted: true, Helped: i%2 == 0, By: lw})
		}
		if s.measures >= 2 {
			date := fu.Done
			if date == "" {
				date = ago(7)
			}
			put(domain.KindMeasure, rid+"-ons4-f", domain.Measure{PersonID: pid, Instrument: domain.InstrumentONS4,
				Stage: domain.StageFollowUp, Date: date, Items: []int{7, 7, 6, 4}, By: lw})
			put(domain.KindMeasure, rid+"-sw-f", domain.Measure{PersonID: pid, Instrument: domain.InstrumentSWEMWBS,
				Stage: domain.StageFollowUp, Date: date, Items: []int{4, 4, 3, 3, 4, 4, 4}, SelfCompleted: true, By: lw})
		}
	}
	// Everyone else's consent to be contacted, as demo.Generate records
	// it, for a demo store written before it did.
	for i := 0; ; i++ {
		p, ok := v.Person(fmt.Sprintf("%sp%04d", demo.IDPrefix, i+1))
		if !ok {
			break
		}
		for _, c := range demo.FirstContactConsents(p, i, demo.HistoryStart(today, 0)) {
			if _, ok := v.Get(domain.KindConsent, c.ID); !ok && !referred[p.ID] {
				put(domain.KindConsent, c.ID, c)
			}
		}
	}
	return store.Save(lw, changes...)
}

func latestStep(r domain.Referral) string {
	last := ""
	for _, d := range []string{r.Received, r.Contacted, r.Assessed, r.Matched, r.Attending, r.Closed, r.Declined} {
		if d > last {
			last = d
		}
	}
	return last
}

// demoWays are the demo matches' own routes and welcomes, by activity:
// each to its own venue (demo.Venues' directions), from somewhere a
// person might set out, and each welcome from someone who is there. An
// online activity has no route.
var demoWays = map[string]struct{ route, meetBy string }{
	"act-garden":      {"The 36 from outside the library to the Mill Lane stop, then through the surgery car park to the green gate", "Bev at the gate for the first week"},
	"act-mindful":     {"The 36 from outside the library to the Mill Lane stop, then through the surgery car park to the green gate", "Priya at the gate for the first week"},
	"act-craft":       {"Bus 7 from the top of your road to Market Cross, then up Church Street to the side door of the hall", "Hannah at the side door for the first week"},
	"act-singing":     {"Bus 7 from the top of your road to Market Cross, then up Church Street to the side door of the hall", "Bev at the side door for the first week"},
	"act-money":       {"Bus 7 from the top of your road to Market Cross, then up Church Street to the side door of the hall", "Tom at the welcome desk"},
	"act-drawing":     {"Any bus to the bus station, then five minutes along Bridge Street to the main doors on Market Square", "Hannah at the front desk for the first week"},
	"act-museum":      {"Any bus to the bus station, then five minutes along Bridge Street to the main doors on Market Square", "Hannah at the front desk"},
	"act-yoga-online": {"", "Priya, on the call"},
}
