package app

import (
	"sort"

	"github.com/gather-sp/gather/domain"
	"github.com/gather-sp/gather/storage"
)

// sessionInfo is one session as the screens show it.
type sessionInfo struct {
	Session  domain.Session // ID always set; fields from the record when there is one
	Activity domain.Activity
	Venue    domain.Venue
	Expected []string // person ids enrolled on the date
	Summary  domain.Summary
}

// sessionsOn returns the sessions on a date at the given venues (all when
// none): those the activities' schedules say, plus any recorded ones
// (opened on another device, or a one-off change of day).
func sessionsOn(v *storage.View, date string, venues []string) []sessionInfo {
	venueOK := func(id string) bool { return len(venues) == 0 || contains(venues, id) }
	acts := activities(v)
	byID := map[string]domain.Activity{}
	for _, a := range acts {
		byID[a.ID] = a
	}
	seen := map[string]bool{}
	var out []sessionInfo
	for _, a := range domain.ActivitiesOn(acts, date) {
		if !venueOK(a.VenueID) {
			continue
		}
		sid := domain.SessionID(a.ID, date)
		seen[sid] = true
		out = append(out, loadSession(v, sid, a))
	}
	for _, s := range v.SessionsOn(date, venues...) {
		if seen[s.ID] {
			continue
		}
		a, ok := byID[s.ActivityID]
		if !ok {
			continue
		}
		out = append(out, loadSession(v, s.ID, a))
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].Activity.StartTime != out[j].Activity.StartTime {
			return out[i].Activity.StartTime < out[j].Activity.StartTime
		}
		return out[i].Activity.Name < out[j].Activity.Name
	})
	return out
}

func loadSession(v *storage.View, sid string, a domain.Activity) sessionInfo {
	_, date, _ := domain.ParseSessionID(sid)
	si := sessionInfo{Activity: a, Session: domain.Session{ID: sid, ActivityID: a.ID, VenueID: a.VenueID, Date: date}}
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
	si.Expected = resolvedIDs(v, domain.ExpectedAt(si.Session, v.Enrolments(a.ID), marks))
	si.Summary = domain.Summarise(si.Expected, marks)
	return si
}

func activities(v *storage.View) []domain.Activity {
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

func venuesAll(v *storage.View) []domain.Venue {
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

func venueName(v *storage.View, id string) string {
	if r, ok := v.Get(domain.KindVenue, id); ok {
		return r.Get("name")
	}
	return ""
}

// resolvedIDs are person ids as the records that survived merges, each
// once (a register closed before a merge may list both records).
func resolvedIDs(v *storage.View, ids []string) []string {
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
