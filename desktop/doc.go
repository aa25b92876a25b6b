// Package desktop is the Gather desktop app behind the command line of
// cmd/gather: it wires a device's files (package device) to the UI
// (package app) and to syncing (sync/client).
//
// RunWindow is the app on the screen: first-time setup or restore, the
// unlock screen, then the encrypted store opened with the key a PIN
// released, the sync client in the background, the UI in the window, and
// the wipe when an administrator has removed the device. It also keeps
// the key file's setup codes in line with the staff records, fits the
// memory limit to the live heap, and quietens Fyne's locale warning.
//
// Demo, Report, Backup, Restore and Import are the commands that work
// without the window: each unlocks with a staff member's PIN read at the
// terminal or from standard input, checks their role, and records what
// it did in the audit trail like the screen would.
//
// cmd/gather reads the command line and calls these; nothing here reads
// os.Args or exits.
package desktop
