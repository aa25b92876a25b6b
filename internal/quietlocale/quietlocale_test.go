package quietlocale

import (
	"bytes"
	"log"
	"os"
	"testing"

	"fyne.io/fyne/v2/lang"
)

// TestApply: with the locales Debian and containers set, Fyne finds
// English and logs nothing; a real language is left alone.
func TestApply(t *testing.T) {
	for _, c := range []struct {
		name, lcAll, lang, want string
	}{
		{"C.UTF-8", "", "C.UTF-8", "en"},
		{"POSIX.UTF-8 in LC_ALL", "POSIX.UTF-8", "en_GB.UTF-8", "en"},
		{"a real language", "", "cy_GB.UTF-8", "cy-GB"},
	} {
		t.Run(c.name, func(t *testing.T) {
			t.Setenv("LANGUAGE", "")
			t.Setenv("LC_ALL", c.lcAll)
			t.Setenv("LC_MESSAGES", "")
			t.Setenv("LANG", c.lang)
			var logs bytes.Buffer
			log.SetOutput(&logs)
			defer log.SetOutput(os.Stderr)
			Apply()
			if got := lang.SystemLocale().String(); got != c.want {
				t.Errorf("Fyne's locale %q, want %q", got, c.want)
			}
			if logs.Len() > 0 {
				t.Errorf("Fyne logged: %s", logs.String())
			}
		})
	}
}
