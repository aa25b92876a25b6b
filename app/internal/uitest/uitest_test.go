package uitest

import (
	"testing"

	"fyne.io/fyne/v2"
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

func TestPlaceholdersCutShort(t *testing.T) {
	test.NewTempApp(t)
	for _, tc := range []struct {
		name, placeholder, text string
		cut                     bool
	}{
		{"short", "HH:MM", "", false},
		{"long", "Leave empty if it carries on past the end of the year", "", true},
		{"long but typed over", "Leave empty if it carries on past the end of the year", "31/12/2026", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := widget.NewEntry()
			e.SetPlaceHolder(tc.placeholder)
			e.SetText(tc.text)
			e.Resize(fyne.NewSize(150, e.MinSize().Height))
			if got := PlaceholdersCutShort(container.NewWithoutLayout(e)); (len(got) > 0) != tc.cut {
				t.Errorf("cut short: %q, want cut %v", got, tc.cut)
			}
		})
	}
}

func TestMisworded(t *testing.T) {
	for _, tc := range []struct {
		s     string
		wrong bool
	}{
		{"Do it on a device enrolled for an administrator.", false},
		{"Give them a one-time code.", false},
		{"Do it on an administrator device", true},
		{"Do it on a administrator's device.", true},
		{"a decision on which record a person's is merged into.", true},
		{"Ask the the office.", true},
		{"It was added as a reception.", true},
		{"An link worker may.", true},
	} {
		t.Run(tc.s, func(t *testing.T) {
			if got := Misworded(tc.s); (len(got) > 0) != tc.wrong {
				t.Errorf("Misworded = %q, want wrong %v", got, tc.wrong)
			}
		})
	}
}
