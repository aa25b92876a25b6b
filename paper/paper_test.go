package paper

import (
	"bytes"
	"flag"
	"fmt"
	"image"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/gather-sp/gather/demo"
	"github.com/gather-sp/gather/domain"
)

var keep = flag.String("keep", "", "copy the rendered PNGs into this folder, to look at them")

var printed = time.Date(2026, 11, 21, 9, 30, 0, 0, time.UTC)

func sampleActivity() (domain.Activity, domain.Venue) {
	a := domain.Activity{ID: "a", Name: "Garden group", Weekday: time.Saturday, StartTime: "10:00", EndTime: "12:00",
		Description: "Growing vegetables, herbs and flowers together in the surgery garden. No experience needed.",
		WhatToBring: "Old clothes and sturdy shoes.", Cost: "Free", ContactName: "Bev (green fleece)"}
	v := domain.Venue{Name: "Riverside Surgery Garden", Address: "12 Mill Lane, Kirkby Vale", Postcode: "KV1 4RG",
		Phone: "01632 960101", Directions: "Bus 22 to Mill Lane. The garden gate is left of the main entrance.",
		AccessInfo: "Level paths, raised beds, accessible toilet."}
	return a, v
}

// render writes pdf to a file and renders every page to PNG with pdftoppm.
func render(t *testing.T, name string, pdf []byte) []image.Image {
	t.Helper()
	if _, err := exec.LookPath("pdftoppm"); err != nil {
		t.Skip("pdftoppm (poppler-utils) is not installed; install it to check the printouts")
	}
	dir := t.TempDir()
	in := filepath.Join(dir, name+".pdf")
	if err := os.WriteFile(in, pdf, 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command("pdftoppm", "-r", "60", "-png", in, filepath.Join(dir, name)).CombinedOutput()
	if err != nil {
		t.Fatalf("pdftoppm: %v\n%s", err, out)
	}
	files, _ := filepath.Glob(filepath.Join(dir, name+"-*.png"))
	sort.Strings(files)
	var imgs []image.Image
	for _, f := range files {
		fh, err := os.Open(f)
		if err != nil {
			t.Fatal(err)
		}
		img, err := png.Decode(fh)
		fh.Close()
		if err != nil {
			t.Fatal(err)
		}
		imgs = append(imgs, img)
		if *keep != "" {
			os.MkdirAll(*keep, 0o755)
			b, _ := os.ReadFile(f)
			os.WriteFile(filepath.Join(*keep, filepath.Base(f)), b, 0o644)
		}
	}
	return imgs
}

// ink is the share of a page's pixels that are not near-white.
func ink(img image.Image) float64 {
	b := img.Bounds()
	n := 0
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			r, g, bl, _ := img.At(x, y).RGBA()
			if r < 0xe000 || g < 0xe000 || bl < 0xe000 {
				n++
			}
		}
	}
	return float64(n) / float64(b.Dx()*b.Dy())
}

func TestRegister(t *testing.T) {
	a, v := sampleActivity()
	cases := []struct {
		name      string
		people    int
		wantPages int
	}{
		{"empty", 0, 1},
		{"small", 6, 1},
		{"walk-ins move to page 2", 12, 2},
		{"demo size", 18, 2},
		{"big", 60, 5},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			people := demo.People(1, tc.people)
			marks := map[string]string{}
			if tc.people > 3 {
				marks[people[0].ID] = domain.StatusPresent
				marks[people[2].ID] = domain.StatusApologies
			}
			var buf bytes.Buffer
			err := WriteRegister(&buf, Register{Activity: a, Venue: v, Date: "2026-11-21", People: people, Marks: marks, Demo: true, Printed: printed})
			if err != nil {
				t.Fatal(err)
			}
			pages := render(t, "register-"+fmt.Sprint(tc.people), buf.Bytes())
			if len(pages) != tc.wantPages {
				t.Fatalf("%d pages, want %d", len(pages), tc.wantPages)
			}
			for i, pg := range pages {
				if b := pg.Bounds(); b.Dx() <= b.Dy() {
					t.Errorf("page %d is portrait (%v); a register prints landscape", i+1, b)
				}
				if k := ink(pg); k < 0.03 {
					t.Errorf("page %d is nearly blank (%.3f ink)", i+1, k)
				}
			}
		})
	}
}

