// Package storetest is the conformance suite every store.Store
// implementation runs: Run(t, open) exercises the whole interface (the API's
// data, the web pages' accounts, sign-in counts, the LMS integration's
// tables and the outbox), including isolation between organisations,
// writes that belong together and races between servers.
package storetest
