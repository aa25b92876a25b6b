package desktop

import (
	"regexp"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/gather-sp/gather/domain"
	"github.com/gather-sp/gather/keyslot"
	"github.com/gather-sp/gather/record"
	"github.com/gather-sp/gather/sync/protocol"
)

// findAll returns every visible object of type T in o for which ok holds,
// in screen order.
func findAll[T fyne.CanvasObject](t *testing.T, o fyne.CanvasObject, ok func(T) bool) []T {
	var out []T
	if o == nil || !o.Visible() {
		return nil
	}
	if x, is := o.(T); is && ok(x) {
		out = append(out, x)
	}
	var kids []fyne.CanvasObject
	switch x := o.(type) {
	case *fyne.Container:
		kids = x.Objects
	case fyne.Widget:
		kids = test.TempWidgetRenderer(t, x).Objects()
	}
	for _, k := range kids {
		out = append(out, findAll(t, k, ok)...)
	}
	return out
}

func entryWith(t *testing.T, w fyne.Window, placeholder string) *widget.Entry {
	t.Helper()
	e, ok := find(t, w.Content(), func(e *widget.Entry) bool { return e.PlaceHolder == placeholder })
	if !ok {
		t.Fatalf("no %q entry on screen:\n%s", placeholder, windowText(t, w))
	}
	return e
}

var setupCode = regexp.MustCompile(`^[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}$`)

