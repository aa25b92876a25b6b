package domain

import (
	"slices"
	"strings"
	"testing"
)

func TestPracticeName(t *testing.T) {
	list := []Practice{
		{ID: "p1", Name: "Riverside Surgery", OtherNames: []string{"Riverside Medical Centre", "Riverside MC"}},
		{ID: "p2", Name: "St Anne’s Health Centre"},
		{ID: "p3", Name: "Old Mill Practice", Deleted: true},
	}
	for _, tc := range []struct{ typed, want string }{
		{"Riverside Surgery", "Riverside Surgery"},
		{"riverside surgery ", "Riverside Surgery"},
		{"Riverside Medical Centre", "Riverside Surgery"},
		{"riverside mc", "Riverside Surgery"},
		{"St Anne's Health Centre", "St Anne’s Health Centre"}, // straight or curly apostrophe
		{"st annes health centre", "St Anne’s Health Centre"},
		{"Old Mill Practice", "Old Mill Practice"}, // archived, still its name
		{"  Hilltop Surgery ", "Hilltop Surgery"},  // not on the list: as typed
		{"", ""},
	} {
		t.Run(tc.typed, func(t *testing.T) {
			if got := PracticeName(list, tc.typed); got != tc.want {
				t.Errorf("PracticeName(%q) = %q, want %q", tc.typed, got, tc.want)
			}
		})
	}
	if got := PracticeChoices(list); !slices.Equal(got, []string{"Riverside Surgery", "St Anne’s Health Centre"}) {
		t.Errorf("choices %v: archived practices must not be offered", got)
	}
}

func TestCheckPractice(t *testing.T) {
	list := []Practice{{ID: "p1", Name: "Riverside Surgery", OtherNames: []string{"Riverside Medical Centre"}}}
	for _, tc := range []struct {
		name string
		p    Practice
		want string // a problem containing this, or "" for none
	}{
		{"new and different", Practice{ID: "p2", Name: "Hilltop Surgery"}, ""},
		{"no name", Practice{ID: "p2", Name: "  "}, "Type the practice's name"},
		{"a name taken", Practice{ID: "p2", Name: "riverside surgery"}, "already Riverside Surgery"},
		{"an other name taken", Practice{ID: "p2", Name: "Hilltop", OtherNames: []string{"Riverside Medical Centre"}}, "already Riverside Surgery"},
		{"editing itself", Practice{ID: "p1", Name: "Riverside Surgery", OtherNames: []string{"Riverside MC"}}, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := CheckPractice(list, tc.p)
			if tc.want == "" && len(got) > 0 || tc.want != "" && (len(got) == 0 || !strings.Contains(strings.Join(got, " "), tc.want)) {
				t.Errorf("CheckPractice = %q, want a problem with %q", got, tc.want)
			}
		})
	}
	if got := SplitNames("Riverside MC, riverside mc; \n Riverside Medical Centre ,,"); !slices.Equal(got, []string{"Riverside MC", "Riverside Medical Centre"}) {
		t.Errorf("SplitNames = %q", got)
	}
}
