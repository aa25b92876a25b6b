package domain

import (
	"strings"
	"testing"
)

// TestServiceContactValidation: the service's contact details are checked
// before they are saved, each problem said in words; what is fine is
// saved tidied, and blanks clear.
func TestServiceContactValidation(t *testing.T) {
	good := ServiceContact{Name: "Northside Social Prescribing", Phone: "01632 960000",
		Email: "hello@northside.example.org", Address: "Northside Health Centre\n1 Mill Lane\nKirkby Vale\nKV1 4RG"}
	with := func(f func(*ServiceContact)) ServiceContact { c := good; f(&c); return c }
	cases := []struct {
		name string
		c    ServiceContact
		want string // in the error; "" when it is saved
	}{
		{"all set", good, ""},
		{"none set", ServiceContact{}, ""},
		{"international with brackets", with(func(c *ServiceContact) { c.Phone = "+44 (0)1632 960000" }), ""},
		{"no email", with(func(c *ServiceContact) { c.Email = "" }), ""},
		{"dashes", with(func(c *ServiceContact) { c.Phone = "01632-960000" }), `has '-' in it`},
		{"letters", with(func(c *ServiceContact) { c.Phone = "01632 96OOOO" }), `has 'O' in it`},
		{"extension words", with(func(c *ServiceContact) { c.Phone = "01632 960000 ext 2" }), "has 'e' in it"},
		{"too few digits", with(func(c *ServiceContact) { c.Phone = "960000" }), "has 6 digits"},
		{"too many digits", with(func(c *ServiceContact) { c.Phone = "01632 960000 01632 9" }), "has 17 digits"},
		{"plus inside", with(func(c *ServiceContact) { c.Phone = "01632 +960000" }), "a + goes only at the start"},
		{"bracket open", with(func(c *ServiceContact) { c.Phone = "(01632 960000" }), "opens a bracket it does not close"},
		{"bracket shut", with(func(c *ServiceContact) { c.Phone = "01632) 960000" }), "closes a bracket it did not open"},
		{"phone too long", with(func(c *ServiceContact) { c.Phone = "(0) (0) (0) (0) 1632 960000" }), "is 27 characters long"},
		{"email without at", with(func(c *ServiceContact) { c.Email = "northside.example.org" }), "does not look like one"},
		{"email with space", with(func(c *ServiceContact) { c.Email = "hello @northside.example.org" }), "does not look like one"},
		{"email too long", with(func(c *ServiceContact) { c.Email = strings.Repeat("a", 95) + "@x.org" }), "can be at most 100"},
		{"name too long", with(func(c *ServiceContact) { c.Name = strings.Repeat("N", 81) }), "shorten it to 80"},
		{"name on two lines", with(func(c *ServiceContact) { c.Name = "Northside\nSocial Prescribing" }), "on one line"},
		{"address too many lines", with(func(c *ServiceContact) { c.Address = "1\n2\n3\n4\n5\n6\n7" }), "has 7 lines"},
		{"address line too long", with(func(c *ServiceContact) { c.Address = strings.Repeat("x", 61) }), "split it over two lines"},
		{"two problems at once", with(func(c *ServiceContact) { c.Phone = "12"; c.Email = "nope" }), "does not look like one"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			ch, err := SetServiceContact(tc.c)
			if tc.want == "" {
				if err != nil {
					t.Fatalf("refused: %v", err)
				}
				if ch.Kind != KindSetting || ch.ID != OrgSettingsID {
					t.Fatalf("change to %s %q, want the organisation's settings", ch.Kind, ch.ID)
				}
				for _, f := range []string{"service_name", "service_phone", "service_email", "service_address"} {
					if _, ok := ch.Fields[f]; !ok {
						t.Errorf("the change leaves %s as it was; a blank should clear it", f)
					}
				}
				return
			}
			if err == nil {
				t.Fatalf("saved, want refused with %q", tc.want)
			}
			if !strings.Contains(err.Error(), tc.want) {
				t.Errorf("refused with %q, want it to say %q", err, tc.want)
			}
		})
	}
	t.Run("both problems said", func(t *testing.T) {
		err := ValidateServiceContact(with(func(c *ServiceContact) { c.Phone = "12"; c.Email = "nope" }))
		if err == nil || !strings.Contains(err.Error(), "phone number") || !strings.Contains(err.Error(), "email address") {
			t.Errorf("error %v, want both the phone and the email named", err)
		}
	})
}

// TestServiceContactTidy: what is saved is trimmed, the address without
// blank lines, and it reads back from the settings record.
func TestServiceContactTidy(t *testing.T) {
	ch, err := SetServiceContact(ServiceContact{Name: "  Northside Social Prescribing ", Phone: " 01632   960000 ",
		Address: "\n  Northside Health Centre \n\n 1 Mill Lane\r\nKV1 4RG\n"})
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{"service_name": "Northside Social Prescribing", "service_phone": "01632 960000",
		"service_email": "", "service_address": "Northside Health Centre\n1 Mill Lane\nKV1 4RG"}
	for f, v := range want {
		if ch.Fields[f] != v {
			t.Errorf("%s saved as %q, want %q", f, ch.Fields[f], v)
		}
	}
	var s OrgSettings
	for f, v := range ch.Fields {
		switch f {
		case "service_name":
			s.ServiceName = v
		case "service_phone":
			s.ServicePhone = v
		case "service_email":
			s.ServiceEmail = v
		case "service_address":
			s.ServiceAddress = v
		}
	}
	if got := s.Contact().HowToReach(); got != "call 01632 960000" {
		t.Errorf("how to reach: %q", got)
	}
}

// TestReminderLettersSayHowToGetInTouch: the follow-up letter gives the
// service's number and email; the session letter gives the venue's
// number, or the service's when the venue has none; with nothing set they
// read as before.
func TestReminderLettersSayHowToGetInTouch(t *testing.T) {
	svc := ServiceContact{Name: "Northside Social Prescribing", Phone: "01632 960000", Email: "hello@northside.example.org"}
	a := Activity{Name: "Garden group"}
	cases := []struct {
		name    string
		body    []string
		want    string
		notWant string
	}{
		{"follow-up", FollowUpReminderLetter("Sam", svc), "please call 01632 960000 or email hello@northside.example.org.", ""},
		{"follow-up phone only", FollowUpReminderLetter("Sam", ServiceContact{Phone: "01632 960000"}), "please call 01632 960000.", "email"},
		{"follow-up none set", FollowUpReminderLetter("Sam", ServiceContact{}), "please get in touch with us.", "call"},
		{"session venue phone", SessionReminderLetter(a, Venue{Phone: "01632 960101"}, "2026-11-28", svc), "Please call 01632 960101 if you cannot come", "960000"},
		{"session no venue phone", SessionReminderLetter(a, Venue{}, "2026-11-28", svc), "If you cannot come, or you have a question, please call 01632 960000 or email", ""},
		{"session none set", SessionReminderLetter(a, Venue{}, "2026-11-28", ServiceContact{}), "We look forward to seeing you.", "call"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			text := strings.Join(tc.body, "\n")
			if !strings.Contains(text, tc.want) {
				t.Errorf("the letter does not say %q:\n%s", tc.want, text)
			}
			if tc.notWant != "" && strings.Contains(text, tc.notWant) {
				t.Errorf("the letter says %q:\n%s", tc.notWant, text)
			}
		})
	}
}
