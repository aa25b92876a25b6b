package record

import (
	"errors"
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
	e := sampleEntity()
	got, err := DecodeEntity(e.Kind, e.ID, AppendEntity(nil, e), nil)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, e) {
		t.Fatalf("got %+v\nwant %+v", got, e)
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
	good := AppendEntity(nil, sampleEntity())
	cases := map[string][]byte{
		"empty":     nil,
		"version":   append([]byte{9}, good[1:]...),
		"truncated": good[:len(good)-2],
		"trailing":  append(append([]byte{}, good...), 0),
		"huge":      {1, 0xff, 0xff, 0xff, 0xff, 0x0f},
	}
	for name, b := range cases {
		t.Run(name, func(t *testing.T) {
			if _, err := DecodeEntity("person", "p", b, nil); !errors.Is(err, ErrCorrupt) {
				t.Fatalf("err = %v, want ErrCorrupt", err)
			}
			if _, err := DecodeWrite(b); !errors.Is(err, ErrCorrupt) {
				t.Fatalf("DecodeWrite err = %v, want ErrCorrupt", err)
			}
		})
	}
}

func FuzzDecodeEntity(f *testing.F) {
	f.Add(AppendEntity(nil, sampleEntity()))
	f.Add([]byte{1, 0})
	f.Fuzz(func(t *testing.T, b []byte) {
		e, err := DecodeEntity("k", "id", b, nil)
		if err != nil {
			return
		}
		again, err := DecodeEntity("k", "id", AppendEntity(nil, e), nil)
		if err != nil || !reflect.DeepEqual(again, e) {
			t.Fatalf("re-encoding changed the entity: %v", err)
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
	e := sampleEntity()
	b := AppendEntity(nil, e)
	got := map[string]string{}
	if err := VisitValues(b, func(n, v []byte) { got[string(n)] = string(v) }); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, e.Values()) {
		t.Fatalf("VisitValues = %v, want %v", got, e.Values())
	}
	if err := VisitValues(b[:len(b)-1], func(n, v []byte) {}); !errors.Is(err, ErrCorrupt) {
		t.Fatalf("truncated: %v", err)
	}
}

func FuzzVisitValues(f *testing.F) {
	f.Add(AppendEntity(nil, sampleEntity()))
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
