package dates

import (
	"fmt"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/clio-history/clio/analysis"
	"github.com/clio-history/clio/analysis/history"
)

// Verdicts, as in design.md.
const (
	VerdictConsistent  = "consistent"
	VerdictConflict    = "conflict"
	VerdictOutOfPeriod = "out-of-period"
	VerdictUnknown     = "unknown"
)

// dateCheck is the result of checking one expression against a topic pack.
type dateCheck struct {
	Verdict string
	// Fact is the event (or birth or death) the expression was checked
	// against, nil when none was tied to it.
	Fact *factRef
	// phase is the tying candidate's phase: 'b' when the sentence says the
	// event began at the date, 'e' when it ended, 0 otherwise.
	phase byte
}

// factRef is a dated event, birth or death of a topic pack.
type factRef struct {
	ID   string
	Name string
	// Correct is the pack's date in words ("3 April 1922") and Value its
	// ISO-like form ("1922-04-03").
	Correct, Value string
	// Sources are the web pages where the pack's date was checked.
	Sources []string
}

// anachronism is a person acting at a date after their death.
type anachronism struct {
	Expr   int // index into the expressions
	Person history.Person
	Span   analysis.Span // the person's name
}

// guardWords make a sentence too hedged, negated or reported to accuse: "it
// was not in 1924", "some claim that…", "if Stalin had…".
var guardWords = set("not", "n't", "never", "wrongly", "mistakenly", "incorrectly", "myth",
	"claim", "claimed", "claims", "supposedly", "allegedly", "if", "would", "might", "perhaps",
	"possibly", "unless")

// afterlifeWords show a sentence is about a dead person's memory, not their
// actions: "Lenin's body was embalmed", "Lenin remained a symbol".
var afterlifeWords = set("death", "died", "dead", "legacy", "memory", "remembered", "funeral", "body",
	"mausoleum", "embalmed", "posthumous", "posthumously", "cult", "ideas", "idea", "testament",
	"name", "portrait", "portraits", "statue", "statues", "honour", "honor", "rehabilitated",
	"rehabilitation", "image", "writings", "works", "example", "shadow", "ghost", "successor",
	"successors", "heir", "heirs", "tomb", "corpse", "murdered", "killed", "assassinated", "executed")

// notActing are verbs that do not show a person doing something.
var notActing = set("was", "were", "is", "are", "be", "been", "remained", "remains", "stayed",
	"seemed", "seems", "appeared", "appears", "became", "becomes", "continued", "continues",
	"symbolised", "symbolized", "represented", "represents", "inspired", "inspires", "lay", "lies",
	"stood", "stands", "haunted", "'s", "s", "has")

// subordinators open a clause that the next comma closes: "When Calonne
// proposed a tax in 1786, the Assembly of Notables refused it".
var subordinators = set("when", "after", "before", "as", "since", "although", "though", "while", "because",
	"once", "if", "whereas", "until")

// clauseBreakWords start a new clause.
var clauseBreakWords = set("but", "whereas", "while", "although", "though", "yet", "however")

// tokenIndex is the index of the first token starting at or after off.
func tokenIndex(doc *analysis.Document, off int) int {
	return sort.Search(len(doc.Tokens), func(i int) bool { return doc.Tokens[i].Start >= off })
}

// clauses gives each token of sentence si a clause number. A clause ends at
// a semicolon, a colon, a spaced dash, "but", "whereas" and the like; at the
// comma that closes an opening subordinate clause ("When Calonne proposed a
// tax in 1786, …", "During the February Revolution, …"); at a comma after a
// complete clause when a new subject and verb follow ("…, he returned to
// Russia in April 1917"); and before "after", "before", "when" or "until"
// when a subject and verb follow ("…, long before Mary became queen"), which
// ties each date to the event of its own clause.
func clauses(doc *analysis.Document, si int) []int {
	r := doc.Sentences[si].Tokens
	out := make([]int, r.Len())
	c := 0
	subordinate := false // the clause opened with "when", "after"…: its comma ends it
	finite := false      // the clause has a finite verb
	for i := r.Start; i < r.End; i++ {
		t := doc.Tokens[i]
		low := strings.ToLower(t.Norm)
		brk := false
		if i == r.Start || (i > r.Start && out[i-1-r.Start] != c) {
			subordinate = subordinators[low] || low == "during"
		}
		switch {
		case low == "," && subordinate:
			brk, subordinate = true, false
		case low == "," && finite && newSubjectAt(doc, i+1, r.End):
			brk = true
		case low == ";" || low == ":":
			brk = true
		case t.Kind == analysis.KindPunct && strings.HasPrefix(low, "-") && t.SpaceBefore:
			brk = true
		case clauseBreakWords[low]:
			brk = true
		case midClauseLinks[low] && i > r.Start && out[i-1-r.Start] == c && finite && newSubjectAt(doc, i+1, r.End):
			brk, subordinate = true, false
		case low == "and" && i > r.Start && doc.Tokens[i-1].Norm == ",":
			brk = true
		case low == "and" && i+1 < r.End:
			switch strings.ToLower(doc.Tokens[i+1].Norm) {
			case "then", "in", "by", "on", "during", "after", "before", "later":
				brk = true
			}
			// "… and Stalin became …": a new subject.
			if n := doc.Tokens[i+1]; n.Tag == "NNP" || n.Tag == "PRP" {
				brk = true
			}
		}
		if brk {
			c++
			finite = false
		}
		if isFinite(t.Tag) {
			finite = true
		}
		out[i-r.Start] = c
	}
	return out
}

