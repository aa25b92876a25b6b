package casework

import (
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"

	"github.com/gather-sp/gather/domain"
)

// Ann agreed to phone; she says "please don't phone me any more" and the
// link worker unticks phone on Contacts and saves (the ticks are the
// consent: AgreeContactWays withdraws it). The case and card must then say
// she withdrew it, not "No contact preference recorded", which invites
// the desk to ask her again.
func TestUntickingAWaySaysItWasWithdrawn(t *testing.T) {
	test.NewTempApp(t)
	s := openStore(t)
	fixture(t, s)
	c := NewContacts(s, linkWorker(), personAnn)
	show(t, c.Content())
	test.Tap(c.prefs.option("phone"))
	test.Tap(c.savePrefs) // agreed to phone, consent recorded today
	v := s.View()
	ann, _ := v.Person(personAnn)
	if !strings.HasPrefix(domain.ContactWaysWords(ann, consentsOf(v, personAnn), todayDate), "Agreed to contact by: phone") {
		t.Fatalf("setup: %q", domain.ContactWaysWords(ann, consentsOf(v, personAnn), todayDate))
	}
	// The next day she says no.
	ctx := linkWorker()
	ctx.Now = func() time.Time { return today.AddDate(0, 0, 1) }
	c = NewContacts(s, ctx, personAnn)
	show(t, c.Content())
	test.Tap(c.prefs.option("phone"))
	test.Tap(c.savePrefs)
	v = s.View()
	ann, _ = v.Person(personAnn)
	words := domain.ContactWaysWords(ann, consentsOf(v, personAnn), "2026-03-19")
	if !strings.Contains(words, "Withdrew consent to contact by phone") {
		t.Errorf("after she withdrew phone, the case says %q", words)
	}
}
