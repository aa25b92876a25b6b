package domain

import (
	"errors"
	"reflect"
	"testing"
)

func TestAdvanceReferralPath(t *testing.T) {
	r := Referral{ID: "r1", PersonID: "p1", Status: ReferralReceived, Received: "2026-01-05"}
	steps := []struct{ to, date string }{
		{ReferralContacted, "2026-01-07"},
		{ReferralAssessed, "2026-01-10"},
		{ReferralMatched, "2026-01-10"},
		{ReferralAttending, "2026-01-20"},
		{ReferralClosed, "2026-03-01"},
	}
	for _, s := range steps {
		next, err := AdvanceReferral(r, s.to, s.date, "")
		if err != nil {
			t.Fatalf("%s -> %s: %v", r.Status, s.to, err)
		}
		if next.Status != s.to {
			t.Fatalf("status %q, want %q", next.Status, s.to)
		}
		r = next
	}
	want := Referral{ID: "r1", PersonID: "p1", Status: ReferralClosed, Received: "2026-01-05",
		Contacted: "2026-01-07", Assessed: "2026-01-10", Matched: "2026-01-10", Attending: "2026-01-20",
		Closed: "2026-03-01", SnomedCodes: []string{SnomedReferralAccepted}}
	if !reflect.DeepEqual(r, want) {
		t.Fatalf("after the path:\n got %+v\nwant %+v", r, want)
	}
}

func TestAdvanceReferralRefusals(t *testing.T) {
	received := Referral{Status: ReferralReceived, Received: "2026-01-05"}
	assessed := Referral{Status: ReferralAssessed, Received: "2026-01-05", Contacted: "2026-01-06", Assessed: "2026-01-08"}
	closed := Referral{Status: ReferralClosed, Received: "2026-01-05", Closed: "2026-02-01"}
	declined := Referral{Status: ReferralDeclined, Received: "2026-01-05", Declined: "2026-01-06", DeclineReason: "moved away"}
	tests := []struct {
		name     string
		r        Referral
		to, date string
		reason   string
	}{
		{"skips a step", received, ReferralAssessed, "2026-01-06", ""},
		{"goes backwards", assessed, ReferralContacted, "2026-01-09", ""},
		{"stays put", assessed, ReferralAssessed, "2026-01-09", ""},
		{"unknown status", received, "lost", "2026-01-06", ""},
		{"date before last step", assessed, ReferralMatched, "2026-01-07", ""},
		{"date before received", received, ReferralContacted, "2026-01-04", ""},
		{"decline without reason", received, ReferralDeclined, "2026-01-06", ""},
		{"moves on from closed", closed, ReferralDeclined, "2026-02-02", "changed mind"},
		{"moves on from declined", declined, ReferralContacted, "2026-01-07", ""},
		{"no received date", Referral{Status: ReferralReceived}, ReferralContacted, "2026-01-07", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := AdvanceReferral(tt.r, tt.to, tt.date, tt.reason)
			if !errors.Is(err, ErrBadTransition) {
				t.Fatalf("err = %v, want ErrBadTransition", err)
			}
			if !reflect.DeepEqual(got, tt.r) {
				t.Fatalf("a refused step changed the referral: %+v", got)
			}
		})
	}
	t.Run("bad date", func(t *testing.T) {
		if _, err := AdvanceReferral(received, ReferralContacted, "7/1/2026", ""); err == nil || errors.Is(err, ErrBadTransition) {
			t.Fatalf("err = %v, want a date error", err)
		}
	})
}

func TestDeclineFromEveryOpenStatus(t *testing.T) {
	for _, status := range ReferralPath[:len(ReferralPath)-1] {
		t.Run(status, func(t *testing.T) {
			r := Referral{Status: status, Received: "2026-01-05"}
			if status != ReferralReceived {
				r.Contacted, r.SnomedCodes = "2026-01-06", []string{SnomedReferralAccepted}
			}
			got, err := AdvanceReferral(r, ReferralDeclined, "2026-01-09", "does not want support now")
			if err != nil {
				t.Fatal(err)
			}
			if got.Status != ReferralDeclined || got.Declined != "2026-01-09" || got.DeclineReason != "does not want support now" {
				t.Fatalf("got %+v", got)
			}
			if !got.HasSnomed(SnomedDeclined) {
				t.Fatalf("declined code missing: %v", got.SnomedCodes)
			}
			if accepted := status != ReferralReceived; got.HasSnomed(SnomedReferralAccepted) != accepted {
				t.Fatalf("accepted code %v, want %v", got.SnomedCodes, accepted)
			}
		})
	}
}

