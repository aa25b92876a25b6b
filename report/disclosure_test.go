package report

import (
	"fmt"
	"strconv"
	"strings"
	"testing"

	"github.com/gather-sp/gather/domain"
)

// The tests here look at what a report publishes (its tables, as the CSV,
// PDF and screen show them) and check that no figure about 1 to 4 people
// can be worked out from the figures shown beside it.

const (
	discFrom  = "2026-03-01"
	discTo    = "2026-03-31"
	discToday = "2026-04-01"
	discDate  = "2026-03-02" // a session in the period
	discEarly = "2026-02-02" // a session before it
)

// discData builds small data sets for these tests.
type discData struct{ ds *Dataset }

func newDiscData() *discData {
	return &discData{ds: &Dataset{Venues: []domain.Venue{{ID: "v1", Name: "Hall"}}}}
}

func (d *discData) activity(id, category string, capacity int) {
	d.ds.Activities = append(d.ds.Activities, domain.Activity{ID: id, Name: id, VenueID: "v1", Category: category, Capacity: capacity})
}

// came marks n new people present at the activity's session on date, each
// noting companion ("", "friend" or "carer"), and returns their ids.
func (d *discData) came(activityID, date string, n int, companion string) []string {
	sid := domain.SessionID(activityID, date)
	d.ds.Sessions = append(d.ds.Sessions, domain.Session{ID: sid, ActivityID: activityID, VenueID: "v1", Date: date})
	var ids []string
	for i := 0; i < n; i++ {
		p := fmt.Sprintf("p%d", len(d.ds.People))
		d.ds.People = append(d.ds.People, domain.Person{ID: p, GivenName: p})
		d.mark(sid, activityID, date, p, companion)
		ids = append(ids, p)
	}
	return ids
}

func (d *discData) mark(sid, activityID, date, personID, companion string) {
	d.ds.Attendance = append(d.ds.Attendance, domain.Attendance{ID: domain.AttendanceID(sid, personID), SessionID: sid,
		PersonID: personID, ActivityID: activityID, VenueID: "v1", Date: date, Status: domain.StatusPresent, Companion: companion})
}

func (d *discData) build(t *testing.T) *Report {
	t.Helper()
	r, err := Build(d.ds, Options{From: discFrom, To: discTo, Today: discToday})
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// published returns a table as published, by name.
func published(t *testing.T, r *Report, name string) Table {
	t.Helper()
	for _, tb := range r.Tables() {
		if tb.Name == name {
			return tb
		}
	}
	t.Fatalf("no table %s", name)
	return Table{}
}

// summaryValue is the value of the summary row whose figure starts with
// figure.
func summaryValue(t *testing.T, r *Report, figure string) string {
	t.Helper()
	for _, row := range published(t, r, "summary").Rows {
		if strings.HasPrefix(row[1], figure) {
			return row[2]
		}
	}
	t.Fatalf("no summary figure %q", figure)
	return ""
}

// groupValue is the count a two-column group table shows for name.
func groupValue(t *testing.T, r *Report, table, name string) string {
	t.Helper()
	for _, row := range published(t, r, table).Rows {
		if row[0] == name {
			return row[1]
		}
	}
	t.Fatalf("%s has no row %q", table, name)
	return ""
}

// leftOver is what a shown total less the parts shown beside it leaves:
// the people behind the hidden parts, or (ok false) nothing can be worked
// out because the total itself is hidden.
func leftOver(total string, parts ...string) (int, bool) {
	n, err := strconv.Atoi(total)
	if err != nil {
		return 0, false
	}
	for _, p := range parts {
		if v, err := strconv.Atoi(p); err == nil {
			n -= v
		}
	}
	return n, true
}

// checkNotWorkedOut fails when the total less the parts shown leaves 1 to 4
// people: a hidden figure, or one never shown, given away by subtraction.
func checkNotWorkedOut(t *testing.T, what, total string, parts ...string) {
	t.Helper()
	if n, ok := leftOver(total, parts...); ok && n > 0 && n < MinGroup {
		t.Errorf("%s: total %s less the parts shown %q leaves %d people", what, total, parts, n)
	}
}

func TestCompanionsCannotBeWorkedOut(t *testing.T) {
	tests := []struct {
		name                        string
		friends, carers             int
		wantAll, wantFriends, carer string
	}{
		{"three carers beside six friends and the total", 6, 3, "9", Suppressed, Suppressed},
		{"three friends beside six carers and the total", 3, 6, "9", Suppressed, Suppressed},
		// Beside a hidden total, a 0 would tell that the others are all of them.
		{"no carers beside a hidden total", 3, 0, Suppressed, Suppressed, Suppressed},
		{"both large enough", 6, 5, "11", "6", "5"},
		{"none at all", 0, 0, "0", "0", "0"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := newDiscData()
			d.activity("garden", domain.CategoryGardening, 0)
			d.came("garden", discDate, tt.friends, "friend")
			d.came("garden", discDate, tt.carers, "carer")
			d.came("garden", discDate, 5, "")
			r := d.build(t)
			all := summaryValue(t, r, "Friends and carers who came along")
			friends := summaryValue(t, r, "Friends who came along")
			carers := summaryValue(t, r, "Carers who came along")
			checkNotWorkedOut(t, "companions", all, friends, carers)
			if all != tt.wantAll || friends != tt.wantFriends || carers != tt.carer {
				t.Errorf("companions %s, friends %s, carers %s; want %s, %s, %s", all, friends, carers, tt.wantAll, tt.wantFriends, tt.carer)
			}
		})
	}
}

