package spelling

import (
	"bufio"
	"bytes"
	"compress/gzip"
	_ "embed"
	"fmt"
	"math"
	"strconv"
	"strings"
	"sync"

	"github.com/clio-history/clio/analysis"
)

// Wrong words in context. confusion-sets.txt lists words students write for
// one another (throne/thrown, reign/rain, knights/nights, ...);
// context.tsv.gz counts words, and each pair of neighbouring words one of
// which is in a set, in 1.9 million words of State of the Union addresses
// (see data/gencontext.go and data/README.md). A word of a set is reported
// when another word of its set is far likelier between the same neighbours:
//
//	score(x) = log P(x | left) + log P(right | x)
//	P(x | l) = (C(l x) + k P(x)) / (C(l) + k),  P(r | x) = (C(x r) + k P(r)) / (C(x) + k)
//
// with k = contextPrior. The margins were set on the tuning part of the
// development set (analysis/mechanics/testdata/devset), for precision: a
// wrong-word flag must be right nine times in ten.

//go:embed data/confusion-sets.txt
var confusionSetsText string

//go:embed data/context.tsv.gz
var contextCounts []byte

// contextModel is the counts and the sets, loaded once per process.
type contextModel struct {
	rivals  map[string][]string
	unigram map[string]float64
	bigram  map[string]float64
	total   float64
}

const (
	// contextMargin is how many natural-log units a rival's score must beat
	// the written word's by: the rival must be about seven times likelier.
	contextMargin = 2.0
	// contextEvidence is the fewest corpus pairs that must support the
	// rival on each side.
	contextEvidence = 2
	// contextPrior weighs the smoothing towards overall frequencies.
	contextPrior = 20
	// contextKnown is how often the corpus must have seen a neighbour for
	// it to count.
	contextKnown = 20
	// contextSideLoss is how far a rival may fall behind the written word
	// on one side.
	contextSideLoss = 0.5
)

var loadContextModel = sync.OnceValues(func() (*contextModel, error) {
	m := &contextModel{rivals: map[string][]string{}, unigram: map[string]float64{}, bigram: map[string]float64{}}
	for _, line := range strings.Split(confusionSetsText, "\n") {
		if strings.HasPrefix(line, "#") {
			continue
		}
		ws := strings.Fields(line)
		for _, w := range ws {
			for _, o := range ws {
				if o != w && !hasString(m.rivals[w], o) {
					m.rivals[w] = append(m.rivals[w], o)
				}
			}
		}
	}
	zr, err := gzip.NewReader(bytes.NewReader(contextCounts))
	if err != nil {
		return nil, fmt.Errorf("spelling: reading the context counts: %w", err)
	}
	defer zr.Close()
	sc := bufio.NewScanner(zr)
	for sc.Scan() {
		f := strings.Split(sc.Text(), "\t")
		switch {
		case len(f) == 3 && f[0] == "1":
			n, err := strconv.Atoi(f[2])
			if err != nil {
				return nil, fmt.Errorf("spelling: context counts: %w", err)
			}
			m.unigram[f[1]] = float64(n)
			m.total += float64(n)
		case len(f) == 4 && f[0] == "2":
			n, err := strconv.Atoi(f[3])
			if err != nil {
				return nil, fmt.Errorf("spelling: context counts: %w", err)
			}
			m.bigram[f[1]+" "+f[2]] = float64(n)
		}
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("spelling: reading the context counts: %w", err)
	}
	return m, nil
})

