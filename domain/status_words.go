package domain

// StatusLabel is an attendance status as the register's button reads it
// ("Here", "Late", "Left early", "Apologies", "Absent"), and "Mark here"
// for no status or one this version does not know.
func StatusLabel(status string) string {
	switch status {
	case StatusPresent:
		return "Here"
	case StatusLate:
		return "Late"
	case StatusLeftEarly:
		return "Left early"
	case StatusApologies:
		return "Apologies"
	case StatusAbsent:
		return "Absent"
	}
	return "Mark here"
}
