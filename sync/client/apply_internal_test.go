package client

import (
	"fmt"
	"strings"
	"testing"

	"github.com/gather-sp/gather/domain"
	"github.com/gather-sp/gather/hlc"
	"github.com/gather-sp/gather/record"
	"github.com/gather-sp/gather/storage"
)

// TestApplyTooBigInHalvesCursorLast: a page too big for one store
// transaction is applied in halves, and the cursor goes only with the last
// half, so a failure part-way leaves the cursor where it was and the page
// is pulled again (merging what was applied to the same state).
func TestApplyTooBigInHalvesCursorLast(t *testing.T) {
	page := func(bad bool) []*record.Entity {
		note := strings.Repeat("a quiet seat, please; ", 1000) // ~22 KB a record
		var out []*record.Entity
		for i := range 2 * storage.MaxBatchBytes / len(note) { // two transactions' worth
			e := record.NewEntity(domain.KindPerson, fmt.Sprint("p", i))
			e.Fields["access_needs"] = record.FieldState{Value: note, Stamp: hlc.Timestamp{Wall: 5, Device: "server"}}
			out = append(out, e)
		}
		if bad {
			out[len(out)-1].Kind = "" // the last half fails
		}
		return out
	}
	tests := []struct {
		name       string
		bad        bool
		wantCursor string
	}{
		{"every half applied", false, "7"},
		{"the last half fails", true, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			st, err := storage.Open(t.TempDir(), storage.Options{})
			if err != nil {
				t.Fatal(err)
			}
			defer st.Close()
			c := New(st, Options{})
			records := page(tc.bad)
			states := make([][]byte, len(records)) // as they came: halved with the records
			for i, e := range records {
				states[i] = record.AppendEntity(nil, e)
			}
			err = c.apply(records, states, map[string][]byte{MetaCursor: []byte("7")})
			if tc.bad != (err != nil) {
				t.Fatalf("apply: %v", err)
			}
			if got, _ := st.Meta(MetaCursor); string(got) != tc.wantCursor {
				t.Errorf("cursor %q, want %q", got, tc.wantCursor)
			}
			if n := st.View().Count(domain.KindPerson); !tc.bad && n != len(records) {
				t.Errorf("%d people applied, want %d", n, len(records))
			}
		})
	}
}
