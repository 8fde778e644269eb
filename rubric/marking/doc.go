// Package marking is the one call the transports make: analyse an essay with
// the standard engine and mark it against a rubric, timing the whole.
// cmd/clio and api both use it, so the CLI and the API give the same report.
package marking
