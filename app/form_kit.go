package app

import (
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/gather-sp/gather/app/kit"
)

// The form kit of the managing screens: a centred column, a grid that
// folds on a narrow window, labelled fields, problems in words and the
// choice and toggle buttons.

// manageMaxWidth is the widest a form grows: lines of a form stretched
// across a wide screen are hard to follow.
const manageMaxWidth = 980

// columnLayout centres one column no wider than max.
type columnLayout struct{ max float32 }

func (l columnLayout) MinSize(objs []fyne.CanvasObject) fyne.Size {
	var s fyne.Size
	for _, o := range objs {
		if o.Visible() {
			s = s.Max(o.MinSize())
		}
	}
	return s
}

func (l columnLayout) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	w := fyne.Min(size.Width, l.max)
	for _, o := range objs {
		w = fyne.Max(w, fyne.Min(size.Width, o.MinSize().Width))
		o.Move(fyne.NewPos((size.Width-w)/2, 0))
		o.Resize(fyne.NewSize(w, size.Height))
	}
}

// manageColumn is a screen's scrolling body: a padded column of at most
// manageMaxWidth.
func manageColumn(o fyne.CanvasObject) fyne.CanvasObject {
	return container.NewVScroll(container.New(columnLayout{manageMaxWidth}, container.NewPadded(o)))
}

// manageWidth is about the width manageColumn's contents get, for layouts
// that must know it before they are laid out (flowLayout). It errs on the
// narrow side.
func (u *UI) manageWidth() float32 {
	return fyne.Min(u.win.Canvas().Size().Width, manageMaxWidth) - 4*theme.Padding() - 8
}

// formGrid puts objects side by side in cols equal columns when they fit
// in the width the form will have, and one under another when they do
// not (a portrait tablet, the largest text), so nothing is cut off.
type formGrid struct {
	cols  int
	width func() float32
}

func (g formGrid) columns(objs []fyne.CanvasObject) bool {
	var w float32
	n := 0
	for _, o := range objs {
		if o.Visible() {
			w = fyne.Max(w, o.MinSize().Width)
			n++
		}
	}
	gap := theme.Padding()
	return n > 0 && float32(g.cols)*w+float32(g.cols-1)*gap <= g.width()
}

func (g formGrid) MinSize(objs []fyne.CanvasObject) fyne.Size {
	var s fyne.Size
	cols := g.columns(objs)
	gap := theme.Padding()
	var row float32
	i := 0
	for _, o := range objs {
		if !o.Visible() {
			continue
		}
		m := o.MinSize()
		s.Width = fyne.Max(s.Width, m.Width)
		if !cols {
			if i > 0 {
				s.Height += gap
			}
			s.Height += m.Height
			i++
			continue
		}
		row = fyne.Max(row, m.Height)
		if i%g.cols == g.cols-1 {
			if s.Height > 0 {
				s.Height += gap
			}
			s.Height += row
			row = 0
		}
		i++
	}
	if cols && i%g.cols != 0 {
		if s.Height > 0 {
			s.Height += gap
		}
		s.Height += row
	}
	return s
}

func (g formGrid) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	gap := theme.Padding()
	var vis []fyne.CanvasObject
	for _, o := range objs {
		if o.Visible() {
			vis = append(vis, o)
		}
	}
	if !g.columns(objs) {
		y := float32(0)
		for _, o := range vis {
			h := o.MinSize().Height
			o.Move(fyne.NewPos(0, y))
			o.Resize(fyne.NewSize(size.Width, h))
			y += h + gap
		}
		return
	}
	cw := (size.Width - float32(g.cols-1)*gap) / float32(g.cols)
	y := float32(0)
	for start := 0; start < len(vis); start += g.cols {
		end := min(start+g.cols, len(vis))
		var h float32
		for _, o := range vis[start:end] {
			h = fyne.Max(h, o.MinSize().Height)
		}
		for i, o := range vis[start:end] {
			o.Move(fyne.NewPos(float32(i)*(cw+gap), y))
			o.Resize(fyne.NewSize(cw, h))
		}
		y += h + gap
	}
}

// manageGrid is a formGrid sized to this window's forms.
func (u *UI) manageGrid(cols int, objs ...fyne.CanvasObject) *fyne.Container {
	return container.New(formGrid{cols: cols, width: u.manageWidth}, objs...)
}

