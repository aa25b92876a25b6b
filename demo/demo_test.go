package demo

import (
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/gather-sp/gather/domain"
	"github.com/gather-sp/gather/record"
	"github.com/gather-sp/gather/storage/storagetest"
)

type recorder struct{ changes []record.Change }

func (r *recorder) Save(_ string, cs ...record.Change) error {
	for _, c := range cs {
		f := map[string]string{}
		for k, v := range c.Fields {
			f[k] = v
		}
		r.changes = append(r.changes, record.Change{Kind: c.Kind, ID: c.ID, Fields: f})
	}
	return nil
}

var today = time.Date(2026, 11, 21, 9, 0, 0, 0, time.UTC)

func TestDeterministic(t *testing.T) {
	var a, b, c recorder
	if _, err := Generate(&a, Options{Seed: 1, Today: today}); err != nil {
		t.Fatal(err)
	}
	Generate(&b, Options{Seed: 1, Today: today})
	Generate(&c, Options{Seed: 2, Today: today})
	if !reflect.DeepEqual(a.changes, b.changes) {
		t.Fatal("same seed and day gave different data")
	}
	if reflect.DeepEqual(a.changes, c.changes) {
		t.Fatal("different seeds gave the same data")
	}
	for _, ch := range a.changes {
		// The organisation has one settings record, with a fixed id.
		if ch.Kind == domain.KindSetting && ch.ID == domain.OrgSettingsID {
			continue
		}
		if !strings.HasPrefix(ch.ID, IDPrefix) {
			t.Fatalf("id %q is not marked as demo", ch.ID)
		}
	}
}

func TestGenerateIntoStore(t *testing.T) {
	st := storagetest.Open(t)
	res, err := Generate(st, Options{Seed: 7, Today: today})
	if err != nil {
		t.Fatal(err)
	}
	v := st.View()
	if got := len(v.All(domain.KindVenue)); got != 3 {
		t.Fatalf("venues = %d", got)
	}
	if got := len(v.All(domain.KindPerson)); got < 55 || got > 65 {
		t.Fatalf("people = %d, want about 60", got)
	}
	var acts []domain.Activity
	for _, r := range v.All(domain.KindActivity) {
		var a domain.Activity
		r.Decode(&a)
		acts = append(acts, a)
	}
	todays := domain.ActivitiesOn(acts, "2026-11-21")
	if len(todays) < 3 {
		t.Fatalf("only %d activities meet today", len(todays))
	}
	venuesToday := map[string]bool{}
	for _, a := range todays {
		venuesToday[a.VenueID] = true
	}
	if len(venuesToday) != 3 {
		t.Fatalf("today's sessions are at %d venues, want all 3", len(venuesToday))
	}
	if got := v.SessionsOn("2026-11-21"); len(got) != 3 {
		t.Fatalf("sessions today = %d", len(got))
	}
	// Eight weeks of history: the garden group met on each of the last 8 Saturdays.
	for w := 1; w <= 8; w++ {
		date := domain.AddDays("2026-11-21", -7*w)
		sid := domain.SessionID(IDPrefix+"act-garden", date)
		marks := v.Attendance(sid)
		if len(marks) < 8 {
			t.Fatalf("garden group on %s has %d marks", date, len(marks))
		}
		row, ok := v.Get(domain.KindSession, sid)
		if !ok || row.Get("closed") != "true" {
			t.Fatalf("past session %s not closed", sid)
		}
	}
	// The service's contact details, for its letters: valid, and a
	// number from the range kept for drama.
	if got := v.OrgSettings().Contact(); got != Service || domain.ValidateServiceContact(got) != nil ||
		!strings.HasPrefix(got.Phone, "01632 960") {
		t.Errorf("the demo service's contact details: %+v", got)
	}
	if res.Marks < 300 {
		t.Fatalf("only %d marks of history", res.Marks)
	}
	// Running again changes nothing.
	before := st.PendingCount()
	if _, err := Generate(st, Options{Seed: 7, Today: today}); err != nil {
		t.Fatal(err)
	}
	if st.PendingCount() != before {
		t.Fatalf("second run wrote %d changes", st.PendingCount()-before)
	}
}

// TestDemoPractices: every practice a demo person is registered with is on
// the demo's list of practices, written with the rest.
func TestDemoPractices(t *testing.T) {
	var rec recorder
	if _, err := Generate(&rec, Options{Seed: 1, Today: today}); err != nil {
		t.Fatal(err)
	}
	var list []domain.Practice
	named := map[string]bool{}
	for _, c := range rec.changes {
		switch c.Kind {
		case domain.KindPractice:
			var p domain.Practice
			domain.Decode(c.ID, domain.Values(c.Fields), &p)
			list = append(list, p)
		case domain.KindPerson:
			if p := c.Fields["practice"]; p != "" {
				named[p] = true
			}
		}
	}
	if len(list) != len(Practices) || len(named) == 0 {
		t.Fatalf("practices written %v, named %v", list, named)
	}
	for name := range named {
		found := false
		for _, p := range domain.PracticeChoices(list) {
			found = found || p == domain.PracticeName(list, name)
		}
		if !found {
			t.Errorf("%q is not on the list %v", name, domain.PracticeChoices(list))
		}
	}
}