// midClauseLinks open a new clause inside a sentence when a subject and a
// verb follow them.
var midClauseLinks = set("after", "before", "when", "until", "while", "whilst", "once")

func isFinite(tag string) bool {
	return tag == "VBD" || tag == "VBZ" || tag == "VBP" || tag == "MD"
}

// newSubjectAt reports whether a subject (a pronoun, or a proper name of up
// to four words, with "the" before it) and a finite verb begin at token i:
// "he returned", "Mary became", "the Cheka was".
func newSubjectAt(doc *analysis.Document, i, end int) bool {
	if i < end && strings.EqualFold(doc.Tokens[i].Norm, "the") {
		i++
	}
	if i >= end {
		return false
	}
	switch t := doc.Tokens[i]; {
	case t.Tag == "PRP" && !strings.EqualFold(t.Norm, "it"):
		return i+1 < end && isFinite(doc.Tokens[i+1].Tag)
	case t.Tag == "NNP" || t.Tag == "NNPS":
		for j := i + 1; j < end && j <= i+4; j++ {
			switch n := doc.Tokens[j]; {
			case isFinite(n.Tag):
				return true
			case n.Tag == "NNP" || n.Tag == "NNPS" || n.Tag == "POS" || n.Norm == "'s":
			default:
				return false
			}
		}
	}
	return false
}

type personAt struct {
	id         string
	first, end int // token indices, end exclusive
	possessive bool
}

type candidate struct {
	f      *fact
	a0, a1 int // anchor tokens
	clause int
	// phase is 'b' when the clause says the event began ("began in 1928"),
	// 'e' when it ended, 0 otherwise.
	phase byte
	// named: the event is named ("the 11th Party Congress"), not told with
	// a verb.
	named bool
}

// forceWords in an event's name make it about coming into force or
// ratification ("Ratification of the Treaty"), not about the signing.
var forceWords = set("force", "effect", "effective", "ratified", "ratify", "ratifies", "ratification",
	"ratifying")

// signWords tell the signing in a clause that also tells the coming into
// force ("the Treaty of Rome, signed in March 1957, came into force in
// 1958"): which date is which is left unchecked.
var signWords = set("signed", "signing", "sign", "signs", "agreed", "negotiated", "concluded")

// ratifyWords tell ratification, a step whose date the packs do not hold.
var ratifyWords = set("ratified", "ratify", "ratifies", "ratification", "ratifying")

// forceClauses marks the clauses of the sentence in token range r that tell
// a step after the signing. entry: the clause says something came into
// force or took effect ("into force", "into effect", "took effect"). any:
// that, or that it was ratified, was "in force" or "effective" ("still in
// force in 1930", "effective from 1920"), or its effects ("Germany felt the
// effects of Versailles in 1923"), which come after the signing too. "The
// use of force" tells none of these.
func forceClauses(doc *analysis.Document, r analysis.Range, clauseOf func(int) int) (entry, any map[int]bool) {
	entry, any = map[int]bool{}, map[int]bool{}
	for ti := r.Start; ti < r.End; ti++ {
		w, prev := strings.ToLower(doc.Tokens[ti].Norm), ""
		if ti > r.Start {
			prev = strings.ToLower(doc.Tokens[ti-1].Norm)
		}
		c := clauseOf(ti)
		switch {
		case w == "force" && prev == "into",
			w == "effect" && (prev == "into" || prev == "took" || prev == "take" || prev == "takes" || prev == "taking"):
			entry[c], any[c] = true, true
		case w == "force" && prev == "in", w == "effective", w == "effect", w == "effects", ratifyWords[w]:
			any[c] = true
		}
	}
	return entry, any
}

