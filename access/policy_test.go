package access

import (
	"fmt"
	"reflect"
	"slices"
	"testing"

	"github.com/gather-sp/gather/domain"
	"github.com/gather-sp/gather/record"
)

var allRoles = []string{admin, link, coord, reception, facil, volunteer}

// sees is a compact row of the matrix: which roles (in allRoles order:
// administrator, link worker, coordinator, reception, facilitator,
// volunteer) may see it.
type sees [6]bool

var (
	everyone  = sees{true, true, true, true, true, true}
	caseRoles = sees{true, true, false, true, false, false}
	linkAdmin = sees{true, true, false, false, false, false}
	adminOnly = sees{true, false, false, false, false, false}
	nobody    = sees{}
)

func TestCanSeeField(t *testing.T) {
	cases := []struct {
		kind  record.Kind
		field string
		want  sees
	}{
		// The person card: what a volunteer needs at the door.
		{domain.KindPerson, "given_name", everyone},
		{domain.KindPerson, "family_name", everyone},
		{domain.KindPerson, "preferred_name", everyone},
		{domain.KindPerson, "access_needs", everyone},
		{domain.KindPerson, "emergency_contact_name", everyone},
		{domain.KindPerson, "emergency_contact_phone", everyone},
		{domain.KindPerson, "merged_into", everyone},
		{domain.KindPerson, "id", everyone},
		// Person case fields: contact details, NHS number and the rest.
		{domain.KindPerson, "nhs_number", caseRoles},
		{domain.KindPerson, "phone", caseRoles},
		{domain.KindPerson, "email", caseRoles},
		{domain.KindPerson, "address", caseRoles},
		{domain.KindPerson, "postcode", caseRoles},
		{domain.KindPerson, "date_of_birth", caseRoles},
		{domain.KindPerson, "contact_preferences", caseRoles},
		{domain.KindPerson, "practice", caseRoles},
		{domain.KindPerson, "gender", caseRoles},
		{domain.KindPerson, "ethnicity", caseRoles},
		{domain.KindPerson, "a_field_added_next_year", caseRoles}, // fail closed for venue roles
		// Register data.
		{domain.KindAttendance, "status", everyone},
		{domain.KindAttendance, "note", everyone},
		{domain.KindSession, "closed", everyone},
		{domain.KindEnrolment, "person_id", everyone},
		{domain.KindActivity, "name", everyone},
		{domain.KindVenue, "address", everyone},
		{domain.KindStaff, "name", everyone},
		// Case kinds.
		{domain.KindReferral, "status", caseRoles},
		// Why someone was referred is the link worker's to read, not the
		// desk's, which sees every practice's referrals: the reasons, the
		// notes (where "other" says why) and why it was declined.
		{domain.KindReferral, "reasons", linkAdmin},
		{domain.KindReferral, "notes", linkAdmin},
		{domain.KindReferral, "decline_reason", linkAdmin},
		{domain.KindReferral, "practice", caseRoles},
		{domain.KindMatch, "travel_route", caseRoles},
		{domain.KindContact, "outcome", caseRoles},
		{domain.KindConsent, "purpose", caseRoles},
		{domain.KindFollowUp, "outcome", linkAdmin},
		{domain.KindMeasure, "items", linkAdmin},
		{domain.KindConflict, "loser_value", linkAdmin},
		{domain.KindAudit, "detail", adminOnly},
		// Unknown kinds: nobody.
		{"diagnosis", "code", nobody},
		{"", "", nobody},
	}
	for _, tc := range cases {
		for i, role := range allRoles {
			t.Run(string(tc.kind)+"."+tc.field+"/"+role, func(t *testing.T) {
				if got := CanSeeField(role, tc.kind, tc.field); got != tc.want[i] {
					t.Fatalf("CanSeeField(%s, %s, %s) = %v, want %v", role, tc.kind, tc.field, got, tc.want[i])
				}
			})
		}
	}
}

func TestUnknownRolesSeeNothing(t *testing.T) {
	for _, role := range []string{"", "Administrator", "admin", "co-ordinator", "volunteer "} {
		for _, k := range domain.Kinds {
			if CanSeeKind(role, k) || CanSeeField(role, k, "given_name") || CanSeeField(role, k, "id") {
				t.Errorf("unknown role %q sees %s", role, k)
			}
		}
		if CanSeeCaseData(role) {
			t.Errorf("unknown role %q sees case data", role)
		}
		for _, a := range Actions {
			if CanDo(role, a) {
				t.Errorf("unknown role %q may %s", role, a)
			}
		}
	}
}

