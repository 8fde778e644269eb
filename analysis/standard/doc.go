// Package standard wires Clio's default analyzers into one Engine: it parses
// the essay and its question, chooses the topic pack, and runs every analyzer.
// Registration is explicit, in New; nothing registers itself.
package standard