// TestRegisterPrintsNamesAsWritten: names with letters Windows-1252
// lacks (Polish, Welsh, Czech, Turkish) print letter for letter, on the
// register and on a person's info sheet, where the core fonts printed "?".
func TestRegisterPrintsNamesAsWritten(t *testing.T) {
	a, v := sampleActivity()
	v.Name = "Tŷ Gwyn Community Garden"
	people := []domain.Person{
		{ID: "p1", GivenName: "Łukasz", FamilyName: "Wójcik", AccessNeeds: "Uses a walking frame"},
		{ID: "p2", GivenName: "Gwenllïan", FamilyName: "ap Dafydd"},
		{ID: "p3", GivenName: "Antonín", FamilyName: "Dvořák"},
		{ID: "p4", GivenName: "Şükrü", FamilyName: "Öztürk"},
	}
	var reg, sheet bytes.Buffer
	if err := WriteRegister(&reg, Register{Activity: a, Venue: v, Date: "2026-11-21", People: people, Printed: printed}); err != nil {
		t.Fatal(err)
	}
	if err := WriteInfoSheet(&sheet, InfoSheet{Activity: a, Venue: v, Person: &people[0], Printed: printed,
		NextDates: []string{"2026-11-28"}, MeetBy: "Siân"}); err != nil {
		t.Fatal(err)
	}
	text := string(pdfText(t, reg.Bytes()))
	for _, p := range people {
		if !strings.Contains(text, p.FullName()) {
			t.Errorf("the register does not print %q:\n%s", p.FullName(), text)
		}
	}
	text = strings.Join(strings.Fields(string(pdfText(t, sheet.Bytes()))), " ")
	for _, want := range []string{"Łukasz", "Tŷ Gwyn", "Siân"} {
		if !strings.Contains(text, want) {
			t.Errorf("the info sheet does not print %q:\n%s", want, text)
		}
	}
	render(t, "register-names", reg.Bytes())
}

func TestInfoSheet(t *testing.T) {
	a, v := sampleActivity()
	p := domain.Person{GivenName: "Margaret", FamilyName: "O'Brien", PreferredName: "Peggy"}
	cases := []struct {
		name   string
		person *domain.Person
	}{
		{"general", nil},
		{"for a person", &p},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var buf bytes.Buffer
			err := WriteInfoSheet(&buf, InfoSheet{Activity: a, Venue: v, Person: tc.person, Demo: true,
				NextDates: []string{"2026-11-28", "2026-12-05"}, Printed: printed})
			if err != nil {
				t.Fatal(err)
			}
			pages := render(t, "info-"+tc.name[:3], buf.Bytes())
			if len(pages) != 1 {
				t.Fatalf("%d pages, want 1", len(pages))
			}
			if b := pages[0].Bounds(); b.Dx() >= b.Dy() {
				t.Errorf("info sheet is not portrait")
			}
			if k := ink(pages[0]); k < 0.05 {
				t.Errorf("page nearly blank (%.3f ink)", k)
			}
			if text := pdfText(t, buf.Bytes()); !bytes.Contains(text, []byte("01632 960101")) || !bytes.Contains(text, []byte("How to get there")) {
				t.Errorf("the sheet lacks the phone number or the route:\n%s", text)
			}
		})
	}
}

// pdfText extracts a PDF's text with pdftotext.
func pdfText(t *testing.T, pdf []byte) []byte {
	t.Helper()
	if _, err := exec.LookPath("pdftotext"); err != nil {
		t.Fatal("pdftotext is missing: make test installs poppler-utils (scripts/deps.sh)")
	}
	cmd := exec.Command("pdftotext", "-", "-")
	cmd.Stdin = bytes.NewReader(pdf)
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	return out
}