var beginWords = set("began", "begun", "begin", "begins", "started", "start", "starts", "launched", "opened", "outbreak")
var endWords = set("ended", "end", "ends", "finished", "completed", "concluded")

func (c candidate) dist(e *Expr) int {
	switch {
	case e.tokEnd <= c.a0:
		return c.a0 - e.tokEnd
	case c.a1 <= e.tokStart:
		return e.tokStart - c.a1
	}
	return 0
}

// judge compares an expression with a fact, allowing for granularity, the
// Julian calendar and the relation the sentence states.
func judge(e *Expr, c *candidate) string {
	f := c.f
	ef, el := f.first, f.last
	switch c.phase {
	case 'b':
		el = f.startLast
	case 'e':
		ef = f.endFirst
	}
	if g := julianGap(el); g > 0 {
		ef, el = ef.AddDate(0, 0, -g), el.AddDate(0, 0, g)
	}
	if f.birth {
		ef, el = ef.AddDate(-1, 0, 0), el.AddDate(1, 0, 0)
	}
	sf, sl := e.From, e.To
	if e.Approximate {
		sf, sl = sf.AddDate(-1, 0, 0), sl.AddDate(1, 0, 0)
	}
	switch e.Relation {
	case At:
		if !sl.Before(ef) && !sf.After(el) {
			return VerdictConsistent
		}
		return VerdictConflict
	case By:
		if !ef.After(sl) {
			return VerdictConsistent
		}
		return VerdictConflict
	case Before:
		if el.Before(sf) {
			return VerdictConsistent
		}
		if ef.After(sl) {
			return VerdictConflict
		}
	case After:
		if ef.After(sl) {
			return VerdictConsistent
		}
		if el.Before(sf) {
			return VerdictConflict
		}
	}
	return VerdictUnknown
}

func checkable(e *Expr) bool {
	return e.Resolved && !e.Contextual && e.Impossible == "" && e.Kind != KindRelative && e.Kind != KindDayMonth
}

// mismatch is a date written beside a numbered event it does not fit, when
// another event of the series fits it: "the 1921 11th Party Congress" (the
// 10th met in 1921, the 11th in 1922).
type mismatch struct {
	Expr    int
	Written *factRef // the event as numbered in the essay
	Fits    *factRef // the event of the series the date fits
}

// checkResult is what check found.
type checkResult struct {
	checks       []dateCheck
	mismatches   []mismatch
	anachronisms []anachronism
	// orders are dates that put an event before one of its causes.
	orders []orderError
}

// check ties expressions to the pack's events and people, sentence by
// sentence, and judges them.
func (k *knowledge) check(doc *analysis.Document, exprs []Expr) checkResult {
	res := checkResult{checks: make([]dateCheck, len(exprs))}
	for i := range res.checks {
		res.checks[i].Verdict = VerdictUnknown
	}
	bySentence := map[int][]int{}
	for i := range exprs {
		bySentence[exprs[i].Sentence] = append(bySentence[exprs[i].Sentence], i)
	}
	mentions := map[int][]history.Mention{}
	for _, m := range k.pack.Mentions(doc) {
		ti := tokenIndex(doc, m.Start)
		if ti < len(doc.Tokens) {
			s := doc.Tokens[ti].Sentence
			if len(bySentence[s]) > 0 {
				mentions[s] = append(mentions[s], m)
			}
		}
	}
	for si, ms := range mentions {
		k.checkSentence(doc, si, ms, exprs, bySentence[si], &res)
	}
	sort.Slice(res.anachronisms, func(i, j int) bool { return res.anachronisms[i].Expr < res.anachronisms[j].Expr })
	res.orders = k.orderErrors(exprs, res.checks)
	return res
}

