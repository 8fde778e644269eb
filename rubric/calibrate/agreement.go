package calibrate

import (
	"math"
	"sort"
)

// QWK is the quadratic weighted kappa between two raters' whole marks on the
// scale lo..hi: 1 is perfect agreement, 0 what chance would give.
func QWK(a, b []int, lo, hi int) float64 {
	if len(a) != len(b) || len(a) == 0 || hi < lo {
		return 0
	}
	k := hi - lo + 1
	obs := make([]float64, k*k)
	ha := make([]float64, k)
	hb := make([]float64, k)
	for i := range a {
		x := min(max(a[i], lo), hi) - lo
		y := min(max(b[i], lo), hi) - lo
		obs[x*k+y]++
		ha[x]++
		hb[y]++
	}
	n := float64(len(a))
	num, den := 0.0, 0.0
	for i := range k {
		for j := range k {
			w := 0.0
			if k > 1 {
				w = float64((i-j)*(i-j)) / float64((k-1)*(k-1))
			}
			num += w * obs[i*k+j]
			den += w * ha[i] * hb[j] / n
		}
	}
	if den == 0 {
		if num == 0 {
			return 1
		}
		return 0
	}
	return 1 - num/den
}

// SetAgreement is how closely predicted marks agree with people's marks on
// one set.
type SetAgreement struct {
	N        int     `json:"n"`
	MinMark  int     `json:"min_mark"`
	MaxMark  int     `json:"max_mark"`
	QWK      float64 `json:"qwk"`
	Exact    float64 `json:"exact"`
	Adjacent float64 `json:"adjacent"`
	MAE      float64 `json:"mae"`
	// Confusion[i][j] counts essays the people marked MinMark+i and Clio
	// MinMark+j.
	Confusion [][]int `json:"confusion,omitempty"`
}

// Agreement is SetAgreement over several sets; QWK is the mean of the sets'
// (as in the essay-scoring literature), the other figures pool every essay.
type Agreement struct {
	N        int                      `json:"n"`
	QWK      float64                  `json:"qwk"`
	Exact    float64                  `json:"exact"`
	Adjacent float64                  `json:"adjacent"`
	MAE      float64                  `json:"mae"`
	Sets     map[string]*SetAgreement `json:"sets"`
}

// Pair is one essay's human and predicted mark.
type Pair struct {
	Set     string
	MinMark int
	MaxMark int
	Human   int
	Clio    int
}

// Agree computes agreement figures from pairs.
func Agree(pairs []Pair) *Agreement {
	bySet := map[string][]Pair{}
	for _, p := range pairs {
		bySet[p.Set] = append(bySet[p.Set], p)
	}
	ag := &Agreement{Sets: map[string]*SetAgreement{}}
	exact, adj, abs := 0, 0, 0.0
	qsum := 0.0
	for _, set := range sortedSets(bySet) {
		ps := bySet[set]
		lo, hi := ps[0].MinMark, ps[0].MaxMark
		for _, p := range ps {
			lo, hi = min(lo, p.MinMark), max(hi, p.MaxMark)
		}
		sa := &SetAgreement{N: len(ps), MinMark: lo, MaxMark: hi}
		h := make([]int, len(ps))
		c := make([]int, len(ps))
		k := hi - lo + 1
		sa.Confusion = make([][]int, k)
		for i := range sa.Confusion {
			sa.Confusion[i] = make([]int, k)
		}
		e, a, m := 0, 0, 0.0
		for i, p := range ps {
			h[i], c[i] = p.Human, p.Clio
			d := p.Human - p.Clio
			if d == 0 {
				e++
			}
			if d >= -1 && d <= 1 {
				a++
			}
			m += math.Abs(float64(d))
			sa.Confusion[min(max(p.Human, lo), hi)-lo][min(max(p.Clio, lo), hi)-lo]++
		}
		sa.QWK = round4(QWK(h, c, lo, hi))
		n := float64(len(ps))
		sa.Exact, sa.Adjacent, sa.MAE = round4(float64(e)/n), round4(float64(a)/n), round4(m/n)
		ag.Sets[set] = sa
		exact += e
		adj += a
		abs += m
		ag.N += len(ps)
		qsum += sa.QWK
	}
	if ag.N > 0 {
		n := float64(ag.N)
		ag.QWK = round4(qsum / float64(len(bySet)))
		ag.Exact, ag.Adjacent, ag.MAE = round4(float64(exact)/n), round4(float64(adj)/n), round4(abs/n)
	}
	return ag
}

// SetIDs returns the agreement's set ids in natural order ("2" before "10").
func (a *Agreement) SetIDs() []string { return sortedSets(a.Sets) }

func sortedSets[V any](m map[string]V) []string {
	ids := make([]string, 0, len(m))
	for k := range m {
		ids = append(ids, k)
	}
	sort.Slice(ids, func(i, j int) bool {
		if len(ids[i]) != len(ids[j]) {
			return len(ids[i]) < len(ids[j])
		}
		return ids[i] < ids[j]
	})
	return ids
}

func round4(x float64) float64 { return math.Round(x*1e4) / 1e4 }
