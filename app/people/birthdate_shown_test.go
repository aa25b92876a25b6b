package people

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/gather-sp/gather/app/internal/uitest"
	"github.com/gather-sp/gather/domain"
	"github.com/gather-sp/gather/record"
)

// TestBirthDateShownAsTheUKWritesIt: reception opens someone's card and
// reads their date of birth back to them, as they would say and write
// it, 16/03/1964, not as it is stored (1964-03-16); Edit details starts
// from the same, which Save leaves as it was when untouched, and reads
// when changed.
func TestBirthDateShownAsTheUKWritesIt(t *testing.T) {
	for name, size := range map[string]fyne.Size{"1280x800": desktopSize, "800x1280": portraitSize} {
		t.Run(name, func(t *testing.T) {
			h := newHarness(t, true, size)
			h.signIn(domain.RoleReception)
			p := domain.Person{ID: "p-born", GivenName: "Margaret", FamilyName: "Evans", DateOfBirth: "1964-03-16", Phone: "07700 900667"}
			if err := h.st.Save("tester", record.Change{Kind: domain.KindPerson, ID: p.ID, Fields: domain.Encode(p)}); err != nil {
				t.Fatal(err)
			}
			card := NewCard(h.sh, p.ID)
			h.sh.Push(card)
			card.Refresh()
			uitest.Shot(t, h.w, "card-born-"+name)
			uitest.MustShow(t, card.Content(), "Born: 16/03/1964")
			uitest.MustNotShow(t, card.Content(), "1964-03-16")

			card.Edit()
			f, ok := h.sh.Top().(*EditForm)
			if !ok {
				t.Fatalf("Edit details showed %T", h.sh.Top())
			}
			if f.dob.Text != "16/03/1964" {
				t.Errorf("Edit details starts the date of birth at %q, want 16/03/1964", f.dob.Text)
			}
			got, problems := f.read()
			if len(problems) > 0 || got.DateOfBirth != "1964-03-16" {
				t.Errorf("untouched, the date of birth reads as %q (%v), want it kept as 1964-03-16", got.DateOfBirth, problems)
			}
			f.dob.SetText("")
			test.Type(f.dob, "17/03/1964")
			if got, problems := f.read(); len(problems) > 0 || got.DateOfBirth != "1964-03-17" {
				t.Errorf("changed to 17/03/1964, it reads as %q (%s)", got.DateOfBirth, strings.Join(problems, "; "))
			}
		})
	}
}
