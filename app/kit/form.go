package kit

import (
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
	"github.com/gather-sp/gather/domain"
)

// The form kit of the screens that edit records: a centred column, a grid that
// folds on a narrow window, labelled fields, problems in words and the
// choice and toggle buttons.

// FormMaxWidth is the widest a form grows: lines of a form stretched
// across a wide screen are hard to follow.
const FormMaxWidth = 980

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

// FormColumn is a screen's scrolling body: a padded column of at most
// FormMaxWidth.
func FormColumn(o fyne.CanvasObject) fyne.CanvasObject {
	return container.NewVScroll(container.New(columnLayout{FormMaxWidth}, container.NewPadded(o)))
}

// FormWidth is about the width FormColumn's contents get in w, for layouts
// that must know it before they are laid out (NewFlow). It errs on the
// narrow side.
func FormWidth(w fyne.Window) func() float32 {
	return func() float32 {
		return fyne.Min(w.Canvas().Size().Width, FormMaxWidth) - 4*theme.Padding() - 8
	}
}

// formGrid puts objects side by side in cols equal columns when they fit
// in the width the form will have, and one under another when they do
// not (a portrait tablet, the largest text), so nothing is cut off. With
// shrink, it tries fewer columns before one.
type formGrid struct {
	cols   int
	width  func() float32
	shrink bool
}

