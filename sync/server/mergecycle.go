package server

import (
	"github.com/gather-sp/gather/domain"
	"github.com/gather-sp/gather/record"
)

// Cycles of merges.
//
// Two desks may merge the same pair of records in opposite directions, one
// of them offline (the office keeps p1, the desk keeps p2). Each merge is
// valid where it was made, and both are accepted, so the records end
// merged into each other: every list leaves out merged records, and nobody
// can find, or repair, the person. Any number of merges can close such a
// cycle (a->b->c->a).
//
// The commit that closes a cycle breaks it: the server clears merged_into
// on the cycle's survivor (domain.CycleSurvivor, the smallest id), with a
// write of its own stamped after every write it has seen, so every device
// pulls it and keeps that record. Devices that hold the cycle for a moment
// (they pulled one side before the fix) resolve it to the same record
// (domain.ResolvePerson). It runs inside the commit's transaction, from
// the state every process shares, so two server processes cannot both
// break one cycle differently.

// breakMergeCycles breaks every cycle of merged_into reachable from a
// person this group changed: only a change can close a cycle, and one
// closed before this fix is mended once any member changes again.
func (g *group) breakMergeCycles() error {
	var changed []*cached
	for _, c := range g.order {
		if c.dirty && c.e.Kind == domain.KindPerson && c.e.Get(record.FieldMergedInto) != "" {
			changed = append(changed, c)
		}
	}
	ends := map[*cached]bool{} // people known to lead to a record that is not merged
	for _, c := range changed {
		// A venue device cannot merge (venuePersonRefusal), but its push
		// makes dirty a person it writes or links (a card, a mark): one on
		// a cycle closed before cycles were broken is mended then, and the
		// survivor's card it logs is charged to that device.
		if err := g.chargedTo(c.dirtiedBy, func() error { return g.breakCycleFrom(c, ends) }); err != nil {
			return err
		}
	}
	return nil
}

// breakCycleFrom follows merged_into from c and breaks the cycle it runs
// into, if any. Every record it passes leads to an end afterwards, and is
// added to ends, so a group walks each record once.
func (g *group) breakCycleFrom(c *cached, ends map[*cached]bool) error {
	at := map[*cached]int{} // position on the path
	var path []*cached
	for cur := c; !ends[cur]; {
		if i, seen := at[cur]; seen {
			if err := g.breakCycle(path[i:]); err != nil {
				return err
			}
			break
		}
		at[cur] = len(path)
		path = append(path, cur)
		next := cur.e.Get(record.FieldMergedInto)
		if next == "" {
			break
		}
		var err error
		if cur, err = g.entity(domain.KindPerson, next); err != nil {
			return err
		}
	}
	for _, p := range path {
		ends[p] = true
	}
	return nil
}

// breakCycle clears merged_into on the cycle's survivor.
func (g *group) breakCycle(cycle []*cached) error {
	ids := make([]string, len(cycle))
	byID := map[string]*cached{}
	for i, c := range cycle {
		ids[i] = c.e.ID
		byID[c.e.ID] = c
	}
	return g.serverWrite(byID[domain.CycleSurvivor(ids)], record.FieldMergedInto, "", ServerDevice)
}
