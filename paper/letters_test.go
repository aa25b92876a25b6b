package paper

import (
	"bytes"
	"compress/zlib"
	"io"
	"os/exec"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/gather-sp/gather/domain"
)

// pageStreams returns the PDF's content streams, inflated, in the order
// they were written: fpdf writes one per page, pages first.
func pageStreams(t *testing.T, pdf []byte, pages int) []string {
	t.Helper()
	var out []string
	rest := pdf
	for len(out) < pages {
		i := bytes.Index(rest, []byte(">>\nstream\n"))
		if i < 0 {
			t.Fatalf("found %d content streams, want %d", len(out), pages)
		}
		rest = rest[i+len(">>\nstream\n"):]
		j := bytes.Index(rest, []byte("\nendstream"))
		if j < 0 {
			t.Fatal("a stream has no end")
		}
		r, err := zlib.NewReader(bytes.NewReader(rest[:j]))
		if err != nil {
			t.Fatalf("stream %d: %v", len(out), err)
		}
		b, err := io.ReadAll(r)
		if err != nil {
			t.Fatalf("stream %d: %v", len(out), err)
		}
		out = append(out, string(b))
		rest = rest[j:]
	}
	return out
}

var textOps = regexp.MustCompile(`/F\w+ ([0-9.]+) Tf|\)Tj`)

// textSizes is the type size of every piece of text a page stream shows:
// the size set last before it.
func textSizes(page string) []float64 {
	var sizes []float64
	cur := 0.0
	for _, m := range textOps.FindAllStringSubmatch(page, -1) {
		if m[1] != "" {
			cur, _ = strconv.ParseFloat(m[1], 64)
			continue
		}
		sizes = append(sizes, cur)
	}
	return sizes
}

// pageTexts is the text of each page, as pdftotext reads it.
func pageTexts(t *testing.T, pdf []byte) []string {
	t.Helper()
	return strings.Split(string(pdfText(t, pdf)), "\f")
}

func pageCount(pdf []byte) int {
	return bytes.Count(pdf, []byte("/Type /Page\n")) + bytes.Count(pdf, []byte("/Type /Page "))
}

func TestWriteLetters(t *testing.T) {
	a, v := sampleActivity()
	body := domain.SessionReminderLetter(a, v, "2026-11-28", domain.ServiceContact{})
	long := append(append([]string{}, body...), strings.Repeat("A long paragraph about the group, to see that a letter keeps to one page. ", 14))
	people := []struct {
		person domain.Person
		large  bool
		body   []string
	}{
		{domain.Person{ID: "a", GivenName: "Ada", FamilyName: "Lovelace", Address: "3 Mill Lane, Kirkby Vale", Postcode: "KV1 4RG"}, false, body},
		{domain.Person{ID: "b", GivenName: "Bert", FamilyName: "Ng", PreferredName: "Bertie", Address: "Flat 2\n9 High St", Postcode: "KV2 1AA"}, true, body},
		{domain.Person{ID: "c", GivenName: "Cath", FamilyName: "Oduya", Address: "1 Long Row"}, true, long},
	}
	var l Letters
	l.From, l.Role = "Sam Patel", domain.RoleLinkWorker
	l.Printed = printed
	for _, p := range people {
		l.Letters = append(l.Letters, Letter{Person: p.person, LargePrint: p.large, Body: p.body})
	}
	var buf bytes.Buffer
	if err := WriteLetters(&buf, l); err != nil {
		t.Fatal(err)
	}
	// Cath's letter is too long for one page even at 16 point: it runs
	// on to a second, headed with her name, rather than lose its end.
	if n := pageCount(buf.Bytes()); n != len(people)+1 {
		t.Fatalf("%d pages, want one per person (%d) and one more for Cath's long letter", n, len(people))
	}
	streams := pageStreams(t, buf.Bytes(), len(people)+1)
	texts := pageTexts(t, buf.Bytes())
	if cont := strings.Join(strings.Fields(texts[3]), " "); !strings.Contains(cont, "Cath Oduya, Saturday 21 November 2026: letter continued") ||
		!strings.Contains(cont, "Sam Patel Link worker, social prescribing") {
		t.Errorf("Cath's second page is not headed with her name or lacks the sign-off:\n%s", cont)
	}
	for _, pt := range textSizes(streams[3]) {
		if pt < 16 {
			t.Errorf("the continuation of a large-print letter has text at %v pt", pt)
		}
	}
	texts[2] += texts[3]
	for i, p := range people {
		t.Run(p.person.GivenName, func(t *testing.T) {
			page := texts[i]
			if !strings.Contains(page, "Dear "+greetingName(p.person)) || !strings.Contains(page, p.person.FullName()) {
				t.Errorf("page %d is not %s's letter", i+1, p.person.FullName())
			}
			if p.person.Postcode != "" && !strings.Contains(page, p.person.Postcode) {
				t.Errorf("page %d lacks the postcode %s", i+1, p.person.Postcode)
			}
			// The reminder says when in words, how to get there, and whom
			// to call if they are lost or late; it is signed with a name
			// and what that person does.
			flat := strings.Join(strings.Fields(page), " ")
			for _, want := range []string{"Saturday 28 November 2026, from 10:00 to 12:00", "How to get there: Bus 22 to Mill Lane",
				"What to bring: Old clothes", "Please call 01632 960101 if you cannot come, if you are lost or running late on the day",
				"Sam Patel Link worker, social prescribing"} {
				if !strings.Contains(flat, want) {
					t.Errorf("page %d does not say %q:\n%s", i+1, want, flat)
				}
			}
			sizes := textSizes(streams[i])
			if len(sizes) < 5 {
				t.Fatalf("only %d pieces of text on the page", len(sizes))
			}
			for _, pt := range sizes {
				if p.large && pt < 16 {
					t.Errorf("large-print letter set at %v pt, want 16 or more", pt)
				}
				if !p.large && pt != LetterPoints {
					t.Errorf("letter set at %v pt, want %v", pt, LetterPoints)
				}
			}
		})
	}
	imgs := render(t, "letters", buf.Bytes())
	if len(imgs) != len(people)+1 {
		t.Errorf("rendered %d pages, want %d", len(imgs), len(people)+1)
	}
}

