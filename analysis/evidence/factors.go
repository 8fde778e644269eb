package evidence

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/clio-history/clio/analysis"
)

// minSignals is how many sentences signalling a factor show it is dealt
// with even when no paragraph is mainly about it.
const minSignals = 2

// coverage returns, for each factor the essay deals with, the span of its
// first signal. A factor is dealt with when it is signalled in at least
// minSignals sentences, or when it is the most signalled factor of a body
// paragraph: one passing mention ("Lenin's funeral" in a paragraph about
// Trotsky, or a list of names in one sentence) is not a discussion. Signals in repeated sentences or off-topic paragraphs are
// ignored. Each paragraph records its factors, most signalled first.
func (r *result) coverage(doc *analysis.Document, signals []signal) map[string]analysis.Span {
	known := map[string]bool{}
	for _, f := range r.factors {
		known[f.id] = true
	}
	first := map[string]analysis.Span{}
	total := map[string]int{} // sentences signalling each factor
	lastSentence := map[string]int{}
	perPara := make([]map[string]int, len(doc.Paragraphs))
	for _, s := range signals {
		if !known[s.factor] || s.span.Start < 0 || s.span.End > len(doc.Text) || s.span.Start > s.span.End {
			continue
		}
		si := doc.SentenceAt(s.span.Start)
		if si < 0 || r.dupSent[si] {
			continue
		}
		pi := doc.Sentences[si].Paragraph
		if r.paras[pi].duplicate || !r.paras[pi].onTopic {
			continue
		}
		if _, ok := first[s.factor]; !ok {
			first[s.factor] = s.span
		}
		if last, ok := lastSentence[s.factor]; !ok || last != si {
			total[s.factor]++
			lastSentence[s.factor] = si
		}
		if perPara[pi] == nil {
			perPara[pi] = map[string]int{}
		}
		perPara[pi][s.factor]++
		if si == doc.Paragraphs[pi].Sentences.Start && !containsString(r.paras[pi].opening, s.factor) {
			r.paras[pi].opening = append(r.paras[pi].opening, s.factor)
		}
	}
	out := map[string]analysis.Span{}
	for id, n := range total {
		if n >= minSignals {
			out[id] = first[id]
		}
	}
	for pi, counts := range perPara {
		if len(counts) == 0 {
			continue
		}
		most := 0
		for _, n := range counts {
			most = max(most, n)
		}
		// The factors the paragraph is about: those its opening sentence
		// signals, then those it signals at least twice, most first.
		r.paras[pi].factors = append(r.paras[pi].factors, r.paras[pi].opening...)
		for n := most; n >= 2; n-- {
			for _, f := range r.factors {
				if counts[f.id] == n && !containsString(r.paras[pi].factors, f.id) {
					r.paras[pi].factors = append(r.paras[pi].factors, f.id)
				}
			}
		}
		if r.paras[pi].role != roleBody {
			continue
		}
		for id, n := range counts {
			if n == most {
				out[id] = first[id]
			}
		}
	}
	return out
}

func containsString(xs []string, s string) bool {
	for _, x := range xs {
		if x == s {
			return true
		}
	}
	return false
}

// factorFindings reports the factors covered (at their first signal) and
// missed (for the whole essay), in the guide's order.
func (r *result) factorFindings(doc *analysis.Document, add func(analysis.Finding)) {
	if !r.hasFactors {
		return
	}
	for _, f := range r.factors {
		if span, ok := r.covered[f.id]; ok {
			add(analysis.Finding{Code: CodeFactorCovered, Severity: analysis.SeverityInfo, Span: span,
				Message: fmt.Sprintf("You cover one of the reasons strong answers weigh: %s.", strings.TrimSuffix(f.name, ".")),
				Data:    map[string]string{"factor": f.id, "name": f.name}})
			continue
		}
		msg := fmt.Sprintf("A reason strong answers weigh is missing: %s", strings.TrimSuffix(f.name, "."))
		if f.about != "" {
			msg += " (" + strings.TrimSuffix(phrase(f.about), ".") + ")"
		}
		msg += ". Consider it alongside the reasons you give"
		if f.example != "" {
			msg += ", using evidence such as " + f.example
		}
		msg += "."
		add(analysis.Finding{Code: CodeFactorMissing, Severity: analysis.SeverityInfo,
			Span: analysis.Span{Start: 0, End: 0}, Message: msg,
			Data: map[string]string{"factor": f.id, "name": f.name}})
	}
}

// phrase turns a factor's name into words that fit after "discusses":
// a leading "His" or "The" is lower-cased, names are left alone.
func phrase(s string) string {
	first, _, _ := strings.Cut(s, " ")
	switch first {
	case "His", "Her", "Their", "The", "A", "An", "Its":
		return strings.ToLower(s[:1]) + s[1:]
	}
	return s
}

