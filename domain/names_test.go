package domain

import (
	"slices"
	"strings"
	"testing"
)

// nameQueries are the ways people type the names that folding must find
// (issue 12): each query finds the person named, and each miss finds
// nobody. Find a person (storage), the register (app) and the duplicate
// check (FindDuplicates) each run them through their own path.
var nameQueries = []struct {
	Given, Family string
	Query         string
	Found         bool
}{
	{"Siobhán", "O'Brien", "obrien", true},
	{"Siobhán", "O'Brien", "O’Brien", true}, // curly apostrophe
	{"Siobhán", "O'Brien", "o brien", true},
	{"Siobhán", "O'Brien", "O'Brien", true},
	{"Siobhán", "O'Brien", "o'b", true},
	{"Siobhán", "O'Brien", "brien", true},
	{"Siobhán", "O'Brien", "siobhan obrien", true},
	{"Siobhán", "O’Brien", "o'brien", true}, // registered with the curly one
	{"Siobhán", "OBrien", "o brien", true},
	{"Siobhán", "O'Brien", "obrian", false},
	{"Zoë", "Quartermaine", "zoe", true},
	{"Zoë", "Quartermaine", "Zoë", true},
	{"Zoë", "Quartermaine", "ZOE QUART", true},
	{"Zoë", "Quartermaine", "zoa", false},
}

func TestNameMatches(t *testing.T) {
	for _, tc := range nameQueries {
		t.Run(tc.Given+" "+tc.Family+"/"+tc.Query, func(t *testing.T) {
			keys := NameKeys(tc.Given, tc.Family, "")
			if got := NameMatches(QueryWords(tc.Query), keys); got != tc.Found {
				t.Fatalf("%q finds %s %s (keys %q): %v, want %v", tc.Query, tc.Given, tc.Family, keys, got, tc.Found)
			}
		})
	}
}

func TestNameFolding(t *testing.T) {
	for _, tc := range []struct{ in, fold, name, keys, words string }{
		{"  Zoë ", "zoe", "zoe", "zoe", "zoe"},
		{"O’Brien", "o’brien", "obrien", "obrien,o,brien", "obrien"},
		{"o brien", "o brien", "obrien", "obrien,o,brien", "o,brien"},
		{"Mary-Jane", "mary-jane", "maryjane", "maryjane,mary,jane", "mary,jane"},
		{"Ní Bhriain", "ni bhriain", "nibhriain", "nibhriain,ni,bhriain", "ni,bhriain"},
		{"ÉAMON", "eamon", "eamon", "eamon", "eamon"},
		{"'", "'", "", "", ""},
	} {
		t.Run(tc.in, func(t *testing.T) {
			if got := Fold(tc.in); got != tc.fold {
				t.Errorf("Fold = %q, want %q", got, tc.fold)
			}
			if got := FoldName(tc.in); got != tc.name {
				t.Errorf("FoldName = %q, want %q", got, tc.name)
			}
			if got := strings.Join(NameKeys("", tc.in, ""), ","); got != tc.keys {
				t.Errorf("NameKeys = %q, want %q", got, tc.keys)
			}
			if got := strings.Join(QueryWords(tc.in), ","); got != tc.words {
				t.Errorf("QueryWords = %q, want %q", got, tc.words)
			}
		})
	}
	if got := strings.Join(NameKeys("Ann", "Ann", "ann"), ","); got != "ann" {
		t.Errorf("repeated names give keys %q, want one", got)
	}
	if NameMatches(nil, []string{"ann"}) {
		t.Error("an empty query matches")
	}
}

// The duplicate check finds the person already registered whatever way the
// new name is written: the same name, folded.
func TestFindDuplicatesFoldsNames(t *testing.T) {
	obrien := Person{ID: "known", GivenName: "Siobhán", FamilyName: "O'Brien"}
	zoe := Person{ID: "known", GivenName: "Zoë", FamilyName: "Quartermaine"}
	for _, tc := range []struct {
		existing      Person
		given, family string
		found         bool
	}{
		{obrien, "Siobhan", "obrien", true},
		{obrien, "Siobhan", "O’Brien", true},
		{obrien, "siobhan", "o brien", true},
		{obrien, "SIOBHÁN", "O'BRIEN", true},
		{Person{ID: "known", GivenName: "Siobhan", FamilyName: "O Brien"}, "Siobhan", "O’Brien", true},
		{obrien, "Siobhan", "O'Brian", false}, // similar only, with nothing else the same
		{zoe, "zoe", "Quartermaine", true},
		{zoe, "ZOË", "quartermaine", true},
		{zoe, "Zoa", "Quartermaine", false},
	} {
		t.Run(tc.given+" "+tc.family, func(t *testing.T) {
			got := FindDuplicates(Person{GivenName: tc.given, FamilyName: tc.family}, []Person{tc.existing})
			found := len(got) == 1 && got[0].Person.ID == "known" && got[0].Reasons[0] == "same name"
			if found != tc.found {
				t.Fatalf("adding %s %s beside %s: %+v, want found %v", tc.given, tc.family, tc.existing.FullName(), got, tc.found)
			}
		})
	}
}

// TestDisplayNameIsOneRule: the one way a person is named on every screen
// and print: the full name, with the name they go by in brackets.
func TestDisplayNameIsOneRule(t *testing.T) {
	for _, tc := range []struct {
		name string
		p    Person
		want string
	}{
		{"preferred differs", Person{GivenName: "Margaret", FamilyName: "Hughes", PreferredName: "Peggy"}, "Margaret (Peggy) Hughes"},
		{"preferred is the given name", Person{GivenName: "Ann", FamilyName: "Lee", PreferredName: "Ann"}, "Ann Lee"},
		{"no preferred name", Person{GivenName: "Bob", FamilyName: "Hart"}, "Bob Hart"},
		{"no family name", Person{GivenName: "Margaret", PreferredName: "Peggy"}, "Margaret (Peggy)"},
		{"only a preferred name", Person{FamilyName: "Hughes", PreferredName: "Peggy"}, "(Peggy) Hughes"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := tc.p.DisplayName(); got != tc.want {
				t.Errorf("DisplayName() = %q, want %q", got, tc.want)
			}
		})
	}
}

// TestDuplicateReasonsSayWhetherTheNameIsTheSame: a likely match (same date
// of birth or phone) says "same name" when the names are identical and
// "similar name" only when they differ, as the import and walk-in screens
// show these reasons word for word.
func TestDuplicateReasonsSayWhetherTheNameIsTheSame(t *testing.T) {
	known := Person{ID: "known", GivenName: "Peter", FamilyName: "Thomas", DateOfBirth: "1981-02-24", Phone: "07700 900123"}
	for _, tc := range []struct {
		name      string
		candidate Person
		want      []string
	}{
		{"identical name, same date of birth", Person{GivenName: "Peter", FamilyName: "Thomas", DateOfBirth: "1981-02-24"}, []string{"same name", "same date of birth"}},
		{"identical name, same phone", Person{GivenName: "peter", FamilyName: "THOMAS", Phone: "+44 7700 900123"}, []string{"same name", "same phone"}},
		{"a typo, same date of birth", Person{GivenName: "Petr", FamilyName: "Thomas", DateOfBirth: "1981-02-24"}, []string{"similar name", "same date of birth"}},
		{"identical name only", Person{GivenName: "Peter", FamilyName: "Thomas"}, []string{"same name"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := FindDuplicates(tc.candidate, []Person{known})
			if len(got) != 1 || !slices.Equal(got[0].Reasons, tc.want) {
				t.Fatalf("got %+v, want reasons %q", got, tc.want)
			}
		})
	}
}
