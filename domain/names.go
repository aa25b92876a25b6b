package domain

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Name folding: the one way Gather compares names, wherever a person is
// looked for (Find a person, the register's own list, the duplicate check
// when someone is added). Folding lower-cases and strips accents, so "Zoë"
// is "zoe"; a name's words are its runs of letters and digits, so
// apostrophes (straight or curly), hyphens, spaces and full stops only
// separate words; and a name whole is its words run together, so
// "O’Brien", "O'Brien", "O Brien" and "OBrien" are all "obrien".

// Fold lower-cases s, strips its accents and trims the spaces around it:
// "  Zoë Ní Bhriain" is "zoe ni bhriain". Everything else is kept. It is
// for ordering and comparing typed text; names are matched with NameKeys
// and QueryWords.
func Fold(s string) string {
	s = strings.TrimSpace(s)
	if isASCII(s) {
		return strings.ToLower(s)
	}
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range norm.NFD.String(s) {
		if !unicode.Is(unicode.Mn, r) {
			b.WriteRune(unicode.ToLower(r))
		}
	}
	return norm.NFC.String(b.String())
}

// FoldName is a name as one folded word: its words (see NameWords) run
// together, so "O’Brien" and "o brien" are both "obrien".
func FoldName(s string) string {
	return strings.Join(NameWords(s), "")
}

// NameWords are the folded words of a name or of typed text: its runs of
// letters, digits and the marks that belong to them (spacing vowel signs),
// so "Mary-Jane O'Brien" is "mary", "jane", "o", "brien".
func NameWords(s string) []string {
	return strings.FieldsFunc(Fold(s), isNameSeparator)
}

// NameKeys are the search keys of a person: for each of their names, the
// name whole (FoldName) and each of its words, without repeats. "Siobhán
// O'Brien" has "siobhan", "obrien", "o" and "brien", so "obrien", "o'b",
// "o brien" and "brien" all find her.
func NameKeys(given, family, preferred string) []string {
	keys := make([]string, 0, 4)
	add := func(k string) {
		if k == "" {
			return
		}
		for _, have := range keys {
			if have == k {
				return
			}
		}
		keys = append(keys, k)
	}
	for _, n := range [...]string{given, family, preferred} {
		words := NameWords(n)
		if len(words) == 0 {
			continue
		}
		add(strings.Join(words, ""))
		if len(words) > 1 {
			for _, w := range words {
				add(w)
			}
		}
	}
	return keys
}

// QueryWords are the folded words of what someone typed to find a person.
// An apostrophe joins rather than separates, so "o'b" and "O’Brien" are one
// word ("ob", "obrien"), which a name whole starts with; other separators
// split, so "o brien" is two words, each starting a word of the name.
func QueryWords(q string) []string {
	return strings.FieldsFunc(dropApostrophes(Fold(q)), isNameSeparator)
}

// NameMatches reports whether a query's words (QueryWords) find a person
// with these keys (NameKeys): every word starts one of the keys, or the
// words run together start one ("o brien" finds "OBrien"). No words match
// nobody.
func NameMatches(words, keys []string) bool {
	if len(words) == 0 {
		return false
	}
	if len(words) > 1 && anyKeyHasPrefix(keys, strings.Join(words, "")) {
		return true
	}
	for _, w := range words {
		if !anyKeyHasPrefix(keys, w) {
			return false
		}
	}
	return true
}

func anyKeyHasPrefix(keys []string, prefix string) bool {
	for _, k := range keys {
		if strings.HasPrefix(k, prefix) {
			return true
		}
	}
	return false
}

// isNameSeparator: anything but a letter, a digit or a mark separates the
// words of a name.
func isNameSeparator(r rune) bool {
	if r < utf8.RuneSelf {
		return !('a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9')
	}
	return !unicode.IsLetter(r) && !unicode.IsDigit(r) && !unicode.IsMark(r)
}

// apostrophes are the characters people type, or keyboards put, in
// "O'Brien".
var apostrophes = strings.NewReplacer("'", "", "’", "", "‘", "", "ʼ", "", "`", "", "´", "")

func dropApostrophes(s string) string {
	if !strings.ContainsAny(s, "'’‘ʼ`´") {
		return s
	}
	return apostrophes.Replace(s)
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}
