package app

import (
	"fmt"
	"os/exec"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/gather-sp/gather/app/internal/uitest"
	"github.com/gather-sp/gather/app/people"
	"github.com/gather-sp/gather/domain"
	"github.com/gather-sp/gather/record"
)

// typeContact fills in the settings' contact form as someone types it.
func typeContact(s *settingsScreen, c domain.ServiceContact) {
	s.contact.name.SetText(c.Name)
	s.contact.phone.SetText(c.Phone)
	s.contact.email.SetText(c.Email)
	s.contact.address.SetText(c.Address)
}

func typedContact(s *settingsScreen) domain.ServiceContact {
	f := s.contact
	return domain.ServiceContact{Name: f.name.Text, Phone: f.phone.Text, Email: f.email.Text, Address: f.address.Text}
}

// showOrg scrolls Settings to the end of the organisation's panel, to be
// looked at (GATHER_SHOTS).
func showOrg(s *settingsScreen) {
	s.content.Refresh()
	sc, ok := s.content.(*container.Scroll)
	if !ok {
		return
	}
	top := s.org.Position().Y
	sc.Offset = fyne.NewPos(0, max(top, top+s.org.Size().Height-sc.Size().Height+8))
	sc.Refresh()
}

// TestServiceContactInSettings: an administrator types the service's
// name, phone, email and address in Settings and saves them as the
// organisation's settings, with an audit entry; what is wrong is said in
// words above Save, nothing is saved, and what was typed stays, through a
// refresh too. Those who may not change the organisation's settings do
// not see the form, and its save does nothing for them.
func TestServiceContactInSettings(t *testing.T) {
	for _, size := range []fyne.Size{desktopSize, fyne.NewSize(800, 1280)} {
		name := fmt.Sprintf("%.0fx%.0f", size.Width, size.Height)
		h := newHarness(t, true, size)
		// From none set (the demo data sets some).
		if err := h.st.Save("seed", record.Change{Kind: domain.KindSetting, ID: domain.OrgSettingsID,
			Fields: map[string]string{"service_name": "", "service_phone": "", "service_email": "", "service_address": ""}}); err != nil {
			t.Fatal(err)
		}
		good := domain.ServiceContact{Name: "Northside Social Prescribing", Phone: "01632 960000",
			Email: "hello@northside.example.org", Address: "Northside Health Centre\n1 Mill Lane\nKirkby Vale\nKV1 4RG"}

		t.Run(name+"/not for other roles", func(t *testing.T) {
			for _, role := range []string{domain.RoleLinkWorker, domain.RoleReception, domain.RoleCoordinator, domain.RoleFacilitator} {
				h.signIn(role)
				h.u.ShowNav("settings")
				s := h.u.current().(*settingsScreen)
				if s.org.Visible() {
					t.Errorf("a %s sees the organisation's contact details", role)
				}
				typeContact(s, good)
				s.onSaveContact()
				if got := h.st.View().OrgSettings().Contact(); got.Phone != "" {
					t.Errorf("a %s saved the service's contact: %+v", role, got)
				}
			}
		})

		h.signIn(domain.RoleAdministrator)
		h.u.ShowNav("settings")
		s := h.u.current().(*settingsScreen)
		if !s.org.Visible() {
			t.Fatal("the administrator does not see the organisation's settings")
		}
		refusals := []struct {
			name string
			c    domain.ServiceContact
			want []string
		}{
			{"dashes in the phone", domain.ServiceContact{Name: good.Name, Phone: "01632-960000", Address: good.Address},
				[]string{"The phone number \"01632-960000\" has '-' in it"}},
			{"short phone and bad email", domain.ServiceContact{Name: good.Name, Phone: "960000", Email: "hello at northside"},
				[]string{"Please put these right", "has 6 digits", "does not look like one"}},
			{"address too long", domain.ServiceContact{Name: good.Name, Address: "1\n2\n3\n4\n5\n6\n7"}, []string{"has 7 lines"}},
		}
		for _, tc := range refusals {
			t.Run(name+"/refused: "+tc.name, func(t *testing.T) {
				typeContact(s, tc.c)
				test.Tap(s.contact.save)
				if !s.contact.problem.Visible() {
					t.Fatal("no problem shown")
				}
				for _, want := range tc.want {
					if !strings.Contains(s.contact.problem.Text, want) {
						t.Errorf("the problem says %q, want %q", s.contact.problem.Text, want)
					}
				}
				if got := h.st.View().OrgSettings().Contact(); !got.IsZero() {
					t.Errorf("saved despite the problem: %+v", got)
				}
				s.Refresh() // a sync arriving, say: the typing stays to be put right
				if got := typedContact(s); got != tc.c {
					t.Errorf("the form now holds %+v, want what was typed, %+v", got, tc.c)
				}
			})
		}
		showOrg(s)
		uitest.Shot(t, h.w, "settings-contact-refused-"+name)

		t.Run(name+"/saved", func(t *testing.T) {
			typed := good
			typed.Phone = " 01632  960000 "
			typed.Address = "Northside Health Centre\n\n1 Mill Lane \nKirkby Vale\nKV1 4RG\n"
			typeContact(s, typed)
			test.Tap(s.contact.save)
			if s.contact.problem.Visible() {
				t.Fatalf("refused: %s", s.contact.problem.Text)
			}
			v := h.st.View()
			if got := v.OrgSettings().Contact(); got != good {
				t.Errorf("saved %+v, want %+v", got, good)
			}
			if got := typedContact(s); got != good {
				t.Errorf("the form shows %+v after saving, want the saved %+v", got, good)
			}
			if !s.contact.saved.Visible() || !strings.Contains(s.contact.saved.Text, "Saved") {
				t.Error("nothing says it was saved")
			}
			found := false
			for _, a := range v.By(domain.KindAudit, "entity_id", domain.OrgSettingsID) {
				found = found || strings.Contains(a.Get("detail"), "service_phone")
			}
			if !found {
				t.Error("no audit entry names the service's phone")
			}
		})
		showOrg(s)
		uitest.Shot(t, h.w, "settings-contact-saved-"+name)
	}
}

