package app

import (
	"context"
	"fmt"
	"io"
	"sort"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"

	"github.com/gather-sp/gather/app/activities"
	"github.com/gather-sp/gather/app/admin"
	"github.com/gather-sp/gather/app/casework"
	"github.com/gather-sp/gather/app/people"
	"github.com/gather-sp/gather/app/register"
	"github.com/gather-sp/gather/app/reports"
	"github.com/gather-sp/gather/app/shell"
	"github.com/gather-sp/gather/domain"
	"github.com/gather-sp/gather/storage"
)

// Scenes names the screens ShowScene can show, in the order screenshots
// take them. They drive the real screens through their on* methods, so the
// pictures show what people see.
// "Who is using Gather?" is the lock's staff tiles (app/lock's
// unlock-staff), as on every real device; the shell's own who screen is
// only for tests without PINs.
var Scenes = []string{"first-run", "today", "register", "register-search", "register-mark",
	"register-print", "walk-in", "walk-in-duplicate", "close-session", "cancel-session", "person", "people", "activities", "settings",
	"casework", "referrals", "new-referral", "reports", "reports-equity", "volunteer-person",
	"admin-staff", "admin-staff-edit", "admin-audit", "admin-conflicts", "admin-erase", "activity-form", "activity-new", "activity-schedule", "venue-form", "case-from-card", "person-edit", "settings-admin", "settings-connect", "settings-backup",
	"admin-devices", "admin-devices-form", "admin-devices-code",
	"import-people", "import-people-preview", "import-people-decide", "merge-choose", "merge", "practices", "reminders",
	"person-reception", "case-reception", "person-absent", "matching", "follow-up", "wellbeing-swemwbs"}

// ReviewScenes are the scenes a fresh-eyes review of the desk and the
// case needs, each of which the screenshots must keep: the card as
// reception sees it, with its print buttons; matching for a referral
// (a full activity, a waiting list, an online one); the follow-up and
// the SWEMWBS entry, in the app's frame; a card with an Absent mark;
// the case reception opens from that card (what of it reception reads).
var ReviewScenes = []string{"person-reception", "case-reception", "person-absent", "matching", "follow-up", "wellbeing-swemwbs"}

// adminScenes are the Admin screen's sections.
var adminScenes = map[string]string{"admin-staff": admin.SectionStaff, "admin-audit": admin.SectionAudit,
	"admin-conflicts": admin.SectionConflicts, "admin-erase": admin.SectionErase, "practices": admin.SectionPractices}

// roleScenes are scenes of a navigation entry as a role other than the
// facilitator sees it.
var roleScenes = map[string]struct{ role, nav string }{
	"casework":       {domain.RoleLinkWorker, "casework"},
	"referrals":      {domain.RoleReception, "referrals"},
	"new-referral":   {domain.RoleReception, "new-referral"},
	"reports":        {domain.RoleLinkWorker, "reports"},
	"settings-admin": {domain.RoleAdministrator, "settings"},
	"reminders":      {domain.RoleLinkWorker, "reminders"},
}

