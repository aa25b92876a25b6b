package domain

import (
	"maps"
	"strings"
	"testing"
	"time"
)

// consentGiven and consentWithdrawn are consents to purpose given before
// the reminder tests' today, the second withdrawn since.
func consentGiven(purpose string) Consent { return Consent{Purpose: purpose, Given: "2026-01-05"} }

func consentWithdrawn(purpose string) Consent {
	return Consent{Purpose: purpose, Given: "2026-01-05", Withdrawn: "2026-02-01"}
}

func TestPlanReminders(t *testing.T) {
	const today = "2026-03-18"
	consent := consentGiven
	withdrawn := consentWithdrawn
	phone, post := "contact by phone", "contact by post"
	for _, c := range []struct {
		name     string
		person   Person
		consents []Consent
		way      string // "" means unreachable
		why      string // part of the reason, when unreachable
		large    bool
	}{
		{"prefers phone with consent", Person{ContactPreferences: []string{"phone"}, Phone: "07700 900123"},
			[]Consent{consent(phone)}, ReminderCall, "", false},
		{"prefers phone without consent", Person{ContactPreferences: []string{"phone"}, Phone: "07700 900123"},
			nil, "", "their consent to contact by phone is not recorded", false},
		{"prefers phone, consent withdrawn", Person{ContactPreferences: []string{"phone"}, Phone: "07700 900123"},
			[]Consent{withdrawn(phone)}, "", "they withdrew consent to contact by phone on Sun 1 Feb 2026", false},
		{"prefers letters, consent withdrawn", Person{ContactPreferences: []string{"letter"}, Address: "1 Mill Lane", Postcode: "KV1 4RG"},
			[]Consent{withdrawn(post)}, "", "they withdrew consent to contact by letter on Sun 1 Feb 2026", false},
		{"prefers phone, withdrawn then given again", Person{ContactPreferences: []string{"phone"}, Phone: "07700 900123"},
			[]Consent{withdrawn(phone), {Purpose: phone, Given: "2026-03-01"}}, ReminderCall, "", false},
		{"prefers phone, no number", Person{ContactPreferences: []string{"phone"}},
			[]Consent{consent(phone)}, "", "no phone number", false},
		{"prefers letters with consent", Person{ContactPreferences: []string{"letter"}, Address: "1 Mill Lane", Postcode: "KV1 4RG"},
			[]Consent{consent(post)}, ReminderLetter, "", false},
		{"prefers letters, large print", Person{ContactPreferences: []string{"letter"}, Address: "1 Mill Lane", Postcode: "KV1 4RG",
			AccessNeeds: "Partially sighted; uses a stick"}, []Consent{consent(post)}, ReminderLetter, "", true},
		{"prefers letters, consent only for phone", Person{ContactPreferences: []string{"letter"}, Address: "1 Mill Lane", Postcode: "KV1 4RG"},
			[]Consent{consent(phone)}, "", "their consent to contact by letter is not recorded", false},
		{"prefers letters, no address", Person{ContactPreferences: []string{"letter"}},
			[]Consent{consent(post)}, "", "no address", false},
		{"prefers letters, no postcode", Person{ContactPreferences: []string{"letter"}, Address: "1 Mill Lane"},
			[]Consent{consent(post)}, "", "they prefer letters, but no postcode is recorded", false},
		{"prefers letters, postcode in the address", Person{ContactPreferences: []string{"letter"}, Address: "1 Mill Lane\nKirkby Vale\nkv1 4rg"},
			[]Consent{consent(post)}, ReminderLetter, "", false},
		{"text first, then phone", Person{ContactPreferences: []string{"text", "phone"}, Phone: "07700 900123"},
			[]Consent{consent(phone)}, ReminderCall, "", false},
		{"phone refused, letter works", Person{ContactPreferences: []string{"phone", "letter"}, Phone: "07700 900123",
			Address: "1 Mill Lane", Postcode: "KV1 4RG"}, []Consent{consent(post)}, ReminderLetter, "", false},
		{"letter first when listed first", Person{ContactPreferences: []string{"letter", "phone"}, Phone: "07700 900123",
			Address: "1 Mill Lane", Postcode: "KV1 4RG"}, []Consent{consent(post), consent(phone)}, ReminderLetter, "", false},
		{"email only", Person{ContactPreferences: []string{"email"}, Email: "a@example.org"},
			[]Consent{consent("contact by email")}, "", "Gather cannot send the emails they prefer", false},
		// Consent is the fact, with or without the way among their
		// preferences (TestContactConsentIsTheOneFact).
		{"phone agreed, not among their preferences", Person{Phone: "07700 900123"}, []Consent{consent(phone)}, ReminderCall, "", false},
		{"no preference", Person{Phone: "07700 900123"}, nil, "", "no way to contact them is recorded", false},
		// A way agreed without being among their preferences (recorded by
		// the case's old buttons) is said as agreed, as the card says it,
		// not as a preference they never gave.
		{"phone agreed, not preferred, no number", Person{}, []Consent{consent(phone)}, "", "They agreed to phone calls, but no phone number is recorded", false},
		{"email agreed, not preferred", Person{Email: "a@example.org"}, []Consent{consent("contact by email")}, "",
			"Gather cannot send the emails they agreed to", false},
	} {
		t.Run(c.name, func(t *testing.T) {
			p := c.person
			p.ID, p.GivenName, p.FamilyName = "p1", "Ada", "Lovelace"
			plan := PlanReminders([]Person{p}, map[string][]Consent{"p1": c.consents}, today)
			if plan.Total() != 1 {
				t.Fatalf("plan covers %d people, want 1: %+v", plan.Total(), plan)
			}
			var got Reminded
			switch {
			case len(plan.Calls) == 1:
				got = plan.Calls[0]
			case len(plan.Letters) == 1:
				got = plan.Letters[0]
			default:
				got = plan.Unreachable[0]
			}
			if got.Way != c.way {
				t.Errorf("way = %q, want %q (why: %q)", got.Way, c.way, got.Why)
			}
			if c.way == "" && !strings.Contains(strings.ToLower(got.Why), strings.ToLower(c.why)) {
				t.Errorf("why = %q, want it to say %q", got.Why, c.why)
			}
			if c.way != "" && got.Why != "" {
				t.Errorf("why = %q for someone reachable", got.Why)
			}
			if got.LargePrint != c.large {
				t.Errorf("large print = %v, want %v", got.LargePrint, c.large)
			}
		})
	}
}

