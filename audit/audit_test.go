package audit

import (
	"bytes"
	"encoding/csv"
	"strings"
	"testing"
	"time"

	"github.com/gather-sp/gather/domain"
	"github.com/gather-sp/gather/record"
	"github.com/gather-sp/gather/storage"
	"github.com/gather-sp/gather/storage/storagetest"
)

type stepClock struct{ t time.Time }

// Now returns the time and moves on a minute, so entries sort predictably.
func (c *stepClock) Now() time.Time {
	t := c.t
	c.t = c.t.Add(time.Minute)
	return t
}

func openStore(t *testing.T) *storage.Store {
	t.Helper()
	s := storagetest.Open(t)
	return s
}

var start = time.Date(2026, 11, 21, 9, 0, 0, 0, time.UTC)

func newRecorder(s *storage.Store) Recorder {
	return Recorder{Device: s.Device(), Now: (&stepClock{t: start}).Now}
}

func personChange(id string, fields map[string]string) record.Change {
	return record.Change{Kind: domain.KindPerson, ID: id, Fields: fields}
}

func TestEntryIsCompleteAndFresh(t *testing.T) {
	rec := Recorder{Device: "dev-1", Now: func() time.Time { return start }}
	a, b := rec.ViewedCase("s1", "p1"), rec.ViewedCase("s1", "p1")
	if a.ID == b.ID || a.Kind != domain.KindAudit || a.ID == "" {
		t.Fatalf("entries must be audit records with fresh ids: %+v %+v", a, b)
	}
	want := map[string]string{"staff": "s1", "action": ActionViewed, "entity_kind": "person", "entity_id": "p1",
		"detail": "case", "at": "2026-11-21T09:00:00Z", "device": "dev-1"}
	for f, v := range want {
		if a.Fields[f] != v {
			t.Errorf("field %s = %q, want %q", f, a.Fields[f], v)
		}
	}
}

func TestErasedKeepsOnlyTheID(t *testing.T) {
	rec := Recorder{Device: "dev-1", Now: func() time.Time { return start }}
	for _, c := range []struct {
		entry  record.Change
		detail string
	}{
		{rec.Erased("s1", "p1"), ""},
		{rec.ErasedExpired("s1", "p1", 24), "case closed over 24 months ago (retention period)"},
	} {
		want := map[string]string{"staff": "s1", "action": ActionErased, "entity_kind": "person", "entity_id": "p1",
			"detail": c.detail, "device": "dev-1"}
		for f, v := range want {
			if c.entry.Fields[f] != v {
				t.Errorf("field %s = %q, want %q", f, c.entry.Fields[f], v)
			}
		}
	}
}

func TestChangedNamesFieldsNeverValues(t *testing.T) {
	rec := Recorder{Device: "d"}
	secret := map[string]string{"nhs_number": "943 476 5919", "phone": "07700 900456", "given_name": "Wilhelmina"}
	cases := []struct {
		name    string
		changes []record.Change
		want    []string // details
	}{
		{"one change", []record.Change{personChange("p1", secret)}, []string{"fields: given_name, nhs_number, phone"}},
		{"two records", []record.Change{
			personChange("p1", map[string]string{"phone": "1"}),
			{Kind: domain.KindReferral, ID: "r1", Fields: map[string]string{"status": "closed", "notes": "x"}},
		}, []string{"fields: phone", "fields: notes, status"}},
		{"audit entries are not audited", []record.Change{rec.ViewedCase("s", "p")}, nil},
		{"empty change", []record.Change{personChange("p1", nil)}, nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got := rec.Changed("s1", tc.changes...)
			if len(got) != len(tc.want) {
				t.Fatalf("%d entries, want %d", len(got), len(tc.want))
			}
			for i, e := range got {
				if e.Fields["detail"] != tc.want[i] || e.Fields["action"] != ActionChanged {
					t.Errorf("entry %d: %v", i, e.Fields)
				}
				for _, v := range secret {
					for _, fv := range e.Fields {
						if strings.Contains(fv, v) {
							t.Errorf("entry holds the value %q", v)
						}
					}
				}
			}
		})
	}
}

func TestUnlockedRecordsPriorFailures(t *testing.T) {
	rec := Recorder{Device: "d"}
	cases := []struct {
		prior   int
		actions []string
	}{
		{0, []string{ActionUnlocked}},
		{3, []string{ActionFailedUnlock, ActionUnlocked}},
	}
	for _, tc := range cases {
		got := rec.Unlocked("s1", tc.prior, time.Time{})
		if len(got) != len(tc.actions) {
			t.Fatalf("prior %d: %d entries", tc.prior, len(got))
		}
		for i, a := range tc.actions {
			if got[i].Fields["action"] != a || got[i].Fields["staff"] != "s1" {
				t.Errorf("prior %d entry %d: %v", tc.prior, i, got[i].Fields)
			}
		}
	}
	if d := rec.Unlocked("s1", 3, time.Time{})[0].Fields["detail"]; d != "3 wrong PINs" {
		t.Errorf("detail %q", d)
	}
	if d := rec.FailedUnlock("s1", 1).Fields["detail"]; d != "1 wrong PIN" {
		t.Errorf("detail %q", d)
	}
	// The failures are dated when they happened, before the unlock.
	failedAt := time.Date(2026, 11, 21, 8, 59, 0, 0, time.UTC)
	if at := rec.Unlocked("s1", 2, failedAt)[0].Fields["at"]; at != "2026-11-21T08:59:00Z" {
		t.Errorf("failed unlock dated %q", at)
	}
}

