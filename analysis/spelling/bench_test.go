package spelling

import (
	"context"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/clio-history/clio/analysis"
	"github.com/clio-history/clio/fixtures"
)

// essayParagraph is correct British English about a common A-level topic,
// repeated to make a 1,000-word essay with no spelling errors.
const essayParagraph = `Stalin's victory in the struggle for power after Lenin's death in 1924 owed much to his position as General Secretary of the Party. He controlled appointments, and the officials he promoted voted for him at the Party Congresses. Trotsky, Zinoviev and Kamenev underestimated him, and their divisions allowed him to defeat each of them in turn. By 1929 Bukharin and the Right had also been removed from the Politburo, and collectivisation and the first Five-Year Plan began. The kulaks were attacked as a class, grain was requisitioned, and millions of peasants died in the famine of 1932 and 1933, especially in Ukraine. `

func essay1000() string {
	var b strings.Builder
	for len(strings.Fields(b.String())) < 1000 {
		b.WriteString(essayParagraph)
		b.WriteString("\n\n")
	}
	return b.String()
}

// BenchmarkCheckEssay1000Words measures the analyzer alone on a parsed
// 1,000-word essay with no errors (parsing is not included).
func BenchmarkCheckEssay1000Words(b *testing.B) {
	a, err := New(Options{})
	require.NoError(b, err)
	doc, err := analysis.Parse(context.Background(), essay1000())
	require.NoError(b, err)
	out, err := a.Analyze(context.Background(), doc, analysis.Task{})
	require.NoError(b, err)
	require.Empty(b, out.Findings, "the benchmark essay must be error-free")
	b.ReportAllocs()
	b.ResetTimer()
	cpu := cpuTime()
	n := 0
	for b.Loop() {
		if _, err := a.Analyze(context.Background(), doc, analysis.Task{}); err != nil {
			b.Fatal(err)
		}
		n++
	}
	b.ReportMetric(float64((cpuTime()-cpu).Nanoseconds())/float64(n), "cpu-ns/op")
}

// cpuTime is the CPU time the process has used. On a shared machine it
// measures the work done, where wall-clock time also counts waiting for a
// core.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

var suggestWords = []string{"recieve", "goverment", "begining", "accomodation", "seperate", "definately",
	"beleive", "occured", "untill", "wich", "politburro", "revolushun", "collectivisaton", "parliment",
	"propoganda", "industrilisation", "necesary", "sucessful", "arguement", "tommorow"}

// BenchmarkSuggest measures one suggestion search; it also reports the
// median over the word list.
func BenchmarkSuggest(b *testing.B) {
	a, err := New(Options{})
	require.NoError(b, err)
	a.Suggest("warm", LocaleGB) // build the index outside the timing
	var times []time.Duration
	b.ReportAllocs()
	b.ResetTimer()
	i := 0
	cpu := cpuTime()
	for b.Loop() {
		began := time.Now()
		a.Suggest(suggestWords[i%len(suggestWords)], LocaleGB)
		times = append(times, time.Since(began))
		i++
	}
	b.StopTimer()
	b.ReportMetric(float64((cpuTime()-cpu).Nanoseconds())/float64(i), "cpu-ns/op")
	sort.Slice(times, func(i, j int) bool { return times[i] < times[j] })
	b.ReportMetric(float64(times[len(times)/2].Nanoseconds()), "median-ns")
}

// BenchmarkLoad measures building the dictionaries and suggestion index
// once, as the first request of a process pays.
func BenchmarkLoad(b *testing.B) {
	base, err := baseDictionary()
	require.NoError(b, err)
	cpu := cpuTime()
	n := 0
	for b.Loop() {
		newSuggester(base)
		n++
	}
	b.ReportMetric(float64((cpuTime()-cpu).Nanoseconds())/float64(n), "cpu-ns/op")
}

// slipsEssay is the fixture essay with spelling slips (mary-spelling),
// repeated to about 1,000 words: the cost of checking a weak essay, with
// suggestions to find.
func slipsEssay(b *testing.B) string {
	dir, err := fixtures.Dir()
	require.NoError(b, err)
	raw, err := os.ReadFile(filepath.Join(dir, "mary-spelling.txt"))
	require.NoError(b, err)
	var sb strings.Builder
	for len(strings.Fields(sb.String())) < 1000 {
		sb.Write(raw)
		sb.WriteString("\n\n")
	}
	return sb.String()
}

// BenchmarkCheckEssayWithSlips1000Words measures the analyzer on a parsed
// 1,000-word essay with about fifty slips, after first use (the word lists,
// suggestion index and context counts are loaded before the timer starts).
func BenchmarkCheckEssayWithSlips1000Words(b *testing.B) {
	a, err := New(Options{})
	require.NoError(b, err)
	doc, err := analysis.Parse(context.Background(), slipsEssay(b))
	require.NoError(b, err)
	_, err = a.Analyze(context.Background(), doc, analysis.Task{})
	require.NoError(b, err)
	b.ReportAllocs()
	b.ResetTimer()
	cpu := cpuTime()
	n := 0
	for b.Loop() {
		if _, err := a.Analyze(context.Background(), doc, analysis.Task{}); err != nil {
			b.Fatal(err)
		}
		n++
	}
	b.ReportMetric(float64((cpuTime()-cpu).Nanoseconds())/float64(n), "cpu-ns/op")
}

// BenchmarkHeapGrowth reports how much live heap the checker holds once it
// has checked an essay: the word lists, the suggestion index and the
// context counts. Run it on its own (-run '^$' -bench HeapGrowth), so that
// nothing else has loaded them first.
func BenchmarkHeapGrowth(b *testing.B) {
	doc, err := analysis.Parse(context.Background(), slipsEssay(b))
	require.NoError(b, err)
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	a, err := New(Options{})
	require.NoError(b, err)
	_, err = a.Analyze(context.Background(), doc, analysis.Task{})
	require.NoError(b, err)
	runtime.GC()
	runtime.ReadMemStats(&after)
	runtime.KeepAlive(a)
	for b.Loop() {
	}
	b.ReportMetric(float64(int64(after.HeapAlloc)-int64(before.HeapAlloc))/(1<<20), "heap-MB")
}
