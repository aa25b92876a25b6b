package register

import (
	"fmt"

	"github.com/gather-sp/gather/domain"
)

// Scene sets Today up for a screenshot (cmd/screenshots): "cancel-session"
// asks why the first session is called off; the others open the first
// session's register and go on there (Register.Scene).
func (s *Today) Scene(name string) error {
	if len(s.sessions) == 0 {
		return fmt.Errorf("no sessions today to show")
	}
	if name == "cancel-session" {
		s.onCancel(s.sessions[0].Session.ID)
		return nil
	}
	s.onOpen(0)
	return s.opened.Scene(name)
}

// Scene sets the register up for a screenshot: searching, printing, a
// mark's choices, a walk-in (new, or someone already known), closing, a
// person's card ("person": someone with access needs; "first-card": the
// first person expected).
func (r *Register) Scene(name string) error {
	if name == "first-card" {
		r.onCard(r.expected[0])
		return nil
	}
	switch name {
	case "register-search":
		r.search.SetText("pe")
	case "register-print":
		// Asked where to save the printable register.
		r.onPrint()
	case "register-mark":
		for _, id := range r.expected {
			if r.marks[id].Status != "" {
				r.onMore(id)
				break
			}
		}
	case "walk-in":
		r.onAddWalkIn()
		r.walkIn.given.SetText("Winifred")
	case "walk-in-duplicate":
		r.onAddWalkIn()
		// Someone already known, typed slightly differently.
		p := r.people[r.expected[len(r.expected)-1]]
		w := r.walkIn
		w.given.SetText(p.GivenName)
		w.family.SetText(p.FamilyName)
		row, _ := r.sh.View().Get(domain.KindPerson, p.ID)
		if row != nil {
			w.dob.SetText(row.Get("date_of_birth"))
		}
		r.onWalkInCheck()
	case "close-session":
		r.onClose()
	case "person":
		for _, id := range r.expected {
			if r.people[id].AccessNeeds != "" {
				r.onCard(id)
				return nil
			}
		}
		r.onCard(r.expected[0])
	}

	return nil
}