func (k *knowledge) checkSentence(doc *analysis.Document, si int, ms []history.Mention, exprs []Expr, idx []int, res *checkResult) {
	sent := doc.Sentences[si]
	r := sent.Tokens
	cl := clauses(doc, si)
	clauseOf := func(ti int) int { return cl[ti-r.Start] }
	var persons []personAt
	var cands []candidate
	for _, m := range ms {
		t0 := tokenIndex(doc, m.Start)
		t1 := t0
		for t1 < r.End && doc.Tokens[t1].Start < m.End {
			t1++
		}
		if t0 >= r.End || t1 <= t0 {
			continue
		}
		switch m.Kind {
		case history.KindPerson:
			poss := t1 < r.End && !doc.Tokens[t1].SpaceBefore && (doc.Tokens[t1].Norm == "'s" || doc.Tokens[t1].Norm == "'")
			persons = append(persons, personAt{id: m.ID, first: t0, end: t1, possessive: poss})
		case history.KindEvent:
			f := k.byEvent[m.ID]
			if f == nil || qualifiedByOtherName(doc, t0, r.Start) {
				continue
			}
			cands = append(cands, candidate{f: f, a0: t0, a1: t1, clause: clauseOf(t0), named: true})
		}
	}
	// Events told with a verb: "Stalin became General Secretary".
	words := map[int]map[string]bool{}
	for ti := r.Start; ti < r.End; ti++ {
		c := clauseOf(ti)
		if words[c] == nil {
			words[c] = map[string]bool{}
		}
		w := strings.ToLower(doc.Tokens[ti].Norm)
		words[c][w] = true
		if strings.Contains(w, "-") {
			for _, part := range strings.Split(w, "-") {
				words[c][part] = true
			}
		}
	}
	personsBy := map[int][]personAt{}
	for _, p := range persons {
		personsBy[clauseOf(p.first)] = append(personsBy[clauseOf(p.first)], p)
	}
	for ti := r.Start; ti < r.End; ti++ {
		w := strings.ToLower(doc.Tokens[ti].Norm)
		groups := verbGroups[w]
		if len(groups) == 0 || len(personsBy[clauseOf(ti)]) > maxPerClause {
			continue
		}
		if ti > r.Start && strings.EqualFold(doc.Tokens[ti-1].Norm, "to") && !nominal(w) {
			// "urging her to marry", "hoped to become": wished, not done.
			continue
		}
		for _, g := range groups {
			// "Stalin was appointed", "Kirov was murdered": the person named
			// suffers these; "Stalin appointed…", "Stalin executed…" are
			// about someone else.
			if patientGroups[g] && !intransitive[w] && !passive(doc, ti, r.Start) && !nominal(w) {
				continue
			}
			for _, fv := range k.byVerb[g] {
				if k.variantHolds(doc, fv.v, ti, r.Start, clauseOf, personsBy[clauseOf(ti)], persons, words[clauseOf(ti)]) {
					cands = append(cands, candidate{f: fv.f, a0: ti, a1: ti + 1, clause: clauseOf(ti)})
				}
			}
		}
	}
	// A clause about coming into force or ratification tells a later step
	// than the one the pack dates (Versailles was signed in June 1919 and in
	// force from January 1920): its date is not checked against the event,
	// unless the event's own name is about that step.
	// When the pack records the date the event came into force and the
	// clause says just that ("came into force", "took effect"), the date is
	// checked against it instead; ratification, which may come before or
	// after, stays unchecked.
	entry, later := forceClauses(doc, r, clauseOf)
	kept := cands[:0]
	for _, cd := range cands {
		switch {
		case !later[cd.clause] || cd.f.aboutForce:
		case cd.f.inForce != nil && entry[cd.clause] && !hasAny(words[cd.clause], ratifyWords) && !hasAny(words[cd.clause], signWords):
			cd.f = cd.f.inForce
		default:
			continue
		}
		kept = append(kept, cd)
	}
	cands = kept
	for ci := range cands {
		ws := words[cands[ci].clause]
		switch {
		case hasAny(ws, beginWords) && !hasAny(ws, endWords):
			cands[ci].phase = 'b'
		case hasAny(ws, endWords) && !hasAny(ws, beginWords):
			cands[ci].phase = 'e'
		}
	}
	// Everything from here on happens within one clause. Clauses with more
	// than maxPerClause dates, events or people are not prose and are left
	// unjudged, which keeps the work linear in the text.
	candsBy := map[int][]candidate{}
	for _, cd := range cands {
		candsBy[cd.clause] = append(candsBy[cd.clause], cd)
	}
	idxBy := map[int][]int{}
	for _, i := range idx {
		c := clauseOf(exprs[i].tokStart)
		idxBy[c] = append(idxBy[c], i)
	}
	question := isQuestion(doc, si)
	for c, ids := range idxBy {
		if len(ids) > maxPerClause || len(candsBy[c]) > maxPerClause || len(personsBy[c]) > maxPerClause {
			continue
		}
		if len(candsBy[c]) > 0 {
			k.judgeSentence(doc, exprs, ids, candsBy[c], clauseOf, question, res)
			k.numberMismatches(doc, exprs, ids, candsBy[c], question, res)
		}
		k.anachronisms(doc, si, exprs, ids, personsBy[c], clauseOf, words, res)
	}
}

