package kit

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/gather-sp/gather/domain"
)

func TestSized(t *testing.T) {
	small := canvas.NewRectangle(nil)
	small.SetMinSize(fyne.NewSize(10, 10))
	big := canvas.NewRectangle(nil)
	big.SetMinSize(fyne.NewSize(300, 90))
	for _, tc := range []struct {
		name string
		o    fyne.CanvasObject
		w, h float32
		want fyne.Size
	}{
		{"grows a small object", small, 100, 48, fyne.NewSize(100, 48)},
		{"never shrinks a big one", big, 100, 48, fyne.NewSize(300, 90)},
		{"zero leaves a side alone", small, 0, 48, fyne.NewSize(10, 48)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := Sized(tc.o, tc.w, tc.h)
			if got := c.MinSize(); got != tc.want {
				t.Errorf("MinSize %v, want %v", got, tc.want)
			}
			c.Resize(fyne.NewSize(400, 120))
			if tc.o.Size() != fyne.NewSize(400, 120) {
				t.Errorf("the object got %v of the 400x120 given", tc.o.Size())
			}
		})
	}
}

func TestTallButtonIsATouchTarget(t *testing.T) {
	test.NewTempApp(t)
	tapped := false
	b := BigButton("Mark", nil, widget.HighImportance, func() { tapped = true })
	if h := Tall(b).MinSize().Height; h < MinTouch {
		t.Errorf("a tall button is %v high, want at least %v", h, MinTouch)
	}
	test.Tap(b)
	if !tapped || b.Importance != widget.HighImportance {
		t.Errorf("tapped %v, importance %v", tapped, b.Importance)
	}
	if l := Wrapped("x"); l.Wrapping != fyne.TextWrapWord {
		t.Error("Wrapped does not wrap")
	}
}

// TestAbsentIsNeverQuieterThanLate: one emphasis for a status, on the
// register row's button and the card's text alike: Absent (no show, no
// word) stands out as Late and Left early do, and Apologies does not.
func TestAbsentIsNeverQuieterThanLate(t *testing.T) {
	_, late, _ := StatusLabel(domain.StatusLate)
	_, absent, _ := StatusLabel(domain.StatusAbsent)
	_, apologies, _ := StatusLabel(domain.StatusApologies)
	if absent != late || absent == apologies {
		t.Errorf("register row: Absent %v, Late %v, Apologies %v; want Absent as Late, not as Apologies", absent, late, apologies)
	}
	for _, st := range domain.AttendanceStatuses {
		if _, imp, _ := StatusLabel(st); imp != StatusImportance(st) {
			t.Errorf("%s: the row's importance %v is not StatusImportance's %v", st, imp, StatusImportance(st))
		}
	}
	if StatusTextImportance(domain.StatusAbsent) != StatusTextImportance(domain.StatusLate) ||
		StatusTextImportance(domain.StatusApologies) == StatusTextImportance(domain.StatusAbsent) {
		t.Errorf("card text: Absent %v, Late %v, Apologies %v", StatusTextImportance(domain.StatusAbsent),
			StatusTextImportance(domain.StatusLate), StatusTextImportance(domain.StatusApologies))
	}
}

// TestTextScales: Settings' sizes grow the text in order, and a size the
// table does not know reads as normal.
func TestTextScales(t *testing.T) {
	last := float32(0)
	for _, s := range TextScales {
		got, _ := ThemeSize(theme.SizeNameText, TextScale(s.Name))
		if got <= last {
			t.Errorf("%s text is %v, not larger than the size before (%v)", s.Name, got, last)
		}
		last = got
	}
	if TextScale("huge") != 1 {
		t.Errorf("an unknown size scales text by %v, want 1", TextScale("huge"))
	}
	if _, ok := ThemeSize(theme.SizeNameScrollBar, 1); ok {
		t.Error("a size Gather does not set was set")
	}
}

// TestLines: parts share a line while they fit, and a line breaks only
// between parts; a part wider than a line has one alone.
func TestLines(t *testing.T) {
	fits := func(s string) bool { return len(s) <= 12 }
	for _, tc := range []struct {
		parts []string
		sep   string
		want  []string
	}{
		{nil, " ", nil},
		{[]string{"4 here:", "3 of 18", "+ 1 walk-in"}, " ", []string{"4 here:", "3 of 18", "+ 1 walk-in"}},
		{[]string{"3 here", "of 18"}, " ", []string{"3 here of 18"}},
		{[]string{"/", "home/", "volunteer/", "Documents"}, "", []string{"/home/", "volunteer/", "Documents"}},
		{[]string{"/", "a very long folder name/", "b"}, "", []string{"/", "a very long folder name/", "b"}},
	} {
		if got := Lines(tc.parts, tc.sep, fits); strings.Join(got, "|") != strings.Join(tc.want, "|") {
			t.Errorf("Lines(%q) = %q, want %q", tc.parts, got, tc.want)
		}
	}
}