func hasString(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// sides returns log P(x | left) and log P(right | x), each smoothed towards
// the words' overall frequencies (a Dirichlet prior of weight
// contextPrior). A side whose neighbour the corpus hardly knows (a
// misspelling, a name) counts 0 for every x: the corpus's own taste in
// words (Presidents say "our" more than students do) must not decide.
func (m *contextModel) sides(left, x, right string) (l, r float64) {
	if n := m.unigram[left]; n >= contextKnown {
		l = math.Log((m.bigram[left+" "+x] + contextPrior*m.prob(x)) / (n + contextPrior))
	}
	if m.unigram[right] >= contextKnown {
		r = math.Log((m.bigram[x+" "+right] + contextPrior*m.prob(right)) / (m.unigram[x] + contextPrior))
	}
	return l, r
}

// known reports whether the corpus knows the neighbour well enough to judge
// by.
func (m *contextModel) known(w string) bool { return m.unigram[w] >= contextKnown }

// prob is a word's share of the corpus, with a floor for unseen words.
func (m *contextModel) prob(w string) float64 {
	return (m.unigram[w] + 0.5) / m.total
}

// best returns the rival of w that beats it by the margin, or "". The
// rival must lose on neither side: "talking to little kids" is not "too
// little", however common "too little" is, because "talking too" is not
// English.
func (m *contextModel) best(left, w, right string) string {
	if !m.known(left) || !m.known(right) || m.unigram[w] == 0 {
		return ""
	}
	ownL, ownR := m.sides(left, w, right)
	bestRival, bestScore := "", ownL+ownR+contextMargin
	for _, a := range m.rivals[w] {
		if m.bigram[left+" "+a] < contextEvidence || m.bigram[a+" "+right] < contextEvidence {
			continue
		}
		l, r := m.sides(left, a, right)
		if l < ownL-contextSideLoss || r < ownR-contextSideLoss {
			continue
		}
		if s := l + r; s > bestScore {
			bestRival, bestScore = a, s
		}
	}
	return bestRival
}

// contextWord is one word of the essay as the counts see it: clitics joined
// back to their word ("it" "'s" is "it's"), in lower case.
type contextWord struct {
	text       string
	first, end int // token indices [first, end)
}

// wrongWords runs the check over every sentence.
func (r *run) wrongWords() {
	m, err := loadContextModel()
	if err != nil {
		return
	}
	for s := range r.doc.Sentences {
		ws := r.contextWords(s)
		for k, w := range ws {
			if w.end == 0 || len(m.rivals[w.text]) == 0 {
				continue
			}
			t := r.doc.Tokens[w.first]
			if r.flagged[w.first] || isUpperRune(t.Norm) && !r.sentenceInitial(w.first) {
				continue
			}
			// After a comma or at the start of a sentence the left side
			// says little ("…Trotsky's, were the" is not ", where the"),
			// and the right side alone is not enough to go on.
			if left := ws[k-1].text; left == "," || left == "<s>" {
				continue
			}
			rival := m.best(ws[k-1].text, w.text, ws[k+1].text)
			if rival == "" {
				continue
			}
			span := analysis.Span{Start: t.Start, End: r.doc.Tokens[w.end-1].End}
			text := r.doc.Text[span.Start:span.End]
			fix := matchCase(text, rival)
			r.add(w.first, analysis.Finding{Code: CodeConfusable, Severity: analysis.SeverityError, Span: span,
				Message:     fmt.Sprintf("“%s” looks like the wrong word here. Did you mean “%s”?", text, fix),
				Suggestions: []string{fix}})
			r.out.Findings[len(r.out.Findings)-1].Data["rule"] = "context"
		}
	}
}

// contextWords lists sentence s's words between "<s>" and "</s>", split
// where the corpus was split (at semicolons and colons) and with other
// punctuation dropped, as the counts were made.
func (r *run) contextWords(s int) []contextWord {
	sent := r.doc.Sentences[s].Tokens
	// One buffer serves every sentence.
	out := append(r.ctxBuf[:0], contextWord{text: "<s>"})
	defer func() { r.ctxBuf = out[:0] }()
	for j := sent.Start; j < sent.End; j++ {
		t := r.doc.Tokens[j]
		switch t.Kind {
		case analysis.KindWord:
			lw := strings.ReplaceAll(r.lower[j], "\u2019", "'")
			if !t.SpaceBefore && len(out) > 1 && (strings.HasPrefix(lw, "'") || lw == "n't") && out[len(out)-1].end == j {
				out[len(out)-1].text += lw
				out[len(out)-1].end = j + 1
				continue
			}
			out = append(out, contextWord{text: lw, first: j, end: j + 1})
		case analysis.KindNumber:
			out = append(out, contextWord{text: "#", first: j, end: j + 1})
		case analysis.KindPunct:
			switch t.Norm {
			case ";", ":":
				out = append(out, contextWord{text: "</s>"}, contextWord{text: "<s>"})
			case ",":
				if len(out) > 1 {
					out = append(out, contextWord{text: ","})
				}
			}
		}
	}
	out = append(out, contextWord{text: "</s>"})
	return out
}
