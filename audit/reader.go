package audit

import (
	"encoding/csv"
	"io"
	"sort"
	"strings"
	"time"

	"github.com/gather-sp/gather/domain"
	"github.com/gather-sp/gather/record"
	"github.com/gather-sp/gather/storage"
)

// Source is where entries are read from; *storage.View is one.
type Source interface {
	All(kind record.Kind) []*storage.Row
	By(kind record.Kind, field, value string) []*storage.Row
}

// Filter narrows a listing. Zero fields match everything.
type Filter struct {
	Staff      string
	Action     string
	EntityKind record.Kind
	EntityID   string
	From       time.Time // inclusive
	To         time.Time // exclusive
	Limit      int       // 0 means no limit
}

func (f Filter) match(a domain.Audit) bool {
	switch {
	case f.Staff != "" && a.Staff != f.Staff,
		f.Action != "" && a.Action != f.Action,
		f.EntityKind != "" && a.EntityKind != string(f.EntityKind),
		f.EntityID != "" && a.EntityID != f.EntityID,
		!f.From.IsZero() && a.At.Before(f.From),
		!f.To.IsZero() && !a.At.Before(f.To):
		return false
	}
	return true
}

// List returns the entries that match f, newest first. It uses the staff
// or entity index when the filter names one.
func List(src Source, f Filter) []domain.Audit {
	var rows []*storage.Row
	switch {
	case f.Staff != "":
		rows = src.By(domain.KindAudit, "staff", f.Staff)
	case f.EntityID != "":
		rows = src.By(domain.KindAudit, "entity_id", f.EntityID)
	default:
		rows = src.All(domain.KindAudit)
	}
	out := make([]domain.Audit, 0, len(rows))
	for _, row := range rows {
		var a domain.Audit
		domain.Decode(row.ID, row, &a)
		if f.match(a) {
			out = append(out, a)
		}
	}
	sort.Slice(out, func(i, j int) bool {
		if !out[i].At.Equal(out[j].At) {
			return out[i].At.After(out[j].At)
		}
		return out[i].ID < out[j].ID
	})
	if f.Limit > 0 && len(out) > f.Limit {
		out = out[:f.Limit]
	}
	return out
}

// CSVHeader is the first row of WriteCSV.
var CSVHeader = []string{"time (UTC)", "staff id", "staff name", "action", "record kind", "record id", "detail", "device", "entry id"}

// WriteCSV writes entries for an administrator, one per row. staffName
// turns a staff id into a name (nil leaves the column blank). Cells that a
// spreadsheet would run as a formula are prefixed with a quote.
func WriteCSV(w io.Writer, entries []domain.Audit, staffName func(id string) string) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(CSVHeader); err != nil {
		return err
	}
	for _, a := range entries {
		name := ""
		if staffName != nil {
			name = staffName(a.Staff)
		}
		row := []string{a.At.UTC().Format(time.RFC3339), a.Staff, name, a.Action, a.EntityKind, a.EntityID, a.Detail, a.Device, a.ID}
		for i := range row {
			row[i] = defuse(row[i])
		}
		if err := cw.Write(row); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// defuse stops a cell such as "=HYPERLINK(...)" from running as a formula
// when the export is opened in a spreadsheet.
func defuse(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}

// ExistsIn is a Recorder.Exists over a store's view: a record is there
// when the view holds it, deleted or not.
func ExistsIn(v interface {
	Get(kind record.Kind, id string) (*storage.Row, bool)
}) func(record.Kind, string) bool {
	return func(kind record.Kind, id string) bool {
		_, ok := v.Get(kind, id)
		return ok
	}
}
