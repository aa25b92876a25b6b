package desktop

import (
	"context"
	"log/slog"

	"github.com/gather-sp/gather/keyslot"
	"github.com/gather-sp/gather/storage"
	"github.com/gather-sp/gather/sync/client"

	"github.com/gather-sp/gather/app/lock"
	"github.com/gather-sp/gather/domain"
)

// syncInvites brings the key file's slots in line with the staff records
// (lock.SyncRemovals, when an administrator has the device unlocked), and
// its pending slots (staff new to this
// device with a setup code) in line with the staff records, as whoever has
// the device unlocked: after each unlock and each change the store
// commits (a sync bringing a new colleague). A device not connected to a
// server knows everyone; an enrolled one, the staff of its venues.
//
// It runs off the UI goroutine, on the parts of the session it was given
// (inviteParts, taken on the UI goroutine), never on the session's fields,
// which a wipe clears.
func (p inviteParts) syncInvites() {
	if p.kf == nil || p.st == nil || p.gate == nil {
		return
	}
	if p.started != nil {
		p.started()
	}
	by := p.gate.Current()
	if by == nil {
		return
	}
	org, venues := true, []string(nil)
	if p.client != nil {
		if e, ok := p.client.Enrolment(); ok && !e.Scope.Organisation {
			org, venues = false, e.Scope.Venues
		}
	}
	var staff []domain.Staff
	for _, r := range p.st.View().All(domain.KindStaff) {
		var st domain.Staff
		r.Decode(&st)
		staff = append(staff, st)
	}
	// The read model leaves deleted records out: the key file's staff's
	// own, deleted or not.
	var slots []domain.Staff
	for _, m := range p.kf.Members() {
		if rec, ok := staffRecord(p.st, m.ID); ok {
			slots = append(slots, rec)
		}
	}
	if n, err := lock.SyncRemovals(p.kf, by, slots); err != nil {
		p.log.Warn("staff removed or given a lower role elsewhere not brought onto this device's key file", "err", err)
	} else if n > 0 {
		p.log.Info("staff removed or given a lower role elsewhere brought onto this device's key file", "staff", n)
	}
	if n, err := lock.SyncInvites(p.kf, by, staff, org, venues); err != nil {
		p.log.Warn("PIN setup codes not brought onto this device", "err", err)
	} else if n > 0 {
		p.log.Info("staff new to this device can set their PIN with a PIN setup code", "staff", n)
	}
}

// inviteParts are what syncInvites works with.
type inviteParts struct {
	kf     *keyslot.File
	gate   *lock.Gate
	client *client.Client
	st     *storage.Store
	log    *slog.Logger
	// started, when set (tests), is called as syncInvites begins its work.
	started func()
}

// inviteParts takes the session's parts, on the UI goroutine.
func (s *session) inviteParts() inviteParts {
	return inviteParts{kf: s.kf, gate: s.gate, client: s.client, st: s.st, log: s.log, started: s.invitesStarted}
}

// goInvites runs f, which reads the store, in the background, counted in
// s.background so that the store is not closed under it (stop, onRevoked).
func (s *session) goInvites(f func()) {
	s.background.Add(1)
	go func() {
		defer s.background.Done()
		f()
	}()
}

// watchInvites runs syncInvites after every commit until ctx ends.
// changed is the store's first change notice, taken before anything could
// commit (before the sync client starts); each next one is taken before
// syncInvites reads the store, so a commit meanwhile (a sync bringing a
// colleague while the last check ran) is checked too.
func (p inviteParts) watchInvites(ctx context.Context, changed <-chan struct{}) {
	for {
		select {
		case <-ctx.Done():
			return
		case <-changed:
			changed = p.st.Changed()
			if ctx.Err() != nil {
				return // closing: the store is about to go
			}
			p.syncInvites()
		}
	}
}
