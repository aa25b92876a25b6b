package app

import (
	"fmt"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/gather-sp/gather/domain"
)

// syncWords is what Gather says about sync, in the footer and in Settings
// alike: a headline, what waits to be sent, and when this device last
// synced. Each is a phrase the footer may put on a line of its own.
type syncWords struct {
	Headline string // "Offline — saved on this device"
	Waiting  string // "12 changes waiting to send", or ""
	Last     string // "last synced today at 09:12", or ""
	Short    string // the headline in a word or two ("Offline"), for a footer short of room
	Icon     fyne.Resource
}

// phrases are the words' parts that are said, in order.
func (w syncWords) phrases() []string {
	var out []string
	for _, p := range []string{w.Headline, w.Waiting, w.Last} {
		if p != "" {
			out = append(out, p)
		}
	}
	return out
}

// Line is the words on one line, as the footer shows them when they fit.
func (w syncWords) Line() string { return strings.Join(w.phrases(), " · ") }

// oneLiners are the words on one line from the fullest to the shortest:
// all of them, then fewer phrases, down to the short headline. The footer
// takes the first that fits beside its buttons, so that with large text
// it stays one line and the screen above keeps its room; tapping the
// words opens Settings, which says them all.
func oneLiners(phrases []string, short string) []string {
	var out []string
	for n := len(phrases); n > 0; n-- {
		out = append(out, strings.Join(phrases[:n], " · "))
	}
	if short != "" && (len(phrases) == 0 || short != phrases[0]) {
		out = append(out, short)
	}
	return out
}

// describeSync says where sync stands. setUp says whether this copy of
// Gather has a server to sync with at all: one that has none is "not set
// up", which is not the same as "offline" (a device in a hall with wifi
// would otherwise blame the signal).
func describeSync(st SyncStatus, setUp bool, now time.Time) syncWords {
	if !setUp {
		st = SyncStatus{State: SyncNotConnected}
	}
	var w syncWords
	if st.Pending == 1 {
		w.Waiting = "1 change waiting to send"
	} else if st.Pending > 1 {
		w.Waiting = fmt.Sprintf("%d changes waiting to send", st.Pending)
	}
	last := "not synced yet"
	if !st.LastSynced.IsZero() {
		last = "last synced " + whenText(st.LastSynced, now)
	}
	switch st.State {
	case SyncOffline:
		w.Headline, w.Last, w.Icon = "Offline — saved on this device", last, theme.ComputerIcon()
		w.Short = "Offline"
	case SyncSyncing:
		w.Headline, w.Waiting, w.Icon = "Syncing…", "", theme.ViewRefreshIcon()
		if st.Progress > 0 {
			w.Headline = fmt.Sprintf("Syncing… %d%%", int(st.Progress*100))
		}
		w.Short = w.Headline
	case SyncSynced:
		w.Headline, w.Icon = "Synced "+whenText(st.LastSynced, now), theme.ConfirmIcon()
		w.Short = "Synced"
	case SyncError:
		w.Headline, w.Last, w.Icon = "Sync problem — your work is saved here", last, theme.WarningIcon()
		w.Short = "Sync problem"
	default:
		w.Headline, w.Icon = "Not set up to sync — saved on this device", theme.ComputerIcon()
		w.Short = "Not set up to sync"
		if !st.LastSynced.IsZero() {
			w.Last = last // a device taken off the server, say
		}
	}
	return w
}

// demoSyncWords is where sync stands on a device holding demo data: it
// never connects (Settings refuses to), so what it saves is not "waiting
// to send", which would count every made-up mark as work at risk.
func demoSyncWords() syncWords {
	return syncWords{Headline: "Demo data — kept on this device, never sent", Short: "Demo data", Icon: theme.ComputerIcon()}
}

// whenText says when t was, in words, as seen at now. Past the first
// minute it gives the time of day, not "N minutes ago", which would go
// stale on a screen nobody repaints while the device is offline.
func whenText(t, now time.Time) string {
	switch {
	case t.IsZero():
		return "never"
	case now.Sub(t) < time.Minute:
		return "just now"
	case domain.DateOf(t) == domain.DateOf(now):
		return "today at " + t.Format("15:04")
	case domain.DateOf(t) == domain.DateOf(now.AddDate(0, 0, -1)):
		return "yesterday at " + t.Format("15:04")
	}
	return "on " + t.Format("Mon 2 Jan") + " at " + t.Format("15:04")
}

// footerLayout lays out the footer: the sync status on the left and the
// staff and Lock buttons on the right, on one row when they fit, the
// status said more briefly when that is what it takes (oneLiners: a
// portrait tablet, large text), since every line the footer takes is a
// line less for the screen. When even the shortest words do not fit
// beside the buttons (a long name) the status goes above, on one line if
// any of its words fit one (else its phrases broken into lines that fit
// the width: a narrow window), and the buttons on a row beneath it on the
// right, each at its full size, so that nothing prints over anything else
// and Lock stays a whole target.
//
// Its objects are the status (icon and label over a button) and then the
// buttons. width is the width it will be laid out at (Fyne asks MinSize
// before Layout).
type footerLayout struct {
	width  func() float32
	label  *widget.Label // the status's words, which the layout breaks into lines
	iconW  func() float32
	phrase func() []string
	short  func() string // the status in a word or two; nil for none
}

