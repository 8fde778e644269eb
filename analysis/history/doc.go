// Package history is Clio's knowledge of the history an essay is about: topic
// packs of people, dated events, terms, historians and exam questions, embedded
// as JSON (packs/<id>.json), validated on load and indexed for fast lookup.
//
// Load or Default gives the Library; Library.DetectTopic finds the pack a
// question or essay is about, with the names that showed it, or says that no
// pack clearly fits; options.json lists exam options that several packs serve
// together; Pack.Mentions finds its people, events and terms in a
// Document with exact byte spans; Pack.Question finds the indicative content
// (factors and their signals) for an exam question.
//
// Dates: a Date has day, month or year precision (Month and Day zero when
// unknown); an Interval is a single date, a range "1924/1929" or a decade
// "1920s". Russian dates before 14 February 1918 (New Style) are stored in the
// Gregorian calendar, with the Julian (Old Style) date in the event's note and
// usually in an alias ("October Revolution"); English dates before 1752 are
// Julian, as historians of England give them. Each pack's notes say which.
package history