// TestSavedWithTheChangeAndListed is the way the UI uses the package: one
// Save holds the change and its entry, and the list reads it back.
func TestSavedWithTheChangeAndListed(t *testing.T) {
	s := openStore(t)
	rec := newRecorder(s)
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(s.Save("ann", rec.WithAudit("ann", personChange("p1", map[string]string{"given_name": "Zoë", "phone": "0161"}))...))
	must(s.Save("ann", rec.ViewedCase("ann", "p1")))
	must(s.Save("bob", rec.ViewedCase("bob", "p1")))
	must(s.Save("bob", rec.Exported("bob", "attendance report CSV", 12)))
	must(s.Save("ann", rec.Unlocked("ann", 2, time.Time{})...))
	must(s.Save("cat", rec.Erased("cat", "p2")))

	v := s.View()
	if p, ok := v.Person("p1"); !ok || p.GivenName != "Zoë" {
		t.Fatal("the change itself was not saved")
	}
	all := List(v, Filter{})
	if len(all) != 7 {
		t.Fatalf("%d entries, want 7", len(all))
	}
	for i := 1; i < len(all); i++ {
		if all[i].At.After(all[i-1].At) {
			t.Fatal("not newest first")
		}
	}
	if all[0].Action != ActionErased || all[len(all)-1].Action != ActionChanged {
		t.Fatalf("order: first %s, last %s", all[0].Action, all[len(all)-1].Action)
	}
	if all[0].Device != s.Device() || all[0].At.IsZero() {
		t.Fatalf("entry lacks device or time: %+v", all[0])
	}

	cases := []struct {
		name   string
		filter Filter
		want   []string // actions, newest first
	}{
		{"by staff", Filter{Staff: "bob"}, []string{ActionExported, ActionViewed}},
		{"who viewed p1", Filter{EntityID: "p1", Action: ActionViewed}, []string{ActionViewed, ActionViewed}},
		{"everything about p1", Filter{EntityID: "p1", EntityKind: domain.KindPerson}, []string{ActionViewed, ActionViewed, ActionChanged}},
		{"staff and action", Filter{Staff: "ann", Action: ActionFailedUnlock}, []string{ActionFailedUnlock}},
		{"time window", Filter{From: start.Add(time.Minute), To: start.Add(3 * time.Minute)}, []string{ActionViewed, ActionViewed}},
		{"limit", Filter{Limit: 2}, []string{ActionErased, ActionUnlocked}},
		{"nobody", Filter{Staff: "zed"}, nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got := List(v, tc.filter)
			if len(got) != len(tc.want) {
				t.Fatalf("%d entries %+v, want %v", len(got), got, tc.want)
			}
			for i := range got {
				if got[i].Action != tc.want[i] {
					t.Fatalf("entry %d = %s, want %s", i, got[i].Action, tc.want[i])
				}
			}
		})
	}
}

func TestWriteCSV(t *testing.T) {
	entries := []domain.Audit{
		{ID: "e2", Staff: "s1", Action: ActionExported, Detail: "=HYPERLINK(\"http://x\"), 3 rows", At: start.Add(time.Hour), Device: "d1"},
		{ID: "e1", Staff: "s2", Action: ActionViewed, EntityKind: "person", EntityID: "p1", Detail: "case, with \"quotes\"\nand a newline", At: start, Device: "d1"},
	}
	names := map[string]string{"s1": "Ada Admin", "s2": "-Bo"}
	var buf bytes.Buffer
	if err := WriteCSV(&buf, entries, func(id string) string { return names[id] }); err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(&buf).ReadAll()
	if err != nil {
		t.Fatalf("not valid CSV: %v", err)
	}
	want := [][]string{
		CSVHeader,
		{"2026-11-21T10:00:00Z", "s1", "Ada Admin", "exported", "", "", "'=HYPERLINK(\"http://x\"), 3 rows", "d1", "e2"},
		{"2026-11-21T09:00:00Z", "s2", "'-Bo", "viewed", "person", "p1", "case, with \"quotes\"\nand a newline", "d1", "e1"},
	}
	if len(rows) != len(want) {
		t.Fatalf("%d rows", len(rows))
	}
	for i := range want {
		if strings.Join(rows[i], "|") != strings.Join(want[i], "|") {
			t.Errorf("row %d = %q\nwant %q", i, rows[i], want[i])
		}
	}
	buf.Reset()
	if err := WriteCSV(&buf, nil, nil); err != nil || strings.Count(buf.String(), "\n") != 1 {
		t.Fatalf("empty export: %q %v", buf.String(), err)
	}
}

func TestDetailIsBounded(t *testing.T) {
	rec := Recorder{}
	long := strings.Repeat("é", 1000)
	d := rec.Exported("s", long, 1).Fields["detail"]
	if len(d) > maxDetail+len("…") || !strings.HasSuffix(d, "…") {
		t.Fatalf("detail not clipped: %d bytes", len(d))
	}
}