// statusWidth is the width the status needs to show text on one line.
func (l *footerLayout) statusWidth(text string) float32 {
	w := float32(0)
	for _, line := range strings.Split(text, "\n") {
		w = fyne.Max(w, fyne.MeasureText(line, theme.TextSize(), l.label.TextStyle).Width)
	}
	return theme.InnerPadding() + l.iconW() + theme.Padding() + w + 2*theme.InnerPadding()
}

// arrange decides, for width, the status's text and whether it shares a
// row with the buttons; it puts the text in the label.
func (l *footerLayout) arrange(objs []fyne.CanvasObject, width float32) (oneRow bool, buttons []fyne.CanvasObject) {
	for _, o := range objs[1:] {
		if o.Visible() {
			buttons = append(buttons, o)
		}
	}
	bw := rowWidth(buttons)
	if len(buttons) > 0 {
		bw += theme.Padding()
	}
	phrases := l.phrase()
	short := ""
	if l.short != nil {
		short = l.short()
	}
	text := strings.Join(phrases, " · ")
	for _, t := range oneLiners(phrases, short) {
		if l.statusWidth(t)+bw <= width {
			text, oneRow = t, true
			break
		}
	}
	if !oneRow {
		// The buttons go on a row of their own; the status above them
		// keeps to one line if any of its words fit one.
		for _, t := range oneLiners(phrases, short) {
			if l.statusWidth(t) <= width {
				if l.label.Text != t {
					l.label.SetText(t)
				}
				return false, buttons
			}
		}
		var lines []string
		for _, p := range phrases {
			if n := len(lines); n > 0 && l.statusWidth(lines[n-1]+" · "+p) <= width {
				lines[n-1] += " · " + p
				continue
			}
			lines = append(lines, p)
		}
		text = strings.Join(lines, "\n")
	}
	if l.label.Text != text {
		l.label.SetText(text)
	}
	return oneRow, buttons
}

func rowWidth(objs []fyne.CanvasObject) float32 {
	w := float32(0)
	for i, o := range objs {
		if i > 0 {
			w += theme.Padding()
		}
		w += o.MinSize().Width
	}
	return w
}

// buttonRows packs the buttons into rows that fit width, in order.
func buttonRows(buttons []fyne.CanvasObject, width float32) [][]fyne.CanvasObject {
	var rows [][]fyne.CanvasObject
	for _, b := range buttons {
		if n := len(rows); n > 0 && rowWidth(append(append([]fyne.CanvasObject{}, rows[n-1]...), b)) <= width {
			rows[n-1] = append(rows[n-1], b)
			continue
		}
		rows = append(rows, []fyne.CanvasObject{b})
	}
	return rows
}

func rowHeight(objs []fyne.CanvasObject) float32 {
	h := float32(0)
	for _, o := range objs {
		h = fyne.Max(h, o.MinSize().Height)
	}
	return h
}

func (l *footerLayout) MinSize(objs []fyne.CanvasObject) fyne.Size {
	width := float32(0)
	if l.width != nil {
		width = l.width()
	}
	if width <= 0 {
		width = 1 << 20
	}
	oneRow, buttons := l.arrange(objs, width)
	status := objs[0].MinSize()
	if oneRow {
		return fyne.NewSize(status.Width+theme.Padding()+rowWidth(buttons), fyne.Max(status.Height, rowHeight(buttons)))
	}
	h, w := status.Height, status.Width
	for _, r := range buttonRows(buttons, width) {
		h += theme.Padding() + rowHeight(r)
		w = fyne.Max(w, rowWidth(r))
	}
	return fyne.NewSize(fyne.Min(w, width), h)
}

func (l *footerLayout) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	if size.Width <= 0 {
		return // not on show yet
	}
	oneRow, buttons := l.arrange(objs, size.Width)
	gap := theme.Padding()
	place := func(row []fyne.CanvasObject, y, h float32) {
		x := size.Width - rowWidth(row)
		for _, b := range row {
			b.Resize(fyne.NewSize(b.MinSize().Width, h))
			b.Move(fyne.NewPos(x, y))
			x += b.Size().Width + gap
		}
	}
	status := objs[0]
	if oneRow {
		bw := rowWidth(buttons)
		if len(buttons) > 0 {
			bw += gap
		}
		status.Resize(fyne.NewSize(size.Width-bw, size.Height))
		status.Move(fyne.NewPos(0, 0))
		place(buttons, 0, size.Height)
		return
	}
	sh := status.MinSize().Height
	status.Resize(fyne.NewSize(size.Width, sh))
	status.Move(fyne.NewPos(0, 0))
	y := sh
	for _, r := range buttonRows(buttons, size.Width) {
		h := rowHeight(r)
		place(r, y+gap, h)
		y += gap + h
	}
}
