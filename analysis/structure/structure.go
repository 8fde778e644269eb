package structure

import (
	"context"
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/clio-history/clio/analysis"
)

// Thresholds, in words. A sixth-form body paragraph usually runs to 100–200
// words; under 40 it cannot make, support and explain a point, and over 300
// it is usually two points that want separating.
const (
	shortParagraph = 40
	longParagraph  = 300
	longSentence   = 50
	minParagraphs  = 3
)

// Analyzer checks the shape of an essay. It has no state and is safe for
// concurrent use.
type Analyzer struct{}

// New returns the structure analyzer.
func New() *Analyzer { return &Analyzer{} }

// Name implements analysis.Analyzer.
func (*Analyzer) Name() string { return Name }

// conclusionOpeners are the ways students signal a conclusion. Matched on the
// first words of the last paragraph, lower-cased.
var conclusionOpeners = []string{
	"in conclusion", "to conclude", "overall", "in summary", "to sum up", "ultimately",
	"in the final analysis", "all in all", "on balance", "taken together", "in short",
	"therefore, it is clear", "to summarise", "to summarize", "in sum",
}

// Analyze implements analysis.Analyzer.
func (a *Analyzer) Analyze(ctx context.Context, doc *analysis.Document, task analysis.Task) (analysis.Output, error) {
	var out analysis.Output
	add := func(code string, sev analysis.Severity, span analysis.Span, msg string) {
		out.Findings = append(out.Findings, analysis.Finding{Code: code, Severity: sev, Span: span, Message: msg})
	}
	paras := doc.Paragraphs
	n := len(paras)

	if n < minParagraphs {
		add(CodeFewParagraphs, analysis.SeverityWarning, analysis.Span{Start: 0, End: paras[0].End},
			fmt.Sprintf("The essay has %s. Plan an introduction, a paragraph for each main point, and a conclusion, so each idea has room to be explained.",
				plural(n, "paragraph")))
	}
	okLength := 0
	for i, p := range paras {
		body := i > 0 && i < n-1
		switch {
		case body && p.Words < shortParagraph:
			add(CodeShortParagraph, analysis.SeverityInfo, p.Span,
				fmt.Sprintf("This paragraph has only %d words: enough to state a point but not to support and explain it.", p.Words))
		case p.Words > longParagraph:
			add(CodeLongParagraph, analysis.SeverityInfo, p.Span,
				fmt.Sprintf("This paragraph runs to %d words. It probably makes more than one point; give each its own paragraph.", p.Words))
		default:
			okLength++
		}
	}

	hasIntro := n >= 2
	if !hasIntro {
		add(CodeNoIntroduction, analysis.SeverityWarning, analysis.Span{Start: paras[0].Start, End: firstSentenceEnd(doc, 0)},
			"The essay starts straight in. Open with a short introduction that sets out your answer to the question.")
	}
	last := paras[n-1]
	hasConclusion := n >= 2 && opensConclusion(doc.Slice(last.Span))
	switch {
	case hasConclusion:
		add(CodeConclusion, analysis.SeverityStrength, analysis.Span{Start: last.Start, End: firstSentenceEnd(doc, n-1)},
			"The essay ends with a clearly signalled conclusion.")
	default:
		lastSentence := doc.Sentences[last.Sentences.End-1].Span
		add(CodeNoConclusion, analysis.SeverityWarning, lastSentence,
			"The essay stops without a conclusion. End with a paragraph that answers the question directly and says which factor mattered most, and why.")
	}

	totalSentenceWords, long := 0, 0
	for i, s := range doc.Sentences {
		if err := ctx.Err(); err != nil {
			return analysis.Output{}, err
		}
		words := countWords(doc.SentenceTokens(i))
		totalSentenceWords += words
		if words > longSentence {
			long++
			add(CodeLongSentence, analysis.SeverityInfo, s.Span,
				fmt.Sprintf("This sentence has %d words. Splitting it would make the point easier to follow.", words))
		}
	}

	slips := 0
	for i := 1; i < len(doc.Tokens); i++ {
		prev, cur := doc.Tokens[i-1], doc.Tokens[i]
		if cur.Kind != analysis.KindWord || prev.Kind != analysis.KindWord || prev.Sentence != cur.Sentence {
			continue
		}
		if !strings.EqualFold(prev.Norm, cur.Norm) || allowedDouble[strings.ToLower(cur.Norm)] || !cur.SpaceBefore {
			continue
		}
		slips++
		out.Findings = append(out.Findings, analysis.Finding{
			Code: CodeRepeatedWord, Severity: analysis.SeverityError,
			Span:        analysis.Span{Start: prev.Start, End: cur.End},
			Message:     fmt.Sprintf("%q is written twice.", cur.Text),
			Suggestions: []string{prev.Text},
		})
	}
	for _, p := range paras {
		for _, sp := range doubleSpaces(doc.Text, p.Span) {
			slips++
			out.Findings = append(out.Findings, analysis.Finding{
				Code: CodeDoubleSpace, Severity: analysis.SeverityInfo, Span: sp,
				Message: "There are extra spaces between these words.", Suggestions: []string{" "},
			})
		}
	}

	mean := 0.0
	if len(doc.Sentences) > 0 {
		mean = float64(totalSentenceWords) / float64(len(doc.Sentences))
	}
	out.Metrics = map[string]float64{
		MetricParagraphs:        float64(n),
		MetricSentences:         float64(len(doc.Sentences)),
		MetricWords:             float64(doc.Words),
		MetricMeanSentenceWords: mean,
		MetricLongSentences:     float64(long),
		MetricIntroduction:      b2f(hasIntro),
		MetricConclusion:        b2f(hasConclusion),
		MetricParagraphShareOK:  float64(okLength) / float64(n),
		MetricSlips:             float64(slips),
	}
	return out, nil
}

