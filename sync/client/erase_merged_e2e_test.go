package client_test

import (
	"reflect"
	"testing"

	"github.com/gather-sp/gather/domain"
	"github.com/gather-sp/gather/record"
	"github.com/gather-sp/gather/sync/client"
)

// TestErasedDuplicateKeepsMergedIntoEverywhere: Wilhelmina was registered
// twice more: wil2 merged into her at the office, and wil3 merged on a
// laptop the office had not heard from when it erased her, so the server
// erases wil3 itself. Each tombstone keeps merged_into (a random id, no
// personal data) and nothing else, on the server and on every device, so
// reports still count her once.
func TestErasedDuplicateKeepsMergedIntoEverywhere(t *testing.T) {
	w := newErasureWorld(t)
	laptop := w.env.NewDeviceAs("link worker laptop", org, domain.RoleLinkWorker, client.Options{}, nil)
	w.office.Save(domain.KindPerson, "wil2", map[string]string{"given_name": "Wilhelmina", "phone": "07700 900123"})
	w.office.Save(domain.KindPerson, "wil2", map[string]string{record.FieldMergedInto: "wil"})
	w.office.Sync()
	laptop.Sync()
	laptop.Save(domain.KindPerson, "wil3", map[string]string{"given_name": "Wilhelmina", "nhs_number": "401 023 2137"})
	laptop.Save(domain.KindPerson, "wil3", map[string]string{record.FieldMergedInto: "wil"})
	laptop.Sync()

	if err := w.office.Store.ErasePerson("admin", "wil"); err != nil {
		t.Fatal(err)
	}
	w.office.Sync()
	laptop.Sync()
	w.office.Sync()

	want := map[string]string{record.FieldErased: "true", record.FieldMergedInto: "wil"}
	for _, id := range []string{"wil2", "wil3"} {
		e, err := w.env.Store.Entity(domain.KindPerson, id)
		if err != nil {
			t.Fatal(err)
		}
		// Beside the server's seal of the erasure, which every copy holds
		// unchanged (sync/server: erasureseal.go).
		seal := e.Get(record.FieldErasureSeal)
		if got := withoutSeal(e, seal); seal == "" || !reflect.DeepEqual(got, want) {
			t.Errorf("server: %s holds %v, want %v and a seal", id, e.Values(), want)
		}
		for _, d := range []struct {
			name  string
			state func() (*record.Entity, error)
		}{
			{"office", func() (*record.Entity, error) { return w.office.Store.Entity(domain.KindPerson, id) }},
			{"laptop", func() (*record.Entity, error) { return laptop.Store.Entity(domain.KindPerson, id) }},
		} {
			e, err := d.state()
			if err != nil {
				t.Fatal(err)
			}
			if got := withoutSeal(e, seal); !reflect.DeepEqual(got, want) {
				t.Errorf("%s: %s holds %v, want %v and the server's seal", d.name, id, e.Values(), want)
			}
		}
	}
	if n := len(w.office.Store.View().Retired(domain.KindPerson)); n != 2 {
		t.Errorf("the office's read model keeps %d erased duplicates for reports, want 2", n)
	}
}

// withoutSeal is e's values less its erasure seal, when that is seal ("" for
// any other seal).
func withoutSeal(e *record.Entity, seal string) map[string]string {
	v := e.Values()
	if v[record.FieldErasureSeal] == seal {
		delete(v, record.FieldErasureSeal)
	}
	return v
}
