// Package marker is the one way Clio's server marks an essay, whichever
// entry point asks (the JSON API, the web pages, a student arriving from an
// LMS): a rubric/marking.Service behind one limit on essays marked at once,
// one wait for a slot, and one count of essays in progress and waiting.
package marker
