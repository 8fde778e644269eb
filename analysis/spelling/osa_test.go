package spelling

import (
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/assert"
)

// naiveOSA is the textbook full-matrix optimal string alignment distance.
func naiveOSA(a, b string) int {
	d := make([][]int, len(a)+1)
	for i := range d {
		d[i] = make([]int, len(b)+1)
		d[i][0] = i
	}
	for j := range d[0] {
		d[0][j] = j
	}
	for i := 1; i <= len(a); i++ {
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			d[i][j] = min(d[i-1][j]+1, d[i][j-1]+1, d[i-1][j-1]+cost)
			if i > 1 && j > 1 && a[i-1] == b[j-2] && a[i-2] == b[j-1] {
				d[i][j] = min(d[i][j], d[i-2][j-2]+1)
			}
		}
	}
	return d[len(a)][len(b)]
}

// TestOSAMatchesNaive checks the banded, early-exit distance against the
// full matrix on random words from a small alphabet (many near matches).
func TestOSAMatchesNaive(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	word := func() string {
		b := make([]byte, rng.IntN(12))
		for i := range b {
			b[i] = "abcde"[rng.IntN(5)]
		}
		return string(b)
	}
	for k := 0; k < 20000; k++ {
		a, b := word(), word()
		limit := rng.IntN(5)
		want := min(naiveOSA(a, b), limit+1)
		if !assert.Equal(t, want, osa(a, b, limit), "osa(%q, %q, %d)", a, b, limit) {
			return
		}
	}
}
