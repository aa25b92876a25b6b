package domain

import (
	"errors"
	"slices"
	"testing"
)

// TestContactDetailRule: the one rule for what each way of contact needs,
// in the words every form and the reminders use.
func TestContactDetailRule(t *testing.T) {
	full := Person{Phone: "07700 900123", Email: "ann@example.org", Address: "9 Mill Lane, Kirkby Vale", Postcode: "KV1 4RG"}
	without := func(f func(p *Person)) Person { p := full; f(&p); return p }
	for _, c := range []struct {
		name    string
		p       Person
		ways    []string
		missing string // MissingContactDetail of the first way
		says    string // CheckContactDetails' refusal; "" when none
	}{
		{"phone with a number", full, []string{"phone"}, "", ""},
		{"phone without a number", without(func(p *Person) { p.Phone = " " }), []string{"phone"},
			"phone number", "Phone is ticked but there is no phone number: add it, or untick phone."},
		{"text without a number", without(func(p *Person) { p.Phone = "" }), []string{"text"},
			"phone number", "Text is ticked but there is no phone number: add it, or untick text."},
		{"email without an address", without(func(p *Person) { p.Email = "" }), []string{"email"},
			"email address", "Email is ticked but there is no email address: add it, or untick email."},
		{"letter with address and postcode", full, []string{"letter"}, "", ""},
		{"letter without a postcode", without(func(p *Person) { p.Postcode = "" }), []string{"letter"},
			"postcode", "Letter is ticked but there is no postcode: add it, or untick letter."},
		{"letter with the postcode written in the address", without(func(p *Person) { p.Postcode, p.Address = "", "9 Mill Lane\nKirkby Vale\nKV1 4RG" }),
			[]string{"letter"}, "", ""},
		{"letter with only a postcode", without(func(p *Person) { p.Address = "" }), []string{"letter"},
			"address", "Letter is ticked but there is no address: add it, or untick letter."},
		{"letter with neither", without(func(p *Person) { p.Address, p.Postcode = "", "" }), []string{"letter"},
			"address or postcode", "Letter is ticked but there is no address or postcode: add them, or untick letter."},
		{"the first way missing is said", Person{Email: "a@example.org"}, []string{"email", "letter", "phone"},
			"", "Letter is ticked but there is no address or postcode: add them, or untick letter."},
		{"nothing ticked", Person{}, nil, "", ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			if len(c.ways) > 0 {
				if got := MissingContactDetail(c.p, c.ways[0]); got != c.missing {
					t.Errorf("MissingContactDetail(%s) = %q, want %q", c.ways[0], got, c.missing)
				}
			}
			err := CheckContactDetails(c.p, c.ways)
			switch {
			case c.says == "" && err != nil:
				t.Errorf("refused: %v", err)
			case c.says != "" && (err == nil || err.Error() != c.says):
				t.Errorf("refusal %v, want %q", err, c.says)
			}
			var m *ContactDetailMissing
			if c.says != "" && !errors.As(err, &m) {
				t.Errorf("refusal is a %T, not a *ContactDetailMissing", err)
			}
		})
	}
	if got, want := (&ContactDetailMissing{Way: "text", Detail: "phone number"}).Says("Text message"),
		"Text message is ticked but there is no phone number: add it, or untick text message."; got != want {
		t.Errorf("Says = %q, want %q", got, want)
	}
}

// TestContactDetailsOnFile: a form adding to someone known says which
// ticked ways go by what is on file, because nothing was typed for them.
func TestContactDetailsOnFile(t *testing.T) {
	known := Person{Phone: "07700 900123", Email: "ann@example.org", Address: "9 Mill Lane", Postcode: "KV1 4RG"}
	for _, c := range []struct {
		name  string
		typed Person
		ways  []string
		want  []string
	}{
		{"nothing typed", Person{}, []string{"phone", "text", "email", "letter"}, []string{
			"their phone number on file (07700 900123)", "their email address on file (ann@example.org)",
			"their address and postcode on file (9 Mill Lane, KV1 4RG)"}},
		{"a new email typed", Person{Email: "new@example.org"}, []string{"email"}, nil},
		{"only the postcode on file", Person{Address: "9 Mill Lane"}, []string{"letter"}, []string{"their postcode on file (KV1 4RG)"}},
		{"not ticked", Person{}, []string{"phone"}, []string{"their phone number on file (07700 900123)"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			got := ContactDetailsOnFile(known, c.typed, c.ways)
			if len(got) != len(c.want) {
				t.Fatalf("got %q, want %q", got, c.want)
			}
			for i := range got {
				if got[i] != c.want[i] {
					t.Errorf("got %q, want %q", got[i], c.want[i])
				}
			}
		})
	}
}

// TestContactWaysToCheck: a form checks the detail of a way newly ticked,
// or of one whose own detail this save changes; a way already theirs whose
// detail nobody touched (an old letter record with no postcode) is not
// checked, so it never blocks an unrelated change.
func TestContactWaysToCheck(t *testing.T) {
	old := Person{Phone: "07700 900111", Email: "ann@example.org", Address: "3 Low Rd, Kirkby Vale",
		ContactPreferences: []string{"phone", "letter"}}
	with := func(f func(p *Person)) Person { p := old; f(&p); return p }
	for _, c := range []struct {
		name   string
		before Person
		after  Person
		ways   []string
		want   []string
	}{
		{"nothing changed", old, old, []string{"phone", "letter"}, nil},
		{"only the phone changed", old, with(func(p *Person) { p.Phone = "07700 900999" }), []string{"phone", "letter"}, []string{"phone"}},
		{"text goes by the phone too", with(func(p *Person) { p.ContactPreferences = []string{"text", "letter"} }),
			with(func(p *Person) { p.Phone = "" }), []string{"text", "letter"}, []string{"text"}},
		{"the address changed", old, with(func(p *Person) { p.Address = "4 Low Rd" }), []string{"phone", "letter"}, []string{"letter"}},
		{"a postcode added", old, with(func(p *Person) { p.Postcode = "KV1 4RG" }), []string{"phone", "letter"}, []string{"letter"}},
		{"the same postcode written as kept", with(func(p *Person) { p.Postcode = "kv1 4rg" }),
			with(func(p *Person) { p.Postcode = "KV1 4RG" }), []string{"phone", "letter"}, nil},
		{"spaces around a detail are no change", old, with(func(p *Person) { p.Email = " ann@example.org " }), []string{"phone", "letter"}, nil},
		{"email newly ticked", old, old, []string{"phone", "letter", "email"}, []string{"email"}},
		{"a way unticked is not checked", old, with(func(p *Person) { p.Address = "" }), []string{"phone"}, nil},
		{"someone new: every way ticked", Person{}, Person{Phone: "1"}, []string{"phone", "letter"}, []string{"phone", "letter"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			if got := ContactWaysToCheck(c.before, c.after, c.ways); !slices.Equal(got, c.want) {
				t.Errorf("ContactWaysToCheck = %q, want %q", got, c.want)
			}
		})
	}
}
