package shelltest

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"

	"github.com/gather-sp/gather/domain"
	"github.com/gather-sp/gather/record"
)

type label struct{ l *widget.Label }

func (s label) Title() string              { return s.l.Text }
func (s label) Content() fyne.CanvasObject { return s.l }
func (s label) Refresh()                   {}

// The test shell keeps a stack like the app's and saves through the audit
// trail.
func TestShellStackAndSave(t *testing.T) {
	sh := New(t, domain.Staff{ID: "s1", Name: "Ann", Role: domain.RoleFacilitator}, fyne.NewSize(800, 600))
	a, b := label{widget.NewLabel("a")}, label{widget.NewLabel("b")}
	sh.Push(a)
	sh.Push(b)
	if sh.Top() != b || sh.Win.Content() != b.l {
		t.Fatalf("top is %v, want b", sh.Top())
	}
	sh.Pop()
	if sh.Top() != a || sh.Win.Content() != a.l {
		t.Fatalf("after Pop top is %v, want a", sh.Top())
	}
	p := domain.Person{ID: "p1", GivenName: "Peggy"}
	if err := sh.Save(record.Change{Kind: domain.KindPerson, ID: p.ID, Fields: domain.Encode(p)}); err != nil {
		t.Fatal(err)
	}
	if n := sh.View().Count(domain.KindAudit); n != 1 {
		t.Fatalf("%d audit entries after a save, want 1", n)
	}
	sh.SetVenueDevice("v1")
	if !sh.VenueDevice() {
		t.Fatal("SetVenueDevice did not make a venue device")
	}
}
