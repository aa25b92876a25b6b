package report

import (
	"reflect"
	"testing"

	"github.com/gather-sp/gather/access"
	"github.com/gather-sp/gather/domain"
	"github.com/gather-sp/gather/record"
)

// keptBy returns rs as a device enrolled for role holds them: only the
// fields access.DeviceKeeps says the server sends it.
func keptBy[T any](role string, kind record.Kind, rs []T, id func(T) string) []T {
	out := make([]T, 0, len(rs))
	for _, r := range rs {
		vals := domain.Values{}
		for f, v := range domain.Encode(r) {
			if access.DeviceKeeps(role, kind, f) {
				vals[f] = v
			}
		}
		var kept T
		domain.Decode(id(r), vals, &kept)
		out = append(out, kept)
	}
	return out
}

// TestCoordinatorDeviceCountsWhatTheOfficeCounts: a coordinator reads no
// case, but runs the reports on their own laptop from what it holds. The
// server sends that laptop only what access.DeviceKeeps says (no notes,
// contact details, NHS numbers, contact log, consents, conflicts or audit
// trail): every figure must come out as from the whole case, whatever the
// filter.
func TestCoordinatorDeviceCountsWhatTheOfficeCounts(t *testing.T) {
	role := domain.RoleCoordinator
	// What the office holds besides: what no report counts.
	withCase := func() *Dataset {
		ds := fixture()
		for i := range ds.Referrals {
			ds.Referrals[i].Notes, ds.Referrals[i].Referrer = "Recently bereaved", "Dr Rao"
		}
		for i := range ds.People {
			ds.People[i].Phone, ds.People[i].NHSNumber = "07700 900123", "943 476 5919"
		}
		return ds
	}
	whole := withCase()
	ds := withCase()
	ds.People = keptBy(role, domain.KindPerson, ds.People, func(p domain.Person) string { return p.ID })
	ds.Referrals = keptBy(role, domain.KindReferral, ds.Referrals, func(r domain.Referral) string { return r.ID })
	ds.Matches = keptBy(role, domain.KindMatch, ds.Matches, func(m domain.Match) string { return m.ID })
	ds.FollowUps = keptBy(role, domain.KindFollowUp, ds.FollowUps, func(f domain.FollowUp) string { return f.ID })
	ds.Measures = keptBy(role, domain.KindMeasure, ds.Measures, func(m domain.Measure) string { return m.ID })
	ds.Practices = keptBy(role, domain.KindPractice, ds.Practices, func(p domain.Practice) string { return p.ID })
	ds.Activities = keptBy(role, domain.KindActivity, ds.Activities, func(a domain.Activity) string { return a.ID })
	ds.Venues = keptBy(role, domain.KindVenue, ds.Venues, func(v domain.Venue) string { return v.ID })
	ds.Sessions = keptBy(role, domain.KindSession, ds.Sessions, func(s domain.Session) string { return s.ID })
	ds.Enrolments = keptBy(role, domain.KindEnrolment, ds.Enrolments, func(e domain.Enrolment) string { return e.ID })
	ds.Attendance = keptBy(role, domain.KindAttendance, ds.Attendance, func(a domain.Attendance) string { return a.ID })
	if reflect.DeepEqual(whole.Referrals, ds.Referrals) {
		t.Fatal("the referrals lost nothing: nothing was left out, so this test proves little")
	}
	for _, opt := range []Options{{}, {Practice: "Elm Surgery"}, {VenueID: "v1"}, {ActivityID: "garden"}} {
		opt.From, opt.To, opt.Today = fixFrom, fixTo, fixToday
		want, err := Build(whole, opt)
		if err != nil {
			t.Fatal(err)
		}
		got, err := Build(ds, opt)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got.Tables(), want.Tables()) {
			t.Errorf("%+v: the coordinator's device counts otherwise than the office:\n got %+v\nwant %+v", opt, got.Tables(), want.Tables())
		}
	}
}
