package people

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/gather-sp/gather/domain"
)

// TestEditOldLetterRecordWithoutPostcodeSavesAPhoneChange: a record kept
// before letters needed a postcode (letter ticked, address,
// no postcode): reception changes only their phone number. The save must
// not be blocked by the letter rule, which the change did not touch.
func TestEditOldLetterRecordWithoutPostcodeSavesAPhoneChange(t *testing.T) {
	h := newHarness(t, true, fyne.NewSize(1280, 800))
	h.signIn(domain.RoleReception)
	id := h.st.View().SearchPeople("a", 1)[0].ID
	before, _ := h.st.View().Person(id)
	after := before
	after.ContactPreferences = []string{"letter"}
	after.Address, after.Postcode = "3 Low Rd, Kirkby Vale", ""
	if err := h.st.Save("old", domain.Changed(domain.KindPerson, id, before, after)...); err != nil {
		t.Fatal(err)
	}
	rs := recordSaves(h)
	_, f, _ := openPersonEdit(t, h)
	f.phone.SetText("07700 900123")
	test.Tap(f.saveBtn)
	if f.problem.Visible() {
		t.Fatalf("an unrelated phone change refused: %q", f.problem.Text)
	}
	if got := rs.Writes(domain.KindPerson, id); len(got) == 0 || !strings.Contains(strings.Join(got, ","), "phone") {
		t.Fatalf("phone not saved: %v", got)
	}
}

// TestEditOldLetterRecordAddressChangeNeedsPostcode: changing the letter's
// own detail (the address) is checked by today's rule, so the form asks
// for the postcode.
func TestEditOldLetterRecordAddressChangeNeedsPostcode(t *testing.T) {
	h := newHarness(t, true, fyne.NewSize(1280, 800))
	h.signIn(domain.RoleReception)
	id := h.st.View().SearchPeople("a", 1)[0].ID
	before, _ := h.st.View().Person(id)
	after := before
	after.ContactPreferences = []string{"letter"}
	after.Address, after.Postcode = "3 Low Rd, Kirkby Vale", ""
	if err := h.st.Save("old", domain.Changed(domain.KindPerson, id, before, after)...); err != nil {
		t.Fatal(err)
	}
	_, f, _ := openPersonEdit(t, h)
	f.address.SetText("4 Low Rd, Kirkby Vale")
	test.Tap(f.saveBtn)
	if !f.problem.Visible() || !strings.Contains(f.problem.Text, "there is no postcode") {
		t.Fatalf("a letter's new address saved without a postcode; the form says %q", f.problem.Text)
	}
}