// TestEveryPersonFieldIsDecided makes adding a person field a decision: it
// is on the card, or it is case data.
func TestEveryPersonFieldIsDecided(t *testing.T) {
	ty := reflect.TypeOf(domain.Person{})
	for i := 0; i < ty.NumField(); i++ {
		name := ty.Field(i).Tag.Get("field")
		if name == "" || name == "id" {
			continue
		}
		card, caseData := personCard[name], domain.IsCaseData(domain.KindPerson, name)
		if card == caseData {
			t.Errorf("person field %q: on the card = %v, case data = %v; decide which", name, card, caseData)
		}
	}
}

// TestVenueRolesSeeNoCaseData checks the rule from the brief against the
// domain's own split, for every kind and every person field.
func TestVenueRolesSeeNoCaseData(t *testing.T) {
	fields := []string{"status", "notes", "items", "outcome", "nhs_number", "phone", "email", "address"}
	for _, role := range []string{facil, volunteer} {
		if CanSeeCaseData(role) {
			t.Errorf("%s sees case data", role)
		}
		for _, k := range domain.Kinds {
			for _, f := range fields {
				if domain.IsCaseData(k, f) && CanSeeField(role, k, f) {
					t.Errorf("%s sees case field %s.%s", role, k, f)
				}
			}
			if domain.IsCaseKind(k) && CanSeeKind(role, k) {
				t.Errorf("%s sees case kind %s", role, k)
			}
		}
	}
}

func TestCanSeeKind(t *testing.T) {
	cases := []struct {
		kind record.Kind
		want sees
	}{
		{domain.KindPerson, everyone},
		{domain.KindAttendance, everyone},
		{domain.KindReferral, caseRoles},
		{domain.KindMeasure, linkAdmin},
		{domain.KindAudit, adminOnly},
		{"unknown", nobody},
	}
	for _, tc := range cases {
		for i, role := range allRoles {
			if got := CanSeeKind(role, tc.kind); got != tc.want[i] {
				t.Errorf("CanSeeKind(%s, %s) = %v, want %v", role, tc.kind, got, tc.want[i])
			}
		}
	}
}

func TestCanDo(t *testing.T) {
	registerRoles := sees{true, true, false, false, true, true}
	cardRoles := sees{true, true, false, true, true, false}
	// The coordinator runs the programme: activities and the numbers.
	programme := sees{true, true, true, false, false, false}
	cases := []struct {
		action Action
		want   sees
	}{
		{ActionOpenSession, registerRoles},
		// Calling a session off is for those who run it, not volunteers.
		{ActionCancelSession, sees{true, true, false, false, true, false}},
		{ActionMarkAttendance, registerRoles},
		{ActionAddWalkIn, registerRoles},
		{ActionEditPersonCard, cardRoles},
		{ActionFindPerson, caseRoles},
		{ActionMergePeople, linkAdmin},
		{ActionImportPeople, linkAdmin},
		{ActionViewCase, caseRoles},
		{ActionTakeReferral, caseRoles},
		{ActionEditReferral, linkAdmin},
		{ActionMatchActivity, linkAdmin},
		{ActionRecordFollowUp, linkAdmin},
		{ActionRecordMeasure, linkAdmin},
		{ActionLogContact, caseRoles},
		{ActionPrintInfoSheet, caseRoles},
		{ActionSendReminders, linkAdmin},
		{ActionLetterToGP, linkAdmin},
		{ActionManageActivities, programme},
		{ActionRunReports, programme},
		{ActionReviewConflicts, linkAdmin},
		{ActionManageStaff, adminOnly},
		{ActionManageDevices, adminOnly},
		// A shared tablet's venues: who sets it up or runs the venues, not
		// who takes the register on it.
		{ActionSetDeviceVenues, sees{true, false, true, false, false, false}},
		{ActionViewAudit, adminOnly},
		{ActionExportAudit, adminOnly},
		{ActionErasePerson, adminOnly},
		{ActionChangeOrgSettings, adminOnly},
		{ActionSyncNow, everyone},
		{ActionUndoRefused, sees{true, true, true, true, true, false}},
		{"launch missiles", nobody},
	}
	if len(cases)-1 != len(Actions) {
		t.Fatalf("%d actions tested, %d exist: test every action", len(cases)-1, len(Actions))
	}
	for _, tc := range cases {
		for i, role := range allRoles {
			t.Run(string(tc.action)+"/"+role, func(t *testing.T) {
				if got := CanDo(role, tc.action); got != tc.want[i] {
					t.Fatalf("CanDo(%s, %s) = %v, want %v", role, tc.action, got, tc.want[i])
				}
			})
		}
	}
}