func TestNewPeopleCannotBeWorkedOut(t *testing.T) {
	tests := []struct {
		name                string
		newcomers, returned int
		wantPeople, wantNew string
	}{
		// 10 people, 8 of them new: the 2 who came before are 10 - 8.
		{"two returning beside eight new", 8, 2, "10", Suppressed},
		// Beside a hidden number of people, a 0 new would tell that all of them came before.
		{"none new of a hidden few", 0, 3, Suppressed, Suppressed},
		{"five and five", 5, 5, "10", "5"},
		{"all new", 8, 0, "8", "8"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := newDiscData()
			d.activity("garden", domain.CategoryGardening, 0)
			d.came("garden", discDate, tt.newcomers, "")
			sid := domain.SessionID("garden", discDate)
			for _, p := range d.came("garden", discEarly, tt.returned, "") {
				d.mark(sid, "garden", discDate, p, "")
			}
			r := d.build(t)
			people := summaryValue(t, r, "Different people who came")
			newPeople := summaryValue(t, r, "New people")
			checkNotWorkedOut(t, "people who came before", people, newPeople)
			if people != tt.wantPeople || newPeople != tt.wantNew {
				t.Errorf("people %s, new %s; want %s, %s", people, newPeople, tt.wantPeople, tt.wantNew)
			}
		})
	}
}

