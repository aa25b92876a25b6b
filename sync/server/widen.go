package server

import (
	"context"

	"github.com/gather-sp/gather/domain"
	"github.com/gather-sp/gather/record"
)

// widenedKinds are the kinds whose records reach more devices than they
// did under an older server: the settings, which reach venue devices for
// the service's contact (audienceOf) where they reached organisation
// devices only. A record logged by the older server keeps its narrower
// audience in the log until it next changes, so a venue device's pull
// would not bring it: widenLogged logs it again at the start.
var widenedKinds = []record.Kind{domain.KindSetting}

// narrowerLogged lists the records of widenedKinds whose current log entry
// reaches fewer devices than audienceOf now says: logged for the
// organisation only, and now for more. A record logged again already is
// not listed, so the log itself records that the work is done, for every
// process sharing the backend.
func narrowerLogged(r Reader) ([]entKey, error) {
	var out []entKey
	for _, kind := range widenedKinds {
		var ids []string
		// Collected first: a backend may not read another record while it
		// lists (one connection per transaction on PostgreSQL).
		err := r.Entities(kind, "", func(id string, _ *record.Entity) error {
			ids = append(ids, id)
			return nil
		})
		if err != nil {
			return nil, err
		}
		for _, id := range ids {
			e, seq, err := r.Entity(kind, id)
			if err != nil {
				return nil, err
			}
			if seq == 0 {
				continue
			}
			logged, ok, err := r.LogEntry(seq)
			if err != nil {
				return nil, err
			}
			if aud, _ := audienceOf(e); ok && logged.Audience == AudienceOrganisation && aud != AudienceOrganisation {
				out = append(out, ekey(kind, id))
			}
		}
	}
	return out, nil
}

// widenLogged logs again, for the audience they now have, the records an
// older server logged for a narrower one (narrowerLogged). It runs at the
// start, before the committer: a View finds whether there is anything to
// do, so a store logged afresh starts without writing; the commit finds
// the records again in its own transaction, so of two processes starting
// at once on one backend the second logs nothing again.
func (s *Store) widenLogged() error {
	var todo []entKey
	err := s.b.View(context.Background(), func(r Reader) error {
		var err error
		todo, err = narrowerLogged(r)
		return err
	})
	if err != nil || len(todo) == 0 {
		return err
	}
	res := s.commitGroup([]*pushJob{{widen: true}})
	if res[0].err != nil {
		return res[0].err
	}
	if res[0].perr != nil {
		return res[0].perr
	}
	return nil
}

// widen marks for logging again the records narrowerLogged lists, as this
// group's transaction sees them. They are logged unchanged, with the
// origin they had (tryCommitGroup), so the store that pushed them is not
// sent them back.
func (g *group) widen() error {
	keys, err := narrowerLogged(g.tx)
	if err != nil {
		return err
	}
	for _, k := range keys {
		c, err := g.entity(k.kind, k.id)
		if err != nil {
			return err
		}
		g.relog(c)
	}
	return nil
}
