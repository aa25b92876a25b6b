package domain

import (
	"strings"
	"testing"
	"time"
)

func TestWaitingList(t *testing.T) {
	ms := []Match{
		{ID: "m3", PersonID: "cat", ActivityID: "a", Date: "2026-03-02", Waiting: "2026-03-02"},
		// Same day: ann came first, though her match's id sorts last.
		{ID: "m9", PersonID: "ann", ActivityID: "a", Date: "2026-03-01", Waiting: "2026-03-01", WaitingAt: time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)},
		{ID: "m2", PersonID: "bob", ActivityID: "a", Date: "2026-03-01", Waiting: "2026-03-01", WaitingAt: time.Date(2026, 3, 1, 11, 0, 0, 0, time.UTC)},
		{ID: "m0", PersonID: "bob", ActivityID: "a", Date: "2026-03-05", Waiting: "2026-03-05"}, // bob again: listed once
		{ID: "m4", PersonID: "dan", ActivityID: "a", Date: "2026-02-01", Waiting: "2026-02-01", PlaceGiven: "2026-02-20"},
		{ID: "m5", PersonID: "eve", ActivityID: "a", Date: "2026-02-01", Waiting: "2026-02-01", Ended: "2026-02-10"},
		{ID: "m6", PersonID: "fay", ActivityID: "a", Date: "2026-02-01", Waiting: "2026-02-01", Deleted: true},
		{ID: "m7", PersonID: "gus", ActivityID: "a", Date: "2026-02-01"}, // enrolled at once
		{ID: "m8", PersonID: "hal", ActivityID: "b", Date: "2026-02-01", Waiting: "2026-02-01"},
	}
	list := WaitingList(ms, "a")
	var who []string
	for _, m := range list {
		who = append(who, m.PersonID)
	}
	if got := strings.Join(who, ","); got != "ann,bob,cat" {
		t.Fatalf("waiting list %s, want ann,bob,cat (first come first, each once)", got)
	}
	for _, tc := range []struct {
		person string
		want   int
	}{{"ann", 1}, {"cat", 3}, {"dan", 0}, {"hal", 0}} {
		if got := PlaceInLine(list, tc.person); got != tc.want {
			t.Errorf("%s is %d in line, want %d", tc.person, got, tc.want)
		}
	}
}

func TestGivePlace(t *testing.T) {
	a := Activity{ID: "a", VenueID: "v", Capacity: 2}
	waiting := PutOnWaitingList(Match{ID: "m", PersonID: "p", ActivityID: "a", Date: "2026-03-01"}, time.Date(2026, 3, 1, 9, 0, 0, 0, time.Local))
	if waiting.Waiting != "2026-03-01" {
		t.Fatalf("put on the list on %q", waiting.Waiting)
	}
	cases := []struct {
		name    string
		m       Match
		a       Activity
		taken   int
		wantErr string
	}{
		{"a place free", waiting, a, 1, ""},
		{"no limit", waiting, Activity{ID: "a", VenueID: "v"}, 40, ""},
		{"full", waiting, a, 2, "no place is free"},
		{"not waiting", Match{ID: "m", PersonID: "p", ActivityID: "a"}, a, 0, "not waiting"},
		{"another activity", waiting, Activity{ID: "b", Capacity: 2}, 0, "not the activity"},
		{"archived", waiting, Activity{ID: "a", Capacity: 2, Deleted: true}, 0, "archived"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			m, e, err := GivePlace(tc.m, tc.a, tc.taken, "2026-03-19")
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("err %v, want %q", err, tc.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if m.PlaceGiven != "2026-03-19" || OnWaitingList(m) {
				t.Fatalf("match after: %+v", m)
			}
			if e.ID != EnrolmentID("a", "p") || !EnrolledOn(e, "2026-03-19") || e.VenueID != tc.a.VenueID {
				t.Fatalf("enrolment %+v", e)
			}
			if got := DaysWaited(m, "2026-12-31"); got != 18 {
				t.Errorf("waited %d days, want 18 (1 to 19 March)", got)
			}
		})
	}
	if got := DaysWaited(waiting, "2026-03-08"); got != 7 {
		t.Errorf("still waiting: %d days, want 7", got)
	}
	if got := DaysWaited(Match{}, "2026-03-08"); got != -1 {
		t.Errorf("never waited: %d, want -1", got)
	}
}

func TestFull(t *testing.T) {
	cases := []struct {
		capacity, taken, free int
		full                  bool
	}{{0, 50, -1, false}, {10, 9, 1, false}, {10, 10, 0, true}, {10, 12, 0, true}}
	for _, tc := range cases {
		a := Activity{Capacity: tc.capacity}
		if IsFull(a, tc.taken) != tc.full || FreePlaces(a, tc.taken) != tc.free {
			t.Errorf("capacity %d, taken %d: full %v, free %d", tc.capacity, tc.taken, IsFull(a, tc.taken), FreePlaces(a, tc.taken))
		}
	}
	en := []Enrolment{{}, {Ended: "2026-01-01"}, {Deleted: true}, {}}
	if got := PlacesTaken(en); got != 2 {
		t.Errorf("PlacesTaken = %d, want 2", got)
	}
}

// TestPlacesWords: where places stand, in words, and whether matching
// waits, from the one capacity rule (MustWait).
func TestPlacesWords(t *testing.T) {
	a := Activity{Capacity: 16}
	for _, tc := range []struct {
		cap, taken, waiting int
		want                string
		full                bool
	}{
		{0, 7, 0, "7 people enrolled; no limit on places", false},
		{16, 15, 0, "15 of 16 places taken", false},
		{16, 16, 0, "Full: all 16 places taken", true},
		{1, 1, 0, "Full: the one place is taken", true},
		{16, 18, 0, "Over capacity: 18 enrolled for 16 places", true},
		{16, 18, 2, "Over capacity: 18 enrolled for 16 places, 2 people on the waiting list", true},
		{16, 15, 2, "Full: 1 place free, owed to the 2 people waiting", true},
	} {
		a.Capacity = tc.cap
		got, full := PlacesWords(a, tc.taken, tc.waiting)
		if got != tc.want || full != tc.full || full != MustWait(a, tc.taken, tc.waiting) {
			t.Errorf("%d places, %d taken, %d waiting: %q %v, want %q %v", tc.cap, tc.taken, tc.waiting, got, full, tc.want, tc.full)
		}
	}
}
