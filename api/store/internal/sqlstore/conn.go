package sqlstore

import "context"

// Row is a single-row result; Scan returns store.ErrNotFound for no row.
type Row interface {
	Scan(dest ...any) error
}

// Rows is a multi-row result.
type Rows interface {
	Next() bool
	Scan(dest ...any) error
	Err() error
	Close()
}

// Querier runs SQL written with ? placeholders. Adapters translate
// placeholders for their database and map driver errors: no row to
// store.ErrNotFound, a unique violation to store.ErrConflict.
type Querier interface {
	Exec(ctx context.Context, query string, args ...any) (int64, error)
	QueryRow(ctx context.Context, query string, args ...any) Row
	Query(ctx context.Context, query string, args ...any) (Rows, error)
}

// Conn is a database: reads go to Read, changes run in a transaction.
type Conn interface {
	Read() Querier
	// InTx runs fn in one transaction, committing when it returns nil.
	// Implementations serialise writers where the database needs it.
	InTx(ctx context.Context, fn func(q Querier) error) error
	Ping(ctx context.Context) error
	Close() error
	// Lock takes, inside a transaction, a lock named key that is held until
	// the transaction ends, so transactions that must not interleave across
	// servers (migrations, bootstrap, numbering one student's drafts) run one
	// at a time. Databases with a single writer need do nothing.
	Lock(ctx context.Context, q Querier, key string) error
}
