// Package store keeps Clio's server data: organisations, users, API keys,
// assignments, submissions, reviews and custom rubrics. Store is the one
// interface; sqlite and postgres implement it and pass storetest's suite.
package store
