package argument

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// messages writes the analyzer's feedback to the student, citing their
// question where there is one.
type messages struct {
	e        *essay
	cmd      string
	factor   string
	claim    string
	question string // the question, quoted and shortened for a message
}

func newMessages(e *essay) *messages {
	m := &messages{e: e, cmd: e.q.Command, factor: e.q.Factor, claim: e.claim}
	if q := strings.TrimSpace(e.q.Text); q != "" {
		m.question = "“" + shorten(q, 140) + "”"
	}
	return m
}

// maxQuoteWords bounds a quotation in a message: a student reads a few
// words back, not the whole question.
const maxQuoteWords = 12

func shorten(s string, n int) string {
	if w := strings.Fields(s); len(w) > maxQuoteWords {
		return strings.TrimRight(strings.Join(w[:maxQuoteWords], " "), " ,;:.") + "…"
	}
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	cut := string(r[:n])
	if i := strings.LastIndexByte(cut, ' '); i > n/2 {
		cut = cut[:i]
	}
	return strings.TrimRight(cut, " ,;:") + "…"
}

func lowerFirst(s string) string {
	r, size := utf8.DecodeRuneInString(s)
	if size == 0 {
		return s
	}
	// Keep the capital of a name ("Stalin", "Hitler's") and of "I".
	next, _ := utf8.DecodeRuneInString(s[size:])
	word := strings.ToLower(strings.SplitN(s, " ", 2)[0])
	if unicode.IsUpper(r) && (word == "the" || word == "a" || word == "an" || word == "it" || word == "there" || word == "this") && unicode.IsLower(next) {
		return string(unicode.ToLower(r)) + s[size:]
	}
	return s
}

func (m *messages) claimed() bool {
	switch m.cmd {
	case "how-far-agree", "to-what-extent", "how-accurate", "assess-validity":
		return m.claim != "" || m.factor != ""
	}
	return false
}

// howFar is "how far you agree that …" or "how far … explains it".
func (m *messages) howFar() string {
	if m.claim != "" {
		return "how far you agree that " + lowerFirst(m.claim)
	}
	return "how far " + lowerFirst(withArticle(m.factor)) + " explains what happened"
}

func (m *messages) noQuestion() string {
	return "No question came with this essay, so Clio cannot check how well it answers one. Add the question to get feedback on focus, balance and judgement."
}

func (m *messages) thesis() string {
	return "Your introduction sets out a line of argument that answers the question rather than repeating it. Keep every paragraph tied to it."
}

func (m *messages) noThesis(restated bool) string {
	lead := "Your introduction doesn't yet"
	if restated {
		lead = "Your introduction repeats the question rather than answering it: it doesn't yet"
	}
	switch {
	case m.claimed():
		return fmt.Sprintf("%s say %s. Add a sentence that takes a side, for example: “Although %s mattered, the most important reason was …, because …” (or the reverse).",
			lead, m.howFar(), lowerFirst(m.subject()))
	case m.cmd == "why" && m.question != "":
		return fmt.Sprintf("%s give your answer to %s. Add a sentence that names the reason you think mattered most and why, so every paragraph has an argument to support.", lead, m.question)
	case m.cmd == "how-significant" && m.factor != "":
		return fmt.Sprintf("%s say how significant you think %s was. Add a sentence that takes a view, for example that it was decisive, or important but less so than another factor.", lead, lowerFirst(withArticle(m.factor)))
	case m.cmd == "how-successful" && m.question != "":
		return fmt.Sprintf("%s say how successful you judge it to have been (%s). Add a sentence that takes a view and says by what measure you judge success.", lead, m.question)
	case m.cmd == "compare":
		return lead + " say whether the similarities or the differences matter more. Add a sentence that takes a view you then prove."
	}
	return lead + " state a line of argument. Add a sentence that answers the question directly and says what you will argue, so every paragraph has something to prove."
}

// subject is what the essay weighs: the factor, or "this factor".
func (m *messages) subject() string {
	if m.factor != "" {
		return withArticle(m.factor)
	}
	return "this factor"
}