// ShowScene puts the UI into a named state for screenshots and golden
// tests: signed in as the store's first facilitator, on the first of
// today's sessions. It saves nothing.
//
// What a scene changes beyond that (a stand-in server) it undoes through
// u.sceneUndo, run as the next scene starts, so each scene in a full
// screenshots run is drawn as it is alone.
func (u *UI) ShowScene(name string) error {
	for i := len(u.sceneUndo) - 1; i >= 0; i-- {
		u.sceneUndo[i]()
	}
	u.sceneUndo = nil
	for _, ov := range u.win.Canvas().Overlays().List() {
		u.win.Canvas().Overlays().Remove(ov)
	}
	switch name {
	case "first-run":
		// As a new device shows it. With a lock (the desktop app), first
		// run comes after the lock's setup, so the administrator who has
		// just chosen a PIN is signed in (StartSignedIn): their name and
		// Lock now are in the footer. Without one, nobody is. Nothing is
		// chosen yet, so there is no demo data and no DEMO DATA chip,
		// though the store the scenes are drawn from has the demo.
		u.staff = domain.Staff{}
		if u.opts.Lock != nil {
			admin, err := u.firstStaff(domain.RoleAdministrator)
			if err != nil {
				return err
			}
			u.staff = admin
		}
		u.stack, u.navID = nil, ""
		u.showScreen(newFirstRunScreen(u), false)
		u.demoChip.Hide()
		return nil
	case "activity-form", "activity-new", "activity-schedule", "venue-form":
		if err := u.signInFirst(domain.RoleLinkWorker); err != nil {
			return err
		}
		u.ShowNav("activities")
		return u.screens["activities"].(*activities.Screen).ShowScene(name)
	case "case-from-card", "person-edit":
		// A link worker opens someone's whole case from their card;
		// reception taps Edit details on it.
		role := domain.RoleLinkWorker
		if name == "person-edit" {
			role = domain.RoleReception
		}
		ps, err := u.sceneCard(role)
		if err != nil {
			return err
		}
		if name == "person-edit" {
			ps.Edit()
		} else {
			ps.OpenCase()
		}
		return nil
	case "merge-choose", "merge":
		// A link worker merges a second record into someone's, from their
		// card: choosing the other record, then the two side by side (the
		// demo has no one registered twice, so a namesake stands in).
		ps, err := u.sceneCard(domain.RoleLinkWorker)
		if err != nil {
			return err
		}
		ms := people.NewMerge(u, ps.PersonID())
		u.Push(ms)
		person, _ := u.View().Person(ps.PersonID())
		if name == "merge-choose" {
			ms.Search(person.GivenName[:min(2, len(person.GivenName))])
			return nil
		}
		other := ""
		for _, p := range u.View().SearchPeople(person.FamilyName, 5) {
			if p.ID != ps.PersonID() && other == "" {
				other = p.ID
			}
		}
		if other == "" {
			for _, p := range u.View().SearchPeople("a", 5) {
				if p.ID != ps.PersonID() && other == "" {
					other = p.ID
				}
			}
		}
		ms.Choose(other)
		return nil
	case "settings-connect":
		// An administrator's Settings as a real device shows it, with the
		// form to connect to the organisation's server: the scenes' store
		// holds the demo, and a demo device offers no form
		// (demoNeverConnects), so the mark is taken off for the scene.
		if err := u.signInFirst(domain.RoleAdministrator); err != nil {
			return err
		}
		if u.holdsDemo() {
			u.SetMeta(map[string]string{shell.MetaDemo: ""})
			u.sceneUndo = append(u.sceneUndo, func() { u.SetMeta(map[string]string{shell.MetaDemo: "true"}) })
		}
		delete(u.screens, "settings")
		u.ShowNav("settings")
		return nil
	case "settings-backup":
		// An administrator's Settings, scrolled to the Backup panel.
		if err := u.signInFirst(domain.RoleAdministrator); err != nil {
			return err
		}
		u.ShowNav("settings")
		s := u.screens["settings"].(*settingsScreen)
		if sc, ok := s.content.(*container.Scroll); ok {
			sc.Offset.Y = s.backup.panel.Position().Y
			sc.Refresh()
		}
		return nil
	case "admin-devices", "admin-devices-form", "admin-devices-code":
		// An administrator on an organisation device, with the server's
		// list of devices (a stand-in answers for the server), and the
		// code made for a new garden tablet.
		if err := u.signInFirst(domain.RoleAdministrator); err != nil {
			return err
		}
		if _, ok := u.opts.Syncer.(DeviceAdmin); !ok {
			was := u.opts.Syncer
			u.opts.Syncer = newSceneDevices(u)
			u.sceneUndo = append(u.sceneUndo, func() {
				u.opts.Syncer = was
				delete(u.screens, "admin") // its Devices section asked the stand-in
				u.refreshHeader()          // the footer's sync words
			})
		}
		delete(u.screens, "admin") // built again, with the Devices section
		u.ShowNav("admin")
		a := u.screens["admin"].(*admin.Screen)
		a.ShowSection(admin.SectionDevices)
		if name == "admin-devices-form" {
			a.OpenCodeForm(u.View().VenueName(sceneVenue(u)))
		}
		if name == "admin-devices-code" {
			a.ShowCode(EnrolmentCode{Code: "K7QM-3XPA-9TRD", Expires: u.Now().Add(24 * time.Hour)},
				u.View().VenueName(sceneVenue(u)), domain.RoleFacilitator)
		}
		return nil
	case "import-people", "import-people-preview", "import-people-decide":
		// A link worker opens Import from a spreadsheet… on Find a person,
		// then reads a garden group's list (sampleImportCSV): the preview,
		// and, scrolled down, the problems and a possible duplicate.
		if err := u.signInFirst(domain.RoleLinkWorker); err != nil {
			return err
		}
		u.ShowNav("people")
		s := people.NewImport(u, u.printFolder)
		u.Push(s)
		if name == "import-people" {
			return nil
		}
		s.Load("garden-group-list.csv", io.NopCloser(strings.NewReader(people.SampleCSV(u.View()))))
		if sc, ok := s.Content().(*container.Scroll); ok && name == "import-people-decide" {
			sc.ScrollToBottom()
		}
		return nil
	case "person-reception", "person-absent", "case-reception":
		// Reception's card of the person enrolled on the most (their
		// info sheets' print buttons); a link worker's card of someone
		// whose recent attendance has an Absent mark.
		role, pick := domain.RoleReception, scenePersonEnrolled
		if name == "person-absent" {
			role, pick = domain.RoleLinkWorker, scenePersonAbsent
		}
		if err := u.signInFirst(role); err != nil {
			return err
		}
		pid := pick(u.View())
		if pid == "" {
			return fmt.Errorf("%s: nobody fits in the demo", name)
		}
		u.ShowNav("people")
		card := people.NewCard(u, pid)
		u.Push(card)
		if name == "case-reception" {
			card.OpenCase()
		}
		if name == "person-absent" {
			// Scrolled down to their attendance, where the mark is.
			if st, ok := card.Content().(*fyne.Container); ok && len(st.Objects) > 0 {
				if sc, ok := st.Objects[0].(*container.Scroll); ok {
					sc.ScrollToBottom()
				}
			}
		}
		return nil
	case "matching", "follow-up", "wellbeing-swemwbs":
		// A link worker, from a case: matching the first referral
		// assessed and waiting for a match, the first follow-up due,
		// the SWEMWBS questions for the person of that referral.
		if err := u.signInFirst(domain.RoleLinkWorker); err != nil {
			return err
		}
		v := u.View()
		pid, fid := "", ""
		if name == "follow-up" {
			for _, f := range v.FollowUpsDueBy(domain.AddDays(u.Today(), 30)) {
				if f.Done == "" {
					pid, fid = f.PersonID, f.ID
					break
				}
			}
		} else {
			for _, st := range []string{domain.ReferralAssessed, domain.ReferralContacted, domain.ReferralReceived} {
				if rs := v.Referrals(st); len(rs) > 0 && pid == "" {
					sort.Slice(rs, func(i, j int) bool { return rs[i].ID < rs[j].ID })
					pid = rs[0].PersonID
				}
			}
		}
		if pid == "" {
			return fmt.Errorf("%s: no referral or follow-up in the demo", name)
		}
		u.ShowNav("casework")
		u.OpenCase(pid)
		ctx := u.caseworkContext()
		switch name {
		case "matching":
			u.Push(casework.NewMatching(u.opts.Store, ctx, pid, ""))
		case "follow-up":
			u.Push(casework.NewFollowUp(u.opts.Store, ctx, fid))
		default:
			u.Push(casework.NewWellbeing(u.opts.Store, ctx, pid, domain.InstrumentSWEMWBS))
		}
		return nil
	case "volunteer-person":
		// What a volunteer sees of someone: the card, no case details.
		if err := u.signInFirst(domain.RoleVolunteer); err != nil {
			return err
		}
		u.ShowNav("today")
		return u.screens["today"].(*register.Today).Scene("first-card")
	}
	if name == "admin-staff-edit" {
		// An administrator editing the first facilitator: name, role, where they work, PIN, Remove.
		facilitator, err := u.firstStaff(domain.RoleFacilitator)
		if err != nil {
			return err
		}
		if err := u.signInFirst(domain.RoleAdministrator); err != nil {
			return err
		}
		u.ShowNav("admin")
		a := u.screens["admin"].(*admin.Screen)
		a.ShowSection(admin.SectionStaff)
		a.OpenStaffEdit(facilitator.ID)
		return nil
	}
	if section, ok := adminScenes[name]; ok {
		if err := u.signInFirst(domain.RoleAdministrator); err != nil {
			return err
		}
		u.ShowNav("admin")
		u.screens["admin"].(*admin.Screen).ShowSection(section)
		return nil
	}
	if name == "reports-equity" {
		// A coordinator asked for the numbers: the Equity section, its
		// charts drawn from the demo's people and referrals.
		if err := u.signInFirst(domain.RoleCoordinator); err != nil {
			return err
		}
		u.ShowNav("reports")
		u.screens["reports"].(*reports.Reports).ShowSection(reports.SectionEquity)
		return nil
	}
	if rs, ok := roleScenes[name]; ok {
		if err := u.signInFirst(rs.role); err != nil {
			return err
		}
		u.ShowNav(rs.nav)
		return nil
	}
	if err := u.signInFirst(domain.RoleFacilitator); err != nil {
		return err
	}
	switch name {
	case "today":
		u.ShowNav("today")
	case "cancel-session":
		// Calling the first of today's sessions off, before saying why.
		u.ShowNav("today")
		return u.screens["today"].(*register.Today).Scene(name)
	case "people":
		if err := u.signInFirst(domain.RoleReception); err != nil {
			return err
		}
		u.ShowNav("people")
		u.screens["people"].(*people.Finder).Search("ma")
	case "activities":
		u.ShowNav("activities")
	case "settings":
		u.ShowNav("settings")
	case "register", "register-search", "register-mark", "register-print", "walk-in", "walk-in-duplicate", "close-session", "person":
		u.ShowNav("today")
		return u.screens["today"].(*register.Today).Scene(name)
	default:
		return fmt.Errorf("no scene %q", name)
	}
	return nil
}

