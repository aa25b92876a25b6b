package activities

import (
	"github.com/gather-sp/gather/access"
	"github.com/gather-sp/gather/app/kit"
	"github.com/gather-sp/gather/app/shell"
)

// Managing venues and activities: the forms a coordinator or link worker
// (access.ActionManageActivities) uses to add and change the places and
// activities everyone else works from. The Activities screen opens them.
//
// Everything is an ordinary record change (domain.Edit, domain.Archive,
// domain.Restore) saved with sh.Save, so it works on a device used on its
// own and syncs like any other record when connected: an activity carries
// its venue_id, so venue tablets receive the activities (and the venue) of
// their venues. Edits write only the fields the person changed, measured
// against the record as the form showed it, so a change made meanwhile on
// another device to a field they did not touch is kept. Nothing is
// deleted: archiving sets "deleted", which takes an activity off Today, the
// registers to come and matching while its sessions and attendance stay.

// canManageActivities reports whether the person using the app may add and
// change venues and activities.
func canManageActivities(sh shell.Shell) bool {
	return access.CanDo(sh.Staff().Role, access.ActionManageActivities)
}

// CanKeepPractices reports whether the person using the device keeps the
// list of GP practices (access.CanKeepPractices), on an organisation
// device: a venue's tablet does not hold the organisation's lists.
func CanKeepPractices(sh shell.Shell) bool {
	return access.CanKeepPractices(sh.Staff().Role) && !sh.VenueDevice()
}

const venueDeviceNote = "This device is enrolled for its own venues, so new venues are added " + kit.OnTheOfficeComputer + " and reach it when it syncs."

// Unsaved: something was typed and not saved (Back and the navigation ask
// before throwing it away; shell.Unsaved).
func (f *activityForm) Unsaved() bool { return kit.EntriesChanged(f.orig) }

func (f *venueForm) Unsaved() bool { return kit.EntriesChanged(f.orig) }