// maxPerClause bounds the dates, events and people judged in one clause.
const maxPerClause = 64

// qualifiedByOtherName reports whether the name at t0 follows a capitalised
// word inside the sentence ("the English Civil War"), so it names something
// else.
func qualifiedByOtherName(doc *analysis.Document, t0, sentStart int) bool {
	if t0 <= sentStart {
		return false
	}
	p := doc.Tokens[t0-1]
	if p.Kind != analysis.KindWord || t0-1 == sentStart {
		return false
	}
	r, _ := utf8.DecodeRuneInString(p.Text)
	return unicode.IsUpper(r) && p.Norm != "I"
}

func (k *knowledge) variantHolds(doc *analysis.Document, v *variant, ti, sentStart int, clauseOf func(int) int,
	persons, all []personAt, clauseWords map[string]bool) bool {
	for _, o := range v.objects {
		if !clauseWords[o] {
			return false
		}
	}
	c := clauseOf(ti)
	if len(v.persons) == 0 || v.personOptional {
		// No one named: a passive ("the Assembly was dissolved").
		if passive(doc, ti, sentStart) {
			return true
		}
		// Or the verb right beside what it acts on: "stormed the Bastille",
		// "the Bastille fell", "Calais fell".
		if len(v.objects) > 0 && objectBeside(doc, ti, v.objects[0], clauseOf) {
			return true
		}
		if len(v.persons) == 0 {
			return false
		}
	}
	// The nearest person named before the verb, in its clause, must be one
	// of the event's people.
	var subject *personAt
	for i := range persons {
		p := &persons[i]
		if p.possessive || p.end > ti || ti-p.end > 12 || clauseOf(p.first) != c {
			continue
		}
		if subject == nil || p.end > subject.end {
			subject = p
		}
	}
	if subject == nil {
		subject = pronounSubject(doc, ti, sentStart, clauseOf, all)
	}
	if subject == nil {
		return false
	}
	for _, id := range v.persons {
		if id == subject.id {
			return true
		}
	}
	return false
}

// pronounSubject resolves "he" or "she" just before the verb at ti ("…, he
// returned to Russia in April 1917") to the one person the sentence named
// before it, when it named exactly one; nil otherwise.
func pronounSubject(doc *analysis.Document, ti, sentStart int, clauseOf func(int) int, all []personAt) *personAt {
	p := ti - 1
	for p > sentStart && (doc.Tokens[p].Tag == "RB" || doc.Tokens[p].Tag == "VBD" && isAux(doc.Tokens[p].Norm)) {
		p--
	}
	if p < sentStart || clauseOf(p) != clauseOf(ti) {
		return nil
	}
	switch strings.ToLower(doc.Tokens[p].Norm) {
	case "he", "she":
	default:
		return nil
	}
	var found *personAt
	for i := range all {
		m := &all[i]
		if m.end > p {
			continue
		}
		if found != nil && found.id != m.id {
			return nil
		}
		found = m
	}
	return found
}

func isAux(w string) bool {
	switch strings.ToLower(w) {
	case "was", "had", "were":
		return true
	}
	return false
}

// isQuestion reports whether sentence si ends with a question mark.
func isQuestion(doc *analysis.Document, si int) bool {
	toks := doc.SentenceTokens(si)
	return len(toks) > 0 && toks[len(toks)-1].Norm == "?"
}

// guarded reports whether a guard word stands in e's clause before it or
// within three tokens after it, up to a punctuation mark ("it was not in
// 1924", "in 1924 or not").
func guarded(doc *analysis.Document, e *Expr, clauseOf func(int) int) bool {
	s := doc.Sentences[e.Sentence].Tokens
	c := clauseOf(e.tokStart)
	from := e.tokStart
	for from > s.Start && clauseOf(from-1) == c {
		from--
	}
	for j := from; j < s.End && j < e.tokEnd+3; j++ {
		if j >= e.tokEnd && doc.Tokens[j].Kind == analysis.KindPunct {
			break // "in June 1788, promising not to separate": another matter
		}
		if clauseOf(j) == c && guardWords[strings.ToLower(doc.Tokens[j].Norm)] {
			return true
		}
	}
	return false
}

