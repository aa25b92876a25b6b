package register

import (
	"slices"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/gather-sp/gather/app/internal/uitest"
	"github.com/gather-sp/gather/demo"
	"github.com/gather-sp/gather/domain"
)

// TestWalkInAsksGenderAndEthnicity: the walk-in form offers gender and
// ethnic group, optional with "Prefer not to say"; what is chosen is saved
// with the person, "Not recorded" saves nothing, and a venue tablet's form
// says where the details go.
func TestWalkInAsksGenderAndEthnicity(t *testing.T) {
	for _, tc := range []struct {
		name              string
		venue             bool
		gender, ethnicity string
		wantG, wantE      string
	}{
		{"organisation device, chosen", false, domain.PreferNotToSay, "Asian or Asian British", domain.PreferNotToSay, "Asian or Asian British"},
		{"venue tablet, not recorded", true, domain.NotRecorded, domain.NotRecorded, "", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h := newHarness(t, true, desktopSize)
			if tc.venue {
				h.sh.SetVenueDevice(demo.VenueGarden) // the garden's tablet
			}
			h.signIn(domain.RoleFacilitator)
			r := h.openRegister(garden)
			test.Tap(r.walkInBtn)
			w := r.walkIn
			if !slices.Contains(w.gender.Options, domain.PreferNotToSay) || !slices.Contains(w.ethnicity.Options, domain.PreferNotToSay) ||
				w.gender.Selected != domain.NotRecorded || w.ethnicity.Selected != domain.NotRecorded {
				t.Fatalf("gender %v (%q), ethnicity %v (%q)", w.gender.Options, w.gender.Selected, w.ethnicity.Options, w.ethnicity.Selected)
			}
			note := strings.Contains(uitest.DialogText(h.w), "the tablet does not keep them")
			if note != tc.venue {
				t.Errorf("the note about the tablet shown: %v, want %v", note, tc.venue)
			}
			test.Type(w.given, "Winifred")
			test.Type(w.family, "Ashworth-Kaye")
			test.Type(w.phone, "07700 900555")
			w.gender.SetSelected(tc.gender)
			w.ethnicity.SetSelected(tc.ethnicity)
			test.Tap(w.addBtn)
			found := h.st.View().SearchPeople("Winifred Ashworth", 2)
			if len(found) != 1 {
				t.Fatalf("found %d people", len(found))
			}
			p := found[0]
			if p.Gender != tc.wantG || p.Ethnicity != tc.wantE || p.Phone != "07700 900555" {
				t.Errorf("saved gender %q, ethnicity %q, phone %q", p.Gender, p.Ethnicity, p.Phone)
			}
			if got := h.mark(r.sessionID, p.ID).Status; got != domain.StatusPresent {
				t.Errorf("the walk-in is %q", got)
			}
		})
	}
}

// TestWalkInEmergencyPhoneLabel: the walk-in form names the emergency
// contact's phone as "Edit details" does, not "Their phone", which read as
// the walk-in's own phone.
func TestWalkInEmergencyPhoneLabel(t *testing.T) {
	h := newHarness(t, true, desktopSize)
	h.signIn(domain.RoleFacilitator)
	r := h.openRegister(garden)
	test.Tap(r.walkInBtn)
	w := r.walkIn
	form, ok := w.form.Objects[0].(*fyne.Container)
	if !ok {
		t.Fatalf("the walk-in form is a %T", w.form.Objects[0])
	}
	labels := map[fyne.CanvasObject]string{}
	for i := 0; i+1 < len(form.Objects); i += 2 {
		labels[form.Objects[i+1]] = form.Objects[i].(*widget.Label).Text
	}
	if got := labels[w.ecPhone]; got != "Emergency contact's phone" {
		t.Errorf("the emergency contact's phone is labelled %q", got)
	}
	if got := labels[w.ecName]; got != domain.LabelEmergencyContact {
		t.Errorf("the emergency contact is labelled %q", got)
	}
	if got := labels[w.phone]; got != "Phone" {
		t.Errorf("their own phone is labelled %q", got)
	}
}
