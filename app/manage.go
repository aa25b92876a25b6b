package app

import (
	"github.com/gather-sp/gather/access"
	"github.com/gather-sp/gather/app/kit"
	"github.com/gather-sp/gather/app/shell"
)

// Managing venues and activities: the forms a coordinator or link worker
// (access.ActionManageActivities) uses to add and change the places and
// activities everyone else works from. The Activities screen opens them.
//
// Everything is an ordinary record change saved with u.save, so it works on
// a device used on its own and syncs like any other record when connected:
// an activity carries its venue_id, so venue tablets receive the
// activities (and the venue) of their venues. Edits write only the fields
// the person changed, measured against the record as the form showed it,
// so a change made meanwhile on another device to a field they did not
// touch is kept. Nothing is deleted: archiving sets "deleted", which takes
// an activity off Today, the registers to come and matching while its
// sessions and attendance stay.

// canManageActivities reports whether the person using the app may add and
// change venues and activities.
func (u *UI) canManageActivities() bool {
	return access.CanDo(u.staff.Role, access.ActionManageActivities)
}

// VenueDevice reports whether this device is enrolled with a server for
// some venues only (shell.VenueDevice).
func (u *UI) VenueDevice() bool { return shell.VenueDevice(u.opts.Store) }

const venueDeviceNote = "This device is enrolled for its own venues, so new venues are added on an organisation device and reach it when it syncs."

// unsaved: something was typed and not saved (Back and the navigation ask
// before throwing it away).
func (f *activityForm) unsaved() bool { return kit.EntriesChanged(f.orig) }

func (f *venueForm) unsaved() bool { return kit.EntriesChanged(f.orig) }
