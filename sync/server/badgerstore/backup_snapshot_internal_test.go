package badgerstore

import (
	"bytes"
	"context"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/dgraph-io/badger/v4"

	"github.com/gather-sp/gather/domain"
	"github.com/gather-sp/gather/hlc"
	"github.com/gather-sp/gather/record"
	"github.com/gather-sp/gather/sync/protocol"
	"github.com/gather-sp/gather/sync/server"
)

// A backup taken while a device pushes is one moment of the store: its meta
// sequence, log, entities and the device's last sequence agree. Badger's
// DB.Backup read each key range in its own transaction, so a restored copy
// could hold log entries past its sequence (overwritten by the next push),
// entities naming missing entries, or a device ahead of the data.
//
// The fault is a race, so each round is only a chance to catch it: the
// store is in memory, so pushes commit without waiting for the disk and land
// between the stream's reads often. These few rounds caught the old Backup
// about half the time under -race (4 rounds in 10 without it);
// BenchmarkBackupWhileDevicesPush (make bench) runs enough to catch it
// nearly always.
func TestBackupWhileDevicesPushIsOneMoment(t *testing.T) {
	const rounds = 6
	if bad := backupWhilePushing(t, rounds); bad > 0 {
		t.Errorf("%d of %d backups taken while a device pushed were not one moment of the store", bad, rounds)
	}
}

// BenchmarkBackupWhileDevicesPush is the long run of the test above.
func BenchmarkBackupWhileDevicesPush(b *testing.B) {
	const rounds = 60
	for i := 0; i < b.N; i++ {
		if bad := backupWhilePushing(b, rounds); bad > 0 {
			b.Fatalf("%d of %d backups taken while a device pushed were not one moment of the store", bad, rounds)
		}
	}
}

// backupWhilePushing backs the store up rounds times while one device
// pushes one write at a time, and returns how many backups were torn.
func backupWhilePushing(tb testing.TB, rounds int) (bad int) {
	tb.Helper()
	st, err := OpenStore("", Options{InMemory: true}, server.StoreOptions{})
	if err != nil {
		tb.Fatal(err)
	}
	defer st.Close()
	push := counterPusher(tb, st)
	// Enough keys that Badger splits the store into several ranges.
	note := strings.Repeat("x", 300)
	var ws []record.Write
	for j := 0; j < 12000; j++ {
		ws = append(ws, record.Write{Kind: domain.KindPerson, ID: fmt.Sprintf("p%05d", j), Field: "notes", Value: note})
		if len(ws) == 500 {
			push(ws...)
			ws = nil
		}
	}
	for round := 0; round < rounds; round++ {
		var buf bytes.Buffer
		stop := pushMeanwhile(push, 400)
		err := st.Backup(&buf)
		stop()
		if err != nil {
			tb.Fatal(err)
		}
		if msg := checkBackupIsOneMoment(tb, &buf); msg != "" {
			bad++
			tb.Logf("backup %d: %s", round, msg)
		}
	}
	return bad
}

// pushMeanwhile pushes one write at a time until stopped, at most max
// times: every push keeps a version of the device and the meta sequence, so
// a store pushed to without end makes each backup longer than the last.
func pushMeanwhile(push func(ws ...record.Write), max int) (stop func()) {
	var stopping atomic.Bool
	done := make(chan struct{})
	go func() {
		defer close(done)
		for i := 0; i < max && !stopping.Load(); i++ {
			push(record.Write{Kind: domain.KindPerson, ID: fmt.Sprintf("p%05d", i%2000), Field: "n"})
		}
	}()
	return func() { stopping.Store(true); <-done }
}

// counterPusher enrols a device and returns a push of writes. A write to
// field "n" gets the value of its own sequence, so the newest "n" in the
// entities must equal the device's last sequence.
func counterPusher(tb testing.TB, st *server.Store) func(ws ...record.Write) {
	code, _, _ := st.CreateCode(protocol.Scope{Organisation: true}, "", time.Hour)
	resp, perr, err := st.Enrol(protocol.EnrolRequest{Schema: 1, Code: code, DeviceID: "office"})
	if err != nil || perr != nil {
		tb.Fatal(err, perr)
	}
	dev, _ := st.Authenticate(resp.Token)
	clock := hlc.NewClock("office", nil)
	var seq uint64
	return func(ws ...record.Write) {
		var batch []protocol.Write
		for _, w := range ws {
			seq++
			w.Stamp, w.Staff = clock.Now(), "s"
			if w.Field == "n" {
				w.Value = strconv.FormatUint(seq, 10)
			}
			batch = append(batch, protocol.FromRecord(seq, w))
		}
		if _, perr, err := st.Push(context.Background(), dev, &protocol.PushRequest{Schema: 1, Epoch: st.Epoch(), Writes: batch}); err != nil || perr != nil {
			tb.Error(err, perr)
		}
	}
}

// checkBackupIsOneMoment loads a plain backup into memory and says what in
// it disagrees, or "".
func checkBackupIsOneMoment(tb testing.TB, r *bytes.Buffer) string {
	if m := r.Next(len(backupMagic)); string(m) != backupMagic {
		tb.Fatalf("not a plain backup: %q", m)
	}
	db, err := badger.Open(badger.DefaultOptions("").WithInMemory(true).WithLogger(nil))
	if err != nil {
		tb.Fatal(err)
	}
	defer db.Close()
	if err := db.Load(r, 16); err != nil {
		tb.Fatal(err)
	}
	var metaSeq, maxLog, devLast, maxN uint64
	logs := map[uint64]string{}
	ents := map[string]uint64{} // kind/id -> the sequence it names
	err = db.View(func(txn *badger.Txn) error {
		it := txn.NewIterator(badger.DefaultIteratorOptions)
		defer it.Close()
		for it.Rewind(); it.Valid(); it.Next() {
			k := it.Item().KeyCopy(nil)
			v, err := it.Item().ValueCopy(nil)
			if err != nil {
				return err
			}
			switch k[0] {
			case prefixMeta:
				if string(k[1:]) == "seq" {
					metaSeq = binary.BigEndian.Uint64(v)
				}
			case prefixLog:
				s := binary.BigEndian.Uint64(k[1:])
				maxLog = max(maxLog, s)
				if e, err := parseLogEntry(v); err == nil {
					logs[s] = string(e.Kind) + "/" + e.ID
				}
			case prefixDevice:
				var d server.Device
				if err := json.Unmarshal(v, &d); err != nil {
					return err
				}
				devLast = d.LastSeq
			case prefixEntity:
				kind, id, _ := bytes.Cut(k[1:], []byte{0})
				ents[string(kind)+"/"+string(id)] = binary.BigEndian.Uint64(v)
				if e, err := record.DecodeEntity(record.Kind(kind), string(id), v[8:], nil); err == nil {
					if n, err := strconv.ParseUint(e.Get("n"), 10, 64); err == nil {
						maxN = max(maxN, n)
					}
				}
			}
		}
		return nil
	})
	if err != nil {
		tb.Fatal(err)
	}
	switch {
	case maxLog > metaSeq:
		return fmt.Sprintf("the log reaches %d but the meta sequence is %d", maxLog, metaSeq)
	case maxN > 0 && devLast != maxN:
		return fmt.Sprintf("the device's last sequence is %d but the newest write in the entities is %d", devLast, maxN)
	}
	for key, seq := range ents {
		if logs[seq] != key {
			return fmt.Sprintf("entity %s is at seq %d, whose log entry is %q", key, seq, logs[seq])
		}
	}
	return ""
}
