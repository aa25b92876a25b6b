// Package casework holds the link worker's screens: the home with follow-ups
// due and overdue, the referrals inbox, the self-referral form reception
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
// NewWellbeing, NewContacts); each returns a value with Content(). Screens
// that open other screens (home -> case -> follow-up) push them onto their
// own small navigation stack with a Back button, so the shell only mounts
// the entry points. A wellbeing form in self-completion mode reports
// Context.OnLock(true) and the shell must keep its navigation locked until
// OnLock(false).
package casework
