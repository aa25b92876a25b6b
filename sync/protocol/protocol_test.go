package protocol

import (
	"bytes"
	"errors"
	"testing"

	"github.com/gather-sp/gather/hlc"
	"github.com/gather-sp/gather/record"
)

func TestEncodeDecodeRoundTrip(t *testing.T) {
	in := PushRequest{Schema: Schema, Epoch: "e1", Writes: []Write{FromRecord(7, record.Write{Kind: "person", ID: "p1",
		Field: "given_name", Value: "Ann", Stamp: hlc.Timestamp{Wall: 5, Counter: 2, Device: "d"}, Staff: "s"})}}
	body, err := Encode(in)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(body, []byte{0x1f, 0x8b}) {
		t.Fatal("the body is not gzip")
	}
	var out PushRequest
	if err := DecodeBytes(body, true, 1<<20, &out); err != nil {
		t.Fatal(err)
	}
	w, err := out.Writes[0].ToRecord()
	if err != nil || w.Value != "Ann" || w.Stamp.Counter != 2 || out.Writes[0].Seq != 7 {
		t.Fatalf("round trip gave %+v %v", out, err)
	}
}

func TestDecodeLimits(t *testing.T) {
	big, _ := Encode(map[string]string{"pad": string(bytes.Repeat([]byte("a"), 10000))})
	cases := []struct {
		name                string
		maxRaw, maxInflated int64
		tooLarge            bool
	}{
		{"within limits", 1 << 20, 1 << 20, false},
		{"raw too large", 10, 1 << 20, true},
		{"inflates too large", 1 << 20, 100, true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var v map[string]string
			err := Decode(bytes.NewReader(big), true, tc.maxRaw, tc.maxInflated, &v)
			if errors.Is(err, ErrTooLarge) != tc.tooLarge {
				t.Fatalf("err %v", err)
			}
		})
	}
}

func TestCheckSchema(t *testing.T) {
	cases := []struct {
		v    int
		code string
	}{{0, CodeBadRequest}, {-3, CodeUpdateRequired}, {Schema, ""}, {Schema + 1, CodeServerTooOld}}
	for _, tc := range cases {
		e := CheckSchema(tc.v)
		got := ""
		if e != nil {
			got = e.Code
			if e.Message == "" {
				t.Errorf("schema %d: no message", tc.v)
			}
		}
		if got != tc.code {
			t.Errorf("schema %d: %q, want %q", tc.v, got, tc.code)
		}
	}
}
