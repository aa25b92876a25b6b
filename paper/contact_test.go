package paper

import (
	"bytes"
	"strings"
	"testing"

	"github.com/gather-sp/gather/domain"
)

var northside = domain.ServiceContact{Name: "Northside Social Prescribing", Phone: "01632 960000",
	Email: "hello@northside.example.org", Address: "Northside Health Centre\n1 Mill Lane\nKirkby Vale\nKV1 4RG"}

func flatText(t *testing.T, pdf []byte) string {
	t.Helper()
	return strings.Join(strings.Fields(string(pdfText(t, pdf))), " ")
}

// TestGPLetterSignsOffWithTheService: the letter's sign-off gives the
// service's name, address, telephone and email in place of a blank line
// for a number; with no number set, the blank line stays.
func TestGPLetterSignsOffWithTheService(t *testing.T) {
	l := domain.GPLetter{Person: domain.Person{GivenName: "Ada", FamilyName: "Lovelace"}, LinkWorker: "Sam Patel", Date: "2026-04-20"}
	cases := []struct {
		name    string
		service domain.ServiceContact
		want    []string
		notWant []string
	}{
		{"all set", northside, []string{"Sam Patel Link worker, Northside Social Prescribing Northside Health Centre 1 Mill Lane Kirkby Vale KV1 4RG Telephone: 01632 960000 Email: hello@northside.example.org"},
			[]string{"Telephone: ___", "social prescribing Telephone"}},
		{"none set", domain.ServiceContact{}, []string{"Sam Patel Link worker, social prescribing Telephone: ___"}, []string{"Email"}},
		{"no phone", domain.ServiceContact{Name: "Northside Social Prescribing", Address: "1 Mill Lane"},
			[]string{"Link worker, Northside Social Prescribing 1 Mill Lane Telephone: ___"}, nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var buf bytes.Buffer
			if err := WriteGPLetter(&buf, GPLetterSheet{Letter: l, Service: tc.service, Printed: printed}); err != nil {
				t.Fatal(err)
			}
			page := flatText(t, buf.Bytes())
			saysAndNot(t, "the letter", page, tc.want, tc.notWant)
			render(t, "gpletter-"+strings.ReplaceAll(tc.name, " ", "-"), buf.Bytes())
		})
	}
}

// TestLettersGiveTheSendersAddress: each reminder letter is headed with
// the service's name, address, telephone and email on the right, clear of
// the envelope window, above the date, and signed for the service; with
// none set, the letter has no sender's block.
func TestLettersGiveTheSendersAddress(t *testing.T) {
	person := domain.Person{GivenName: "Ada", FamilyName: "Lovelace", Address: "3 Mill Lane, Kirkby Vale", Postcode: "KV1 4RG"}
	cases := []struct {
		name    string
		service domain.ServiceContact
		large   bool
		want    []string
		notWant []string
	}{
		{"all set", northside, false, []string{"Northside Social Prescribing Northside Health Centre 1 Mill Lane Kirkby Vale KV1 4RG Telephone: 01632 960000 Email: hello@northside.example.org",
			"please call 01632 960000 or email hello@northside.example.org.", "Sam Patel Link worker, Northside Social Prescribing"}, nil},
		{"large print", northside, true, []string{"Telephone: 01632 960000 Email: hello@northside.example.org", "please call 01632 960000"}, nil},
		{"none set", domain.ServiceContact{}, false, []string{"please get in touch with us.", "Sam Patel Link worker, social prescribing"},
			[]string{"Telephone", "Northside"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			l := Letters{From: "Sam Patel", Role: domain.RoleLinkWorker, Service: tc.service, Printed: printed,
				Letters: []Letter{{Person: person, LargePrint: tc.large, Body: domain.FollowUpReminderLetter("Sam Patel", tc.service)}}}
			var buf bytes.Buffer
			if err := WriteLetters(&buf, l); err != nil {
				t.Fatal(err)
			}
			if n := pageCount(buf.Bytes()); n != 1 {
				t.Errorf("%d pages, want 1", n)
			}
			page := flatText(t, buf.Bytes())
			saysAndNot(t, "the letter", page, tc.want, tc.notWant)
			if tc.service.IsZero() {
				return
			}
			// Where the words sit: the sender's block on the right half,
			// the date below both addresses.
			const pageW = 595.28
			var senderBottom, dateTop, recipientBottom float64
			emailWhole := false
			for _, w := range wordBoxes(t, buf.Bytes()) {
				switch w.text {
				case "Centre", "hello@northside.example.org":
					if w.x < pageW/2 {
						t.Errorf("%q starts at %.0f pt, in the envelope window's half", w.text, w.x)
					}
					senderBottom = max(senderBottom, w.yEnd)
					emailWhole = emailWhole || w.text == "hello@northside.example.org"
				case "KV1":
					recipientBottom = max(recipientBottom, w.yEnd)
				case "November":
					if dateTop == 0 {
						dateTop = w.y
					}
				}
			}
			if !emailWhole {
				t.Error("the sender's email address is broken over two lines")
			}
			if dateTop < senderBottom || dateTop < recipientBottom {
				t.Errorf("the date (at %.0f pt) is not below the addresses (ending %.0f and %.0f pt)", dateTop, senderBottom, recipientBottom)
			}
			render(t, "letter-sender-"+strings.ReplaceAll(tc.name, " ", "-"), buf.Bytes())
		})
	}
}

