package people

import (
	"testing"

	"github.com/gather-sp/gather/domain"
	"github.com/gather-sp/gather/record"
)

// TestPersonAttendanceSummaryWords: the card's attendance line never says
// "Came to 0 of the 0 sessions recorded".
func TestPersonAttendanceSummaryWords(t *testing.T) {
	h := newHarness(t, true, desktopSize)
	h.signIn(domain.RoleLinkWorker)
	p := domain.Person{GivenName: "Nia", FamilyName: "Evans"}
	if err := h.st.Save("tester", record.Change{Kind: domain.KindPerson, ID: "p-nia", Fields: domain.Encode(p)}); err != nil {
		t.Fatal(err)
	}
	ps := NewCard(h.sh, "p-nia")
	ps.Refresh()
	if got, want := ps.summary.Text, "No sessions recorded yet."; got != want {
		t.Errorf("summary %q, want %q", got, want)
	}
}
