// Package casework holds the link worker's screens: the home with follow-ups
// due and overdue, the referrals inbox, the new-referral form reception
// uses, a person's whole case on one screen, matching to activities,
// follow-up recording, the wellbeing forms (ONS4 and SWEMWBS, with a
// self-completion mode that locks navigation) and the contact log.
//
// The screens are Fyne UI only. Every rule (the referral status path and its
// SNOMED CT codes, waiting times, follow-up due dates, measure validation and
// scoring, next-step suggestions, duplicate checks) lives in package domain;
// who may see and do what lives in package access. Each user action is one
// Store.Save, so what the screen says is saved is on disk.
//
// The app shell mounts the screens through their exported constructors
// (NewHome, NewInbox, NewSelfReferral, NewCase, NewMatching, NewFollowUp,
// NewWellbeing, NewContacts). Each returns a value with Title, Content,
// Refresh, Locked and Close, so it fits the shell's Screen interface as it
// is. Screens that open other screens (home -> case -> follow-up) push them
// onto their own small navigation stack with a Back button, so the shell
// only mounts the entry points:
//
//	{ID: "casework", Title: "Casework", Icon: theme.IconNameDocument,
//		Roles: []string{domain.RoleLinkWorker, domain.RoleAdministrator},
//		Make: func(u *UI) Screen {
//			return casework.NewHome(u.store, casework.Context{
//				StaffID: u.staff.ID, StaffName: u.staff.Name, Role: u.staff.Role,
//				Now: u.now, Window: u.win, OnLock: u.lockNav, NoLiveRefresh: true,
//			})
//		}},
//
// casework.CanUse(role) says whether a role may have the entries at all
// (not volunteers or facilitators); the screens check the access policy
// for every section and button as well.
//
// A wellbeing form in self-completion mode calls Context.OnLock(true) and
// the shell must keep its own navigation locked until OnLock(false); the
// screens' Locked method says the same. Only Context.Unlock lets staff
// take a form back (the shell locks the device and waits for their PIN);
// without it the form stays locked until it is finished.
//
// The screens refresh themselves when the store commits, unless
// Context.NoLiveRefresh is set (the shell, which calls Refresh on every
// commit, sets it; so do tests). Screens(store, ctx) builds every screen
// for the screenshot tool; SeedDemo adds demo casework to a store.
package casework
