package report

import (
	"runtime"
	"sync"

	"github.com/gather-sp/gather/domain"
	"github.com/gather-sp/gather/record"
	"github.com/gather-sp/gather/storage"
)

// Dataset is every record a report reads, as plain domain values. Build
// takes one, so tests and benchmarks can make them directly, and a screen
// can Load once and Build for several periods or filters.
type Dataset struct {
	// Venues and Activities hold the archived ones too (Deleted): the
	// sessions, marks and matches of the months they ran point at them.
	Venues     []domain.Venue
	Activities []domain.Activity
	// ArchivedOn is the day (YYYY-MM-DD) each archived venue or activity
	// was archived, by id; its sessions are not expected from that day.
	ArchivedOn map[string]string
	Sessions   []domain.Session
	// People holds, besides the people on record, erased duplicates: an
	// erasure keeps only their merged_into, so they still count as the
	// person they were merged into.
	People     []domain.Person
	Enrolments []domain.Enrolment
	Attendance []domain.Attendance
	Referrals  []domain.Referral
	Matches    []domain.Match
	FollowUps  []domain.FollowUp
	Measures   []domain.Measure
	Practices  []domain.Practice // the list of GP practices
}

// NamePractices names each person's and referral's practice as the list
// does (domain.PracticeName), so a practice typed two ways is counted once.
// Load does it; a Dataset built by hand calls it when it has a list.
func (ds *Dataset) NamePractices() {
	if len(ds.Practices) == 0 {
		return
	}
	for i := range ds.People {
		ds.People[i].Practice = domain.PracticeName(ds.Practices, ds.People[i].Practice)
	}
	for i := range ds.Referrals {
		ds.Referrals[i].Practice = domain.PracticeName(ds.Practices, ds.Referrals[i].Practice)
	}
}

// Load reads a Dataset from a storage View. The view is a consistent
// snapshot, so the report describes one moment even while registers are
// being taken elsewhere.
//
// Rows are fetched from the view one kind after another (a View is not
// safe for concurrent use), then decoded in parallel: rows are immutable,
// and decoding is most of the time for a million marks.
func Load(v *storage.View) *Dataset {
	ds := &Dataset{}
	var jobs []func(workers int)
	add := func(job func(workers int)) { jobs = append(jobs, job) }
	add(decodeAll(withRetired(v, domain.KindVenue), &ds.Venues, decodeRow[domain.Venue]))
	add(decodeAll(withRetired(v, domain.KindActivity), &ds.Activities, decodeRow[domain.Activity]))
	add(decodeAll(v.All(domain.KindSession), &ds.Sessions, decodeRow[domain.Session]))
	add(decodeAll(withRetired(v, domain.KindPerson), &ds.People, decodeRow[domain.Person]))
	add(decodeAll(v.All(domain.KindEnrolment), &ds.Enrolments, decodeRow[domain.Enrolment]))
	add(decodeAll(v.All(domain.KindAttendance), &ds.Attendance, decodeMark))
	add(decodeAll(v.All(domain.KindReferral), &ds.Referrals, decodeRow[domain.Referral]))
	add(decodeAll(v.All(domain.KindMatch), &ds.Matches, decodeRow[domain.Match]))
	add(decodeAll(v.All(domain.KindFollowUp), &ds.FollowUps, decodeRow[domain.FollowUp]))
	add(decodeAll(v.All(domain.KindMeasure), &ds.Measures, decodeRow[domain.Measure]))
	workers := runtime.GOMAXPROCS(0)
	for _, job := range jobs {
		job(workers)
	}
	ds.Practices = v.Practices()
	ds.NamePractices()
	ds.ArchivedOn = archivedOn(v)
	return ds
}

// withRetired is every row of a kind, those retired after the rest (see
// storage.View.Retired).
func withRetired(v *storage.View, kind record.Kind) []*storage.Row {
	return append(v.All(kind), v.Retired(kind)...)
}

// archivedOn maps each archived venue and activity to the day it was archived.
func archivedOn(v *storage.View) map[string]string {
	out := map[string]string{}
	for _, kind := range []record.Kind{domain.KindVenue, domain.KindActivity} {
		for _, r := range v.Retired(kind) {
			out[r.ID] = r.Get(storage.FieldArchivedOn)
		}
	}
	return out
}

func decodeRow[T any](r *storage.Row, out *T) { r.Decode(out) }

// decodeMark decodes an attendance mark by hand, reading only the fields a
// report uses: the general reflective decoder costs several times as much
// per row, and there can be millions.
func decodeMark(r *storage.Row, out *domain.Attendance) {
	*out = domain.Attendance{
		ID:         r.ID,
		SessionID:  r.Get("session_id"),
		PersonID:   r.Get("person_id"),
		ActivityID: r.Get("activity_id"),
		VenueID:    r.Get("venue_id"),
		Date:       r.Get("date"),
		Status:     r.Get("status"),
		Companion:  r.Get("companion"),
	}
}

// decodeAll returns a job that decodes rows into *out, split across
// workers in contiguous chunks.
func decodeAll[T any](rows []*storage.Row, out *[]T, decode func(*storage.Row, *T)) func(workers int) {
	return func(workers int) {
		*out = make([]T, len(rows))
		const minChunk = 4096 // below this, a goroutine costs more than it saves
		if workers < 2 || len(rows) < 2*minChunk {
			for i, r := range rows {
				decode(r, &(*out)[i])
			}
			return
		}
		var wg sync.WaitGroup
		chunk := (len(rows) + workers - 1) / workers
		for start := 0; start < len(rows); start += chunk {
			end := min(start+chunk, len(rows))
			wg.Add(1)
			go func(part []*storage.Row, dst []T) {
				defer wg.Done()
				for i, r := range part {
					decode(r, &dst[i])
				}
			}(rows[start:end], (*out)[start:end])
		}
		wg.Wait()
	}
}
