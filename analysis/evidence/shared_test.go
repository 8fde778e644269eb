package evidence

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/clio-history/clio/analysis"
	"github.com/clio-history/clio/analysis/history"
)

// factorIDs returns the factor ids of findings with code, sorted.
func factorIDs(out analysis.Output, code string) []string {
	var ids []string
	for _, f := range out.Findings {
		if f.Code == code {
			ids = append(ids, f.Data["factor"])
		}
	}
	sort.Strings(ids)
	return ids
}

func TestSharedStalinEssay(t *testing.T) {
	text := sharedEssay(t, "stalin-rise.txt")
	question := stalinQuestion
	if b, err := os.ReadFile(filepath.Join(repoRoot(t), "..", "shared", "essays", "stalin-rise.json")); err == nil {
		var meta struct {
			Question string `json:"question"`
		}
		require.NoError(t, json.Unmarshal(b, &meta))
		question = meta.Question
	}
	lib, err := history.Default()
	require.NoError(t, err)
	doc, out := runAnalyzer(t, lib, text, question)

	t.Run("Specifics", func(t *testing.T) {
		specifics := texts(doc, out, "evidence.specific")
		assert.Contains(t, specifics, "559 votes to just 65")
		assert.Contains(t, specifics, "Fourteenth Party Congress in 1925")
		assert.Contains(t, specifics, "General Secretary in 1922")
		assert.GreaterOrEqual(t, out.Metrics["evidence.distinct_specifics"], 8.0)
		assert.Equal(t, 0.0, out.Metrics["evidence.unsupported_paragraphs"], "the body paragraph is dense with detail")
		assert.Equal(t, 1.0, out.Metrics["evidence.supported_paragraph_share"])
	})

	t.Run("Factors", func(t *testing.T) {
		covered := factorIDs(out, "evidence.factor-covered")
		missing := factorIDs(out, "evidence.factor-missing")
		assert.Contains(t, covered, "general-secretary")
		assert.Contains(t, covered, "alliances-and-tactics")
		assert.True(t, contains(covered, "rivals-weaknesses") || contains(covered, "trotsky-mistakes"),
			"the essay discusses Trotsky's failings: %v", covered)
		for _, id := range []string{"lenins-testament", "lenin-enrolment", "ideology-socialism-in-one-country", "ban-on-factions"} {
			assert.Contains(t, missing, id)
		}
		assert.Equal(t, float64(len(covered)), out.Metrics["evidence.factors_covered"])
		assert.Equal(t, float64(len(covered)+len(missing)), out.Metrics["evidence.factors_total"])
		for _, f := range out.Findings {
			if f.Code == "evidence.factor-missing" {
				assert.NotEmpty(t, f.Data["name"])
				assert.Contains(t, f.Message, f.Data["name"])
			}
		}
	})
}

func contains(xs []string, s string) bool {
	for _, x := range xs {
		if x == s {
			return true
		}
	}
	return false
}

func FuzzAnalyze(f *testing.F) {
	for _, s := range []string{
		mixedEssay, historianEssay, unrelated,
		"“", "'a b c'", "\"unclosed quotation of several words", "Source A 1922 – 29 ‘quoted words here’",
		"559 votes to", "25 October", "In 1924–29 the 1920s 40% £5 million.", "Service argues. According to",
		"historians such as", "The 14th", "Ünïcödé Name argues that “x y z”",
	} {
		f.Add(s, stalinQuestion)
	}
	f.Add("Source A says \"it was all planned\" in 1928.", "How useful is Source A?")
	lib, err := history.Default()
	if err != nil {
		f.Fatal(err)
	}
	a := New(lib)
	f.Fuzz(func(t *testing.T, text, question string) {
		doc, err := analysis.Parse(context.Background(), text)
		if err != nil {
			return // bad input is the parser's to reject
		}
		out, err := a.Analyze(context.Background(), doc, analysis.Task{Question: analysis.Question{Text: question}})
		if err != nil {
			t.Fatalf("analyze: %v", err)
		}
		for _, fd := range out.Findings {
			if fd.Start < 0 || fd.End > len(text) || fd.Start > fd.End {
				t.Fatalf("%s: span %v outside %d bytes", fd.Code, fd.Span, len(text))
			}
			if fd.Message == "" {
				t.Fatalf("%s: empty message", fd.Code)
			}
		}
		for k, v := range out.Metrics {
			if v < 0 || v != v {
				t.Fatalf("metric %s = %v", k, v)
			}
		}
		if c := out.Metrics["evidence.factor_coverage"]; c > 1 {
			t.Fatalf("coverage %v above 1", c)
		}
	})
}

func BenchmarkAnalyze1000Words(b *testing.B) {
	data, err := os.ReadFile(filepath.Join(repoRoot(b), "fixtures", "bench", "essay-1000.txt"))
	if err != nil {
		b.Skipf("benchmark essay not available: %v", err)
	}
	benchAnalyze(b, string(data))
}

func BenchmarkAnalyzeSharedEssay(b *testing.B) {
	benchAnalyze(b, sharedEssay(b, "stalin-rise.txt"))
}

// BenchmarkAnalyzeDenseText is a worst case: 250 KB of one paragraph packed
// with names, dates and quotations.
func BenchmarkAnalyzeDenseText(b *testing.B) {
	benchAnalyze(b, strings.Repeat("Trotsky 1922 Kamenev 1923 Zinoviev “a b c” Moscow Congress ", 4000))
}

// benchAnalyze measures the analyzer alone on text, parsed once outside the
// loop, for the Stalin question.
func benchAnalyze(b *testing.B, text string) {
	doc, err := analysis.Parse(context.Background(), text)
	require.NoError(b, err)
	lib, err := history.Default()
	require.NoError(b, err)
	a := New(lib)
	task := analysis.Task{Question: analysis.Question{Text: stalinQuestion}}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := a.Analyze(context.Background(), doc, task); err != nil {
			b.Fatal(err)
		}
	}
}
