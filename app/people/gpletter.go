package people

import (
	"io"

	"github.com/gather-sp/gather/access"
	"github.com/gather-sp/gather/app/shell"
	"github.com/gather-sp/gather/domain"
	"github.com/gather-sp/gather/paper"
	"github.com/gather-sp/gather/record"
	"github.com/gather-sp/gather/storage"
)

// LetterToGP makes the letter to a person's GP from their case and asks
// where to save it. Without their consent to share with the GP it is
// refused, saying whose consent is missing and what to do; with it, the
// print is an "exported" audit entry against the person. The shell gives
// it to casework (casework.Context.LetterToGP).
func LetterToGP(sh shell.Shell, personID string) {
	staff := sh.Staff()
	if !access.CanDo(staff.Role, access.ActionLetterToGP) {
		sh.ShowError("No letter to the GP", nil, "Only link workers and administrators write to a person's GP.")
		return
	}
	v := sh.View()
	p, ok := v.Person(personID)
	if !ok {
		sh.ShowError("That person is not on this device", nil, "Sync, then try again.")
		return
	}
	l, err := domain.BuildGPLetter(p, decodeBy[domain.Consent](v, domain.KindConsent, p.ID),
		decodeBy[domain.Referral](v, domain.KindReferral, p.ID), decodeBy[domain.Match](v, domain.KindMatch, p.ID),
		activitiesByID(v), v.PersonAttendance(p.ID), decodeBy[domain.Measure](v, domain.KindMeasure, p.ID),
		staff.Name, sh.Today())
	if err != nil {
		sh.ShowError("No letter to the GP", err, "Nothing was printed.")
		return
	}
	sheet := paper.GPLetterSheet{Letter: l, Service: v.OrgSettings().Contact(), Demo: sh.Meta(shell.MetaDemo) == "true", Printed: sh.Now()}
	sh.Print(shell.Printout{
		Name:  "letter-to-GP-" + p.DisplayName(),
		Write: func(w io.Writer) error { return paper.WriteGPLetter(w, sheet) },
		Audit: sh.Recorder().Printed(staff.ID, "letter to the GP PDF", 1, domain.KindPerson, p.ID),
	})
}

// decodeBy decodes the records of kind that belong to a person.
func decodeBy[T any](v *storage.View, kind record.Kind, personID string) []T {
	rows := v.By(kind, "person_id", personID)
	out := make([]T, len(rows))
	for i, r := range rows {
		r.Decode(&out[i])
	}
	return out
}

func activitiesByID(v *storage.View) map[string]domain.Activity {
	out := map[string]domain.Activity{}
	for _, r := range v.All(domain.KindActivity) {
		var a domain.Activity
		r.Decode(&a)
		out[a.ID] = a
	}
	return out
}
