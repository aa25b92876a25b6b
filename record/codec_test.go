package record

import (
	"errors"
	"fmt"
	"reflect"
	"testing"
)

func sampleEntity() *Entity {
	e := NewEntity("person", "p1")
	e.Fields["given_name"] = FieldState{Value: "Zoë", Stamp: ts(1732200000000, 3, "tablet-a"), Staff: "ann"}
	e.Fields[FieldDeleted] = FieldState{Value: "", Stamp: ts(-1, 0, ""), Base: ts(5, 6, "b")}
	return e
}

func TestEntityRoundTrip(t *testing.T) {
	for _, v := range []byte{1, 2} {
		t.Run(fmt.Sprint("version ", v), func(t *testing.T) {
			e := sampleEntity()
			b := AppendEntityVersion(nil, e, v)
			if b[0] != v {
				t.Fatalf("version byte %d, want %d", b[0], v)
			}
			got, err := DecodeEntity(e.Kind, e.ID, b, nil)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, e) {
				t.Fatalf("got %+v\nwant %+v", got, e)
			}
		})
	}
}

// TestEntityVersion2IsSmaller: version 2 names a mark's device and staff
// once, so its state is well under version 1's; the server writes every
// state twice and pages carry them, so this is what a push and a pull save.
func TestEntityVersion2IsSmaller(t *testing.T) {
	e := NewEntity("attendance", "01JD6Q3ZK4M7X2C8R5T9@2026-11-21/01JD6Q3ZK4M7X2C8R5TA")
	device, staff := "K4M7X2C8R5T9Q3ZA", "B6N2W8E4Y1U7I3OP"
	wall := int64(1732200000000)
	for i, f := range [][2]string{{"activity_id", "01JD6Q3ZK4M7X2C8"}, {"date", "2026-11-21"}, {"marked_at", "2026-11-21T10:00:00Z"},
		{"marked_by", staff}, {"person_id", "01JD6Q3ZK4M7X2C9"}, {"session_id", "01JD6Q3ZK4M7X2C8@2026-11-21"}, {"status", "present"}, {"venue_id", "01JD6Q3ZK4M7X2CA"}} {
		e.Fields[f[0]] = FieldState{Value: f[1], Stamp: ts(wall, uint32(i), device), Staff: staff}
	}
	v1, v2 := len(AppendEntityVersion(nil, e, 1)), len(AppendEntity(nil, e))
	if v2*10 > v1*6 {
		t.Fatalf("a mark takes %d bytes in version 2 and %d in version 1; want at most 60%%", v2, v1)
	}
	t.Logf("a mark: %d bytes in version 1, %d in version 2", v1, v2)
}

func TestEntityVersionOf(t *testing.T) {
	for _, v := range []byte{1, 2} {
		if got := EntityVersionOf(AppendEntityVersion(nil, sampleEntity(), v)); got != v {
			t.Fatalf("EntityVersionOf = %d, want %d", got, v)
		}
	}
	if got := EntityVersionOf(nil); got != 0 {
		t.Fatalf("EntityVersionOf(nil) = %d", got)
	}
}

func TestWriteRoundTrip(t *testing.T) {
	w := Write{Kind: "attendance", ID: "a@2026-11-21/p", Field: "status", Value: "present",
		Stamp: ts(1732200000000, 1, "t"), Base: ts(1, 2, "u"), Staff: "ann"}
	got, err := DecodeWrite(AppendWrite(nil, w))
	if err != nil || got != w {
		t.Fatalf("got %+v, %v", got, err)
	}
}

