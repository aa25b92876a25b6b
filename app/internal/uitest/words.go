package uitest

import (
	"regexp"
	"strings"
)

var (
	wordRE       = regexp.MustCompile(`[A-Za-z']+`)
	vowelSounds  = "aeiou"
	anExceptions = map[string]bool{"one": true, "user": true, "use": true} // "a one-time code"
)

// Misworded lists what reads wrong in s, a sentence built from parts: a
// word doubled ("the the"), "a" before a vowel or "an" before a consonant
// ("a administrator"), a possessive left dangling before a verb ("a
// person's is"), a role without its person ("a reception"), a gap or a
// missing full stop. Empty when none.
func Misworded(s string) []string {
	var out []string
	words := wordRE.FindAllString(s, -1)
	for i := 1; i < len(words); i++ {
		prev, w := strings.ToLower(words[i-1]), strings.ToLower(words[i])
		if prev == w {
			out = append(out, "doubled: "+prev+" "+w)
		}
		vowel := strings.ContainsRune(vowelSounds, rune(w[0])) && !anExceptions[w]
		if prev == "a" && vowel {
			out = append(out, "a before a vowel: a "+w)
		}
		if prev == "an" && !vowel {
			out = append(out, "an before a consonant: an "+w)
		}
		if strings.HasSuffix(prev, "'s") && (w == "is" || w == "are" || w == "was") {
			out = append(out, "dangling possessive: "+prev+" "+w)
		}
		if (prev == "a" || prev == "an") && w == "reception" {
			out = append(out, "a role without its person: "+prev+" "+w)
		}
	}
	if strings.Contains(s, "  ") || strings.Contains(s, " .") || strings.Contains(s, " ,") {
		out = append(out, "a gap: "+s)
	}
	if t := strings.TrimSpace(s); t != "" && !strings.HasSuffix(t, ".") {
		out = append(out, "no full stop at the end")
	}
	return out
}