func TestPlanRemindersCoversEveryoneOnce(t *testing.T) {
	consents := map[string][]Consent{"b": {{Purpose: "contact by phone", Given: "2026-01-01"}}}
	people := []Person{
		{ID: "b", GivenName: "Bo", FamilyName: "Zed", ContactPreferences: []string{"phone"}, Phone: "1"},
		{ID: "a", GivenName: "Al", FamilyName: "Able"},
		{ID: "a", GivenName: "Al", FamilyName: "Able"}, // listed twice
		{ID: "gone", GivenName: "Del", FamilyName: "Eted", Deleted: true},
		{ID: "old", GivenName: "Mer", FamilyName: "Ged", MergedInto: "a"},
		{ID: "c", GivenName: "Cy", FamilyName: "Baker"},
	}
	plan := PlanReminders(people, consents, "2026-03-18")
	if plan.Total() != 3 || len(plan.Calls) != 1 || len(plan.Unreachable) != 2 {
		t.Fatalf("plan = %+v, want b to call and a, c unreachable", plan)
	}
	if plan.Unreachable[0].Person.ID != "a" || plan.Unreachable[1].Person.ID != "c" {
		t.Errorf("unreachable not by family name: %s, %s", plan.Unreachable[0].Person.ID, plan.Unreachable[1].Person.ID)
	}
}

func TestNeedsLargePrint(t *testing.T) {
	for needs, want := range map[string]bool{
		"":                                false,
		"Wheelchair user":                 false,
		"Large print please":              true,
		"LARGE  PRINT":                    true,
		"visually impaired, guide dog":    true,
		"Low vision":                      true,
		"Hearing aid; sits near the door": false,
		"Needs large-print handouts":      true,
	} {
		t.Run(needs, func(t *testing.T) {
			if got := NeedsLargePrint(needs); got != want {
				t.Errorf("NeedsLargePrint(%q) = %v, want %v", needs, got, want)
			}
		})
	}
}

