// Package dates finds the temporal expressions of an essay (years, ranges,
// decades, centuries, full dates, relative phrases), normalises them, and
// checks them against a history topic pack and the question's period.
package dates
