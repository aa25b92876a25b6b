package people

import (
	"os"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"

	"github.com/gather-sp/gather/app/internal/uitest"
	"github.com/gather-sp/gather/domain"
	"github.com/gather-sp/gather/record"
)

// TestFindAPersonTellsNamesakesApart: Find a person opens with the search
// focused, and two people called Chloe Singh are told apart by what
// reception may see: date of birth (as the card shows it), end of the phone number, practice.
func TestFindAPersonTellsNamesakesApart(t *testing.T) {
	h := newHarness(t, true, desktopSize)
	h.signIn(domain.RoleReception)
	for id, p := range map[string]domain.Person{
		"p-chloe-1": {GivenName: "Chloe", FamilyName: "Singhton", DateOfBirth: "1950-02-03", Phone: "07700 900123", Practice: "Riverside Surgery"},
		"p-chloe-2": {GivenName: "Chloe", FamilyName: "Singhton", DateOfBirth: "1988-07-30", Phone: "07700 900456", Practice: "Oak Lane"},
	} {
		if err := h.st.Save("tester", record.Change{Kind: domain.KindPerson, ID: id, Fields: domain.Encode(p)}); err != nil {
			t.Fatal(err)
		}
	}
	h.sh.Push(NewFinder(h.sh, os.TempDir))
	s, ok := h.sh.Top().(*Finder)
	if !ok {
		t.Fatalf("Find a person showed %T", h.sh.Top())
	}
	s.FocusOnShow() // as the shell does when it opens Find a person (the window's TestFindAPersonFocusesItsSearch)
	if h.w.Canvas().Focused() != s.search {
		t.Error("the search is not focused when Find a person opens")
	}
	test.Type(s.search, "singhton")
	if len(s.results) != 2 {
		t.Fatalf("%d found, want the two Chloes", len(s.results))
	}
	var lines []string
	for _, want := range []string{"born 03/02/1950 · phone …0123 · Riverside Surgery", "born 30/07/1988 · phone …0456 · Oak Lane"} {
		found := false
		for i := range s.results {
			row := s.list.CreateItem()
			s.list.UpdateItem(i, row)
			text := uitest.LaidOutText(row)
			lines = append(lines, text)
			found = found || strings.Contains(text, want)
		}
		if !found {
			t.Errorf("no row says %q: %q", want, lines)
		}
	}
	// A facilitator sees none of it (and has no Find a person).
	if got := tellApart(domain.RoleFacilitator, s.results[0]); len(got) != 0 {
		t.Errorf("a facilitator would see %v", got)
	}
}
