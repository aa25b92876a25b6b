package peopleimport

import (
	"fmt"
	"sort"
	"strings"

	"github.com/gather-sp/gather/domain"
)

// activityIndex finds activities by name (any case, with or without the
// venue: "Garden group (Riverside)") or id.
type activityIndex struct {
	byID   map[string]domain.Activity
	byName map[string][]domain.Activity
}

func newActivityIndex(src Source) *activityIndex {
	ix := &activityIndex{byID: map[string]domain.Activity{}, byName: map[string][]domain.Activity{}}
	if src == nil {
		return ix
	}
	venues := map[string]string{}
	for _, r := range src.All(domain.KindVenue) {
		var v domain.Venue
		r.Decode(&v)
		venues[v.ID] = v.Name
	}
	for _, r := range src.All(domain.KindActivity) {
		var a domain.Activity
		r.Decode(&a)
		if a.Deleted || a.Name == "" {
			continue
		}
		ix.byID[a.ID] = a
		ix.byName[fold(a.Name)] = append(ix.byName[fold(a.Name)], a)
		if vn := venues[a.VenueID]; vn != "" {
			for _, k := range []string{a.Name + " (" + vn + ")", a.Name + " at " + vn, a.Name + " - " + vn} {
				ix.byName[fold(k)] = append(ix.byName[fold(k)], a)
			}
		}
	}
	return ix
}

func (ix *activityIndex) find(name string) (domain.Activity, string) {
	if a, ok := ix.byID[name]; ok {
		return a, ""
	}
	found := ix.byName[fold(name)]
	switch len(found) {
	case 1:
		return found[0], ""
	case 0:
		return domain.Activity{}, fmt.Sprintf("there is no activity called %q on this device; check the name against the Activities screen, or add the activity first.", name)
	}
	return domain.Activity{}, fmt.Sprintf("there is more than one activity called %q; add the venue in brackets, like %q.", name, found[0].Name+" (venue)")
}

// peopleIndex finds who on the device may be a person in the file, without
// comparing everyone with everyone: a shortlist by family name is passed
// to domain.FindDuplicates, which decides. The shortlist holds everyone
// whose folded family name is within two edits of the person's (two
// strings within k edits share a string made by deleting at most k
// characters from each), which is as far as domain.SimilarNames looks,
// and everyone with the same NHS number. fold drops every character that
// is not a letter or digit from both names alike, which can only bring two
// names closer, so the shortlist holds everyone the duplicate check's own
// folding would find similar.
type peopleIndex struct {
	people  []domain.Person
	byNear  map[string][]int32
	byNHS   map[string][]int32
	scratch map[int32]bool
}

func newPeopleIndex(src Source) *peopleIndex {
	rows := src.All(domain.KindPerson)
	ix := &peopleIndex{people: make([]domain.Person, 0, len(rows)), byNear: map[string][]int32{},
		byNHS: map[string][]int32{}, scratch: map[int32]bool{}}
	for _, r := range rows {
		var x domain.Person
		r.Decode(&x)
		if x.Deleted || x.MergedInto != "" {
			continue
		}
		i := int32(len(ix.people))
		ix.people = append(ix.people, x)
		for _, k := range deletions(fold(x.FamilyName), 2) {
			ix.byNear[k] = append(ix.byNear[k], i)
		}
		if x.NHSNumber != "" {
			ix.byNHS[x.NHSNumber] = append(ix.byNHS[x.NHSNumber], i)
		}
	}
	return ix
}

// duplicates are the people on the device who may be x: domain's
// duplicate check on the shortlist, and anyone with x's NHS number.
func (ix *peopleIndex) duplicates(x domain.Person) []domain.Duplicate {
	clear(ix.scratch)
	var ids []int32
	for _, k := range deletions(fold(x.FamilyName), 2) {
		for _, i := range ix.byNear[k] {
			if !ix.scratch[i] {
				ix.scratch[i] = true
				ids = append(ids, i)
			}
		}
	}
	sort.Slice(ids, func(a, b int) bool { return ids[a] < ids[b] })
	short := make([]domain.Person, len(ids))
	for n, i := range ids {
		short[n] = ix.people[i]
	}
	dups := domain.FindDuplicates(x, short)
	if x.NHSNumber != "" {
		for _, i := range ix.byNHS[x.NHSNumber] {
			other := ix.people[i]
			found := false
			for n := range dups {
				if dups[n].Person.ID == other.ID {
					dups[n].Reasons = append(dups[n].Reasons, "same NHS number")
					dups[n].Likely = true
					found = true
				}
			}
			if !found {
				dups = append([]domain.Duplicate{{Person: other, Reasons: []string{"same NHS number"}, Likely: true}}, dups...)
			}
		}
		// Likely ones first, as FindDuplicates has them.
		sort.SliceStable(dups, func(a, b int) bool { return dups[a].Likely && !dups[b].Likely })
	}
	return dups
}

// deletions is s with up to k characters deleted, every way, s itself
// included.
func deletions(s string, k int) []string {
	seen := map[string]bool{s: true}
	out := []string{s}
	level := []string{s}
	for d := 0; d < k; d++ {
		var next []string
		for _, w := range level {
			wr := []rune(w)
			for i := range wr {
				v := string(wr[:i]) + string(wr[i+1:])
				if !seen[v] {
					seen[v] = true
					out = append(out, v)
					next = append(next, v)
				}
			}
		}
		level = next
	}
	return out
}

// joinNames lists names in words: "Ann, Bob and Cai".
func joinNames(names []string) string {
	switch len(names) {
	case 0:
		return ""
	case 1:
		return names[0]
	}
	return strings.Join(names[:len(names)-1], ", ") + " and " + names[len(names)-1]
}
