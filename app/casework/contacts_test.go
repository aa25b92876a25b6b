package casework

import (
	"cmp"
	"slices"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"

	"github.com/gather-sp/gather/app/internal/uitest"
	"github.com/gather-sp/gather/domain"
)

func TestContactLog(t *testing.T) {
	test.NewTempApp(t)
	cases := []struct {
		name, method, date, outcome, want string
		stored                            string // the date as stored, when typed otherwise
		warn                              string // asked first: Ann gave no consent for it
		saved                             bool
	}{
		{name: "text message", method: "text", date: todayDate, outcome: "Reminder sent", want: "Saved: text on Wed 18 Mar 2026", saved: true,
			warn: "On Wed 18 Mar 2026, Ann Lee had not agreed to contact by text."},
		// The ticks' word for the way, not the consent's ("contact by post").
		{name: "letter", method: "letter", date: todayDate, outcome: "Sent the leaflet", want: "Saved: letter on Wed 18 Mar 2026", saved: true,
			warn: "had not agreed to contact by letter. If they contacted you"},
		{name: "printed information", method: "printed information given", date: "2026-03-17", outcome: "Info sheet for the garden", saved: true,
			want: "Tue 17 Mar 2026 · Printed information given by Priya Shah"},
		{name: "no outcome", method: "letter", date: todayDate, want: "Write what happened"},
		{name: "future", method: "email", date: "2026-04-01", outcome: "x", want: "is in the future"},
		{name: "typed day first", method: "printed information given", date: "17/03/2026", stored: "2026-03-17", outcome: "Info sheet for the garden", saved: true,
			want: "Tue 17 Mar 2026 · Printed information given by Priya Shah"},
		{name: "future, typed day first", method: "email", date: "01/04/2026", outcome: "x", want: "Wed 1 Apr 2026 is in the future"},
		{name: "not a date", method: "email", date: "tomorrow", outcome: "x", want: `"tomorrow" is not a date we can read. Type it like 21/03/2026`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			s := openStore(t)
			fixture(t, s)
			c := NewContacts(s, linkWorker(), personAnn)
			show(t, c.Content())
			test.Tap(c.method.button(tc.method))
			c.date.SetText(tc.date)
			test.Type(c.outcome, tc.outcome)
			test.Type(c.nextStep, "Ring next week")
			test.Tap(c.add)
			if tc.warn != "" {
				mustShow(t, c.Content(), tc.warn)
				if got := all[domain.Contact](s, domain.KindContact, "person_id", personAnn); len(got) != 0 || c.add.Text != "Log it anyway" {
					t.Fatalf("logged without asking (%+v), button %q", got, c.add.Text)
				}
				test.Tap(c.add)
			}
			got := all[domain.Contact](s, domain.KindContact, "person_id", personAnn)
			mustShow(t, c.Content(), tc.want)
			if !tc.saved {
				if len(got) != 0 {
					t.Errorf("saved anyway: %+v", got)
				}
				if c.outcome.Text != tc.outcome || c.nextStep.Text != "Ring next week" {
					t.Error("typed text lost")
				}
				return
			}
			if len(got) != 1 || got[0].Method != tc.method || got[0].Date != cmp.Or(tc.stored, tc.date) || got[0].Outcome != tc.outcome ||
				got[0].NextStep != "Ring next week" || got[0].By != "staff-priya" {
				t.Errorf("contact saved as %+v", got)
			}
			mustShow(t, c.Content(), "Next step: Ring next week")
		})
	}
}

// TestContactLogWithConsent: a call to someone who consented to calls is
// logged at the first tap, with no warning.
func TestContactLogWithConsent(t *testing.T) {
	test.NewTempApp(t)
	s := openStore(t)
	fixture(t, s)
	consent := domain.Consent{PersonID: personAnn, Purpose: "contact by phone", Given: "2026-03-01", RecordedBy: "staff-priya"}
	if err := s.Save("staff-priya", domain.Create(domain.KindConsent, "c-ann-phone", consent)); err != nil {
		t.Fatal(err)
	}
	c := NewContacts(s, linkWorker(), personAnn)
	show(t, c.Content())
	test.Tap(c.method.button("phone call"))
	test.Type(c.outcome, "Talked about the garden group")
	test.Tap(c.add)
	if got := all[domain.Contact](s, domain.KindContact, "person_id", personAnn); len(got) != 1 {
		t.Fatalf("%d contacts logged, want 1 at the first tap", len(got))
	}
	if c.add.Text != addContactText {
		t.Errorf("button %q", c.add.Text)
	}
	// A letter needs consent she has not given: warned; choosing another
	// way takes the warning back.
	test.Tap(c.method.button("letter"))
	test.Type(c.outcome, "Sent the timetable")
	test.Tap(c.add)
	if c.add.Text != "Log it anyway" || !c.consentWarn.Visible() {
		t.Fatalf("no warning for a letter without consent (button %q)", c.add.Text)
	}
	test.Tap(c.method.button("in person"))
	if c.add.Text != addContactText || c.consentWarn.Visible() {
		t.Errorf("the warning stayed after choosing in person (button %q)", c.add.Text)
	}
}