func (k *knowledge) judgeSentence(doc *analysis.Document, exprs []Expr, idx []int, cands []candidate, clauseOf func(int) int, question bool, res *checkResult) {
	// Each candidate's nearest checkable expression in its clause.
	nearestExpr := make([]int, len(cands))
	for ci, c := range cands {
		nearestExpr[ci] = -1
		best := 1 << 30
		for _, i := range idx {
			e := &exprs[i]
			if !checkable(e) || clauseOf(e.tokStart) != c.clause {
				continue
			}
			if d := c.dist(e); d < best {
				best, nearestExpr[ci] = d, i
			}
		}
	}
	for _, i := range idx {
		e := &exprs[i]
		if !checkable(e) || e.Relation == Other {
			continue
		}
		var consistent, nearest *candidate
		nearestD, tie := 1<<30, false
		for ci := range cands {
			c := &cands[ci]
			if c.clause != clauseOf(e.tokStart) {
				continue
			}
			v := judge(e, c)
			switch d := c.dist(e); {
			case d < nearestD:
				nearest, nearestD, tie = c, d, false
			case d == nearestD && c.f != nearest.f && v != VerdictConflict:
				tie = true
			}
		}
		// A date is consistent when it fits the event nearest it, or an
		// event whose nearest date it is.
		for ci := range cands {
			c := &cands[ci]
			if c.clause != clauseOf(e.tokStart) || (c != nearest && nearestExpr[ci] != i) {
				continue
			}
			if judge(e, c) == VerdictConsistent && (consistent == nil || c.dist(e) < consistent.dist(e)) {
				consistent = c
			}
		}
		switch {
		case consistent != nil:
			res.checks[i] = dateCheck{Verdict: VerdictConsistent, Fact: k.factOf(consistent.f), phase: consistent.phase}
		case nearest == nil || tie || question || guarded(doc, e, clauseOf) || otherDateFits(exprs, idx, i, nearest, clauseOf):
		default:
			mutual := false
			for ci := range cands {
				if cands[ci].f == nearest.f && nearestExpr[ci] == i {
					mutual = true
				}
			}
			if mutual && judge(e, nearest) == VerdictConflict && !linkedElsewhere(doc, e, nearest) && !laterPhase(e, nearest) {
				res.checks[i] = dateCheck{Verdict: VerdictConflict, Fact: k.factOf(nearest.f), phase: nearest.phase}
			}
		}
	}
}

// laterPhase reports whether a date said to begin or end an event falls in
// the half of the event's span that the verb points to: "Marshall Aid began
// in 1948" may mean the aid arriving, "Operation Reinhard began in March
// 1942" the gassing, "the Marshall Plan ended in 1951" the Mutual Security
// Act taking over. Where an event unfolds in phases, references date its
// start and end by different ones, so such a date is not accused. A date
// outside the span ("Marshall Aid began in April 1947"), or in the wrong
// half of it ("the First Five-Year Plan began in 1932", "Marshall Aid ended
// in 1949"), still is. A start or end the pack dates to the day is one
// moment, not a phase ("the Korean War began in June 1951" is wrong: the
// invasion of 25 June 1950 began it), and has no such tolerance.
func laterPhase(e *Expr, c *candidate) bool {
	f := c.f
	mid := f.first.Add(f.last.Sub(f.first) / 2)
	var lo, hi = f.first, f.last
	switch c.phase {
	case 'b':
		if f.startPrec == history.PrecisionDay {
			return false
		}
		hi = mid
	case 'e':
		if f.endPrec == history.PrecisionDay {
			return false
		}
		lo = mid
	default:
		return false
	}
	sf, sl := e.From, e.To
	if e.Approximate {
		sf, sl = sf.AddDate(-1, 0, 0), sl.AddDate(1, 0, 0)
	}
	return e.Relation == At && !sl.Before(lo) && !sf.After(hi)
}