func TestDecodeRejectsCorruption(t *testing.T) {
	good := AppendEntityVersion(nil, sampleEntity(), 1)
	one := NewEntity("person", "p1")
	one.Fields["name"] = FieldState{Value: "Zoë", Stamp: ts(7, 1, "d"), Staff: "s"}
	// 0x02 | 2 names "d" "s" | 1 field | "name" "Zoë" | stamp ref 1, wall 7, counter 1 | base 0 | staff 1
	good2 := []byte{2, 2, 1, 'd', 1, 's', 1, 4, 'n', 'a', 'm', 'e', 4, 'Z', 'o', 0xc3, 0xab, 1, 14, 1, 0, 1}
	if e, err := DecodeEntity("person", "p1", good2, nil); err != nil || !reflect.DeepEqual(e, one) {
		t.Fatalf("the hand-made version 2 entity decodes as %+v, %v", e, err)
	}
	with := func(i int, c byte) []byte { b := append([]byte(nil), good2...); b[i] = c; return b }
	cases := map[string][]byte{
		"empty":                   nil,
		"version":                 append([]byte{9}, good[1:]...),
		"truncated":               good[:len(good)-2],
		"trailing":                append(append([]byte{}, good...), 0),
		"huge":                    {1, 0xff, 0xff, 0xff, 0xff, 0x0f},
		"v2 truncated":            good2[:len(good2)-1],
		"v2 trailing":             append(append([]byte{}, good2...), 0),
		"v2 huge name table":      {2, 0xff, 0xff, 0xff, 0xff, 0x0f},
		"v2 device out of table":  with(17, 3),
		"v2 staff out of table":   with(21, 2),
		"v2 counter out of range": append(append(append([]byte(nil), good2[:19]...), 0xff, 0xff, 0xff, 0xff, 0x7f), good2[20:]...),
	}
	for name, b := range cases {
		t.Run(name, func(t *testing.T) {
			if _, err := DecodeEntity("person", "p", b, nil); !errors.Is(err, ErrCorrupt) {
				t.Fatalf("err = %v, want ErrCorrupt", err)
			}
			if err := VisitValues(b, func(n, v []byte) {}); !errors.Is(err, ErrCorrupt) {
				t.Fatalf("VisitValues err = %v, want ErrCorrupt", err)
			}
			if _, err := DecodeWrite(b); !errors.Is(err, ErrCorrupt) {
				t.Fatalf("DecodeWrite err = %v, want ErrCorrupt", err)
			}
		})
	}
}

func FuzzDecodeEntity(f *testing.F) {
	f.Add(AppendEntity(nil, sampleEntity()))
	f.Add(AppendEntityVersion(nil, sampleEntity(), 1))
	f.Add([]byte{1, 0})
	f.Add([]byte{2, 0, 0})
	f.Fuzz(func(t *testing.T, b []byte) {
		e, err := DecodeEntity("k", "id", b, nil)
		if err != nil {
			return
		}
		for _, v := range []byte{1, 2} {
			again, err := DecodeEntity("k", "id", AppendEntityVersion(nil, e, v), nil)
			if err != nil || !reflect.DeepEqual(again, e) {
				t.Fatalf("re-encoding in version %d changed the entity: %v", v, err)
			}
		}
	})
}

func FuzzDecodeWrite(f *testing.F) {
	f.Add(AppendWrite(nil, Write{Kind: "k", ID: "i", Field: "f", Value: "v"}))
	f.Fuzz(func(t *testing.T, b []byte) {
		w, err := DecodeWrite(b)
		if err != nil {
			return
		}
		if again, err := DecodeWrite(AppendWrite(nil, w)); err != nil || again != w {
			t.Fatalf("re-encoding changed the write: %v", err)
		}
	})
}

func TestVisitValuesMatchesDecode(t *testing.T) {
	for _, v := range []byte{1, 2} {
		e := sampleEntity()
		b := AppendEntityVersion(nil, e, v)
		got := map[string]string{}
		if err := VisitValues(b, func(n, v []byte) { got[string(n)] = string(v) }); err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got, e.Values()) {
			t.Fatalf("version %d: VisitValues = %v, want %v", v, got, e.Values())
		}
		if err := VisitValues(b[:len(b)-1], func(n, v []byte) {}); !errors.Is(err, ErrCorrupt) {
			t.Fatalf("version %d truncated: %v", v, err)
		}
	}
}

func FuzzVisitValues(f *testing.F) {
	f.Add(AppendEntity(nil, sampleEntity()))
	f.Add(AppendEntityVersion(nil, sampleEntity(), 1))
	f.Fuzz(func(t *testing.T, b []byte) {
		visited := map[string]string{}
		errVisit := VisitValues(b, func(n, v []byte) { visited[string(n)] = string(v) })
		e, errDecode := DecodeEntity("k", "id", b, nil)
		if (errVisit == nil) != (errDecode == nil) {
			t.Fatalf("VisitValues err %v, DecodeEntity err %v", errVisit, errDecode)
		}
		if errDecode == nil && !reflect.DeepEqual(visited, e.Values()) {
			t.Fatalf("VisitValues %v, DecodeEntity %v", visited, e.Values())
		}
	})
}

