package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"text/tabwriter"
	"time"

	"github.com/clio-history/clio/analysis/standard"
	"github.com/clio-history/clio/rubric/marking"
)

// benchEssay is one essay marked over and over by clio bench.
type benchEssay struct {
	Name     string // path relative to its source directory, e.g. "bench/essay-1000.txt"
	Source   string // "fixtures" or "shared"
	Text     string
	Question string
	Words    int
}

// BenchEssayStats is the timing of one essay in a clio bench run.
type BenchEssayStats struct {
	Name   string  `json:"name"`
	Source string  `json:"source"`
	Words  int     `json:"words"`
	Marked int     `json:"marked"`
	P50MS  float64 `json:"p50_ms"`
	P99MS  float64 `json:"p99_ms"`
}

// BenchResult is what clio bench prints (as JSON with --format json).
type BenchResult struct {
	Essays          int     `json:"essays"`
	Workers         int     `json:"workers"`
	GOMAXPROCS      int     `json:"gomaxprocs"`
	CPUs            int     `json:"cpus"`
	GoVersion       string  `json:"go_version"`
	ClioVersion     string  `json:"clio_version"`
	DurationS       float64 `json:"duration_s"`
	Marked          int     `json:"marked"`
	Words           int64   `json:"words"`
	EssaysPerSecond float64 `json:"essays_per_second"`
	WordsPerSecond  float64 `json:"words_per_second"`
	MeanMS          float64 `json:"mean_ms"`
	P50MS           float64 `json:"p50_ms"`
	P99MS           float64 `json:"p99_ms"`
	MaxMS           float64 `json:"max_ms"`
	PeakHeapInuse   uint64  `json:"peak_heap_inuse_bytes"`
	PeakSys         uint64  `json:"peak_sys_bytes"`
	MaxRSS          uint64  `json:"max_rss_bytes"`
	// LoadAvg is the machine's 1-minute load average at the end of the run
	// (from /proc/loadavg; 0 if unknown): above the CPU count, other work
	// was competing for the cores and the figures are pessimistic.
	LoadAvg  float64           `json:"load_avg"`
	PerEssay []BenchEssayStats `json:"per_essay"`
}

func runBench(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("bench", flag.ContinueOnError)
	fs.SetOutput(stderr)
	duration := fs.Duration("duration", 10*time.Second, "how long to keep marking")
	workers := fs.Int("workers", runtime.GOMAXPROCS(0), "essays marked at once (default: all cores)")
	format := fs.String("format", "text", "output format: text or json")
	dir := fs.String("dir", "", "the fixtures directory (default: fixtures/ in the enclosing repository)")
	shared := fs.String("essays", "", "extra essays, *.txt with optional *.json sidecars (default: ../shared/essays beside the repository, skipped if absent)")
	if err := fs.Parse(args); err != nil {
		return errUsage
	}
	switch {
	case fs.NArg() > 0:
		return fmt.Errorf("%w: unexpected argument %q", errUsage, fs.Arg(0))
	case *format != "text" && *format != "json":
		return fmt.Errorf("%w: --format must be text or json, not %q", errUsage, *format)
	case *duration <= 0 || *duration > 24*time.Hour:
		return fmt.Errorf("%w: --duration must be above 0 and at most 24h, not %v", errUsage, *duration)
	case *workers < 1 || *workers > 1024:
		return fmt.Errorf("%w: --workers must be from 1 to 1024, not %d", errUsage, *workers)
	}

	essays, sources, err := loadBenchEssays(*dir, *shared)
	if err != nil {
		return err
	}
	for _, s := range sources {
		fmt.Fprintln(stderr, s)
	}
	svc, err := marking.New(standard.Options{})
	if err != nil {
		return err
	}
	res, err := benchMark(ctx, svc, essays, *workers, *duration)
	if err != nil {
		return err
	}
	if *format == "json" {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(res)
	}
	return renderBench(stdout, res)
}

// findFixtures walks up from the working directory to the first directory
// holding fixtures/bench, the layout of Clio's repository.
func findFixtures() (string, error) {
	wd, err := os.Getwd()
	if err != nil {
		return "", fmt.Errorf("finding the fixtures: %w", err)
	}
	for d := wd; ; d = filepath.Dir(d) {
		f := filepath.Join(d, "fixtures")
		if st, err := os.Stat(filepath.Join(f, "bench")); err == nil && st.IsDir() {
			return f, nil
		}
		if filepath.Dir(d) == d {
			return "", fmt.Errorf("no fixtures/bench directory in %s or above it; run inside Clio's repository or pass --dir", wd)
		}
	}
}

