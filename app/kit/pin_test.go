package kit

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2/widget"
)

// TestAdviseOnPIN: a PIN that cannot be used is said in red, so a
// greyed-out button has its reason beside it; a good one in green.
func TestAdviseOnPIN(t *testing.T) {
	cases := []struct {
		name, pin, again string
		says             string
		ok               bool
		importance       widget.Importance
	}{
		{"nothing typed", "", "", "at least 6 digits", false, widget.MediumImportance},
		{"too short", "4071", "", "too short: use at least 6 digits", false, widget.DangerImportance},
		{"too easy", "123456", "123456", "too easy to guess", false, widget.DangerImportance},
		{"typed once", "739155", "", "Type it again", false, widget.MediumImportance},
		{"not the same", "739155", "739156", "not the same", false, widget.DangerImportance},
		{"good", "739155", "739155", "Good", true, widget.SuccessImportance},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			a := AdviseOnPIN(tc.pin, tc.again, 6)
			if !strings.Contains(a.Text, tc.says) || a.OK != tc.ok {
				t.Errorf("advice %q ok %v, want it to say %q, ok %v", a.Text, a.OK, tc.says, tc.ok)
			}
			l := widget.NewLabel("")
			a.Show(l)
			if l.Text != a.Text || l.Importance != tc.importance {
				t.Errorf("shown as %q in importance %v, want importance %v", l.Text, l.Importance, tc.importance)
			}
		})
	}
}
