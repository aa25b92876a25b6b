// Package paper writes the printouts Gather offers when paper is what is
// needed: a printable register for when a tablet dies (the session's
// expected people with tick columns and space for walk-ins), and an info
// sheet for a person and an activity (what, when, where, how to get there,
// who to ask for, a phone number). People told us a printed sheet and a
// clear route matter as much as an email.
//
// It writes PDF with github.com/go-pdf/fpdf in Noto Sans, embedded
// (internal/pdffont), so that every name prints as it is written. It has
// no Fyne; its only I/O beyond the io.Writer it is given is WriteFile and
// PrivateDir, which keep printouts readable by their owner only (FileMode,
// DirMode).
package paper
