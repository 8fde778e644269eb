package calibrate

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"sort"

	"github.com/clio-history/clio/rubric"
)

// FitOptions tune Fit.
type FitOptions struct {
	// Folds for cross-validation; default 5.
	Folds int
	// Lambdas are the ridge penalties tried (as a share of the number of
	// essays); default a grid from 0.001 to 3.
	Lambdas []float64
	// KeyTerms is how many key and low terms to learn per set; default 80, and a
	// negative number turns key terms off.
	KeyTerms int
	// Rubric is recorded in the profile.
	Rubric string
}

// MinSetSize is the fewest essays a set needs to be fitted.
const MinSetSize = 10

// ErrTooFew is returned when no set has enough essays to fit.
var ErrTooFew = errors.New("too few essays")

// Fit learns a profile from measured essays: for each set, a ridge
// regression from features to marks, its penalty chosen by an inner
// cross-validation, and thresholds between marks tuned for agreement. The
// profile records each set's cross-validated QWK, computed on folds the
// model never saw. Deterministic: the same samples give the same profile.
// Sets with fewer than MinSetSize essays are skipped and named in skipped.
func Fit(samples []Sample, opts FitOptions) (prof *rubric.Profile, cv *Agreement, skipped []string, err error) {
	if opts.Folds < 2 {
		opts.Folds = 5
	}
	if len(opts.Lambdas) == 0 {
		opts.Lambdas = []float64{0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1, 3}
	}
	if opts.KeyTerms == 0 {
		opts.KeyTerms = 80
	}
	bySet := map[string][]Sample{}
	for _, s := range samples {
		bySet[s.Row.Set] = append(bySet[s.Row.Set], s)
	}
	prof = &rubric.Profile{Version: rubric.ProfileVersion, Rubric: opts.Rubric, Sets: map[string]*rubric.SetModel{}}
	var pairs []Pair
	for _, set := range sortedSets(bySet) {
		ss := bySet[set]
		if len(ss) < MinSetSize {
			skipped = append(skipped, set)
			continue
		}
		lo, hi := ss[0].Row.MinMark, ss[0].Row.MaxMark
		for _, s := range ss {
			lo, hi = min(lo, s.Row.MinMark), max(hi, s.Row.MaxMark)
		}
		folds := foldsOf(len(ss), opts.Folds, set)
		pred := make([]int, len(ss))
		for k := range opts.Folds {
			var train, test []Sample
			for i, s := range ss {
				if folds[i] == k {
					test = append(test, s)
				} else {
					train = append(train, s)
				}
			}
			if len(test) == 0 || len(train) < 2 {
				continue
			}
			m := fitSet(train, lo, hi, opts)
			j := 0
			for i := range ss {
				if folds[i] == k {
					pred[i] = m.MarkOf(m.Predict(rubric.WithTerms(test[j].Features, test[j].Words, m.KeyTerms, m.LowTerms)))
					j++
				}
			}
		}
		human := make([]int, len(ss))
		for i, s := range ss {
			human[i] = s.Row.Mark
			pairs = append(pairs, Pair{Set: set, MinMark: lo, MaxMark: hi, Human: s.Row.Mark, Clio: pred[i]})
		}
		m := fitSet(ss, lo, hi, opts)
		m.N = len(ss)
		m.Prompt = ss[0].Row.Prompt
		m.CVQWK = round4(QWK(human, pred, lo, hi))
		prof.Sets[set] = m
	}
	if len(prof.Sets) == 0 {
		return nil, nil, skipped, fmt.Errorf("%w: no set has %d or more usable essays", ErrTooFew, MinSetSize)
	}
	return prof, Agree(pairs), skipped, nil
}

// foldsOf assigns n items to k folds at random, seeded by the set id so the
// split is the same on every run.
func foldsOf(n, k int, set string) []int {
	var seed uint64 = 1469598103934665603
	for i := 0; i < len(set); i++ {
		seed = (seed ^ uint64(set[i])) * 1099511628211
	}
	r := rand.New(rand.NewPCG(seed, 7))
	perm := r.Perm(n)
	f := make([]int, n)
	for i, p := range perm {
		f[p] = i % k
	}
	return f
}