// TestContactLogAfterAWithdrawal: a call logged for someone who withdrew
// their consent to calls says they withdrew it, and when, and does not
// advise ticking phone again (it said "had not agreed … or tick phone"
// of someone who had said no).
func TestContactLogAfterAWithdrawal(t *testing.T) {
	test.NewTempApp(t)
	s := openStore(t)
	fixture(t, s)
	consent := domain.Consent{PersonID: personAnn, Purpose: "contact by phone", Given: "2026-03-01", RecordedBy: "staff-priya",
		Withdrawn: "2026-03-10", WithdrawnBy: "staff-priya"}
	if err := s.Save("staff-priya", domain.Create(domain.KindConsent, "c-ann-phone", consent)); err != nil {
		t.Fatal(err)
	}
	c := NewContacts(s, linkWorker(), personAnn)
	w := show(t, c.Content())
	test.Tap(c.method.button("phone call"))
	test.Type(c.outcome, "Rang about the garden group")
	test.Tap(c.add)
	uitest.Shot(t, w, "contacts-after-a-withdrawal")
	if c.add.Text != "Log it anyway" {
		t.Fatalf("logged a call to someone who withdrew consent to calls without asking (button %q)", c.add.Text)
	}
	mustShow(t, c.Content(), "Ann Lee had withdrawn consent to contact by phone (on Tue 10 Mar 2026)")
	if strings.Contains(c.consentWarn.Text, "tick phone") {
		t.Errorf("the warning advises ticking phone again: %q", c.consentWarn.Text)
	}
}

// TestContactLogAdviceAfterAWithdrawalToday: Priya ticks phone for Ann by
// mistake and unticks it (consent given and withdrawn today), then logs
// yesterday's call. The warning advised "tick phone under How they agree
// to be contacted, save, then log it"; doing so was refused ("withdrawn
// today, so it cannot be given again today"). The warning now says why it
// cannot be ticked today and what to do instead, in the refusal's words,
// and Log it anyway still logs the call.
func TestContactLogAdviceAfterAWithdrawalToday(t *testing.T) {
	test.NewTempApp(t)
	s := openStore(t)
	fixture(t, s)
	c := NewContacts(s, linkWorker(), personAnn)
	w := show(t, c.Content())
	for _, say := range []string{"Consent to contact by phone recorded today", "No longer agreed, recorded today: contact by phone"} {
		test.Tap(c.prefs.option("phone"))
		test.Tap(c.savePrefs)
		mustShow(t, c.Content(), say)
	}
	c.date.SetText(domain.UKDay(domain.AddDays(domain.DateOf(today), -1)))
	test.Tap(c.method.button("phone call"))
	test.Type(c.outcome, "Returned her call about the garden group")
	test.Tap(c.add)
	if c.add.Text != "Log it anyway" {
		t.Fatalf("logged a call by a way Ann had not agreed to without asking (button %q)", c.add.Text)
	}
	uitest.Shot(t, w, "contacts-after-a-withdrawal-today")
	warn := c.consentWarn.Text
	if strings.Contains(warn, "tick phone") {
		t.Errorf("the warning advises ticking phone, which is refused today: %q", warn)
	}
	if !strings.Contains(warn, "withdrawn today, so it cannot be ticked again today") {
		t.Errorf("the warning does not say why phone cannot be ticked today: %q", warn)
	}
	test.Tap(c.add)
	mustShow(t, c.Content(), "Saved: phone call on")
}

