package pgstore

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/gather-sp/gather/domain"
	"github.com/gather-sp/gather/hlc"
	"github.com/gather-sp/gather/record"
	"github.com/gather-sp/gather/sync/protocol"

	"github.com/gather-sp/gather/internal/pgtest"
	"github.com/gather-sp/gather/sync/server"
	"github.com/gather-sp/gather/sync/server/storetest"
)

func TestMain(m *testing.M) { pgtest.Main(m) }

func open(t testing.TB, url string) *DB {
	t.Helper()
	db, err := Open(context.Background(), url, Options{MaxConns: 8})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// The suite's two stores are two connection pools on one database, as two
// gather-server processes are.
func TestConformance(t *testing.T) {
	storetest.Run(t, storetest.Backends{
		New: func(t testing.TB) server.Backend { return open(t, pgtest.NewDatabase(t)) },
		Pair: func(t testing.TB) (server.Backend, server.Backend) {
			url := pgtest.NewDatabase(t)
			return open(t, url), open(t, url)
		},
	})
}

// After an erasure the values are gone from every live row at once, and
// the process vacuums the tables that held the old row versions soon after
// (docs/security.md, "Erasure on PostgreSQL").
func TestErasureLeavesNoRowAndVacuums(t *testing.T) {
	url := pgtest.NewDatabase(t)
	db, err := Open(context.Background(), url, Options{VacuumDelay: 10 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	s, err := server.NewStore(db, server.StoreOptions{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	code, _, err := s.CreateCode(protocol.Scope{Organisation: true}, domain.RoleAdministrator, time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	resp, perr, err := s.Enrol(protocol.EnrolRequest{Schema: protocol.Schema, Code: code, DeviceID: "office"})
	if err != nil || perr != nil {
		t.Fatal(err, perr)
	}
	dev, _ := s.Authenticate(resp.Token)
	clock := hlc.NewClock("office", nil)
	var seq uint64
	push := func(kind record.Kind, id string, fields ...string) {
		var ws []protocol.Write
		for i := 0; i < len(fields); i += 2 {
			seq++
			ws = append(ws, protocol.FromRecord(seq, record.Write{Kind: kind, ID: id, Field: fields[i], Value: fields[i+1], Stamp: clock.Now(), Staff: "admin"}))
		}
		if _, perr, err := s.Push(context.Background(), dev, &protocol.PushRequest{Schema: protocol.Schema, Epoch: s.Epoch(), Writes: ws}); err != nil || perr != nil {
			t.Fatal(err, perr)
		}
	}
	secrets := []string{"Wilhelmina", "401 023 2137", "lives alone since the flood"}
	rowsHolding := func() int {
		n := 0
		for _, sec := range secrets {
			var c int
			err := db.pool.QueryRow(context.Background(), `SELECT (SELECT count(*) FROM gather_entities WHERE position($1::bytea in state) > 0)
				+ (SELECT count(*) FROM gather_log WHERE position($1::bytea in state) > 0)`, []byte(sec)).Scan(&c)
			if err != nil {
				t.Fatal(err)
			}
			n += c
		}
		return n
	}
	push(domain.KindPerson, "wil", "given_name", secrets[0], "nhs_number", secrets[1])
	push(domain.KindReferral, "ref1", "person_id", "wil", "notes", secrets[2])
	if rowsHolding() == 0 {
		t.Fatal("the secrets never reached the tables: the test would prove nothing")
	}
	var before time.Time
	db.pool.QueryRow(context.Background(), `SELECT coalesce(last_vacuum, 'epoch') FROM pg_stat_user_tables WHERE relname = 'gather_entities'`).Scan(&before)
	push(domain.KindPerson, "wil", record.FieldErased, "true")
	if n := rowsHolding(); n != 0 {
		t.Fatalf("%d live rows still hold the erased values", n)
	}
	for deadline := time.Now().Add(20 * time.Second); ; time.Sleep(20 * time.Millisecond) {
		var last time.Time
		err := db.pool.QueryRow(context.Background(), `SELECT coalesce(last_vacuum, 'epoch') FROM pg_stat_user_tables WHERE relname = 'gather_entities'`).Scan(&last)
		if err != nil {
			t.Fatal(err)
		}
		if last.After(before) {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the tables were not vacuumed after the erasure")
		}
	}
}

// A database migrated by a newer gather-server is refused in words.
func TestNewerSchemaIsRefused(t *testing.T) {
	url := pgtest.NewDatabase(t)
	db := open(t, url)
	if _, err := db.pool.Exec(context.Background(), `UPDATE gather_schema SET version = version + 1`); err != nil {
		t.Fatal(err)
	}
	_, err := Open(context.Background(), url, Options{})
	if !errors.Is(err, ErrSchemaNewer) || !strings.Contains(err.Error(), fmt.Sprintf("knows up to %d", SchemaVersion())) {
		t.Fatalf("opening a newer schema: %v", err)
	}
	// The same binary opens its own schema again without migrating twice.
	if _, err := db.pool.Exec(context.Background(), `UPDATE gather_schema SET version = version - 1`); err != nil {
		t.Fatal(err)
	}
	open(t, url)
}

// A venue's pull reads its part of the (venue, seq) index and the log by
// primary key, not the organisation's whole log.
func TestVenuePullUsesTheIndex(t *testing.T) {
	db := open(t, pgtest.NewDatabase(t))
	ctx := context.Background()
	// 100 venues, 200 entries each, as a server of that size holds.
	_, err := db.pool.Exec(ctx, `
		INSERT INTO gather_log (seq, kind, id, audience, venue, state)
			SELECT g, 'attendance', ('mark' || g)::bytea, 2, ('v' || (g % 100))::bytea, '\x00'::bytea FROM generate_series(1, 20000) g;
		INSERT INTO gather_log_venues (venue, seq) SELECT ('v' || (g % 100))::bytea, g FROM generate_series(1, 20000) g;
		ANALYZE gather_log; ANALYZE gather_log_venues`, pgx.QueryExecModeSimpleProtocol)
	if err != nil {
		t.Fatal(err)
	}
	rows, err := db.pool.Query(ctx, "EXPLAIN "+venueLogSQL(2), int64(100), chunk, []byte("v7"), []byte(""))
	if err != nil {
		t.Fatal(err)
	}
	var plan strings.Builder
	for rows.Next() {
		var line string
		if err := rows.Scan(&line); err != nil {
			t.Fatal(err)
		}
		plan.WriteString(line + "\n")
	}
	if rows.Err() != nil {
		t.Fatal(rows.Err())
	}
	if p := plan.String(); strings.Contains(p, "Seq Scan") || !strings.Contains(p, "gather_log_venues_pkey") || !strings.Contains(p, "gather_log_pkey") {
		t.Fatalf("the venue pull's plan:\n%s", p)
	}
	// And it answers: v7's entries after 100, in order.
	var got []uint64
	err = db.View(ctx, func(r server.Reader) error {
		return r.VenueLog([]string{"v7", ""}, 100, func(seq uint64, _ server.LogEntry) (bool, error) {
			got = append(got, seq)
			return true, nil
		})
	})
	if err != nil || len(got) != 199 || got[0] != 107 || got[198] != 19907 {
		t.Fatalf("v7's entries: %d from %v (%v)", len(got), got[:min(3, len(got))], err)
	}
}

func BenchmarkErasePersonOnBusyServer(b *testing.B) {
	db, err := Open(context.Background(), pgtest.NewDatabase(b), Options{VacuumDelay: time.Hour})
	if err != nil {
		b.Fatal(err)
	}
	s, err := server.NewStore(db, server.StoreOptions{})
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	storetest.ErasePersonOnBusyServer(b, s)
}

func BenchmarkSmallPush(b *testing.B) {
	db, err := Open(context.Background(), pgtest.NewDatabase(b), Options{})
	if err != nil {
		b.Fatal(err)
	}
	s, err := server.NewStore(db, server.StoreOptions{})
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	storetest.SmallPush(b, s)
}

func BenchmarkPushWhileRefiling(b *testing.B) {
	db, err := Open(context.Background(), pgtest.NewDatabase(b), Options{})
	if err != nil {
		b.Fatal(err)
	}
	s, err := server.NewStore(db, server.StoreOptions{})
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	storetest.PushWhileRefiling(b, s)
}