// TestInfoSheetForAPerson: a person's own sheet carries their way there
// and who will meet them, and the large-print one sets every word at 16
// point or more, on as many pages as it needs.
func TestInfoSheetForAPerson(t *testing.T) {
	a, v := sampleActivity()
	p := domain.Person{GivenName: "Margaret", FamilyName: "O'Brien", AccessNeeds: "Partially sighted: large print, please"}
	for _, large := range []bool{false, true} {
		t.Run(fmt.Sprint("large print ", large), func(t *testing.T) {
			var buf bytes.Buffer
			err := WriteInfoSheet(&buf, InfoSheet{Activity: a, Venue: v, Person: &p, Printed: printed,
				NextDates: []string{"2026-11-28"}, Route: "The 42 bus to Mill Lane, then the side gate by the car park",
				MeetBy: "Priya from the surgery", WithFriend: true, LargePrint: large})
			if err != nil {
				t.Fatal(err)
			}
			text := string(pdfText(t, buf.Bytes()))
			flat := strings.Join(strings.Fields(text), " ")
			for _, want := range []string{"Your way there", "The 42 bus to Mill Lane", "Who will meet you Priya from the surgery.", "bring a friend or carer"} {
				if !strings.Contains(flat, want) {
					t.Errorf("the sheet lacks %q:\n%s", want, text)
				}
			}
			n := pageCount(buf.Bytes())
			for i, page := range pageStreams(t, buf.Bytes(), n) {
				for _, pt := range textSizes(page) {
					if large && pt < 16 {
						t.Errorf("page %d: large print has text at %v pt", i+1, pt)
					}
				}
			}
		})
	}
}

// TestInfoSheetForANewcomer: a newcomer's sheet, with a venue's full
// directions, keeps to one page in ordinary print, and its first page says
// who will meet them, whom to ask for, who runs the group and the number
// to call if they are lost or late; every page (large print runs to two)
// carries that number at its foot, and none points to a number "above"
// that is not there.
func TestInfoSheetForANewcomer(t *testing.T) {
	a, v := sampleActivity()
	a.Facilitator = "Bev Hughes"
	v.Directions = "Bus 22 from the town centre to Mill Lane (every 20 minutes). Get off at the Mill Lane stop by the post office; " +
		"the surgery is 100 yards on your left. Free parking in the surgery car park. The garden gate is left of the main entrance."
	v.AccessInfo = "Step-free from the car park. Level paths, raised beds, accessible toilet in the surgery. Benches to rest on."
	p := domain.Person{GivenName: "Margaret", FamilyName: "O'Brien", PreferredName: "Peggy"}
	for _, large := range []bool{false, true} {
		t.Run(fmt.Sprint("large print ", large), func(t *testing.T) {
			var buf bytes.Buffer
			err := WriteInfoSheet(&buf, InfoSheet{Activity: a, Venue: v, Person: &p, Printed: printed, LargePrint: large,
				NextDates: []string{"2026-11-28", "2026-12-05", "2026-12-12", "2027-01-02"},
				Route:     "The 42 bus from outside the library to Mill Lane, then the side gate by the car park",
				MeetBy:    "Priya from the surgery", WithFriend: true})
			if err != nil {
				t.Fatal(err)
			}
			pages := pageTexts(t, buf.Bytes())
			pages = pages[:len(pages)-1] // pdftotext ends with a form feed
			if !large && len(pages) != 1 {
				t.Errorf("%d pages in ordinary print, want 1", len(pages))
			}
			first := strings.Join(strings.Fields(pages[0]), " ")
			for _, want := range []string{"Who will meet you Priya from the surgery.", "ask for Bev (green fleece)", "Bev Hughes runs the group",
				"bring a friend or carer", "Lost, running late, or can't come? Call 01632 960101", "Saturday 2 January 2027", "From 10:00 to 12:00"} {
				if !strings.Contains(first, want) {
					t.Errorf("the first page does not say %q:\n%s", want, first)
				}
			}
			for i, pg := range pages {
				flat := strings.Join(strings.Fields(pg), " ")
				if !strings.Contains(flat, "Lost, running late, or can't come? Call 01632 960101.") {
					t.Errorf("page %d's foot lacks the number to call:\n%s", i+1, flat)
				}
				if strings.Contains(flat, "number above") {
					t.Errorf("page %d points to a number above", i+1)
				}
			}
			if large {
				render(t, "info-newcomer-large", buf.Bytes())
			} else {
				render(t, "info-newcomer", buf.Bytes())
			}
		})
	}
}

