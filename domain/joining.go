package domain

import (
	"fmt"
	"net/url"
	"strings"
	"unicode/utf8"
)

// MaxJoinLinkChars is the most an online activity's way to join
// (Activity.JoinLink) may hold: room for a long meeting link and a dial-in
// number with its code, short enough to copy from a printed sheet.
const MaxJoinLinkChars = 300

// minDialInDigits is how many digits a way to join without a link needs
// to be a number someone can dial.
const minDialInDigits = 6

// CheckJoinLink says, in words the activity form shows, what is wrong
// with how to join an online activity, or "" when nothing is. Empty is
// fine (not known yet: the sheet then says to call for the link).
// Otherwise it must hold a link someone can open (https:// or http://
// and a site's name, or www. and one) or a number to dial in (at least
// six digits), or both, with any words around them ("Dial 0330 088 5830,
// then code 123 456"); a link that starts with anything but http(s)://,
// or is missing its "://", or names no site, is refused.
func CheckJoinLink(s string) string {
	s = strings.TrimSpace(s)
	if s == "" {
		return ""
	}
	if n := utf8.RuneCountInString(s); n > MaxJoinLinkChars {
		return fmt.Sprintf("How to join is %d characters long: keep it to %d, the link and a number to dial in.", n, MaxJoinLinkChars)
	}
	link, digits := false, 0
	for _, w := range strings.Fields(s) {
		w = strings.TrimRight(strings.TrimLeft(w, "(<\"'"), ".,;:)>\"'")
		lw := strings.ToLower(w)
		switch {
		case strings.Contains(w, "://"):
			u, err := url.Parse(w)
			if err != nil || u.Scheme != "https" && u.Scheme != "http" { // Parse lowers the scheme
				return fmt.Sprintf("The joining link %q must start with https:// (or http://), like https://meet.example.org/garden.", w)
			}
			if h := u.Hostname(); !strings.Contains(strings.Trim(h, "."), ".") {
				return fmt.Sprintf("The joining link %q names no website: after https:// comes the site's name, like https://meet.example.org/garden.", w)
			}
			link = true
		case strings.HasPrefix(lw, "http:") || strings.HasPrefix(lw, "https:") || strings.HasPrefix(lw, "http/") || strings.HasPrefix(lw, "https/"):
			return fmt.Sprintf("The joining link %q is not written in full: it should start https://, like https://meet.example.org/garden.", w)
		case strings.HasPrefix(lw, "www.") && strings.Contains(strings.Trim(lw[4:], "."), "."):
			link = true
		default:
			for _, r := range w {
				if r >= '0' && r <= '9' {
					digits++
				}
			}
		}
	}
	if !link && digits < minDialInDigits {
		return fmt.Sprintf("How to join should be a link people open, like https://meet.example.org/garden, or a number they dial, like 0330 088 5830; %q is neither.", s)
	}
	return ""
}

// NeedsRoute says whether someone matched to an activity needs a way there
// written for them: not for an online one, which is joined from home (its
// info sheet prints no route), only for one held in a building.
func NeedsRoute(a Activity) bool { return !a.Online }
