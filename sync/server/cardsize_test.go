package server_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/gather-sp/gather/domain"
	"github.com/gather-sp/gather/hlc"
	"github.com/gather-sp/gather/record"
	"github.com/gather-sp/gather/sync/protocol"
)

// cardWrites writes a card of total bytes of text, spread over its fields.
func cardWrites(c *hlc.Clock, person string, total int) []record.Write {
	var ws []record.Write
	n := len(domain.PersonCardFields)
	for i, field := range domain.PersonCardFields {
		size := total / n
		if i == 0 {
			size += total % n
		}
		ws = append(ws, record.Write{Kind: domain.KindPerson, ID: person, Field: field, Value: strings.Repeat("c", size), Stamp: c.Now(), Staff: "s1"})
	}
	return ws
}

// personAtV1 has the office register person at venue v1 with the case
// fields given.
func personAtV1(t *testing.T, f *fixture, person string, caseFields map[string]string) {
	t.Helper()
	oc := hlc.NewClock("office", f.env.Clock.Now)
	ws := []record.Write{
		{Kind: domain.KindPerson, ID: person, Field: "given_name", Value: "Ann", Stamp: oc.Now(), Staff: "sam"},
		{Kind: domain.KindEnrolment, ID: domain.EnrolmentID("a1", person), Field: "venue_id", Value: f.v1, Stamp: oc.Now(), Staff: "sam"},
	}
	for name, v := range caseFields {
		ws = append(ws, record.Write{Kind: domain.KindPerson, ID: person, Field: name, Value: v, Stamp: oc.Now(), Staff: "sam"})
	}
	for _, w := range ws {
		if err := f.office.Push([]record.Write{w}, 1); err != nil {
			t.Fatalf("office writes %s: %v", w.Field, err)
		}
	}
}

// TestVenueCardRefusalIsTheSameWhateverTheCaseHolds: a venue tablet's card
// writes are accepted or refused, in the same words, whatever case fields
// (hidden from it) the person has. Before, a refusal said how many fields
// and KiB the whole record would hold, and shrinking a card over refused
// pushes found the case fields' exact size.
func TestVenueCardRefusalIsTheSameWhateverTheCaseHolds(t *testing.T) {
	f := newFixture(t)
	every := map[string]string{}
	for _, name := range []string{"date_of_birth", "phone", "email", "address", "postcode",
		"contact_preferences", "nhs_number", "practice", "gender", "ethnicity"} {
		every[name] = strings.Repeat("h", 18<<10)
	}
	big := strings.Repeat("h", 60<<10)
	hidden := []struct {
		name   string
		fields map[string]string
	}{
		{"no case fields", nil},
		{"a date of birth", map[string]string{"date_of_birth": "1950-11-21"}},
		{"every case field, 18 KiB each", every},
		{"three case fields of 60 KiB", map[string]string{"address": big, "email": big, "practice": big}},
	}
	cards := []struct {
		name  string
		total int
		ok    bool
	}{
		{"a card of the whole budget", domain.MaxCardBytes, true},
		{"a card one byte past the budget", domain.MaxCardBytes + 1, false},
		{"six card fields of 60 KiB", len(domain.PersonCardFields) * 60 << 10, false},
		{"a short card after refusals", 100, true},
	}
	answers := make([]string, len(cards))
	for i, h := range hidden {
		person := fmt.Sprint("p", i)
		personAtV1(t, f, person, h.fields)
		for j, tc := range cards {
			t.Run(h.name+"/"+tc.name, func(t *testing.T) {
				dev := newRaw(t, f.env, fmt.Sprintf("tablet-%d-%d", i, j), protocol.Scope{Venues: []string{f.v1}})
				perr := refusal(t, dev.Push(cardWrites(dev.Clock, person, tc.total), protocol.MaxPushWrites))
				answer := "accepted"
				if perr != nil {
					answer = strings.ReplaceAll(fmt.Sprintf("%s at %d: %s", perr.Code, perr.RefusedSeq, perr.Message), person, "P")
				}
				switch {
				case tc.ok && perr != nil:
					t.Errorf("a card within the budget was refused: %s", answer)
				case !tc.ok && (perr == nil || perr.Code != protocol.CodeTooLarge):
					t.Errorf("a card past the budget was not refused as too large: %s", answer)
				case i == 0:
					answers[j] = answer
				case answer != answers[j]:
					t.Errorf("the answer tells the case fields apart:\n%s\nwith no case fields:\n%s", answer, answers[j])
				}
			})
		}
		e, _ := f.env.Store.Entity(domain.KindPerson, person)
		if n := len(record.AppendEntity(nil, e)); n > protocol.MaxRecordBytes {
			t.Errorf("%s: the server holds the person at %d bytes", h.name, n)
		}
	}
}