// TestRegisterPrintsAccessNeedsWhole: access needs longer than their
// column's line wrap on to a second line, smaller if need be, rather than
// lose their end to an ellipsis; only more than two lines' worth is cut.
func TestRegisterPrintsAccessNeedsWhole(t *testing.T) {
	a, v := sampleActivity()
	needs := "Uses a walking frame; type 1 diabetes, keeps glucose tablets in her bag; hard of hearing on the left"
	people := []domain.Person{{ID: "p1", GivenName: "Ada", FamilyName: "Lovelace", AccessNeeds: needs},
		{ID: "p2", GivenName: "Bert", FamilyName: "Ng", AccessNeeds: strings.Repeat("A great deal to know before the session. ", 8)}}
	var buf bytes.Buffer
	if err := WriteRegister(&buf, Register{Activity: a, Venue: v, Date: "2026-11-21", People: people, Printed: printed}); err != nil {
		t.Fatal(err)
	}
	flat := strings.Join(strings.Fields(string(pdfText(t, buf.Bytes()))), " ")
	if !strings.Contains(flat, "hard of hearing on the left") || !strings.Contains(flat, "glucose tablets") {
		t.Errorf("the register cuts Ada's access needs:\n%s", flat)
	}
	if !strings.Contains(flat, "...") {
		t.Errorf("Bert's access needs, far too long for two lines, are not shortened:\n%s", flat)
	}
	for _, pt := range textSizes(pageStreams(t, buf.Bytes(), 1)[0]) {
		if pt < 6.5 {
			t.Errorf("text at %v pt: too small to read", pt)
		}
	}
	render(t, "register-needs", buf.Bytes())
}

// TestInfoSheetOnline: an online activity's sheet says it is joined from
// home and whom to call for the link, and sends nobody to the venue that
// organises it: no address, directions or venue access.
func TestInfoSheetOnline(t *testing.T) {
	a, v := sampleActivity()
	a.Name, a.Online = "Mindful mornings", true
	var buf bytes.Buffer
	if err := WriteInfoSheet(&buf, InfoSheet{Activity: a, Venue: v, Printed: printed, NextDates: []string{"2026-11-28"}}); err != nil {
		t.Fatal(err)
	}
	flat := strings.Join(strings.Fields(string(pdfText(t, buf.Bytes()))), " ")
	for _, want := range []string{"Online: you join from home", "Need the link, or can't join? Call 01632 960101", "Bev (green fleece) will welcome you"} {
		if !strings.Contains(flat, want) {
			t.Errorf("the sheet does not say %q:\n%s", want, flat)
		}
	}
	for _, not := range []string{"12 Mill Lane", "Bus 22", "How to get there", "When you arrive"} {
		if strings.Contains(flat, not) {
			t.Errorf("the online sheet says %q, sending them to the venue:\n%s", not, flat)
		}
	}
	render(t, "info-online", buf.Bytes())
}

// TestInfoSheetLongPhoneStaysOnThePage: a venue's number with more to it
// than digits ("or ... (mobile, on Saturdays)") wraps inside its box and
// in the foot, in large print too: no word runs off the page's edge or
// its foot, as the number in 22 point and a foot placed for two lines did.
func TestInfoSheetLongPhoneStaysOnThePage(t *testing.T) {
	a, v := sampleActivity()
	v.Phone = "01632 960101 or 07700 900123 (mobile, on Saturdays)"
	for _, large := range []bool{false, true} {
		var buf bytes.Buffer
		if err := WriteInfoSheet(&buf, InfoSheet{Activity: a, Venue: v, Printed: printed, LargePrint: large}); err != nil {
			t.Fatal(err)
		}
		const pageW, pageH, margin = 595.28, 841.89, 12.0 // A4 in points; about 4 mm, where printers stop
		words := wordBoxes(t, buf.Bytes())
		saturdays := 0
		for _, w := range words {
			if w.xEnd > pageW-margin || w.yEnd > pageH-margin {
				t.Errorf("large print %v: %q runs off the page (ends at %.0f, %.0f pt)", large, w.text, w.xEnd, w.yEnd)
			}
			if strings.HasPrefix(w.text, "Saturdays)") {
				saturdays++
			}
		}
		if saturdays < 2 {
			t.Errorf("large print %v: the whole number is not both in the box and at the foot (%d)", large, saturdays)
		}
	}
}

