package domain

// Wellbeing measures: ONS4 and SWEMWBS, their wording, validation and
// scoring. A Measure stores the item answers in question order; nothing here
// sums ONS4, which the ONS asks never to be done.

import (
	"fmt"
	"math"
)

// Measure stages.
const (
	StageBaseline = "baseline"
	StageFollowUp = "follow-up"
)

// ONS4 item positions in Measure.Items.
const (
	ONS4LifeSatisfaction = iota
	ONS4Worthwhile
	ONS4Happiness
	ONS4Anxiety
	ONS4Items // the number of items
)

// ONS4Intro is read before the questions.
const ONS4Intro = "Next I would like to ask you four questions about your feelings on aspects of your life. " +
	"There are no right or wrong answers. For each of these questions I'd like you to give an answer " +
	"on a scale of 0 to 10, where 0 is \"not at all\" and 10 is \"completely\"."

// ONS4Questions are the ONS personal wellbeing questions, in item order.
var ONS4Questions = [ONS4Items]string{
	"Overall, how satisfied are you with your life nowadays?",
	"Overall, to what extent do you feel that the things you do in your life are worthwhile?",
	"Overall, how happy did you feel yesterday?",
	"On a scale where 0 is \"not at all anxious\" and 10 is \"completely anxious\", overall, how anxious did you feel yesterday?",
}

// ONS4Labels are short names for the items, for tables and charts.
var ONS4Labels = [ONS4Items]string{"Life satisfaction", "Worthwhile", "Happiness", "Anxiety"}

// ONS bands. Anxiety uses its own scale, where lower is better.
const (
	BandVeryLow  = "very low"
	BandLow      = "low"
	BandMedium   = "medium"
	BandHigh     = "high"
	BandVeryHigh = "very high"
)

// ONS4Bands lists the bands of an item in score order, lowest first.
func ONS4Bands(item int) []string {
	if item == ONS4Anxiety {
		return []string{BandVeryLow, BandLow, BandMedium, BandHigh}
	}
	return []string{BandLow, BandMedium, BandHigh, BandVeryHigh}
}

// ONS4Band returns the ONS threshold band of an item's score. Life
// satisfaction, worthwhile and happiness: low 0–4, medium 5–6, high 7–8,
// very high 9–10. Anxiety: very low 0–1, low 2–3, medium 4–5, high 6–10.
func ONS4Band(item, score int) string {
	if item == ONS4Anxiety {
		switch {
		case score <= 1:
			return BandVeryLow
		case score <= 3:
			return BandLow
		case score <= 5:
			return BandMedium
		}
		return BandHigh
	}
	switch {
	case score <= 4:
		return BandLow
	case score <= 6:
		return BandMedium
	case score <= 8:
		return BandHigh
	}
	return BandVeryHigh
}

// ValidateONS4 checks four answers, each a whole number from 0 to 10.
func ValidateONS4(items []int) error {
	if len(items) != ONS4Items {
		return fmt.Errorf("ONS4 has %d questions; %d answers were given", ONS4Items, len(items))
	}
	for i, v := range items {
		if v < 0 || v > 10 {
			return fmt.Errorf("ONS4 question %d (%s) is answered 0 to 10, not %d", i+1, ONS4Labels[i], v)
		}
	}
	return nil
}

// SWEMWBS items and answers.
const (
	SWEMWBSItems  = 7
	SWEMWBSMinRaw = 7
	SWEMWBSMaxRaw = 35
)

// SWEMWBSIntro is shown above the statements. The paper form says "tick
// the box"; on screen the answers are buttons, so it says "choose the
// answer", and nothing else changes.
const SWEMWBSIntro = "Below are some statements about feelings and thoughts. " +
	"Please choose the answer that best describes your experience of each over the last 2 weeks."

// SWEMWBSStatements are the seven statements, in item order.
var SWEMWBSStatements = [SWEMWBSItems]string{
	"I've been feeling optimistic about the future",
	"I've been feeling useful",
	"I've been feeling relaxed",
	"I've been dealing with problems well",
	"I've been thinking clearly",
	"I've been feeling close to other people",
	"I've been able to make up my own mind about things",
}

// SWEMWBSAnswers are the answer labels; the score of SWEMWBSAnswers[i] is i+1.
var SWEMWBSAnswers = [5]string{"None of the time", "Rarely", "Some of the time", "Often", "All of the time"}

// SWEMWBSLicence must be shown wherever the SWEMWBS questions are shown or
// printed. Using the scale needs a (free, for most non-commercial use)
// licence registered with the University of Warwick.
const SWEMWBSLicence = "Short Warwick-Edinburgh Mental Wellbeing Scale (SWEMWBS) © NHS Health Scotland, " +
	"University of Warwick and University of Edinburgh, 2008, all rights reserved."

// swemwbsMetric is the published raw-to-metric conversion table (Rasch
// transformed scores), indexed by raw score minus 7.
var swemwbsMetric = [SWEMWBSMaxRaw - SWEMWBSMinRaw + 1]float64{
	7.00, 9.51, 11.25, 12.40, 13.33, 14.08, 14.75, 15.32, 15.84, 16.36,
	16.88, 17.43, 17.98, 18.59, 19.25, 19.98, 20.73, 21.54, 22.35, 23.21,
	24.11, 25.03, 26.02, 27.03, 28.13, 29.31, 30.70, 32.55, 35.00,
}

