package record

import (
	"flag"
	"math/rand"
	"reflect"
	"testing"

	"github.com/gather-sp/gather/hlc"
)

var seedFlag = flag.Int64("seed", 0, "replay one merge property seed")

func ts(wall int64, ctr uint32, dev string) hlc.Timestamp {
	return hlc.Timestamp{Wall: wall, Counter: ctr, Device: dev}
}

// randomWrites makes writes to a few fields of one entity from a few devices,
// with colliding wall times so ties on (wall, counter) are common.
func randomWrites(r *rand.Rand) []Write {
	devices := []string{"tablet-a", "tablet-b", "laptop"}
	fields := []string{"status", "note", FieldDeleted, FieldMergedInto, FieldErased}
	n := 1 + r.Intn(30)
	out := make([]Write, n)
	used := map[hlc.Timestamp]bool{}
	for i := range out {
		// A stamp names one write: a device never stamps two writes alike.
		stamp := ts(int64(r.Intn(5)), uint32(r.Intn(2)), devices[r.Intn(len(devices))])
		for used[stamp] {
			stamp.Counter++
		}
		used[stamp] = true
		out[i] = Write{
			Kind: "attendance", ID: "s1/p1",
			Field: fields[r.Intn(len(fields))],
			Value: []string{"v0", "v1", "v2", "true"}[r.Intn(4)],
			Stamp: stamp,
			Staff: "staff",
		}
	}
	return out
}

// randomTwinWrites is randomWrites as two copies of one store would make
// them (they share a device id until the server tells them apart): some
// writes reuse a stamp with another value and staff member, and bases
// vary, so merges meet equal stamps and the tie-break.
func randomTwinWrites(r *rand.Rand) []Write {
	ws := randomWrites(r)
	for i := range ws {
		ws[i].Staff = []string{"staff", "other"}[r.Intn(2)]
		if r.Intn(3) == 0 {
			ws[i].Base = ts(int64(r.Intn(5)), 0, "laptop")
		}
		if i > 0 && r.Intn(4) == 0 {
			ws[i].Stamp = ws[r.Intn(i)].Stamp
		}
	}
	return ws
}

func merge(ws []Write) *Entity {
	e := NewEntity("attendance", "s1/p1")
	for _, w := range ws {
		e.Apply(w)
	}
	return e
}

// TestMergeConverges: any permutation and duplication of the same writes
// gives the same state. Run with -seed=N to replay one failing seed.
func TestMergeConverges(t *testing.T) {
	t.Run("distinct stamps", func(t *testing.T) { testMergeConverges(t, randomWrites) })
	t.Run("twin stores", func(t *testing.T) { testMergeConverges(t, randomTwinWrites) })
}

func testMergeConverges(t *testing.T, randomWrites func(*rand.Rand) []Write) {
	seeds := make([]int64, 0, 500)
	if *seedFlag != 0 {
		seeds = append(seeds, *seedFlag)
	} else {
		for s := int64(1); s <= 500; s++ {
			seeds = append(seeds, s)
		}
	}
	for _, seed := range seeds {
		r := rand.New(rand.NewSource(seed))
		ws := randomWrites(r)
		want := merge(ws)
		for trial := 0; trial < 20; trial++ {
			shuffled := append([]Write(nil), ws...)
			// duplicate some writes
			for i := r.Intn(len(ws) + 1); i > 0; i-- {
				shuffled = append(shuffled, ws[r.Intn(len(ws))])
			}
			r.Shuffle(len(shuffled), func(i, j int) { shuffled[i], shuffled[j] = shuffled[j], shuffled[i] })
			if got := merge(shuffled); !reflect.DeepEqual(got.Fields, want.Fields) {
				t.Fatalf("seed %d trial %d diverged (replay: go test ./record -run TestMergeConverges -seed=%d)\n got  %v\n want %v",
					seed, trial, seed, got.Fields, want.Fields)
			}
		}
		// associativity: merging two partial states' writes gives the same result
		cut := r.Intn(len(ws) + 1)
		left, right := merge(ws[:cut]), merge(ws[cut:])
		combined := merge(append(left.Writes(), right.Writes()...))
		if !reflect.DeepEqual(combined.Fields, want.Fields) {
			t.Fatalf("seed %d: merging partial states diverged (replay with -seed=%d)", seed, seed)
		}
	}
}

