package storage

import (
	"testing"

	"github.com/gather-sp/gather/domain"
	"github.com/gather-sp/gather/record"
)

// TestPhotoWithdrawnOnMergedDuplicateKeepsPhotosOffRegister: Ann is
// registered twice (s and d), photo consent given on both. Device A merges
// d into s. Device B, offline, still shows d's case and records that Ann
// withdrew photo consent: as the case screen does, it withdraws consent y
// and sets d's card photo_consent false. Once both are stored, the
// register (which resolves d to s and shows s's card) must not say
// "Photos OK", neither from Person nor from a name search.
func TestPhotoWithdrawnOnMergedDuplicateKeepsPhotosOffRegister(t *testing.T) {
	const today = "2026-03-20"
	s, _ := openTemp(t, Options{})
	ann := domain.Person{GivenName: "Ann", FamilyName: "Lee", PhotoConsent: true}
	x := domain.Consent{PersonID: "s", Purpose: domain.ConsentPhotos, Given: "2026-01-05", RecordedBy: "lw1"}
	y := domain.Consent{PersonID: "d", Purpose: domain.ConsentPhotos, Given: "2026-01-05", RecordedBy: "lw2"}
	must(t, s.Save("lw1",
		record.Change{Kind: domain.KindPerson, ID: "s", Fields: domain.Encode(ann)},
		record.Change{Kind: domain.KindPerson, ID: "d", Fields: domain.Encode(ann)},
		domain.Create(domain.KindConsent, "x", x), domain.Create(domain.KindConsent, "y", y)))

	// Device B, before it hears of the merge: what the case's Withdraw saves.
	dB := ann
	dB.ID = "d"
	y.ID = "y"
	after, offline := domain.WithdrawConsent([]domain.Consent{y}, domain.ConsentPhotos, today, "lw2")
	offline = append(offline, domain.PhotoConsentCards([]domain.Person{dB}, after, today)...)

	// Device A merges d into s, holding both consents, before B syncs.
	sv, dv := ann, ann
	sv.ID, dv.ID = "s", "d"
	x.ID = "x"
	res, err := domain.MergePeople(domain.Merge{Survivor: sv, Duplicate: dv, Today: "2026-03-18",
		Consents: []domain.Consent{x, y},
		Links:    []domain.PersonLink{{Kind: domain.KindConsent, ID: "y", PersonID: "d"}}})
	must(t, err)
	must(t, s.Save("lw1", res.Changes...))
	// B's withdrawal arrives.
	must(t, s.Save("lw2", offline...))

	v := s.View()
	var cs []domain.Consent
	for _, r := range v.By(domain.KindConsent, "person_id", "s") {
		var c domain.Consent
		r.Decode(&c)
		cs = append(cs, c)
	}
	if domain.ConsentGiven(cs, domain.ConsentPhotos, today) {
		t.Fatalf("the consent records say photos are OK: %+v", cs)
	}
	for _, id := range []string{"d", "s"} {
		if p, _ := v.Person(id); p.PhotoConsent {
			t.Errorf("Person(%s) is %s with photo_consent; consent was withdrawn %s", id, p.ID, today)
		}
	}
	for _, p := range v.SearchPeople("ann lee", 0) {
		if p.PhotoConsent {
			t.Errorf("SearchPeople finds %s with photo_consent; consent was withdrawn %s", p.ID, today)
		}
	}
}

// TestPhotosOKOnlyWhenEveryMergedCardSaysSo: Person shows photo_consent
// only when the survivor's card and every card merged into it say yes.
func TestPhotosOKOnlyWhenEveryMergedCardSaysSo(t *testing.T) {
	for _, c := range []struct {
		name     string
		s, d, d2 bool
		want     bool
	}{
		{"all yes", true, true, true, true},
		{"survivor no", false, true, true, false},
		{"merged-away no", true, false, true, false},
		{"merged through another merge no", true, true, false, false},
	} {
		t.Run(c.name, func(t *testing.T) {
			st, _ := openTemp(t, Options{})
			card := func(id, into string, ok bool) record.Change {
				f := domain.Encode(domain.Person{GivenName: "Ann", FamilyName: "Lee", PhotoConsent: ok, MergedInto: into})
				return record.Change{Kind: domain.KindPerson, ID: id, Fields: f}
			}
			must(t, st.Save("lw1", card("s", "", c.s), card("d", "s", c.d), card("d2", "d", c.d2)))
			for _, id := range []string{"s", "d", "d2"} {
				if p, _ := st.View().Person(id); p.ID != "s" || p.PhotoConsent != c.want {
					t.Errorf("Person(%s) = %s photo_consent %v, want s %v", id, p.ID, p.PhotoConsent, c.want)
				}
			}
		})
	}
}
