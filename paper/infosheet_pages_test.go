package paper

import (
	"bytes"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/gather-sp/gather/demo"
	"github.com/gather-sp/gather/domain"
	"github.com/gather-sp/gather/storage/storagetest"
)

// TestInfoSheetPagesSayWhatTheyBelongTo: a large-print sheet runs to
// more than one page, and pages come apart; every page after the first
// is headed with the activity and whom it is for, and every page says
// "Page n of N" in its foot, below the number to call and clear of it.
// A one-page sheet carries no page number.
func TestInfoSheetPagesSayWhatTheyBelongTo(t *testing.T) {
	a, v := sampleActivity()
	a.Facilitator = "Bev Hughes"
	p := domain.Person{GivenName: "Margaret", FamilyName: "O'Brien", PreferredName: "Peggy"}
	for _, large := range []bool{false, true} {
		t.Run(fmt.Sprint("large print ", large), func(t *testing.T) {
			var buf bytes.Buffer
			err := WriteInfoSheet(&buf, InfoSheet{Activity: a, Venue: v, Person: &p, Printed: printed, LargePrint: large,
				NextDates: []string{"2026-11-28", "2026-12-05", "2026-12-12"},
				Route:     "The 42 bus from outside the library to Mill Lane, then the side gate by the car park",
				MeetBy:    "Priya from the surgery", WithFriend: true, Demo: true})
			if err != nil {
				t.Fatal(err)
			}
			pages := pageTexts(t, buf.Bytes())
			pages = pages[:len(pages)-1] // pdftotext ends with a form feed
			n := len(pages)
			if large && n < 2 {
				t.Fatalf("large print is %d page; the test needs two or more", n)
			}
			head := "Garden group, for Margaret (Peggy) O'Brien (continued)"
			for i, pg := range pages {
				flat := strings.Join(strings.Fields(pg), " ")
				no := fmt.Sprintf("Page %d of %d", i+1, n)
				if n > 1 && !strings.Contains(flat, no) {
					t.Errorf("page %d does not say %q:\n%s", i+1, no, flat)
				}
				if n == 1 && strings.Contains(flat, "Page 1") {
					t.Errorf("a one-page sheet is numbered:\n%s", flat)
				}
				if i > 0 && !strings.HasPrefix(strings.TrimPrefix(flat, "DEMO DATA - made-up people and places, for trying Gather out "), head) {
					t.Errorf("page %d does not start %q:\n%s", i+1, head, flat)
				}
				if i == 0 && strings.Contains(flat, "(continued)") {
					t.Errorf("the first page says continued:\n%s", flat)
				}
				if !strings.Contains(flat, "DEMO DATA") {
					t.Errorf("page %d lacks the demo banner", i+1)
				}
			}
			// The page number is the foot's last line, a line of its own
			// below the number to call, and on the page.
			const pageH, margin = 841.89, 12.0
			words := wordBoxes(t, buf.Bytes())
			for pg := 1; pg <= n && n > 1; pg++ {
				var pageWord placedWord
				callY := 0.0
				for _, w := range words {
					if w.page != pg {
						continue
					}
					if w.text == "Page" {
						pageWord = w
					}
					if strings.HasPrefix(w.text, "960101") {
						callY = max(callY, w.y)
					}
				}
				if pageWord.text == "" || callY == 0 {
					t.Errorf("page %d: no page number, or no number to call", pg)
					continue
				}
				var line []string
				for _, w := range words {
					if w.page == pg && w.y > pageWord.y-1 && w.y < pageWord.y+1 {
						line = append(line, w.text)
					}
				}
				if got, want := strings.Join(line, " "), fmt.Sprintf("Page %d of %d", pg, n); got != want || pageWord.y <= callY || pageWord.yEnd > pageH-margin {
					t.Errorf("page %d: the page number's line says %q at %.0f pt (want %q, below the number to call at %.0f pt, on the page)", pg, got, pageWord.y, want, callY)
				}
			}
			render(t, fmt.Sprint("info-pages-", large), buf.Bytes())
		})
	}
}