func TestNextSessionToRemind(t *testing.T) {
	weekly := Activity{Schedule: ScheduleWeekly, Weekday: time.Wednesday, StartDate: "2026-01-07"} // 2026-03-18 is a Wednesday
	for _, c := range []struct {
		name      string
		a         Activity
		cancelled string
		want      string
	}{
		{"next week, not today", weekly, "", "2026-03-25"},
		{"skips a cancelled session", weekly, "2026-03-25", "2026-04-01"},
		{"ended", Activity{Schedule: ScheduleWeekly, Weekday: time.Wednesday, EndDate: "2026-03-20"}, "", ""},
		{"one-off ahead", Activity{Schedule: ScheduleOneOff, StartDate: "2026-05-02"}, "", "2026-05-02"},
		{"one-off past", Activity{Schedule: ScheduleOneOff, StartDate: "2026-03-01"}, "", ""},
		{"deleted", Activity{Schedule: ScheduleWeekly, Weekday: time.Friday, Deleted: true}, "", ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			got, ok := NextSessionToRemind(c.a, "2026-03-18", func(d string) bool { return d == c.cancelled })
			if got != c.want || ok != (c.want != "") {
				t.Errorf("NextMeeting = %q, %v; want %q", got, ok, c.want)
			}
		})
	}
}

func TestRemindersWho(t *testing.T) {
	es := []Enrolment{
		{ActivityID: "g", PersonID: "a", Started: "2026-01-01"},
		{ActivityID: "g", PersonID: "b", Started: "2026-01-01", Ended: "2026-02-01"},
		{ActivityID: "g", PersonID: "c", Started: "2026-04-01"},
		{ActivityID: "g", PersonID: "d", Started: "2026-01-01", Deleted: true},
	}
	if got := strings.Join(ExpectedOn(es, "2026-03-25"), ","); got != "a" {
		t.Errorf("ExpectedOn = %s, want a", got)
	}
	fs := []FollowUp{
		{PersonID: "late", Due: "2026-03-01"},
		{PersonID: "soon", Due: "2026-03-20"},
		{PersonID: "later", Due: "2026-05-01"},
		{PersonID: "done", Due: "2026-03-01", Done: "2026-03-02"},
		{PersonID: "late", Due: "2026-03-10"},
		{PersonID: "gone", Due: "2026-03-10", Deleted: true},
	}
	var got []string
	for _, f := range FollowUpsToRemind(fs, "2026-03-18") {
		got = append(got, f.PersonID+" "+f.Due)
	}
	if strings.Join(got, ",") != "late 2026-03-01,soon 2026-03-20" {
		t.Errorf("FollowUpsToRemind = %s, want late 2026-03-01,soon 2026-03-20", strings.Join(got, ","))
	}
}

func TestReminderContact(t *testing.T) {
	c, err := ReminderContact("p1", ReminderLetter, "Garden group, Wednesday 25 March", "2026-03-18", "s1")
	if err != nil {
		t.Fatal(err)
	}
	if c.Method != "letter" || c.PersonID != "p1" || c.Date != "2026-03-18" || c.By != "s1" {
		t.Errorf("contact = %+v", c)
	}
	if ContactConsentPurpose(c.Method) != "contact by post" {
		t.Errorf("a reminder letter is logged as %q, which needs no consent", c.Method)
	}
	if !AlreadyReminded([]Contact{c}, ReminderLetter, "Garden group, Wednesday 25 March", "2026-03-18") {
		t.Error("the saved letter does not count as the reminder")
	}
	if AlreadyReminded([]Contact{c}, ReminderCall, "Garden group, Wednesday 25 March", "2026-03-18") {
		t.Error("a letter counts as the call")
	}
	if AlreadyReminded([]Contact{c}, ReminderLetter, "Garden group, Wednesday 25 March", "2026-03-19") {
		t.Error("yesterday's letter counts as today's")
	}
	for _, bad := range []struct{ person, way, date string }{{"p1", "text", "2026-03-18"}, {"", ReminderCall, "2026-03-18"},
		{"p1", ReminderCall, "18/03/2026"}} {
		if _, err := ReminderContact(bad.person, bad.way, "x", bad.date, "s1"); err == nil {
			t.Errorf("ReminderContact(%q, %q, %q) made a contact", bad.person, bad.way, bad.date)
		}
	}
}

