package domain

// Gender and ethnic group are recorded as a person describes themselves,
// only ever to be counted in the equity report. Leaving them unrecorded
// stores nothing ("Not recorded" in forms and reports), so the report
// counts those never asked apart from those who were asked and chose
// PreferNotToSay, which is stored.
const (
	NotRecorded    = "Not recorded"
	PreferNotToSay = "Prefer not to say"
)

// Genders are the genders forms offer, after NotRecorded.
var Genders = []string{"Female", "Male", "Non-binary", "Another gender", PreferNotToSay}

// EthnicGroups are the ONS 2021 census ethnic groups (the top level of the
// NHS ethnic category), short enough to choose from on a tablet and
// grouping sensibly in the equity report, after NotRecorded.
var EthnicGroups = []string{
	"Asian or Asian British",
	"Black, Black British, Caribbean or African",
	"Mixed or multiple ethnic groups",
	"White",
	"Other ethnic group",
	PreferNotToSay,
}
