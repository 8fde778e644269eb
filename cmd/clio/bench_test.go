package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"testing/fstest"
	"time"

	"github.com/jdkato/prose/v3/tag"
	"github.com/jdkato/prose/v3/tokenize"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/clio-history/clio/analysis/history"
	"github.com/clio-history/clio/analysis/standard"
	"github.com/clio-history/clio/rubric/marking"
)

func bench(t *testing.T, args ...string) (stdout, stderr string, err error) {
	t.Helper()
	var out, errOut bytes.Buffer
	err = runBench(context.Background(), args, &out, &errOut)
	return out.String(), errOut.String(), err
}

// benchTree lays out root/repo/fixtures (with bench/) and, when shared is
// set, root/shared/essays, as in the project's checkout.
func benchTree(t *testing.T, shared bool) (fixtures, sharedDir string) {
	t.Helper()
	root := t.TempDir()
	fixtures = filepath.Join(root, "repo", "fixtures")
	require.NoError(t, os.MkdirAll(filepath.Join(fixtures, "bench"), 0o750))
	require.NoError(t, os.WriteFile(filepath.Join(fixtures, "stalin.txt"), []byte(essay), 0o600))
	require.NoError(t, os.WriteFile(filepath.Join(fixtures, "stalin.json"),
		[]byte(`{"question": "Why did Stalin emerge as leader of Russia?"}`), 0o600))
	require.NoError(t, os.WriteFile(filepath.Join(fixtures, "bench", "short.txt"),
		[]byte("The Normans won at Hastings in 1066 because William was well prepared.\n\nHarold's army was tired after Stamford Bridge."), 0o600))
	sharedDir = filepath.Join(root, "shared", "essays")
	if shared {
		require.NoError(t, os.MkdirAll(sharedDir, 0o750))
		require.NoError(t, os.WriteFile(filepath.Join(sharedDir, "other.txt"),
			[]byte("Lenin's death in 1924 left the party without a clear leader.\n\nStalin used his posts to gain support."), 0o600))
	}
	return fixtures, sharedDir
}

func TestBenchJSONOnRepositoryFixtures(t *testing.T) {
	fixtures := filepath.Join("..", "..", "fixtures")
	want, err := filepath.Glob(filepath.Join(fixtures, "*.txt"))
	require.NoError(t, err)
	benchOnes, err := filepath.Glob(filepath.Join(fixtures, "bench", "*.txt"))
	require.NoError(t, err)
	want = append(want, benchOnes...)
	require.NotEmpty(t, want, "the repository's fixtures")

	out, _, err := bench(t, "--dir", fixtures, "--essays", t.TempDir(), "--duration", "300ms", "--workers", "2", "--format", "json")
	require.NoError(t, err)
	var res BenchResult
	require.NoError(t, json.Unmarshal([]byte(out), &res), out)

	assert.Equal(t, len(want), res.Essays)
	assert.Equal(t, 2, res.Workers)
	assert.Positive(t, res.Marked)
	assert.Positive(t, res.EssaysPerSecond)
	assert.Positive(t, res.WordsPerSecond)
	assert.Positive(t, res.P50MS)
	assert.LessOrEqual(t, res.P50MS, res.P99MS)
	assert.LessOrEqual(t, res.P99MS, res.MaxMS)
	assert.Positive(t, res.PeakHeapInuse)
	assert.GreaterOrEqual(t, res.PeakSys, res.PeakHeapInuse)
	assert.Positive(t, res.MaxRSS)
	require.Len(t, res.PerEssay, len(want))
	names := map[string]int{}
	marked := 0
	for _, e := range res.PerEssay {
		names[e.Name] = e.Words
		marked += e.Marked
		assert.Equal(t, "fixtures", e.Source)
	}
	assert.Equal(t, res.Marked, marked, "per-essay counts add up to the total")
	assert.InDelta(t, 1000, names["bench/essay-1000.txt"], 50, "the 1,000-word benchmark essay is listed with its length")
	assert.Contains(t, names, "stalin-strong.txt")
}

