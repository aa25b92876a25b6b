package protocol

import (
	"bytes"
	"io"
	"strings"
	"testing"

	"github.com/klauspost/compress/gzip"

	"github.com/gather-sp/gather/hlc"
	"github.com/gather-sp/gather/record"
)

// The server decodes every request body with DecodeBytes and then
// Validate; neither may panic, and a body that passes must convert.

func FuzzDecodePushRequest(f *testing.F) {
	f.Add([]byte(`{"schema":1,"epoch":"e","writes":[{"seq":1,"kind":"attendance","id":"s@2026-11-20/p","field":"status","value":"present","stamp":"1.0@d","base":"","staff":"x"}]}`), false)
	f.Add([]byte(`{"schema":1,"rebase":true,"writes":[]}`), false)
	f.Add([]byte{0x1f, 0x8b, 8, 0, 0, 0, 0, 0}, true)
	f.Fuzz(func(t *testing.T, body []byte, gzipped bool) {
		var req PushRequest
		if err := DecodeBytes(body, gzipped, 1<<20, &req); err != nil {
			return
		}
		if err := req.Validate(); err != nil {
			return
		}
		for _, w := range req.Writes {
			rw, err := w.ToRecord()
			if err != nil {
				t.Fatalf("validated write does not convert: %v", err)
			}
			if back := FromRecord(w.Seq, rw); back.Kind != w.Kind || back.ID != w.ID || back.Value != w.Value {
				t.Fatalf("round trip changed %+v to %+v", w, back)
			}
		}
	})
}

func FuzzDecodePullRequest(f *testing.F) {
	f.Add([]byte(`{"schema":1,"epoch":"abc","after":12,"limit":100}`), false)
	f.Add([]byte(`{"schema":1,"limit":-1}`), false)
	f.Fuzz(func(t *testing.T, body []byte, gzipped bool) {
		var req PullRequest
		if err := DecodeBytes(body, gzipped, 1<<20, &req); err != nil {
			return
		}
		if req.Validate() == nil && (req.Limit < 0 || req.Limit > MaxPullEntities) {
			t.Fatalf("limit %d passed validation", req.Limit)
		}
		CheckSchema(req.Schema)
	})
}

func FuzzDecodeEnrolRequest(f *testing.F) {
	f.Add([]byte(`{"schema":1,"code":"ABCD-EFGH-JKLM","device_id":"d","device_name":"Tablet"}`), false)
	f.Fuzz(func(t *testing.T, body []byte, gzipped bool) {
		var req EnrolRequest
		if err := DecodeBytes(body, gzipped, 1<<20, &req); err != nil {
			return
		}
		if req.Validate() == nil && (req.Code == "" || req.DeviceID == "") {
			t.Fatal("an empty code or device passed validation")
		}
	})
}

func FuzzDecodeAdminRequests(f *testing.F) {
	f.Add([]byte(`{"schema":1,"scope":{"venues":["v1"]},"role":"facilitator","valid_for_minutes":60}`))
	f.Add([]byte(`{"schema":1,"name":"Hall","address":"1 High St"}`))
	f.Add([]byte(`{"schema":1,"device_id":"x"}`))
	f.Fuzz(func(t *testing.T, body []byte) {
		var a CreateCodeRequest
		var b AddVenueRequest
		var c RevokeRequest
		DecodeBytes(body, false, 1<<20, &a)
		DecodeBytes(body, false, 1<<20, &b)
		DecodeBytes(body, false, 1<<20, &c)
	})
}

func FuzzParseStamp(f *testing.F) {
	f.Add("1795166092000.19@server")
	f.Add("-1.0@")
	f.Fuzz(func(t *testing.T, s string) {
		w := Write{Seq: 1, Kind: "k", ID: "i", Field: "f", Stamp: s}
		rw, err := w.ToRecord()
		if err != nil {
			return
		}
		if rw.Stamp.String() != s && rw.Stamp.IsZero() {
			t.Fatalf("stamp %q parsed to zero", s)
		}
	})
}

