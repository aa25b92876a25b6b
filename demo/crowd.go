package demo

import (
	"time"

	"github.com/gather-sp/gather/domain"
	"github.com/gather-sp/gather/record"
)

// Crowd is a big group for benchmarks: a facilitator, a hall, an activity
// meeting weekly on today's weekday, and people made-up people of whom the
// first enrolled are enrolled on it, saved in batches of 1,000.
type Crowd struct {
	Staff    domain.Staff
	Activity domain.Activity
}

// SaveCrowd writes a Crowd into st.
func SaveCrowd(st interface {
	Save(staff string, changes ...record.Change) error
}, today time.Time, people, enrolled int) (Crowd, error) {
	staff := domain.Staff{ID: "s1", Name: "Bev", Role: domain.RoleFacilitator}
	venue := domain.Venue{ID: "v1", Name: "Hall"}
	act := domain.Activity{ID: "a1", Name: "Big group", VenueID: "v1", Schedule: domain.ScheduleWeekly,
		Weekday: today.Weekday(), StartTime: "10:00", EndTime: "12:00"}
	if err := st.Save(staff.ID,
		record.Change{Kind: domain.KindStaff, ID: staff.ID, Fields: domain.Encode(staff)},
		record.Change{Kind: domain.KindVenue, ID: venue.ID, Fields: domain.Encode(venue)},
		record.Change{Kind: domain.KindActivity, ID: act.ID, Fields: domain.Encode(act)}); err != nil {
		return Crowd{}, err
	}
	ps := People(3, people)
	var batch []record.Change
	for i, p := range ps {
		batch = append(batch, record.Change{Kind: domain.KindPerson, ID: p.ID, Fields: domain.Encode(p)})
		if i < enrolled {
			e := domain.Enrolment{ID: domain.EnrolmentID(act.ID, p.ID), ActivityID: act.ID, PersonID: p.ID, VenueID: "v1", Started: "2026-01-01"}
			batch = append(batch, record.Change{Kind: domain.KindEnrolment, ID: e.ID, Fields: domain.Encode(e)})
		}
		if len(batch) >= 1000 || i == len(ps)-1 {
			if err := st.Save(staff.ID, batch...); err != nil {
				return Crowd{}, err
			}
			batch = batch[:0]
		}
	}
	return Crowd{Staff: staff, Activity: act}, nil
}