// TestConflictWinnerSameBothWays: two concurrent writes produce the same
// winner and the same recorded loser whichever arrives first.
func TestConflictWinnerSameBothWays(t *testing.T) {
	a := Write{Kind: "attendance", ID: "x", Field: "status", Value: "present", Stamp: ts(100, 0, "tablet-a"), Staff: "ann"}
	b := Write{Kind: "attendance", ID: "x", Field: "status", Value: "absent", Stamp: ts(100, 0, "tablet-b"), Staff: "bob"}
	for _, order := range [][]Write{{a, b}, {b, a}} {
		t.Run(order[0].Stamp.Device+"-first", func(t *testing.T) {
			e := NewEntity("attendance", "x")
			e.Apply(order[0])
			out := e.Apply(order[1])
			if got := e.Get("status"); got != "absent" {
				t.Fatalf("winner %q, want absent (tablet-b breaks the tie)", got)
			}
			if out.Conflict == nil {
				t.Fatal("no conflict recorded for concurrent writes")
			}
			if out.Conflict.Loser.Value != "present" || out.Conflict.Loser.Staff != "ann" || out.Conflict.Winner.Staff != "bob" {
				t.Fatalf("conflict %+v", out.Conflict)
			}
		})
	}
}

func TestNoConflictWhenAuthorSawPreviousWrite(t *testing.T) {
	first := Write{Kind: "k", ID: "x", Field: "f", Value: "one", Stamp: ts(100, 0, "a")}
	second := Write{Kind: "k", ID: "x", Field: "f", Value: "two", Stamp: ts(200, 0, "b"), Base: first.Stamp}
	for _, order := range [][]Write{{first, second}, {second, first}} {
		e := NewEntity("k", "x")
		e.Apply(order[0])
		if out := e.Apply(order[1]); out.Conflict != nil {
			t.Fatalf("sequential edit reported as conflict: %+v", out.Conflict)
		}
		if e.Get("f") != "two" {
			t.Fatalf("got %q", e.Get("f"))
		}
	}
}

func TestSameValueIsNotAConflict(t *testing.T) {
	e := NewEntity("k", "x")
	e.Apply(Write{Kind: "k", ID: "x", Field: "f", Value: "present", Stamp: ts(1, 0, "a")})
	if out := e.Apply(Write{Kind: "k", ID: "x", Field: "f", Value: "present", Stamp: ts(1, 0, "b")}); out.Conflict != nil {
		t.Fatal("two tablets ticking the same mark is not a conflict")
	}
}

func TestApplyIgnoresOtherEntity(t *testing.T) {
	e := NewEntity("k", "x")
	if out := e.Apply(Write{Kind: "k", ID: "y", Field: "f", Value: "v", Stamp: ts(1, 0, "a")}); out.Changed || len(e.Fields) != 0 {
		t.Fatal("write for another entity was applied")
	}
}

func TestErasureIsAbsorbing(t *testing.T) {
	note := Write{Kind: "person", ID: "p", Field: "nhs_number", Value: "943 476 5919", Stamp: ts(300, 0, "a")}
	erase := Write{Kind: "person", ID: "p", Field: FieldErased, Value: "true", Stamp: ts(200, 0, "b")}
	for _, order := range [][]Write{{note, erase}, {erase, note}} {
		e := NewEntity("person", "p")
		for _, w := range order {
			e.Apply(w)
		}
		if !e.Erased() || !e.Deleted() || len(e.Fields) != 1 {
			t.Fatalf("after %s first: fields %v, want only the erasure", order[0].Field, e.Fields)
		}
	}
	// an erasure cannot be undone by a later "erased" = "" write
	e := NewEntity("person", "p")
	e.Apply(erase)
	e.Apply(Write{Kind: "person", ID: "p", Field: FieldErased, Value: "", Stamp: ts(900, 0, "c")})
	if !e.Erased() {
		t.Fatal("erasure was undone")
	}
}

// TestErasureKeepsMergedInto: an erased duplicate keeps the id of the
// record it was merged into (no personal data), whichever arrived first,
// so a report still counts the person once; its other fields go.
func TestErasureKeepsMergedInto(t *testing.T) {
	name := Write{Kind: "person", ID: "p2", Field: "given_name", Value: "Priya", Stamp: ts(100, 0, "a")}
	merged := Write{Kind: "person", ID: "p2", Field: FieldMergedInto, Value: "p1", Stamp: ts(300, 0, "a")}
	erase := Write{Kind: "person", ID: "p2", Field: FieldErased, Value: "true", Stamp: ts(200, 0, "b")}
	for _, order := range [][]Write{{name, merged, erase}, {erase, merged, name}, {merged, erase, name}} {
		e := NewEntity("person", "p2")
		for _, w := range order {
			e.Apply(w)
		}
		if !e.Erased() || e.Get(FieldMergedInto) != "p1" || len(e.Fields) != 2 {
			t.Errorf("after %s, %s, %s: fields %v, want the erasure and merged_into", order[0].Field, order[1].Field, order[2].Field, e.Fields)
		}
	}
}

