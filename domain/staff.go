package domain

// StaffKnownAt reports whether a staff member should be able to unlock a
// device: an organisation device (org) knows everyone; a venue device
// knows staff who work at one of its venues, and staff with no venues
// (who work everywhere). Deleted staff are known nowhere.
func StaffKnownAt(st Staff, org bool, deviceVenues []string) bool {
	if st.Deleted || st.ID == "" {
		return false
	}
	if org || len(st.Venues) == 0 {
		return true
	}
	for _, v := range st.Venues {
		for _, d := range deviceVenues {
			if v == d {
				return true
			}
		}
	}
	return false
}