// unsupportedMessage says what evidence would help paragraph pi, naming its
// subject: the factor of the question it deals with when the pack knows one
// (with a dated example from the pack), otherwise its opening claim.
func (r *result) unsupportedMessage(doc *analysis.Document, pi int) string {
	const how = "Add a precise detail: a date, a named person or event, a figure or a short quotation, then explain what it proves."
	for _, id := range r.paras[pi].factors {
		for _, f := range r.factors {
			if f.id != id {
				continue
			}
			msg := fmt.Sprintf("This paragraph deals with %s but gives no specific evidence for it.", strings.TrimSuffix(phrase(f.name), "."))
			if f.example != "" {
				return msg + fmt.Sprintf(" Support the point with a precise detail, such as %s, and explain what it shows.", f.example)
			}
			return msg + " " + how
		}
	}
	if claim := openingClaim(doc, pi); claim != "" {
		return fmt.Sprintf("This paragraph argues that %s, but gives no specific evidence for it. "+
			"Show it with a precise example: who was involved, what they did and when, and a figure or a short quotation that proves it.", claim)
	}
	if subj := subjectOf(doc, pi, r.subjectWords); subj != "" {
		return fmt.Sprintf("This paragraph makes a point about %s but gives no specific evidence for it. "+
			"Show it with a precise example: when it happened, who was involved, and a figure or a short quotation that proves its effect.", subj)
	}
	return "This paragraph makes claims without specific evidence. " + how
}

// maxClaimWords bounds an opening sentence quoted back in a message.
const maxClaimWords = 16

// openingClaim is the paragraph's first sentence as a clause to follow
// "argues that": without its closing punctuation or an opening connective,
// and with a leading capital lowered unless the word is a name. It is "" when
// the sentence is long, a question, or not a statement.
func openingClaim(doc *analysis.Document, pi int) string {
	p := doc.Paragraphs[pi]
	if p.Sentences.Len() == 0 {
		return ""
	}
	toks := doc.SentenceTokens(p.Sentences.Start)
	words, verb := 0, false
	for _, t := range toks {
		if t.Kind == analysis.KindWord || t.Kind == analysis.KindNumber {
			words++
		}
		if strings.HasPrefix(t.Tag, "VB") || t.Tag == "MD" {
			verb = true
		}
	}
	if words < 3 || words > maxClaimWords || !verb {
		return ""
	}
	// Skip a leading connective: "Another reason was…" stays, "However, …" goes.
	i := 0
	for i < len(toks) && (connectives[toks[i].Lower()] || toks[i].Kind == analysis.KindPunct) {
		i++
	}
	last := len(toks) - 1
	for last > i && toks[last].Kind == analysis.KindPunct && toks[last].Norm != "\"" && toks[last].Norm != "'" {
		if toks[last].Norm == "?" {
			return ""
		}
		last--
	}
	if i > last {
		return ""
	}
	claim := doc.Text[toks[i].Start:toks[last].End]
	if first := toks[i]; first.Tag != "NNP" && first.Tag != "NNPS" && first.Norm != "I" {
		r, size := utf8.DecodeRuneInString(claim)
		claim = string(unicode.ToLower(r)) + claim[size:]
	}
	return claim
}

// subjectOf returns the first noun phrase (adjectives and nouns ending in a
// noun) of the paragraph's opening sentence that is more than a function word.
func subjectOf(doc *analysis.Document, pi int, questionNames map[string]bool) string {
	p := doc.Paragraphs[pi]
	if p.Sentences.Len() == 0 {
		return ""
	}
	toks := doc.SentenceTokens(p.Sentences.Start)
	for i := 0; i < len(toks); i++ {
		if !isNounish(toks[i]) {
			continue
		}
		j := i
		for j+1 < len(toks) && isNounish(toks[j+1]) && toks[j+1].SpaceBefore {
			j++
		}
		// The phrase must end in a noun that says something.
		last := toks[j]
		if !strings.HasPrefix(last.Tag, "NN") || stopwords[last.Lower()] || len(last.Norm) < 3 || questionNames[last.Lower()] {
			i = j
			continue
		}
		k := i
		for k < j && (stopwords[toks[k].Lower()] || !strings.HasPrefix(toks[k].Tag, "NN") && !strings.HasPrefix(toks[k].Tag, "JJ")) {
			k++
		}
		return doc.Text[toks[k].Start:last.End]
	}
	return ""
}

func isNounish(t analysis.Token) bool {
	return t.Kind == analysis.KindWord && (strings.HasPrefix(t.Tag, "NN") || strings.HasPrefix(t.Tag, "JJ"))
}
