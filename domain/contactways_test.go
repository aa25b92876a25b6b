package domain

import (
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/gather-sp/gather/record"
)

// consentsAfter applies the consent changes of one action to cs.
func consentsAfter(t *testing.T, cs []Consent, changes []record.Change) []Consent {
	t.Helper()
	byID := map[string]int{}
	for i, c := range cs {
		byID[c.ID] = i
	}
	for _, ch := range changes {
		if ch.Kind != KindConsent {
			continue
		}
		vals := Values{}
		i, ok := byID[ch.ID]
		if ok {
			vals = Values(Encode(cs[i]))
		} else {
			cs = append(cs, Consent{})
			i = len(cs) - 1
			byID[ch.ID] = i
		}
		for f, v := range ch.Fields {
			vals[f] = v
		}
		Decode(ch.ID, vals, &cs[i])
	}
	return cs
}

// TestAgreeContactWays: ticking a way of contact records the consent to it
// (who and when), so the person's reminders and case say they can be
// reached that way; unticking records that they no longer agree; a way
// whose consent was withdrawn today is refused in words.
func TestAgreeContactWays(t *testing.T) {
	const today = "2026-11-21"
	p := Person{ID: "p1", GivenName: "Margaret", FamilyName: "Evans", Phone: "07700 900667",
		Address: "1 High St", Postcode: "KV1 4RG", Email: "peggy@example.org", ContactPreferences: []string{"email"}}
	if got, want := ContactWaysWords(p, nil, today), "Prefers email, but their consent is not recorded, so it is not used"; got != want {
		t.Errorf("before: %q, want %q", got, want)
	}
	prefs, given, withdrawn, changes, err := AgreeContactWays(p.ID, []Person{p}, nil, []string{"letter", "phone"}, today, "staff-priya")
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(prefs, []string{"phone", "letter"}) || !slices.Equal(given, []string{"phone", "letter"}) || len(withdrawn) != 0 {
		t.Fatalf("prefs %v given %v withdrawn %v", prefs, given, withdrawn)
	}
	cs := consentsAfter(t, nil, changes)
	for _, purpose := range []string{"contact by phone", "contact by post"} {
		st := ConsentStatus(cs, purpose, today)
		if !st.Stands || st.Given.RecordedBy != "staff-priya" || st.Given.Given != today || st.Given.PersonID != p.ID {
			t.Errorf("%s: %+v", purpose, st)
		}
	}
	p.ContactPreferences = prefs
	if got, want := ContactWaysWords(p, cs, today), "Agreed to contact by: phone, letter"; got != want {
		t.Errorf("after: %q, want %q", got, want)
	}
	plan := PlanReminders([]Person{p}, map[string][]Consent{p.ID: cs}, today)
	if len(plan.Calls) != 1 {
		t.Errorf("ticked phone, but not on the call list: %+v", plan)
	}

	// Untick phone: no longer agreed, recorded; a letter now.
	prefs, given, withdrawn, changes, err = AgreeContactWays(p.ID, []Person{p}, cs, []string{"letter"}, today, "staff-priya")
	if err != nil || !slices.Equal(prefs, []string{"letter"}) || len(given) != 0 || !slices.Equal(withdrawn, []string{"phone"}) {
		t.Fatalf("untick: prefs %v given %v withdrawn %v err %v", prefs, given, withdrawn, err)
	}
	cs = consentsAfter(t, cs, changes)
	if st := ConsentStatus(cs, "contact by phone", today); st.Stands || st.Withdrawn.WithdrawnBy != "staff-priya" {
		t.Errorf("phone after untick: %+v", st)
	}
	p.ContactPreferences = prefs
	if plan := PlanReminders([]Person{p}, map[string][]Consent{p.ID: cs}, today); len(plan.Letters) != 1 {
		t.Errorf("letter agreed, but not on the letters: %+v", plan)
	}

	// Tick phone again the same day: it could not stand, so it is refused.
	_, _, _, _, err = AgreeContactWays(p.ID, []Person{p}, cs, []string{"phone", "letter"}, today, "staff-priya")
	var refused *ContactWayRefused
	if !errors.As(err, &refused) || !slices.Equal(refused.Ways, []string{"phone"}) {
		t.Errorf("re-tick on the day of withdrawal: %v", err)
	}
	// Nothing to do when the ticks are what stands.
	if _, _, _, changes, err := AgreeContactWays(p.ID, []Person{p}, cs, []string{"letter"}, today, "staff-priya"); err != nil || len(changes) != 0 {
		t.Errorf("unchanged ticks made %d changes, %v", len(changes), err)
	}
}

