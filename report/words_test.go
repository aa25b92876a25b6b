package report

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/gather-sp/gather/domain"
)

// TestStatDays: a wait reads as people say it, and no wait at all reads
// as the words given, never a blank or "none" that could mean nobody or
// nought days. A hidden wait stays hidden.
func TestStatDays(t *testing.T) {
	for _, c := range []struct {
		s        Stat
		decimals int
		want     string
	}{
		{stat(12, 20), 0, "12 days"},
		{stat(1, 20), 0, "1 day"},
		{stat(0, 20), 0, "0 days"},
		{stat(2.5, 20), 1, "2.5 days"},
		{stat(1, 20), 1, "1.0 days"},
		{stat(40, 3), 0, Suppressed},
		{Stat{}, 0, NobodyWaiting},
	} {
		if got := c.s.Days(c.decimals, NobodyWaiting); got != c.want {
			t.Errorf("%+v.Days(%d) = %q, want %q", c.s, c.decimals, got, c.want)
		}
	}
}

// TestSummarySaysWhyAWaitIsMissing: in the summary (the PDF's first page
// and summary.csv), a wait with nothing to work it out from says so in
// words, and a wait about fewer than 5 people still reads Suppressed.
func TestSummarySaysWhyAWaitIsMissing(t *testing.T) {
	ds := &Dataset{}
	for _, id := range []string{"p1", "p2", "p3", "p4", "p5", "p6"} {
		ds.People = append(ds.People, domain.Person{ID: id, GivenName: id})
	}
	// Five contacted in the period, none still waiting at the end.
	for i, id := range []string{"p1", "p2", "p3", "p4", "p5"} {
		ds.Referrals = append(ds.Referrals, domain.Referral{ID: "r" + id, PersonID: id,
			Received: "2026-03-02", Contacted: "2026-03-0" + string(rune('3'+i))})
	}
	summary := func(rep *Report) map[string]string {
		out := map[string]string{}
		for _, tb := range rep.Tables() {
			if tb.Name == "summary" {
				for _, r := range tb.Rows {
					out[r[1]] = r[2]
				}
			}
		}
		return out
	}
	const (
		median  = "Usual wait from referral to first contact, in days (median)"
		p90     = "9 in 10 people were first contacted within this many days (90th percentile)"
		longest = "Longest anyone is still waiting for first contact, in days"
		placed  = "Usual wait for a place from a waiting list, in days (median)"
		listed  = "Longest anyone is still waiting for a place, in days"
	)
	rep, err := Build(ds, Options{From: "2026-03-01", To: "2026-03-31", Today: "2026-04-02"})
	if err != nil {
		t.Fatal(err)
	}
	got := summary(rep)
	for fig, want := range map[string]string{median: "3.0", p90: "5", longest: NobodyWaiting, placed: NobodyPlaced, listed: NobodyWaiting,
		"SWEMWBS mean change": NobodyMeasuredTwice, "Average attendances per session": NoSessions} {
		if got[fig] != want {
			t.Errorf("%q = %q, want %q", fig, got[fig], want)
		}
	}

	// One more, still waiting: one person, so hidden, not "nobody waiting".
	ds.Referrals = append(ds.Referrals, domain.Referral{ID: "rp6", PersonID: "p6", Received: "2026-03-10"})
	rep, _ = Build(ds, Options{From: "2026-03-01", To: "2026-03-31", Today: "2026-04-02"})
	if got := summary(rep)[longest]; got != Suppressed {
		t.Errorf("one person waiting: %q = %q, want %q", longest, got, Suppressed)
	}

	// Nobody contacted in a later period.
	rep, _ = Build(ds, Options{From: "2026-05-01", To: "2026-05-31", Today: "2026-06-02"})
	if got := summary(rep)[median]; got != NobodyContacted {
		t.Errorf("nobody contacted: %q = %q, want %q", median, got, NobodyContacted)
	}
}

// TestPDFOutcomesWithNoOneMeasured: with no one measured at both baseline
// and follow-up, the PDF's outcomes page draws no charts, whose every bar
// would read Suppressed, as if someone were there and hidden.
func TestPDFOutcomesWithNoOneMeasured(t *testing.T) {
	if _, err := exec.LookPath("pdftotext"); err != nil {
		t.Skip("pdftotext is not installed (poppler-utils)")
	}
	ds := &Dataset{People: []domain.Person{{ID: "p1", GivenName: "p1"}}}
	rep, err := Build(ds, Options{From: "2026-03-01", To: "2026-03-31", Today: "2026-04-02"})
	if err != nil {
		t.Fatal(err)
	}
	var pdf bytes.Buffer
	if err := WritePDF(&pdf, rep); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "r.pdf")
	if err := os.WriteFile(path, pdf.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command("pdftotext", "-f", "4", "-l", "4", "-layout", path, "-").Output()
	if err != nil {
		t.Fatal(err)
	}
	page := string(out)
	if !strings.Contains(page, "Wellbeing outcomes") {
		t.Fatalf("page 4 is not the outcomes page:\n%s", page)
	}
	if strings.Contains(page, Suppressed) {
		t.Errorf("the outcomes page, with no one measured, reads %q:\n%s", Suppressed, page)
	}
}

// TestAbsenceIsCalledAsTheRegisterCallsIt: a mark of absent is "Absent"
// in a report as on the register, its mark dialog and the person card
// (domain.StatusLabel): in summary.csv, the CSV columns, the method and
// the PDF, never "No-shows".
func TestAbsenceIsCalledAsTheRegisterCallsIt(t *testing.T) {
	r := build(t, Options{})
	word := domain.StatusLabel(domain.StatusAbsent)
	var all strings.Builder
	summaryHas, columnHas := false, false
	for _, tb := range r.Tables() {
		var buf bytes.Buffer
		if err := WriteCSV(&buf, tb); err != nil {
			t.Fatal(err)
		}
		all.Write(buf.Bytes())
		for _, row := range tb.Rows {
			if tb.Name == "summary" && row[1] == word {
				summaryHas = true
			}
		}
		if tb.Name == "attendance_by_activity" && slices.Contains(tb.Columns, strings.ToLower(word)) {
			columnHas = true
		}
	}
	for _, m := range Method() {
		all.WriteString(m[0] + ": " + m[1] + "\n")
	}
	if !summaryHas || !columnHas {
		t.Errorf("summary.csv has a figure %q: %v; attendance_by_activity has a column %q: %v", word, summaryHas, strings.ToLower(word), columnHas)
	}
	var pdf bytes.Buffer
	if err := WritePDF(&pdf, r); err != nil {
		t.Fatal(err)
	}
	if _, err := exec.LookPath("pdftotext"); err == nil {
		path := filepath.Join(t.TempDir(), "report.pdf")
		if err := os.WriteFile(path, pdf.Bytes(), 0o600); err != nil {
			t.Fatal(err)
		}
		out, err := exec.Command("pdftotext", "-layout", path, "-").Output()
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(string(out), word) {
			t.Errorf("the PDF never says %q", word)
		}
		all.Write(out)
	}
	for _, other := range []string{"no-show", "no_show", "noshow", "no show"} {
		if i := strings.Index(strings.ToLower(all.String()), other); i >= 0 {
			t.Errorf("a report says %q: …%s…", other, all.String()[max(0, i-60):min(all.Len(), i+40)])
		}
	}
}
