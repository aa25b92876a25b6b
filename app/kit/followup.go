package kit

import (
	"fyne.io/fyne/v2/widget"

	"github.com/gather-sp/gather/domain"
)

// FollowUpWhen is the line every screen shows for when a follow-up falls,
// in domain.FollowUpWhen's words, coloured by its state on today: overdue
// in red (DangerImportance), due within domain.FollowUpDueWindowDays in
// amber (WarningImportance), both bold; upcoming and done ones plain. The
// casework home, the case, the follow-up form and the reminders all use it,
// so a follow-up looks the same wherever it is seen.
func FollowUpWhen(f domain.FollowUp, today string) *widget.Label {
	l := Wrapped(domain.FollowUpWhen(f, today))
	switch domain.FollowUpState(f, today) {
	case domain.FollowUpOverdue:
		l.Importance, l.TextStyle.Bold = widget.DangerImportance, true
	case domain.FollowUpDueNow:
		l.Importance, l.TextStyle.Bold = widget.WarningImportance, true
	}
	return l
}