// TestWriteGPLetter: the letter says whom it is for and who the patient is
// as a practice files it (name, date of birth, NHS number, address), where
// the referral came from in the screens' words, and each activity in
// plain English ("came to 1 session"), signed by the link worker.
func TestWriteGPLetter(t *testing.T) {
	l := domain.GPLetter{Person: domain.Person{GivenName: "Ada", FamilyName: "Lovelace", DateOfBirth: "1950-03-02",
		NHSNumber: "943 476 5919", Practice: "Riverside Surgery", Address: "2 High St, Kirkby Vale", Postcode: "KV2 1AA"},
		Referral: domain.Referral{ID: "r", Received: "2026-01-05", Source: domain.SourceProfessional, Referrer: "Jo Banks, mental health team",
			Reasons: []string{"loneliness or isolation"}, Status: domain.ReferralAttending},
		Activities: []domain.GPActivity{{Name: "Garden group", Matched: "2026-01-20", Attended: 6},
			{Name: "Crafternoon", Matched: "2026-02-02", Ended: "2026-03-01", Attended: 1},
			{Name: "Singing for the brain at the Methodist Hall, with the Thursday choir and their friends", Matched: "2026-02-10", Attended: 3}},
		Wellbeing: []string{"SWEMWBS (Short Warwick-Edinburgh Mental Wellbeing Scale; scores run from 7 to 35, higher is better): " +
			"17.43 on 6 January 2026, then 21.54 on 1 April 2026 (+4.11)"},
		LinkWorker: "Sam Patel", Date: "2026-04-20"}
	var buf bytes.Buffer
	if err := WriteGPLetter(&buf, GPLetterSheet{Letter: l, Printed: printed}); err != nil {
		t.Fatal(err)
	}
	if n := pageCount(buf.Bytes()); n != 1 {
		t.Fatalf("%d pages, want 1", n)
	}
	page := strings.Join(strings.Fields(string(pdfText(t, buf.Bytes()))), " ")
	for _, want := range []string{"Ada Lovelace", "943 476 5919", "Riverside Surgery", "Garden group",
		"came to 6 sessions", "came to 1 session;", "+4.11", "agreed to this summary being shared",
		"For the GP, Riverside Surgery", "2 High St, Kirkby Vale, KV2 1AA", "Other professional: Jo Banks, mental health team",
		"Now Attending", "Loneliness or isolation", "Sam Patel Link worker, social prescribing",
		"Date of birth 02/03/1950", "matched 20 January 2026", "higher is better", "Telephone:"} {
		if !strings.Contains(page, want) {
			t.Errorf("the letter does not say %q", want)
		}
	}
	if strings.Contains(page, "Thursday 2 March 1950") {
		t.Error("the date of birth is given with a weekday")
	}
	// A bullet line too long for one line wraps under its text, not back
	// to the margin: each of its lines starts where its first word does.
	words := wordBoxes(t, buf.Bytes())
	first := -1
	for i, w := range words {
		if w.text == "Singing" {
			first = i
			break
		}
	}
	if first < 0 {
		t.Fatal("the long activity is not on the page")
	}
	lines := 0
	for i := first + 1; i < len(words) && words[i-1].text != "sessions."; i++ {
		if words[i].y != words[i-1].y {
			lines++
			if words[i].x < words[first].x-0.5 {
				t.Errorf("the long activity's line %d starts at x=%.1f pt (%q), left of its text at %.1f pt",
					lines+1, words[i].x, words[i].text, words[first].x)
			}
		}
	}
	if lines == 0 {
		t.Error("the long activity fits one line: make it longer, to see it wrap")
	}
	render(t, "gpletter", buf.Bytes())
}

var wordBox = regexp.MustCompile(`<word xMin="([0-9.]+)" yMin="([0-9.]+)" xMax="([0-9.]+)" yMax="([0-9.]+)">([^<]*)</word>`)

type placedWord struct {
	page       int     // which page it is on, from 1
	x, y       float64 // where it starts, in points from the page's top left
	xEnd, yEnd float64 // where it ends
	text       string
}

// wordBoxes is each word of a PDF and where it starts, in reading order
// (pdftotext -bbox).
func wordBoxes(t *testing.T, pdf []byte) []placedWord {
	t.Helper()
	cmd := exec.Command("pdftotext", "-bbox", "-", "-")
	cmd.Stdin = bytes.NewReader(pdf)
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("pdftotext -bbox: %v", err)
	}
	var words []placedWord
	for n, page := range strings.Split(string(out), "<page ")[1:] {
		for _, m := range wordBox.FindAllStringSubmatch(page, -1) {
			var f [4]float64
			for i := range f {
				f[i], _ = strconv.ParseFloat(m[i+1], 64)
			}
			words = append(words, placedWord{page: n + 1, x: f[0], y: f[1], xEnd: f[2], yEnd: f[3], text: m[5]})
		}
	}
	return words
}
