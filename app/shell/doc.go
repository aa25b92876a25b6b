// Package shell is the contract between Gather's window and the screen
// packages that fill it (register, people, activities, admin, casework,
// reports): a Screen is what a package gives the window, and Shell is what
// the window gives a screen — who is using the device, the store to read,
// the one save path with its audit entry, navigation on the one stack,
// dialogs, printing and the device's settings. Package app implements
// Shell; screen packages import this package, never app, so they cannot
// reach into the window or each other, and their tests run them on
// shelltest's Shell without the rest of the app.
//
// It also declares the services the shell is given (the store, the lock,
// staff keys, the sync client), so screens that need one name the same
// interface the shell does.
package shell
