package report

import (
	"github.com/gather-sp/gather/domain"
	"github.com/gather-sp/gather/record"
	"github.com/gather-sp/gather/storage"
)

// Dataset is every record a report reads, as plain domain values. Build
// takes one, so tests and benchmarks can make them directly, and a screen
// can Load once and Build for several periods or filters.
type Dataset struct {
	Venues     []domain.Venue
	Activities []domain.Activity
	Sessions   []domain.Session
	People     []domain.Person
	Enrolments []domain.Enrolment
	Attendance []domain.Attendance
	Referrals  []domain.Referral
	Matches    []domain.Match
	FollowUps  []domain.FollowUp
	Measures   []domain.Measure
}

// Load reads a Dataset from a storage View. The view is a consistent
// snapshot, so the report describes one moment even while registers are
// being taken elsewhere.
func Load(v *storage.View) *Dataset {
	return &Dataset{
		Venues:     loadKind[domain.Venue](v, domain.KindVenue),
		Activities: loadKind[domain.Activity](v, domain.KindActivity),
		Sessions:   loadKind[domain.Session](v, domain.KindSession),
		People:     loadKind[domain.Person](v, domain.KindPerson),
		Enrolments: loadKind[domain.Enrolment](v, domain.KindEnrolment),
		Attendance: loadAttendance(v),
		Referrals:  loadKind[domain.Referral](v, domain.KindReferral),
		Matches:    loadKind[domain.Match](v, domain.KindMatch),
		FollowUps:  loadKind[domain.FollowUp](v, domain.KindFollowUp),
		Measures:   loadKind[domain.Measure](v, domain.KindMeasure),
	}
}

func loadKind[T any](v *storage.View, kind record.Kind) []T {
	rows := v.All(kind)
	out := make([]T, len(rows))
	for i, r := range rows {
		r.Decode(&out[i])
	}
	return out
}

// loadAttendance decodes marks by hand, reading only the fields a report
// uses: there can be millions of them, and the general reflective decoder
// costs several times as much per row.
func loadAttendance(v *storage.View) []domain.Attendance {
	rows := v.All(domain.KindAttendance)
	out := make([]domain.Attendance, len(rows))
	for i, r := range rows {
		out[i] = domain.Attendance{
			ID:         r.ID,
			SessionID:  r.Get("session_id"),
			PersonID:   r.Get("person_id"),
			ActivityID: r.Get("activity_id"),
			VenueID:    r.Get("venue_id"),
			Date:       r.Get("date"),
			Status:     r.Get("status"),
		}
	}
	return out
}
