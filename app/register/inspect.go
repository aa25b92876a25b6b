package register

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/gather-sp/gather/app/kit"
	"github.com/gather-sp/gather/domain"
	"github.com/gather-sp/gather/storage"
)

// What the shell and its tests read of Today and a register, and the taps
// they make on them (the shell's own flows: a card opened from a row and
// Back; a print; one repaint per tap).

// SessionID is the session this register takes.
func (r *Register) SessionID() string { return r.sessionID }

// Info is the session as last read: activity, venue, expected, counts.
func (r *Register) Info() storage.SessionInfo { return r.info }

// Expected are the ids of the people expected, in the order shown.
func (r *Register) Expected() []string { return r.expected }

// Shown are the people on the list now (after any search), in order.
func (r *Register) Shown() []domain.Person {
	out := make([]domain.Person, len(r.rows))
	for i, row := range r.rows {
		out[i] = row.Person
	}
	return out
}

// MarkOf is a person's mark as the register shows it.
func (r *Register) MarkOf(personID string) domain.Attendance { return r.marks[personID] }

// Mark marks a person here, as a tap on their row's button does.
func (r *Register) Mark(personID string) { r.onMark(personID) }

// OpenCard opens a person's card, as a tap on their name does.
func (r *Register) OpenCard(personID string) { r.onCard(personID) }

// Print asks where to save the printable register; LastPrint is the path
// of the last one saved.
func (r *Register) Print()            { r.onPrint() }
func (r *Register) LastPrint() string { return r.lastPrint }

// Repaints counts the times the register re-read the store.
func (r *Register) Repaints() int { return r.repaints }

// ResetRepaints starts counting again.
func (r *Register) ResetRepaints() { r.repaints = 0 }

// RowView is a person's row as laid out: its buttons and its lines.
type RowView struct {
	Mark                 *widget.Button
	More, Card           *kit.ToolButton
	Name, Detail, Access string
	Photos               string // "Photos OK" on its own, "" when not shown
}

// Row is a person's row as laid out in the window, scrolled into sight; ok
// is false when they are not on the list.
func (r *Register) Row(personID string) (row RowView, ok bool) {
	for i, x := range r.rows {
		if x.Person.ID != personID {
			continue
		}
		r.list.ScrollTo(i)
		if w := r.rowOnScreen(personID); w != nil {
			photos := ""
			if w.photos.Visible() {
				photos = w.photos.Text
			}
			return RowView{Mark: w.mark, More: w.more, Card: w.card,
				Name: w.name.Text, Detail: w.detail.Text, Access: w.access.Text, Photos: photos}, true
		}
	}
	return RowView{}, false
}

// Sessions are the sessions Today lists.
func (s *Today) Sessions() []storage.SessionInfo { return s.sessions }

// Open opens the register of the i-th session listed.
func (s *Today) Open(i int) { s.onOpen(i) }

// Person is someone on the register (expected, or added by search or as a
// walk-in); ok is false for anyone else.
func (r *Register) Person(id string) (p domain.Person, ok bool) {
	p, ok = r.people[id]
	return p, ok
}

// RowsInSight is how many rows the list shows at its present size without
// scrolling, and the height of one row.
func (r *Register) RowsInSight() (n int, rowHeight float32) {
	pad := theme.Size(theme.SizeNamePadding)
	rowHeight = newRegisterRow(r).MinSize().Height
	return int((r.list.Size().Height + pad) / (rowHeight + pad)), rowHeight
}

// RowsLaidOut are the list's rows laid out now, in sight or in part, by
// the name each shows, without scrolling: a fit test asks which are
// wholly in sight.
func (r *Register) RowsLaidOut() map[string]fyne.CanvasObject {
	out := map[string]fyne.CanvasObject{}
	for _, w := range r.rowWidgets {
		if w.Visible() && !w.Size().IsZero() && w.id < len(r.rows) {
			out[r.rows[w.id].Person.DisplayName()] = w
		}
	}
	return out
}

// Date is the day Today shows; DateText how it says it ("Today, ...").
func (s *Today) Date() string     { return s.date }
func (s *Today) DateText() string { return s.dateLabel.Text }
