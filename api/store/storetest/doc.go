// Package storetest is the conformance suite every store.Store
// implementation runs: Run(t, open) exercises the whole interface, including
// isolation between organisations and concurrent draft numbering.
package storetest
