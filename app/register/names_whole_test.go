package register

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/gather-sp/gather/app/internal/uitest"
	"github.com/gather-sp/gather/app/kit"
	"github.com/gather-sp/gather/domain"
	"github.com/gather-sp/gather/record"
)

// longName is a name longer than a small tablet's row at any text size.
var longName = map[string]string{"given_name": "Maria Magdalena", "preferred_name": "Magda", "family_name": "Fitzwilliam-Okonkwo"}

// TestNamesReadWhole: a name is what a volunteer reads to find the person
// at the gate. On a small tablet (600 wide), a portrait tablet and a
// laptop, at every text size, every name on the register is on show
// whole, inside its row, never cut to "Agniesz…": on one line where it
// fits, else wrapped onto more. More and Card stay large targets that
// say what they are (in words, or an icon named for them when the row is
// narrow).
func TestNamesReadWhole(t *testing.T) {
	onRegisterSizes(t, uitest.TextSizes, func(t *testing.T, h *harness, size fyne.Size, r *Register) {
		if err := h.sh.Save(record.Change{Kind: domain.KindPerson, ID: r.expected[0], Fields: longName}); err != nil {
			t.Fatal(err)
		}
		h.sh.Repaint(r)
		h.w.Canvas().Content().Refresh()
		uitest.Shot(t, h.w, "register-names-"+t.Name()[strings.LastIndex(t.Name(), "/")+1:])
		for i, id := range r.expected {
			// Scrolled into sight: the row on screen (h.row looks
			// through the whole window, slow for every row).
			r.list.ScrollTo(i)
			w := r.rowOnScreen(id)
			if w == nil {
				t.Fatalf("%s has no row on screen", id)
			}
			want := r.people[id].DisplayName()
			if w.name.Text != want || !w.name.Visible() {
				t.Fatalf("%s's row shows the name %q", want, w.name.Text)
			}
			if why := notWhole(w.name); why != "" {
				t.Errorf("%q: %s", want, why)
			}
			if bottom := w.textBox.Position().Y + w.name.Position().Y + w.name.Size().Height; bottom > w.Size().Height+0.5 {
				t.Errorf("%q ends at %.0f, below its %.0f high row", want, bottom, w.Size().Height)
			}
			if right := w.name.Position().X + w.name.Size().Width; right > w.textBox.Size().Width+0.5 {
				t.Errorf("%q runs to %.0f, past its %.0f wide column", want, right, w.textBox.Size().Width)
			}
			for _, b := range []struct {
				word string
				b    fyne.CanvasObject
			}{{"More", w.more}, {"Card", w.card}} {
				if got := uitest.ControlLabel(b.b); got != b.word {
					t.Errorf("%q: the %s button is named %q", want, b.word, got)
				}
				if s := b.b.Size(); s.Width < kit.MinTouch || s.Height < kit.MinTouch {
					t.Errorf("%q: %s is %.0fx%.0f, under a large target", want, b.word, s.Width, s.Height)
				}
			}
			if right := w.content.Size().Width; right > r.list.Size().Width+0.5 {
				t.Errorf("%q's row is %.0f wide in a %.0f wide list", want, right, r.list.Size().Width)
			}
		}
	})
}

// notWhole says how a label fails to show its whole text, "" when it
// shows it all: cut short with "…", or wrapped onto more lines than it
// has room for.
func notWhole(l *widget.Label) string {
	if cut := uitest.CutShort(l); len(cut) > 0 {
		return "cut short with …"
	}
	if l.Wrapping == fyne.TextWrapOff {
		need := fyne.MeasureText(l.Text, theme.TextSize(), l.TextStyle).Width + 2*theme.Size(theme.SizeNameInnerPadding)
		if l.Size().Width+0.5 < need {
			return "runs past its label"
		}
		return ""
	}
	if need := heightAt(l, l.Size().Width); l.Size().Height+0.5 < need {
		return "wrapped onto more lines than it has room for"
	}
	if strings.TrimSpace(l.Text) == "" {
		return "empty"
	}
	return ""
}