func manageLabel(text string) *widget.Label {
	return widget.NewLabelWithStyle(text, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
}

// manageField is a labelled input at least a touch target high, with an
// optional hint under it.
func manageField(label string, o fyne.CanvasObject, hint string) fyne.CanvasObject {
	box := container.NewVBox(manageLabel(label), tall(o))
	if hint != "" {
		h := wrapped(hint)
		h.Importance = widget.LowImportance
		h.SizeName = theme.SizeNameCaptionText
		box.Add(h)
	}
	return box
}

// manageNote is a quiet line of explanation that wraps.
func manageNote(text string) *widget.Label {
	l := wrapped(text)
	l.Importance = widget.LowImportance
	return l
}

func manageEntry(placeholder string) *widget.Entry {
	e := widget.NewEntry()
	e.SetPlaceHolder(placeholder)
	return e
}

func manageMulti(placeholder string) *widget.Entry {
	e := widget.NewMultiLineEntry()
	e.SetPlaceHolder(placeholder)
	e.Wrapping = fyne.TextWrapWord
	e.SetMinRowsVisible(3)
	return e
}

// manageProblem is the label that says what to put right, in red.
func manageProblem() *widget.Label {
	l := wrapped("")
	l.Importance = widget.DangerImportance
	l.TextStyle.Bold = true
	l.Hide()
	return l
}

func showProblems(l *widget.Label, problems []string) {
	if len(problems) == 0 {
		l.SetText("")
		l.Hide()
		return
	}
	text := problems[0]
	if len(problems) > 1 {
		text = "Please put these right, then tap Save again:\n• " + strings.Join(problems, "\n• ")
	}
	l.SetText(text)
	l.Show()
}

// showProblemsAt lays a form out again with its problem label showing,
// scrolled to the end, where the label sits just above Save.
func showProblemsAt(content fyne.CanvasObject) {
	content.Refresh()
	if sc, ok := content.(*container.Scroll); ok {
		sc.ScrollToBottom()
	}
}

// capitalFirst is "Money advice" for "money advice".
func capitalFirst(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// choiceButtons is a row of big buttons of which one is chosen.
type choiceButtons struct {
	values   []string
	buttons  map[string]*widget.Button
	value    string
	onChange func(string)
	box      *fyne.Container
}

func newChoiceButtons(labels, values []string, icons []fyne.Resource, onChange func(string)) *choiceButtons {
	c := &choiceButtons{values: values, buttons: map[string]*widget.Button{}, onChange: onChange}
	objs := make([]fyne.CanvasObject, len(values))
	for i, v := range values {
		v := v
		var icon fyne.Resource
		if i < len(icons) {
			icon = icons[i]
		}
		b := widget.NewButtonWithIcon(labels[i], icon, func() { c.choose(v) })
		c.buttons[v] = b
		objs[i] = tall(b)
	}
	c.box = container.NewGridWithColumns(len(values), objs...)
	return c
}

// set chooses v without telling onChange.
func (c *choiceButtons) set(v string) {
	c.value = v
	for x, b := range c.buttons {
		if x == v {
			b.Importance = widget.HighImportance
		} else {
			b.Importance = widget.MediumImportance
		}
		b.Refresh()
	}
}

func (c *choiceButtons) choose(v string) {
	c.set(v)
	if c.onChange != nil {
		c.onChange(v)
	}
}

// toggleButtons is a wrapping set of big on/off buttons: next steps.
type toggleButtons struct {
	ids     []string
	on      map[string]bool
	buttons map[string]*widget.Button
	box     *fyne.Container
}

func newToggleButtons(width func() float32) *toggleButtons {
	return &toggleButtons{on: map[string]bool{}, buttons: map[string]*widget.Button{},
		box: kit.NewFlow(width)}
}

// setOptions shows ids with their labels, keeping what is switched on.
func (t *toggleButtons) setOptions(ids, labels []string) {
	t.ids = ids
	t.buttons = map[string]*widget.Button{}
	t.box.Objects = nil
	for i, id := range ids {
		id := id
		b := widget.NewButton(labels[i], func() { t.toggle(id) })
		t.buttons[id] = b
		t.paint(id)
		t.box.Add(tall(b))
	}
	t.box.Refresh()
}

func (t *toggleButtons) toggle(id string) {
	t.on[id] = !t.on[id]
	t.paint(id)
}

func (t *toggleButtons) paint(id string) {
	b := t.buttons[id]
	if b == nil {
		return
	}
	if t.on[id] {
		b.Importance = widget.HighImportance
		b.SetIcon(theme.CheckButtonCheckedIcon())
	} else {
		b.Importance = widget.MediumImportance
		b.SetIcon(theme.CheckButtonIcon())
	}
	b.Refresh()
}

// Dates and times as people type them.