func TestSnomedNotDuplicatedOrShared(t *testing.T) {
	codes := []string{SnomedReferralAccepted}
	r := Referral{Status: ReferralReceived, Received: "2026-01-05", SnomedCodes: codes}
	got, err := AdvanceReferral(r, ReferralContacted, "2026-01-06", "")
	if err != nil {
		t.Fatal(err)
	}
	if len(got.SnomedCodes) != 1 {
		t.Fatalf("codes %v", got.SnomedCodes)
	}
	d, _ := AdvanceReferral(got, ReferralDeclined, "2026-01-07", "no")
	if len(codes) != 1 || len(d.SnomedCodes) != 2 {
		t.Fatalf("input slice changed or codes wrong: %v %v", codes, d.SnomedCodes)
	}
	if SnomedTerms[SnomedReferralAccepted] != "Referral to social prescribing service" ||
		SnomedTerms[SnomedDeclined] != "Social prescribing declined" {
		t.Fatal("SNOMED terms")
	}
}

func TestWaitingDays(t *testing.T) {
	tests := []struct {
		name      string
		r         Referral
		days      int
		contacted bool
	}{
		{"contacted", Referral{Received: "2026-01-30", Contacted: "2026-02-02"}, 3, true},
		{"same day", Referral{Received: "2026-01-30", Contacted: "2026-01-30"}, 0, true},
		{"still waiting", Referral{Received: "2026-02-20"}, 8, false}, // 2026 is not a leap year
		{"declined uncontacted", Referral{Received: "2026-02-20", Declined: "2026-02-25"}, 5, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			days, contacted, err := WaitingDays(tt.r, "2026-02-28")
			if err != nil || days != tt.days || contacted != tt.contacted {
				t.Fatalf("got %d %v %v, want %d %v", days, contacted, err, tt.days, tt.contacted)
			}
		})
	}
}

func TestFollowUpDue(t *testing.T) {
	tests := []struct {
		matched string
		weeks   int
		want    string
		bad     bool
	}{
		{"2026-01-10", 0, "2026-02-07", false}, // default four weeks
		{"2026-01-10", 4, "2026-02-07", false},
		{"2026-01-10", 5, "2026-02-14", false},
		{"2026-01-10", 6, "2026-02-21", false},
		{"2026-12-20", 4, "2027-01-17", false}, // over a year end
		{"2026-01-10", 3, "", true},
		{"2026-01-10", 7, "", true},
		{"10/01/2026", 4, "", true},
	}
	for _, tt := range tests {
		t.Run(tt.matched, func(t *testing.T) {
			got, err := FollowUpDue(tt.matched, tt.weeks)
			if (err != nil) != tt.bad || got != tt.want {
				t.Fatalf("FollowUpDue(%s, %d) = %q, %v; want %q", tt.matched, tt.weeks, got, err, tt.want)
			}
		})
	}
	if _, err := ScheduleFollowUp("p", "r", "", 4); err == nil {
		t.Fatal("scheduled a follow-up before matching")
	}
	f, err := ScheduleFollowUp("p", "r", "2026-01-10", 6)
	if err != nil || f != (FollowUp{PersonID: "p", ReferralID: "r", Due: "2026-02-21"}) {
		t.Fatalf("ScheduleFollowUp = %+v, %v", f, err)
	}
}

func TestFollowUpState(t *testing.T) {
	today := "2026-03-10"
	tests := []struct {
		f    FollowUp
		want string
	}{
		{FollowUp{Due: "2026-03-09"}, FollowUpOverdue},
		{FollowUp{Due: "2026-03-10"}, FollowUpDueNow},
		{FollowUp{Due: "2026-03-16"}, FollowUpDueNow},
		{FollowUp{Due: "2026-03-17"}, FollowUpUpcoming},
		{FollowUp{Due: "2026-03-01", Done: "2026-03-05"}, FollowUpDone},
	}
	for _, tt := range tests {
		t.Run(tt.f.Due, func(t *testing.T) {
			if got := FollowUpState(tt.f, today); got != tt.want {
				t.Fatalf("got %s, want %s", got, tt.want)
			}
		})
	}
	if !DoneOnTime(FollowUp{Due: "2026-03-01", Done: "2026-03-01"}) || DoneOnTime(FollowUp{Due: "2026-03-01", Done: "2026-03-02"}) ||
		DoneOnTime(FollowUp{Due: "2026-03-01"}) {
		t.Fatal("DoneOnTime")
	}
}

