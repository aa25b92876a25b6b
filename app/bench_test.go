package app

import (
	"testing"
	"time"

	"fyne.io/fyne/v2"

	"github.com/gather-sp/gather/app/people"
	"github.com/gather-sp/gather/demo"
	"github.com/gather-sp/gather/domain"
	"github.com/gather-sp/gather/record"
)

// benchRegister makes a store with n people, the first enrolled of them on
// an activity that meets today, and opens its register.
func benchRegister(b *testing.B, people, enrolled int) (*harness, *registerScreen) {
	h := newHarness(b, false, fyne.NewSize(1280, 800))
	staff := domain.Staff{ID: "s1", Name: "Bev", Role: domain.RoleFacilitator}
	venue := domain.Venue{ID: "v1", Name: "Hall"}
	act := domain.Activity{ID: "a1", Name: "Big group", VenueID: "v1", Schedule: domain.ScheduleWeekly,
		Weekday: testNow.Weekday(), StartTime: "10:00", EndTime: "12:00"}
	must := func(err error) {
		if err != nil {
			b.Fatal(err)
		}
	}
	must(h.st.Save("s1",
		record.Change{Kind: domain.KindStaff, ID: staff.ID, Fields: domain.Encode(staff)},
		record.Change{Kind: domain.KindVenue, ID: venue.ID, Fields: domain.Encode(venue)},
		record.Change{Kind: domain.KindActivity, ID: act.ID, Fields: domain.Encode(act)}))
	ps := demo.People(3, people)
	var batch []record.Change
	for i, p := range ps {
		batch = append(batch, record.Change{Kind: domain.KindPerson, ID: p.ID, Fields: domain.Encode(p)})
		if i < enrolled {
			e := domain.Enrolment{ID: domain.EnrolmentID(act.ID, p.ID), ActivityID: act.ID, PersonID: p.ID, VenueID: "v1", Started: "2026-01-01"}
			batch = append(batch, record.Change{Kind: domain.KindEnrolment, ID: e.ID, Fields: domain.Encode(e)})
		}
		if len(batch) >= 1000 || i == len(ps)-1 {
			must(h.st.Save("s1", batch...))
			batch = batch[:0]
		}
	}
	h.st.SetMeta(map[string][]byte{metaSetup: []byte("device")})
	h.u.SignIn(staff)
	r := h.openRegister(act.ID)
	if len(r.expected) != enrolled {
		b.Fatalf("register has %d people, want %d", len(r.expected), enrolled)
	}
	return h, r
}

// BenchmarkMark measures one tap on a 200-person register: the durable save
// (one Badger transaction with SyncWrites) and the register's refresh.
func BenchmarkMark(b *testing.B) {
	_, r := benchRegister(b, 200, 200)
	b.ResetTimer()
	start := time.Now()
	for i := 0; i < b.N; i++ {
		pid := r.expected[i%len(r.expected)]
		m := r.marks[pid]
		if m.Status == domain.StatusPresent {
			m.Status = domain.StatusAbsent
		} else {
			m.Status = domain.StatusPresent
		}
		if !r.setMark(pid, m, "here") {
			b.Fatal("mark not saved")
		}
	}
	b.ReportMetric(float64(time.Since(start).Microseconds())/1000/float64(b.N), "ms/mark")
}

// keystrokes types a name one letter at a time.
var keystrokes = func() []string {
	var out []string
	for _, name := range []string{"margaret o'brien", "tom", "zo"} {
		for i := 1; i <= len(name); i++ {
			out = append(out, name[:i])
		}
		out = append(out, "")
	}
	return out
}()

// BenchmarkSearchKeystroke measures the register's live search with 10,000
// people on the device: each keystroke filters the register and looks the
// text up among everyone (to offer people not yet enrolled), then redraws
// the list.
func BenchmarkSearchKeystroke(b *testing.B) {
	_, r := benchRegister(b, 10000, 200)
	b.ResetTimer()
	start := time.Now()
	n := 0
	for i := 0; i < b.N; i++ {
		for _, k := range keystrokes {
			r.search.SetText(k)
			n++
		}
	}
	b.ReportMetric(float64(time.Since(start).Microseconds())/1000/float64(n), "ms/keystroke")
}

// BenchmarkFindPersonKeystroke measures the reception desk's search over
// 10,000 people, per keystroke.
func BenchmarkFindPersonKeystroke(b *testing.B) {
	h, _ := benchRegister(b, 10000, 200)
	h.u.SignIn(domain.Staff{ID: "s2", Name: "Rosa", Role: domain.RoleReception})
	h.u.ShowNav("people")
	s := h.u.current().(*people.Finder)
	b.ResetTimer()
	start := time.Now()
	n := 0
	for i := 0; i < b.N; i++ {
		for _, k := range keystrokes {
			s.Search(k)
			n++
		}
	}
	b.ReportMetric(float64(time.Since(start).Microseconds())/1000/float64(n), "ms/keystroke")
}