// numberMismatches finds dates written right beside a numbered event ("the
// 1921 11th Party Congress", "the 12th Party Congress in 1921") that the
// event does not fit but another of its series does: the number or the year
// is wrong, and the sentence cannot say which, so it is reported as the
// inconsistency it is, whatever else in the clause the date fits (the ban
// on factions, 1921).
func (k *knowledge) numberMismatches(doc *analysis.Document, exprs []Expr, idx []int, cands []candidate, question bool, res *checkResult) {
	if question {
		return
	}
	for _, c := range cands {
		if !c.named || c.f.number == 0 {
			continue
		}
		for _, i := range idx {
			e := &exprs[i]
			if !checkable(e) || e.Relation != At || !besideName(doc, e, &c) || judge(e, &c) != VerdictConflict {
				continue
			}
			for _, sib := range k.series[c.f.series] {
				if sib == c.f {
					continue
				}
				other := candidate{f: sib}
				if judge(e, &other) == VerdictConsistent {
					res.mismatches = append(res.mismatches, mismatch{Expr: i, Written: k.factOf(c.f), Fits: k.factOf(sib)})
					res.checks[i] = dateCheck{Verdict: VerdictConflict, Fact: k.factOf(c.f)}
					break
				}
			}
		}
	}
}

// besideName reports whether the date is written against the event's name:
// right before it ("the 1921 11th Party Congress") or right after it, with at
// most "of" or "in" between ("the 11th Party Congress of 1921").
func besideName(doc *analysis.Document, e *Expr, c *candidate) bool {
	if e.tokEnd == c.a0 {
		return true
	}
	if e.tokStart >= c.a1 && e.tokStart-c.a1 <= 1 {
		if e.tokStart == c.a1 {
			return true
		}
		switch strings.ToLower(doc.Tokens[c.a1].Norm) {
		case "of", "in":
			return true
		}
	}
	return false
}

func (k *knowledge) anachronisms(doc *analysis.Document, si int, exprs []Expr, idx []int, persons []personAt,
	clauseOf func(int) int, words map[int]map[string]bool, res *checkResult) {
	r := doc.Sentences[si].Tokens
	for _, p := range persons {
		if p.possessive || p.end >= r.End {
			continue
		}
		per, ok := k.pack.Person(p.id)
		if !ok || per.Died.IsZero() {
			continue
		}
		v := doc.Tokens[p.end]
		low := strings.ToLower(v.Norm)
		acting := false
		switch {
		case notActing[low]:
		case low == "had" && p.end+1 < r.End && doc.Tokens[p.end+1].Tag == "VBN":
			acting = !notActing[strings.ToLower(doc.Tokens[p.end+1].Norm)]
		case v.Tag == "VBD" || v.Tag == "VBZ" || v.Tag == "VBP":
			acting = true
		case v.Tag == "VBN" && strings.HasSuffix(low, "ed"):
			// The tagger often reads "Harold rebelled against…" as a
			// participle; "Lenin, admired by…" is passive.
			acting = p.end+1 >= r.End || strings.ToLower(doc.Tokens[p.end+1].Norm) != "by"
		}
		c := clauseOf(p.first)
		if !acting || hasAny(words[c], afterlifeWords) {
			continue
		}
		for _, i := range idx {
			e := &exprs[i]
			if !checkable(e) || e.Relation != At || clauseOf(e.tokStart) != c {
				continue
			}
			if e.From.Year() > per.Died.Year {
				res.anachronisms = append(res.anachronisms, anachronism{Expr: i, Person: *per,
					Span: analysis.Span{Start: doc.Tokens[p.first].Start, End: doc.Tokens[p.end-1].End}})
				break
			}
		}
	}
}

func hasAny(ws map[string]bool, list map[string]bool) bool {
	for w := range ws {
		if list[w] {
			return true
		}
	}
	return false
}

func (k *knowledge) factOf(f *fact) *factRef {
	out := &factRef{ID: f.id, Name: f.name}
	if id, ok := strings.CutSuffix(f.id, inForceSuffix); ok {
		if ev, ok := k.pack.Event(id); ok {
			out.Correct, out.Value, out.Sources = intervalWords(ev.InForce), ev.InForce.String(), ev.InForceSources
			return out
		}
	}
	if ev, ok := k.pack.Event(f.id); ok {
		out.Correct, out.Value, out.Sources = intervalWords(ev.When), ev.When.String(), ev.Sources
		return out
	}
	if f.office != nil {
		out.Correct, out.Value, out.Sources = dateWords(f.office.From), f.office.From.String(), f.office.Sources
		return out
	}
	id, what, _ := strings.Cut(f.id, "#")
	if per, ok := k.pack.Person(id); ok {
		d := per.Died
		if what == "birth" {
			d = per.Born
		}
		out.Correct, out.Value, out.Sources = dateWords(d), d.String(), per.Sources
	}
	return out
}

