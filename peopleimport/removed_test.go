package peopleimport

import (
	"strings"
	"testing"

	"github.com/gather-sp/gather/audit"
	"github.com/gather-sp/gather/domain"
)

// TestImportingAgainBringsNobodyErasedBack: a file imported, someone in it
// erased at their request, and the same file imported again. The store
// keeps them erased whatever is saved (an erasure wins), but the import
// counted them as a person added, and the person importing was told so.
// Checked against the store too (WithStore), they are StatusRemoved:
// neither added nor enrolled, and counted apart.
func TestImportingAgainBringsNobodyErasedBack(t *testing.T) {
	st := device(t)
	file := bigFile(3)
	f, _ := Read(strings.NewReader(file))
	plan := Check(f, WithStore(st.View(), st), today)
	changes, first, err := plan.Changes("staff-1", audit.Recorder{}, false)
	if err != nil {
		t.Fatal(err)
	}
	if err := Save(st, "staff-1", changes, nil); err != nil {
		t.Fatal(err)
	}
	erased := plan.Entries[0].Person.ID
	if err := st.ErasePerson("staff-1", erased); err != nil {
		t.Fatal(err)
	}

	f, _ = Read(strings.NewReader(file))
	plan = Check(f, WithStore(st.View(), st), today)
	if got := plan.Entries[0].Status; got != StatusRemoved {
		t.Errorf("the erased person's status is %v, want StatusRemoved", got)
	}
	if c := plan.Counts(); c.New != 0 || c.Removed != 1 || c.AlreadyHere != first.People-1 {
		t.Errorf("counts %+v: want nobody new, 1 removed, %d already here", c, first.People-1)
	}
	changes, res, err := plan.Changes("staff-1", audit.Recorder{}, false)
	if err != nil {
		t.Fatal(err)
	}
	if res.People != 0 || res.Removed != 1 {
		t.Errorf("again: %+v, want nobody added and 1 removed", res)
	}
	for _, c := range changes {
		if c.ID == erased || c.Fields["person_id"] == erased {
			t.Errorf("the import writes %s %s for the erased person", c.Kind, c.ID)
		}
	}
	if err := Save(st, "staff-1", changes, nil); err != nil {
		t.Fatal(err)
	}
	if _, ok := st.View().Person(erased); ok {
		t.Error("the erased person is back")
	}
	if n := st.View().Count(domain.KindPerson); n != first.People+1 {
		t.Errorf("%d people on the device, want %d", n, first.People+1)
	}
}