// sceneCard signs in as the first staff member with role, finds people
// with "ma" in Find a person and opens the first one's card.
func (u *UI) sceneCard(role string) (*people.Card, error) {
	if err := u.signInFirst(role); err != nil {
		return nil, err
	}
	u.ShowNav("people")
	s := u.screens["people"].(*people.Finder)
	s.Search("ma")
	if len(s.Results()) == 0 {
		return nil, fmt.Errorf("nobody found")
	}
	ps := people.NewCard(u, s.Results()[0].ID)
	u.Push(ps)
	return ps, nil
}

// scenePersonEnrolled is the person with the most current enrolments
// (the lowest id of those with as many), for reception's card.
func scenePersonEnrolled(v *storage.View) string {
	n := map[string]int{}
	for _, r := range v.All(domain.KindEnrolment) {
		var e domain.Enrolment
		r.Decode(&e)
		if e.Active() {
			if _, ok := v.Get(domain.KindActivity, e.ActivityID); ok {
				n[e.PersonID]++
			}
		}
	}
	best := ""
	for id, k := range n {
		if k > n[best] || k == n[best] && id < best {
			best = id
		}
	}
	return best
}

// scenePersonAbsent is the first person (by id) marked Absent among the
// twelve sessions their card lists.
func scenePersonAbsent(v *storage.View) string {
	var ids []string
	for _, r := range v.All(domain.KindPerson) {
		ids = append(ids, r.ID)
	}
	sort.Strings(ids)
	for _, id := range ids {
		ms := v.PersonAttendance(id)
		sort.SliceStable(ms, func(i, j int) bool { return ms[i].Date > ms[j].Date })
		for i, m := range ms {
			if i < 12 && m.Status == domain.StatusAbsent {
				return id
			}
		}
	}
	return ""
}

