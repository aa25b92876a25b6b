package kit

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
)

// Icons Fyne's theme lacks, drawn as its own are (Material Design icons,
// Apache 2.0) and themed, so they take the text colour like theirs.
var (
	// backspaceSVG is Material's "backspace": a key pointing left with a
	// cross in it, deleting the last character, as on a phone's keypad.
	backspaceSVG = []byte(`<svg xmlns="http://www.w3.org/2000/svg" width="24" height="24" viewBox="0 0 24 24"><path d="M22 3H7c-.69 0-1.23.35-1.59.88L0 12l5.41 8.11c.36.53.9.89 1.59.89h15c1.1 0 2-.9 2-2V5c0-1.1-.9-2-2-2zm-3 12.59L17.59 17 14 13.41 10.41 17 9 15.59 12.59 12 9 8.41 10.41 7 14 10.59 17.59 7 19 8.41 15.41 12 19 15.59z"/><path d="M0 0h24v24H0z" fill="none"/></svg>`)
	// personOffSVG is Material's "person_off": a person struck through,
	// someone who did not come.
	personOffSVG = []byte(`<svg xmlns="http://www.w3.org/2000/svg" width="24" height="24" viewBox="0 0 24 24"><path d="M8.65 5.82C9.36 4.72 10.6 4 12 4c2.21 0 4 1.79 4 4 0 1.4-.72 2.64-1.82 3.35L8.65 5.82zM20 17.17c-.02-1.1-.63-2.11-1.61-2.62-.54-.28-1.13-.54-1.77-.76L20 17.17zm1.19 4.02L2.81 2.81 1.39 4.22l8.89 8.89c-1.81.23-3.39.79-4.67 1.45C4.61 15.07 4 16.1 4 17.22V20h13.17l2.61 2.61 1.41-1.42z"/><path d="M0 0h24v24H0z" fill="none"/></svg>`)

	backspaceIcon = theme.NewThemedResource(fyne.NewStaticResource("backspace.svg", backspaceSVG))
	personOffIcon = theme.NewThemedResource(fyne.NewStaticResource("person-off.svg", personOffSVG))
)

// BackspaceIcon deletes one character: the PIN pad's key beside 0.
// Fyne 2.7 has no backspace icon of its own.
func BackspaceIcon() fyne.Resource { return backspaceIcon }

// AbsentIcon marks someone absent: a person struck through, never the
// cross that reads as "cancel" or "clear".
func AbsentIcon() fyne.Resource { return personOffIcon }