// Seeing a case must go with being allowed to open one, or a screen would
// offer a button that shows nothing (or the reverse).
func TestViewCaseMatchesCaseData(t *testing.T) {
	for _, role := range allRoles {
		if CanDo(role, ActionViewCase) != CanSeeCaseData(role) {
			t.Errorf("%s: view case %v, case data %v", role, CanDo(role, ActionViewCase), CanSeeCaseData(role))
		}
		if CanDo(role, ActionViewAudit) != CanSeeKind(role, domain.KindAudit) {
			t.Errorf("%s: audit action and kind disagree", role)
		}
		if CanDo(role, ActionReviewConflicts) != CanSeeKind(role, domain.KindConflict) {
			t.Errorf("%s: conflict action and kind disagree", role)
		}
	}
}

func TestRedactPerson(t *testing.T) {
	p := domain.Person{ID: "p1", GivenName: "Zoë", FamilyName: "Ng", PreferredName: "Zo", AccessNeeds: "wheelchair",
		EmergencyContactName: "Sam", EmergencyContactPhone: "07700 900123",
		NHSNumber: "943 476 5919", Phone: "07700 900456", Email: "z@example.org", DateOfBirth: "1950-01-02",
		ContactPreferences: []string{"phone"}}
	card := domain.Person{ID: "p1", GivenName: "Zoë", FamilyName: "Ng", PreferredName: "Zo", AccessNeeds: "wheelchair",
		EmergencyContactName: "Sam", EmergencyContactPhone: "07700 900123"}
	cases := []struct {
		role string
		want domain.Person
	}{
		{volunteer, card},
		{facil, card},
		{reception, p},
		{link, p},
		{admin, p},
		{"stranger", domain.Person{ID: "p1"}},
	}
	for _, tc := range cases {
		t.Run(tc.role, func(t *testing.T) {
			if got := RedactPerson(tc.role, p); !reflect.DeepEqual(got, tc.want) {
				t.Fatalf("got %+v\nwant %+v", got, tc.want)
			}
		})
	}
}

func TestVisible(t *testing.T) {
	values := map[string]string{"given_name": "Ann", "nhs_number": "943 476 5919", "phone": "0161"}
	got := Visible(volunteer, domain.KindPerson, values)
	if !reflect.DeepEqual(got, map[string]string{"given_name": "Ann"}) {
		t.Fatalf("Visible = %v", got)
	}
	if got := Visible(link, domain.KindPerson, values); len(got) != 3 {
		t.Fatalf("link worker sees %v", got)
	}
}

func TestRolesThatCan(t *testing.T) {
	cases := []struct {
		action Action
		want   []string
	}{
		{ActionExportAudit, []string{admin}},
		{ActionViewCase, []string{admin, link, reception}},
		{ActionMarkAttendance, []string{admin, link, facil, volunteer}},
		{"unknown", nil},
	}
	for _, tc := range cases {
		if got := RolesThatCan(tc.action); !reflect.DeepEqual(got, tc.want) {
			t.Errorf("RolesThatCan(%s) = %v, want %v", tc.action, got, tc.want)
		}
	}
}

// TestPersonRegisterScope: which venues' enrolments and attendance each role
// sees on a person's card. A volunteer sees none, wherever the device is; a
// facilitator sees the device's venues, or where they work, never every
// venue; the case roles see all.
func TestPersonRegisterScope(t *testing.T) {
	here, there, mine := "venue-garden", "venue-money-advice", "venue-gallery"
	cases := []struct {
		role          string
		device, staff []string
		sees          map[string]bool
	}{
		{domain.RoleAdministrator, nil, nil, map[string]bool{here: true, there: true}},
		{domain.RoleLinkWorker, nil, nil, map[string]bool{here: true, there: true}},
		{domain.RoleReception, []string{here}, nil, map[string]bool{here: true, there: true}},
		{domain.RoleFacilitator, []string{here}, nil, map[string]bool{here: true, there: false, mine: false}},
		{domain.RoleFacilitator, []string{here}, []string{mine}, map[string]bool{here: true, there: false, mine: false}},
		{domain.RoleFacilitator, nil, []string{mine}, map[string]bool{here: false, there: false, mine: true}},
		{domain.RoleFacilitator, nil, nil, map[string]bool{here: true, there: true, mine: true}}, // works at every venue
		{domain.RoleVolunteer, nil, nil, map[string]bool{here: false, there: false}},
		{domain.RoleVolunteer, []string{here}, []string{here}, map[string]bool{here: false, there: false}},
		{domain.RoleCoordinator, nil, nil, map[string]bool{here: false, there: false}},
		{"caretaker", nil, nil, map[string]bool{here: false, there: false}},
	}
	for _, c := range cases {
		s := PersonRegisterScope(c.role, c.device, c.staff)
		for venue, want := range c.sees {
			if got := s.Includes(venue); got != want {
				t.Errorf("%s on a device for %v, working at %v: sees %s = %v, want %v", c.role, c.device, c.staff, venue, got, want)
			}
		}
		if none := !c.sees[here] && !c.sees[there] && !c.sees[mine]; s.None() != none {
			t.Errorf("%s on a device for %v, working at %v: None() = %v", c.role, c.device, c.staff, s.None())
		}
	}
}

