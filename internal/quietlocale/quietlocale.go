// Package quietlocale keeps Fyne from logging "Error parsing user locale C"
// at every start on machines whose locale is C.UTF-8 (Debian's default).
//
// Fyne reads the language from the first of LC_ALL, LC_MESSAGES and LANG,
// and "C.UTF-8" is not a language. Such a machine asked for no language,
// so Gather speaks English, which it does anyway; LANGUAGE, which only
// names the language of messages, says so before Fyne looks.
//
// Fyne looks while its packages are initialised, before main runs, so this
// is done in this package's init. Go initialises packages in order of
// import path, each once all it imports are: this one imports only the
// standard library, and every Fyne package that looks imports packages
// under github.com/ whose paths sort after github.com/gather-sp, so this
// one runs first. A blank import of it is enough; cmd/gather's
// TestNoLocaleErrorAtStart checks it from outside.
package quietlocale

import (
	"os"
	"strings"
)

func init() { Apply() }

// Apply sets LANGUAGE to English when the locale names no language (C or
// POSIX with an encoding) and LANGUAGE is not set; a real language, or a
// LANGUAGE of the user's own, is left alone.
func Apply() {
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
