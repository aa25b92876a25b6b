// Package report turns Gather's records into the numbers a coordinator or
// commissioner asks for: attendance, referrals, follow-ups, wellbeing
// outcomes and equity, for a period, organisation-wide or for one venue,
// activity or practice.
//
// The flow is three steps, each usable on its own:
//
//	ds := report.Load(view)                        // plain domain slices from a storage View
//	rep, err := report.Build(ds, report.Options{   // pure: no I/O, no clock
//		From: "2026-01-01", To: "2026-03-31", Today: "2026-04-02",
//	})
//	rep.Tables() / rep.Charts()                    // what a screen, CSV or PDF shows
//
// WriteCSVDir, WriteCSVZip and WritePDF write the tables and charts out;
// Command is the `gather report` command line.
//
// Figures in a Report are already protected by small-number suppression
// (see Count and Stat): a screen shows Count.String and Stat.Format, never the
// raw N, unless it is a staff-only view. The rules, and how every figure is
// counted, are written out in Method, which the PDF prints and a screen can
// show as help.
package report