// fitSet fits one set's model on train.
func fitSet(train []Sample, lo, hi int, opts FitOptions) *rubric.SetModel {
	var terms, low []string
	if opts.KeyTerms > 0 {
		terms, low = learnKeyTerms(train, opts.KeyTerms)
	}
	feats := make([]map[string]float64, len(train))
	y := make([]float64, len(train))
	for i, s := range train {
		feats[i] = rubric.WithTerms(s.Features, s.Words, terms, low)
		y[i] = float64(s.Row.Mark)
	}
	// Choose the penalty by an inner cross-validation on the training essays.
	best, bestQ := opts.Lambdas[len(opts.Lambdas)/2], math.Inf(-1)
	if len(train) >= 30 {
		inner := foldsOf(len(train), 3, fmt.Sprint("inner", len(train)))
		for _, l := range opts.Lambdas {
			var h, p []int
			for k := range 3 {
				var tf []map[string]float64
				var ty []float64
				for i := range train {
					if inner[i] != k {
						tf = append(tf, feats[i])
						ty = append(ty, y[i])
					}
				}
				m := ridge(tf, ty, l, lo, hi)
				for i := range train {
					if inner[i] == k {
						h = append(h, train[i].Row.Mark)
						p = append(p, m.MarkOf(m.Predict(feats[i])))
					}
				}
			}
			if q := QWK(h, p, lo, hi); q > bestQ+1e-9 {
				best, bestQ = l, q
			}
		}
	}
	m := ridge(feats, y, best, lo, hi)
	m.KeyTerms, m.LowTerms = terms, low
	preds := make([]float64, len(train))
	marks := make([]int, len(train))
	for i := range train {
		preds[i] = m.Predict(feats[i])
		marks[i] = train[i].Row.Mark
	}
	m.Cuts = fitCuts(preds, marks, lo, hi)
	return m
}

// ridge solves a ridge regression on standardised features.
func ridge(feats []map[string]float64, y []float64, lambda float64, lo, hi int) *rubric.SetModel {
	n := len(feats)
	m := &rubric.SetModel{MinMark: lo, MaxMark: hi, Lambda: lambda, Weights: map[string]float64{},
		Means: map[string]float64{}, Scales: map[string]float64{}}
	ymean := 0.0
	for _, v := range y {
		ymean += v
	}
	ymean /= float64(n)
	m.Intercept = round6(ymean)
	var names []string
	for _, f := range rubric.FeatureNames {
		mean, sq := 0.0, 0.0
		for _, x := range feats {
			mean += x[f]
		}
		mean /= float64(n)
		for _, x := range feats {
			sq += (x[f] - mean) * (x[f] - mean)
		}
		sd := math.Sqrt(sq / float64(n))
		if sd < 1e-9 {
			continue
		}
		names = append(names, f)
		m.Means[f], m.Scales[f] = mean, sd
	}
	p := len(names)
	if p == 0 {
		return m
	}
	a := make([][]float64, p)
	b := make([]float64, p)
	z := make([]float64, p)
	for i := range a {
		a[i] = make([]float64, p)
	}
	for r, x := range feats {
		for i, f := range names {
			z[i] = (x[f] - m.Means[f]) / m.Scales[f]
		}
		for i := range p {
			b[i] += z[i] * (y[r] - ymean)
			for j := range p {
				a[i][j] += z[i] * z[j]
			}
		}
	}
	for i := range p {
		a[i][i] += lambda * float64(n)
	}
	w := solve(a, b)
	for i, f := range names {
		m.Weights[f] = round6(w[i])
		m.Means[f] = round6(m.Means[f])
		m.Scales[f] = round6(m.Scales[f])
		if m.Scales[f] == 0 {
			m.Scales[f] = 1e-6
		}
	}
	return m
}

