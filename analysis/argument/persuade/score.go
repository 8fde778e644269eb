package persuade

import (
	"fmt"
	"strings"

	"github.com/clio-history/clio/analysis"
)

// Confusion counts a yes/no judgement against the human one.
type Confusion struct{ TP, FP, FN, TN int }

// Add counts one judgement.
func (c *Confusion) Add(human, clio bool) {
	switch {
	case human && clio:
		c.TP++
	case clio:
		c.FP++
	case human:
		c.FN++
	default:
		c.TN++
	}
}

// N is the number of judgements.
func (c Confusion) N() int { return c.TP + c.FP + c.FN + c.TN }

// Recall is the share of the human yeses Clio also says yes to.
func (c Confusion) Recall() float64 { return ratio(c.TP, c.TP+c.FN) }

// Precision is the share of Clio's yeses the humans agree with.
func (c Confusion) Precision() float64 { return ratio(c.TP, c.TP+c.FP) }

// F1 of the "yes" class.
func (c Confusion) F1() float64 { return ratio(2*c.TP, 2*c.TP+c.FP+c.FN) }

// Kappa is Cohen's kappa: agreement beyond what the two readers' rates of
// saying yes would give by chance.
func (c Confusion) Kappa() float64 {
	n := float64(c.N())
	if n == 0 {
		return 0
	}
	po := float64(c.TP+c.TN) / n
	hy, cy := float64(c.TP+c.FN)/n, float64(c.TP+c.FP)/n
	pe := hy*cy + (1-hy)*(1-cy)
	if pe == 1 {
		return 0
	}
	return (po - pe) / (1 - pe)
}

// AlwaysYes is the confusion of a reader who always says yes to the same
// human judgements.
func (c Confusion) AlwaysYes() Confusion {
	return Confusion{TP: c.TP + c.FN, FP: c.FP + c.TN}
}

func ratio(a, b int) float64 {
	if b == 0 {
		return 0
	}
	return float64(a) / float64(b)
}

// Table gathers the judgements over many essays.
type Table struct {
	Essays                           int
	Thesis, Conclusion, Counter      Confusion
	BodyClaim                        Confusion
	ThesisOverlap, ThesisBothPresent int
}

// Add scores one essay.
func (t *Table) Add(human, clio Labels) {
	t.Essays++
	t.Thesis.Add(human.Thesis, clio.Thesis)
	t.Conclusion.Add(human.Conclusion, clio.Conclusion)
	t.Counter.Add(human.Counter, clio.Counter)
	for i := range human.BodyClaim {
		t.BodyClaim.Add(human.BodyClaim[i], i < len(clio.BodyClaim) && clio.BodyClaim[i])
	}
	if human.Thesis && clio.Thesis {
		t.ThesisBothPresent++
		if overlaps(human.ThesisSpans, clio.ThesisSpans) {
			t.ThesisOverlap++
		}
	}
}

func overlaps(a, b []analysis.Span) bool {
	for _, x := range a {
		for _, y := range b {
			if x.Start < y.End && y.Start < x.End {
				return true
			}
		}
	}
	return false
}

// OverlapRate is the share of essays with a thesis found by both where
// Clio's thesis sentence overlaps a human Position.
func (t Table) OverlapRate() float64 { return ratio(t.ThesisOverlap, t.ThesisBothPresent) }

// Rows are the table's lines, in a fixed order.
func (t Table) Rows() []Row {
	return []Row{
		{"thesis in the introduction (Position in ¶1)", t.Thesis},
		{"conclusion (Concluding Statement)", t.Conclusion},
		{"counter-argument (Counterclaim or Rebuttal)", t.Counter},
		{"body paragraph opens with a claim (per paragraph)", t.BodyClaim},
	}
}

// Row is one judgement's confusion, named.
type Row struct {
	Name string
	C    Confusion
}

// Markdown renders the table beside the always-yes baseline.
func (t Table) Markdown() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%d essays\n\n", t.Essays)
	b.WriteString("| what Clio should see | n | human yes | Clio recall | Clio precision | Clio F1 | Clio kappa | always-yes F1 | always-yes kappa |\n")
	b.WriteString("|---|---|---|---|---|---|---|---|---|\n")
	for _, r := range t.Rows() {
		y := r.C.AlwaysYes()
		fmt.Fprintf(&b, "| %s | %d | %.0f%% | %.2f | %.2f | %.2f | %.2f | %.2f | %.2f |\n", r.Name, r.C.N(),
			100*ratio(r.C.TP+r.C.FN, r.C.N()), r.C.Recall(), r.C.Precision(), r.C.F1(), r.C.Kappa(), y.F1(), y.Kappa())
	}
	fmt.Fprintf(&b, "\nThesis sentence overlaps a human Position in %.0f%% of %d essays where both find a thesis in the introduction.\n",
		100*t.OverlapRate(), t.ThesisBothPresent)
	return b.String()
}
