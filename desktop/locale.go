package desktop

import (
	"os"
	"strings"
)

// quietLocale keeps Fyne from logging "Error parsing user locale C" at every
// start on machines whose locale is C.UTF-8 (Debian's default): Fyne reads
// the language from the first of LC_ALL, LC_MESSAGES and LANG, and "C.UTF-8"
// is not a language. Such a machine asked for no language, so Gather speaks
// English, which it does anyway; LANGUAGE, which only names the language of
// messages, says so before Fyne looks.
func quietLocale() {
	if os.Getenv("LANGUAGE") != "" {
		return
	}
	for _, name := range []string{"LC_ALL", "LC_MESSAGES", "LANG"} {
		v := os.Getenv(name)
		if v == "" {
			continue
		}
		if strings.HasPrefix(v, "C.") || strings.HasPrefix(v, "POSIX.") {
			os.Setenv("LANGUAGE", "en")
		}
		return
	}
}