// TestTodayVenues: the sessions Today lists. A device serving some venues
// lists theirs for everyone; on one serving every venue, a facilitator or
// volunteer sees where they work (everywhere when none is set), the
// office roles everything.
func TestTodayVenues(t *testing.T) {
	here, mine := []string{"venue-garden"}, []string{"venue-hall", "venue-gallery"}
	for _, c := range []struct {
		role          string
		device, staff []string
		want          []string
	}{
		{domain.RoleFacilitator, here, mine, here},
		{domain.RoleAdministrator, here, nil, here},
		{domain.RoleFacilitator, nil, mine, mine},
		{domain.RoleVolunteer, nil, mine, mine},
		{domain.RoleFacilitator, nil, nil, nil},
		{domain.RoleLinkWorker, nil, mine, nil},
		{domain.RoleAdministrator, nil, mine, nil},
		{domain.RoleReception, nil, mine, nil},
		{domain.RoleCoordinator, nil, mine, nil},
	} {
		t.Run(fmt.Sprintf("%s device %v works at %v", c.role, c.device, c.staff), func(t *testing.T) {
			if got := TodayVenues(c.role, c.device, c.staff); !slices.Equal(got, c.want) {
				t.Errorf("TodayVenues = %v, want %v", got, c.want)
			}
			// Today says what it leaves out only where it narrows a
			// device holding every venue to where they work.
			if got, want := TodayLeavesOutOtherVenues(c.role, c.device, c.staff), c.device == nil && c.want != nil; got != want {
				t.Errorf("TodayLeavesOutOtherVenues = %v, want %v", got, want)
			}
		})
	}
}

// TestVenueScopeMovedActivity: an enrolment is at its activity's venue as
// it is now, a mark at the venue where it was taken. After the garden
// group moves to the church hall, the garden's tablet holds the marks it
// took and not the enrolment; the hall's holds the enrolment and not the
// garden's marks.
func TestVenueScopeMovedActivity(t *testing.T) {
	garden, hall := "venue-garden", "venue-hall"
	moved := domain.Activity{ID: "act-garden", VenueID: hall}
	before := domain.Attendance{ActivityID: moved.ID, VenueID: garden, Date: "2026-11-07"}
	after := domain.Attendance{ActivityID: moved.ID, VenueID: hall, Date: "2026-11-14"}
	for _, c := range []struct {
		venue                         string
		activity, markBefore, markNow bool
	}{{garden, false, true, false}, {hall, true, false, true}, {"venue-gallery", false, false, false}} {
		s := PersonRegisterScope(domain.RoleFacilitator, []string{c.venue}, nil)
		if s.IncludesActivity(moved) != c.activity || s.IncludesMark(before) != c.markBefore || s.IncludesMark(after) != c.markNow {
			t.Errorf("a facilitator at %s: activity %v, mark before %v, after %v; want %v %v %v", c.venue,
				s.IncludesActivity(moved), s.IncludesMark(before), s.IncludesMark(after), c.activity, c.markBefore, c.markNow)
		}
	}
	if s := PersonRegisterScope(domain.RoleVolunteer, []string{hall}, nil); s.IncludesActivity(moved) || s.IncludesMark(after) {
		t.Error("a volunteer sees what someone goes to")
	}
}

// TestCardLeadsWithPrintingForReception: the card's primary action is the
// print buttons for the desk (may print a person's sheet, does not work
// the case), "Open their case" for those who work it, and nothing to
// print for those who may not print a person's sheet.
func TestCardLeadsWithPrintingForReception(t *testing.T) {
	want := map[string]bool{domain.RoleReception: true}
	for _, role := range domain.Roles {
		if got := CardLeadsWithPrinting(role); got != want[role] {
			t.Errorf("%s: card leads with printing %v, want %v", role, got, want[role])
		}
	}
	if CardLeadsWithPrinting("someone") {
		t.Error("an unknown role's card leads with printing")
	}
}

// TestManagesStaff: the one rule the server asks of a device's enrolled
// role and of a staff record's role: the administrator manages staff, no
// other role, and neither does a role left empty or unknown.
func TestManagesStaff(t *testing.T) {
	for _, role := range append(slices.Clone(domain.Roles), "", "superuser") {
		t.Run(role, func(t *testing.T) {
			if got, want := ManagesStaff(role), role == domain.RoleAdministrator; got != want {
				t.Errorf("ManagesStaff(%q) = %v, want %v", role, got, want)
			}
		})
	}
}
