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

// The two codes staff type are named apart on every screen, dialog and
// message, since both look like K7QM-3XPA-9TRD. (In the code and on the
// wire they keep their names: enrolment code, invite or setup code.)
const (
	// ConnectionCode connects a new device to the organisation's server
	// (an enrolment code): Admin › Devices makes one, the welcome screen
	// and Settings take it.
	ConnectionCode = "connection code"
	// PINSetupCode lets a staff member new to a device choose their PIN
	// there (a setup code): Admin › Staff gives one, the lock takes it.
	PINSetupCode = "PIN setup code"
)

// ConnectButton is the welcome screen's button for connecting a new
// device to the organisation's server; instructions for setting up a
// device name it from here, so they cannot name a button that is not there.
const ConnectButton = "Connect to your organisation"

// Lines puts parts on lines, as many to a line as fit, joined by sep on a
// line: a heading breaks between its phrases, a folder's path after its
// separators, never inside a part where a whole part fits. A part too wide
// for a line alone has a line of its own, for its label to wrap.
func Lines(parts []string, sep string, fits func(string) bool) []string {
	var lines []string
	for _, p := range parts {
		if n := len(lines); n > 0 && fits(lines[n-1]+sep+p) {
			lines[n-1] += sep + p
			continue
		}
		lines = append(lines, p)
	}
	return lines
}
