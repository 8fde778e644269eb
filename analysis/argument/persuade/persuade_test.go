package persuade_test

import (
	"context"
	"os"
	"runtime"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/clio-history/clio/analysis"
	"github.com/clio-history/clio/analysis/argument"
	"github.com/clio-history/clio/analysis/argument/persuade"
	"github.com/clio-history/clio/analysis/question"
	"github.com/clio-history/clio/fixtures"
)

// sampleSize is how many essays of the reporting part run by default, so
// that `go test ./...` stays fast; CLIO_PERSUADE=1 runs the whole part.
const sampleSize = 80

// TestPERSUADE measures the argument analyzer against the expert
// annotations of the reporting part of the PERSUADE development file and
// prints the table the README shows. CLIO_PERSUADE=1 runs every essay of the
// part (about 4,000; a minute or so on two cores); CLIO_PERSUADE_PART=tune
// measures the tuning part instead, for development.
func TestPERSUADE(t *testing.T) {
	path := fixtures.NeedShared(t, "benchmarks", "persuade", "dev.jsonl.gz")
	part := persuade.Report
	if os.Getenv("CLIO_PERSUADE_PART") == persuade.Tune {
		part = persuade.Tune
	}
	full := os.Getenv("CLIO_PERSUADE") != ""
	n := 0
	essays, err := persuade.Load(path, func(e persuade.Essay) bool {
		if persuade.PartOf(e.ID) != part || !full && n >= sampleSize {
			return false
		}
		n++
		return true
	})
	require.NoError(t, err)
	require.NotEmpty(t, essays)

	table := measure(t, essays, reader.Clio)
	t.Logf("PERSUADE %s part:\n%s", part, table.Markdown())
	// Floors a little under what the analyzer reaches, so that a change
	// that loses agreement with the expert readers fails here.
	for _, f := range []struct {
		name  string
		c     persuade.Confusion
		kappa float64
	}{
		{"thesis", table.Thesis, 0.5},
		{"conclusion", table.Conclusion, 0.1},
		{"counter-argument", table.Counter, 0.2},
		{"claim-opened paragraphs", table.BodyClaim, 0.2},
	} {
		assert.GreaterOrEqual(t, f.c.Kappa(), f.kappa, "%s kappa", f.name)
		assert.Greater(t, f.c.F1(), 0.5, "%s F1", f.name)
	}
}

// reader reads the argument analyzer's skeleton: its thesis (the main one,
// not a second sentence that qualifies it), conclusion, counterclaims and
// rebuttals, and claims.
var reader = persuade.Reader{
	Thesis:     []string{"argument.thesis"},
	Conclusion: []string{"argument.conclusion"},
	Counter:    []string{"argument.counterclaim", "argument.rebuttal"},
	Claim:      []string{"argument.claim"},
}

// measure runs the analyzer on every essay, two at a time per core.
func measure(t *testing.T, essays []persuade.Essay, read func(*analysis.Result) persuade.Labels) persuade.Table {
	pipe, err := analysis.NewPipeline(argument.New())
	require.NoError(t, err)
	type scored struct{ human, clio persuade.Labels }
	out := make([]scored, len(essays))
	errs := make([]error, len(essays))
	var wg sync.WaitGroup
	next := make(chan int)
	for range runtime.GOMAXPROCS(0) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				e := essays[i]
				doc, err := analysis.Parse(context.Background(), e.Text)
				if err != nil {
					errs[i] = err
					continue
				}
				res, err := pipe.Run(context.Background(), doc, analysis.Task{Question: question.Parse(e.Question)})
				if err != nil {
					errs[i] = err
					continue
				}
				out[i] = scored{persuade.Human(doc, e), read(res)}
			}
		}()
	}
	for i := range essays {
		next <- i
	}
	close(next)
	wg.Wait()
	var table persuade.Table
	for i := range out {
		require.NoError(t, errs[i], essays[i].ID)
		table.Add(out[i].human, out[i].clio)
	}
	return table
}
