package app

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"

	"github.com/gather-sp/gather/access"
	"github.com/gather-sp/gather/app/activities"
	"github.com/gather-sp/gather/app/admin"
	"github.com/gather-sp/gather/app/casework"
	"github.com/gather-sp/gather/app/people"
	"github.com/gather-sp/gather/app/register"
	"github.com/gather-sp/gather/app/reports"
)

// NavEntry is a top-level screen in the navigation bar.
type NavEntry struct {
	ID    string
	Title string
	Icon  fyne.ThemeIconName // e.g. theme.IconNameHome; resolved when shown
	Roles []string           // roles that see it; empty means everyone
	Make  func(u *UI) Screen
}

// navigation is the one table of top-level screens, in the bar's order.
// Who sees each entry comes from the access policy (or the screen
// package's own roles, which read it), so the bar and the screens' own
// checks cannot disagree. (It is filled in init: the screens it makes can
// navigate, which reads it.)
var navigation []NavEntry

func init() {
	navigation = []NavEntry{
		{ID: "today", Title: "Today", Icon: theme.IconNameHome,
			Make: func(u *UI) Screen { return register.NewToday(u, u.registerHooks()) }},
		// Searching everyone is for staff who work with cases; volunteers and
		// facilitators find people on their registers.
		{ID: "people", Title: "Find a person", Icon: theme.IconNameSearch,
			Roles: access.RolesThatCan(access.ActionFindPerson),
			Make:  func(u *UI) Screen { return people.NewFinder(u, u.printFolder) }},
		{ID: "casework", Title: "Casework", Icon: theme.IconNameDocument,
			Roles: access.RolesThatCan(access.ActionRecordFollowUp),
			Make:  func(u *UI) Screen { return casework.NewHome(u.opts.Store, u.caseworkContext()) }},
		// The inbox is "Referrals" wherever it shows: here, and as the
		// section under the follow-ups on Casework. Reception gets the inbox
		// alone, so its entry is named for it; link workers' entry is
		// "Casework" because it holds their follow-ups due as well.
		{ID: "referrals", Title: "Referrals", Icon: theme.IconNameDocument,
			Roles: without(access.RolesThatCan(access.ActionViewCase), access.RolesThatCan(access.ActionRecordFollowUp)),
			Make:  func(u *UI) Screen { return casework.NewInbox(u.opts.Store, u.caseworkContext()) }},
		{ID: "reminders", Title: "Reminders", Icon: theme.IconNameMailSend,
			Roles: people.RemindersRoles(),
			Make:  func(u *UI) Screen { return people.NewReminders(u) }},
		// The form takes a referral from anyone: the person themselves, a GP
		// or another professional (its first question), so it is not
		// "Self-referral".
		{ID: "new-referral", Title: "New referral", Icon: theme.IconNameContentAdd,
			Roles: access.RolesThatCan(access.ActionTakeReferral),
			Make:  func(u *UI) Screen { return casework.NewSelfReferral(u.opts.Store, u.caseworkContext()) }},
		{ID: "activities", Title: "Activities", Icon: theme.IconNameList,
			Make: func(u *UI) Screen { return activities.New(u) }},
		{ID: "reports", Title: "Reports", Icon: theme.IconNameDocumentPrint,
			Roles: access.RolesThatCan(access.ActionRunReports),
			Make:  func(u *UI) Screen { return reports.New(u.opts.Store, u.reportsContext()) }},
		{ID: "admin", Title: "Admin", Icon: theme.IconNameAccount,
			Roles: admin.Roles(),
			Make:  func(u *UI) Screen { return admin.New(u, u.adminServices()) }},
		{ID: "settings", Title: "Settings", Icon: theme.IconNameSettings,
			Make: func(u *UI) Screen { return newSettingsScreen(u) }},
	}
}
