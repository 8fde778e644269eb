// Package language tells whether an essay is written in English, from the
// share of its words that are the commonest grammatical words of English and
// of the languages students most often submit by mistake (French, Spanish,
// German, Welsh, Italian). The spelling and mechanics analyzers use it to
// report one clear finding on an essay in another language instead of a
// flood of misspellings ("janvier" → "Javier").
package language