func TestLogReminder(t *testing.T) {
	ch, err := LogReminder("p1", ReminderCall, "Garden group, Wednesday 25 March", "2026-03-18", "s1")
	if err != nil {
		t.Fatal(err)
	}
	if ch.Kind != KindContact || ch.ID == "" {
		t.Fatalf("change = %+v, want a new contact", ch)
	}
	want, _ := ReminderContact("p1", ReminderCall, "Garden group, Wednesday 25 March", "2026-03-18", "s1")
	if !maps.Equal(ch.Fields, Encode(want)) {
		t.Errorf("logged %v, want %v", ch.Fields, Encode(want))
	}
	again, _ := LogReminder("p1", ReminderCall, "Garden group, Wednesday 25 March", "2026-03-18", "s1")
	if again.ID == ch.ID {
		t.Error("two reminders share one contact id")
	}
	if _, err := LogReminder("", ReminderCall, "x", "2026-03-18", "s1"); err == nil {
		t.Error("a reminder for nobody was logged")
	}
}

// TestReminderReasonIsOneSentence: someone no reminder can reach is said
// in one sentence: why (every way that does not work, without setting a
// preference against a withdrawal, which read as a contradiction: "prefers
// phone but withdrew consent to contact by phone"), then what to do.
func TestReminderReasonIsOneSentence(t *testing.T) {
	const today = "2026-03-18"
	given, withdrawn := consentGiven, consentWithdrawn
	phone, post := "contact by phone", "contact by post"
	for _, c := range []struct {
		name     string
		person   Person
		consents []Consent
		want     string
	}{
		{"text first, phone withdrawn", Person{ContactPreferences: []string{"text", "phone"}, Phone: "07700 900123"},
			[]Consent{withdrawn(phone)},
			"Gather cannot send the texts they prefer, and they withdrew consent to contact by phone on Sun 1 Feb 2026: remind them in person, or through whoever referred them"},
		{"phone withdrawn", Person{ContactPreferences: []string{"phone"}, Phone: "07700 900123"}, []Consent{withdrawn(phone)},
			"They withdrew consent to contact by phone on Sun 1 Feb 2026: remind them in person, or through whoever referred them"},
		{"phone not agreed", Person{ContactPreferences: []string{"phone"}, Phone: "07700 900123"}, nil,
			"They prefer phone calls, but their consent to contact by phone is not recorded: ask them, and record it on their case"},
		{"letters, no postcode", Person{ContactPreferences: []string{"letter"}, Address: "1 Mill Lane"}, []Consent{given(post)},
			"They prefer letters, but no postcode is recorded: add it with Edit details on their card"},
		{"phone agreed, not preferred, no number", Person{}, []Consent{given(phone)},
			"They agreed to phone calls, but no phone number is recorded: add it with Edit details on their card"},
		{"email only", Person{ContactPreferences: []string{"email"}, Email: "a@example.org"}, []Consent{given("contact by email")},
			"Gather cannot send the emails they prefer: remind them in person, or through whoever referred them"},
		{"no preference", Person{Phone: "07700 900123"}, nil,
			"No way to contact them is recorded: ask how they would like to hear from you, and record it on their case"},
	} {
		t.Run(c.name, func(t *testing.T) {
			p := c.person
			p.ID, p.GivenName, p.FamilyName = "p1", "Ada", "Lovelace"
			plan := PlanReminders([]Person{p}, map[string][]Consent{"p1": c.consents}, today)
			if len(plan.Unreachable) != 1 {
				t.Fatalf("plan %+v, want Ada unreachable", plan)
			}
			if got := plan.Unreachable[0].Why; got != c.want {
				t.Errorf("why:\n got %q\nwant %q", got, c.want)
			}
		})
	}
}
