package storage

import (
	"fmt"
	"math/rand"
	"reflect"
	"testing"

	"github.com/gather-sp/gather/domain"
	"github.com/gather-sp/gather/hlc"
	"github.com/gather-sp/gather/record"
)

// TestStoresConvergeWhateverTheOrder: two stores fed the same remote writes
// in different orders, split into different transactions and with
// duplicates, end with identical entities and read models.
func TestStoresConvergeWhateverTheOrder(t *testing.T) {
	for seed := int64(1); seed <= 25; seed++ {
		t.Run(fmt.Sprint(seed), func(t *testing.T) {
			r := rand.New(rand.NewSource(seed))
			var ws []record.Write
			used := map[hlc.Timestamp]bool{}
			for i := 0; i < 60; i++ {
				st := hlc.Timestamp{Wall: int64(r.Intn(6)), Counter: uint32(r.Intn(2)), Device: []string{"a", "b", "c"}[r.Intn(3)]}
				for used[st] {
					st.Counter++
				}
				used[st] = true
				sid := domain.SessionID("garden", "2026-11-21")
				ws = append(ws, record.Write{Kind: domain.KindAttendance, ID: domain.AttendanceID(sid, fmt.Sprintf("p%d", r.Intn(4))),
					Field: []string{"status", "note", record.FieldDeleted}[r.Intn(3)], Value: []string{"present", "absent", "true", ""}[r.Intn(4)],
					Stamp: st, Base: hlc.Timestamp{Wall: int64(r.Intn(3))}})
			}
			apply := func(order []record.Write) *Store {
				s, _ := openTemp(t, Options{InMemory: true})
				for len(order) > 0 {
					n := 1 + r.Intn(len(order))
					if _, err := s.ApplyRemote(order[:n], nil); err != nil {
						t.Fatal(err)
					}
					order = order[n:]
				}
				return s
			}
			shuffled := append([]record.Write(nil), ws...)
			shuffled = append(shuffled, ws[:r.Intn(len(ws))]...)
			r.Shuffle(len(shuffled), func(i, j int) { shuffled[i], shuffled[j] = shuffled[j], shuffled[i] })
			a, b := apply(ws), apply(shuffled)
			for p := 0; p < 4; p++ {
				id := domain.AttendanceID(domain.SessionID("garden", "2026-11-21"), fmt.Sprintf("p%d", p))
				ea, _ := a.Entity(domain.KindAttendance, id)
				eb, _ := b.Entity(domain.KindAttendance, id)
				if !reflect.DeepEqual(ea.Fields, eb.Fields) {
					t.Fatalf("seed %d: %s diverged:\n%v\n%v", seed, id, ea.Fields, eb.Fields)
				}
				ra, oka := a.View().Get(domain.KindAttendance, id)
				rb, okb := b.View().Get(domain.KindAttendance, id)
				if oka != okb || (oka && !reflect.DeepEqual(ra.Values(), rb.Values())) {
					t.Fatalf("seed %d: read models diverged for %s", seed, id)
				}
			}
		})
	}
}
