package persuade

import (
	"github.com/clio-history/clio/analysis"
)

// Labels are the essay-level answers a reader gives.
type Labels struct {
	// Thesis: a thesis (human: a Position element) starts in the first
	// paragraph.
	Thesis bool
	// ThesisSpans are where it is: the human Position spans, or Clio's
	// thesis sentence.
	ThesisSpans []analysis.Span
	// Conclusion: the essay has a conclusion (human: a Concluding
	// Statement element).
	Conclusion bool
	// Counter: the essay considers a counter-argument (human: any
	// Counterclaim or Rebuttal element).
	Counter bool
	// BodyClaim says, for each body paragraph (every paragraph of five
	// words or more but the first and the last), whether its first
	// sentence opens a claim (human: holds the start of a Claim element).
	BodyClaim []bool
}

// bodyParagraphs are the indices of the body paragraphs: all but the first
// and the last, when there are three or more, leaving out lines of fewer
// than five words (salutations, sign-offs and titles are not paragraphs of
// an argument).
func bodyParagraphs(doc *analysis.Document) []int {
	var out []int
	for p := 1; p < len(doc.Paragraphs)-1; p++ {
		if doc.Paragraphs[p].Words >= minBodyWords {
			out = append(out, p)
		}
	}
	return out
}

const minBodyWords = 5

// firstSentence is the span of paragraph p's first sentence.
func firstSentence(doc *analysis.Document, p int) analysis.Span {
	r := doc.Paragraphs[p].Sentences
	if r.Len() == 0 {
		return doc.Paragraphs[p].Span
	}
	return doc.Sentences[r.Start].Span
}

// Human reads the expert annotation of e, on e's parsed document (whose
// paragraphs and sentences say where the first paragraph and each body
// paragraph's first sentence are).
func Human(doc *analysis.Document, e Essay) Labels {
	var l Labels
	first := doc.Paragraphs[0].Span
	for _, el := range e.Elements {
		switch el.Type {
		case "Position":
			if el.Start < first.End {
				l.Thesis = true
			}
			l.ThesisSpans = append(l.ThesisSpans, analysis.Span{Start: el.Start, End: el.End})
		case "Concluding Statement":
			l.Conclusion = true
		case "Counterclaim", "Rebuttal":
			l.Counter = true
		}
	}
	for _, p := range bodyParagraphs(doc) {
		s := firstSentence(doc, p)
		claim := false
		for _, el := range e.Elements {
			if el.Type == "Claim" && el.Start >= s.Start && el.Start < s.End {
				claim = true
			}
		}
		l.BodyClaim = append(l.BodyClaim, claim)
	}
	return l
}

// Reader turns the analyzer's findings into Labels. Codes names the finding
// codes that mean each element.
type Reader struct {
	Thesis     []string
	Conclusion []string
	Counter    []string
	Claim      []string
}

// Clio reads the argument analyzer's findings on res.
func (r Reader) Clio(res *analysis.Result) Labels {
	var l Labels
	doc := res.Document
	in := func(code string, list []string) bool {
		for _, c := range list {
			if c == code {
				return true
			}
		}
		return false
	}
	claimAt := map[int]bool{}
	for _, f := range res.Findings {
		switch {
		case in(f.Code, r.Thesis):
			if doc.ParagraphAt(f.Start) == 0 && f.Data["role"] != "also" {
				l.Thesis = true
				l.ThesisSpans = append(l.ThesisSpans, f.Span)
			}
		case in(f.Code, r.Conclusion):
			l.Conclusion = true
		case in(f.Code, r.Counter):
			l.Counter = true
		case in(f.Code, r.Claim):
			if p := doc.ParagraphAt(f.Start); p >= 0 {
				s := firstSentence(doc, p)
				if f.Start >= s.Start && f.Start < s.End {
					claimAt[p] = true
				}
			}
		}
	}
	for _, p := range bodyParagraphs(doc) {
		l.BodyClaim = append(l.BodyClaim, claimAt[p])
	}
	return l
}
