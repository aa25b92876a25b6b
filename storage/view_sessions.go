package storage

import (
	"slices"
	"sort"

	"github.com/gather-sp/gather/domain"
)

// SessionInfo is one session as the screens show it: the session, its
// activity and venue, who is expected and the counts so far.
type SessionInfo struct {
	Session  domain.Session // ID always set; fields from the record when there is one
	Activity domain.Activity
	Venue    domain.Venue
	Expected []string // person ids enrolled on the date
	Summary  domain.Summary
}

// SessionsOfDay returns the sessions on a date at the given venues (all when
// none): those the activities' schedules say, plus any recorded ones
// (opened on another device, or a one-off change of day).
func (v *View) SessionsOfDay(date string, venues []string) []SessionInfo {
	venueOK := func(id string) bool { return len(venues) == 0 || slices.Contains(venues, id) }
	acts := v.Activities()
	byID := map[string]domain.Activity{}
	for _, a := range acts {
		byID[a.ID] = a
	}
	seen := map[string]bool{}
	var out []SessionInfo
	for _, a := range domain.ActivitiesOn(acts, date) {
		if !venueOK(a.VenueID) {
			continue
		}
		sid := domain.SessionID(a.ID, date)
		seen[sid] = true
		out = append(out, v.SessionInfo(sid, a))
	}
	for _, s := range v.SessionsOn(date, venues...) {
		if seen[s.ID] {
			continue
		}
		a, ok := byID[s.ActivityID]
		if !ok {
			continue
		}
		out = append(out, v.SessionInfo(s.ID, a))
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].Activity.StartTime != out[j].Activity.StartTime {
			return out[i].Activity.StartTime < out[j].Activity.StartTime
		}
		return out[i].Activity.Name < out[j].Activity.Name
	})
	return out
}

// SessionInfo reads session sid of activity a (scheduled or recorded).
func (v *View) SessionInfo(sid string, a domain.Activity) SessionInfo {
	_, date, _ := domain.ParseSessionID(sid)
	si := SessionInfo{Activity: a, Session: domain.Session{ID: sid, ActivityID: a.ID, VenueID: a.VenueID, Date: date}}
	if r, ok := v.Get(domain.KindSession, sid); ok {
		r.Decode(&si.Session)
		if si.Session.VenueID == "" {
			si.Session.VenueID = a.VenueID
		}
	}
	if r, ok := v.Get(domain.KindVenue, si.Session.VenueID); ok {
		r.Decode(&si.Venue)
	}
	marks := v.Attendance(sid)
	si.Expected = v.ResolvedPeople(domain.ExpectedAt(si.Session, v.Enrolments(a.ID), marks))
	si.Summary = domain.Summarise(si.Expected, marks)
	return si
}

// Activities are the activities not archived.
func (v *View) Activities() []domain.Activity {
	var out []domain.Activity
	for _, r := range v.All(domain.KindActivity) {
		var a domain.Activity
		r.Decode(&a)
		if !a.Deleted {
			out = append(out, a)
		}
	}
	return out
}

// Venues are the venues not archived, by name.
func (v *View) Venues() []domain.Venue {
	var out []domain.Venue
	for _, r := range v.All(domain.KindVenue) {
		var x domain.Venue
		r.Decode(&x)
		if !x.Deleted {
			out = append(out, x)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}

// VenueName is a venue's name, "" when there is none.
func (v *View) VenueName(id string) string {
	if r, ok := v.Get(domain.KindVenue, id); ok {
		return r.Get("name")
	}
	return ""
}

// ResolvedPeople are person ids as the records that survived merges, each
// once (a register closed before a merge may list both records).
func (v *View) ResolvedPeople(ids []string) []string {
	seen := make(map[string]bool, len(ids))
	out := ids[:0:0]
	for _, id := range ids {
		id = v.ResolvePerson(id)
		if !seen[id] {
			seen[id] = true
			out = append(out, id)
		}
	}
	if ids != nil && out == nil {
		out = []string{}
	}
	return out
}