// SWEMWBSMeaningfulChange is the rise in metric score counted as a
// meaningful improvement for one person. Shah et al. (2018, Health Qual Life
// Outcomes 16:239) put individual-level important change between 1 and 3
// points depending on the standard; we use the top of that range (2.77 SEM =
// 2.87 points, rounded up) so that only changes well clear of measurement
// error count.
const SWEMWBSMeaningfulChange = 3.0

// ValidateSWEMWBS checks seven answers, each a whole number from 1 to 5.
func ValidateSWEMWBS(items []int) error {
	if len(items) != SWEMWBSItems {
		return fmt.Errorf("SWEMWBS has %d statements; %d answers were given", SWEMWBSItems, len(items))
	}
	for i, v := range items {
		if v < 1 || v > 5 {
			return fmt.Errorf("SWEMWBS statement %d (%q) is answered 1 to 5, not %d", i+1, SWEMWBSStatements[i], v)
		}
	}
	return nil
}

// SWEMWBSRaw sums the seven answers (7–35). SWEMWBS, unlike ONS4, is scored
// by summing.
func SWEMWBSRaw(items []int) (int, error) {
	if err := ValidateSWEMWBS(items); err != nil {
		return 0, err
	}
	raw := 0
	for _, v := range items {
		raw += v
	}
	return raw, nil
}

// SWEMWBSMetricFromRaw converts a raw score (7–35) to the metric score.
func SWEMWBSMetricFromRaw(raw int) (float64, error) {
	if raw < SWEMWBSMinRaw || raw > SWEMWBSMaxRaw {
		return 0, fmt.Errorf("a SWEMWBS raw score is %d to %d, not %d", SWEMWBSMinRaw, SWEMWBSMaxRaw, raw)
	}
	return swemwbsMetric[raw-SWEMWBSMinRaw], nil
}

// SWEMWBSMetric scores seven answers as a metric score.
func SWEMWBSMetric(items []int) (float64, error) {
	raw, err := SWEMWBSRaw(items)
	if err != nil {
		return 0, err
	}
	return SWEMWBSMetricFromRaw(raw)
}

// MeaningfulImprovement reports whether a person's SWEMWBS metric score
// rose by at least SWEMWBSMeaningfulChange. The scores are rounded to
// hundredths first, as the table is, so float error cannot decide it.
func MeaningfulImprovement(baseline, followUp float64) bool {
	return math.Round((followUp-baseline)*100) >= SWEMWBSMeaningfulChange*100
}

// ValidateMeasure checks a measure's instrument, stage, date and answers.
func ValidateMeasure(m Measure) error {
	if m.Stage != StageBaseline && m.Stage != StageFollowUp {
		return fmt.Errorf("a measure is taken at %q or %q, not %q", StageBaseline, StageFollowUp, m.Stage)
	}
	if err := CheckDate(m.Date); err != nil {
		return err
	}
	switch m.Instrument {
	case InstrumentONS4:
		return ValidateONS4(m.Items)
	case InstrumentSWEMWBS:
		return ValidateSWEMWBS(m.Items)
	}
	return fmt.Errorf("%q is not a wellbeing measure Gather knows (ONS4 or SWEMWBS)", m.Instrument)
}

// BeforeAndAfter picks, from one person's measures, the before and after of
// an instrument for a before/after view: the first baseline, and the latest
// follow-up taken on or after it. Deleted and invalid measures are skipped.
// ok is false unless both exist. Reports pair measures the same way.
func BeforeAndAfter(measures []Measure, instrument string) (baseline, followUp Measure, ok bool) {
	var haveB, haveF bool
	for _, m := range measures {
		if m.Deleted || m.Instrument != instrument || ValidateMeasure(m) != nil {
			continue
		}
		if m.Stage == StageBaseline && (!haveB || m.Date < baseline.Date) {
			baseline, haveB = m, true
		}
	}
	if !haveB {
		return Measure{}, Measure{}, false
	}
	for _, m := range measures {
		if m.Deleted || m.Instrument != instrument || m.Stage != StageFollowUp || m.Date < baseline.Date || ValidateMeasure(m) != nil {
			continue
		}
		if !haveF || m.Date > followUp.Date {
			followUp, haveF = m, true
		}
	}
	return baseline, followUp, haveF
}

// WellbeingToAsk says whether the wellbeing questions are still to ask at
// a follow-up, and the baseline they will be compared with (nil when the
// person has none: then the baseline is what to ask, so the next
// follow-up has something to compare). They are due at every follow-up,
// and count as asked once a measure is dated on or after the day the
// follow-up was recorded or, for one not yet recorded, on or after today
// (asked during the call, before it is saved). The baseline is the
// person's first, as BeforeAndAfter pairs it.
func WellbeingToAsk(f FollowUp, measures []Measure, today string) (ask bool, baseline *Measure) {
	since := f.Done
	if since == "" {
		since = today
	}
	ask = true
	for _, m := range measures {
		if m.Deleted {
			continue
		}
		if m.Date >= since {
			ask = false
		}
		if m.Stage == StageBaseline && (baseline == nil || m.Date < baseline.Date) {
			b := m
			baseline = &b
		}
	}
	return ask, baseline
}
