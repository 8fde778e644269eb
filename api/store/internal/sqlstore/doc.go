// Package sqlstore implements store.Store once, in portable SQL, over a small
// Conn interface that the sqlite and postgres packages adapt their drivers
// to. The schema migrations are embedded here and shared by both.
package sqlstore
