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
package rubric
