// Package postgres is the store for several Clio servers sharing one
// database: PostgreSQL through a pgx v5 connection pool, with the same
// embedded migrations as sqlite, applied under an advisory lock.
package postgres
