package server

import (
	"testing"

	"github.com/gather-sp/gather/domain"
	"github.com/gather-sp/gather/hlc"
	"github.com/gather-sp/gather/record"
	"github.com/gather-sp/gather/sync/protocol"
)

// logOf is a Reader whose log is entries, numbered from 1; only Log is
// read.
type logOf struct {
	Reader
	entries []LogEntry
}

func (l logOf) Log(after uint64, fn func(seq uint64, e LogEntry) (bool, error)) error {
	for i := after; i < uint64(len(l.entries)); i++ {
		if more, err := fn(i+1, l.entries[i]); !more || err != nil {
			return err
		}
	}
	return nil
}

// TestAPageOfARoleFilteredPullPassesOverABoundedRun: a reception desk is
// sent none of the audit trail, which may be most of the log (an entry
// for every case opened). One page passed over all of it in one read
// transaction, however long the log; it now stops after maxSkipped
// entries not sent, as it does after the desk's own pushes, and the next
// page goes on from there, so every page answers in bounded time.
func TestAPageOfARoleFilteredPullPassesOverABoundedRun(t *testing.T) {
	at := hlc.Timestamp{Wall: 1, Device: "office"}
	state := func(kind record.Kind, id string, fields map[string]string) []byte {
		e := record.NewEntity(kind, id)
		for f, v := range fields {
			e.Fields[f] = record.FieldState{Value: v, Stamp: at}
		}
		return record.AppendEntity(nil, e)
	}
	audit := LogEntry{Kind: domain.KindAudit, ID: "a", Audience: AudienceOrganisation,
		State: state(domain.KindAudit, "a", map[string]string{"action": "viewed", "staff": "admin"})}
	entries := make([]LogEntry, maxSkipped+1000)
	for i := range entries {
		entries[i] = audit
	}
	entries = append(entries, LogEntry{Kind: domain.KindPerson, ID: "ann", Audience: AudiencePerson,
		State: state(domain.KindPerson, "ann", map[string]string{"given_name": "Ann"})})
	dev := &Device{ID: "desk", Scope: protocol.Scope{Organisation: true}, Role: domain.RoleReception}
	rd := reader{reads: readsOf(dev)}
	s := &Store{}
	var resp protocol.PullResponse
	if err := s.pullAll(logOf{entries: entries}, dev, rd, 0, 100, 1<<20, &resp); err != nil {
		t.Fatal(err)
	}
	if !resp.More || resp.Next != maxSkipped || len(resp.Entities) != 0 {
		t.Fatalf("first page: more %v, next %d, %d entities; want more after %d entries passed over", resp.More, resp.Next, len(resp.Entities), maxSkipped)
	}
	next := protocol.PullResponse{Next: resp.Next}
	if err := s.pullAll(logOf{entries: entries}, dev, rd, resp.Next, 100, 1<<20, &next); err != nil {
		t.Fatal(err)
	}
	if next.More || next.Next != uint64(len(entries)) || len(next.Entities) != 1 || next.Entities[0].ID != "ann" {
		t.Fatalf("second page: more %v, next %d, %d entities; want Ann and the end of the log", next.More, next.Next, len(next.Entities))
	}
}