func TestSWEMWBSImprovedCannotBeWorkedOut(t *testing.T) {
	tests := []struct {
		name                                 string
		pairs, improved                      int
		wantPairs, wantImproved, wantPercent string
	}{
		{"three of ten improved", 10, 3, "10", Suppressed, Suppressed},
		// 8 of 10: the 2 who did not improve are 10 - 8, or 20% of 10.
		{"two of ten did not improve", 10, 8, "10", Suppressed, Suppressed},
		{"five of ten", 10, 5, "10", "5", "50%"},
		{"none of ten", 10, 0, "10", "0", "0%"},
		{"all of ten", 10, 10, "10", "10", "100%"},
		{"a hidden few", 3, 0, Suppressed, Suppressed, Suppressed},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ds := &Dataset{}
			for i := 0; i < tt.pairs; i++ {
				p := fmt.Sprintf("p%d", i)
				after := 14 // a metric change of well under 3 points
				if i < tt.improved {
					after = 28
				}
				ds.People = append(ds.People, domain.Person{ID: p, GivenName: p})
				ds.Measures = append(ds.Measures,
					domain.Measure{ID: p + "b", PersonID: p, Instrument: domain.InstrumentSWEMWBS, Stage: domain.StageBaseline, Date: "2026-03-02", Items: swemwbsItems(14)},
					domain.Measure{ID: p + "f", PersonID: p, Instrument: domain.InstrumentSWEMWBS, Stage: domain.StageFollowUp, Date: "2026-03-30", Items: swemwbsItems(after)})
			}
			r, err := Build(ds, Options{From: discFrom, To: discTo, Today: discToday})
			if err != nil {
				t.Fatal(err)
			}
			table := published(t, r, "swemwbs")
			pairs, improved, share := table.Rows[0][1], table.Rows[4][1], table.Rows[5][1]
			checkNotWorkedOut(t, "people who did not improve", pairs, improved)
			if pairs != tt.wantPairs || improved != tt.wantImproved || share != tt.wantPercent {
				t.Errorf("pairs %s, improved %s, share %s; want %s, %s, %s", pairs, improved, share, tt.wantPairs, tt.wantImproved, tt.wantPercent)
			}
			// The summary says the same.
			if got := summaryValue(t, r, "SWEMWBS rose by at least 3 points (people)"); got != improved {
				t.Errorf("summary improved %s, table %s", got, improved)
			}
			if got := summaryValue(t, r, "SWEMWBS rose by at least 3 points (share)"); got != share {
				t.Errorf("summary share %s, table %s", got, share)
			}
		})
	}
}

func TestWaitingListRowsCannotBeWorkedOut(t *testing.T) {
	tests := []struct {
		name            string
		column, summary string // the waiting_lists column and the summary figure it adds up to
		small, large    int
		placed          bool
	}{
		{"joined", "joined", "Put on a waiting list in the period", 3, 10, false},
		{"given a place", "given_a_place", "Given a place from a waiting list in the period", 3, 10, true},
		{"waiting at the end", "waiting_at_end", "People on a waiting list at the end of the period", 3, 10, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ds := &Dataset{Venues: []domain.Venue{{ID: "v1", Name: "Hall"}}}
			for _, a := range []struct {
				id string
				n  int
			}{{"small", tt.small}, {"large", tt.large}} {
				ds.Activities = append(ds.Activities, domain.Activity{ID: a.id, Name: a.id, VenueID: "v1", Capacity: 1})
				for i := 0; i < a.n; i++ {
					p := fmt.Sprintf("%s%d", a.id, i)
					ds.People = append(ds.People, domain.Person{ID: p, GivenName: p})
					m := domain.Match{ID: "m" + p, PersonID: p, ActivityID: a.id, Date: "2026-03-02", Waiting: "2026-03-02"}
					if tt.placed {
						m.PlaceGiven = "2026-03-20"
					}
					ds.Matches = append(ds.Matches, m)
				}
			}
			r, err := Build(ds, Options{From: discFrom, To: discTo, Today: discToday})
			if err != nil {
				t.Fatal(err)
			}
			table := published(t, r, "waiting_lists")
			col := -1
			for i, c := range table.Columns {
				if c == tt.column {
					col = i
				}
			}
			var parts []string
			for _, row := range table.Rows {
				parts = append(parts, row[col])
			}
			total := summaryValue(t, r, tt.summary)
			checkNotWorkedOut(t, tt.column, total, parts...)
		})
	}
}

func TestFillRateCannotSingleOutAnActivity(t *testing.T) {
	type act struct {
		id       string
		capacity int
		people   int
	}
	tests := []struct {
		name string
		acts []act
		want string // the summary's places taken
	}{
		// The small one is the only activity with a capacity: its places
		// taken, times its places, are its attendances.
		{"the small one alone has a capacity", []act{{"small", 10, 3}, {"large", 0, 10}, {"middle", 0, 6}}, Suppressed},
		{"a hidden few in all", []act{{"small", 10, 3}}, Suppressed},
		{"hidden ones all have a capacity", []act{{"small", 10, 3}, {"middle", 10, 6}, {"large", 0, 10}}, "45%"},
		{"all have a capacity", []act{{"small", 10, 3}, {"middle", 10, 6}, {"large", 10, 10}}, "63%"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := newDiscData()
			for _, a := range tt.acts {
				d.activity(a.id, domain.CategoryGardening, a.capacity)
				d.came(a.id, discDate, a.people, "")
			}
			r := d.build(t)
			if got := summaryValue(t, r, "Places taken"); got != tt.want {
				t.Errorf("places taken %s, want %s", got, tt.want)
			}
		})
	}
}