// TestPrintsCarryTheServiceContact: the letter to the GP, the reminder
// letters and an info sheet for an activity whose venue has no number,
// printed from the app, give the service's contact from the settings.
func TestPrintsCarryTheServiceContact(t *testing.T) {
	if _, err := exec.LookPath("pdftotext"); err != nil {
		t.Fatal("pdftotext is missing: make test installs poppler-utils (scripts/deps.sh)")
	}
	h := newHarness(t, false, desktopSize)
	seedReminders(t, h)
	ch, err := domain.SetServiceContact(domain.ServiceContact{Name: "Northside Social Prescribing", Phone: "01632 960000",
		Address: "Northside Health Centre\n1 Mill Lane"})
	if err != nil {
		t.Fatal(err)
	}
	if err := h.st.Save("seed", ch,
		record.Change{Kind: domain.KindConsent, ID: "gp-ok", Fields: domain.Encode(
			domain.Consent{PersonID: "ada", Purpose: domain.ConsentShareWithGP, Given: "2026-11-01"})},
		record.Change{Kind: domain.KindFollowUp, ID: "f-bert", Fields: domain.Encode(domain.FollowUp{PersonID: "bert", Due: "2026-11-15"})},
		record.Change{Kind: domain.KindVenue, ID: "v1", Fields: map[string]string{"phone": ""}}); err != nil {
		t.Fatal(err)
	}
	h.signIn(domain.RoleLinkWorker)
	reminders := func(subject string) func() {
		return func() {
			h.u.ShowNav("reminders")
			root := h.w.Canvas().Content()
			for _, o := range test.LaidOutObjects(root) {
				if s, ok := o.(*widget.Select); ok {
					s.SetSelected(subject)
				}
			}
			for _, o := range test.LaidOutObjects(h.w.Canvas().Content()) {
				if b, ok := o.(*widget.Button); ok && b.Visible() && strings.HasPrefix(b.Text, "Print ") && strings.Contains(b.Text, "letter") {
					test.Tap(b)
					return
				}
			}
			t.Fatalf("no Print letters for %q:\n%s", subject, uitest.LaidOutText(root))
		}
	}
	cases := []struct {
		name  string
		print func()
		want  []string
	}{
		{"letter to the GP", func() { people.LetterToGP(h.u, "ada") },
			[]string{"Link worker, Northside Social Prescribing Northside Health Centre 1 Mill Lane Telephone: 01632 960000"}},
		{"follow-up letters", reminders("Follow-ups due or overdue"),
			[]string{"Northside Social Prescribing Northside Health Centre 1 Mill Lane Telephone: 01632 960000", "please call 01632 960000."}},
		{"session letters", reminders("Next session: Garden group, Saturday 28 November"),
			[]string{"Telephone: 01632 960000", "If you cannot come, or you have a question, please call 01632 960000."}},
		{"info sheet", func() { h.u.PrintInfoSheet("", "garden", false) },
			[]string{"Questions, or can't come? Call Northside Social Prescribing on 01632 960000"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			tc.print()
			path := savePrinted(t, h)
			out, err := exec.Command("pdftotext", path, "-").Output()
			if err != nil {
				t.Fatal(err)
			}
			text := strings.Join(strings.Fields(string(out)), " ")
			for _, want := range tc.want {
				if !strings.Contains(text, want) {
					t.Errorf("the printout does not say %q:\n%s", want, text)
				}
			}
		})
	}
}