func TestBenchTextFindsSharedEssaysBesideTheRepository(t *testing.T) {
	fixtures, _ := benchTree(t, true)
	out, errOut, err := bench(t, "--dir", fixtures, "--duration", "200ms")
	require.NoError(t, err)
	assert.Contains(t, errOut, "2 essays from")
	assert.Contains(t, errOut, "1 essay from", "the shared essay is found at ../shared/essays")
	for _, s := range []string{"essays/s", "p50", "p99", "peak memory", "max RSS", "stalin.txt", "bench/short.txt", "shared/other.txt"} {
		assert.Contains(t, out, s)
	}
}

func TestBenchSkipsMissingSharedEssays(t *testing.T) {
	fixtures, shared := benchTree(t, false)
	out, errOut, err := bench(t, "--dir", fixtures, "--duration", "200ms", "--format", "json")
	require.NoError(t, err)
	assert.Contains(t, errOut, "no shared essays at "+shared)
	var res BenchResult
	require.NoError(t, json.Unmarshal([]byte(out), &res))
	assert.Equal(t, 2, res.Essays)
}

func TestBenchRefusesBadInput(t *testing.T) {
	fixtures, _ := benchTree(t, false)
	empty := t.TempDir()
	broken := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(broken, "blank.txt"), []byte("  \n\n "), 0o600))
	tests := []struct {
		name  string
		args  []string
		usage bool
		msg   string
	}{
		{"ErrFormat", []string{"--format", "xml"}, true, "--format"},
		{"ErrZeroDuration", []string{"--duration", "0s"}, true, "--duration"},
		{"ErrWorkers", []string{"--workers", "0"}, true, "--workers"},
		{"ErrArgument", []string{"essay.txt"}, true, "unexpected argument"},
		{"ErrUnknownFlag", []string{"--speed", "fast"}, true, ""},
		{"ErrNoEssays", []string{"--dir", empty}, false, "no essays"},
		{"ErrSharedNotADirectory", []string{"--dir", fixtures, "--essays", filepath.Join(empty, "missing")}, false, "not a directory"},
		{"ErrEssayDoesNotMark", []string{"--dir", broken}, false, "blank.txt"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			args := append([]string{"--duration", "100ms"}, tt.args...)
			_, _, err := bench(t, args...)
			require.Error(t, err)
			assert.Equal(t, tt.usage, errors.Is(err, errUsage), "usage error: %v", err)
			assert.Contains(t, err.Error(), tt.msg)
		})
	}
}

func TestBenchStopsWhenCancelled(t *testing.T) {
	fixtures, _ := benchTree(t, false)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	var out, errOut bytes.Buffer
	err := runBench(ctx, []string{"--dir", fixtures, "--duration", "1h"}, &out, &errOut)
	require.Error(t, err, "a cancelled run ends at once with an error, not after an hour")
	assert.ErrorIs(t, err, context.Canceled)
	assert.Empty(t, out.String())
}

