package rubric

import (
	"fmt"
	"math"
	"strings"

	"github.com/clio-history/clio/analysis"
	"github.com/clio-history/clio/analysis/argument"
)

// development measures how far an answer develops its points, as the
// boards' level descriptors ask ("developed explanation of two factors",
// "a range of accurate and detailed knowledge", "sustained judgement"),
// rather than what share of it does so: a short answer can reach any
// proportion, but not make and develop four points.
//
// Everything is counted once: a sentence that repeats an earlier one (word
// for word, or a near-copy the argument analyzer found), a paragraph off
// the subject or outside the question's period, and the connectives that
// open sentences add nothing.
type development struct {
	// points are the distinct points made: the argument analyzer's claims
	// (each once), or the chains of reasoning when there are more of those.
	points int
	// developed are sentences that explain or weigh with specific support
	// in them or beside them (at most two for each point).
	developed int
	// linked are developed points whose paragraph also brings them back to
	// the question.
	linked int
	// chain is the mean length of the runs of explaining sentences (each
	// at most 3), so that a chain of consequences counts for more than one
	// "because".
	chain float64
	// specifics are the distinct years, names and figures the counted text
	// uses, each once however often it recurs.
	specifics int
	// judgement is the quality of the judgement, 0..1: reasoned, consistent
	// with the introduction, and weighing more than once.
	judgement float64
}

// measureDevelopment reads the development of an answer from the text view
// and the argument analyzer's findings.
func measureDevelopment(res *analysis.Result, tv *textView) development {
	doc := res.Document
	var d development
	// Near-copies the argument analyzer found count for nothing.
	copied := func(start, end int) bool {
		for _, f := range res.Findings {
			if f.Code == argument.CodeRepetition && start >= f.Start && end <= f.End {
				return true
			}
		}
		return false
	}
	counted := func(p int) bool {
		return p >= 0 && p < len(tv.paras) && !tv.paras[p].duplicate && !tv.paras[p].offTopic && !tv.paras[p].outOfPeriod
	}
	claims := map[int]int{}  // paragraph → distinct claims
	noLink := map[int]bool{} // paragraph → no link back to the question
	seenClaim := map[string]bool{}
	var key []byte
	for _, f := range res.Findings {
		p := f.Paragraph
		if !counted(p) || copied(f.Start, f.End) {
			continue
		}
		switch f.Code {
		case argument.CodeClaim:
			s := doc.SentenceAt(f.Start)
			if s < 0 || tv.dupSentence[s] {
				continue
			}
			key = appendSentenceKey(key[:0], doc.SentenceTokens(s))
			if seenClaim[string(key)] {
				continue
			}
			seenClaim[string(key)] = true
			claims[p]++
		case argument.CodeNoLink:
			noLink[p] = true
		}
	}
	_, hasArgument := res.Metrics[argument.MetricJudgement]
	// Sentence by sentence: a developed point is a sentence that explains
	// or weighs with specific support in it or beside it (in the same
	// paragraph, or inside a run of evidence the argument analyzer found);
	// consecutive explaining sentences are one chain of reasoning.
	inEvidence := func(s int) bool {
		sp := doc.Sentences[s].Span
		for _, f := range res.Findings {
			if f.Code == argument.CodeEvidence && sp.Start >= f.Start && sp.End <= f.End {
				return true
			}
		}
		return false
	}
	sentCounts := func(s int) bool {
		sp := doc.Sentences[s].Span
		return tv.counts(s) && !copied(sp.Start, sp.End)
	}
	runs, runLen, chainSum, runPara := 0, 0, 0, -1
	for i := range doc.Sentences {
		if runLen > 0 && doc.Sentences[i].Paragraph != runPara {
			// A chain of reasoning ends with its paragraph.
			runs++
			chainSum += min(runLen, 3)
			runLen = 0
		}
		runPara = doc.Sentences[i].Paragraph
		if !sentCounts(i) {
			continue // a repeat neither extends nor breaks a chain
		}
		if !tv.sentExplains[i] {
			if runLen > 0 {
				runs++
				chainSum += min(runLen, 3)
			}
			runLen = 0
			continue
		}
		runLen++
		p := doc.Sentences[i].Paragraph
		supported := tv.sentSpecific[i] || inEvidence(i)
		for _, k := range []int{i - 1, i + 1} {
			if k >= 0 && k < len(doc.Sentences) && doc.Sentences[k].Paragraph == p && sentCounts(k) && tv.sentSpecific[k] {
				supported = true
			}
		}
		if supported {
			d.developed++
			if !noLink[p] {
				d.linked++
			}
		}
	}
	if runLen > 0 {
		runs++
		chainSum += min(runLen, 3)
	}
	d.points = 0
	for _, n := range claims {
		d.points += n
	}
	d.points = max(d.points, runs)
	d.developed = min(d.developed, 2*d.points)
	d.linked = min(d.linked, d.developed)
	if runs > 0 {
		d.chain = float64(chainSum) / float64(runs)
	}
	seen := map[string]bool{}
	for _, sp := range append(append([]analysis.Span{}, tv.years...), tv.names...) {
		w := strings.ToLower(doc.Text[sp.Start:sp.End])
		if !seen[w] {
			seen[w] = true
			d.specifics++
		}
	}
	if v := res.Metrics[argument.MetricJudgement]; v > 0 {
		d.judgement = 0.6
		if res.Metrics[argument.MetricConsistentJudgement] > 0 {
			d.judgement += 0.2
		}
		if len(byCodeCount(res, argument.CodeJudgement)) > 1 || res.Metrics[argument.MetricBalance] > 0 {
			d.judgement += 0.2
		}
	} else if tv.hasJudgement && !hasArgument {
		d.judgement = 0.5
	}
	return d
}

func byCodeCount(res *analysis.Result, code string) []analysis.Finding {
	var out []analysis.Finding
	for _, f := range res.Findings {
		if f.Code == code {
			out = append(out, f)
		}
	}
	return out
}

// developmentTargets are what full credit asks of an answer the rubric
// expects to run to fullWords: about one developed point for every 130
// words (at least two) and a distinct specific for every 35.
func developmentTargets(fullWords int) (points, specifics float64) {
	return math.Max(2, float64(fullWords)/130), math.Max(3, float64(fullWords)/35)
}

// note describes the development for a criterion's comment.
func (d development) note() string {
	return fmt.Sprintf("%s made; %d explained with specific support, %d of them in paragraphs that link back to the question.",
		plural(d.points, "point", "points"), d.developed, d.linked)
}