// TestInfoSheetFootClearsTheBody: the foot of every page, however long
// the service's name and number make it, sits whole on the page below
// the body, never over it, and says what the first page says; the body
// stops short of it, a short section moving whole to the next page
// rather than leave its end there (as when the room for the body was
// reckoned without the foot's height), and an ordinary-print sheet stays
// one page. Large print is tried with descriptions of several lengths,
// to bring each section in turn to the foot of the first page.
func TestInfoSheetFootClearsTheBody(t *testing.T) {
	a, v := sampleActivity()
	a.Facilitator = "Bev Hughes"
	v.Phone = ""
	v.Directions = "Bus 22 from the town centre to Mill Lane (every 20 minutes). Get off at the Mill Lane stop by the post office; " +
		"the surgery is 100 yards on your left. The garden gate is left of the main entrance."
	service := domain.ServiceContact{Name: "Northside and Kirkby Vale Community Wellbeing and Social Prescribing Partnership",
		Phone: "+44 (0) 1632 960000 ext 2345"}
	p := domain.Person{GivenName: "Margaret", FamilyName: "O'Brien", PreferredName: "Peggy"}
	type tc struct {
		large bool
		more  int // sentences added to the description
	}
	cases := []tc{{false, 0}}
	for k := 0; k <= 18; k += 2 {
		cases = append(cases, tc{true, k})
	}
	for _, c := range cases {
		large := c.large
		a := a
		a.Description += strings.Repeat(" Growing vegetables together.", c.more)
		descEnd := strings.Join(strings.Fields(a.Description)[len(strings.Fields(a.Description))-2:], " ")
		t.Run(fmt.Sprint("large print ", large, " more ", c.more), func(t *testing.T) {
			var buf bytes.Buffer
			err := WriteInfoSheet(&buf, InfoSheet{Activity: a, Venue: v, Service: service, Person: &p, Printed: printed, LargePrint: large,
				NextDates: []string{"2026-11-28", "2026-12-05"}, Route: "The 42 bus from outside the library to Mill Lane, then the side gate",
				MeetBy: "Priya from the surgery", WithFriend: true})
			if err != nil {
				t.Fatal(err)
			}
			pages := pageCount(buf.Bytes())
			if !large && pages != 1 {
				t.Errorf("%d pages in ordinary print, want 1", pages)
			}
			const pageW, pageH, margin = 595.28, 841.89, 12.0 // A4 in points; about 4 mm, where printers stop
			words := wordBoxes(t, buf.Bytes())
			// The foot starts at "Printed"; everything before it on its
			// page is the body.
			footTop := map[int]float64{}
			bodyEnd := map[int]float64{}
			inFoot := map[int]bool{}
			footWords := map[int]int{}
			for _, w := range words {
				if w.xEnd > pageW-margin || w.yEnd > pageH-margin || w.x < margin {
					t.Errorf("page %d: %q runs off the page (%.0f-%.0f, %.0f pt)", w.page, w.text, w.x, w.xEnd, w.yEnd)
				}
				if w.text == "Printed" {
					inFoot[w.page], footTop[w.page] = true, w.y
				}
				if inFoot[w.page] {
					footWords[w.page]++
				} else {
					bodyEnd[w.page] = max(bodyEnd[w.page], w.yEnd)
				}
			}
			for n := 1; n <= pages; n++ {
				if !inFoot[n] {
					t.Errorf("page %d has no foot", n)
					continue
				}
				if bodyEnd[n] > footTop[n] {
					t.Errorf("page %d: the body reaches %.0f pt, over the foot at %.0f pt", n, bodyEnd[n], footTop[n])
				}
			}
			// Each section is short enough to stay whole: its heading
			// and its last word on one page.
			for _, s := range [][2]string{{"What it is", descEnd}, {"Who will meet you", "with you."}, {"Your way there", "side gate"},
				{"Other ways to get there", "main entrance."}, {"Access", "accessible toilet."}, {"What to bring:", "sturdy shoes."}, {"Cost:", "Free"}} {
				head, end := phrasePage(words, s[0]), phrasePage(words, s[1])
				if head == 0 || head != end {
					t.Errorf("a section is split: %q is on page %d, %q on page %d", s[0], head, s[1], end)
				}
			}
			flat := strings.Join(strings.Fields(string(pdfText(t, buf.Bytes()))), " ")
			if want := "Call " + service.Name + " on " + service.Phone; strings.Count(flat, want) != 1+pages {
				t.Errorf("the sheet does not say %q on its first page and at every foot:\n%s", want, flat)
			}
			if c.more == 0 {
				render(t, fmt.Sprint("info-long-foot-", large), buf.Bytes())
			}
		})
	}
}

