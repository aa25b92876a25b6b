package storage

import (
	"bytes"
	"testing"
)

func TestKeyRoundTrip(t *testing.T) {
	keys := []Key{
		{Prefix: prefixEntity, Kind: "person", ID: "abc"},
		{Prefix: prefixEntity, Kind: "attendance", ID: "act@2026-11-21/p1"},
		{Prefix: prefixEntity, Kind: "venue", ID: ""},
		{Prefix: prefixQueue, Seq: 0},
		{Prefix: prefixQueue, Seq: 1<<64 - 1},
		{Prefix: prefixMeta, Name: "cursor"},
	}
	for _, k := range keys {
		t.Run(string(k.Bytes()), func(t *testing.T) {
			got, err := ParseKey(k.Bytes())
			if err != nil || got != k {
				t.Fatalf("ParseKey(Bytes(%+v)) = %+v, %v", k, got, err)
			}
		})
	}
}

func TestQueueKeysSortNumerically(t *testing.T) {
	if bytes.Compare(queueKey(255), queueKey(256)) >= 0 {
		t.Fatal("queue keys must sort in sequence order")
	}
}

func TestParseKeyRejects(t *testing.T) {
	for _, b := range [][]byte{nil, {'Z'}, {prefixEntity}, {prefixEntity, 0, 'x'}, {prefixQueue, 1, 2}} {
		if _, err := ParseKey(b); err == nil {
			t.Errorf("ParseKey(%q) succeeded", b)
		}
	}
}

func FuzzParseKey(f *testing.F) {
	f.Add(entityKey("person", "p1"))
	f.Add(queueKey(7))
	f.Add(metaKey("hlc"))
	f.Fuzz(func(t *testing.T, b []byte) {
		k, err := ParseKey(b)
		if err != nil {
			return
		}
		if !bytes.Equal(k.Bytes(), b) {
			t.Fatalf("Bytes(ParseKey(%q)) = %q", b, k.Bytes())
		}
	})
}