// allowedDouble are words that English legitimately repeats: "had had",
// "that that".
var allowedDouble = map[string]bool{"had": true, "that": true, "is": false}

func opensConclusion(para string) bool {
	lower := strings.ToLower(analysis.Normalize(para))
	if len(lower) > 80 {
		lower = lower[:80]
	}
	for _, o := range conclusionOpeners {
		if strings.HasPrefix(lower, o) {
			return true
		}
	}
	return false
}

func firstSentenceEnd(doc *analysis.Document, para int) int {
	p := doc.Paragraphs[para]
	if p.Sentences.Len() == 0 {
		return p.End
	}
	return doc.Sentences[p.Sentences.Start].End
}

// doubleSpaces finds runs of two or more spaces (ordinary or non-breaking)
// between words inside span. Two spaces after a full stop are an old typing
// convention, not a slip.
func doubleSpaces(text string, span analysis.Span) []analysis.Span {
	var out []analysis.Span
	s := span.In(text)
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		if !isHorizontalSpace(r) {
			i += size
			continue
		}
		j, n := i, 0
		for j < len(s) {
			r2, size2 := utf8.DecodeRuneInString(s[j:])
			if !isHorizontalSpace(r2) {
				break
			}
			j += size2
			n++
		}
		if n >= 2 && i > 0 && j < len(s) {
			before, _ := utf8.DecodeLastRuneInString(s[:i])
			after, _ := utf8.DecodeRuneInString(s[j:])
			if !strings.ContainsRune(".!?:", before) && !unicode.IsSpace(after) && !unicode.IsSpace(before) {
				out = append(out, analysis.Span{Start: span.Start + i, End: span.Start + j})
			}
		}
		i = j
	}
	return out
}

func isHorizontalSpace(r rune) bool {
	return r == ' ' || r == '\u00A0' || r == '\u202F' || r == '\t'
}

func countWords(toks []analysis.Token) int {
	n := 0
	for _, t := range toks {
		if (t.Kind == analysis.KindWord || t.Kind == analysis.KindNumber) && t.SpaceBefore {
			n++
		}
	}
	return n
}

func plural(n int, word string) string {
	if n == 1 {
		return "only one " + word
	}
	return fmt.Sprintf("only %d %ss", n, word)
}

func b2f(b bool) float64 {
	if b {
		return 1
	}
	return 0
}
