package report

import (
	"fmt"
	"os"
	"runtime"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/gather-sp/gather/domain"
	"github.com/gather-sp/gather/record"
	"github.com/gather-sp/gather/storage"
)

// The benchmark organisation: 100,000 people and 1,000,000 attendance
// marks. 5,000 activities at 250 venues each meet weekly for 20 weeks with
// 20 people enrolled, 10 of whom are marked each week. Everyone has a
// referral, a match and a follow-up; half have ONS4 and SWEMWBS pairs.
const (
	benchPeople     = 100_000
	benchActivities = 5_000
	benchWeeks      = 20
	benchMarked     = 10 // marks per session
)

var statuses = []string{domain.StatusPresent, domain.StatusPresent, domain.StatusPresent, domain.StatusLate,
	domain.StatusLeftEarly, domain.StatusApologies, domain.StatusAbsent}

// benchDataset builds the organisation directly as domain slices, scaled
// down by div (1 for the full size).
func benchDataset(div int) *Dataset {
	people, acts := benchPeople/div, benchActivities/div
	ds := &Dataset{}
	for v := 0; v < max(acts/20, 1); v++ {
		ds.Venues = append(ds.Venues, domain.Venue{ID: fmt.Sprintf("v%03d", v), Name: fmt.Sprintf("Venue %d", v)})
	}
	genders := []string{"Female", "Male", "Non-binary", ""}
	ethnicities := []string{"White British", "Asian British", "Black British", "Mixed", "Other", ""}
	practices := []string{"Elm Surgery", "Oak Practice", "Ash Medical Centre", "Birch Health"}
	for i := 0; i < people; i++ {
		ds.People = append(ds.People, domain.Person{ID: fmt.Sprintf("p%06d", i), GivenName: "Person", FamilyName: strconv.Itoa(i),
			Gender: genders[i%len(genders)], Ethnicity: ethnicities[i%len(ethnicities)], Practice: practices[i%len(practices)],
			DateOfBirth: fmt.Sprintf("%d-%02d-%02d", 1930+i%80, 1+i%12, 1+i%28)})
	}
	start, _ := time.Parse(time.DateOnly, "2026-01-05") // a Monday
	for a := 0; a < acts; a++ {
		act := domain.Activity{ID: fmt.Sprintf("a%05d", a), Name: fmt.Sprintf("Activity %d", a),
			VenueID: ds.Venues[a%len(ds.Venues)].ID, Category: domain.Categories[a%len(domain.Categories)], Capacity: 15}
		ds.Activities = append(ds.Activities, act)
		var enrolled []string
		for j := 0; j < 20; j++ {
			pid := ds.People[(a*20+j)%people].ID
			enrolled = append(enrolled, pid)
			ds.Enrolments = append(ds.Enrolments, domain.Enrolment{ID: domain.EnrolmentID(act.ID, pid), ActivityID: act.ID,
				PersonID: pid, VenueID: act.VenueID, Started: "2026-01-01"})
		}
		for w := 0; w < benchWeeks; w++ {
			date := start.AddDate(0, 0, 7*w+a%5).Format(time.DateOnly)
			sid := domain.SessionID(act.ID, date)
			ds.Sessions = append(ds.Sessions, domain.Session{ID: sid, ActivityID: act.ID, VenueID: act.VenueID, Date: date})
			for j := 0; j < benchMarked; j++ {
				pid := enrolled[(w+j)%len(enrolled)]
				ds.Attendance = append(ds.Attendance, domain.Attendance{ID: domain.AttendanceID(sid, pid), SessionID: sid,
					PersonID: pid, ActivityID: act.ID, VenueID: act.VenueID, Date: date, Status: statuses[(a+w+j)%len(statuses)]})
			}
		}
	}
	for i, p := range ds.People {
		received := start.AddDate(0, 0, i%140).Format(time.DateOnly)
		r := domain.Referral{ID: "r" + p.ID, PersonID: p.ID, Source: []string{domain.SourceGP, domain.SourceSelf, domain.SourceProfessional}[i%3],
			Practice: p.Practice, Reasons: []string{domain.ReferralReasons[i%len(domain.ReferralReasons)]}, Received: received,
			Status: domain.ReferralReceived}
		if i%10 != 0 {
			r, _ = domain.AdvanceReferral(r, domain.ReferralContacted, start.AddDate(0, 0, i%140+i%17).Format(time.DateOnly), "")
		} else if i%20 == 0 {
			r, _ = domain.AdvanceReferral(r, domain.ReferralDeclined, start.AddDate(0, 0, i%140+3).Format(time.DateOnly), "not now")
		}
		ds.Referrals = append(ds.Referrals, r)
		matched := start.AddDate(0, 0, i%140+20).Format(time.DateOnly)
		ds.Matches = append(ds.Matches, domain.Match{ID: "m" + p.ID, PersonID: p.ID, ActivityID: ds.Activities[(i/20)%acts].ID, Date: matched})
		due, _ := domain.FollowUpDue(matched, 4+i%3)
		f := domain.FollowUp{ID: "f" + p.ID, PersonID: p.ID, Due: due}
		if i%4 != 0 {
			f.Done = start.AddDate(0, 0, i%140+46+i%5).Format(time.DateOnly)
		}
		ds.FollowUps = append(ds.FollowUps, f)
		if i%2 == 0 {
			base, foll := 10+i%20, 12+(i*7)%24
			ds.Measures = append(ds.Measures,
				domain.Measure{ID: "sb" + p.ID, PersonID: p.ID, Instrument: domain.InstrumentSWEMWBS, Stage: domain.StageBaseline, Date: matched, Items: swemwbsItems(base)},
				domain.Measure{ID: "sf" + p.ID, PersonID: p.ID, Instrument: domain.InstrumentSWEMWBS, Stage: domain.StageFollowUp, Date: due, Items: swemwbsItems(foll)},
				domain.Measure{ID: "ob" + p.ID, PersonID: p.ID, Instrument: domain.InstrumentONS4, Stage: domain.StageBaseline, Date: matched, Items: []int{i % 11, (i + 3) % 11, (i + 5) % 11, (i + 7) % 11}},
				domain.Measure{ID: "of" + p.ID, PersonID: p.ID, Instrument: domain.InstrumentONS4, Stage: domain.StageFollowUp, Date: due, Items: []int{(i + 2) % 11, (i + 4) % 11, (i + 6) % 11, (i + 5) % 11}})
		}
	}
	return ds
}

