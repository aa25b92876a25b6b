// Package reports is the Reports screen: the numbers a coordinator reads on
// screen, prints and hands on, for a chosen period, organisation-wide or
// for one venue, activity or practice.
//
// The screen is Fyne UI only. Every figure, and the small-number
// suppression that protects people, comes from package report: the screen
// loads a report.Dataset from the store once per visit (and again when the
// store changes), then calls report.Build whenever the period or a filter
// changes. Both run off the UI goroutine; the screen is updated through
// fyne.Do, shows "Working out the figures…" meanwhile, and never blocks.
// A newer choice always wins over a build still running.
//
// Sections: Attendance, Referrals, Follow-ups, Outcomes and Equity, each
// with figure tiles, bar or line charts drawn with canvas primitives (the
// numbers written beside every bar and point) and tables. Every suppressed
// figure, a count of 1 to 4 or one hidden so that such a count cannot be
// worked out, whatever its size, reads report.Suppressed ("not shown"), as
// in the PDF and the CSV, drawn faint; report.SuppressedNote over the
// section says why. Outcomes
// carry the engine's plain warning when there are fewer than 30 pairs.
// "People who stopped coming" lists names, so it is on screen (for staff)
// and in the CSV, never in the PDF.
//
// Export: "Save CSV (zip)" writes every table as one zip (report.WriteCSVZip),
// "Save PDF" the A4 report (report.WritePDF), through a save dialog that
// opens where the screen's last export went, else in Context.ExportDir (the
// shell passes the folder of the last export on the device), else
// Documents/Gather reports. Errors are said in plain words. Context.OnExport is called
// after each successful export, for the audit trail.
//
// Mounting, in the app shell (roles that may run reports: see
// access.ActionRunReports, i.e. administrators and link workers):
//
//	{ID: "reports", Title: "Reports", Icon: theme.IconNameDocumentPrint, // in app/nav.go
//		Roles: []string{domain.RoleAdministrator, domain.RoleLinkWorker},
//		Make: func(u *UI) Screen {
//			return reports.New(u.opts.Store, reports.Context{
//				StaffID: u.staff.ID, Now: u.opts.Now, Window: u.win, NoLiveRefresh: true,
//				OnExport: func(e reports.Export) {
//					_ = u.opts.Store.Save(e.StaffID, audit.Recorder{Now: u.opts.Now}.Exported(e.StaffID, e.What, e.Rows))
//				},
//			})
//		}},
//
// Screens(store, ctx) builds each section for the screenshot tool.
package reports