// TestKeepUnagreedPreferences: the ways ticked are saved with any way the
// person preferred before without consent (kept, not agreed to); a way
// they preferred with consent and left unticked is not kept (its consent
// is withdrawn by AgreeContactWays); AgreedContactWays starts the ticks
// from the ways agreed only.
func TestKeepUnagreedPreferences(t *testing.T) {
	const today = "2026-03-18"
	cs := []Consent{{PersonID: "p", Purpose: PreferenceConsentPurpose("phone"), Given: "2026-03-01", RecordedBy: "lw"}}
	before := Person{ID: "p", ContactPreferences: []string{"phone", "letter"}}
	if got := AgreedContactWays(before, cs, today); !slices.Equal(got, []string{"phone"}) {
		t.Errorf("agreed ways %v, want [phone]", got)
	}
	for _, tc := range []struct {
		name   string
		agreed []string
		want   []string
	}{
		{"nothing ticked keeps the unagreed letter only", nil, []string{"letter"}},
		{"phone ticked", []string{"phone"}, []string{"phone", "letter"}},
		{"email ticked", []string{"email"}, []string{"email", "letter"}},
		{"letter ticked", []string{"letter"}, []string{"letter"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := KeepUnagreedPreferences(before, cs, today, tc.agreed); !slices.Equal(got, tc.want) {
				t.Errorf("got %v, want %v", got, tc.want)
			}
		})
	}
}

// TestContactWaysWordsSayWhenConsentWasWithdrawn: a way whose consent the
// person withdrew is said to be withdrawn, and when, not "not recorded",
// which invited the desk to record it again for someone who had said no.
func TestContactWaysWordsSayWhenConsentWasWithdrawn(t *testing.T) {
	const today = "2026-11-21"
	given := func(purpose, on string) Consent {
		return Consent{ID: purpose + on, PersonID: "p1", Purpose: purpose, Given: on}
	}
	withdrawnOn := func(c Consent, on string) Consent { c.Withdrawn = on; return c }
	p := Person{ID: "p1", Phone: "07700 900667", ContactPreferences: []string{"phone", "text", "letter"}}
	for _, tc := range []struct {
		name string
		cs   []Consent
		want string
	}{
		{"never recorded", nil, "Prefers phone, text or letter, but their consent is not recorded, so they are not used"},
		{"two withdrawn on one day, one never asked", []Consent{
			withdrawnOn(given("contact by phone", "2026-10-01"), "2026-11-18"),
			withdrawnOn(given("contact by text", "2026-10-01"), "2026-11-18")},
			"Withdrew consent to contact by phone or text on Wed 18 Nov 2026: do not contact them by phone or text · Prefers letter, but their consent is not recorded, so it is not used"},
		{"withdrawn, then given again", []Consent{
			withdrawnOn(given("contact by phone", "2026-10-01"), "2026-11-02"), given("contact by phone", "2026-11-10")},
			"Agreed to contact by: phone · Prefers text or letter, but their consent is not recorded, so they are not used"},
		{"withdrawn on two days", []Consent{
			withdrawnOn(given("contact by post", "2026-10-01"), "2026-11-20"),
			withdrawnOn(given("contact by phone", "2026-10-01"), "2026-11-03"),
			given("contact by text", "2026-10-01")},
			"Agreed to contact by: text · Withdrew consent to contact by phone on Tue 3 Nov 2026: do not contact them by phone · Withdrew consent to contact by letter on Fri 20 Nov 2026: do not contact them by letter"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := ContactWaysWords(p, tc.cs, today); got != tc.want {
				t.Errorf("got  %q\nwant %q", got, tc.want)
			}
		})
	}
}

