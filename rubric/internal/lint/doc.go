// Package lint checks the feedback Clio writes for the defects a student
// would notice: doubled words, a clause with two "was", empty quotations or
// suggestions, quotations that are too long or not in the essay, sentences
// too long to follow, the same advice twice, and American spelling. The
// rubric's tests run it over every text of every report in the grid of
// questions and essays (rubric/marking's grid test); it ships in no binary.
package lint
