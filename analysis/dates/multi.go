package dates

import (
	"sort"

	"github.com/clio-history/clio/analysis"
)

// checkAll checks the expressions against several packs (an exam option's)
// and merges the verdicts: a date that one pack's event fits is consistent;
// it is a conflict only when a pack contradicts it and none confirms it.
func checkAll(doc *analysis.Document, exprs []Expr, ks []*knowledge) checkResult {
	out := checkResult{checks: make([]dateCheck, len(exprs))}
	for i := range out.checks {
		out.checks[i].Verdict = VerdictUnknown
	}
	results := make([]checkResult, len(ks))
	for j, k := range ks {
		results[j] = k.check(doc, exprs)
	}
	for i := range exprs {
		for _, want := range []string{VerdictConsistent, VerdictConflict} {
			if out.checks[i].Verdict != VerdictUnknown {
				break
			}
			for _, r := range results {
				if r.checks[i].Verdict == want {
					out.checks[i] = r.checks[i]
					break
				}
			}
		}
	}
	mismatched := map[int]bool{}
	for _, r := range results {
		for _, m := range r.mismatches {
			if !mismatched[m.Expr] {
				mismatched[m.Expr] = true
				out.mismatches = append(out.mismatches, m)
				out.checks[m.Expr] = r.checks[m.Expr]
			}
		}
	}
	taken := map[int]bool{}
	for _, r := range results {
		for _, an := range r.anachronisms {
			if !taken[an.Expr] && out.checks[an.Expr].Verdict != VerdictConsistent {
				taken[an.Expr] = true
				out.anachronisms = append(out.anachronisms, an)
			}
		}
	}
	ordered := map[int]bool{}
	for _, r := range results {
		for _, o := range r.orders {
			if !ordered[o.Expr] {
				ordered[o.Expr] = true
				out.orders = append(out.orders, o)
			}
		}
	}
	sort.Slice(out.anachronisms, func(a, b int) bool { return out.anachronisms[a].Expr < out.anachronisms[b].Expr })
	return out
}