func TestRecordFollowUp(t *testing.T) {
	f := FollowUp{ID: "f", PersonID: "p", ReferralID: "r", Due: "2026-03-01"}
	done, contact, next, err := RecordFollowUp(f, "2026-03-02", "phone call", "enjoying the garden group", "lw1", 6)
	if err != nil {
		t.Fatal(err)
	}
	if done.Done != "2026-03-02" || done.Outcome != "enjoying the garden group" || done.By != "lw1" {
		t.Fatalf("follow-up %+v", done)
	}
	if contact != (Contact{PersonID: "p", Method: "phone call", Date: "2026-03-02", Outcome: "enjoying the garden group", By: "lw1"}) {
		t.Fatalf("contact %+v", contact)
	}
	if next == nil || next.Due != "2026-04-13" || next.ReferralID != "r" {
		t.Fatalf("next %+v", next)
	}
	if _, _, _, err := RecordFollowUp(done, "2026-03-03", "text", "", "lw1", NoMoreFollowUps); err == nil || errors.Is(err, ErrNextFollowUpUnchosen) {
		t.Fatalf("recorded a follow-up twice: %v", err)
	}
}

func TestSuggestNextSteps(t *testing.T) {
	acts := map[string]Activity{
		"taster":  {ID: "taster", Level: LevelTaster, NextSteps: []string{"garden", "ended", "gone", "craft", "garden", "missing", "taster"}},
		"garden":  {ID: "garden", Level: LevelIntermediate},
		"ended":   {ID: "ended", EndDate: "2026-01-01"},
		"gone":    {ID: "gone", Deleted: true},
		"craft":   {ID: "craft"},
		"advance": {ID: "advance", Level: LevelAdvanced, NextSteps: []string{"garden"}},
	}
	find := func(id string) (Activity, bool) { a, ok := acts[id]; return a, ok }
	ids := func(as []Activity) []string {
		var out []string
		for _, a := range as {
			out = append(out, a.ID)
		}
		return out
	}
	tests := []struct {
		name     string
		finished string
		enrolled map[string]bool
		want     []string
	}{
		{"taster", "taster", nil, []string{"garden", "craft"}},
		{"already enrolled", "taster", map[string]bool{"garden": true}, []string{"craft"}},
		{"not introductory", "advance", nil, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := ids(SuggestNextSteps(acts[tt.finished], find, tt.enrolled, "2026-02-01"))
			if !reflect.DeepEqual(got, tt.want) {
				t.Fatalf("got %v, want %v", got, tt.want)
			}
		})
	}
}

// TestRecordFollowUpNextIsChosen: ending a person's follow-ups is a choice
// (NoMoreFollowUps); with nothing chosen the follow-up is refused, not
// recorded as the last one.
func TestRecordFollowUpNextIsChosen(t *testing.T) {
	f := FollowUp{ID: "f", PersonID: "p", ReferralID: "r", Due: "2026-03-01"}
	tests := []struct {
		name     string
		next     int
		wantErr  error
		wantNext string // due date of the next follow-up, "" for none
	}{
		{"nothing chosen is refused", 0, ErrNextFollowUpUnchosen, ""},
		{"no more follow-ups", NoMoreFollowUps, nil, ""},
		{"in 4 weeks", 4, nil, "2026-03-30"},
		{"in 6 weeks", 6, nil, "2026-04-13"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			done, _, next, err := RecordFollowUp(f, "2026-03-02", "phone call", "fine", "lw1", tc.next)
			if !errors.Is(err, tc.wantErr) {
				t.Fatalf("err %v, want %v", err, tc.wantErr)
			}
			if err != nil {
				if done.Done != "" || next != nil {
					t.Errorf("refused, yet returned done %+v and next %+v", done, next)
				}
				return
			}
			got := ""
			if next != nil {
				got = next.Due
			}
			if got != tc.wantNext {
				t.Errorf("next follow-up due %q, want %q", got, tc.wantNext)
			}
		})
	}
}