// columns is how many columns the visible objects go in.
func (g formGrid) columns(objs []fyne.CanvasObject) int {
	var w float32
	n := 0
	for _, o := range objs {
		if o.Visible() {
			w = fyne.Max(w, o.MinSize().Width)
			n++
		}
	}
	gap := theme.Padding()
	for c := g.cols; c > 1; c-- {
		if n > 0 && float32(c)*w+float32(c-1)*gap <= g.width() {
			return c
		}
		if !g.shrink {
			break
		}
	}
	return 1
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
		row = fyne.Max(row, m.Height)
		if i%cols == cols-1 {
			if s.Height > 0 {
				s.Height += gap
			}
			s.Height += row
			row = 0
		}
		i++
	}
	if i%cols != 0 {
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
	cols := g.columns(objs)
	cw := (size.Width - float32(cols-1)*gap) / float32(cols)
	y := float32(0)
	for start := 0; start < len(vis); start += cols {
		end := min(start+cols, len(vis))
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

// FormGrid is a formGrid sized to the forms of window w.
func FormGrid(w fyne.Window, cols int, objs ...fyne.CanvasObject) *fyne.Container {
	return container.New(formGrid{cols: cols, width: FormWidth(w)}, objs...)
}

// FitGrid is a grid for contents width wide: cols side by side when they
// fit, fewer when they do not, down to one under another.
func FitGrid(width func() float32, cols int, objs ...fyne.CanvasObject) *fyne.Container {
	return container.New(formGrid{cols: cols, width: width, shrink: true}, objs...)
}

func FormLabel(text string) *widget.Label {
	return widget.NewLabelWithStyle(text, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
}

// FormField is a labelled input at least a touch target high, with an
// optional hint under it.
func FormField(label string, o fyne.CanvasObject, hint string) fyne.CanvasObject {
	box := container.NewVBox(FormLabel(label), Tall(o))
	if hint != "" {
		h := Wrapped(hint)
		h.Importance = widget.LowImportance
		h.SizeName = theme.SizeNameCaptionText
		box.Add(h)
	}
	return box
}

// FormNote is a quiet line of explanation that wraps.
func FormNote(text string) *widget.Label {
	l := Wrapped(text)
	l.Importance = widget.LowImportance
	return l
}

func FormEntry(placeholder string) *widget.Entry {
	e := widget.NewEntry()
	e.SetPlaceHolder(placeholder)
	return e
}

func FormMulti(placeholder string) *widget.Entry {
	e := widget.NewMultiLineEntry()
	e.SetPlaceHolder(placeholder)
	e.Wrapping = fyne.TextWrapWord
	e.SetMinRowsVisible(3)
	return e
}

// FormProblem is the label that says what to put right, in red.
func FormProblem() *widget.Label {
	l := Wrapped("")
	l.Importance = widget.DangerImportance
	l.TextStyle.Bold = true
	l.Hide()
	return l
}

func ShowProblems(l *widget.Label, problems []string) {
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

// ShowProblemsAt lays a form out again with its problem label showing,
// scrolled to the end, where the label sits just above Save.
func ShowProblemsAt(content fyne.CanvasObject) {
	content.Refresh()
	if sc, ok := content.(*container.Scroll); ok {
		sc.ScrollToBottom()
	}
}

// CapitalFirst is "Money advice" for "money advice".
func CapitalFirst(s string) string { return domain.CapitalFirst(s) }

// ChoiceButtons is a row of big buttons of which one is chosen.
type ChoiceButtons struct {
	Values   []string
	Buttons  map[string]*widget.Button
	Value    string
	OnChange func(string)
	Box      *fyne.Container
}

func NewChoiceButtons(labels, values []string, icons []fyne.Resource, onChange func(string)) *ChoiceButtons {
	c := &ChoiceButtons{Values: values, Buttons: map[string]*widget.Button{}, OnChange: onChange}
	objs := make([]fyne.CanvasObject, len(values))
	for i, v := range values {
		v := v
		var icon fyne.Resource
		if i < len(icons) {
			icon = icons[i]
		}
		b := widget.NewButtonWithIcon(labels[i], icon, func() { c.Choose(v) })
		c.Buttons[v] = b
		objs[i] = Tall(b)
	}
	c.Box = container.NewGridWithColumns(len(values), objs...)
	return c
}

// Fold lets the row fold into even rows when its buttons do not fit side
// by side in width (a portrait tablet at Large text), as NewFitGrid's do,
// rather than run past the window's edge. It returns c.
func (c *ChoiceButtons) Fold(width func() float32) *ChoiceButtons {
	c.Box.Layout = fitGrid{columns: len(c.Values), width: width}
	c.Box.Refresh()
	return c
}

// Set chooses v without telling onChange.
func (c *ChoiceButtons) Set(v string) {
	c.Value = v
	for x, b := range c.Buttons {
		if x == v {
			b.Importance = widget.HighImportance
		} else {
			b.Importance = widget.MediumImportance
		}
		b.Refresh()
	}
}

func (c *ChoiceButtons) Choose(v string) {
	c.Set(v)
	if c.OnChange != nil {
		c.OnChange(v)
	}
}

// ToggleButtons is a wrapping set of big on/off buttons: next steps.
type ToggleButtons struct {
	IDs     []string
	On      map[string]bool
	Buttons map[string]*widget.Button
	Box     *fyne.Container
}

func NewToggleButtons(width func() float32) *ToggleButtons {
	return &ToggleButtons{On: map[string]bool{}, Buttons: map[string]*widget.Button{},
		Box: NewFlow(width)}
}

// SetOptions shows ids with their labels, keeping what is switched on.
func (t *ToggleButtons) SetOptions(ids, labels []string) {
	t.IDs = ids
	t.Buttons = map[string]*widget.Button{}
	t.Box.Objects = nil
	for i, id := range ids {
		id := id
		b := widget.NewButton(labels[i], func() { t.Toggle(id) })
		t.Buttons[id] = b
		t.paint(id)
		t.Box.Add(Tall(b))
	}
	t.Box.Refresh()
}

func (t *ToggleButtons) Toggle(id string) {
	t.On[id] = !t.On[id]
	t.paint(id)
}

func (t *ToggleButtons) paint(id string) {
	b := t.Buttons[id]
	if b == nil {
		return
	}
	if t.On[id] {
		b.Importance = widget.HighImportance
		b.SetIcon(theme.CheckButtonCheckedIcon())
	} else {
		b.Importance = widget.MediumImportance
		b.SetIcon(theme.CheckButtonIcon())
	}
	b.Refresh()
}

// Dates and times as people type them.

// labelledLayout lays out (label, field) pairs: labels in a column beside
// their fields where both fit in the width the form will have, and each
// label above its field where they do not (a portrait tablet, large text,
// a long label such as "Emergency contact's phone"), so no field loses
// its right edge.
type labelledLayout struct{ width func() float32 }

// columns is the label column's width, and whether labels go beside.
func (l labelledLayout) columns(objs []fyne.CanvasObject) (float32, bool) {
	var lw, fw float32
	for i := 0; i+1 < len(objs); i += 2 {
		if !shown(objs[i+1]) {
			continue
		}
		lw = fyne.Max(lw, objs[i].MinSize().Width)
		fw = fyne.Max(fw, fieldWidth(objs[i+1]))
	}
	return lw, lw+theme.Padding()+fw <= l.width()
}

// fieldWidth is how wide a field must be to be read: an entry's minimum
// width is less than its hint's (its placeholder), which it then cuts off.
func fieldWidth(o fyne.CanvasObject) float32 {
	w := o.MinSize().Width
	if e, ok := o.(*widget.Entry); ok && e.PlaceHolder != "" {
		w = fyne.Max(w, fyne.MeasureText(e.PlaceHolder, theme.TextSize(), e.TextStyle).Width+2*theme.InnerPadding()+2*theme.Padding())
	}
	return w
}

func (l labelledLayout) MinSize(objs []fyne.CanvasObject) fyne.Size {
	lw, beside := l.columns(objs)
	gap := theme.Padding()
	var s fyne.Size
	n := 0
	for i := 0; i+1 < len(objs); i += 2 {
		if !shown(objs[i+1]) {
			continue
		}
		lm, fm := objs[i].MinSize(), objs[i+1].MinSize()
		if n > 0 {
			s.Height += gap
		}
		n++
		if beside {
			s.Width = fyne.Max(s.Width, lw+gap+fm.Width)
			s.Height += fyne.Max(lm.Height, fm.Height)
			continue
		}
		s.Width = fyne.Max(s.Width, fyne.Max(lm.Width, fm.Width))
		s.Height += lm.Height + fm.Height
	}
	return s
}

func (l labelledLayout) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	lw, beside := l.columns(objs)
	gap := theme.Padding()
	y := float32(0)
	for i := 0; i+1 < len(objs); i += 2 {
		label, field := objs[i], objs[i+1]
		if !shown(field) {
			label.Hide()
			continue
		}
		label.Show()
		lm, fm := label.MinSize(), field.MinSize()
		if beside {
			h := fyne.Max(lm.Height, fm.Height)
			label.Move(fyne.NewPos(0, y+(h-lm.Height)/2))
			label.Resize(fyne.NewSize(lw, lm.Height))
			field.Move(fyne.NewPos(lw+gap, y))
			field.Resize(fyne.NewSize(size.Width-lw-gap, h))
			y += h + gap
			continue
		}
		label.Move(fyne.NewPos(0, y))
		label.Resize(fyne.NewSize(size.Width, lm.Height))
		field.Move(fyne.NewPos(0, y+lm.Height))
		field.Resize(fyne.NewSize(size.Width, fm.Height))
		y += lm.Height + fm.Height + gap
	}
}

// LabelledFields is a form of (label, field) pairs, its labels beside
// their fields when they fit in width (what the form's content will have)
// and above them when they do not. Each label is a FormLabel.
func LabelledFields(width func() float32, pairs ...LabelledField) *fyne.Container {
	objs := make([]fyne.CanvasObject, 0, 2*len(pairs))
	for _, p := range pairs {
		field := p.Field
		if sel, ok := field.(*widget.Select); ok {
			// Sized gives a choice list its entry's edge, as on a page:
			// a dialog's fill is a choice list's, which left no edge.
			field = Sized(sel, 0, 0)
		}
		objs = append(objs, FormLabel(p.Label), field)
	}
	return container.New(labelledLayout{width}, objs...)
}

// shown says whether a field of LabelledFields is shown: a choice list
// given its edge (Sized) is shown as the list is.
func shown(o fyne.CanvasObject) bool {
	if c, ok := o.(*fyne.Container); ok && len(c.Objects) > 0 {
		if _, sized := c.Layout.(minLayout); sized {
			if _, sel := c.Objects[0].(*widget.Select); sel {
				return c.Visible() && c.Objects[0].Visible()
			}
		}
	}
	return o.Visible()
}

// LabelledField is one row of LabelledFields.
type LabelledField struct {
	Label string
	Field fyne.CanvasObject
}

// FitRadio lays r out in a row when that fits in width, and one choice
// under another when it does not (large text on a portrait tablet).
func FitRadio(r *widget.RadioGroup, width float32) {
	if !r.Horizontal {
		r.Horizontal = true
		r.Refresh()
	}
	if r.MinSize().Width > width {
		r.Horizontal = false
		r.Refresh()
	}
}
