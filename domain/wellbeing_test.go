package domain

import (
	"fmt"
	"strings"
	"testing"
)

func TestSWEMWBSConversionEveryRawScore(t *testing.T) {
	want := map[int]float64{7: 7.00, 8: 9.51, 9: 11.25, 10: 12.40, 11: 13.33, 12: 14.08, 13: 14.75, 14: 15.32,
		15: 15.84, 16: 16.36, 17: 16.88, 18: 17.43, 19: 17.98, 20: 18.59, 21: 19.25, 22: 19.98, 23: 20.73,
		24: 21.54, 25: 22.35, 26: 23.21, 27: 24.11, 28: 25.03, 29: 26.02, 30: 27.03, 31: 28.13, 32: 29.31,
		33: 30.70, 34: 32.55, 35: 35.00}
	for raw := 7; raw <= 35; raw++ {
		t.Run(fmt.Sprint(raw), func(t *testing.T) {
			got, err := SWEMWBSMetricFromRaw(raw)
			if err != nil || got != want[raw] {
				t.Fatalf("metric(%d) = %v, %v; want %v", raw, got, err, want[raw])
			}
			// The same score reached through seven answers.
			items := []int{1, 1, 1, 1, 1, 1, 1}
			for left, i := raw-7, 0; left > 0; i++ {
				step := min(left, 4)
				items[i] += step
				left -= step
			}
			got, err = SWEMWBSMetric(items)
			if err != nil || got != want[raw] {
				t.Fatalf("SWEMWBSMetric(%v) = %v, %v; want %v", items, got, err, want[raw])
			}
		})
	}
	for _, raw := range []int{0, 6, 36} {
		if _, err := SWEMWBSMetricFromRaw(raw); err == nil {
			t.Errorf("raw %d accepted", raw)
		}
	}
}

func TestValidateSWEMWBS(t *testing.T) {
	tests := []struct {
		name  string
		items []int
		ok    bool
	}{
		{"all ones", []int{1, 1, 1, 1, 1, 1, 1}, true},
		{"all fives", []int{5, 5, 5, 5, 5, 5, 5}, true},
		{"zero", []int{0, 1, 1, 1, 1, 1, 1}, false},
		{"six", []int{1, 1, 1, 1, 1, 1, 6}, false},
		{"six items", []int{1, 1, 1, 1, 1, 1}, false},
		{"none", nil, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if err := ValidateSWEMWBS(tt.items); (err == nil) != tt.ok {
				t.Fatalf("err = %v", err)
			}
		})
	}
	if !strings.Contains(SWEMWBSLicence, "all rights reserved") || len(SWEMWBSStatements[6]) == 0 {
		t.Fatal("licence or statements missing")
	}
}

func TestMeaningfulImprovement(t *testing.T) {
	tests := []struct {
		before, after float64
		want          bool
	}{
		{19.25, 22.35, true},  // +3.10
		{17.98, 20.98, true},  // exactly +3.00, even with float error
		{17.43, 20.42, false}, // +2.99
		{22.35, 19.25, false}, // a fall
	}
	for _, tt := range tests {
		if got := MeaningfulImprovement(tt.before, tt.after); got != tt.want {
			t.Errorf("%v -> %v: %v, want %v", tt.before, tt.after, got, tt.want)
		}
	}
}

func TestValidateONS4(t *testing.T) {
	tests := []struct {
		name  string
		items []int
		ok    bool
	}{
		{"zeros", []int{0, 0, 0, 0}, true},
		{"tens", []int{10, 10, 10, 10}, true},
		{"mixed", []int{7, 8, 6, 3}, true},
		{"eleven", []int{7, 8, 11, 3}, false},
		{"negative", []int{-1, 8, 6, 3}, false},
		{"three answers", []int{7, 8, 6}, false},
		{"five answers", []int{7, 8, 6, 3, 2}, false},
		{"none", nil, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if err := ValidateONS4(tt.items); (err == nil) != tt.ok {
				t.Fatalf("err = %v", err)
			}
		})
	}
}

func TestONS4Bands(t *testing.T) {
	positive := []string{"low", "low", "low", "low", "low", "medium", "medium", "high", "high", "very high", "very high"}
	anxiety := []string{"very low", "very low", "low", "low", "medium", "medium", "high", "high", "high", "high", "high"}
	for score := 0; score <= 10; score++ {
		for item := ONS4LifeSatisfaction; item <= ONS4Happiness; item++ {
			if got := ONS4Band(item, score); got != positive[score] {
				t.Errorf("item %d score %d: %s, want %s", item, score, got, positive[score])
			}
		}
		if got := ONS4Band(ONS4Anxiety, score); got != anxiety[score] {
			t.Errorf("anxiety %d: %s, want %s", score, got, anxiety[score])
		}
	}
	if len(ONS4Questions) != 4 || !strings.Contains(ONS4Questions[ONS4Anxiety], "anxious") {
		t.Fatal("questions")
	}
}

