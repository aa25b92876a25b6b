package pgstore

import (
	"context"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"sort"
	"strconv"
	"strings"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
)

// The schema's versions are the files in migrations/, NNNN_name.sql, run in
// order, each once, in one transaction with the version it reaches.
//
//go:embed migrations/*.sql
var migrationFiles embed.FS

// ErrSchemaNewer says the database was migrated by a newer gather-server.
var ErrSchemaNewer = errors.New("the database's schema is newer than this gather-server")

// migrationLock is the advisory lock that keeps two processes starting at
// once from migrating together.
const migrationLock = 0x6761746865 // "gathe"

type migration struct {
	version int
	name    string
	sql     string
}

func migrations() ([]migration, error) {
	entries, err := fs.ReadDir(migrationFiles, "migrations")
	if err != nil {
		return nil, err
	}
	var out []migration
	for _, e := range entries {
		num, _, ok := strings.Cut(e.Name(), "_")
		v, err := strconv.Atoi(num)
		if !ok || err != nil {
			return nil, fmt.Errorf("migration %s is not named NNNN_name.sql", e.Name())
		}
		b, err := migrationFiles.ReadFile("migrations/" + e.Name())
		if err != nil {
			return nil, err
		}
		out = append(out, migration{v, e.Name(), string(b)})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].version < out[j].version })
	for i, m := range out {
		if m.version != i+1 {
			return nil, fmt.Errorf("migrations must be numbered 1, 2, 3...: %s", m.name)
		}
	}
	return out, nil
}

// SchemaVersion is the newest schema this binary knows.
func SchemaVersion() int {
	ms, _ := migrations()
	return len(ms)
}

// migrate brings the schema up to SchemaVersion, or refuses a newer one.
func migrate(ctx context.Context, pool *pgxpool.Pool) error {
	ms, err := migrations()
	if err != nil {
		return err
	}
	tx, err := pool.Begin(ctx)
	if err != nil {
		return fmt.Errorf("connecting to PostgreSQL: %w", err)
	}
	defer tx.Rollback(context.Background())
	if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock($1)`, int64(migrationLock)); err != nil {
		return err
	}
	if _, err := tx.Exec(ctx, `CREATE TABLE IF NOT EXISTS gather_schema (version integer NOT NULL)`); err != nil {
		return fmt.Errorf("creating the schema: %w", err)
	}
	var have int
	if err := tx.QueryRow(ctx, `SELECT coalesce(max(version), 0) FROM gather_schema`).Scan(&have); err != nil {
		return err
	}
	if have > len(ms) {
		return fmt.Errorf("%w: the database is at version %d and this binary knows up to %d; run the newer gather-server that migrated it (or restore the database from before the upgrade)", ErrSchemaNewer, have, len(ms))
	}
	for _, m := range ms[have:] {
		if _, err := tx.Exec(ctx, m.sql, pgx.QueryExecModeSimpleProtocol); err != nil {
			return fmt.Errorf("migrating the schema to version %d (%s): %w", m.version, m.name, err)
		}
	}
	if have < len(ms) {
		if _, err := tx.Exec(ctx, `DELETE FROM gather_schema`); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `INSERT INTO gather_schema (version) VALUES ($1)`, len(ms)); err != nil {
			return err
		}
	}
	return tx.Commit(ctx)
}