var (
	benchOnce sync.Once
	benchDS   *Dataset
)

// BenchmarkBuildFullReport times the whole report (every section, every
// table and chart laid out) over 100,000 people and 1,000,000 marks, for
// the full 20 weeks. Goal: under 2 s.
func BenchmarkBuildFullReport(b *testing.B) {
	benchOnce.Do(func() { benchDS = benchDataset(1) })
	ds := benchDS
	opt := Options{From: "2026-01-01", To: "2026-06-30", Today: "2026-07-01"}
	b.ResetTimer()
	start := time.Now()
	for i := 0; i < b.N; i++ {
		r, err := Build(ds, opt)
		if err != nil {
			b.Fatal(err)
		}
		r.Tables()
		r.Charts()
	}
	// Extra metrics go after the timed loop: ResetTimer clears them.
	b.ReportMetric(float64(time.Since(start).Milliseconds())/float64(b.N), "ms/report")
	b.ReportMetric(float64(len(ds.People)), "people")
	b.ReportMetric(float64(len(ds.Attendance)), "marks")
}

// BenchmarkLoadFromStore times Load: decoding a store View into a Dataset.
// Seeding a store through Save is slow (every save is a durable
// transaction), so by default it uses a tenth of the organisation (10,000
// people, 100,000 marks) in an in-memory store; GATHER_BENCH_FULL=1 seeds
// the full size. Load is linear in the number of rows.
func BenchmarkLoadFromStore(b *testing.B) {
	div := 10
	if os.Getenv("GATHER_BENCH_FULL") != "" {
		div = 1
	}
	ds := benchDataset(div)
	s, err := storage.Open(b.TempDir(), storage.Options{InMemory: true})
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	var batch []record.Change
	flush := func() {
		if err := s.Save("bench", batch...); err != nil {
			b.Fatal(err)
		}
		batch = batch[:0]
	}
	put := func(kind record.Kind, id string, v any) {
		batch = append(batch, record.Change{Kind: kind, ID: id, Fields: domain.Encode(v)})
		if len(batch) == 1000 {
			flush()
		}
	}
	seedStart := time.Now()
	for _, x := range ds.Venues {
		put(domain.KindVenue, x.ID, x)
	}
	for _, x := range ds.Activities {
		put(domain.KindActivity, x.ID, x)
	}
	for _, x := range ds.People {
		put(domain.KindPerson, x.ID, x)
	}
	for _, x := range ds.Enrolments {
		put(domain.KindEnrolment, x.ID, x)
	}
	for _, x := range ds.Sessions {
		put(domain.KindSession, x.ID, x)
	}
	for _, x := range ds.Attendance {
		put(domain.KindAttendance, x.ID, x)
	}
	for _, x := range ds.Referrals {
		put(domain.KindReferral, x.ID, x)
	}
	for _, x := range ds.Matches {
		put(domain.KindMatch, x.ID, x)
	}
	for _, x := range ds.FollowUps {
		put(domain.KindFollowUp, x.ID, x)
	}
	for _, x := range ds.Measures {
		put(domain.KindMeasure, x.ID, x)
	}
	flush()
	b.Logf("seeded %d people and %d marks in %v", len(ds.People), len(ds.Attendance), time.Since(seedStart))
	// Start from a settled heap, so the seeding's garbage is not billed
	// to Load.
	runtime.GC()
	b.ResetTimer()
	start := time.Now()
	var got *Dataset
	for i := 0; i < b.N; i++ {
		got = Load(s.View())
	}
	b.ReportMetric(float64(time.Since(start).Milliseconds())/float64(b.N), "ms/load")
	b.ReportMetric(float64(len(ds.People)), "people")
	b.ReportMetric(float64(len(ds.Attendance)), "marks")
	if len(got.Attendance) != len(ds.Attendance) || len(got.People) != len(ds.People) {
		b.Fatalf("loaded %d marks and %d people, want %d and %d", len(got.Attendance), len(got.People), len(ds.Attendance), len(ds.People))
	}
}
