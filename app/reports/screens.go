package reports

import "fyne.io/fyne/v2"

// Screen is a named screen, for the screenshot tool.
type Screen struct {
	Name    string
	Content fyne.CanvasObject
}

// Screens builds the Reports screen once per section, with the figures
// worked out at once (on the calling goroutine), for `make screenshots`.
// ctx.Period chooses the period ("" is last month).
func Screens(store Store, ctx Context) []Screen {
	ctx.NoLiveRefresh = true
	var out []Screen
	for _, sec := range Sections {
		s := newSync(store, ctx)
		s.Refresh()
		s.onSection(sec)
		out = append(out, Screen{Name: "reports-" + sectionID(sec), Content: s.Content()})
	}
	return out
}

// newSync is a screen that works out its figures on the calling goroutine.
func newSync(store Store, ctx Context) *Reports {
	s := New(store, ctx)
	s.run = func(work, done func()) { work(); done() }
	return s
}

func sectionID(name string) string {
	switch name {
	case SectionFollowUps:
		return "follow-ups"
	}
	b := []byte(name)
	for i, c := range b {
		if c >= 'A' && c <= 'Z' {
			b[i] = c + 'a' - 'A'
		}
	}
	return string(b)
}