// TestCopiesThatStampAlikeConverge: two copies of one store (a cloned
// tablet) share a device id until the server tells them apart, so two
// different writes can carry one stamp. Every order still gives one state.
func TestCopiesThatStampAlikeConverge(t *testing.T) {
	for seed := int64(1); seed <= 300; seed++ {
		r := rand.New(rand.NewSource(seed))
		var ws []Write
		for range 2 + r.Intn(12) {
			ws = append(ws, Write{Kind: "attendance", ID: "s1/p1",
				Field: []string{"status", "note"}[r.Intn(2)],
				Value: []string{"present", "absent", "late"}[r.Intn(3)],
				Stamp: ts(int64(r.Intn(3)), 0, "cloned-tablet"),
				Base:  ts(int64(r.Intn(2)), 0, "laptop"),
				Staff: []string{"sam", "ann"}[r.Intn(2)]})
		}
		want := merge(ws)
		for range 20 {
			r.Shuffle(len(ws), func(i, j int) { ws[i], ws[j] = ws[j], ws[i] })
			if got := merge(ws); !reflect.DeepEqual(got.Fields, want.Fields) {
				t.Fatalf("seed %d: writes with one stamp diverged by order\n got  %v\n want %v", seed, got.Fields, want.Fields)
			}
		}
	}
}

// TestMergeOfStatesIsMergeOfWrites: folding one record's state into
// another (a pulled record into the one held) gives what applying every
// write behind both would, and says it changed exactly when it did.
func TestMergeOfStatesIsMergeOfWrites(t *testing.T) {
	for _, gen := range []struct {
		name  string
		write func(*rand.Rand) []Write
	}{{"distinct stamps", randomWrites}, {"twin stores", randomTwinWrites}} {
		for seed := int64(1); seed <= 500; seed++ {
			r := rand.New(rand.NewSource(seed))
			ws := gen.write(r)
			cut := r.Intn(len(ws) + 1)
			held, pulled := merge(ws[:cut]), merge(ws[cut:])
			before := held.Clone()
			changed := held.Merge(pulled)
			if want := merge(ws); !reflect.DeepEqual(held.Fields, want.Fields) {
				t.Fatalf("%s, seed %d: merged states %v, want %v", gen.name, seed, held.Fields, want.Fields)
			}
			if differs := !reflect.DeepEqual(before.Fields, held.Fields); changed != differs {
				t.Fatalf("%s, seed %d: Merge said changed=%v, the state differs=%v", gen.name, seed, changed, differs)
			}
		}
	}
	t.Run("another record's state is ignored", func(t *testing.T) {
		e := merge([]Write{{Kind: "attendance", ID: "s1/p1", Field: "status", Value: "present", Stamp: ts(1, 0, "a")}})
		other := NewEntity("attendance", "s1/p2")
		other.Apply(Write{Kind: "attendance", ID: "s1/p2", Field: "status", Value: "absent", Stamp: ts(9, 0, "b")})
		if e.Merge(other) || e.Get("status") != "present" {
			t.Fatalf("merged another record: %v", e.Fields)
		}
	})
}

// TestEntitiesOf: writes gather into one entity a record, in the order
// records first appear, each the merge of its writes.
func TestEntitiesOf(t *testing.T) {
	r := rand.New(rand.NewSource(7))
	a, b := randomWrites(r), randomWrites(r)
	for i := range b {
		b[i].ID = "s1/p2"
	}
	mixed := append(append([]Write{}, b[:1]...), a...)
	mixed = append(mixed, b[1:]...)
	got := EntitiesOf(mixed)
	if len(got) != 2 || got[0].ID != "s1/p2" || got[1].ID != "s1/p1" {
		t.Fatalf("entities %v, want s1/p2 then s1/p1", got)
	}
	wantB := NewEntity("attendance", "s1/p2")
	for _, w := range b {
		wantB.Apply(w)
	}
	if !reflect.DeepEqual(got[0].Fields, wantB.Fields) || !reflect.DeepEqual(got[1].Fields, merge(a).Fields) {
		t.Fatalf("grouped states differ from the merge of their writes")
	}
}

