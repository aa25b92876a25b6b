package protocol

import (
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/gather-sp/gather/hlc"
	"github.com/gather-sp/gather/record"
)

// push is a JSON push of n writes, each with value.
func push(t testing.TB, n int, value string) string {
	t.Helper()
	req := PushRequest{Schema: Schema, Epoch: "e", Writes: make([]Write, n)}
	for i := range req.Writes {
		req.Writes[i] = FromRecord(uint64(i+1), record.Write{Kind: "person", ID: fmt.Sprint("p", i), Field: "note",
			Value: value, Stamp: hlc.Timestamp{Wall: 5, Device: "d"}, Staff: "s"})
	}
	b, err := json.Marshal(&req)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// brackets is a value of brackets, commas and quotes that CheckRequest
// must not count.
var brackets = `[[{,,"\` + strings.Repeat("[", MaxDepth)

func nested(depth int) string {
	return strings.Repeat("[", depth) + strings.Repeat("]", depth)
}

func list(items int) string {
	return `{"schema":1,"writes":[` + strings.Repeat("{},", items-1) + `{}]}`
}

func TestCheckRequest(t *testing.T) {
	cases := []struct {
		name    string
		body    string
		tooDeep bool
		tooLong bool
	}{
		{"a push of the most writes", push(t, MaxPushWrites, brackets), false, false},
		{"nested as deep as allowed", nested(MaxDepth), false, false},
		{"nested one deeper", nested(MaxDepth + 1), true, false},
		{"objects nested one deeper", strings.Repeat(`{"a":`, MaxDepth+1) + "1" + strings.Repeat("}", MaxDepth+1), true, false},
		{"deep brackets in a string", `{"a":"` + strings.Repeat("[", 4*MaxDepth) + `"}`, false, false},
		{"deep brackets after an escaped quote", `{"a":"\"` + strings.Repeat("[", 4*MaxDepth) + `"}`, false, false},
		{"deep brackets after an escaped backslash", `{"a":"\\",` + nested(MaxDepth+1) + `}`, true, false},
		{"deep brackets after escaped backslashes and a quote", `{"a":"\\\\\"` + nested(MaxDepth+1) + `"}`, false, false},
		{"an unterminated string", `{"a":"` + nested(MaxDepth+1), false, false},
		{"deep and closed, then deep again", nested(MaxDepth) + nested(MaxDepth), false, false},
		{"a list of the most items", list(MaxRequestListItems), false, false},
		{"a list of one item more", list(MaxRequestListItems + 1), false, true},
		{"a list of one more null", "[" + strings.Repeat("null,", MaxRequestListItems) + "null]", false, true},
		{"an unknown list", `{"schema":1,"x":[` + strings.Repeat("0,", MaxRequestListItems) + `0]}`, false, true},
		{"many short lists", "[" + strings.Repeat("[1,2],", 2*MaxRequestListItems) + "[]]", false, true},
		{"many short lists within a few", "[" + strings.Repeat("[1,2],", MaxRequestListItems-1) + "[]]", false, false},
		{"an object of many members", "{" + strings.Repeat(`"a":1,`, 2*MaxRequestListItems) + `"a":1}`, false, false},
		{"not JSON", "]]]],,,,{", false, false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			err := CheckRequest([]byte(tc.body))
			switch {
			case tc.tooDeep && (err == nil || errors.Is(err, ErrTooLarge) || !strings.Contains(err.Error(), "deep")):
				t.Errorf("got %v, want a refusal for nesting", err)
			case tc.tooLong && (!errors.Is(err, ErrTooLarge) || !strings.Contains(err.Error(), fmt.Sprint(MaxPushWrites, " writes"))):
				t.Errorf("got %v, want ErrTooLarge naming the most writes a push carries", err)
			case !tc.tooDeep && !tc.tooLong && err != nil:
				t.Errorf("refused: %v", err)
			}
		})
	}
}

func TestCheckRequestAllocatesNothing(t *testing.T) {
	body := []byte(push(t, 100, brackets) + nested(MaxDepth))
	if n := testing.AllocsPerRun(10, func() { CheckRequest(body) }); n != 0 {
		t.Errorf("CheckRequest allocated %v times", n)
	}
}

// BenchmarkCheckRequest: the check runs on every request the server
// decodes as JSON, so it must cost little next to decoding (about 20 ms
// for this push of the most writes; see BenchmarkDecodePushForms).
func BenchmarkCheckRequest(b *testing.B) {
	body := []byte(push(b, MaxPushWrites, "garden-club@2026-01-01"))
	b.SetBytes(int64(len(body)))
	for b.Loop() {
		if err := CheckRequest(body); err != nil {
			b.Fatal(err)
		}
	}
}

// TestDecodePushBoundsItsHeader: a compact push's JSON header is checked
// as a JSON request is before it is decoded: 64 KiB of "{}," in the writes
// it may not carry are refused as too large, not decoded to 21,000 writes.
func TestDecodePushBoundsItsHeader(t *testing.T) {
	h := []byte(`{"schema":1,"writes":[` + strings.Repeat("{},", 21000) + `{}]}`)
	body := binary.AppendUvarint([]byte(pushMagic), uint64(len(h)))
	body = append(body, h...)
	body = binary.AppendUvarint(body, 0)
	_, _, _, err := DecodePush(body, MaxPushWrites)
	if !errors.Is(err, ErrTooLarge) {
		t.Fatalf("DecodePush = %v, want ErrTooLarge", err)
	}
}

// TestPageEntityJSON: MaxAnswerBytes counts the JSON around each record
// of a page as it is.
func TestPageEntityJSON(t *testing.T) {
	b, err := json.Marshal(Entity{State: []byte{}})
	if err != nil {
		t.Fatal(err)
	}
	if len(b)+len(",") != pageEntityJSON {
		t.Errorf("the JSON around a record is %d bytes with its comma (%s), not pageEntityJSON (%d)", len(b)+1, b, pageEntityJSON)
	}
}
