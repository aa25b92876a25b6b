package domain

import "strings"

// ActivityHeading is how a list of activities heads one: its name and
// where it is, "Garden group · Riverside Hall". An online activity is
// joined from home, so it says "online", not the building that organises
// it, and says it once: "Chair yoga online", not "Chair yoga online ·
// online". venue is the venue's name; a dash stands for none.
func ActivityHeading(a Activity, venue string) string {
	if a.Online {
		if strings.Contains(strings.ToLower(a.Name), "online") {
			return a.Name
		}
		return a.Name + " · online"
	}
	if strings.TrimSpace(venue) == "" {
		venue = "—"
	}
	return a.Name + " · " + venue
}
