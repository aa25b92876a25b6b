package badgerstore

import (
	"bytes"
	"github.com/gather-sp/gather/sync/server"
	"strings"
	"testing"
	"time"

	"github.com/dgraph-io/badger/v4"

	"github.com/gather-sp/gather/sync/protocol"
)

// The server keeps only a hash of each device token and each enrolment
// code: nothing in its store holds either in the clear.
func TestTokensAndCodesAreStoredOnlyAsHashes(t *testing.T) {
	s, err := OpenStore(t.TempDir(), Options{}, server.StoreOptions{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	code, _, err := s.CreateCode(protocol.Scope{Organisation: true}, "", time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	unused, _, _ := s.CreateCode(protocol.Scope{Organisation: true}, "", time.Hour)
	resp, perr, err := s.Enrol(protocol.EnrolRequest{Schema: 1, Code: code, DeviceID: "laptop"})
	if err != nil || perr != nil {
		t.Fatal(err, perr)
	}
	secrets := [][]byte{[]byte(resp.Token), []byte(strings.ReplaceAll(strings.ToUpper(unused), "-", "")), []byte(unused)}
	err = s.Backend().(*DB).db.View(func(txn *badger.Txn) error {
		it := txn.NewIterator(badger.DefaultIteratorOptions)
		defer it.Close()
		for it.Rewind(); it.Valid(); it.Next() {
			v, err := it.Item().ValueCopy(nil)
			if err != nil {
				return err
			}
			for _, secret := range secrets {
				if bytes.Contains(it.Item().Key(), secret) || bytes.Contains(v, secret) {
					t.Errorf("key %q holds a secret in the clear", it.Item().Key())
				}
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if d, perr := s.Authenticate(resp.Token); perr != nil || d.ID != "laptop" {
		t.Fatalf("the token does not authenticate: %v", perr)
	}
}