// cpuTime is the CPU time this process has used (user and system), which
// other programs on a busy machine do not inflate as they do wall time.
func cpuTime(b *testing.B) time.Duration {
	var ru syscall.Rusage
	require.NoError(b, syscall.Getrusage(syscall.RUSAGE_SELF, &ru))
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

func benchEssayText(b *testing.B, size string) string {
	raw, err := os.ReadFile(filepath.Join("..", "..", "fixtures", "bench", "essay-"+size+".txt"))
	if err != nil {
		b.Skipf("no benchmark essay: %v", err)
	}
	return string(raw)
}

var benchSizes = []string{"250", "1000", "4000"}

// BenchmarkMarkEssay is full marking (parse, every analyzer, rubric) of the
// benchmark essays through the service clio mark and clio serve use. Besides
// wall time it reports cpu-ns/op, the process's CPU time per essay.
func BenchmarkMarkEssay(b *testing.B) {
	svc, err := marking.New(standard.Options{})
	require.NoError(b, err)
	for _, size := range benchSizes {
		b.Run(size+"words", func(b *testing.B) {
			text := benchEssayText(b, size)
			// Mark once untimed: the spelling suggester is built on the first
			// unknown word a process meets, a one-off cost of about a second
			// that would otherwise land on whichever run comes first.
			_, err := svc.Mark(context.Background(), marking.Request{Text: text})
			require.NoError(b, err)
			b.SetBytes(int64(len(text)))
			b.ReportAllocs()
			c0 := cpuTime(b)
			for b.Loop() {
				if _, err := svc.Mark(context.Background(), marking.Request{Text: text}); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(cpuTime(b)-c0)/float64(b.N), "cpu-ns/op")
		})
	}
}

// BenchmarkProseFloor is the floor BenchmarkMarkEssay is measured against:
// prose v3 tokenising and tagging the same text and nothing else, as
// BenchmarkFloor in analysis/standard, here with cpu-ns/op too.
func BenchmarkProseFloor(b *testing.B) {
	tagger, err := tag.New()
	require.NoError(b, err)
	tk := tokenize.New()
	for _, size := range benchSizes {
		b.Run(size+"words", func(b *testing.B) {
			text := benchEssayText(b, size)
			b.SetBytes(int64(len(text)))
			b.ReportAllocs()
			c0 := cpuTime(b)
			for b.Loop() {
				tagger.TagTokens(tk.Tokenize(text))
			}
			b.ReportMetric(float64(cpuTime(b)-c0)/float64(b.N), "cpu-ns/op")
		})
	}
}

// mainPacks are the packs on main before issue 16's twentieth-century packs
// (Germany twice, the Cold War, the USSR) landed: the baseline for marking
// time with every pack loaded.
var mainPacks = []string{"atlantic-revolutions", "china-1936-1997", "historiography", "italy-1900-1946",
	"mary-i", "norman-conquest", "russia-1855-1917", "russia-1917-1953"}

// BenchmarkMarkEssayPacks is full marking of the 1,000-word benchmark essay,
// without and with a question, by a service with the packs of main before
// the new packs (packs=main) and with every pack (packs=all), in one run, so
// that their ratio meets the same machine. The target: all within 1.15 of
// main.
func BenchmarkMarkEssayPacks(b *testing.B) {
	files := fstest.MapFS{}
	for _, id := range mainPacks {
		data, err := os.ReadFile(filepath.Join("..", "..", "analysis", "history", "packs", id+".json"))
		require.NoError(b, err)
		files[id+".json"] = &fstest.MapFile{Data: data}
	}
	mainLib, err := history.LoadFS(files)
	require.NoError(b, err)
	services := map[string]*marking.Service{}
	for name, lib := range map[string]*history.Library{"main": mainLib, "all": nil} {
		svc, err := marking.New(standard.Options{Library: lib})
		require.NoError(b, err)
		services[name] = svc
	}
	text := benchEssayText(b, "1000")
	for _, q := range []struct{ name, text string }{
		{"no-question", ""},
		{"question", "Why did the Tsarist regime collapse in February 1917?"},
	} {
		for _, name := range []string{"main", "all"} {
			svc := services[name]
			b.Run(q.name+"/packs="+name, func(b *testing.B) {
				req := marking.Request{Text: text, Question: q.text}
				_, err := svc.Mark(context.Background(), req)
				require.NoError(b, err)
				b.ReportAllocs()
				c0 := cpuTime(b)
				for b.Loop() {
					if _, err := svc.Mark(context.Background(), req); err != nil {
						b.Fatal(err)
					}
				}
				b.ReportMetric(float64(cpuTime(b)-c0)/float64(b.N), "cpu-ns/op")
			})
		}
	}
}