// TestInfoSheetSaysWhichRouteToFollow: a person's own route comes first
// under a heading that says it was written for them; the venue's
// directions follow as the other ways. With no route of their own, the
// venue's directions are simply how to get there.
func TestInfoSheetSaysWhichRouteToFollow(t *testing.T) {
	a, v := sampleActivity()
	p := domain.Person{GivenName: "Margaret", FamilyName: "O'Brien"}
	var buf bytes.Buffer
	if err := WriteInfoSheet(&buf, InfoSheet{Activity: a, Venue: v, Person: &p, Printed: printed,
		Route: "The 42 bus to Mill Lane, then the side gate by the car park"}); err != nil {
		t.Fatal(err)
	}
	flat := strings.Join(strings.Fields(string(pdfText(t, buf.Bytes()))), " ")
	mine := strings.Index(flat, "Your way there (written for you) The 42 bus")
	other := strings.Index(flat, "Other ways to get there Bus 22")
	if mine < 0 || other < 0 || other < mine {
		t.Errorf("the sheet does not give their own route first, then the other ways, each said to be which:\n%s", flat)
	}
	if strings.Contains(flat, "How to get there") {
		t.Errorf("beside their own route, the venue's directions are headed as the way to go:\n%s", flat)
	}

	buf.Reset()
	if err := WriteInfoSheet(&buf, InfoSheet{Activity: a, Venue: v, Person: &p, Printed: printed}); err != nil {
		t.Fatal(err)
	}
	flat = strings.Join(strings.Fields(string(pdfText(t, buf.Bytes()))), " ")
	if !strings.Contains(flat, "How to get there Bus 22") || strings.Contains(flat, "Other ways") || strings.Contains(flat, "Your way there") {
		t.Errorf("with no route of their own, the venue's directions are not just how to get there:\n%s", flat)
	}
}

// demoSheets are a personal info sheet for each of the demo's activities
// (demo.Generate, with its venues and the service's contact), each with
// as much of their own as the demo's matches give anyone: its longest way
// there, a welcome that says where as well as who, a friend welcome, and
// four dates.
func demoSheets(t *testing.T, large bool) []InfoSheet {
	t.Helper()
	st := storagetest.Open(t)
	if _, err := demo.Generate(st, demo.Options{Seed: 1, Today: printed}); err != nil {
		t.Fatal(err)
	}
	v := st.View()
	person, _ := v.Person(demo.IDPrefix + "p0001")
	var sheets []InfoSheet
	for _, r := range v.All(domain.KindActivity) {
		var a domain.Activity
		r.Decode(&a)
		var ven domain.Venue
		if vr, ok := v.Get(domain.KindVenue, a.VenueID); ok {
			vr.Decode(&ven)
		}
		s := InfoSheet{Activity: a, Venue: ven, Service: v.OrgSettings().Contact(), Person: &person, Printed: printed,
			LargePrint: large, Demo: true, WithFriend: true, MeetBy: "Hannah at the front desk for the first week",
			NextDates: []string{"2026-11-28", "2026-12-05", "2026-12-12", "2026-12-19"}}
		if !a.Online {
			s.Route = "The 36 from outside the library to the Mill Lane stop, then through the surgery car park to the green gate"
		}
		sheets = append(sheets, s)
	}
	if len(sheets) < 8 {
		t.Fatalf("the demo has %d activities", len(sheets))
	}
	return sheets
}

// TestDemoInfoSheetsKeepToTheirPages: someone's own sheet for any of the
// demo's activities keeps to one page in ordinary print; in large print
// its first page carries what they need on the way (when, where, where
// to meet, their own way there, who will meet them, the number to call)
// and the rest goes on one more page at most. Ordinary print ran to a
// second page for "Cost: Free"; large print put their route there.
func TestDemoInfoSheetsKeepToTheirPages(t *testing.T) {
	for _, large := range []bool{false, true} {
		for _, s := range demoSheets(t, large) {
			t.Run(fmt.Sprint(s.Activity.Name, " large print ", large), func(t *testing.T) {
				var buf bytes.Buffer
				if err := WriteInfoSheet(&buf, s); err != nil {
					t.Fatal(err)
				}
				pages := pageTexts(t, buf.Bytes())
				pages = pages[:len(pages)-1] // pdftotext ends with a form feed
				if want := map[bool]int{false: 1, true: 2}[large]; len(pages) > want {
					t.Errorf("%d pages, want %d at most", len(pages), want)
				}
				first := strings.Join(strings.Fields(pages[0]), " ")
				want := []string{"When From", "Who will meet you Hannah at the front desk for the first week.", "Call " + s.Venue.Phone}
				if s.Activity.Online {
					want = []string{"When From", "How to join", "Who will welcome you Hannah at the front desk for the first week.", "Call " + s.Venue.Phone}
				} else {
					want = append(want, "Where to meet "+strings.Join(strings.Fields(s.Activity.MeetingPoint), " "),
						"Your way there (written for you) "+s.Route)
				}
				for _, w := range want {
					if !strings.Contains(first, w) {
						t.Errorf("the first page does not say %q:\n%s", w, first)
					}
				}
				if !large && strings.Contains(s.Activity.Name, "Garden") {
					render(t, "info-demo-"+s.Activity.ID, buf.Bytes())
				}
			})
		}
	}
}

