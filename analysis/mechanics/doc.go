// Package mechanics is the analyzer for the spacing around punctuation: a
// missing space after a full stop, comma, semicolon, colon, question or
// exclamation mark or closing bracket ("downfall.Stalin", "hand,and"), a
// missing space before an opening bracket ("scapegoat(Jews"), and a space
// before punctuation ("religious .They", "fine !").
//
// It leaves alone what prose needs: abbreviations and initials ("e.g.",
// "U.S.", "J.S. Mill", "Ph.D."), page and circa references ("p.45",
// "c.1900"), decimals and thousands ("3.5", "1,000"), times and ratios
// ("10:30", "2:1"), ellipses, plurals in brackets ("friend(s)"), and URLs,
// e-mail addresses and file names.
//
// Code: mechanics.punctuation-spacing (error), with the corrected text as
// the suggestion. Metric: mechanics.punctuation_spacing (the number of such
// findings).
//
// The spelling checks (capitals, apostrophes, wrong words) are in
// analysis/spelling, which has the word lists they need.
package mechanics
