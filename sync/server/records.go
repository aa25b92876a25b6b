package server

import (
	"context"
	"net/http"

	"github.com/gather-sp/gather/record"
	"github.com/gather-sp/gather/sync/protocol"
)

// PullRecords answers the current state of the records req names, each
// as dev may see it (visible, as a pull sends it; one it may not see, or
// the server does not hold, is left out), whatever their sequence and
// whoever pushed them: a device that undid refused changes dropped those
// fields and needs the server's values (protocol.PathPullRecords). The
// answer comes from one snapshot and holds at most maxBytes of states, as
// a pull's page does (its first record always goes in): when it stops
// short, More is set and Next is how many of the records named it covers.
func (s *Store) PullRecords(dev *Device, req *protocol.RecordsRequest, maxBytes int) (*protocol.PullResponse, *protocol.Error, error) {
	var resp *protocol.PullResponse
	var perr *protocol.Error
	err := s.b.View(context.Background(), func(r Reader) error {
		resp, perr = nil, nil
		m, err := r.Meta()
		if err != nil {
			return err
		}
		if req.Epoch != m.Epoch {
			perr = restored(m.Epoch)
			return nil
		}
		resp = &protocol.PullResponse{Schema: protocol.Schema, Epoch: m.Epoch, ServerTime: s.now().UnixMilli(), Organisation: m.Organisation}
		rd := reader{states: req.States, reads: readsOf(dev)} // no origin: the device asks because it lacks them
		bytes := 0
		for i, ref := range req.Records {
			_, seq, err := r.Entity(record.Kind(ref.Kind), ref.ID)
			if err != nil || seq == 0 {
				if err != nil {
					return err
				}
				continue
			}
			// The log keeps a record's latest entry, with the audience
			// and venue a pull decides by.
			e, ok, err := r.LogEntry(seq)
			if err != nil {
				return err
			}
			if !ok || oversized(e) {
				continue
			}
			ent, err := s.visible(r, dev, e, rd)
			if err != nil {
				return err
			}
			if ent != nil {
				if !fitsPage(resp, ent, bytes, maxBytes) {
					resp.More, resp.Next = true, uint64(i)
					return nil
				}
				resp.Entities = append(resp.Entities, *ent)
				bytes += ent.PageBytes()
			}
		}
		return nil
	})
	if err != nil {
		return nil, nil, err
	}
	if perr == nil {
		s.touch(dev.ID, false)
	}
	return resp, perr, nil
}

// pullRecords serves protocol.PathPullRecords, one at a time per device
// as pulls are.
func (s *Server) pullRecords(w http.ResponseWriter, r *http.Request) {
	dev, ok := s.enterPull(w, r)
	if !ok {
		return
	}
	defer s.pulling.leave(dev.ID)
	var req protocol.RecordsRequest
	if !s.decode(w, r, &req, func() int { return req.Schema }) {
		return
	}
	if !s.valid(w, r, &req) {
		return
	}
	resp, perr, err := s.store.PullRecords(dev, &req, s.opts.MaxPageBytes)
	switch {
	case err != nil:
		s.serverError(w, r, err)
	case perr != nil:
		s.fail(w, r, statusOf(perr), perr)
	default:
		s.reply(w, http.StatusOK, resp)
	}
}
