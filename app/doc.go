// Package app is the shell of Gather's user interface, built with Fyne:
// the window, its one navigation table and one stack of screens with
// Back, the header and the footer (sync status, who is using the device,
// Lock now), the keyboard shortcuts, printing, the theme, and the screens
// that belong to the device rather than to an area of work (first run,
// "Who is using Gather?", Settings). Only this package, the screen packages
// under it and package desktop import Fyne.
//
// # Screen packages
//
// Each area of work is its own package over app/shell's contract:
//
//	app/register    Today and a session's register (facilitators)
//	app/people      Find a person, the card, editing, merging, importing, reminders
//	app/activities  activities, venues and GP practices (shown in Admin)
//	app/admin       staff, devices, GP practices, the audit trail, conflicts, erasure
//	app/casework    referrals, matching, follow-ups, wellbeing (link workers, reception)
//	app/reports     the figures, as charts, tables, CSV and PDF
//	app/lock        first-time setup, the unlock screen, Change my PIN
//	app/kit         the widgets, layouts and form kit every screen shares
//
// A screen package never imports app. Its screens take a shell.Shell (UI
// implements it): who is using the device, the store to read, one save
// path with its audit entry (Save), Push/Back/Pop on the one stack, the
// cross-links between areas (OpenPerson, OpenSession, OpenCase), dialogs,
// printing (Print, PrintInfoSheet) and the device's settings. The changes
// they save come from domain's actions; no screen builds a record. Their
// tests run them on app/shell/shelltest's Shell, with a real store and
// no window around them.
//
// # The navigation table and the stack
//
// nav.go is the one table of top-level screens (ID, title, icon, order,
// the roles that see it, and how to make it); the bar shows, in order,
// the entries for the role of whoever is using the device. A screen opened
// from another one (a register, a person card) is pushed on the stack;
// Back asks before leaving a form with unsaved changes (shell.Unsaved).
// Optional methods a screen may have are declared in app/shell
// (FocusOnShow, SearchFocuser, Undoer, Enterer, DayStepper).
//
// # Repaints
//
// Every store commit that changes records, local or from sync, repaints
// the screen on show (UI.Watch, through fyne.Do, since commits arrive on
// other goroutines), unless it already shows it: a screen repaints itself
// straight after its own save with Repaint, which notes the store's
// Version, so a tap repaints once. Sync status changes refresh the footer
// only, and the screen when it shows the status (showsSyncStatus).
// Slow work goes through Run(work, done): work off the UI goroutine, done
// back on it. Never touch a widget from another goroutine.
//
// Keyboard: Ctrl+F focuses a screen's search, Enter marks the selected or
// first matching person on a register, Ctrl+Z undoes the last mark, Escape
// goes Back, Left/Right change the day on Today.
//
// # Screenshots and golden images
//
// Scenes (scenes.go) names states of the UI that ShowScene reproduces on
// the demo data; cmd/screenshots renders each at 1280x800, 800x1280 and
// 1920x1080 in light and dark, and golden_test.go compares key ones with
// testdata/ (go test ./app -run TestGolden -update rewrites them). Add a
// scene for a new screen, and look at the pictures.
//
// Text sizes come from the theme (theme.go), which scales with the text
// size setting; never hard-code a font size. Keep touch targets at least
// kit.MinTouch high (kit.Tall, kit.BigButton).
package app
