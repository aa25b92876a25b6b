package server_test

import (
	"testing"

	"github.com/gather-sp/gather/domain"
	"github.com/gather-sp/gather/record"
	"github.com/gather-sp/gather/sync/protocol"
)

// TestAttackTabletGuessesAWalkInsCaseFieldOneByOne: a venue tablet
// registers a walk-in with their gender, passes it to the server and, as
// tablets do, forgets it (storage.Store.ForgetCaseFields). Stolen, it
// sends guesses at the gender under the stamp and staff of its own write
// (the card's stamps, saved with it, show them), saying it settles
// refusals one by one. The server passes the right guess as held
// (heldFor: the device wrote it) and refuses the others; listed one by
// one, the guess left unlisted would be the walk-in's gender, and a date
// of birth would fall to a push or two. A guess at a case field stamped
// as the device's own still refuses the whole batch at its write: one
// guess a push, as to an older client.
func TestAttackTabletGuessesAWalkInsCaseFieldOneByOne(t *testing.T) {
	f := newFixture(t)
	tc := f.clock
	gender := record.Write{Kind: domain.KindPerson, ID: "nia", Field: "gender", Value: "woman", Stamp: tc.Now(), Staff: "s"}
	_, perr := pushSettling(t, f.tablet, f.tablet.Epoch, true, []record.Write{
		{Kind: domain.KindPerson, ID: "nia", Field: "given_name", Value: "Nia", Stamp: tc.Now(), Staff: "s"},
		gender,
		{Kind: domain.KindEnrolment, ID: domain.EnrolmentID("a1", "nia"), Field: "venue_id", Value: f.v1, Stamp: tc.Now(), Staff: "s"},
	})
	if perr != nil {
		t.Fatalf("the walk-in's registration was refused: %+v", perr)
	}
	if e, _ := f.env.Store.Entity(domain.KindPerson, "nia"); e.Get("gender") != "woman" {
		t.Fatal("the server does not hold the walk-in's gender")
	}
	var guesses []record.Write
	for _, g := range []string{"man", "non-binary", "woman", "prefer not to say"} {
		w := gender
		w.Value = g
		guesses = append(guesses, w)
	}
	resp, perr := pushSettling(t, f.tablet, f.tablet.Epoch, true, guesses)
	if perr == nil || perr.Code != protocol.CodeOutOfScope || perr.RefusedSeq != 1 || len(resp.Refused) != 0 {
		var listed []uint64
		for _, r := range resp.Refused {
			listed = append(listed, r.Seq)
		}
		t.Fatalf("guesses at a case field the tablet wrote were answered refused %v (the one left out is the value held), %+v; want the batch refused at the first", listed, perr)
	}
}