// loadBenchEssays reads fixtures/*.txt, fixtures/bench/*.txt and the shared
// essays. It also returns a line per source for the log.
func loadBenchEssays(dir, shared string) ([]benchEssay, []string, error) {
	if dir == "" {
		d, err := findFixtures()
		if err != nil {
			return nil, nil, err
		}
		dir = d
	}
	var essays []benchEssay
	var log []string
	for _, pattern := range []string{"*.txt", filepath.Join("bench", "*.txt")} {
		got, err := readEssayDir(dir, pattern, "fixtures")
		if err != nil {
			return nil, nil, err
		}
		essays = append(essays, got...)
	}
	if len(essays) == 0 {
		return nil, nil, fmt.Errorf("no essays (*.txt) in %s or %s", dir, filepath.Join(dir, "bench"))
	}
	log = append(log, fmt.Sprintf("clio bench: %d %s from %s", len(essays), plural(len(essays), "essay"), dir))
	explicit := shared != ""
	if !explicit {
		shared = filepath.Join(filepath.Dir(filepath.Dir(mustAbs(dir))), "shared", "essays")
	}
	if st, err := os.Stat(shared); err != nil || !st.IsDir() {
		if explicit {
			return nil, nil, fmt.Errorf("--essays %s: not a directory", shared)
		}
		log = append(log, fmt.Sprintf("clio bench: no shared essays at %s; skipping them", shared))
		return essays, log, nil
	}
	got, err := readEssayDir(shared, "*.txt", "shared")
	if err != nil {
		return nil, nil, err
	}
	log = append(log, fmt.Sprintf("clio bench: %d %s from %s", len(got), plural(len(got), "essay"), shared))
	return append(essays, got...), log, nil
}

func plural(n int, word string) string {
	if n == 1 {
		return word
	}
	return word + "s"
}

func mustAbs(p string) string {
	if a, err := filepath.Abs(p); err == nil {
		return a
	}
	return p
}

func readEssayDir(dir, pattern, source string) ([]benchEssay, error) {
	paths, err := filepath.Glob(filepath.Join(dir, pattern))
	if err != nil {
		return nil, fmt.Errorf("listing %s: %w", dir, err)
	}
	sort.Strings(paths)
	var out []benchEssay
	for _, p := range paths {
		text, err := readEssay(p, nil)
		if err != nil {
			return nil, err
		}
		rel, err := filepath.Rel(dir, p)
		if err != nil {
			rel = filepath.Base(p)
		}
		out = append(out, benchEssay{Name: filepath.ToSlash(rel), Source: source, Text: text,
			Question: sidecarQuestion(p), Words: len(strings.Fields(text))})
	}
	return out, nil
}

// memPeaks samples the Go runtime's memory until stopped.
type memPeaks struct {
	heapInuse, sys uint64
}

func (m *memPeaks) sample() {
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	m.heapInuse = max(m.heapInuse, ms.HeapInuse)
	m.sys = max(m.sys, ms.Sys)
}

