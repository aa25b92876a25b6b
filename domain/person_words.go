package domain

// The emergency contact as every form, card and import labels it: one
// name in one place, so the walk-in form and "Edit details" cannot drift
// apart (a walk-in form once said "Their phone", read as the walk-in's own).
const (
	LabelEmergencyContact = "Emergency contact"
	LabelEmergencyPhone   = "Emergency contact's phone"
)
