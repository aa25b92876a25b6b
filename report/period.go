package report

import "time"

// Period is a named span of dates for a period picker.
type Period struct {
	Label    string // "Last month"
	From, To string // inclusive, YYYY-MM-DD
}

// PresetPeriods returns the periods a coordinator usually reports on, as at
// today (YYYY-MM-DD): this and last month, this and last quarter, and this
// and last financial year (April to March, as the NHS counts). Quarters are
// the financial ones: April-June, July-September, October-December,
// January-March.
func PresetPeriods(today string) []Period {
	t, err := time.Parse(time.DateOnly, today)
	if err != nil {
		return nil
	}
	iso := func(t time.Time) string { return t.Format(time.DateOnly) }
	month := time.Date(t.Year(), t.Month(), 1, 0, 0, 0, 0, time.UTC)
	// Financial quarters start in January, April, July and October.
	quarter := time.Date(t.Year(), time.Month((int(t.Month())-1)/3*3+1), 1, 0, 0, 0, 0, time.UTC)
	fy := time.Date(t.Year(), time.April, 1, 0, 0, 0, 0, time.UTC)
	if t.Month() < time.April {
		fy = fy.AddDate(-1, 0, 0)
	}
	span := func(label string, from time.Time, months int) Period {
		return Period{Label: label, From: iso(from), To: iso(from.AddDate(0, months, -1))}
	}
	return []Period{
		span("This month", month, 1),
		span("Last month", month.AddDate(0, -1, 0), 1),
		span("This quarter", quarter, 3),
		span("Last quarter", quarter.AddDate(0, -3, 0), 3),
		span("This financial year", fy, 12),
		span("Last financial year", fy.AddDate(-1, 0, 0), 12),
	}
}
