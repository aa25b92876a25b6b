package protocol

import (
	"strings"
	"testing"
)

// TestToRecordRefusesGarbledText (issue 10 item 9): invalid UTF-8 in any
// string of a write, and a NUL anywhere but the value, is refused with an
// error naming the part; a NUL in a value is a person's text and is kept.
func TestToRecordRefusesGarbledText(t *testing.T) {
	ok := Write{Seq: 7, Kind: "person", ID: "p1", Field: "given_name", Value: "Ann", Stamp: "1.0@tablet", Staff: "s1"}
	const bad = "\xff"
	cases := []struct {
		name   string
		change func(w *Write)
		want   string // in the error; "" means accepted
	}{
		{"valid", func(w *Write) {}, ""},
		{"invalid UTF-8 in kind", func(w *Write) { w.Kind += bad }, "kind"},
		{"invalid UTF-8 in id", func(w *Write) { w.ID += bad }, ": id"},
		{"invalid UTF-8 in field", func(w *Write) { w.Field += bad }, "field name"},
		{"invalid UTF-8 in value", func(w *Write) { w.Value += bad }, "value"},
		{"invalid UTF-8 in staff", func(w *Write) { w.Staff += bad }, "staff"},
		{"invalid UTF-8 in stamp device", func(w *Write) { w.Stamp += bad }, "stamp"},
		{"invalid UTF-8 in base device", func(w *Write) { w.Base = "1.0@x" + bad }, "base"},
		{"NUL in kind", func(w *Write) { w.Kind += "\x00" }, "kind"},
		{"NUL in id", func(w *Write) { w.ID += "\x00" }, ": id"},
		{"NUL in field", func(w *Write) { w.Field = "given\x00name" }, "field name"},
		{"NUL in staff", func(w *Write) { w.Staff += "\x00" }, "staff"},
		{"NUL in stamp device", func(w *Write) { w.Stamp = "1.0@tab\x00let" }, "stamp"},
		{"NUL in value", func(w *Write) { w.Value = "A\x00nn" }, ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			w := ok
			tc.change(&w)
			rw, err := w.ToRecord()
			if tc.want == "" {
				if err != nil || rw.Value != w.Value || rw.Field != w.Field {
					t.Fatalf("refused or changed: %+v %v", rw, err)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tc.want) || !strings.Contains(err.Error(), "write 7") {
				t.Fatalf("got %v, want an error naming write 7's %s", err, tc.want)
			}
			req := PushRequest{Schema: Schema, Writes: []Write{w}}
			if req.Validate() == nil {
				t.Fatal("the push validated")
			}
		})
	}
}

// TestEnrolRequestRefusesGarbledText: the device id and name are names
// shown to administrators and keys in the server's store.
func TestEnrolRequestRefusesGarbledText(t *testing.T) {
	for _, tc := range []struct {
		name string
		req  EnrolRequest
		ok   bool
	}{
		{"valid", EnrolRequest{Code: "C", DeviceID: "d", DeviceName: "Garden tablet"}, true},
		{"NUL in device id", EnrolRequest{Code: "C", DeviceID: "d\x00"}, false},
		{"invalid UTF-8 in device id", EnrolRequest{Code: "C", DeviceID: "d\xff"}, false},
		{"NUL in device name", EnrolRequest{Code: "C", DeviceID: "d", DeviceName: "a\x00"}, false},
		{"invalid UTF-8 in device name", EnrolRequest{Code: "C", DeviceID: "d", DeviceName: "a\xc3"}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if err := tc.req.Validate(); (err == nil) != tc.ok {
				t.Fatalf("Validate() = %v", err)
			}
		})
	}
}
