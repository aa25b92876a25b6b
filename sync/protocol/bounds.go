package protocol

import (
	"bytes"
	"errors"
	"fmt"
)

// MaxDepth is how deep lists and objects may nest in a body. Gather's
// messages nest four levels at most (a device list's scopes' venues); a
// body nested deeper is garbled or hostile, and walking it costs memory
// per level (a few KiB of gzip can inflate to millions of '[').
const MaxDepth = 32

// MaxRequestListItems is how many items a list in a request may hold: no
// request needs a longer list than a push's writes. A few bytes of JSON
// ("{}," or "0,") decode to a whole item (a 120-byte Write), so the items
// are counted before decoding, not after.
const MaxRequestListItems = MaxPushWrites

// CheckRequest refuses a request body that nests lists and objects deeper
// than MaxDepth, or holds a list of more than MaxRequestListItems items
// (ErrTooLarge), before decoding makes either cost memory: encoding/json
// decodes every item before a caller can count them, and walking a body's
// tokens keeps memory per level. It makes one pass over the bytes and
// allocates nothing. Brackets and commas inside strings do not count. It
// does not check the body is JSON: decoding does that.
func CheckRequest(body []byte) error {
	if err := checkLists(body, MaxRequestListItems, ErrTooLarge); err != nil {
		if errors.Is(err, ErrTooLarge) {
			return fmt.Errorf("%w (a push may carry at most %d writes)", err, MaxPushWrites)
		}
		return err
	}
	return nil
}

// MaxAnswerListItems is how many items a list in a server's answer may
// hold: no answer needs a longer list than a pull page's records, or a
// push answer's refusals of a compact push's writes one by one.
const MaxAnswerListItems = max(MaxPullEntities, MaxCompactPushWrites)

// MaxAnswerBytes bounds a server's answer as a device reads it, on the
// wire and once inflated (a refusal's body has MaxRefusalBytes). It is
// derived from what the server itself holds an answer to, so a hostile
// server (or a proxy answering for it) cannot make a device read, inflate
// and hold hundreds of MiB at every sync, while every answer an honest
// server sends is read whole (TestAnHonestServersLargestAnswersAreRead).
//
// The largest answer is a pull page as JSON (an older server's form; the
// compact page of the same records is smaller), and records asked for by
// name come in one such page. The server ends a page within
// MaxPageBytes of Entity.PageBytes, its first record aside, and a record
// is left out of pulls past MaxPageBytes, so a page's states take at
// most MaxPageBytes between them, and it holds at most MaxPullEntities
// records. As JSON, with each part at its worst at once: the states in
// base64 (4 bytes for 3, padding within 4 a record), every record's kind
// and id at their longest with each byte escaped to six (\u003c), the
// JSON around each record, and the page's other fields. That is under
// 30.7 MB (29.3 MiB); a quarter more is headroom. The other answers are
// far smaller: an enrolment names at most MaxRequestListItems venues of
// MaxIDBytes, and a push answer's refusals of a batch take a sentence of
// well under 2,000 characters each.
const MaxAnswerBytes = maxPageAnswerBytes + maxPageAnswerBytes/4

const (
	// maxPageAnswerBytes is the most a pull page as JSON takes (MaxAnswerBytes).
	maxPageAnswerBytes = MaxPageBytes/3*4 + MaxPullEntities*(6*(MaxKindBytes+MaxIDBytes)+pageEntityJSON+4) + maxPageFieldsBytes
	// pageEntityJSON is the JSON around one record of a page:
	// {"kind":"","id":"","state":""}, (TestPageEntityJSON).
	pageEntityJSON = 31
	// maxPageFieldsBytes bounds a page's fields besides its records: five
	// numbers, and an epoch and organisation of MaxIDBytes each, escaped.
	maxPageFieldsBytes = 4 << 10
)

// MaxRefusalBytes bounds a refusal's body (an Error) as a device reads it:
// an honest server's longest words run to a few KB.
const MaxRefusalBytes = 1 << 20

// CheckAnswer is CheckRequest for a server's answer, read by a device: a
// hostile server (or a proxy answering for it) must not make it decode
// millions of empty records, each costing a record's memory, from a few
// MiB (DecodeAnswer). A list too long is ErrAnswerTooLarge.
func CheckAnswer(body []byte) error {
	return checkLists(body, MaxAnswerListItems, ErrAnswerTooLarge)
}

// checkLists refuses body when it nests deeper than MaxDepth, or holds a
// list of more than maxItems items (tooLarge).
func checkLists(body []byte, maxItems int, tooLarge error) error {
	// commas[d] counts the commas directly inside the list open at depth
	// d; -1 marks an object (or the top level), whose commas separate no
	// items.
	var commas [MaxDepth + 1]int
	commas[0] = -1
	depth := 0
	for i := 0; i < len(body); i++ {
		switch body[i] {
		case '"':
			// Skip the string, to the first quote after an even run of
			// backslashes (an odd run escapes it).
			for {
				j := bytes.IndexByte(body[i+1:], '"')
				if j < 0 {
					return nil // unterminated: not JSON, which decoding refuses
				}
				i += 1 + j
				k := i
				for body[k-1] == '\\' { // the opening quote stops this
					k--
				}
				if (i-k)%2 == 0 {
					break
				}
			}
		case '[', '{':
			if depth++; depth > MaxDepth {
				return fmt.Errorf("the body nests lists and objects more than %d deep, and Gather's messages never do: the message was garbled, or does not come from Gather", MaxDepth)
			}
			commas[depth] = 0
			if body[i] == '{' {
				commas[depth] = -1
			}
		case ']', '}':
			depth = max(depth-1, 0) // unbalanced is not JSON, which decoding refuses
		case ',':
			if c := &commas[depth]; *c >= 0 {
				if *c++; *c >= maxItems { // a list has one item more than commas
					return fmt.Errorf("%w: it holds a list of more than %d items", tooLarge, maxItems)
				}
			}
		}
	}
	return nil
}