// phrasePage is the page the words of phrase first appear on, one after
// another; 0 if they do not.
func phrasePage(words []placedWord, phrase string) int {
	want := strings.Fields(phrase)
	for i := range words {
		if i+len(want) > len(words) {
			break
		}
		match := true
		for k, w := range want {
			if words[i+k].text != w || words[i+k].page != words[i].page {
				match = false
				break
			}
		}
		if match {
			return words[i].page
		}
	}
	return 0
}

// TestRegisterFootClearsThePageNumber: a register for an activity with a
// long name sets its foot on two lines, clear of "Page 1 of 2" on the
// right, rather than run the words under it and off the page, and its
// title wraps rather than lose its end (and "continued") off the edge.
func TestRegisterFootClearsThePageNumber(t *testing.T) {
	a, v := sampleActivity()
	a.Name = "Saturday morning community garden group for carers and the people they care for"
	var buf bytes.Buffer
	if err := WriteRegister(&buf, Register{Activity: a, Venue: v, Date: "2026-11-21", People: demo.People(1, 14), Printed: printed}); err != nil {
		t.Fatal(err)
	}
	words := wordBoxes(t, buf.Bytes())
	for n := 1; n <= pageCount(buf.Bytes()); n++ {
		var pageNo placedWord
		footTop := 0.0
		for _, w := range words {
			if w.page == n && w.text == "Page" {
				pageNo = w
			}
			if w.page == n && w.text == "printed" && footTop == 0 {
				footTop = w.y
			}
		}
		if pageNo.text == "" || footTop == 0 {
			t.Fatalf("page %d has no foot or no page number", n)
		}
		for _, w := range words {
			if w.page != n || w.x >= pageNo.x { // "Page 1 of 2" itself
				continue
			}
			sameLine := w.y < pageNo.yEnd && w.yEnd > pageNo.y
			if sameLine && w.xEnd > pageNo.x-2 {
				t.Errorf("page %d: %q (%.0f-%.0f pt) runs into the page number at %.0f pt", n, w.text, w.x, w.xEnd, pageNo.x)
			}
		}
		if first := phrasePage(words, "type these marks"); first == 0 {
			t.Errorf("the foot's words are cut or missing")
		}
		for _, w := range words {
			if w.xEnd > 842-12 {
				t.Errorf("page %d: %q runs off the page (ends at %.0f pt)", n, w.text, w.xEnd)
			}
		}
	}
	if flat := strings.Join(strings.Fields(string(pdfText(t, buf.Bytes()))), " "); !strings.Contains(flat, "they care for (continued)") {
		t.Errorf("the second page's title is cut:\n%s", flat)
	}
	render(t, "register-long-name", buf.Bytes())
}