func TestMatchesCannotBeWorkedOut(t *testing.T) {
	type act struct {
		id, category string
		matched      int
	}
	tests := []struct {
		name string
		acts []act
	}{
		// Garden B (3) is hidden in matched_to with craft; the gardening
		// category (23) less Garden A (20) would give it.
		{"a category adds up a hidden activity and a shown one", []act{
			{"Garden A", domain.CategoryGardening, 20}, {"Garden B", domain.CategoryGardening, 3}, {"Craft", domain.CategoryCraft, 10}}},
		// Money advice (3) is hidden with craft in matched_to, and with jobs
		// in the onward table: the onward total (11) less jobs as
		// matched_to shows it (8) would give it.
		{"onward total and matched_to", []act{
			{"Garden", domain.CategoryGardening, 20}, {"Craft", domain.CategoryCraft, 6},
			{"Money", domain.CategoryMoneyAdvice, 3}, {"Jobs", domain.CategoryEmployment, 8}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ds := &Dataset{Venues: []domain.Venue{{ID: "v1", Name: "Hall"}}}
			for _, a := range tt.acts {
				ds.Activities = append(ds.Activities, domain.Activity{ID: a.id, Name: a.id, VenueID: "v1", Category: a.category})
				for i := 0; i < a.matched; i++ {
					p := fmt.Sprintf("%s%d", a.id, i)
					ds.People = append(ds.People, domain.Person{ID: p, GivenName: p})
					ds.Matches = append(ds.Matches, domain.Match{ID: "m" + p, PersonID: p, ActivityID: a.id, Date: "2026-03-02"})
				}
			}
			r, err := Build(ds, Options{From: discFrom, To: discTo, Today: discToday})
			if err != nil {
				t.Fatal(err)
			}
			matched := func(id string) string { return groupValue(t, r, "matched_to", id+" (Hall)") }
			byCategory := map[string][]string{}
			var onwardParts []string
			for _, a := range tt.acts {
				byCategory[a.category] = append(byCategory[a.category], matched(a.id))
				if a.category == domain.CategoryMoneyAdvice || a.category == domain.CategoryEmployment {
					onwardParts = append(onwardParts, matched(a.id))
					if got := groupValue(t, r, "onward_referrals", a.id+" (Hall)"); got != matched(a.id) {
						t.Errorf("%s: onward_referrals shows %s, matched_to %s", a.id, got, matched(a.id))
					}
				}
			}
			for category, parts := range byCategory {
				checkNotWorkedOut(t, "category "+category, groupValue(t, r, "matched_by_category", category), parts...)
			}
			if len(onwardParts) > 0 {
				checkNotWorkedOut(t, "onward", summaryValue(t, r, "Onward referrals"), onwardParts...)
			}
		})
	}
}