func TestContactPreferences(t *testing.T) {
	test.NewTempApp(t)
	cases := []struct {
		name  string
		tap   []string
		email string
		post  string // typed as the postcode
		want  string
		prefs []string // saved; nil: unchanged
		saved string   // the postcode kept, when one was typed
	}{
		// Ann prefers phone but her consent to it is not recorded: it
		// starts unticked, and stays a preference until ticked.
		{name: "add text", tap: []string{"text"}, want: "Consent to contact by text recorded today by Priya Shah", prefs: []string{"phone", "text"}},
		{name: "email without an address", tap: []string{"email"}, want: "there is no email address"},
		{name: "email with an address", tap: []string{"email", "phone"}, email: "ann@example.org", want: "Consent to contact by phone, email recorded", prefs: []string{"phone", "email"}},
		{name: "letter without an address", tap: []string{"letter"}, want: "there is no address"},
		// The postcode is checked and kept tidy, as every other form does.
		{name: "postcode tidied", post: " kv2 7hn", want: "Saved", saved: "KV2 7HN"},
		{name: "not a postcode", post: "12345", want: `The postcode "12345" does not look like a UK postcode`},
		// Saved with nothing ticked (to change a number, say): no
		// consent is recorded that nobody gave, and her preference stays.
		{name: "save untouched", want: "Nothing changed"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			s := openStore(t)
			fixture(t, s)
			c := NewContacts(s, linkWorker(), personAnn)
			show(t, c.Content())
			if c.phone.Text != "07700 900111" || len(c.prefs.Selected()) != 0 {
				t.Fatalf("the form did not start from what is known (phone, no way agreed): %q %v", c.phone.Text, c.prefs.Selected())
			}
			for _, p := range tc.tap {
				test.Tap(c.prefs.option(p))
			}
			if tc.email != "" {
				test.Type(c.email, tc.email)
			}
			if tc.post != "" {
				c.postcode.SetText(tc.post)
			}
			test.Tap(c.savePrefs)
			mustShow(t, c.Content(), tc.want)
			p, _ := s.View().Person(personAnn)
			want := tc.prefs
			if want == nil {
				want = []string{"phone"}
			}
			if len(p.ContactPreferences) != len(want) {
				t.Fatalf("preferences saved %v, want %v", p.ContactPreferences, want)
			}
			for i := range want {
				if p.ContactPreferences[i] != want[i] {
					t.Errorf("preferences saved %v, want %v", p.ContactPreferences, want)
				}
			}
			if tc.email != "" && p.Email != tc.email {
				t.Errorf("email saved %q", p.Email)
			}
			if tc.post != "" && p.Postcode != tc.saved {
				t.Errorf("postcode saved %q, want %q", p.Postcode, tc.saved)
			}
			for _, way := range domain.ContactWays {
				agreed := slices.Contains(tc.tap, way) && slices.Contains(want, way)
				if got := domain.ConsentGiven(consentsOf(s.View(), personAnn), domain.PreferenceConsentPurpose(way), todayDate); got != agreed {
					t.Errorf("consent to contact by %s stands = %v, want %v", way, got, agreed)
				}
			}
		})
	}
}

// TestContactWaysTickedAreConsent: the ways ticked under "How they agree to
// be contacted" are recorded as consent (who, when), so the reminders, the
// case and the contact log go by what the link worker ticked; before, the
// tick saved a preference only and the person stayed under "No way to
// remind them". Unticking records that they no longer agree.
func TestContactWaysTickedAreConsent(t *testing.T) {
	test.NewTempApp(t)
	s := openStore(t)
	fixture(t, s)
	c := NewContacts(s, linkWorker(), personAnn)
	show(t, c.Content())
	mustShow(t, c.Content(), "Prefers phone, but their consent is not recorded, so it is not used")
	test.Tap(c.prefs.option("phone"))
	test.Tap(c.prefs.option("email"))
	test.Type(c.email, "ann@example.org")
	test.Tap(c.savePrefs)
	mustShow(t, c.Content(), "Consent to contact by phone, email recorded today by Priya Shah", "Now: Agreed to contact by: phone, email.")
	v := s.View()
	cs := consentsOf(v, personAnn)
	for _, purpose := range []string{"contact by phone", "contact by email"} {
		st := domain.ConsentStatus(cs, purpose, todayDate)
		if !st.Stands || st.Given.RecordedBy != "staff-priya" || st.Given.Given != todayDate {
			t.Errorf("%s: %+v", purpose, st)
		}
	}
	p, _ := v.Person(personAnn)
	plan := domain.PlanReminders([]domain.Person{p}, map[string][]domain.Consent{personAnn: cs}, todayDate)
	if len(plan.Calls) != 1 {
		t.Errorf("phone ticked and saved, yet not on the call list: %+v", plan)
	}
	cs2 := NewCase(s, linkWorker(), personAnn)
	mustShow(t, cs2.Content(), "Agreed to contact by: phone, email")

	test.Tap(c.prefs.option("phone"))
	test.Tap(c.savePrefs)
	mustShow(t, c.Content(), "No longer agreed, recorded today: contact by phone", "Now: Agreed to contact by: email · Withdrew consent to contact by phone on Wed 18 Mar 2026")
	if domain.ConsentGiven(consentsOf(s.View(), personAnn), "contact by phone", todayDate) {
		t.Error("phone unticked, but its consent still stands")
	}
}
