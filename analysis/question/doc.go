// Package question reads a history exam question, A-level or GCSE, as an
// analysis.Question: its command (why, to-what-extent, how-far-agree,
// how-useful, account, …), the claim it puts to the student as a whole
// proposition, the factor it sets to be weighed, what that factor is weighed
// against (Focus), the items of a "which of the following" or "compare"
// question, the points a question offers (Stimulus), the sources, extracts
// or interpretations it names, the period it covers, its key terms, the kind
// of answer it asks for (essay, sources, interpretations, short-answer),
// the qualification and the board's form where the wording says so, and the
// marks it states.
//
// Parse never fails and never panics: a question it cannot read yields a
// Question with only Text and whatever else it could find filled. It reads
// at most maxQuestionBytes of the text, so its cost is bounded whatever it
// is given. Topic is left empty for the caller to fill from topic-pack
// detection.
//
// How it reads a question: the text is cleaned (typographic punctuation
// folded, bullets written as "•", marks annotations such as "[16 marks]"
// taken off) and cut into parts: a quoted view, the question's sentences,
// list items ("• …", "(i) …") and instructions ("Explain your answer…",
// "You may use the following…"). The command is the wording that starts
// earliest in the question's own sentences (instructions never set it); the
// claim is a quoted view, a clause after "…agree that"/"…the view that", or
// the question turned into a statement ("To what extent was X Y?" → "X was
// Y"); the factor is read out of the claim ("X was the main reason for Y",
// "Y was due to X") or the question ("How important was X in Y?"). A person,
// place or institution on its own becomes its role ("role of Gorbachev"),
// because a name is not a factor. The README's "Reading the question"
// section lists every command and period form, and the question bank in
// testdata holds the parse expected of 400 questions.
//
// Stem is the light suffix-stripping stemmer Clio uses to match an essay's
// words against the question's key terms; Claim returns the claim a question
// states in words. The word lists are our own, written for Clio.
package question
