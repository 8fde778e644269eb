// Package persuade measures how far the argument analyzer finds what expert
// readers find, on the PERSUADE 1.0 corpus of argumentative essays by US
// students (grades 6–12), read from ../shared/benchmarks/persuade.
//
// It turns an essay's expert annotations and the analyzer's findings into the
// same essay-level questions (is there a thesis in the introduction, a
// conclusion, a counter-argument; does each body paragraph open with a claim)
// and scores their agreement with F1 and Cohen's kappa, beside answering
// "yes" every time.
//
// The corpus is licensed CC BY-NC-SA 4.0 for development and measurement:
// nothing in this package holds its text, spans or anything fitted to them,
// and nothing here is imported by Clio itself. The essays are split once, by
// a hash of their ids, into a part for tuning (about 70%) and a part for
// reporting (about 30%) that development never looks at.
package persuade
