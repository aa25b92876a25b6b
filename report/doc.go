// Package report turns Gather's records into the numbers a coordinator or
// commissioner asks for: attendance, referrals, follow-ups, wellbeing
// outcomes and equity, for a period, organisation-wide or for one venue,
// activity or practice.
//
// The flow is three steps, each usable on its own:
//
//	ds := report.Load(view)                      // plain domain slices from a storage View
//	rep, err := report.Build(ds, report.Options{ // pure: no I/O, no clock
//		From: "2026-01-01", To: "2026-03-31", Today: "2026-04-02",
//		VenueID: "", ActivityID: "", Practice: "",
//	})
//	rep.Tables() / rep.Charts()                  // what a screen, CSV or PDF shows
//
// A Reports screen loads once per visit (Load takes about a second for
// 1M marks; see the benchmarks) and calls Build again when the period or a
// filter changes (about half a second at that size; milliseconds for a
// real organisation). PresetPeriods fills a period picker; Options.Validate
// and Options.CheckFilters give the words for a bad choice.
//
// Output:
//   - WriteCSV writes one Table; WriteCSVDir writes every table as NAME.csv
//     in a folder; WriteCSVZip writes them into one zip. CSV is UTF-8 with a
//     byte-order mark (so spreadsheets keep accents), a header row, CRLF
//     line ends and ISO dates; cells that a spreadsheet would run as a
//     formula are defused with a leading apostrophe.
//   - WritePDF writes an A4 report: summary, attendance (bar and line
//     charts), referrals and follow-ups, outcomes, equity, and how the
//     numbers were counted (Method). Tables marked StaffOnly, which name
//     people, are left out of the PDF.
//   - Command is `gather report --from DATE --to DATE --format csv|pdf --out
//     PATH [--venue ID] [--activity ID] [--practice NAME] [--today DATE]`.
//     With --format csv, PATH ending in .zip gets a zip; any other PATH is a
//     folder of CSV files. See Usage.
//
// Figures in a Report are already protected by small-number suppression
// (see Count, Stat and MinGroup): a screen shows Count.String and
// Stat.Format, Stat.Percent or Stat.Days ("12 days"), never the raw N,
// unless it is a staff-only view. Where there is nothing to work a figure
// out from, it says so in words (NobodyWaiting, NoSessions, ...), never a
// bare blank or "none" that could be read as nobody or as nought. Chart values that are hidden are NaN. The rules, and how every
// figure is counted, are written out in Method, which the PDF prints and a
// screen can show as help.
package report
