package kit

import (
	"fmt"
	"strings"

	"fyne.io/fyne/v2/widget"
)

// Count is "1 person" or "3 people".
func Count(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}

// NonEmpty are the strings with something in them.
func NonEmpty(ss ...string) []string {
	var out []string
	for _, s := range ss {
		if strings.TrimSpace(s) != "" {
			out = append(out, s)
		}
	}
	return out
}

// OrNothing is s, or instead when s is blank.
func OrNothing(s, instead string) string {
	if strings.TrimSpace(s) == "" {
		return instead
	}
	return s
}

// EntriesChanged reports whether any entry's text differs from what the
// form showed when it opened.
func EntriesChanged(orig map[*widget.Entry]string) bool {
	for e, was := range orig {
		if strings.TrimSpace(e.Text) != strings.TrimSpace(was) {
			return true
		}
	}
	return false
}

// OnTheOfficeComputer says where the work a venue tablet may not do is done,
// in words its users know: an organisation device, which syncs for the whole
// organisation, is the office computer to them.
const OnTheOfficeComputer = "on the office computer (a device that syncs for the whole organisation)"