// TestLettersGiveTheSameContact: the GP letter's sign-off and a reminder
// letter's sender's block give the service's contact details in the same
// words and order (one helper, letterSender, makes both), and both sign
// with the signer's name and role.
func TestLettersGiveTheSameContact(t *testing.T) {
	const contact = "Northside Health Centre 1 Mill Lane Kirkby Vale KV1 4RG Telephone: 01632 960000 Email: hello@northside.example.org"
	const signature = "Sam Patel Link worker, Northside Social Prescribing"
	var gp, reminder bytes.Buffer
	if err := WriteGPLetter(&gp, GPLetterSheet{Letter: domain.GPLetter{Person: domain.Person{GivenName: "Ada", FamilyName: "Lovelace"},
		LinkWorker: "Sam Patel", Date: "2026-04-20"}, Service: northside, Printed: printed}); err != nil {
		t.Fatal(err)
	}
	if err := WriteLetters(&reminder, Letters{From: "Sam Patel", Role: domain.RoleLinkWorker, Service: northside, Printed: printed,
		Letters: []Letter{{Person: domain.Person{GivenName: "Ada", FamilyName: "Lovelace"}, Body: []string{"Hello."}}}}); err != nil {
		t.Fatal(err)
	}
	saysAndNot(t, "the GP letter", flatText(t, gp.Bytes()), []string{signature + " " + contact}, nil)
	saysAndNot(t, "the reminder letter", flatText(t, reminder.Bytes()), []string{"Northside Social Prescribing " + contact, "With best wishes, " + signature}, nil)
}

// TestInfoSheetFallsBackToTheService: a sheet for an activity whose
// venue has no number gives the service's instead; the venue's number,
// when it has one, comes first; with neither, none.
func TestInfoSheetFallsBackToTheService(t *testing.T) {
	a, v := sampleActivity()
	noPhone := v
	noPhone.Phone = ""
	cases := []struct {
		name    string
		venue   domain.Venue
		service domain.ServiceContact
		large   bool
		want    []string
		notWant []string
	}{
		{"venue's number", v, northside, false, []string{"Lost, running late, or can't come? Call 01632 960101"}, []string{"960000"}},
		{"service's number", noPhone, northside, false, []string{"Questions, or can't come? Call Northside Social Prescribing on 01632 960000 ",
			"Questions, or can't come? Call Northside Social Prescribing on 01632 960000."}, []string{"Lost, running late", "Call us"}},
		{"service's number in large print", noPhone, northside, true, []string{"Questions, or can't come? Call Northside Social Prescribing on 01632 960000 ",
			"Call Northside Social Prescribing on 01632 960000."}, []string{"Call us"}},
		{"neither", noPhone, domain.ServiceContact{}, false, nil, []string{"Call"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var buf bytes.Buffer
			if err := WriteInfoSheet(&buf, InfoSheet{Activity: a, Venue: tc.venue, Service: tc.service, LargePrint: tc.large, Printed: printed}); err != nil {
				t.Fatal(err)
			}
			page := flatText(t, buf.Bytes())
			saysAndNot(t, "the sheet", page, tc.want, tc.notWant)
			render(t, "info-contact-"+strings.ReplaceAll(tc.name, " ", "-"), buf.Bytes())
		})
	}
}

// saysAndNot fails t unless page (what printed says, as text) holds each
// of want and none of notWant; what names the printout in the message.
func saysAndNot(t *testing.T, what, page string, want, notWant []string) {
	t.Helper()
	for _, w := range want {
		if !strings.Contains(page, w) {
			t.Errorf("%s does not say %q:\n%s", what, w, page)
		}
	}
	for _, n := range notWant {
		if strings.Contains(page, n) {
			t.Errorf("%s says %q:\n%s", what, n, page)
		}
	}
}