// TestContactWaysWordsSayAWithdrawalNoLongerPreferred: unticking a way on
// Contacts withdraws its consent and drops the preference; the words still
// say it was withdrawn, not "No contact preference recorded".
func TestContactWaysWordsSayAWithdrawalNoLongerPreferred(t *testing.T) {
	p := Person{ID: "p1", Phone: "07700 900667"}
	cs := []Consent{{ID: "c1", PersonID: "p1", Purpose: "contact by phone", Given: "2026-10-01", Withdrawn: "2026-11-18"}}
	if got, want := ContactWaysWords(p, cs, "2026-11-21"), "Withdrew consent to contact by phone on Wed 18 Nov 2026: do not contact them by phone"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

// TestContactConsentIsTheOneFact: whether someone agreed to a way of
// contact is their consent record, whichever screen recorded it. A consent
// recorded without the way among their preferences (the case screen had
// buttons of its own that did so) read "given" on the case, yet the card,
// the contact log's ticks and the reminders went by the preference and
// said nothing of it.
func TestContactConsentIsTheOneFact(t *testing.T) {
	const today = "2026-03-18"
	given := func(purpose string) Consent {
		return Consent{ID: purpose, PersonID: "p", Purpose: purpose, Given: "2026-03-01", RecordedBy: "lw"}
	}
	withdrawn := func(purpose string) Consent {
		c := given(purpose)
		c.Withdrawn, c.WithdrawnBy = "2026-03-10", "lw"
		return c
	}
	cases := []struct {
		name   string
		prefs  []string
		cs     []Consent
		agreed []string
		words  string
		calls  bool
	}{
		{"consent without the way", nil, []Consent{given("contact by phone")}, []string{"phone"}, "Agreed to contact by: phone", true},
		{"consent with the way", []string{"phone"}, []Consent{given("contact by phone")}, []string{"phone"}, "Agreed to contact by: phone", true},
		{"the way without consent", []string{"phone"}, nil, nil, "Prefers phone, but their consent is not recorded, so it is not used", false},
		{"consent withdrawn, the way dropped", nil, []Consent{withdrawn("contact by phone")}, nil,
			"Withdrew consent to contact by phone on Tue 10 Mar 2026: do not contact them by phone", false},
		{"letter preferred, phone agreed", []string{"letter"}, []Consent{given("contact by phone")}, []string{"phone"},
			"Agreed to contact by: phone · Prefers letter, but their consent is not recorded, so it is not used", true},
		{"neither", nil, nil, nil, NoContactWays, false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			p := Person{ID: "p", GivenName: "Ann", FamilyName: "Lee", Phone: "07700 900111",
				Address: "1 High St", Postcode: "KV1 4RG", ContactPreferences: tc.prefs}
			if got := AgreedContactWays(p, tc.cs, today); !slices.Equal(got, tc.agreed) {
				t.Errorf("agreed %v, want %v", got, tc.agreed)
			}
			if got := ContactWaysWords(p, tc.cs, today); got != tc.words {
				t.Errorf("words %q, want %q", got, tc.words)
			}
			plan := PlanReminders([]Person{p}, map[string][]Consent{"p": tc.cs}, today)
			if got := len(plan.Calls) == 1; got != tc.calls {
				t.Errorf("on the call list %v, want %v: %+v", got, tc.calls, plan)
			}
		})
	}
}

// TestCardContactLines: the card's case lines. How someone agreed to be
// contacted is said whether or not a phone or birthday is (someone with
// only an email address), and nothing is said when nothing is recorded.
func TestCardContactLines(t *testing.T) {
	const today = "2026-03-18"
	email := Consent{ID: "e", PersonID: "p", Purpose: "contact by email", Given: "2026-03-01", RecordedBy: "lw"}
	for _, tc := range []struct {
		name string
		p    Person
		cs   []Consent
		want []string
	}{
		{"only an email, agreed", Person{Email: "a@example.org", ContactPreferences: []string{"email"}}, []Consent{email},
			[]string{"Agreed to contact by: email"}},
		{"only a consent, from the case's old buttons", Person{Email: "a@example.org"}, []Consent{email},
			[]string{"Agreed to contact by: email"}},
		{"phone and birthday, nothing agreed", Person{Phone: "07700 900111", DateOfBirth: "1950-04-02"}, nil,
			[]string{"Phone: 07700 900111", "Born: " + BirthDay("1950-04-02")}},
		{"nothing", Person{}, nil, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := CardContactLines(tc.p, tc.cs, today); !slices.Equal(got, tc.want) {
				t.Errorf("got %q, want %q", got, tc.want)
			}
		})
	}
}

