package register

import (
	"fmt"
	"io"

	"github.com/gather-sp/gather/app/shell"
	"github.com/gather-sp/gather/domain"
	"github.com/gather-sp/gather/paper"
)

// onPrint saves the printable register of the session: it names everyone
// expected, so it is recorded in the audit trail.
func (r *Register) onPrint() {
	var people []domain.Person
	marks := map[string]string{}
	for _, id := range r.expected {
		people = append(people, r.people[id])
		if m := r.marks[id]; m.Status != "" {
			marks[id] = m.Status
		}
	}
	sheet := paper.Register{Activity: r.info.Activity, Venue: r.info.Venue, Date: r.info.Session.Date, People: people,
		Marks: marks, Demo: r.sh.Meta(shell.MetaDemo) == "true", Printed: r.sh.Now()}
	r.sh.Print(shell.Printout{
		Name:  fmt.Sprintf("register-%s-%s", r.info.Session.Date, r.info.Activity.Name),
		Write: func(w io.Writer) error { return paper.WriteRegister(w, sheet) },
		Audit: r.sh.Recorder().Printed(r.sh.Staff().ID, fmt.Sprintf("register PDF, %s on %s", r.info.Activity.Name, r.info.Session.Date), len(people),
			domain.KindSession, r.info.Session.ID),
		Done: func(path string) { r.lastPrint = path },
	})
}
