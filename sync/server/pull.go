package server

import (
	"context"
	"log/slog"
	"slices"

	"github.com/gather-sp/gather/domain"
	"github.com/gather-sp/gather/record"
	"github.com/gather-sp/gather/sync/protocol"
)

// PullOptions bound one page.
type PullOptions struct {
	MaxEntities int // entities per page
	MaxBytes    int // state bytes per page
}

// Pull answers the changes after a cursor that dev may see, one page. The
// page, its head and the epoch come from one snapshot, so the page is a
// gap-free run of the log however many processes commit meanwhile.
func (s *Store) Pull(dev *Device, req *protocol.PullRequest, lim PullOptions) (*protocol.PullResponse, *protocol.Error, error) {
	limit := req.Limit
	if limit <= 0 || limit > lim.MaxEntities {
		limit = lim.MaxEntities
	}
	if req.MaxBytes > 0 && req.MaxBytes < lim.MaxBytes {
		lim.MaxBytes = req.MaxBytes
	}
	var resp *protocol.PullResponse
	var perr *protocol.Error
	err := s.b.View(context.Background(), func(r Reader) error {
		resp, perr = nil, nil
		m, err := r.Meta()
		if err != nil {
			return err
		}
		if (req.Epoch != "" && req.Epoch != m.Epoch) || (req.Epoch == "" && req.After != 0) {
			perr = restored(m.Epoch)
			return nil
		}
		if dev.PullFromStart && req.After != 0 {
			// A cursor from before this enrolment: records of the new
			// scope logged before it would never reach the device. A
			// client from before clients reset their cursor on enrolling
			// knows only this answer for "pull from the start".
			perr = &protocol.Error{Code: protocol.CodeEpochChanged, Epoch: m.Epoch,
				Message: "this device was enrolled again: it will fetch everything afresh for what it may now see"}
			return nil
		}
		resp = &protocol.PullResponse{Schema: protocol.Schema, Epoch: m.Epoch, Next: req.After, ServerTime: s.now().UnixMilli(),
			Organisation: m.Organisation}
		rd := reader{origin: originKey(dev, req.Instance), states: req.States, reads: readsOf(dev)}
		if !dev.Scope.Organisation {
			err = s.pullIndexed(r, dev, rd, req.After, m.Seq, limit, lim.MaxBytes, resp)
		} else {
			err = s.pullAll(r, dev, rd, req.After, limit, lim.MaxBytes, resp)
		}
		resp.Head = max(m.Seq, resp.Next)
		return err
	})
	if err != nil {
		return nil, nil, err
	}
	if perr != nil {
		return nil, perr, nil
	}
	if dev.PullFromStart {
		// The device now pulls from the start under this enrolment: its
		// cursors from here on are this enrolment's.
		if err := s.pulledFromStart(dev); err != nil {
			return nil, nil, err
		}
	}
	s.touch(dev.ID, !resp.More)
	return resp, nil, nil
}

// restored answers a pull, or records asked for by name, in an epoch
// before the server's: it was restored from a backup.
func restored(epoch string) *protocol.Error {
	return &protocol.Error{Code: protocol.CodeEpochChanged, Epoch: epoch,
		Message: "the server was restored from a backup: this device will fetch everything afresh and send back what the server lacks"}
}

// pulledFromStart clears dev's PullFromStart, unless the device was
// enrolled again meanwhile (its token changed).
func (s *Store) pulledFromStart(dev *Device) error {
	return s.b.Update(context.Background(), func(tx Tx) error {
		d, err := tx.Device(dev.ID)
		if err != nil || d == nil || d.TokenHash != dev.TokenHash || !d.PullFromStart {
			return err
		}
		d.PullFromStart = false
		return tx.PutDevice(d)
	})
}

