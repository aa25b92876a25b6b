// Package activities holds the screens for the activities people are
// referred to and the places they happen: the Activities screen (every
// activity at this device's venues, or first where the person signed in
// works, with what someone needs to get there, and its info sheet to print), and, for those who manage activities
// (access.ActionManageActivities), the forms to add, change, archive and
// restore activities and venues; and the list of GP practices that people
// and referrals pick from, which the Admin screen shows (NewPractices).
//
// The screens take a shell.Shell and never build records: a form reads
// what was typed into a domain value and saves the change domain.Edit
// makes (shell.SaveForm), archiving and restoring save domain.Archive and
// domain.Restore. Forms implement shell.Unsaved, so Back asks before
// throwing typed changes away. The shell mounts New in the navigation bar;
// ShowScene reproduces this package's screenshot scenes.
package activities
