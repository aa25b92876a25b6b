package shell

import (
	"encoding/json"
	"fmt"
	"strings"

	"github.com/gather-sp/gather/access"
	"github.com/gather-sp/gather/domain"
)

// Device settings every screen package reads, kept in the store's meta.
const (
	// MetaVenues is the JSON list of venue ids this device serves; empty:
	// all of them.
	MetaVenues = "ui.venues"
	// MetaSyncScope is where the sync client keeps the device's scope as
	// JSON (client.MetaScope): {"organisation":true} or {"venues":[...]}.
	MetaSyncScope = "sync.scope"
	// MetaSyncRole is where the sync client keeps the role the device was
	// enrolled for (client.MetaRole): "" when enrolled without one.
	MetaSyncRole = "sync.role"
	// MetaDemo is "true" when the store holds demo data (printouts say so).
	MetaDemo = "demo"
)

// DeviceVenues are the venues the device of store st serves; nil means
// all of them.
func DeviceVenues(st Store) []string {
	var ids []string
	if b, _ := st.Meta(MetaVenues); len(b) > 0 {
		_ = json.Unmarshal(b, &ids)
	}
	return ids
}

// VenueDevice reports whether the device of store st is enrolled with a
// server for some venues only. The server takes only those venues'
// records from it, so it cannot add venues, and keeps case data from it.
func VenueDevice(st Store) bool { return len(EnrolledVenues(st)) > 0 }

// EnrolledVenues are the venues the device of store st is enrolled for;
// nil for an organisation device, or one not enrolled with a server.
func EnrolledVenues(st Store) []string {
	var scope struct {
		Organisation bool     `json:"organisation"`
		Venues       []string `json:"venues"`
	}
	b, _ := st.Meta(MetaSyncScope)
	if len(b) == 0 || json.Unmarshal(b, &scope) != nil || scope.Organisation {
		return nil
	}
	return scope.Venues
}

// PersonRegisterScope is access.PersonRegisterScope for whoever is signed
// in on sh: the venues at which they may see what a person goes to and
// when they came, on a device serving the venues ticked in Settings or,
// with none ticked, those a venue tablet is enrolled for (none: all).
// The person card and the register's "Already known?" clues both ask it.
func PersonRegisterScope(sh Shell) access.VenueScope {
	served := sh.DeviceVenues()
	if len(served) == 0 {
		// A tablet enrolled for some venues serves those, ticked or not.
		served = EnrolledVenues(sh.Store())
	}
	return access.PersonRegisterScope(sh.Staff().Role, served, sh.Staff().Venues)
}

// TodayVenues are the venues whose sessions Today lists for whoever is
// signed in on sh (access.TodayVenues; nil: every venue): the device's,
// ticked in Settings or, with none ticked, those a venue tablet is
// enrolled for; on a device serving all of them, a facilitator's or
// volunteer's own venues.
func TodayVenues(sh Shell) []string {
	served := sh.DeviceVenues()
	if len(served) == 0 {
		served = EnrolledVenues(sh.Store())
	}
	return access.TodayVenues(sh.Staff().Role, served, sh.Staff().Venues)
}

// TodayLeavesOutOtherVenues is access.TodayLeavesOutOtherVenues for
// whoever is signed in on sh, on its venues as TodayVenues reads them.
func TodayLeavesOutOtherVenues(sh Shell) bool {
	served := sh.DeviceVenues()
	if len(served) == 0 {
		served = EnrolledVenues(sh.Store())
	}
	return access.TodayLeavesOutOtherVenues(sh.Staff().Role, served, sh.Staff().Venues)
}

// DeviceRefusal says why the server will not take action from the device
// of store st, in words for whoever is signed in, or "" when it will. The
// server takes an erasure, a merge and the organisation's settings only
// from a device enrolled for a role that may make them (sync/server's
// checkRole asks access.CanDo with the role the administrator chose for
// the device's code), whoever is signed in: an administrator at the
// reception desk would have the change refused at the next sync, kept
// and listed on the device. A device not enrolled with a server keeps
// what it saves. what names the change ("an erasure").
func DeviceRefusal(st Store, action access.Action, what string) string {
	if b, _ := st.Meta(MetaSyncScope); len(b) == 0 {
		return ""
	}
	b, _ := st.Meta(MetaSyncRole)
	role := string(b)
	if access.CanDo(role, action) {
		return ""
	}
	who := WhoCan(action)
	if role == "" {
		return fmt.Sprintf("This device was connected to the server without a role, so the server will not take %s from it. "+
			"Do it on a device enrolled for %s, or connect this device again in Settings with a code made for its role.", what, who)
	}
	return fmt.Sprintf("This device is enrolled with the server for %s, so the server will not take %s from it. Do it on a device enrolled for %s.",
		WithArticle(role), what, who)
}

// WhoCan names the roles that may take action, each with its article:
// "an administrator", "an administrator, a link worker or a coordinator".
func WhoCan(action access.Action) string {
	var names []string
	for _, r := range access.RolesThatCan(action) {
		names = append(names, WithArticle(r))
	}
	if len(names) == 0 {
		return "nobody"
	}
	if len(names) == 1 {
		return names[0]
	}
	return strings.Join(names[:len(names)-1], ", ") + " or " + names[len(names)-1]
}

// WithArticle names someone in a role, with "a" or "an": "a volunteer",
// "an administrator"; reception, a desk rather than a person, is
// "reception staff" ("added as reception staff", "enrolled for reception
// staff").
func WithArticle(role string) string {
	if role == domain.RoleReception {
		return "reception staff"
	}
	if role != "" && strings.ContainsRune("aeiou", rune(role[0])) {
		return "an " + role
	}
	return "a " + role
}
