package history

import (
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
)

// TestCombinedScanMatchesEachPack: reading a text once for all packs finds,
// for every pack, exactly the names that pack's own matcher finds, in the
// same places; a longer name of one pack does not hide another pack's
// shorter one, and regnal numbers and capitalised common words are honoured.
func TestCombinedScanMatchesEachPack(t *testing.T) {
	lib := library(t)
	texts := []string{
		essay1000(t),
		"In 1483 Edward IV died, and Edward VI was not born until 1537; Henry the Eighth broke with Rome.",
		"Robert Service wrote about the service of Stalin; the Chinese Civil War was not the Russian Civil War.",
		"Hitler became Chancellor in January 1933 and Stalin signed the Nazi–Soviet Pact with him in August 1939.",
		"Mary, Queen of Scots, was not Mary I; Pole and the pole are different.",
	}
	for _, c := range loadDetectCases(t) {
		texts = append(texts, c.Text)
	}
	for _, text := range texts {
		ps := textPieces(text, lib.vocab)
		hits := make([][]hit, len(lib.packs))
		lib.names.scan(ps, lib.vocab, hits)
		for k, p := range lib.packs {
			var want []hit
			p.index.scanIndex(ps, lib.vocab, func(pt *pattern, i, n int) {
				want = append(want, hit{pt: pt, i: int32(i), n: int32(n)})
			})
			if !assert.Equal(t, len(want), len(hits[k]), "%s in %.60q", p.ID, text) {
				continue
			}
			for j := range want {
				assert.Equal(t, want[j], hits[k][j], "%s in %.60q", p.ID, text)
			}
		}
	}
}

// BenchmarkScanAllPacks compares finding every pack's names in a 1,000-word
// essay in one pass (combined) with one pass per pack (each), the way
// detection read essays before.
func BenchmarkScanAllPacks(b *testing.B) {
	lib := library(b)
	ps := textPieces(essay1000(b), lib.vocab)
	hits := make([][]hit, len(lib.packs))
	b.Run("combined", func(b *testing.B) {
		cpu := cpuTime(b)
		for b.Loop() {
			for k := range hits {
				hits[k] = hits[k][:0]
			}
			lib.names.scan(ps, lib.vocab, hits)
		}
		reportCPU(b, cpu)
	})
	b.Run("each", func(b *testing.B) {
		cpu := cpuTime(b)
		for b.Loop() {
			for k, p := range lib.packs {
				hits[k] = hits[k][:0]
				p.index.scanIndex(ps, lib.vocab, func(pt *pattern, i, n int) {
					hits[k] = append(hits[k], hit{pt: pt, i: int32(i), n: int32(n)})
				})
			}
		}
		reportCPU(b, cpu)
	})
}

// cpuTime is the process's CPU time so far: on a shared machine it moves
// less than wall time with other work.
func cpuTime(b *testing.B) time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		b.Fatal(err)
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// reportCPU reports the CPU time per operation since from.
func reportCPU(b *testing.B, from time.Duration) {
	b.ReportMetric(float64(cpuTime(b)-from)/float64(b.N), "cpu-ns/op")
}