// withArticle restores the article Parse strips from a factor when it reads
// as a noun phrase: "military capability of the Normans" -> "the military
// capability of the Normans"; "ideology" and "Hitler's charisma" stay.
func withArticle(f string) string {
	r, _ := utf8.DecodeRuneInString(f)
	if unicode.IsLower(r) && strings.Contains(f, " of ") {
		return "the " + f
	}
	return f
}

func (m *messages) judgement(weighs bool) string {
	if weighs {
		return "Your conclusion reaches a clear judgement and weighs the factors against each other: that is what the top levels ask for."
	}
	return "Your conclusion reaches a clear judgement that answers the question. To strengthen it, say why it outweighs the alternatives."
}

func (m *messages) noJudgement(hasConclusion bool) string {
	start := "Your essay ends without a judgement."
	if hasConclusion {
		start = "Your conclusion sums up but doesn't yet reach a judgement."
	}
	switch {
	case m.claimed():
		return fmt.Sprintf("Your conclusion doesn't yet say %s. Finish with a sentence that weighs %s against the other factors and says how far you agree, and why.",
			m.howFar(), lowerFirst(m.subject()))
	case m.cmd == "why" && m.question != "":
		return fmt.Sprintf("%s Answer %s by saying which reason mattered most: rank the reasons and explain why the most important one outweighed the others.", start, m.question)
	case m.cmd == "how-significant" && m.factor != "":
		return fmt.Sprintf("%s Say how significant %s was compared with other factors: decisive, important but not decisive, or minor, and why.", start, lowerFirst(withArticle(m.factor)))
	case m.cmd == "how-successful":
		return fmt.Sprintf("%s Say how successful it was overall, by what measure, and where success was limited (%s).", start, m.question)
	case m.cmd == "compare":
		return start + " Say whether the similarities or the differences were greater, and why."
	case m.question != "":
		return fmt.Sprintf("%s End by answering %s directly: how far you agree, or which factor mattered most, and why.", start, m.question)
	}
	return start + " End by answering the question directly: which factor mattered most, or how far you agree, and why."
}

func (m *messages) inconsistent(introPolarity int) string {
	intro, concl := "agrees with", "disagrees"
	if introPolarity < 0 {
		intro, concl = "disagrees with", "agrees"
	}
	return fmt.Sprintf("Your conclusion seems to take a different view from your introduction: the introduction %s the claim in the question, but the conclusion %s. Make them match, or say in the conclusion why the evidence changed your view.", intro, concl)
}

func (m *messages) terms() string {
	t := m.e.q.KeyTerms
	if len(t) > 3 {
		t = t[:3]
	}
	switch len(t) {
	case 0:
		return ""
	case 1:
		return t[0]
	}
	return strings.Join(t[:len(t)-1], ", ") + " or " + t[len(t)-1]
}

func (m *messages) point() string {
	return "This paragraph opens with a clear point that answers the question."
}

func (m *messages) noPoint() string {
	if t := m.terms(); t != "" {
		return fmt.Sprintf("This paragraph doesn't open with a point. Start with a sentence that says how it answers the question, using its terms (%s), for example “Another reason … was …, because …”.", t)
	}
	return "This paragraph doesn't open with a point. Start with a sentence that says what the paragraph will prove and how it answers the question."
}

func (m *messages) noLink() string {
	if m.question != "" {
		return fmt.Sprintf("This paragraph ends without linking back to the question. Finish with a sentence that says how this point helps answer %s.", m.question)
	}
	return "This paragraph ends without linking back to the question. Finish with a sentence that says what the point proves."
}

func (m *messages) narrative() string {
	return "This paragraph tells what happened but doesn't explain why it matters for the question. Keep the key facts, then add analysis: say what they led to or show, with phrases such as “this meant that” or “this was more important than”."
}

func (m *messages) noExplanation() string {
	return "This paragraph states points without explaining them. Add a sentence that says how your evidence proves the point, with phrases such as “because…”, “this meant that…”, “as a result…”."
}

