// Package people is the screens about people: Find a person, the person
// card, Edit details, Merge two records, Import people from a spreadsheet,
// the letter to a person's GP, and the Reminders tab (who to call and who
// to write to). Its screens take a shell.Shell and save domain's actions
// through it; the window mounts them (app/ui.go, app/mount.go) and opens
// the card for other screens (shell.Shell.OpenPerson).
package people
