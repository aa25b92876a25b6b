package server

import (
	"crypto/ed25519"
	"crypto/rand"
	"encoding/base64"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"

	"github.com/gather-sp/gather/access"
	"github.com/gather-sp/gather/record"
	"github.com/gather-sp/gather/sync/protocol"
)

// Sealed erasures.
//
// The server takes an erasure only from a device enrolled for a role that
// may erase people (checkRole): it cannot tell a reception desk's forged
// tombstone from one sent again after a restore. So a server put back from
// a backup older than an erasure had the person back for good once no
// administrator's device that synced it was left.
//
// Every record the server holds erased carries its seal (erasure_seal,
// record.FieldErasureSeal): the server's ed25519 signature over the
// organisation, the record's kind and id and "erased". The key is made
// once and kept in the store (Meta.SealKey), so a backup made since holds
// it, and every process over one database shares it. Devices receive the
// seal with the tombstone and send it back unchanged with it after a new
// epoch (storage.RequeueAll queues each record's state whole); a valid
// seal beside an erasure stands in for the role's right to erase:
// the server once took that erasure, and an erasure is for good. A seal
// names nothing but ids the device holds already, signed.
//
// A device may write erasure_seal only as exactly the seal of that record,
// and only with its erasure (in the batch, or held): anything else is
// refused, as is an erasure with no seal or a seal that does not verify
// (another record's, another organisation's or server's, made up) from a
// role that may not erase. Erasures the server took before it sealed them
// have none, and are taken again only from such a role, as before.

// sealVersion starts every seal, so a later scheme can be told apart.
const sealVersion = "s1."

// sealDomain starts every message a seal signs, so the key signs nothing
// else that could be taken for one.
const sealDomain = "gather erasure seal v1"

// NewSealKey makes a new seal key's seed, hex (Meta.SealKey).
func NewSealKey() string {
	seed := make([]byte, ed25519.SeedSize)
	rand.Read(seed)
	return hex.EncodeToString(seed)
}

// sealer signs and checks the seals of one organisation's store.
type sealer struct {
	org string
	key ed25519.PrivateKey
}

func newSealer(m Meta) (*sealer, error) {
	seed, err := hex.DecodeString(m.SealKey)
	if err != nil || len(seed) != ed25519.SeedSize {
		return nil, errors.New("the store's erasure seal key is missing or damaged")
	}
	return &sealer{org: m.Organisation, key: ed25519.NewKeyFromSeed(seed)}, nil
}

// sealMessage is what the seal of a record signs: each part prefixed with
// its length, so no two (organisation, kind, id) read alike.
func sealMessage(org string, kind record.Kind, id string) []byte {
	msg := []byte(sealDomain)
	for _, part := range []string{org, string(kind), id, record.FieldErased} {
		msg = binary.AppendUvarint(msg, uint64(len(part)))
		msg = append(msg, part...)
	}
	return msg
}

// seal is the seal of the erasure of kind id.
func (s *sealer) seal(kind record.Kind, id string) string {
	return sealVersion + base64.RawURLEncoding.EncodeToString(ed25519.Sign(s.key, sealMessage(s.org, kind, id)))
}

// verifies says whether value is the seal of the erasure of kind id.
func (s *sealer) verifies(kind record.Kind, id, value string) bool {
	b64, ok := strings.CutPrefix(value, sealVersion)
	if !ok {
		return false
	}
	sig, err := base64.RawURLEncoding.DecodeString(b64)
	if err != nil || len(sig) != ed25519.SignatureSize {
		return false
	}
	return ed25519.Verify(s.key.Public().(ed25519.PublicKey), sealMessage(s.org, kind, id), sig)
}

// sealer is the group's, from the meta its transaction read: a store put
// back from a backup has the backup's key.
func (g *group) sealer() (*sealer, error) {
	if g.seals == nil {
		s, err := newSealer(g.meta)
		if err != nil {
			return nil, err
		}
		g.seals = s
	}
	return g.seals, nil
}

// sealErasures writes the seal of every record this group erased, unless
// it holds it already (sent back with its tombstone). It runs after the
// sweep, so the records the server erased itself are sealed too.
func (g *group) sealErasures() error {
	if len(g.erased) == 0 {
		return nil
	}
	s, err := g.sealer()
	if err != nil {
		return err
	}
	for i := 0; i < len(g.erased); i++ {
		c := g.erased[i]
		want := s.seal(c.e.Kind, c.e.ID)
		if c.e.Get(record.FieldErasureSeal) == want {
			continue
		}
		if err := g.serverWrite(c, record.FieldErasureSeal, want, c.e.Fields[record.FieldErased].Staff); err != nil {
			return err
		}
	}
	return nil
}

// batchSeals is what a batch says of seals: which records it carries a
// valid seal for, and which it erases.
type batchSeals struct {
	valid, erases map[entKey]bool
}

// erasureSeals reads the seals and erasures of a batch.
func (g *group) erasureSeals(ws []record.Write) (batchSeals, error) {
	var b batchSeals
	for _, w := range ws {
		switch {
		case w.Field == record.FieldErased && w.Value == "true":
			if b.erases == nil {
				b.erases = map[entKey]bool{}
			}
			b.erases[ekey(w.Kind, w.ID)] = true
		case w.Field == record.FieldErasureSeal:
			s, err := g.sealer()
			if err != nil {
				return b, err
			}
			if s.verifies(w.Kind, w.ID, w.Value) {
				if b.valid == nil {
					b.valid = map[entKey]bool{}
				}
				b.valid[ekey(w.Kind, w.ID)] = true
			}
		}
	}
	return b, nil
}

// sealed says whether w is an erasure the batch carries the server's seal
// of: taken from any role (checkRole).
func (b batchSeals) sealed(w record.Write) bool {
	return w.Field == record.FieldErased && w.Value == "true" && b.valid[ekey(w.Kind, w.ID)]
}

// refusal says why w, a device's write of a record's seal, is refused, or
// nil: it must be exactly the record's seal, beside its erasure (in the
// batch, or held). each: the rest of the batch is saved without it.
func (g *group) sealRefusal(b batchSeals, w record.Write, each bool) (*protocol.Error, error) {
	if w.Field != record.FieldErasureSeal {
		return nil, nil
	}
	why := "it is not the seal this server made for that record's erasure (only the server writes it)"
	if b.valid[ekey(w.Kind, w.ID)] {
		if b.erases[ekey(w.Kind, w.ID)] {
			return nil, nil
		}
		c, err := g.entity(w.Kind, w.ID)
		if err != nil {
			return nil, err
		}
		if c.e.Erased() {
			return nil, nil
		}
		why = "the record is not erased, and a seal goes only with its erasure"
	}
	rest := "Nothing from this batch was saved on the server"
	if each {
		rest = "The server saved the rest of the batch without it"
	}
	return &protocol.Error{Code: protocol.CodeOutOfScope, Message: fmt.Sprintf(
		"the server cannot take this change to the %s of %s %q: %s. %s; the change stays on this device.",
		w.Field, w.Kind, w.ID, why, rest)}, nil
}

// liftSealed drops the right to erase, and of a staff record the right to
// remove staff (changesWhoMayUseGather), from what a sealed erasure needs
// (actionsOfWrite): the server took that erasure before, from a device
// that had them. checkLastAdministrator still asks it of the staff now.
func liftSealed(b batchSeals, w record.Write, actions []access.Action) []access.Action {
	if !b.sealed(w) {
		return actions
	}
	out := actions[:0:0]
	for _, a := range actions {
		if a != access.ActionErasePerson && a != access.ActionManageStaff {
			out = append(out, a)
		}
	}
	return out
}
