package main

import (
	"os"
	"slices"
	"testing"

	"github.com/gather-sp/gather/app"
)

// TestTextOption: -text draws a scene at the text sizes asked for, in the
// appearances and window size asked for, each picture named for its size;
// without it the names are as they always were (normal text plain, the
// register's footer shots at large and largest).
func TestTextOption(t *testing.T) {
	for _, tc := range []struct {
		name                    string
		scene, text, look, size string
		want                    []string
	}{
		{"largest dark", "walk-in", "largest", "dark", "1280x800",
			[]string{"walk-in-1280x800-dark-text-largest.png"}},
		{"all sizes", "person-reception", "all", "light", "800x1280",
			[]string{"person-reception-800x1280-light-text-large.png", "person-reception-800x1280-light-text-largest.png", "person-reception-800x1280-light.png"}},
		{"default names", "register", app.TextNormal, "light", "1280x800",
			[]string{"register-1280x800-light-text-large.png", "register-1280x800-light-text-largest.png", "register-1280x800-light.png"}},
		{"small tablet when asked", "today", "largest", "dark", "600x960",
			[]string{"today-600x960-dark-text-largest.png"}},
		{"register asked at large", "register", "large", "light,dark", "1280x800",
			[]string{"register-1280x800-dark-text-large.png", "register-1280x800-light-text-large.png", "register-1280x800-light-text-largest.png"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			opts, err := parseOptions(tc.scene, tc.text, tc.look, tc.size)
			if err != nil {
				t.Fatal(err)
			}
			out := t.TempDir()
			if err := run(out, opts); err != nil {
				t.Fatal(err)
			}
			entries, err := os.ReadDir(out)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, e := range entries {
				got = append(got, e.Name())
			}
			slices.Sort(got)
			if !slices.Equal(got, tc.want) {
				t.Errorf("wrote %q, want %q", got, tc.want)
			}
		})
	}
}

// TestParseOptionsRefusesUnknown: a misspelt text size, appearance or
// window size is an error, not a run that draws nothing.
func TestParseOptionsRefusesUnknown(t *testing.T) {
	for _, tc := range []struct{ text, look, size string }{
		{"huge", "light", ""},
		{"large", "sepia", ""},
		{"large", "light", "640x480"},
	} {
		if _, err := parseOptions("", tc.text, tc.look, tc.size); err == nil {
			t.Errorf("parseOptions(%q, %q, %q) took it", tc.text, tc.look, tc.size)
		}
	}
}
