package storetest

import (
	"context"
	"testing"

	"github.com/gather-sp/gather/domain"
	"github.com/gather-sp/gather/record"
	"github.com/gather-sp/gather/sync/protocol"
	"github.com/gather-sp/gather/sync/server"
)

func sealKey(t *testing.T, b server.Backend) string {
	t.Helper()
	var key string
	view(t, b, func(r server.Reader) error {
		m, err := r.Meta()
		key = m.SealKey
		return err
	})
	return key
}

// testSealKey: the key that seals erasures is made once and kept: every
// process over one store seals with it, whatever they write of the meta
// after, and a new epoch keeps it.
func testSealKey(t *testing.T, bs Backends) {
	t.Run("the key is kept: an update without it, or with another, leaves it", func(t *testing.T) {
		b := bs.New(t)
		update(t, b, func(tx server.Tx) error { return tx.SetMeta(server.Meta{Seq: 1, Epoch: "e", SealKey: "k1"}) })
		update(t, b, func(tx server.Tx) error { return tx.SetMeta(server.Meta{Seq: 2, Epoch: "e"}) })
		update(t, b, func(tx server.Tx) error { return tx.SetMeta(server.Meta{Seq: 3, Epoch: "e", SealKey: "k2"}) })
		if got := sealKey(t, b); got != "k1" {
			t.Errorf("the seal key is %q, want the first, k1", got)
		}
	})
	t.Run("two stores starting at once make one key, which commits and a new epoch keep", func(t *testing.T) {
		for round := range 3 {
			ba, bb := bs.Pair(t)
			stores := startAtOnce(t, round, ba, bb)
			key := sealKey(t, ba)
			if key == "" || sealKey(t, bb) != key {
				t.Fatalf("round %d: the stores hold seal keys %q and %q", round, key, sealKey(t, bb))
			}
			// An erasure through either store is sealed.
			d := enrolDevice(t, stores[0], "laptop", protocol.Scope{Organisation: true})
			d.mustPush(stores[0], domain.KindPerson, "p1", "given_name", "Ada")
			d.mustPush(stores[0], domain.KindPerson, "p1", record.FieldErased, "true")
			d.mustPush(stores[1], domain.KindPerson, "p2", "given_name", "Bea")
			d.mustPush(stores[1], domain.KindPerson, "p2", record.FieldErased, "true")
			for _, s := range stores {
				for _, id := range []string{"p1", "p2"} {
					if mustEntity(t, s, domain.KindPerson, id).Get(record.FieldErasureSeal) == "" {
						t.Errorf("round %d: %s is erased without a seal", round, id)
					}
				}
			}
			if _, err := stores[1].RotateEpoch(context.Background()); err != nil {
				t.Fatal(err)
			}
			if got := sealKey(t, ba); got != key {
				t.Errorf("round %d: after commits and a new epoch the key is %q, was %q", round, got, key)
			}
		}
	})
}
