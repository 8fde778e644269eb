// Package sqlite is the embedded store: one SQLite file (pure Go, via
// modernc.org/sqlite) in write-ahead-log mode with synchronous=FULL, so an
// acknowledged write survives a crash. Writes go through one connection.
package sqlite