func TestProtectSum(t *testing.T) {
	tests := []struct {
		name       string
		sum        int
		parts      []int
		wantSum    string
		wantParts  []string
		sumMissing bool // no sum shown: pass nil
	}{
		{"nothing hidden", 30, []int{20, 10, 0}, "30", []string{"20", "10", "0"}, false},
		{"one hidden takes the next smallest", 33, []int{20, 10, 3}, "33", []string{"20", Suppressed, Suppressed}, false},
		{"two of 1 each take another", 22, []int{20, 1, 1}, "22", []string{Suppressed, Suppressed, Suppressed}, false},
		{"hidden together 5 or more are enough", 25, []int{20, 3, 2}, "25", []string{"20", Suppressed, Suppressed}, false},
		{"zeros beside a hidden sum", 3, []int{3, 0, 0}, Suppressed, []string{Suppressed, Suppressed, Suppressed}, false},
		// The parts add up to more than it (reasons, say) but leave a
		// hidden part alone: the sum goes.
		{"no part left to hide", 6, []int{3, 0}, Suppressed, []string{Suppressed, Suppressed}, false},
		{"no sum shown", 0, []int{20, 3}, "", []string{Suppressed, Suppressed}, true},
		{"all zero", 0, []int{0, 0}, "0", []string{"0", "0"}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			parts := make([]Count, len(tt.parts))
			ptrs := make([]*Count, len(parts))
			for i, n := range tt.parts {
				parts[i] = count(n)
				ptrs[i] = &parts[i]
			}
			sum := count(tt.sum)
			if tt.sumMissing {
				protectSum(nil, ptrs...)
			} else {
				protectSum(&sum, ptrs...)
				if got := sum.String(); got != tt.wantSum {
					t.Errorf("sum %s, want %s", got, tt.wantSum)
				}
			}
			for i, p := range parts {
				if got := p.String(); got != tt.wantParts[i] {
					t.Errorf("part %d (%d) shows %s, want %s", i, p.N, got, tt.wantParts[i])
				}
			}
		})
	}
}

func TestSplitsHidden(t *testing.T) {
	shown, hidden := Count{N: 10}, Count{N: 3, Hidden: true}
	tests := []struct {
		name  string
		parts []Count
		in    []bool
		want  bool
	}{
		{"no hidden parts", []Count{shown, shown}, []bool{true, false}, false},
		{"all the hidden parts", []Count{hidden, hidden, shown}, []bool{true, true, false}, false},
		{"none of the hidden parts", []Count{hidden, hidden, shown}, []bool{false, false, true}, false},
		{"some of the hidden parts", []Count{hidden, hidden, shown}, []bool{true, false, true}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ptrs := make([]*Count, len(tt.parts))
			for i := range tt.parts {
				ptrs[i] = &tt.parts[i]
			}
			if got := splitsHidden(ptrs, tt.in); got != tt.want {
				t.Errorf("splitsHidden = %v, want %v", got, tt.want)
			}
		})
	}
}

// Under a practice filter, sessions count as held when one of its people
// was marked there: with fewer than 5 of its people, the number of
// sessions held is the number of sessions those few were marked at.
func TestPracticeSessionsFollowItsPeople(t *testing.T) {
	tests := []struct {
		name       string
		oakPeople  int
		wantHeld   string // the summary's sessions held, for Oak
		wantPerRow string
	}{
		{"two of its people came to six sessions", 2, Suppressed, Suppressed},
		{"five of its people", 5, "6", "6"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := newDiscData()
			d.activity("garden", domain.CategoryGardening, 0)
			var oak []string
			for i, date := range []string{"2026-03-02", "2026-03-03", "2026-03-09", "2026-03-10", "2026-03-16", "2026-03-17"} {
				d.came("garden", date, 6, "") // people of no practice
				if i == 0 {
					oak = d.came("garden", date, tt.oakPeople, "")
					continue
				}
				for _, p := range oak {
					d.mark(domain.SessionID("garden", date), "garden", date, p, "")
				}
			}
			for i := range d.ds.People {
				for _, p := range oak {
					if d.ds.People[i].ID == p {
						d.ds.People[i].Practice = "Oak Practice"
					}
				}
			}
			r, err := Build(d.ds, Options{From: discFrom, To: discTo, Today: discToday, Practice: "Oak Practice"})
			if err != nil {
				t.Fatal(err)
			}
			if got := summaryValue(t, r, "Sessions held"); got != tt.wantHeld {
				t.Errorf("sessions held %s, want %s", got, tt.wantHeld)
			}
			rows := published(t, r, "attendance_by_activity").Rows
			if len(rows) != 1 || rows[0][3] != tt.wantPerRow {
				t.Errorf("attendance_by_activity %q, want sessions_held %s", rows, tt.wantPerRow)
			}
		})
	}
}
