// Package app is Gather's user interface, built with Fyne. It is the only
// package besides main that imports Fyne.
//
// The app talks to the device store and to the sync client through the
// small interfaces it declares in interfaces.go (Store, Syncer), so it can
// be run on a real store, on a store in a temporary folder for tests and
// screenshots, and with or without a sync client. When no Syncer is given
// the status reads "Offline — saved on this device" / "Not connected".
//
// # Screens
//
// Every screen is a struct made by a newX function, with buildUI creating
// its widgets once, refresh re-reading the store, and onX methods for what
// people do (onMark, onUndo, onAddWalkIn, ...). A screen implements Screen:
//
//	type Screen interface {
//		Title() string
//		Content() fyne.CanvasObject // built once, by buildUI
//		Refresh()                   // re-read the store; called after commits it has not shown
//	}
//
// The window has a header (Back, the screen's title, a DEMO DATA mark), the
// navigation bar, the screen, and a footer with the sync status and who is
// using the app, so the sync status is visible on every screen. The UI
// keeps one top-level screen from the navigation bar and a stack of pushed
// screens on top of it (a register, a person card), with Back.
// Every store commit that changes records, local or from sync, refreshes
// the visible screen (UI.Watch, through fyne.Do, since commits arrive on
// other goroutines). Actions refresh the screen themselves, straight after
// saving, so a tap's result never waits on anything: with u.Repaint(s),
// which notes the store's Version, so the save's own change notice does not
// repaint the screen a second time. Sync status changes refresh the footer
// only, and the screen when it shows the status (showsSyncStatus).
//
// # Adding a screen
//
// Put it in its own file and register a navigation entry from init:
//
//	func init() {
//		AddNav(NavEntry{
//			ID: "casework", Title: "Casework", Icon: theme.IconNameDocument, Order: 30,
//			Roles: []string{domain.RoleLinkWorker, domain.RoleAdministrator}, // empty: everyone
//			Make:  func(u *UI) Screen { return newCaseworkScreen(u) },
//		})
//	}
//
// The entry appears in the navigation bar, in Order, for the roles given.
// A screen that is opened from another one rather than from the bar (like
// the register or the person card) is shown with u.Push(screen); u.Back()
// returns. Use u.Save(changes...) to save one user action (it reports
// errors in plain words), u.View() for a read snapshot, u.Today() for the
// date, u.staff for who is using the app, and u.showError for problems.
//
// Work that may take a while (connecting to a server) goes through
// u.runAsync(work, done): work runs on a goroutine, done back on the UI
// goroutine through fyne.Do. Never touch a widget from another goroutine.
//
// Keyboard: Ctrl+F focuses a screen's search (implement FocusSearch()),
// Enter marks the selected or first matching person on a register, Ctrl+Z
// undoes the last mark, Escape goes Back, Left/Right change the day on Today.
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
// 44 px high (use tall or the minimum sizes in widgets.go).
package app
