package paper

import (
	"bytes"
	"strings"
	"testing"

	"github.com/gather-sp/gather/domain"
)

// TestInfoSheetSaysWhereToMeet: an in-person sheet says where to meet on
// arrival, on the first page, and gives no link to join.
func TestInfoSheetSaysWhereToMeet(t *testing.T) {
	a, v := sampleActivity()
	a.MeetingPoint = "At the green gate on Elm Road; we start in the polytunnel"
	a.JoinLink = "https://meet.example.org/garden" // left from when it was online
	for _, large := range []bool{false, true} {
		var buf bytes.Buffer
		if err := WriteInfoSheet(&buf, InfoSheet{Activity: a, Venue: v, Printed: printed, LargePrint: large, NextDates: []string{"2026-11-28"}}); err != nil {
			t.Fatal(err)
		}
		first := strings.Join(strings.Fields(pageTexts(t, buf.Bytes())[0]), " ")
		if !strings.Contains(first, "Where to meet At the green gate on Elm Road; we start in the polytunnel") {
			t.Errorf("large print %v: the first page does not say where to meet:\n%s", large, first)
		}
		if strings.Contains(first, "meet.example.org") || strings.Contains(first, "How to join") {
			t.Errorf("large print %v: an in-person sheet gives a link to join:\n%s", large, first)
		}
		if !large {
			render(t, "info-meet", buf.Bytes())
		}
	}
}

// TestInfoSheetOnlineSaysHowToJoin: an online sheet with a way to join
// prints it on the first page and no longer says to call for the link;
// without one, it still says to call.
func TestInfoSheetOnlineSaysHowToJoin(t *testing.T) {
	a, v := sampleActivity()
	a.Name, a.Online = "Mindful mornings", true
	a.JoinLink = "https://meet.example.org/mindful or dial 0330 088 5830, code 123 456"
	a.MeetingPoint = "At the green gate" // left from when it met in person
	var buf bytes.Buffer
	if err := WriteInfoSheet(&buf, InfoSheet{Activity: a, Venue: v, Printed: printed, NextDates: []string{"2026-11-28"}}); err != nil {
		t.Fatal(err)
	}
	first := strings.Join(strings.Fields(pageTexts(t, buf.Bytes())[0]), " ")
	if !strings.Contains(first, "How to join https://meet.example.org/mindful or dial 0330 088 5830, code 123 456") {
		t.Errorf("the online sheet does not say how to join:\n%s", first)
	}
	if !strings.Contains(first, "Trouble joining, or can't come? Call") {
		t.Errorf("with the link printed, the number's box should not ask whether they need it:\n%s", first)
	}
	for _, not := range []string{"Call the number below for the link", "green gate", "Where to meet", "Need the link"} {
		if strings.Contains(first, not) {
			t.Errorf("the online sheet says %q:\n%s", not, first)
		}
	}
	render(t, "info-join", buf.Bytes())

	a.JoinLink = ""
	buf.Reset()
	if err := WriteInfoSheet(&buf, InfoSheet{Activity: a, Venue: v, Printed: printed}); err != nil {
		t.Fatal(err)
	}
	if flat := strings.Join(strings.Fields(string(pdfText(t, buf.Bytes()))), " "); !strings.Contains(flat, "Call the number below for the link to join") || strings.Contains(flat, "How to join") {
		t.Errorf("without a way to join, the sheet should say to call for the link:\n%s", flat)
	}
}

// TestInfoSheetLongJoinLinkStaysOnThePage: the longest link the form
// takes, one word with no space to break at, wraps inside the page.
func TestInfoSheetLongJoinLinkStaysOnThePage(t *testing.T) {
	a, v := sampleActivity()
	a.Online = true
	a.JoinLink = "https://meet.example.org/j/" + strings.Repeat("a1b2c3", domain.MaxJoinLinkChars/6)[:domain.MaxJoinLinkChars-len("https://meet.example.org/j/")]
	if why := domain.CheckJoinLink(a.JoinLink); why != "" {
		t.Fatal(why)
	}
	for _, large := range []bool{false, true} {
		var buf bytes.Buffer
		if err := WriteInfoSheet(&buf, InfoSheet{Activity: a, Venue: v, Printed: printed, LargePrint: large}); err != nil {
			t.Fatal(err)
		}
		const pageW, pageH, margin = 595.28, 841.89, 12.0
		for _, w := range wordBoxes(t, buf.Bytes()) {
			if w.xEnd > pageW-margin || w.yEnd > pageH-margin {
				t.Errorf("large print %v: %q runs off the page (ends at %.0f, %.0f pt)", large, w.text, w.xEnd, w.yEnd)
			}
		}
		if flat := strings.Join(strings.Fields(string(pdfText(t, buf.Bytes()))), ""); !strings.Contains(flat, a.JoinLink[len(a.JoinLink)-20:]) {
			t.Errorf("large print %v: the end of the link is not printed:\n%s", large, flat)
		}
	}
}