// TestInfoSheetListsOneDateALine: the dates are listed one to a line
// under the time, so none breaks across two ("Saturday 5 / December
// 2026", as a list run on with semicolons did); one that is the day it
// was printed says so.
func TestInfoSheetListsOneDateALine(t *testing.T) {
	a, v := sampleActivity()
	a.Name = "Garden group at Riverside, with tea"
	for _, large := range []bool{false, true} {
		t.Run(fmt.Sprint("large print ", large), func(t *testing.T) {
			var buf bytes.Buffer
			if err := WriteInfoSheet(&buf, InfoSheet{Activity: a, Venue: v, Printed: printed, LargePrint: large,
				NextDates: []string{"2026-11-21", "2026-11-28", "2026-12-05", "2027-01-02"}}); err != nil {
				t.Fatal(err)
			}
			first := pageTexts(t, buf.Bytes())[0]
			var lines []string
			for _, l := range strings.Split(first, "\n") {
				if l = strings.TrimSpace(l); l != "" {
					lines = append(lines, l)
				}
			}
			when := slices.Index(lines, "When")
			want := []string{"When", "From 10:00 to 12:00 on:", "Saturday 21 November 2026 (today)", "Saturday 28 November 2026",
				"Saturday 5 December 2026", "Saturday 2 January 2027"}
			if when < 0 || len(lines) < when+len(want) || !slices.Equal(lines[when:when+len(want)], want) {
				t.Errorf("the dates are not one to a line under the time:\n%s", first)
			}
			if strings.Contains(first, ";") {
				t.Errorf("the sheet runs something on with semicolons:\n%s", first)
			}
		})
	}
}

// TestInfoSheetSaysWhoWillMeetThem: under "Who will meet you" comes what
// the match says, as typed and as a sentence, however it was put ("Bev at
// the gate for the first week" once read "Bev at the gate for the first
// week will meet you there."); then whom to ask for, put as a sentence
// whether the activity names someone or says what to do.
func TestInfoSheetSaysWhoWillMeetThem(t *testing.T) {
	a, v := sampleActivity()
	for _, tc := range []struct{ meetBy, contact, want string }{
		{"Bev at the gate for the first week", "Bev (green fleece)",
			"Who will meet you Bev at the gate for the first week. When you arrive, ask for Bev (green fleece)."},
		{"priya, by the gate", "", "Who will meet you Priya, by the gate. You are welcome"},
		{"Priya will meet you at the bus stop!", "Ask at the front desk for the drawing group",
			"Who will meet you Priya will meet you at the bus stop! When you arrive, ask at the front desk for the drawing group."},
		{"", "Bev (green fleece)", "Who will meet you When you arrive, ask for Bev (green fleece). You are welcome"},
	} {
		t.Run(tc.meetBy, func(t *testing.T) {
			a := a
			a.ContactName = tc.contact
			p := domain.Person{GivenName: "Margaret", FamilyName: "O'Brien"}
			var buf bytes.Buffer
			if err := WriteInfoSheet(&buf, InfoSheet{Activity: a, Venue: v, Person: &p, Printed: printed,
				MeetBy: tc.meetBy, WithFriend: true}); err != nil {
				t.Fatal(err)
			}
			flat := strings.Join(strings.Fields(string(pdfText(t, buf.Bytes()))), " ")
			if !strings.Contains(flat, tc.want) {
				t.Errorf("the sheet does not say %q:\n%s", tc.want, flat)
			}
			if strings.Contains(flat, "meet you there") {
				t.Errorf("the sheet adds a where to what was typed:\n%s", flat)
			}
		})
	}
}