// The client decodes every pull answer with DecodePage.
func FuzzDecodePage(f *testing.F) {
	var buf bytes.Buffer
	EncodePage(&buf, &PullResponse{Schema: 1, Epoch: "e", Next: 3, Entities: []Entity{{Kind: "person", ID: "p", State: []byte{1, 0}}}})
	f.Add(buf.Bytes(), true)
	f.Add([]byte(pageMagic+"\x02{}\x01\x01a\x01b\x00"), false)
	f.Fuzz(func(t *testing.T, body []byte, gzipped bool) {
		resp, err := DecodePage(bytes.NewReader(body), gzipped, 1<<20)
		if err != nil {
			return
		}
		var again bytes.Buffer
		if err := EncodePage(&again, resp); err != nil {
			t.Fatal(err)
		}
		back, err := DecodePage(&again, true, 1<<20)
		if err != nil || len(back.Entities) != len(resp.Entities) || back.Next != resp.Next {
			t.Fatalf("round trip: %v", err)
		}
	})
}

// FuzzDecodePush: any body the compact push decoder accepts is a push
// the JSON form would accept too, write for write.
func FuzzDecodePush(f *testing.F) {
	var buf bytes.Buffer
	ws := []record.Write{
		{Kind: "attendance", ID: "s@2026-11-20/p", Field: "status", Value: "present", Stamp: hlc.Timestamp{Wall: 1, Device: "d"}, Staff: "x"},
		{Kind: "attendance", ID: "s@2026-11-20/p", Field: "note", Value: "Zoë", Stamp: hlc.Timestamp{Wall: 1, Counter: 1, Device: "d"}, Base: hlc.Timestamp{Wall: 0, Device: "e"}},
	}
	if err := EncodePush(&buf, &PushRequest{Schema: 1, Epoch: "e"}, []uint64{1, 3}, ws); err != nil {
		f.Fatal(err)
	}
	body, _ := inflateForTest(buf.Bytes())
	f.Add(body)
	f.Add([]byte(pushMagic + "\x02{}\x00"))
	f.Fuzz(func(t *testing.T, body []byte) {
		req, seqs, ws, err := DecodePush(body, MaxPushWrites)
		if err != nil {
			return
		}
		for i, w := range ws {
			jw := FromRecord(seqs[i], w)
			req.Writes = append(req.Writes, jw)
			back, err := jw.ToRecord()
			if err != nil || back != w {
				t.Fatalf("write %d decodes to %+v but its JSON form to %+v (%v)", i, w, back, err)
			}
		}
		if err := req.Validate(); err != nil {
			t.Fatalf("the JSON form of an accepted push is refused: %v", err)
		}
	})
}

// FuzzPushForms: one write, encoded both ways, is accepted by both or by
// neither, and decodes the same.
func FuzzPushForms(f *testing.F) {
	f.Add("attendance", "a@2026-11-20/p", "status", "present", "sam", int64(1795166092000), uint32(3), "tablet", int64(0), uint32(0), "")
	f.Add("person", "p\x00", "given_name", "A\x00nn", "", int64(-1), uint32(70000), "", int64(5), uint32(1), "x\xff")
	long := strings.Repeat("d", 2*MaxIDBytes-20)
	f.Add("person", "p", "given_name", "Ann", "", int64(1795166092000), uint32(3), long, int64(1795166092000), uint32(0), long)
	f.Add("person", "p", "given_name", "Ann", "", int64(1), uint32(3), long, int64(0), uint32(0), "")
	f.Fuzz(func(t *testing.T, kind, id, field, value, staff string, wall int64, ctr uint32, dev string, bwall int64, bctr uint32, bdev string) {
		w := record.Write{Kind: record.Kind(kind), ID: id, Field: field, Value: value, Staff: staff,
			Stamp: hlc.Timestamp{Wall: wall, Counter: ctr, Device: dev}, Base: hlc.Timestamp{Wall: bwall, Counter: bctr, Device: bdev}}
		jw := FromRecord(1, w)
		fromJSON, jerr := jw.ToRecord()
		var buf bytes.Buffer
		if err := EncodePush(&buf, &PushRequest{Schema: 1}, []uint64{1}, []record.Write{w}); err != nil {
			t.Fatal(err)
		}
		body, err := inflateForTest(buf.Bytes())
		if err != nil {
			t.Fatal(err)
		}
		_, _, ws, berr := DecodePush(body, MaxPushWrites)
		switch {
		case (jerr == nil) != (berr == nil):
			t.Fatalf("JSON form: %v; compact form: %v", jerr, berr)
		case jerr == nil && (len(ws) != 1 || ws[0] != fromJSON):
			t.Fatalf("JSON form decodes to %+v, compact form to %+v", fromJSON, ws)
		}
	})
}

func inflateForTest(b []byte) ([]byte, error) {
	zr, err := gzip.NewReader(bytes.NewReader(b))
	if err != nil {
		return nil, err
	}
	return io.ReadAll(zr)
}