// TestStaffOnceNotPerTablet: an administrator on the office computer adds
// Nia, a facilitator at the garden, and gives her a setup code; the garden
// tablet learns of her at its next sync and, while its own facilitator has
// it unlocked, seals its key to her code. When the tablet is locked, Nia
// taps "New here", types the code and chooses her PIN, and the tablet
// opens as her; from then on her PIN opens it. Hal, at another venue,
// with a code of his own, is not offered on the garden tablet. Neither
// Nia's PINs nor her code reach the server or the other device.
func TestStaffOnceNotPerTablet(t *testing.T) {
	srvStore, url := startServer(t)
	if _, err := srvStore.AddVenue("garden", "Riverside Surgery Garden", ""); err != nil {
		t.Fatal(err)
	}
	if _, err := srvStore.AddVenue("hall", "Church Hall", ""); err != nil {
		t.Fatal(err)
	}
	office := enrolledSession(t, srvStore, url, protocol.Scope{Organisation: true}, domain.RoleAdministrator)
	tablet := enrolledSession(t, srvStore, url, protocol.Scope{Venues: []string{"garden"}}, domain.RoleFacilitator)
	waitFor(t, "both first syncs", func() bool {
		_, ok := office.st.View().Get(domain.KindVenue, "garden")
		return ok && office.client.Status().State == "synced" && tablet.client.Status().State == "synced"
	})

	// The office: Admin › Staff › Add a member of staff, then Setup code.
	office.ui.ShowNav("admin")
	test.Type(entryWith(t, office.win, "Full name, e.g. Jo Bloggs"), "Nia Okoro")
	role, _ := find(t, office.win.Content(), func(s *widget.Select) bool { return len(s.Options) == len(domain.Roles) })
	role.SetSelected("Facilitator")
	venues, ok := find(t, office.win.Content(), func(c *widget.CheckGroup) bool { return len(c.Options) == 2 })
	if !ok {
		t.Fatalf("no Works at venues on the add form:\n%s", windowText(t, office.win))
	}
	venues.SetSelected([]string{"Riverside Surgery Garden"})
	const officePIN, tabletPIN = "582046", "620418"
	test.Type(entryWith(t, office.win, "PIN"), officePIN)
	test.Type(entryWith(t, office.win, "PIN again"), officePIN)
	tapText(t, office.win, "Add to this device")
	var nia domain.Staff
	waitFor(t, "Nia on the office computer", func() bool {
		for _, r := range office.st.View().All(domain.KindStaff) {
			r.Decode(&nia)
			if nia.Name == "Nia Okoro" {
				return true
			}
		}
		return false
	})
	if len(nia.Venues) != 1 || nia.Venues[0] != "garden" || nia.Role != domain.RoleFacilitator {
		t.Fatalf("Nia's record: %+v", nia)
	}
	var editBtn *widget.Button
	waitFor(t, "Nia's row", func() bool {
		bs := findAll(t, office.win.Content(), func(b *widget.Button) bool { return b.Text == "Edit" })
		if len(bs) == 2 { // Ada Lovelace, then Nia Okoro
			editBtn = bs[1]
		}
		return editBtn != nil
	})
	test.Tap(editBtn)
	var codeBtn *widget.Button
	waitFor(t, "Nia's Edit", func() bool {
		if top := office.win.Canvas().Overlays().Top(); top != nil {
			codeBtn, _ = find(t, top, func(b *widget.Button) bool { return b.Text == "PIN setup code" })
		}
		return codeBtn != nil
	})
	test.Tap(codeBtn)
	var code string
	waitFor(t, "the setup code", func() bool {
		if top := office.win.Canvas().Overlays().Top(); top != nil {
			if l, ok := find(t, top, func(l *widget.Label) bool { return setupCode.MatchString(l.Text) }); ok {
				code = l.Text
			}
		}
		return code != ""
	})

	// Hal works at the hall, with a code of his own.
	_, halInvite, err := keyslot.NewInvite(keyslot.TestParams, time.Now().Add(time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	hal := domain.Staff{ID: "staff-hal", Name: "Hal Moss", Role: domain.RoleFacilitator, Venues: []string{"hall"}, Invite: halInvite.String()}
	if err := office.st.Save("staff-ada", record.Change{Kind: domain.KindStaff, ID: hal.ID, Fields: domain.Encode(hal)}); err != nil {
		t.Fatal(err)
	}

	office.client.SyncNow()
	waitFor(t, "Nia's code on the server", func() bool {
		e, err := srvStore.Entity(domain.KindStaff, nia.ID)
		return err == nil && e != nil && e.Get("invite") != ""
	})
	tablet.client.SyncNow()
	waitFor(t, "Nia offered on the tablet", func() bool {
		for _, m := range tablet.kf.Invited() {
			if m.ID == nia.ID {
				return true
			}
		}
		tablet.client.SyncNow()
		return false
	})
	for _, m := range tablet.kf.Invited() {
		if m.ID == hal.ID {
			t.Error("Hal, who works at the hall, is offered on the garden tablet")
		}
	}

	// At the garden: the tablet is locked; Nia's first unlock.
	tablet.gate.LockNow()
	tapText(t, tablet.win, "Not you? Choose someone else")
	if text := windowText(t, tablet.win); !strings.Contains(text, "Nia Okoro") || !strings.Contains(text, "New here: set your PIN") {
		t.Fatalf("the tablet's unlock screen does not offer Nia:\n%s", text)
	}
	tablet.gate.Screen().ShowNew(nia.ID)
	test.Type(entryWith(t, tablet.win, "For example ABCD-EFGH-JKMN"), strings.ToLower(code))
	test.Type(entryWith(t, tablet.win, "Choose your PIN"), tabletPIN)
	test.Type(entryWith(t, tablet.win, "Your PIN again"), tabletPIN)
	tapText(t, tablet.win, "Set my PIN and unlock")
	waitFor(t, "the tablet open as Nia", func() bool {
		u := tablet.gate.Current()
		return u != nil && u.ID == nia.ID
	})
	if u, err := tablet.kf.Unlock(nia.ID, tabletPIN); err != nil || u.Role != domain.RoleFacilitator {
		t.Fatalf("Nia's tablet PIN: %v", err)
	}
	if _, err := tablet.kf.Unlock(nia.ID, officePIN); err == nil {
		t.Error("Nia's office PIN opens the tablet: a PIN travelled")
	}
	if _, err := office.kf.Unlock(nia.ID, tabletPIN); err == nil {
		t.Error("Nia's tablet PIN opens the office computer: a PIN travelled")
	}

	// Nothing secret on the server.
	e, err := srvStore.Entity(domain.KindStaff, nia.ID)
	if err != nil {
		t.Fatal(err)
	}
	for f, v := range e.Values() {
		for _, secret := range []string{officePIN, tabletPIN, keyslot.NormaliseCode(code), code} {
			if strings.Contains(v, secret) {
				t.Errorf("the server's copy of Nia's %s holds a secret", f)
			}
		}
	}
}
