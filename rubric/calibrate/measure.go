package calibrate

import (
	"context"
	"fmt"
	"runtime"
	"sync"

	"github.com/clio-history/clio/analysis"
	"github.com/clio-history/clio/rubric"
)

// AnalyzeFunc analyses one essay written to prompt. The standard engine's
// Analyze, wrapped, is the usual one.
type AnalyzeFunc func(ctx context.Context, essay, prompt string) (*analysis.Result, error)

// Sample is a measured essay: its row, its features (without key terms,
// which depend on the set's model) and its content words.
type Sample struct {
	Row      Row
	Features map[string]float64
	Words    []string
	// Result is kept only when Measure is asked to keep it.
	Result *analysis.Result
}

// MeasureOptions tune Measure.
type MeasureOptions struct {
	// Workers is how many essays are analysed at once; 0 means one per CPU.
	Workers int
	// KeepResults keeps each essay's analysis in its Sample (memory grows
	// with the file; eval needs it to mark without a profile).
	KeepResults bool
}

// Measure analyses every row in parallel and computes its features. Rows the
// analysis refuses (too long, not text) become Problems. The order of the
// samples is the order of the rows, whatever the number of workers.
func Measure(ctx context.Context, rows []Row, analyze AnalyzeFunc, opts MeasureOptions) ([]Sample, []Problem, error) {
	workers := opts.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	out := make([]Sample, len(rows))
	errs := make([]error, len(rows))
	jobs := make(chan int)
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range jobs {
				r := rows[i]
				res, err := analyze(ctx, r.Essay, r.Prompt)
				if err != nil {
					errs[i] = err
					continue
				}
				s := Sample{Row: r, Features: rubric.ComputeFeatures(res, r.Prompt), Words: rubric.Words(res.Document)}
				if opts.KeepResults {
					s.Result = res
				}
				out[i] = s
			}
		}()
	}
	for i := range rows {
		if ctx.Err() != nil {
			break
		}
		jobs <- i
	}
	close(jobs)
	wg.Wait()
	if err := ctx.Err(); err != nil {
		return nil, nil, fmt.Errorf("measuring essays: %w", err)
	}
	var samples []Sample
	var problems []Problem
	for i := range rows {
		if errs[i] != nil {
			if analysis.IsInputError(errs[i]) {
				problems = append(problems, Problem{Line: rows[i].Line, Err: errs[i]})
				continue
			}
			return nil, nil, fmt.Errorf("line %d: %w", rows[i].Line, errs[i])
		}
		samples = append(samples, out[i])
	}
	return samples, problems, nil
}

// forEach runs fn(i) for i in [0, n) on workers goroutines and returns the
// errors by index.
func forEach(ctx context.Context, n, workers int, fn func(i int) error) ([]error, error) {
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	errs := make([]error, n)
	jobs := make(chan int)
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range jobs {
				errs[i] = fn(i)
			}
		}()
	}
	for i := range n {
		if ctx.Err() != nil {
			break
		}
		jobs <- i
	}
	close(jobs)
	wg.Wait()
	return errs, ctx.Err()
}