// TestPersonCardHasItsOwnShareOfTheRecordLimit: the card's budget holds
// for every device, the rest of a person record has what the card leaves
// of the record limit, so a card within its budget always fits beside a
// full case and the whole record stays within the limit.
func TestPersonCardHasItsOwnShareOfTheRecordLimit(t *testing.T) {
	f := newFixture(t)
	big := strings.Repeat("h", 60<<10)
	caseFields := func(c *hlc.Clock, person string, names ...string) []record.Write {
		var ws []record.Write
		for _, n := range names {
			ws = append(ws, record.Write{Kind: domain.KindPerson, ID: person, Field: n, Value: big, Stamp: c.Now(), Staff: "sam"})
		}
		return ws
	}
	type push struct {
		venue bool // from a venue tablet, else the office
		ws    func(c *hlc.Clock, person string) []record.Write
		ok    bool
	}
	full := func(c *hlc.Clock, p string) []record.Write { return cardWrites(c, p, domain.MaxCardBytes) }
	cases := []struct {
		name   string
		pushes []push
	}{
		{"the office may not write a card past the budget either", []push{
			{false, func(c *hlc.Clock, p string) []record.Write { return cardWrites(c, p, domain.MaxCardBytes+1) }, false},
			{false, full, true},
		}},
		{"a full card fits beside case fields filled as far as they go", []push{
			{false, func(c *hlc.Clock, p string) []record.Write { return caseFields(c, p, "address", "email", "practice") }, true},
			{false, func(c *hlc.Clock, p string) []record.Write { return caseFields(c, p, "nhs_number") }, false},
			{true, full, true},
		}},
		{"case fields fill what a full card leaves", []push{
			{true, full, true},
			{false, func(c *hlc.Clock, p string) []record.Write { return caseFields(c, p, "address", "email", "practice") }, true},
			{false, func(c *hlc.Clock, p string) []record.Write { return caseFields(c, p, "nhs_number") }, false},
		}},
	}
	for i, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			person := fmt.Sprint("share", i)
			personAtV1(t, f, person, nil)
			for k, p := range tc.pushes {
				scope := org
				if p.venue {
					scope = protocol.Scope{Venues: []string{f.v1}}
				}
				dev := newRaw(t, f.env, fmt.Sprintf("dev-share-%d-%d", i, k), scope)
				perr := refusal(t, dev.Push(p.ws(dev.Clock, person), protocol.MaxPushWrites))
				switch {
				case p.ok && perr != nil:
					t.Fatalf("push %d refused: %v", k, perr)
				case !p.ok && (perr == nil || perr.Code != protocol.CodeTooLarge):
					t.Fatalf("push %d not refused as too large: %+v", k, perr)
				case !p.ok && !strings.Contains(perr.Message, person):
					t.Errorf("the refusal does not name the person: %q", perr.Message)
				}
			}
			e, _ := f.env.Store.Entity(domain.KindPerson, person)
			if n := len(record.AppendEntity(nil, e)); n > protocol.MaxRecordBytes {
				t.Errorf("the server holds the person at %d bytes", n)
			}
		})
	}
}

// TestWalkInTooBigIsRefusedInWordsOfItsOwn: a tablet registering a walk-in
// with more than a record holds is told so without the record's counts
// (a venue device is never told the sizes of case fields).
func TestWalkInTooBigIsRefusedInWordsOfItsOwn(t *testing.T) {
	f := newFixture(t)
	dev := newRaw(t, f.env, "tablet-walkin-big", protocol.Scope{Venues: []string{f.v1}})
	var ws []record.Write
	ws = append(ws, record.Write{Kind: domain.KindPerson, ID: "newcomer", Field: "given_name", Value: "Cal", Stamp: dev.Clock.Now(), Staff: "s1"})
	for _, n := range []string{"phone", "date_of_birth", "gender", "ethnicity"} {
		ws = append(ws, record.Write{Kind: domain.KindPerson, ID: "newcomer", Field: n, Value: strings.Repeat("w", 60<<10), Stamp: dev.Clock.Now(), Staff: "s1"})
	}
	perr := refusal(t, dev.Push(ws, protocol.MaxPushWrites))
	if perr == nil || perr.Code != protocol.CodeTooLarge {
		t.Fatalf("not refused as too large: %+v", perr)
	}
	if strings.Contains(perr.Message, "fields in") || !strings.Contains(perr.Message, "newcomer") {
		t.Errorf("the refusal to a venue device is %q", perr.Message)
	}
}
