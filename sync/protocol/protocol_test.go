package protocol

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
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

// BenchmarkDecodePushForms decodes a push of 5,000 writes (625 attendance
// marks) in each form, as the server does after inflating the body, and
// reports each form's size before and after gzip (issue 13).
func BenchmarkDecodePushForms(b *testing.B) {
	clock := hlc.NewClock("01JEXAMPLEDEVICE0000000000", nil)
	var seqs []uint64
	var ws []record.Write
	for m := 0; len(ws) < MaxPushWrites; m++ {
		id := fmt.Sprintf("garden-club@2026-%02d-%02d/person-%d", 1+m/280%12, 1+m/40%28, m%40)
		for _, f := range [][2]string{{"activity_id", "garden-club"}, {"date", "2026-01-01"}, {"marked_at", "2026-01-01T10:00:00Z"},
			{"marked_by", "sam"}, {"person_id", fmt.Sprint("person-", m%40)}, {"session_id", "garden-club@2026-01-01"}, {"status", "present"}, {"venue_id", "v1"}} {
			seqs = append(seqs, uint64(len(ws)+1))
			ws = append(ws, record.Write{Kind: "attendance", ID: id, Field: f[0], Value: f[1], Stamp: clock.Now(), Staff: "sam"})
		}
	}
	req := PushRequest{Schema: Schema, Epoch: "e", Writes: make([]Write, len(ws))}
	for i, w := range ws {
		req.Writes[i] = FromRecord(seqs[i], w)
	}
	jsonBody, _ := json.Marshal(&req)
	jsonGz, _ := Encode(&req)
	var compactGz bytes.Buffer
	if err := EncodePush(&compactGz, &PushRequest{Schema: Schema, Epoch: "e"}, seqs, ws); err != nil {
		b.Fatal(err)
	}
	compact, err := inflateForTest(compactGz.Bytes())
	if err != nil {
		b.Fatal(err)
	}
	b.Run("json", func(b *testing.B) {
		for b.Loop() {
			var r PushRequest
			if err := DecodeBytes(jsonBody, false, 1<<30, &r); err != nil {
				b.Fatal(err)
			}
			for _, w := range r.Writes {
				if _, err := w.ToRecord(); err != nil {
					b.Fatal(err)
				}
			}
		}
		b.ReportMetric(float64(len(jsonBody)), "bytes")
		b.ReportMetric(float64(len(jsonGz)), "gzip-bytes")
	})
	b.Run("compact", func(b *testing.B) {
		for b.Loop() {
			if _, _, _, err := DecodePush(compact, MaxCompactPushWrites); err != nil {
				b.Fatal(err)
			}
		}
		b.ReportMetric(float64(len(compact)), "bytes")
		b.ReportMetric(float64(compactGz.Len()), "gzip-bytes")
	})
}
