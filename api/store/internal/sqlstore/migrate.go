package sqlstore

import (
	"context"
	"embed"
	"fmt"
	"io/fs"
	"sort"
	"strconv"
	"strings"
	"time"
)

//go:embed migrations/*.sql
var migrations embed.FS

// Migration is one numbered schema change.
type Migration struct {
	Version int
	Name    string
	SQL     string
}

// Migrations returns the embedded migrations in order.
func Migrations() ([]Migration, error) {
	names, err := fs.Glob(migrations, "migrations/*.sql")
	if err != nil {
		return nil, err
	}
	var out []Migration
	for _, n := range names {
		base := strings.TrimPrefix(n, "migrations/")
		num, _, ok := strings.Cut(base, "_")
		v, err := strconv.Atoi(num)
		if !ok || err != nil {
			return nil, fmt.Errorf("migration %s: the name must start with a number and '_'", base)
		}
		b, err := migrations.ReadFile(n)
		if err != nil {
			return nil, err
		}
		out = append(out, Migration{Version: v, Name: base, SQL: string(b)})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Version < out[j].Version })
	return out, nil
}

// Migrate applies the migrations the database has not seen, each in its own
// transaction.
func Migrate(ctx context.Context, c Conn) error {
	ms, err := Migrations()
	if err != nil {
		return err
	}
	err = c.InTx(ctx, func(q Querier) error {
		// Under the lock too: on PostgreSQL, two servers starting at once
		// both running CREATE TABLE IF NOT EXISTS can collide in the
		// catalogue (a unique violation on pg_type) rather than one waiting.
		if err := c.Lock(ctx, q, "clio:migrate"); err != nil {
			return err
		}
		_, err := q.Exec(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied BIGINT NOT NULL)`)
		return err
	})
	if err != nil {
		return fmt.Errorf("creating schema_migrations: %w", err)
	}
	for _, m := range ms {
		err := c.InTx(ctx, func(q Querier) error {
			if err := c.Lock(ctx, q, "clio:migrate"); err != nil {
				return err
			}
			var n int
			if err := q.QueryRow(ctx, `SELECT COUNT(*) FROM schema_migrations WHERE version = ?`, m.Version).Scan(&n); err != nil {
				return err
			}
			if n > 0 {
				return nil
			}
			for _, stmt := range splitStatements(m.SQL) {
				if _, err := q.Exec(ctx, stmt); err != nil {
					return fmt.Errorf("%.60s...: %w", stmt, err)
				}
			}
			_, err := q.Exec(ctx, `INSERT INTO schema_migrations (version, name, applied) VALUES (?, ?, ?)`,
				m.Version, m.Name, time.Now().UnixMicro())
			return err
		})
		if err != nil {
			return fmt.Errorf("migration %s: %w", m.Name, err)
		}
	}
	return nil
}

// splitStatements splits a migration on semicolons that end a line. The
// migrations contain no semicolons inside strings.
func splitStatements(sql string) []string {
	var out []string
	for _, s := range strings.Split(sql, ";\n") {
		if s = strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(s), ";")); s != "" {
			out = append(out, s)
		}
	}
	return out
}