// solve solves a x = b by Gaussian elimination with partial pivoting; a is
// symmetric positive definite here (ridge), so it never meets a zero pivot.
func solve(a [][]float64, b []float64) []float64 {
	n := len(b)
	for c := range n {
		p := c
		for r := c + 1; r < n; r++ {
			if math.Abs(a[r][c]) > math.Abs(a[p][c]) {
				p = r
			}
		}
		a[c], a[p] = a[p], a[c]
		b[c], b[p] = b[p], b[c]
		for r := c + 1; r < n; r++ {
			f := a[r][c] / a[c][c]
			for k := c; k < n; k++ {
				a[r][k] -= f * a[c][k]
			}
			b[r] -= f * b[c]
		}
	}
	x := make([]float64, n)
	for r := n - 1; r >= 0; r-- {
		s := b[r]
		for k := r + 1; k < n; k++ {
			s -= a[r][k] * x[k]
		}
		x[r] = s / a[r][r]
	}
	return x
}

// learnKeyTerms picks the words whose presence goes most with higher marks
// (key terms) and with lower marks (low terms): used by at least 3% of
// essays (and at least five), ranked by the correlation between using the
// word and the mark.
func learnKeyTerms(train []Sample, k int) (key, low []string) {
	n := float64(len(train))
	minDocs := max(5, int(0.03*n))
	count := map[string]int{}
	sum := map[string]float64{}
	ymean, yvar := 0.0, 0.0
	for _, s := range train {
		ymean += float64(s.Row.Mark)
	}
	ymean /= n
	for _, s := range train {
		d := float64(s.Row.Mark) - ymean
		yvar += d * d
		for _, w := range s.Words {
			count[w]++
			sum[w] += d
		}
	}
	if yvar == 0 {
		return nil, nil
	}
	type scored struct {
		w string
		r float64
	}
	var pos, neg []scored
	for w, c := range count {
		if c < minDocs || float64(c) > 0.9*n {
			continue
		}
		p := float64(c) / n
		// Point-biserial correlation: covariance over the two spreads.
		r := (sum[w] / n) / math.Sqrt(p*(1-p)*yvar/n)
		if r > 0 {
			pos = append(pos, scored{w, r})
		} else if r < 0 {
			neg = append(neg, scored{w, -r})
		}
	}
	top := func(c []scored) []string {
		sort.Slice(c, func(i, j int) bool {
			if c[i].r != c[j].r {
				return c[i].r > c[j].r
			}
			return c[i].w < c[j].w
		})
		if len(c) > k {
			c = c[:k]
		}
		out := make([]string, len(c))
		for i, s := range c {
			out[i] = s.w
		}
		sort.Strings(out)
		return out
	}
	return top(pos), top(neg)
}

// fitCuts tunes the thresholds between marks for agreement (QWK) on the
// training essays, starting from rounding and moving one threshold at a time.
func fitCuts(pred []float64, marks []int, lo, hi int) []float64 {
	k := hi - lo
	if k < 1 || len(pred) < 30 {
		return nil
	}
	cuts := make([]float64, k)
	for i := range cuts {
		cuts[i] = float64(lo+i) + 0.5
	}
	assign := func(c []float64, out []int) {
		for i, p := range pred {
			out[i] = lo + sort.SearchFloat64s(c, math.Nextafter(p, math.Inf(1)))
		}
	}
	cur := make([]int, len(pred))
	assign(cuts, cur)
	best := QWK(marks, cur, lo, hi)
	for range 2 {
		for i := range cuts {
			left, right := float64(lo)-1, float64(hi)+1
			if i > 0 {
				left = cuts[i-1]
			}
			if i < k-1 {
				right = cuts[i+1]
			}
			orig := cuts[i]
			bestV := orig
			for s := 1; s < 16; s++ {
				cuts[i] = left + (right-left)*float64(s)/16
				assign(cuts, cur)
				if q := QWK(marks, cur, lo, hi); q > best+1e-9 {
					best, bestV = q, cuts[i]
				}
			}
			cuts[i] = bestV
			_ = orig
		}
	}
	for i := range cuts {
		cuts[i] = round6(cuts[i])
	}
	return cuts
}

func round6(x float64) float64 { return math.Round(x*1e6) / 1e6 }