// TestContactConsentsRecorded: when, and by whom, each way's consent was
// recorded, as it stands; nothing when none was.
func TestContactConsentsRecorded(t *testing.T) {
	const today = "2026-03-18"
	names := map[string]string{"lw": "Priya Shah"}
	nameOf := func(id string) string { return names[id] }
	phone := Consent{ID: "c1", PersonID: "p", Purpose: "contact by phone", Given: "2026-03-01", RecordedBy: "lw"}
	text := Consent{ID: "c2", PersonID: "p", Purpose: "contact by text", Given: "2026-03-01", RecordedBy: "lw", Withdrawn: "2026-03-10", WithdrawnBy: "lw"}
	old := Consent{ID: "c3", PersonID: "p", Purpose: "contact by post", Given: "2026-03-02"}
	for _, tc := range []struct {
		name string
		cs   []Consent
		want string
	}{
		{"none", nil, ""},
		{"not yet given", []Consent{{ID: "c4", Purpose: "contact by email", Given: "2026-04-01", RecordedBy: "lw"}}, ""},
		{"agreed, withdrawn, and one recorded by nobody named", []Consent{phone, text, old},
			"Recorded: phone agreed Sun 1 Mar 2026 by Priya Shah · text withdrawn Tue 10 Mar 2026 by Priya Shah · letter agreed Mon 2 Mar 2026"},
		{"ways recorded alike, together", []Consent{phone, {ID: "c5", Purpose: "contact by email", Given: "2026-03-01", RecordedBy: "lw"}, text},
			"Recorded: phone and email agreed Sun 1 Mar 2026 by Priya Shah · text withdrawn Tue 10 Mar 2026 by Priya Shah"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := ContactConsentsRecorded(tc.cs, today, nameOf); got != tc.want {
				t.Errorf("got %q, want %q", got, tc.want)
			}
		})
	}
}

// TestUnagreedContactWords: logging a contact by a way whose consent did
// not stand warns; a way they withdrew says so and when, and never advises
// ticking it again (they said no); a way never agreed says how to record
// it, only where a tick would help and be taken: a contact today, by a way
// whose consent was not withdrawn today (AgreeContactWays refuses that
// tick, and the warning says why in the refusal's words).
func TestUnagreedContactWords(t *testing.T) {
	withdrawn := Consent{ID: "c1", PersonID: "p", Purpose: PreferenceConsentPurpose("phone"), Given: "2026-03-01", Withdrawn: "2026-03-10", RecordedBy: "lw", WithdrawnBy: "lw"}
	sameDay := Consent{ID: "c2", PersonID: "p", Purpose: PreferenceConsentPurpose("phone"), Given: "2026-03-18", Withdrawn: "2026-03-18", RecordedBy: "lw", WithdrawnBy: "lw"}
	cases := []struct {
		name, way, date, today string
		cs                     []Consent
		says, never            string
	}{
		{"withdrawn before the day", "phone", "2026-03-18", "2026-03-18", []Consent{withdrawn},
			"On Wed 18 Mar 2026, Ann had withdrawn consent to contact by phone (on Tue 10 Mar 2026).", "tick phone"},
		{"withdrawn on the day", "phone", "2026-03-10", "2026-03-18", []Consent{withdrawn},
			"had withdrawn consent to contact by phone (on Tue 10 Mar 2026)", "tick phone"},
		{"given after the day's contact, withdrawn since", "phone", "2026-02-20", "2026-03-18", []Consent{withdrawn},
			"On Fri 20 Feb 2026, Ann had not agreed to contact by phone. They withdrew consent to it on Tue 10 Mar 2026. If they contacted you", "tick phone"},
		{"withdrawn today, yesterday's contact", "phone", "2026-03-17", "2026-03-18", []Consent{sameDay},
			"Their consent to contact by phone was withdrawn today, so it cannot be ticked again today. If they contacted you", "tick phone"},
		{"never recorded, a past contact: a tick would not cover it", "letter", "2026-03-17", "2026-03-18", nil,
			"On Tue 17 Mar 2026, Ann had not agreed to contact by letter. If they contacted you, or it was urgent, tap Log it anyway; otherwise choose another way.", "tick letter"},
		{"never recorded", "letter", "2026-03-18", "2026-03-18", nil,
			"or tick letter under How they agree to be contacted, save, then log it.", "withdrawn"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got := UnagreedContactWords(tc.cs, tc.way, "Ann", tc.date, tc.today)
			if !strings.Contains(got, tc.says) || strings.Contains(got, tc.never) {
				t.Errorf("got %q\nwant it to say %q and never %q", got, tc.says, tc.never)
			}
			// Where it advises a tick, the tick is taken.
			if strings.Contains(got, "tick "+tc.way) && !strings.Contains(got, "cannot be ticked") {
				if _, _, _, _, err := AgreeContactWays("p", []Person{{ID: "p"}}, tc.cs, []string{tc.way}, tc.today, "lw"); err != nil {
					t.Errorf("it advises ticking %s, and the tick is refused: %v", tc.way, err)
				}
			}
		})
	}
}
