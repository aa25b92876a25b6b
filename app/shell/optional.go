package shell

// Optional methods of a Screen, which the shell looks for.

// FocusOnShow is a screen that puts the cursor where typing starts when it
// is opened from the navigation bar (a search box).
type FocusOnShow interface{ FocusOnShow() }

// SearchFocuser is a screen with a search box: Ctrl+F focuses it.
type SearchFocuser interface{ FocusSearch() }

// Undoer is a screen that undoes its last action on Ctrl+Z.
type Undoer interface{ Undo() }

// Enterer is a screen that acts on Enter when no field takes it (the
// register marks the person chosen by its search).
type Enterer interface{ Enter() }

// DayStepper is a screen that moves a day back or on with the arrow keys
// when nothing has the focus (Today).
type DayStepper interface{ StepDay(delta int) }