// benchMark marks each essay once (checking they all mark), then marks them
// round robin on workers goroutines until d has passed or ctx ends.
func benchMark(ctx context.Context, svc *marking.Service, essays []benchEssay, workers int, d time.Duration) (*BenchResult, error) {
	if len(essays) == 0 {
		return nil, errors.New("no essays to mark")
	}
	mark := func(e benchEssay) error {
		_, err := svc.Mark(ctx, marking.Request{Text: e.Text, Question: e.Question})
		if err != nil {
			return fmt.Errorf("marking %s essay %s: %w", e.Source, e.Name, err)
		}
		return nil
	}
	for _, e := range essays { // warm up: load models, fill caches, check every essay marks
		if err := mark(e); err != nil {
			return nil, err
		}
	}

	var peaks memPeaks
	stopSampling := make(chan struct{})
	sampled := make(chan struct{})
	go func() {
		defer close(sampled)
		t := time.NewTicker(50 * time.Millisecond)
		defer t.Stop()
		for {
			peaks.sample()
			select {
			case <-stopSampling:
				return
			case <-t.C:
			}
		}
	}()

	// A worker starts an essay only before the deadline but always finishes
	// it, so long essays are not cut short and left out of the figures.
	rctx, cancel := context.WithCancel(ctx)
	defer cancel()
	times := make([][]time.Duration, len(essays)) // per essay
	var mu sync.Mutex
	var next int
	var firstErr error
	var wg sync.WaitGroup
	began := time.Now()
	deadline := began.Add(d)
	for range workers {
		wg.Go(func() {
			for rctx.Err() == nil && time.Now().Before(deadline) {
				mu.Lock()
				i := next % len(essays)
				next++
				mu.Unlock()
				t0 := time.Now()
				_, err := svc.Mark(rctx, marking.Request{Text: essays[i].Text, Question: essays[i].Question})
				el := time.Since(t0)
				mu.Lock()
				if err != nil && firstErr == nil && ctx.Err() == nil {
					firstErr = fmt.Errorf("marking %s essay %s: %w", essays[i].Source, essays[i].Name, err)
					cancel()
				}
				if err == nil {
					times[i] = append(times[i], el)
				}
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	elapsed := time.Since(began)
	close(stopSampling)
	<-sampled
	if firstErr != nil {
		return nil, firstErr
	}
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("bench interrupted: %w", err)
	}

	res := &BenchResult{Essays: len(essays), Workers: workers, GOMAXPROCS: runtime.GOMAXPROCS(0), CPUs: runtime.NumCPU(),
		GoVersion: runtime.Version(), ClioVersion: marking.Version, DurationS: elapsed.Seconds(),
		PeakHeapInuse: peaks.heapInuse, PeakSys: peaks.sys, MaxRSS: maxRSS(), LoadAvg: loadAvg()}
	var all []time.Duration
	var total time.Duration
	for i, ts := range times {
		st := BenchEssayStats{Name: essays[i].Name, Source: essays[i].Source, Words: essays[i].Words, Marked: len(ts)}
		if len(ts) > 0 {
			slices.Sort(ts)
			st.P50MS, st.P99MS = ms(quantile(ts, 0.50)), ms(quantile(ts, 0.99))
		}
		res.PerEssay = append(res.PerEssay, st)
		res.Words += int64(essays[i].Words) * int64(len(ts))
		all = append(all, ts...)
		for _, t := range ts {
			total += t
		}
	}
	res.Marked = len(all)
	if res.Marked == 0 {
		return nil, fmt.Errorf("no essay was marked within %v; give a longer --duration", d)
	}
	slices.Sort(all)
	res.EssaysPerSecond = float64(res.Marked) / elapsed.Seconds()
	res.WordsPerSecond = float64(res.Words) / elapsed.Seconds()
	res.MeanMS = ms(total / time.Duration(len(all)))
	res.P50MS, res.P99MS, res.MaxMS = ms(quantile(all, 0.50)), ms(quantile(all, 0.99)), ms(all[len(all)-1])
	return res, nil
}

// quantile is the nearest-rank quantile q of sorted, which is not empty.
func quantile(sorted []time.Duration, q float64) time.Duration {
	i := int(float64(len(sorted))*q+0.999999) - 1
	return sorted[min(max(i, 0), len(sorted)-1)]
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

// maxRSS is the process's peak resident set size in bytes (0 if unknown).
func maxRSS() uint64 {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil || ru.Maxrss < 0 {
		return 0
	}
	return uint64(ru.Maxrss) * 1024 // Linux reports kilobytes
}

// loadAvg is the 1-minute load average, or 0 where /proc/loadavg is missing.
func loadAvg() float64 {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return 0
	}
	f := strings.Fields(string(b))
	if len(f) == 0 {
		return 0
	}
	v, err := strconv.ParseFloat(f[0], 64)
	if err != nil {
		return 0
	}
	return v
}

func mib(b uint64) float64 { return float64(b) / (1 << 20) }

func renderBench(w io.Writer, r *BenchResult) error {
	fmt.Fprintf(w, "Marked %d essays in %.1f s with %d workers (GOMAXPROCS %d, %d CPUs, %s, load average %.1f)\n\n",
		r.Marked, r.DurationS, r.Workers, r.GOMAXPROCS, r.CPUs, r.GoVersion, r.LoadAvg)
	fmt.Fprintf(w, "  throughput   %.1f essays/s, %.0f words/s\n", r.EssaysPerSecond, r.WordsPerSecond)
	fmt.Fprintf(w, "  per essay    p50 %.1f ms, p99 %.1f ms, max %.1f ms, mean %.1f ms\n", r.P50MS, r.P99MS, r.MaxMS, r.MeanMS)
	fmt.Fprintf(w, "  peak memory  heap in use %.1f MiB, Go runtime total %.1f MiB, max RSS %.1f MiB\n\n",
		mib(r.PeakHeapInuse), mib(r.PeakSys), mib(r.MaxRSS))
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "essay\twords\tmarked\tp50 ms\tp99 ms\t")
	for _, e := range r.PerEssay {
		name := e.Name
		if e.Source != "fixtures" {
			name = e.Source + "/" + e.Name
		}
		fmt.Fprintf(tw, "%s\t%d\t%d\t%.1f\t%.1f\t\n", name, e.Words, e.Marked, e.P50MS, e.P99MS)
	}
	return tw.Flush()
}
