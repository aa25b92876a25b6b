package app

import (
	"bytes"
	"fmt"
	"os/exec"
	"strings"
	"testing"

	"github.com/gather-sp/gather/app/casework"
	"github.com/gather-sp/gather/domain"
	"github.com/gather-sp/gather/paper"
	"github.com/gather-sp/gather/storage/storagetest"
)

// TestDemoPersonalSheets: the personal info sheets for the demo's
// matches, as a link worker prints them at 10:20 on a Saturday, keep to
// one page in ordinary print and two in large print, with their own way
// there and who will meet them on the first; their dates are one to a
// line and start from the next session not yet started: the garden
// group's 10:00 one, under way, is not offered as "go today", while
// today's afternoon ones are.
func TestDemoPersonalSheets(t *testing.T) {
	if _, err := exec.LookPath("pdftotext"); err != nil {
		t.Fatal("pdftotext is missing: make test installs poppler-utils (scripts/deps.sh)")
	}
	st := storagetest.Open(t)
	if err := casework.SeedDemo(st, testNow); err != nil {
		t.Fatal(err)
	}
	v := st.View()
	today := domain.DateOf(testNow)
	sheets := 0
	for _, r := range v.All(domain.KindMatch) {
		var m domain.Match
		r.Decode(&m)
		if m.Deleted || m.Ended != "" || m.TravelRoute == "" {
			continue
		}
		for _, large := range []bool{false, true} {
			s, ok := infoSheetData(v, domain.RoleLinkWorker, m.ActivityID, m.PersonID, testNow)
			if !ok || s.Person == nil || s.Route != m.TravelRoute || s.MeetBy != m.MeetBy {
				t.Fatalf("the sheet for match %s lacks the activity, the person or their match", r.ID)
			}
			s.Demo, s.LargePrint = true, large
			t.Run(fmt.Sprint(s.Activity.Name, " ", r.ID, " large print ", large), func(t *testing.T) {
				sheets++
				var buf bytes.Buffer
				if err := paper.WriteInfoSheet(&buf, s); err != nil {
					t.Fatal(err)
				}
				cmd := exec.Command("pdftotext", "-", "-")
				cmd.Stdin = bytes.NewReader(buf.Bytes())
				out, err := cmd.Output()
				if err != nil {
					t.Fatal(err)
				}
				pages := strings.Split(strings.TrimSuffix(string(out), "\f"), "\f")
				if want := map[bool]int{false: 1, true: 2}[large]; len(pages) > want {
					t.Errorf("%d pages, want %d at most", len(pages), want)
				}
				first := strings.Join(strings.Fields(pages[0]), " ")
				for _, want := range []string{"Where to meet", "Your way there (written for you) " + m.TravelRoute, "Who will meet you " + m.MeetBy + "."} {
					if !strings.Contains(first, want) {
						t.Errorf("the first page does not say %q:\n%s", want, first)
					}
				}
				if len(s.NextDates) == 0 {
					t.Fatal("no dates")
				}
				a := s.Activity
				for _, d := range s.NextDates {
					if d < today || d == today && a.StartTime <= testNow.Format("15:04") {
						t.Errorf("the sheet lists %s at %s, a session already started or past", d, a.StartTime)
					}
					day, _ := domain.ParseDate(d)
					if line := "\n" + day.Format("Monday 2 January 2006"); !strings.Contains(pages[0], line) {
						t.Errorf("the first page does not give %s a line of its own:\n%s", d, pages[0])
					}
				}
				if got := s.NextDates[0] == today; got != (a.StartTime > testNow.Format("15:04") && domain.MeetsOn(a, today)) {
					t.Errorf("%s at %s: the first date is %s, today %s", a.Name, a.StartTime, s.NextDates[0], today)
				}
			})
		}
	}
	if sheets < 8 {
		t.Errorf("%d sheets; the demo's matches make four in each size", sheets)
	}
}
