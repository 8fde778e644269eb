// Package rubric turns an analysis.Result into what students and tutors read:
// per-criterion judgements, a suggested level and mark on an exam board's
// scheme, and feedback. Rubrics are embedded data (rubrics/*.json).
package rubric
