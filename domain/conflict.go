package domain

import (
	"crypto/sha256"
	"encoding/hex"

	"github.com/gather-sp/gather/hlc"
	"github.com/gather-sp/gather/record"
)

// Conflict records have one author, the server: it meets every write, so it
// meets every pair of concurrent writes, and devices receive its conflict
// records through pull like any other case record. A record's id and
// content derive from the pair alone, so meeting the pair again, in either
// order, or after a restore from backup, makes the same record.

// ConflictID derives the id of the conflict record about a pair of
// concurrent writes to one field. The pair is named by both stamps: the
// winner is always the greater stamp, so (w1, w2) and (w2, w1) name one
// record, and a third write w3 meeting either makes a record of its own.
func ConflictID(c *record.Conflict) string {
	h := sha256.Sum256([]byte(string(c.Kind) + "\x00" + c.ID + "\x00" + c.Field + "\x00" +
		c.Winner.Stamp.String() + "\x00" + c.Loser.Stamp.String()))
	return hex.EncodeToString(h[:12])
}

// ConflictEntity turns a merge conflict into a reviewable record. Every
// field is stamped by author (the server's device id) at the winner's wall
// time and counter, so the record is the same whenever it is made. A
// reviewer's resolution writes fields of its own (resolved, resolved_by),
// which sync and merge like any other change.
func ConflictEntity(c *record.Conflict, author string) *record.Entity {
	e := record.NewEntity(KindConflict, ConflictID(c))
	at := hlc.Timestamp{Wall: c.Winner.Stamp.Wall, Counter: c.Winner.Stamp.Counter, Device: author}
	fields := Encode(Conflict{
		EntityKind: string(c.Kind), EntityID: c.ID, Field: c.Field,
		WinnerValue: c.Winner.Value, WinnerStaff: c.Winner.Staff, WinnerAt: c.Winner.Stamp.String(),
		LoserValue: c.Loser.Value, LoserStaff: c.Loser.Staff, LoserAt: c.Loser.Stamp.String(),
	})
	for k, v := range fields {
		if v != "" {
			e.Fields[k] = record.FieldState{Value: v, Stamp: at}
		}
	}
	return e
}

// The ways a conflict is resolved: the value that won stays, or the value
// set aside is put back.
const (
	ResolvedWinner = "winner"
	ResolvedLoser  = "loser"
)

// ResolveConflict is a reviewer's decision on c, by staff: keeping the
// winner only marks c resolved; keeping the loser writes the set-aside value
// back as a new change, so it becomes the record's value on every device,
// and marks c resolved.
func ResolveConflict(c Conflict, keepLoser bool, staff string) []record.Change {
	resolved := ResolvedWinner
	var changes []record.Change
	if keepLoser {
		resolved = ResolvedLoser
		changes = append(changes, record.Change{Kind: record.Kind(c.EntityKind), ID: c.EntityID, Fields: map[string]string{c.Field: c.LoserValue}})
	}
	return append(changes, record.Change{Kind: KindConflict, ID: c.ID,
		Fields: map[string]string{"resolved": resolved, "resolved_by": staff}})
}