// TestCopiesThatStampAlikeConflict: two copies of one store can save two
// values of one field under one stamp (their clock read ahead of both wall
// clocks); neither saw the other's, so the losing value is a conflict, the
// same one whichever arrives first; the same write twice is none.
func TestCopiesThatStampAlikeConflict(t *testing.T) {
	a := Write{Kind: "person", ID: "ann", Field: "phone", Value: "07700 900001", Stamp: ts(5, 1, "tablet"), Base: ts(4, 0, "office"), Staff: "sam"}
	b := a
	b.Value = "07700 900002"
	var conflicts []Conflict
	for _, order := range [][]Write{{a, b}, {b, a}} {
		e := NewEntity("person", "ann")
		e.Apply(order[0])
		out := e.Apply(order[1])
		if out.Conflict == nil {
			t.Fatalf("%q after %q: no conflict, the losing save is lost", order[1].Value, order[0].Value)
		}
		conflicts = append(conflicts, *out.Conflict)
	}
	if !reflect.DeepEqual(conflicts[0], conflicts[1]) {
		t.Errorf("the conflict depends on the order: %+v, %+v", conflicts[0], conflicts[1])
	}
	if w := conflicts[0]; w.Winner.Value != "07700 900002" || w.Loser.Value != "07700 900001" {
		t.Errorf("winner %q loser %q, want the greater value to win", w.Winner.Value, w.Loser.Value)
	}
	e := NewEntity("person", "ann")
	e.Apply(a)
	if out := e.Apply(a); out.Conflict != nil || out.Changed {
		t.Errorf("the same write twice: %+v", out)
	}
}

// TestStateDeleted: an encoded state says deleted as the entity does
// (Deleted: deleted or erased), in either encoding.
func TestStateDeleted(t *testing.T) {
	for _, tc := range []struct {
		name   string
		fields map[string]string
		want   bool
	}{
		{"live", map[string]string{"given_name": "Ann"}, false},
		{"deleted", map[string]string{"given_name": "Ann", FieldDeleted: "true"}, true},
		{"erased", map[string]string{FieldErased: "true"}, true},
		{"deleted undone", map[string]string{FieldDeleted: "false"}, false},
		{"a value that says true elsewhere", map[string]string{"note": "true"}, false},
	} {
		e := NewEntity("person", "ann")
		for f, v := range tc.fields {
			e.Apply(Write{Kind: "person", ID: "ann", Field: f, Value: v, Stamp: ts(5, 0, "tablet")})
		}
		if e.Deleted() != tc.want {
			t.Fatalf("%s: the entity's Deleted is %v", tc.name, e.Deleted())
		}
		for _, version := range []byte{1, EntityVersion} {
			if got := StateDeleted(AppendEntityVersion(nil, e, version)); got != tc.want {
				t.Errorf("%s, encoding %d: StateDeleted = %v, want %v", tc.name, version, got, tc.want)
			}
		}
	}
}

// TestBases: a write another names as its base (same record and field)
// was changed again by whoever saw it; one named by a write to another
// field or record, or named by none, was not.
func TestBases(t *testing.T) {
	a1 := Write{Kind: "person", ID: "ann", Field: "phone", Value: "1", Stamp: ts(1, 0, "t")}
	a2 := Write{Kind: "person", ID: "ann", Field: "phone", Value: "2", Stamp: ts(2, 0, "t"), Base: a1.Stamp}
	a3 := Write{Kind: "person", ID: "ann", Field: "phone", Value: "3", Stamp: ts(3, 0, "t"), Base: a2.Stamp}
	otherField := Write{Kind: "person", ID: "ann", Field: "email", Value: "x", Stamp: ts(4, 0, "t"), Base: a3.Stamp}
	otherRecord := Write{Kind: "person", ID: "bob", Field: "phone", Value: "y", Stamp: ts(5, 0, "t"), Base: a3.Stamp}
	based := Bases([]Write{a1, a2, a3, otherField, otherRecord})
	for _, tc := range []struct {
		name string
		w    Write
		want bool
	}{
		{"the first, which the second names", a1, true},
		{"the second, which the third names", a2, true},
		{"the last of the chain", a3, false},
		{"a write no other names", otherField, false},
		{"another record's", otherRecord, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := based(tc.w); got != tc.want {
				t.Errorf("based = %v, want %v", got, tc.want)
			}
		})
	}
}
