// Package rubric turns an analysis.Result into what students and tutors read:
// per-criterion judgements, a suggested level and mark on an exam board's
// scheme, and feedback. Rubrics are embedded data (rubrics/*.json).
//
// Marking is best fit. Each criterion (focus, argument, evidence, chronology,
// communication) is scored 0..1 from the analyzers' metrics and findings, or
// from the rubric's own reading of the text when an analyzer is absent (with
// lower confidence); the overall score is the criteria's weighted mean, caps
// (no judgement, narrative, too short, inaccurate dates, poor spelling) limit
// the level, and the mark sits in the level's band by how far into the level
// the score reaches. A calibration Profile (see rubric/calibrate) can place the mark
// instead. Feedback is built only from this essay's findings and text.
//
// # The contract with the analyzers
//
// The rubric reads the analyzers' findings and metrics by the constants the
// analyzer packages export (argument.CodeJudgement, dates.MetricConflicts,
// ...), never by strings of its own, so renaming a code is a compile error
// here rather than a silent change of marks. contract_test.go parses this
// package for every Code* and Metric* constant it names and checks that each
// is reported by some analyzer on some fixture essay (fixtures/*.txt,
// fixtures/essays, fixtures/bench and fixtures/contract, which plants the
// slips no realistic essay happens to make).
//
// A concept has one definition, in the analyzer that owns it. The judgement
// is the argument analyzer's: when it ran, the rubric's judgement sentence
// and "has a judgement" are its main argument.judgement finding and metric,
// and the rubric's phrase list (text.go) is only a fallback, with lower
// confidence, for when it did not run.
//
// Explanation is not yet unified. The rubric still counts, per body
// paragraph, whether some claim of eight or more words uses an explaining
// phrase, and gives that share a small weight (0.3 beside the analyzer's
// metrics) in the argument criterion; it also picks the explaining sentence
// it praises from that list. Replacing the paragraph count with the argument
// analyzer's (a paragraph explains unless it reports argument.narrative or
// argument.no-explanation there) moves two essays of the annotated corpus by
// one mark (alexander-ii-reforms-aqa-l4 14 to 15, collectivisation-edexcel-l2
// 12 to 13) and 41 of 98 fixture essays' argument scores, so it waits for a
// change that re-validates the marks on the benchmarks rather than one that
// only tidies the code.
package rubric