// maxSkipped bounds the entries one page passes over without sending
// them: those the pulling store holds (its own pushes, see origin.go) and
// those it is not sent (another venue's, or on an organisation device
// what its role does not keep: a reception desk gets none of the audit
// trail, which may be most of the log), so a page after a big push, or
// over a long run of such entries, still answers in bounded time; the
// next page goes on from there.
const maxSkipped = 200_000

// reader is what a pull says about the store that sends it.
type reader struct {
	origin string // its instance, as an origin: entries from it are passed over
	states int    // the newest entity encoding it reads (PullRequest.States)
	// reads is what an organisation device keeps by its enrolled role
	// (rolereads.go); nil sends all its scope allows.
	reads *roleReads
}

// pullAll answers an organisation device from the whole log. Entries from
// the pulling store's instance are passed over.
func (s *Store) pullAll(r Reader, dev *Device, rd reader, after uint64, limit, maxBytes int, resp *protocol.PullResponse) error {
	bytes, skipped := 0, 0
	return r.Log(after, func(seq uint64, e LogEntry) (bool, error) {
		if len(resp.Entities) >= limit || bytes >= maxBytes || skipped >= maxSkipped {
			resp.More = true
			return false, nil
		}
		var ent *protocol.Entity
		// Passed over when the device holds this state (it pushed it).
		if (rd.origin == "" || e.Origin != rd.origin) && !oversized(e) {
			var err error
			if ent, err = s.visible(r, dev, e, rd); err != nil {
				return false, err
			}
		}
		if ent == nil {
			skipped++ // held, or not sent to it (its role does not keep it)
		} else {
			if !fitsPage(resp, ent, bytes, maxBytes) {
				resp.More = true
				return false, nil
			}
			resp.Entities = append(resp.Entities, *ent)
			bytes += ent.PageBytes()
		}
		resp.Next = seq
		return true, nil
	})
}

// visible returns the entity as dev may see it, or nil, in an encoding no
// newer than rd.states (PullRequest.States): what its scope allows, and of
// that, on an organisation device, what its role keeps (rd.reads). The
// state is copied out of the backend's buffer.
func (s *Store) visible(r Reader, dev *Device, e LogEntry, rd reader) (*protocol.Entity, error) {
	org, states := dev.Scope.Organisation, rd.states
	out := &protocol.Entity{Kind: string(e.Kind), ID: e.ID}
	switch e.Audience {
	case AudienceOrganisation:
		if !org {
			return nil, nil
		}
	case AudienceEveryone:
		if !org && domain.HasCaseFields(e.Kind) {
			// The organisation's settings: the service's contact only.
			return stripped(e, states)
		}
	case AudienceVenue:
		if !dev.Scope.HasVenue(e.Venue) {
			// An activity that moved away from one of the device's venues,
			// or a session or mark taken there before it moved, is sent
			// there too (venuesBeyond), to the tablets that hold it.
			from, err := venuesBeyond(e, nil, func(id string) (*record.Entity, error) {
				a, _, err := r.Entity(domain.KindActivity, id)
				return a, err
			})
			if err != nil {
				return nil, err
			}
			if !slices.ContainsFunc(from, dev.Scope.HasVenue) {
				return nil, nil
			}
		}
	case AudiencePerson:
		if org {
			break
		}
		seen := false
		for _, v := range dev.Scope.Venues {
			ok, err := r.Linked(e.ID, v)
			if err != nil {
				return nil, err
			}
			if ok {
				seen = true
				break
			}
		}
		if !seen {
			return nil, nil
		}
		return stripped(e, states)
	default:
		return nil, nil // an audience this build does not know: fail closed
	}
	if !rd.reads.keepsWhole(e.Kind) {
		return rd.reads.entity(e, states)
	}
	if record.EntityVersionOf(e.State) > stateVersion(states) {
		// A device from before this encoding: send it the one it reads.
		ent, err := record.DecodeEntity(e.Kind, e.ID, e.State, nil)
		if err != nil {
			return nil, err
		}
		out.State = record.AppendEntityVersion(nil, ent, 1)
		return out, nil
	}
	out.State = append([]byte(nil), e.State...)
	return out, nil
}

