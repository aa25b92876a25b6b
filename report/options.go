package report

import (
	"errors"
	"fmt"

	"github.com/gather-sp/gather/domain"
)

// Options chooses what a report covers.
type Options struct {
	// From and To are the first and last days of the period, inclusive,
	// as YYYY-MM-DD.
	From, To string

	// At most one filter is usually set; setting several narrows to what
	// matches all of them. Empty means the whole organisation.
	VenueID    string
	ActivityID string
	Practice   string // the GP practice name as recorded on referrals and people

	// Today is the date the report is made (YYYY-MM-DD): follow-ups due
	// before it and not done are overdue. Empty means the day after To, so
	// a report of a past period reads the same whenever it is made.
	Today string
}

// Validate checks the dates and returns errors a person can act on.
func (o Options) Validate() error {
	from, to := parseDay(o.From), parseDay(o.To)
	switch {
	case o.From == "" || o.To == "":
		return errors.New("a report needs a period: give both a from and a to date (YYYY-MM-DD)")
	case from == noDay:
		return fmt.Errorf("from date %q is not a date: write it as YYYY-MM-DD, for example 2026-01-01", o.From)
	case to == noDay:
		return fmt.Errorf("to date %q is not a date: write it as YYYY-MM-DD, for example 2026-03-31", o.To)
	case to < from:
		return fmt.Errorf("the period ends (%s) before it starts (%s)", o.To, o.From)
	case to-from > 3660:
		return fmt.Errorf("the period %s to %s is over ten years; choose a shorter one", o.From, o.To)
	case o.Today != "" && parseDay(o.Today) == noDay:
		return fmt.Errorf("today %q is not a date (YYYY-MM-DD)", o.Today)
	}
	return nil
}

// CheckFilters reports a filter that names nothing in the data set, so a
// mistyped id gives an error rather than an empty report.
func (o Options) CheckFilters(ds *Dataset) error {
	if o.VenueID != "" && !hasID(ds.Venues, o.VenueID, func(v domain.Venue) string { return v.ID }) {
		return fmt.Errorf("there is no venue with id %q", o.VenueID)
	}
	if o.ActivityID != "" && !hasID(ds.Activities, o.ActivityID, func(a domain.Activity) string { return a.ID }) {
		return fmt.Errorf("there is no activity with id %q", o.ActivityID)
	}
	if o.Practice != "" {
		// Typed as another name it goes by, it is the list's practice.
		o.Practice = domain.PracticeName(ds.Practices, o.Practice)
		for _, p := range ds.People {
			if p.Practice == o.Practice {
				return nil
			}
		}
		for _, r := range ds.Referrals {
			if r.Practice == o.Practice {
				return nil
			}
		}
		return fmt.Errorf("no person or referral is recorded with the practice %q (the name must match exactly)", o.Practice)
	}
	return nil
}

func hasID[T any](xs []T, id string, idOf func(T) string) bool {
	for _, x := range xs {
		if idOf(x) == id {
			return true
		}
	}
	return false
}