func sampleGroup() ([]uint64, []Write) {
	ws := []Write{
		{Kind: "attendance", ID: "a@2026-11-21/p", Field: "date", Value: "2026-11-21", Stamp: ts(1732200000000, 1, "tablet-a"), Staff: "ann"},
		{Kind: "attendance", ID: "a@2026-11-21/p", Field: "note", Value: "Zoë \x00 came", Stamp: ts(1732200000000, 2, "tablet-a"), Base: ts(5, 6, "tablet-b"), Staff: "ann"},
		{Kind: "attendance", ID: "a@2026-11-21/p", Field: "status", Value: "present", Stamp: ts(1732200000001, 0, "tablet-a"), Base: ts(1, 0, "tablet-a"), Staff: ""},
	}
	return []uint64{40, 41, 45}, ws
}

func TestGroupRoundTrip(t *testing.T) {
	nums, ws := sampleGroup()
	b := AppendGroup(nil, 40, nums, ws)
	info, err := ReadGroupInfo(b, 40)
	if err != nil || info.N != 3 || info.Last != 45 || string(info.Record) != string(AppendWrite(nil, ws[0])[1:len(info.Record)+1]) {
		t.Fatalf("info %+v %v", info, err)
	}
	var gotNums []uint64
	var got []Write
	if err := DecodeGroup(b, 40, func(n uint64, w Write) error {
		gotNums, got = append(gotNums, n), append(got, w)
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(gotNums, nums) || !reflect.DeepEqual(got, ws) {
		t.Fatalf("got %v %+v", gotNums, got)
	}
	// The same numbers from another base.
	b = AppendGroup(nil, 7, nums, ws)
	if info, err := ReadGroupInfo(b, 7); err != nil || info.Last != 45 {
		t.Fatalf("from base 7: %+v %v", info, err)
	}
	// One AppendWrite encoding reads as a group of one.
	one := AppendWrite(nil, ws[1])
	if info, err := ReadGroupInfo(one, 9); err != nil || info.N != 1 || info.Last != 9 || string(info.Record) != string(b[1:len(info.Record)+1]) {
		t.Fatalf("a single write's info %+v %v", info, err)
	}
	if err := DecodeGroup(one, 9, func(n uint64, w Write) error {
		if n != 9 || w != ws[1] {
			t.Errorf("single write: %d %+v", n, w)
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	// Damage is found.
	good := AppendGroup(nil, 40, nums, ws)
	for name, bad := range map[string][]byte{
		"empty": nil, "version": append([]byte{9}, good[1:]...), "truncated": good[:len(good)-2],
		"trailing": append(append([]byte{}, good...), 0),
	} {
		err := DecodeGroup(bad, 40, func(uint64, Write) error { return nil })
		if !errors.Is(err, ErrCorrupt) {
			t.Errorf("%s: err = %v, want ErrCorrupt", name, err)
		}
	}
}

func FuzzDecodeGroup(f *testing.F) {
	nums, ws := sampleGroup()
	f.Add(AppendGroup(nil, 40, nums, ws))
	f.Add(AppendWrite(nil, ws[0]))
	f.Fuzz(func(t *testing.T, b []byte) {
		var gotNums []uint64
		var got []Write
		if err := DecodeGroup(b, 3, func(n uint64, w Write) error {
			gotNums, got = append(gotNums, n), append(got, w)
			return nil
		}); err != nil || len(got) == 0 || b[0] != groupVersion {
			return
		}
		info, err := ReadGroupInfo(b, 3)
		if err != nil || info.N != len(got) || info.Last != gotNums[len(gotNums)-1] {
			t.Fatalf("info %+v %v for %d writes to %d", info, err, len(got), gotNums[len(gotNums)-1])
		}
		again := AppendGroup(nil, 3, gotNums, got)
		var back []Write
		if err := DecodeGroup(again, 3, func(_ uint64, w Write) error { back = append(back, w); return nil }); err != nil || !reflect.DeepEqual(back, got) {
			t.Fatalf("re-encoding: %v", err)
		}
	})
}
