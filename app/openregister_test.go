package app

import (
	"testing"

	"fyne.io/fyne/v2"

	"github.com/gather-sp/gather/app/register"
	"github.com/gather-sp/gather/demo"
	"github.com/gather-sp/gather/domain"
)

// TestOpenRegister: a tablet that lives at one activity opens straight on
// its register; without a session today it stays on Today.
func TestOpenRegister(t *testing.T) {
	h := newHarness(t, true, fyne.NewSize(800, 1280))
	if h.u.OpenRegister(demo.IDPrefix + "act-garden") {
		t.Fatal("opened a register before anyone unlocked")
	}
	h.signIn(domain.RoleFacilitator)
	if !h.u.OpenRegister(demo.IDPrefix + "act-garden") {
		t.Fatal("the garden group has a session today but its register did not open")
	}
	r, ok := h.u.current().(*register.Register)
	if !ok || len(r.Expected()) == 0 {
		t.Fatalf("showing %T", h.u.current())
	}
	h.u.Back()
	if h.u.OpenRegister("no-such-activity") {
		t.Error("opened a register for an activity that does not exist")
	}
	if _, ok := h.u.current().(*register.Today); !ok {
		t.Errorf("after a register that could not open: %T, want Today", h.u.current())
	}
}