// signInFirst signs in as the first staff member with a role (by name).
func (u *UI) signInFirst(role string) error {
	if u.staff.Role == role {
		u.stack = nil
		return nil
	}
	best, err := u.firstStaff(role)
	if err != nil {
		return err
	}
	u.SignIn(best)
	return nil
}

// firstStaff is the store's first staff member with role, by name.
func (u *UI) firstStaff(role string) (domain.Staff, error) {
	var best domain.Staff
	for _, r := range u.View().All(domain.KindStaff) {
		var s domain.Staff
		r.Decode(&s)
		if s.Role == role && (best.ID == "" || s.Name < best.Name) {
			best = s
		}
	}
	if best.ID == "" {
		return best, fmt.Errorf("no %s on this device", role)
	}
	return best, nil
}

// sceneVenue is the first venue by name, for the devices scenes.
func sceneVenue(u *UI) string {
	vs := u.View().Venues()
	if len(vs) == 0 {
		return ""
	}
	return vs[0].ID
}

// sceneDevices stands in for the server in the devices scenes: an office
// computer (this one), a link worker's laptop, a tablet per venue, and one
// lost tablet already removed.
type sceneDevices struct {
	now     time.Time
	devices []DeviceInfo
}

func newSceneDevices(u *UI) *sceneDevices {
	now := u.Now()
	s := &sceneDevices{now: now, devices: []DeviceInfo{
		{ID: "office", Name: "Office PC", Scope: DeviceScope{Organisation: true}, Role: domain.RoleAdministrator,
			LastSeen: now.Add(-time.Minute), LastSynced: now.Add(-time.Minute)},
		{ID: "laptop", Name: "Priya's laptop", Scope: DeviceScope{Organisation: true}, Role: domain.RoleLinkWorker,
			LastSeen: now.Add(-3 * time.Hour), LastSynced: now.Add(-3 * time.Hour)},
	}}
	for i, v := range u.View().Venues() {
		age := time.Duration(i*20+10) * time.Hour
		s.devices = append(s.devices, DeviceInfo{ID: "tablet-" + v.ID, Name: v.Name + " tablet", Scope: DeviceScope{Venues: []string{v.ID}},
			Role: domain.RoleFacilitator, LastSeen: now.Add(-age), LastSynced: now.Add(-age - time.Hour)})
	}
	s.devices = append(s.devices, DeviceInfo{ID: "lost", Name: "Old garden tablet", Scope: DeviceScope{Venues: []string{sceneVenue(u)}},
		Role: domain.RoleVolunteer, Revoked: true})
	return s
}

func (s *sceneDevices) Status() SyncStatus {
	return SyncStatus{State: SyncSynced, LastSynced: s.now.Add(-time.Minute), Server: "https://gather.example.org"}
}
func (s *sceneDevices) Updates() <-chan struct{}                      { return nil }
func (s *sceneDevices) SyncNow()                                      {}
func (s *sceneDevices) Connect(context.Context, string, string) error { return nil }
func (s *sceneDevices) Enrolment() (Enrolment, bool) {
	return Enrolment{DeviceID: "office", Scope: DeviceScope{Organisation: true}, Role: domain.RoleAdministrator}, true
}
func (s *sceneDevices) Devices(context.Context) ([]DeviceInfo, error) {
	return append([]DeviceInfo(nil), s.devices...), nil
}
func (s *sceneDevices) CreateCode(context.Context, DeviceScope, string, time.Duration) (EnrolmentCode, error) {
	return EnrolmentCode{}, fmt.Errorf("the screenshots make no codes")
}
func (s *sceneDevices) RevokeDevice(context.Context, string) error {
	return fmt.Errorf("the screenshots remove no devices")
}