func TestValidateMeasure(t *testing.T) {
	tests := []struct {
		name string
		m    Measure
		ok   bool
	}{
		{"ons4", Measure{Instrument: InstrumentONS4, Stage: StageBaseline, Date: "2026-01-01", Items: []int{1, 2, 3, 4}}, true},
		{"swemwbs", Measure{Instrument: InstrumentSWEMWBS, Stage: StageFollowUp, Date: "2026-01-01", Items: []int{1, 2, 3, 4, 5, 4, 3}}, true},
		{"bad stage", Measure{Instrument: InstrumentONS4, Stage: "middle", Date: "2026-01-01", Items: []int{1, 2, 3, 4}}, false},
		{"bad date", Measure{Instrument: InstrumentONS4, Stage: StageBaseline, Date: "yesterday", Items: []int{1, 2, 3, 4}}, false},
		{"bad instrument", Measure{Instrument: "phq9", Stage: StageBaseline, Date: "2026-01-01", Items: []int{1, 2, 3, 4}}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if err := ValidateMeasure(tt.m); (err == nil) != tt.ok {
				t.Fatalf("err = %v", err)
			}
		})
	}
}

func TestBeforeAndAfter(t *testing.T) {
	sw := func(id, stage, date string, raw int) Measure {
		items := []int{1, 1, 1, 1, 1, 1, 1}
		for left, i := raw-7, 0; left > 0; i++ {
			step := min(left, 4)
			items[i] += step
			left -= step
		}
		return Measure{ID: id, Instrument: InstrumentSWEMWBS, Stage: stage, Date: date, Items: items}
	}
	ms := []Measure{
		sw("b2", StageBaseline, "2026-02-01", 20),
		sw("b1", StageBaseline, "2026-01-10", 14),
		sw("f0", StageFollowUp, "2026-01-05", 30), // before the baseline: not an after
		sw("f1", StageFollowUp, "2026-02-20", 21),
		sw("f2", StageFollowUp, "2026-03-20", 24),
		{ID: "bad", Instrument: InstrumentSWEMWBS, Stage: StageFollowUp, Date: "2026-04-01", Items: []int{9}},
		{ID: "ons", Instrument: InstrumentONS4, Stage: StageFollowUp, Date: "2026-04-01", Items: []int{1, 2, 3, 4}},
	}
	b, f, ok := BeforeAndAfter(ms, InstrumentSWEMWBS)
	if !ok || b.ID != "b1" || f.ID != "f2" {
		t.Fatalf("got %s, %s, %v; want b1, f2", b.ID, f.ID, ok)
	}
	if _, _, ok := BeforeAndAfter(ms[:1], InstrumentSWEMWBS); ok {
		t.Fatal("a baseline alone made a pair")
	}
	if _, _, ok := BeforeAndAfter(ms, InstrumentONS4); ok {
		t.Fatal("a follow-up alone made a pair")
	}
}

// TestInstrumentNameIsPlainWordsFirst: each instrument is named in plain
// words, with the name forms and reports know it by after; an unknown one
// as recorded.
func TestInstrumentNameIsPlainWordsFirst(t *testing.T) {
	for in, want := range map[string]string{
		InstrumentONS4:    "Four wellbeing questions (ONS4)",
		InstrumentSWEMWBS: "Short wellbeing questions (SWEMWBS)",
		"warwick":         "warwick",
	} {
		if got := InstrumentName(in); got != want {
			t.Errorf("InstrumentName(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestWellbeingToAsk: the questions are due at a follow-up until a
// measure is taken on or after the day it was recorded (today, for one
// not yet recorded); the baseline is the first one.
func TestWellbeingToAsk(t *testing.T) {
	b1 := Measure{ID: "b1", Instrument: InstrumentSWEMWBS, Stage: StageBaseline, Date: "2026-01-10"}
	b0 := Measure{ID: "b0", Instrument: InstrumentONS4, Stage: StageBaseline, Date: "2026-01-05"}
	f1 := Measure{ID: "f1", Instrument: InstrumentONS4, Stage: StageFollowUp, Date: "2026-03-18"}
	cases := []struct {
		name     string
		fu       FollowUp
		ms       []Measure
		ask      bool
		baseline string
	}{
		{"no measures: ask the baseline", FollowUp{Due: "2026-03-18"}, nil, true, ""},
		{"not yet recorded, baseline only", FollowUp{Due: "2026-03-18"}, []Measure{b1, b0}, true, "b0"},
		{"not yet recorded, asked today", FollowUp{Due: "2026-03-16"}, []Measure{b0, f1}, false, "b0"},
		{"recorded today, asked today", FollowUp{Due: "2026-03-16", Done: "2026-03-18"}, []Measure{b0, f1}, false, "b0"},
		{"recorded after the last measure", FollowUp{Due: "2026-03-20", Done: "2026-03-20"}, []Measure{b0, f1}, true, "b0"},
		{"a deleted measure does not count", FollowUp{Due: "2026-03-18"}, []Measure{b0, {Stage: StageFollowUp, Date: "2026-03-18", Deleted: true}}, true, "b0"},
	}
	for _, tc := range cases {
		ask, b := WellbeingToAsk(tc.fu, tc.ms, "2026-03-18")
		got := ""
		if b != nil {
			got = b.ID
		}
		if ask != tc.ask || got != tc.baseline {
			t.Errorf("%s: ask %v baseline %q, want %v %q", tc.name, ask, got, tc.ask, tc.baseline)
		}
	}
}
