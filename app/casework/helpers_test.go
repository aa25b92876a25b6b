package casework

import (
	"errors"
	"sync/atomic"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/gather-sp/gather/app/internal/uitest"
	"github.com/gather-sp/gather/domain"
	"github.com/gather-sp/gather/record"
	"github.com/gather-sp/gather/storage"
	"github.com/gather-sp/gather/storage/storagetest"
)

// today is the pinned date of every test: a Wednesday.
var today = time.Date(2026, 3, 18, 10, 30, 0, 0, time.UTC)

const todayDate = "2026-03-18"

// countingStore wraps the real store, counting saves and failing them on
// demand.
type countingStore struct {
	*storage.Store
	saves atomic.Int32
	fail  atomic.Bool
}

func (c *countingStore) Save(staff string, changes ...record.Change) error {
	if c.fail.Load() {
		return errors.New("the disk is full")
	}
	c.saves.Add(1)
	return c.Store.Save(staff, changes...)
}

func openStore(t *testing.T) *countingStore {
	t.Helper()
	s := storagetest.Open(t)
	return &countingStore{Store: s}
}

func linkWorker() Context {
	return Context{StaffID: "staff-priya", StaffName: "Priya Shah", Role: domain.RoleLinkWorker,
		Now: func() time.Time { return today }, NoLiveRefresh: true}
}

func withRole(ctx Context, role string) Context { ctx.Role = role; return ctx }

// Fixture ids.
const (
	venueGarden = "v-garden"
	venueHall   = "v-hall"
	actGarden   = "a-garden"  // introductory, weekly Wednesday, free, garden
	actCraft    = "a-craft"   // taster, weekly Wednesday, £1, hall; next steps: drawing, garden
	actDrawing  = "a-drawing" // intermediate, weekly Friday, free, online
	personAnn   = "p-ann"
	personBob   = "p-bob"
)

// fixture writes a small world: two venues, three activities, two people,
// the link worker.
func fixture(t *testing.T, s Store) {
	t.Helper()
	put := func(kind record.Kind, id string, v any) record.Change { return domain.Create(kind, id, v) }
	err := s.Save("admin",
		put(domain.KindStaff, "staff-priya", domain.Staff{Name: "Priya Shah", Role: domain.RoleLinkWorker}),
		put(domain.KindVenue, venueGarden, domain.Venue{Name: "Surgery Garden", AccessInfo: "Level paths, raised beds"}),
		put(domain.KindVenue, venueHall, domain.Venue{Name: "Church Hall", AccessInfo: "Step-free side door, hearing loop"}),
		put(domain.KindActivity, actGarden, domain.Activity{Name: "Garden group", VenueID: venueGarden, Category: domain.CategoryGardening,
			Level: domain.LevelIntroductory, Schedule: domain.ScheduleWeekly, Weekday: time.Wednesday, StartDate: "2026-01-07",
			StartTime: "10:00", EndTime: "12:00", Capacity: 2, Cost: "Free"}),
		put(domain.KindActivity, actCraft, domain.Activity{Name: "Crafternoon", VenueID: venueHall, Category: domain.CategoryCraft,
			Level: domain.LevelTaster, Schedule: domain.ScheduleWeekly, Weekday: time.Wednesday, StartDate: "2026-01-07",
			StartTime: "13:30", EndTime: "15:30", Capacity: 20, Cost: "£1 towards materials", NextSteps: []string{actDrawing, actGarden}}),
		put(domain.KindActivity, actDrawing, domain.Activity{Name: "Drawing online", VenueID: venueHall, Category: domain.CategoryArt,
			Level: domain.LevelIntermediate, Schedule: domain.ScheduleWeekly, Weekday: time.Friday, StartDate: "2026-01-09",
			StartTime: "14:00", EndTime: "16:00", Capacity: 12, Cost: "Free", Online: true}),
		put(domain.KindPerson, personAnn, domain.Person{GivenName: "Ann", FamilyName: "Lee", DateOfBirth: "1950-04-02",
			Phone: "07700 900111", ContactPreferences: []string{"phone"}, Practice: "Riverside"}),
		put(domain.KindPerson, personBob, domain.Person{GivenName: "Bob", FamilyName: "Hart", DateOfBirth: "1961-09-30", Phone: "07700 900222"}),
	)
	if err != nil {
		t.Fatal(err)
	}
}

func saveAll(t *testing.T, s Store, changes ...record.Change) {
	t.Helper()
	if err := s.Save("staff-priya", changes...); err != nil {
		t.Fatal(err)
	}
}

// show puts content in a test window of a tablet's size.
func show(t *testing.T, content fyne.CanvasObject) fyne.Window {
	t.Helper()
	w := test.NewWindow(content)
	w.Resize(fyne.NewSize(1280, 800))
	t.Cleanup(w.Close)
	return w
}

// texts, shows, mustShow and mustNotShow read what a screen shows (uitest).
func texts(o fyne.CanvasObject) []string          { return uitest.Texts(o) }
func shows(o fyne.CanvasObject, want string) bool { return uitest.Shows(o, want) }
func mustShow(t *testing.T, o fyne.CanvasObject, want ...string) {
	t.Helper()
	uitest.MustShow(t, o, want...)
}

func mustNotShow(t *testing.T, o fyne.CanvasObject, unwanted ...string) {
	t.Helper()
	uitest.MustNotShow(t, o, unwanted...)
}

func get[T any](t *testing.T, s Store, kind record.Kind, id string) T {
	t.Helper()
	var x T
	r, ok := s.View().Get(kind, id)
	if !ok {
		t.Fatalf("no %s %s saved", kind, id)
	}
	r.Decode(&x)
	return x
}

func all[T any](s Store, kind record.Kind, field, value string) []T {
	var out []T
	for _, r := range s.View().By(kind, field, value) {
		var x T
		r.Decode(&x)
		out = append(out, x)
	}
	return out
}

func referral(personID, status, received string) domain.Referral {
	return domain.Referral{PersonID: personID, Source: domain.SourceGP, Practice: "Riverside", Referrer: "Dr Patel",
		Reasons: []string{"loneliness or isolation"}, Status: status, Received: received}
}