// dateWords writes "3 April 1922", "April 1922" or "1922".
func dateWords(d history.Date) string {
	switch d.Precision() {
	case history.PrecisionDay:
		return fmt.Sprintf("%d %s %d", d.Day, monthDisplay[d.Month], d.Year)
	case history.PrecisionMonth:
		return fmt.Sprintf("%s %d", monthDisplay[d.Month], d.Year)
	}
	return itoa(d.Year)
}

// intervalWords writes "3 April 1922", "8–16 March 1921", "1918–1921",
// "October 1928 – December 1932" or "the 1920s".
func intervalWords(iv history.Interval) string {
	a, b := iv.From, iv.To
	switch {
	case iv.Precision == history.PrecisionDecade:
		return "the " + itoa(a.Year) + "s"
	case a == b:
		return dateWords(a)
	case a.Precision() == history.PrecisionYear && b.Precision() == history.PrecisionYear:
		return fmt.Sprintf("%d–%d", a.Year, b.Year)
	case a.Precision() == history.PrecisionDay && b.Precision() == history.PrecisionDay && a.Year == b.Year && a.Month == b.Month:
		return fmt.Sprintf("%d–%d %s %d", a.Day, b.Day, monthDisplay[a.Month], a.Year)
	case a.Precision() == history.PrecisionDay && b.Precision() == history.PrecisionDay && a.Year == b.Year:
		return fmt.Sprintf("%d %s – %d %s %d", a.Day, monthDisplay[a.Month], b.Day, monthDisplay[b.Month], a.Year)
	}
	return dateWords(a) + " – " + dateWords(b)
}

// linkWords between a date and an event show the date belongs to something
// else: "in May 1922, a month after Stalin became General Secretary".
var linkWords = set("after", "before", "when", "while", "since", "until", "following", "than", "because",
	"later", "earlier", "ago", "which", "whom", "whose", "once")

func linkedElsewhere(doc *analysis.Document, e *Expr, c *candidate) bool {
	lo, hi := e.tokEnd, c.a0
	if c.a1 <= e.tokStart {
		lo, hi = c.a1, e.tokStart
	}
	for i := lo; i < hi && i < len(doc.Tokens); i++ {
		if linkWords[strings.ToLower(doc.Tokens[i].Norm)] {
			return true
		}
	}
	return false
}

// objectBeside reports whether word w is within three tokens of the verb at
// ti, in its clause.
func objectBeside(doc *analysis.Document, ti int, w string, clauseOf func(int) int) bool {
	s := doc.Sentences[doc.Tokens[ti].Sentence].Tokens
	for j := max(ti-3, s.Start); j <= min(ti+3, s.End-1); j++ {
		if j != ti && clauseOf(j) == clauseOf(ti) && strings.ToLower(doc.Tokens[j].Norm) == w {
			return true
		}
	}
	return false
}

// otherDateFits reports whether another date in the clause fits the event:
// then the sentence has its date right and e belongs to something else.
func otherDateFits(exprs []Expr, idx []int, i int, c *candidate, clauseOf func(int) int) bool {
	for _, j := range idx {
		if j != i && checkable(&exprs[j]) && clauseOf(exprs[j].tokStart) == c.clause && judge(&exprs[j], c) == VerdictConsistent {
			return true
		}
	}
	return false
}

// patientGroups are kinds of happening whose named person undergoes them.
var patientGroups = set("appoint", "execute", "murder", "expel", "deport", "exile", "remove", "born")

// intransitive forms tell the event with the person as subject: "Stalin
// became General Secretary", "Trotsky lost his post".
var intransitive = set("become", "becomes", "became", "lost", "born")

// nominal reports whether w is a noun form ("execution", "death"), which a
// name such as "Kirov's murder" or "the murder of Kirov" carries.
func nominal(w string) bool {
	return strings.HasSuffix(w, "ion") || strings.HasSuffix(w, "ment") || w == "murder" || w == "death"
}

// passive reports whether the verb at ti follows "was", "were", "been",
// "is", "be" or "being" within two tokens.
func passive(doc *analysis.Document, ti, sentStart int) bool {
	for j := ti - 1; j >= ti-2 && j >= sentStart; j-- {
		switch strings.ToLower(doc.Tokens[j].Norm) {
		case "was", "were", "been", "is", "be", "being", "are":
			return true
		}
	}
	return false
}