// TestMatchReferral: a match moves an open referral to matched, taking the
// steps it had not taken on the day of the match; a referral already
// matched or further on, closed or declined stays where it is.
func TestMatchReferral(t *testing.T) {
	const day = "2026-03-18"
	base := Referral{ID: "r", PersonID: "p", Received: "2026-03-01"}
	with := func(f func(r *Referral)) Referral { r := base; f(&r); return r }
	tests := []struct {
		name      string
		r         Referral
		contacts  []Contact // the person's contact log
		wantMoved bool
		want      Referral // when moved
		wantErr   bool
	}{
		{name: "received, contacted on the day of the first conversation logged since", r: base,
			contacts: []Contact{
				{PersonID: "p", Date: "2026-02-20"}, // before the referral: another episode
				{PersonID: "p", Date: "2026-03-09"},
				{PersonID: "p", Date: "2026-03-05", Deleted: true},
				{PersonID: "p", Date: "2026-03-06"},
				{PersonID: "q", Date: "2026-03-02"}, // someone else
				{PersonID: "p", Date: "2026-03-19"}, // after the match
			},
			wantMoved: true,
			want: with(func(r *Referral) {
				r.Status, r.Contacted, r.Assessed, r.Matched = ReferralMatched, "2026-03-06", day, day
				r.SnomedCodes = []string{SnomedReferralAccepted}
			})},
		{name: "contacted keeps its date whatever the log says", r: with(func(r *Referral) {
			r.Status, r.Contacted, r.SnomedCodes = ReferralContacted, "2026-03-04", []string{SnomedReferralAccepted}
		}), contacts: []Contact{{PersonID: "p", Date: "2026-03-02"}}, wantMoved: true, want: with(func(r *Referral) {
			r.Status, r.Contacted, r.Assessed, r.Matched = ReferralMatched, "2026-03-04", day, day
			r.SnomedCodes = []string{SnomedReferralAccepted}
		})},
		{name: "received", r: with(func(r *Referral) { r.Status = ReferralReceived }), wantMoved: true,
			want: with(func(r *Referral) {
				r.Status, r.Contacted, r.Assessed, r.Matched = ReferralMatched, day, day, day
				r.SnomedCodes = []string{SnomedReferralAccepted}
			})},
		{name: "no status yet reads as received", r: base, wantMoved: true,
			want: with(func(r *Referral) {
				r.Status, r.Contacted, r.Assessed, r.Matched = ReferralMatched, day, day, day
				r.SnomedCodes = []string{SnomedReferralAccepted}
			})},
		{name: "contacted keeps its date", r: with(func(r *Referral) {
			r.Status, r.Contacted, r.SnomedCodes = ReferralContacted, "2026-03-02", []string{SnomedReferralAccepted}
		}), wantMoved: true, want: with(func(r *Referral) {
			r.Status, r.Contacted, r.Assessed, r.Matched = ReferralMatched, "2026-03-02", day, day
			r.SnomedCodes = []string{SnomedReferralAccepted}
		})},
		{name: "assessed", r: with(func(r *Referral) {
			r.Status, r.Contacted, r.Assessed, r.SnomedCodes = ReferralAssessed, "2026-03-02", "2026-03-09", []string{SnomedReferralAccepted}
		}), wantMoved: true, want: with(func(r *Referral) {
			r.Status, r.Contacted, r.Assessed, r.Matched = ReferralMatched, "2026-03-02", "2026-03-09", day
			r.SnomedCodes = []string{SnomedReferralAccepted}
		})},
		{name: "matched stays", r: with(func(r *Referral) { r.Status, r.Matched = ReferralMatched, "2026-03-10" })},
		{name: "attending is not moved back", r: with(func(r *Referral) { r.Status, r.Attending = ReferralAttending, "2026-03-12" })},
		{name: "closed stays closed", r: with(func(r *Referral) { r.Status, r.Closed = ReferralClosed, "2026-03-12" })},
		{name: "declined stays declined", r: with(func(r *Referral) { r.Status, r.Declined = ReferralDeclined, "2026-03-12" })},
		{name: "a step dated after the match is refused", r: with(func(r *Referral) {
			r.Status, r.Contacted = ReferralContacted, "2026-03-20"
		}), wantErr: true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, moved, err := MatchReferral(tc.r, day, tc.contacts)
			if (err != nil) != tc.wantErr {
				t.Fatalf("err %v, want error %v", err, tc.wantErr)
			}
			if moved != tc.wantMoved {
				t.Fatalf("moved %v, want %v", moved, tc.wantMoved)
			}
			want := tc.r
			if tc.wantMoved {
				want = tc.want
			}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("got  %+v\nwant %+v", got, want)
			}
		})
	}
}
