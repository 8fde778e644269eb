// Package dates finds the temporal expressions of an essay (years, ranges,
// decades, centuries, full dates, relative phrases), normalises them, and
// checks them against a history topic pack and the question's period.
//
// # Expressions
//
// Extract works on Document tokens and returns byte spans into the essay:
//
//	years        1066, AD 60, 60 AD, 55 BC, 1066AD, c. 1200, circa 1130
//	ranges       1924–29, 1924-1929, 1924 – 1929, 1921 to 1928, between 1917 and 1924,
//	             from 1928 to 1932, from June 1941 to May 1945, from February to October 1917,
//	             9–10 November 1938
//	decades      the 1920s, the 1920's, the early 1930s, the mid-1920s, the late 1970s
//	centuries    the sixteenth century, 16th-century, the late 18th century, the 1800s,
//	             the fifth century BC
//	full dates   14 October 1066, October 14th, 1066, 20th December 1917, the 14th of
//	             October 1066, 1917-11-07, 20/12/1917 (month first for en-US)
//	months       February 1918, Oct. 1917
//	day + month  December 20th, 20 December: given the year of the last date before it
//	             when that date lies within one year, else "--12-20"
//	relative     two years later, a decade earlier, three months later, the following
//	             year, the previous year, the year before, later that year, that same
//	             year, by the end of the decade (or year, century): resolved against the
//	             last resolved date before them, else left with an empty Value
//
// Values follow design.md: "1922", "1924/1929", "1920s" (early/mid/late narrow
// From and To but keep the value), "15xx", "1066-10-14", "1918-02", "--12-20".
// Years are astronomical, so 55 BC is "-0054" and the fifth century BC
// "-0499/-0400". Numbers that are counts, shares, pages or references are not
// dates: "559 votes to 65", "1,000 men", "1500 soldiers", "26%", "p. 45",
// "Order No. 00447", "£1500", "the Hijri year 1345"; neither are numbers of
// five or more digits.
//
// # Checks
//
// Clauses end at semicolons, "but" and the like, at the comma closing an
// opening "when", "after" or "during" clause, at a comma after a complete
// clause when a new subject and verb follow, and before "after", "before" or
// "when" with a subject and verb of their own. Names keep their regnal
// numbers exactly (Edward IV is not Edward VI). People's offices count as
// events ("became King of England in 1547").
//
// A date is tied to a pack event when, in the same clause, the event is named
// (by name or alias, not qualified by another proper name as in "the English
// Civil War") or told with a verb: one of the event's people as the nearest
// named subject of a verb of the event's kind ("became", "appointed", "died",
// "expelled", "murdered"…) with the other words of the event's name present
// ("Stalin became General Secretary"), or a passive with no one named ("the
// Constituent Assembly was dissolved"). Births and deaths of the pack's people
// count as events. Each date is judged against the event nearest it and the
// events whose nearest date it is; "by 1924", "before", "after" are honoured,
// "since" and "until" are never judged; "began in" and "ended in" compare with
// the start and end of a long event, but a date in the half of the span the
// verb points to is not accused unless the pack dates that end to the day
// (events unfold in phases that references date differently). A clause
// saying a treaty came into force is checked against the event's in_force
// date, or not at all; one about ratification is never checked. A date is consistent when it overlaps the
// event (decades and centuries are tolerant by nature, "early/mid/late" and
// "c." widen by a year, births by a year, and dates before 14 February 1918 by
// the Julian calendar's lag, so Old Style dates pass). It is a conflict only
// when the date and the event are each other's nearest, no event it could
// belong to fits it, no word such as "after" or "when" sits between them, and
// the sentence is not negated, hedged, reported or a question. Dates resolved
// from context (relative phrases, days without a year) are never used to accuse.
//
// # Order
//
// Pack events list their causes. When the essay ties an event to a date and
// one of its causes (followed up to three links: the Tennis Court Oath is
// caused by the opening of the Estates-General by way of the National
// Assembly) to a date that begins after the event's date ends, the event's
// date gets dates.anachronism, naming both events and the pack's dates. Only
// dates tied as above count, stated plainly ("in", not "by", "before", "c."
// or worked out from context). The cause's date must be right by the pack and
// must say when the cause began: the event is a single day, month or year, or
// the sentence says it began ("the Great Patriotic War in 1944" is not its
// start). The pack must not start the event before its cause. When the essay
// gives an event two dates (Old and New Style) the most lenient pair is
// compared. One finding per date: a date that also conflicts with the pack
// gets the order finding instead of dates.conflict (its message gives the
// right date; the verdict stays "conflict"); when the cause's date is the
// wrong one only that date is reported; a dead person's act keeps its own
// finding. For packs with Old Style dates the message says to keep to one
// calendar when the lag would explain the order.
//
// # Findings
//
//	dates.conflict      error     a sentence ties a pack event to a date that contradicts it;
//	                              the message and Suggestions give the pack's date.
//	                              Data: event, event_id, correct (ISO-like), written (Value),
//	                              source and sources (the pages where the pack's date was checked)
//	dates.inconsistent  error     a date written against a numbered event ("the 1921 11th Party
//	                              Congress") that it does not fit but another of the series
//	                              does; reported instead of dates.conflict. Data: as
//	                              dates.conflict, plus fits, fits_id, fits_when
//	dates.anachronism   error     a person of the pack acts (active verb after their name) at a
//	                              date in a year after their death; memory and legacy sentences
//	                              are left alone. Data: person, died, written.
//	                              Or an event dated before one of its causes (see Order).
//	                              Data: event, cause (event ids), written, cause_written, correct
//	dates.impossible    error     a day the month does not have (31 February; 29 February in a
//	                              common year), a year after the current one, a year both AD and
//	                              BC, year 0, a range that ends before it begins, or a BC year
//	                              whose AD reading falls in the topic's period. Data: written
//	dates.out-of-period warning   a paragraph (not the first) with at least two dates outside
//	                              the question's period, more than it has inside; the margin is
//	                              max(3, length/3) years. Data: period ("1924/1929")
//	dates.vague         info      a body paragraph of two or more sentences and 40 or more words
//	                              with no date at all (first sentence), in an essay with a topic
//	                              pack, a question period or dates elsewhere
//	dates.precise       strength  a paragraph with no date mistake and three dates, one a month
//	                              or a day, or four dates (at most three per essay)
//
// Verdicts in Output.Dates: conflict, then out-of-period (outside the
// question's period by the margin above), then consistent, else unknown;
// Event names the pack event a date was checked against.
//
// # Metrics
//
//	dates.count            expressions found (relative ones included)
//	dates.per_100_words    expressions per 100 words of the essay
//	dates.paragraph_share  share of paragraphs with at least one expression
//	dates.period_coverage  share of the question's years named by a date of one year or
//	                       finer (only when the question states a period)
//	dates.conflicts        dates.conflict findings
//	dates.anachronisms     dates.anachronism findings (order findings included)
//	dates.impossible       dates.impossible findings
package dates
