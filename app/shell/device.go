package shell

import (
	"encoding/json"

	"github.com/gather-sp/gather/access"
)

// Device settings every screen package reads, kept in the store's meta.
const (
	// MetaVenues is the JSON list of venue ids this device serves; empty:
	// all of them.
	MetaVenues = "ui.venues"
	// MetaSyncScope is where the sync client keeps the device's scope as
	// JSON (client.MetaScope): {"organisation":true} or {"venues":[...]}.
	MetaSyncScope = "sync.scope"
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
