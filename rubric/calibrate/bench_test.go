package calibrate_test

import (
	"testing"

	"github.com/clio-history/clio/rubric/calibrate"
)

// BenchmarkFit fits one set of 1,400 essays (the size of an ASAP set) with
// 5-fold cross-validation and the inner choice of penalty.
func BenchmarkFit(b *testing.B) {
	samples := synthetic("a", 1400, 0, 12)
	b.ReportAllocs()
	for b.Loop() {
		if _, _, _, err := calibrate.Fit(samples, calibrate.FitOptions{}); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkQWK(b *testing.B) {
	n := 1400
	x, y := make([]int, n), make([]int, n)
	for i := range n {
		x[i], y[i] = i%13, (i*7)%13
	}
	for b.Loop() {
		calibrate.QWK(x, y, 0, 12)
	}
}
