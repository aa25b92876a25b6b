package client_test

import (
	"testing"

	"github.com/gather-sp/gather/domain"
	"github.com/gather-sp/gather/record"
	"github.com/gather-sp/gather/sync/client"
	"github.com/gather-sp/gather/sync/internal/testenv"
	"github.com/gather-sp/gather/sync/protocol"
)

// mergeOn runs domain.MergePeople on a device's records, as the merge
// screen does, and saves the changes.
func mergeOn(t *testing.T, d *testenv.Device, survivor, duplicate string, take []string, today string) domain.MergeResult {
	t.Helper()
	v := d.Store.View()
	var people [2]domain.Person
	for i, id := range []string{survivor, duplicate} {
		row, ok := v.Get(domain.KindPerson, id)
		if !ok {
			t.Fatalf("%s has no person %s", d.Name, id)
		}
		row.Decode(&people[i])
	}
	m := domain.Merge{Survivor: people[0], Duplicate: people[1], TakeFromDuplicate: take, Today: today}
	for _, id := range []string{survivor, duplicate} {
		for _, row := range v.By(domain.KindEnrolment, "person_id", id) {
			var e domain.Enrolment
			row.Decode(&e)
			m.Enrolments = append(m.Enrolments, e)
		}
	}
	for _, k := range domain.RepointedKinds {
		for _, row := range v.By(k, "person_id", duplicate) {
			m.Links = append(m.Links, domain.PersonLink{Kind: k, ID: row.ID, PersonID: row.Get("person_id")})
		}
	}
	res, err := domain.MergePeople(m)
	if err != nil {
		t.Fatal(err)
	}
	if err := d.Store.Save("staff-office", res.Changes...); err != nil {
		t.Fatal(err)
	}
	return res
}

func statuses(marks []domain.Attendance) map[string]string {
	out := map[string]string{}
	for _, m := range marks {
		if m.Status != "" {
			out[m.Date] = m.Status + "/" + m.PersonID
		}
	}
	return out
}

// TestMergeSeenFromEveryDevice: Peter was registered twice, by the office
// (enrolled on the craft club at the other venue) and as "Pete", a walk-in
// on the garden tablet. The office merges Pete into Peter. Meanwhile,
// offline, the garden tablet marks Pete at the next session and a link
// worker's laptop logs a contact with him. After everyone syncs, every
// device sees one person with every mark, the late records resolve to
// Peter, the garden tablet has Peter's card (and none of his case data) and
// lists him once on the register.
func TestMergeSeenFromEveryDevice(t *testing.T) {
	w := newWorld(t)
	w.person("peter", "Peter", w.act2, w.v2)
	w.office.Sync()
	garden := w.env.NewDevice("garden", protocol.Scope{Venues: []string{w.v1}}, client.Options{}, nil)
	laptop := w.env.NewDeviceAs("laptop", org, domain.RoleLinkWorker, client.Options{}, nil)
	garden.Sync()
	if garden.Has(domain.KindPerson, "peter") {
		t.Fatal("the garden tablet has Peter before he came there")
	}

	// Pete, a walk-in at the garden, marked at two sessions; Peter marked
	// at the craft club.
	garden.Save(domain.KindPerson, "pete", map[string]string{"given_name": "Pete", "family_name": "Tester", "access_needs": "uses a stick"})
	garden.Save(domain.KindEnrolment, domain.EnrolmentID(w.act1, "pete"), map[string]string{
		"activity_id": w.act1, "person_id": "pete", "venue_id": w.v1, "started": "2026-11-06"})
	mark(garden, w.act1, w.v1, "2026-11-06", "pete", domain.StatusPresent)
	mark(garden, w.act1, w.v1, "2026-11-13", "pete", domain.StatusLate)
	mark(w.office, w.act2, w.v2, "2026-11-10", "peter", domain.StatusPresent)
	w.office.Save(domain.KindReferral, "ref-pete", map[string]string{"person_id": "pete", "status": "received", "received": "2026-11-07"})
	garden.Sync()
	w.office.Sync()
	laptop.Sync()

	// The office merges; the garden tablet and the laptop are offline.
	res := mergeOn(t, w.office, "peter", "pete", []string{"access_needs"}, "2026-11-15")
	if res.Moved != 1 || res.Enrolled != 1 {
		t.Fatalf("merge moved %d records and enrolled %d; want the referral and the garden club", res.Moved, res.Enrolled)
	}
	mark(garden, w.act1, w.v1, "2026-11-20", "pete", domain.StatusPresent) // made for the old id after the merge
	laptop.Save(domain.KindContact, "contact-late", map[string]string{"person_id": "pete", "method": "phone call", "date": "2026-11-16"})

	for i := 0; i < 2; i++ {
		w.office.Sync()
		garden.Sync()
		laptop.Sync()
	}

	wantAll := map[string]string{"2026-11-06": "present/peter", "2026-11-13": "late/peter", "2026-11-10": "present/peter", "2026-11-20": "present/peter"}
	for _, d := range []*testenv.Device{w.office, laptop, garden} {
		t.Run(d.Name, func(t *testing.T) {
			v := d.Store.View()
			p, ok := v.Person("pete")
			if !ok || p.ID != "peter" || p.AccessNeeds != "uses a stick" {
				t.Fatalf("Pete resolves to %+v (found %v), want Peter with the access needs taken from Pete", p, ok)
			}
			if got := v.SearchPeople("pete", 10); len(got) != 1 || got[0].ID != "peter" {
				t.Errorf("searching finds %v, want only Peter", got)
			}
			want := wantAll
			if d == garden {
				// A venue tablet keeps its own venue's register only.
				want = map[string]string{"2026-11-06": "present/peter", "2026-11-13": "late/peter", "2026-11-20": "present/peter"}
				if p.Phone != "" || p.NHSNumber != "" {
					t.Errorf("Peter's case data reached the tablet: %+v", p)
				}
			}
			got := statuses(v.PersonAttendance("peter"))
			if len(got) != len(want) {
				t.Errorf("Peter's marks %v, want %v", got, want)
			}
			for date, s := range want {
				if got[date] != s {
					t.Errorf("mark on %s is %q, want %q", date, got[date], s)
				}
			}
			var current []string
			for _, e := range v.Enrolments(w.act1) {
				if e.Active() {
					current = append(current, e.PersonID)
				}
			}
			if len(current) != 1 || current[0] != "peter" {
				t.Errorf("the garden register lists %v, want Peter once", current)
			}
			if marks := v.Attendance(domain.SessionID(w.act1, "2026-11-20")); len(marks) != 1 || marks[0].PersonID != "peter" {
				t.Errorf("the late mark reads as %+v, want Peter's", marks)
			}
			if d == garden {
				return
			}
			for _, kind := range []record.Kind{domain.KindReferral, domain.KindContact} {
				if rows := v.By(kind, "person_id", "peter"); len(rows) != 1 {
					t.Errorf("%d %s records for Peter, want 1", len(rows), kind)
				}
			}
		})
	}
	// The merge itself reached the server: stored, not just on the office.
	for _, d := range []*testenv.Device{laptop, garden} {
		if got := d.Get(domain.KindPerson, "pete", record.FieldMergedInto); got != "peter" {
			t.Errorf("%s: Pete's merged_into is %q, want peter", d.Name, got)
		}
	}
}