func (m *messages) offTopic(outOfPeriod bool) string {
	if p := m.e.q.Period; outOfPeriod && p != nil {
		return fmt.Sprintf("This paragraph is mostly about events outside the question's period (%d–%d), so it doesn't help answer it, however accurate it is. Use the space for a factor from within the period.", p.From, p.To)
	}
	if t := m.terms(); t != "" {
		return fmt.Sprintf("This paragraph doesn't seem to bear on the question: it doesn't mention %s, nor the people and events the rest of your essay discusses. Show how it helps answer the question, or cut it.", t)
	}
	return "This paragraph doesn't seem connected to the rest of the essay. Show how it helps answer the question, or cut it."
}

func (m *messages) balance() string {
	return "You weigh other factors and consider the case against your view before answering it: that is what a balanced answer does."
}

func (m *messages) oneSided(others, counter bool) string {
	switch {
	case !others && !counter:
		// Handled after the switch.
	case !others && m.factor != "":
		return fmt.Sprintf("The essay doesn't yet weigh %s against other factors. Add a paragraph on another factor and say which mattered more, and why.", lowerFirst(withArticle(m.factor)))
	case !others:
		return "The essay doesn't yet weigh its reasons against one another. Compare them directly (“more important than…”) so the reader sees which mattered most."
	case !counter:
		return "The essay doesn't yet consider the case against its view. Add a counter-argument (“However, some historians argue…”) and then explain why your view still holds."
	}
	if m.factor != "" {
		return fmt.Sprintf("The essay doesn't yet weigh %s against other factors or consider another view. Give another factor a paragraph, say which mattered more, and deal with the strongest argument against your answer.", lowerFirst(withArticle(m.factor)))
	}
	return "The essay doesn't yet weigh its reasons against one another or consider another view. Compare the factors (“more important than…”) and deal with the strongest argument against your answer."
}

func (m *messages) repeatedParagraph() string {
	return "This paragraph repeats an earlier one almost word for word. Repetition doesn't strengthen an argument: cut it, and use the words to explain a point more fully."
}

func (m *messages) repeatedSentence(several bool) string {
	if several {
		return "These sentences repeat earlier ones almost word for word. Cut them, and use the space to explain a point more fully."
	}
	return "This sentence repeats an earlier one almost word for word. Cut it, and use the space to explain a point more fully."
}

func (m *messages) salad(s *sentence) string {
	switch s.salad {
	case "stacked":
		return fmt.Sprintf("Several linking words are piled together here (“%s”) with no idea for them to link. Use one connective, and follow it with the point it introduces.", s.stacked)
	case "sprinkled":
		return "Most of your sentences open with a linking word such as “however” or “therefore”. Connectives help only where the argument really turns; keep them there, and let the other sentences make their points directly."
	case "connectives":
		return "This is a string of linking words rather than a sentence. Connectives only help when they join two ideas: write the point out in full."
	}
	return "This reads as a list of words rather than a sentence. Write it as a full sentence that makes a point and explains it."
}

func (m *messages) conclusion() string {
	return "Your conclusion: it should answer the question directly, weigh the reasons your paragraphs have argued, and bring in nothing new."
}

func (m *messages) assertedJudgement() string {
	switch {
	case m.claimed():
		return fmt.Sprintf("Your conclusion states a judgement but doesn't yet argue for it. Say why: how far you agree that %s, and what makes %s more or less important than the other factors.",
			lowerFirst(m.claim), lowerFirst(m.subject()))
	case m.question != "":
		return fmt.Sprintf("Your conclusion states a judgement but doesn't yet argue for it. Say why the factor you rank first outweighs the others in answering %s, and where the others fit.", m.question)
	}
	return "Your conclusion states a judgement but doesn't yet argue for it. Say why the factor you rank first outweighs the others, and where the others fit."
}

func (m *messages) claimElement() string {
	return "A claim: a point that supports your argument. The sentences after it should prove it."
}

func (m *messages) evidence() string {
	return "Evidence and explanation supporting the paragraph's point."
}

func (m *messages) counterclaim(answered bool) string {
	if answered {
		return "A counter-argument: a view against yours, which you then answer."
	}
	return "A counter-argument: a view against yours. Answer it: say why your view still holds."
}

func (m *messages) rebuttal() string {
	return "Your answer to the counter-argument: why your view still holds."
}

func (m *messages) judgementAlso() string {
	return "This sentence also judges: it places a factor against the others."
}
