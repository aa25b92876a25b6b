package report

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gather-sp/gather/domain"
	"github.com/gather-sp/gather/record"
	"github.com/gather-sp/gather/storage/storagetest"
)

// TestCompanionsFromTheStore: friends and carers noted on marks saved on a
// device reach the report through Load, and are in its summary, its
// attendance-by-activity CSV and its PDF.
func TestCompanionsFromTheStore(t *testing.T) {
	st := storagetest.Open(t)
	var changes []record.Change
	put := func(kind record.Kind, id string, v any) {
		changes = append(changes, record.Change{Kind: kind, ID: id, Fields: domain.Encode(v)})
	}
	put(domain.KindVenue, "v1", domain.Venue{ID: "v1", Name: "Garden"})
	put(domain.KindActivity, "a1", domain.Activity{ID: "a1", Name: "Garden group", VenueID: "v1"})
	companions := []string{"friend", "friend", "friend", "carer", "carer", "carer", "", ""}
	for i, d := range []string{"2026-03-03", "2026-03-10"} {
		sid := domain.SessionID("a1", d)
		put(domain.KindSession, sid, domain.Session{ID: sid, ActivityID: "a1", VenueID: "v1", Date: d})
		for j, who := range companions {
			p := string(rune('a'+j)) + "-person"
			if i == 0 {
				put(domain.KindPerson, p, domain.Person{ID: p, GivenName: p})
			}
			m := domain.Attendance{ID: domain.AttendanceID(sid, p), SessionID: sid, PersonID: p, ActivityID: "a1",
				VenueID: "v1", Date: d, Status: domain.StatusPresent, Companion: who}
			if i == 1 && j >= 3 {
				m.Status = domain.StatusAbsent // a companion on an absent mark does not count
			}
			put(domain.KindAttendance, m.ID, m)
		}
	}
	if err := st.Save("test", changes...); err != nil {
		t.Fatal(err)
	}
	rep, err := Build(Load(st.View()), Options{From: "2026-03-01", To: "2026-03-31"})
	if err != nil {
		t.Fatal(err)
	}
	a := rep.Attendance
	// 3 friends + 3 carers on the 3rd; 3 friends on the 10th.
	if a.Companions.N != 9 || a.Friends.N != 6 || a.Carers.N != 3 {
		t.Fatalf("companions %d, friends %d, carers %d; want 9, 6, 3", a.Companions.N, a.Friends.N, a.Carers.N)
	}
	tables := rep.Tables()
	var summary, byActivity string
	for _, tb := range tables {
		var b bytes.Buffer
		if err := WriteCSV(&b, tb); err != nil {
			t.Fatal(err)
		}
		switch tb.Name {
		case "summary":
			summary = b.String()
		case "attendance_by_activity":
			byActivity = b.String()
		}
	}
	// 6 friends beside 9 in all would give away the 3 carers: both hidden.
	if !strings.Contains(summary, "Friends and carers who came along,9") || !strings.Contains(summary, "Friends who came along,"+Suppressed) {
		t.Errorf("the summary CSV does not count them:\n%s", summary)
	}
	lines := strings.Split(strings.TrimSpace(byActivity), "\n")
	if len(lines) != 2 {
		t.Fatalf("attendance_by_activity CSV:\n%s", byActivity)
	}
	head, row := strings.Split(strings.TrimSpace(lines[0]), ","), strings.Split(strings.TrimSpace(lines[1]), ",")
	col := -1
	for i, h := range head {
		if h == "friends_and_carers" {
			col = i
		}
	}
	if col < 0 || col >= len(row) || row[col] != "9" {
		t.Errorf("attendance_by_activity CSV has no friends_and_carers of 9:\n%s", byActivity)
	}
	if _, err := exec.LookPath("pdftotext"); err != nil {
		t.Skip("pdftotext is not installed (poppler-utils)")
	}
	dir := t.TempDir()
	var pdf bytes.Buffer
	if err := WritePDF(&pdf, rep); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, "r.pdf")
	if err := os.WriteFile(path, pdf.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command("pdftotext", "-layout", path, "-").Output()
	if err != nil {
		t.Fatal(err)
	}
	text := strings.Join(strings.Fields(string(out)), " ")
	for _, want := range []string{"Friends and carers came along 9 times (how many were friends and how many carers is " + Suppressed + ")", "Friend/carer", "Friends and carers who came along 9"} {
		if !strings.Contains(text, want) {
			t.Errorf("the PDF does not say %q", want)
		}
	}
}