// stripped is e as a venue device receives it, without its case fields
// (stripCase), encoded for a device that reads encodings up to states.
func stripped(e LogEntry, states int) (*protocol.Entity, error) {
	ent, err := record.DecodeEntity(e.Kind, e.ID, e.State, nil)
	if err != nil {
		return nil, err
	}
	stripCase(ent)
	if len(ent.Fields) == 0 {
		return nil, nil // settings that hold no service contact yet
	}
	return &protocol.Entity{Kind: string(e.Kind), ID: e.ID, State: record.AppendEntityVersion(nil, ent, stateVersion(states))}, nil
}

// stateVersion is the entity encoding to write for a device that reads
// encodings up to states.
func stateVersion(states int) byte {
	if states >= record.EntityVersion {
		return record.EntityVersion
	}
	return 1
}

// pullIndexed answers a venue device from the log index of its venues (and
// the one for every venue), so its pull reads what may concern it instead
// of the whole log. Every entry is still checked by visible; entries from
// the pulling store's instance are passed over.
func (s *Store) pullIndexed(r Reader, dev *Device, rd reader, after, head uint64, limit, maxBytes int, resp *protocol.PullResponse) error {
	bytes, skipped := 0, 0
	last := after
	stopped := false
	err := r.VenueLog(append([]string{""}, dev.Scope.Venues...), after, func(seq uint64, e LogEntry) (bool, error) {
		if len(resp.Entities) >= limit || bytes >= maxBytes || skipped >= maxSkipped {
			stopped = true
			return false, nil
		}
		if rd.origin != "" && e.Origin == rd.origin {
			skipped++ // the device holds this state: it pushed it
			last = seq
			return true, nil
		}
		if oversized(e) {
			last = seq
			return true, nil
		}
		ent, err := s.visible(r, dev, e, rd)
		if err != nil {
			return false, err
		}
		if ent != nil {
			if !fitsPage(resp, ent, bytes, maxBytes) {
				stopped = true
				return false, nil
			}
			resp.Entities = append(resp.Entities, *ent)
			bytes += ent.PageBytes()
		} else {
			skipped++ // not sent to it (another venue's)
		}
		last = seq
		return true, nil
	})
	if err != nil {
		return err
	}
	if stopped {
		resp.More = true
		resp.Next = last
		return nil
	}
	resp.Next = max(last, head)
	return nil
}

// fitsPage says whether ent may join a page that holds bytes so far: a
// page stays within maxBytes, except that its first entity always goes in
// (a record may be bigger than a small max_bytes; protocol.MaxRecordBytes
// bounds it, and oversized what a store from before that holds).
func fitsPage(resp *protocol.PullResponse, ent *protocol.Entity, bytes, maxBytes int) bool {
	return len(resp.Entities) == 0 || bytes+ent.PageBytes() <= maxBytes
}

// oversized reports a record bigger than a whole page
// (protocol.MaxPageBytes), which only a store written before records were
// bounded can hold. It is left out of pulls, with a warning, rather than
// make a page without bound that no device could read: an administrator
// erases it (which pushes accept, as it shrinks the record).
func oversized(e LogEntry) bool {
	if len(e.State) <= protocol.MaxPageBytes {
		return false
	}
	slog.Warn("a record is bigger than a pull page may hold and is left out of pulls until an administrator erases it",
		"kind", e.Kind, "id", e.ID, "bytes", len(e.State))
	return true
}

// touch notes when a device was last seen, and when synced is set, when it
// last finished a pull.
func (s *Store) touch(id string, synced bool) {
	if err := s.b.Touch(context.Background(), id, s.now().UnixMilli(), synced); err != nil {
		slog.Warn("noting when a device was last seen", "device", id, "err", err)
	}
}
