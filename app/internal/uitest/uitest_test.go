package uitest

import (
	"testing"

	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
)

func TestTexts(t *testing.T) {
	test.NewTempApp(t)
	hidden := widget.NewLabel("secret")
	hidden.Hide()
	o := container.NewVBox(widget.NewLabel("Ann Lee"), hidden,
		container.NewVScroll(container.NewHBox(widget.NewButton("Mark here", nil), widget.NewCheck("Came with a friend", nil))))
	got := Texts(o)
	want := []string{"Ann Lee", "Mark here", "Came with a friend"}
	if len(got) != len(want) {
		t.Fatalf("Texts = %q, want %q", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("Texts = %q, want %q", got, want)
		}
	}
	if !Shows(o, "friend") || Shows(o, "secret") {
		t.Error("Shows sees hidden text or misses visible text")
	}
}
