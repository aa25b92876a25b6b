// Package people is the screens about people: Find a person (Finder), the
// person card (Card), Edit details (EditForm), Merge two records (Merge),
// Import people from a spreadsheet (Import), the letter to a person's GP
// (LetterToGP, which the shell gives casework) and the Reminders tab (who
// to call and who to write to).
//
// The screens take a shell.Shell: they read its View, save domain's
// actions (domain.Edit, domain.MergePeople, domain.LogReminder,
// peopleimport's plan) through it with their audit entries, print through
// its Print, and open other areas through it (OpenCase, PrintInfoSheet).
// The window mounts Finder and Reminders in its navigation and opens the
// card for other screens (shell.Shell.OpenPerson, built with NewCard).
//
// Finder and Merge put the cursor in their search when shown
// (FocusOnShow, and FocusSearch for Ctrl+F); EditForm says when it holds
// typed changes (Unsaved), so leaving it asks first.
package people
