package argument

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/clio-history/clio/analysis"
	"github.com/clio-history/clio/analysis/question"
)

const (
	qStalin  = "Why did Stalin emerge as leader of Russia in the years 1924–29?"
	qNormans = "'The military capability of the Normans was the most important reason for their victory at Hastings.' How far do you agree?"
)

func readTestdata(t testing.TB, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	require.NoError(t, err)
	return string(b)
}

func run(t testing.TB, text, q string) *analysis.Result {
	t.Helper()
	doc, err := analysis.Parse(context.Background(), text)
	require.NoError(t, err)
	p, err := analysis.NewPipeline(New())
	require.NoError(t, err)
	task := analysis.Task{}
	if q != "" {
		task.Question = question.Parse(q)
	}
	res, err := p.Run(context.Background(), doc, task)
	require.NoError(t, err)
	return res
}

func codes(res *analysis.Result) map[string]int {
	m := map[string]int{}
	for _, f := range res.Findings {
		m[f.Code]++
	}
	return m
}

func TestEssays(t *testing.T) {
	tests := []struct {
		name, file, question string
		want, absent         []string
		// thesis and judgement: the text the finding must point at.
		thesis, judgement string
		metrics           map[string]float64 // exact
	}{
		{
			name: "AnalyticalStalin", file: "stalin-good.txt", question: qStalin,
			want:   []string{"argument.thesis", "argument.judgement", "argument.balance", "argument.point"},
			absent: []string{"argument.no-thesis", "argument.no-judgement", "argument.narrative", "argument.one-sided", "argument.off-topic", "argument.repetition", "argument.word-salad", "argument.inconsistent"},
			thesis: "This essay will argue that Stalin emerged as leader mainly because", judgement: "In conclusion, Stalin emerged as leader of Russia mainly because",
			metrics: map[string]float64{"argument.thesis": 1, "argument.judgement": 1, "argument.balance": 1, "argument.focus": 1, "argument.narrative_share": 0, "argument.paragraphs_with_point_share": 1},
		},
		{
			name: "NarrativeStalin", file: "stalin-narrative.txt", question: qStalin,
			want:    []string{"argument.no-thesis", "argument.no-judgement", "argument.narrative", "argument.no-point", "argument.one-sided"},
			absent:  []string{"argument.thesis", "argument.judgement", "argument.balance", "argument.point"},
			metrics: map[string]float64{"argument.thesis": 0, "argument.judgement": 0, "argument.balance": 0, "argument.narrative_share": 1, "argument.paragraphs_with_point_share": 0},
		},
		{
			name: "DisagreeingNormans", file: "normans-good.txt", question: qNormans,
			want:   []string{"argument.thesis", "argument.judgement", "argument.balance"},
			absent: []string{"argument.inconsistent", "argument.narrative", "argument.no-thesis", "argument.no-judgement"},
			thesis: "I will argue that the military capability of the Normans was important, but", judgement: "In conclusion, the military capability of the Normans was important, but I disagree",
		},
		{
			name: "RestatedNormans", file: "normans-weak.txt", question: qNormans,
			want:    []string{"argument.no-thesis", "argument.no-judgement", "argument.narrative", "argument.one-sided"},
			absent:  []string{"argument.thesis", "argument.judgement", "argument.balance"},
			metrics: map[string]float64{"argument.narrative_share": 1},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := run(t, readTestdata(t, tt.file), tt.question)
			got := codes(res)
			for _, c := range tt.want {
				assert.Positive(t, got[c], "want a %s finding", c)
			}
			for _, c := range tt.absent {
				assert.Zero(t, got[c], "want no %s finding", c)
			}
			if tt.thesis != "" {
				f := res.FindingsWithCode("argument.thesis")
				require.Len(t, f, 1)
				assert.True(t, strings.HasPrefix(f[0].Text, tt.thesis), "thesis points at %q", f[0].Text)
			}
			if tt.judgement != "" {
				f := mainJudgement(res)
				require.Len(t, f, 1)
				assert.True(t, strings.HasPrefix(f[0].Text, tt.judgement), "judgement points at %q", f[0].Text)
			}
			for k, v := range tt.metrics {
				assert.InDelta(t, v, res.Metrics[k], 1e-9, k)
			}
			for _, f := range res.Findings {
				assert.NotEmpty(t, f.Message, f.Code)
				assert.Equal(t, "argument", f.Analyzer)
			}
		})
	}
}

func TestAnalyticalBeatsNarrative(t *testing.T) {
	good := run(t, readTestdata(t, "stalin-good.txt"), qStalin).Metrics
	weak := run(t, readTestdata(t, "stalin-narrative.txt"), qStalin).Metrics
	for _, k := range higherIsBetter {
		switch k {
		case "argument.focus", "argument.conclusion":
			continue // both essays stay on the question, and both end with a conclusion
		case "argument.asserted_judgement":
			continue // the good essay argues its judgement; the narrative one has none
		}
		assert.Greater(t, good[k], weak[k], k)
	}
	assert.Less(t, good["argument.narrative_share"], weak["argument.narrative_share"])
}

func TestMessagesCiteTheQuestion(t *testing.T) {
	res := run(t, readTestdata(t, "normans-weak.txt"), qNormans)
	f := res.FindingsWithCode("argument.no-judgement")
	require.Len(t, f, 1)
	assert.Contains(t, f[0].Message, "how far you agree that the military capability of the Normans was the most important reason")
	// The span is the last paragraph.
	assert.True(t, strings.HasPrefix(f[0].Text, "Overall, the Normans had a strong army"))

	res = run(t, readTestdata(t, "stalin-narrative.txt"), qStalin)
	f = res.FindingsWithCode("argument.no-judgement")
	require.Len(t, f, 1)
	assert.Contains(t, f[0].Message, "Why did Stalin emerge as leader of Russia")
}

func TestInconsistentStance(t *testing.T) {
	text := `The Normans won at Hastings in 1066 for several reasons. I will argue that the military capability of the Normans was the most important reason for their victory, because their cavalry and archers gave William options that Harold lacked.

William's army combined archers, infantry and mounted knights, which allowed the Normans to attack the English shield wall in different ways. The feigned retreats drew some English soldiers off the hill, which meant that the shield wall was weakened. This shows that Norman military capability was a key reason for their victory.

However, Harold's army was exhausted after the Battle of Stamford Bridge, and this was important because his best troops had been killed or were tired.

In conclusion, I disagree that the military capability of the Normans was the most important reason for their victory: Harold's exhausted army was more important than Norman tactics.`
	res := run(t, text, qNormans)
	f := res.FindingsWithCode("argument.inconsistent")
	require.Len(t, f, 1)
	assert.True(t, strings.HasPrefix(f[0].Text, "In conclusion, I disagree"))
	assert.Equal(t, 1.0, res.Metrics["argument.judgement"])
	assert.Equal(t, 0.0, res.Metrics["argument.consistent_judgement"])
}

func TestNoQuestion(t *testing.T) {
	res := run(t, readTestdata(t, "stalin-good.txt"), "")
	got := codes(res)
	assert.Equal(t, 1, got["argument.no-question"])
	assert.Positive(t, got["argument.thesis"], "a line of argument is found without a question")
	assert.Positive(t, got["argument.judgement"])
	_, hasFocus := res.Metrics["argument.focus"]
	assert.False(t, hasFocus, "focus cannot be judged without a question")
}

func TestShortAndOddEssays(t *testing.T) {
	for _, text := range []string{
		"Stalin.",
		"However, therefore, furthermore.",
		"Stalin rose to power because he controlled the party machine as General Secretary.",
		"1924 1925 1926 1927 1928 1929",
		strings.Repeat("Stalin was General Secretary. ", 300),
		"## Heading\n\nStalin rose because he was General Secretary, which meant that he controlled appointments.",
	} {
		res := run(t, text, qStalin)
		for _, f := range res.Findings {
			assert.GreaterOrEqual(t, f.Start, 0)
			assert.LessOrEqual(t, f.End, len(text))
		}
		for k, v := range res.Metrics {
			assert.False(t, v != v, "%s is NaN", k)
		}
	}
}

func TestRepetitionOfASingleSentence(t *testing.T) {
	text := readTestdata(t, "stalin-good.txt")
	copyOf := "This meant that Stalin appeared to be a patriotic and moderate leader, while Trotsky seemed a dangerous adventurer, so ideology strengthened the support that Stalin's control of the party had already given him."
	require.Contains(t, text, copyOf)
	// The copy goes at the end of the paragraph that holds the original.
	padded := strings.Replace(text, copyOf, copyOf+" "+copyOf, 1)
	res := run(t, padded, qStalin)
	f := res.FindingsWithCode("argument.repetition")
	require.NotEmpty(t, f)
	require.Len(t, f, 1)
	assert.Equal(t, copyOf, f[0].Text, "the later copy is marked")
	assert.Equal(t, strings.LastIndex(padded, copyOf), f[0].Start)
	assert.Equal(t, itoa(strings.Index(padded, copyOf)), f[0].Data["original_start"])

	// A paragraph that is nearly all copied is reported once, as a paragraph.
	padded = strings.Replace(text, "In conclusion,", "Stalin's position mattered. "+copyOf+"\n\nIn conclusion,", 1)
	f = run(t, padded, qStalin).FindingsWithCode("argument.repetition")
	require.Len(t, f, 1)
	assert.True(t, strings.HasPrefix(f[0].Text, "Stalin's position mattered. This meant"), f[0].Text)
}

func TestConcurrentUse(t *testing.T) {
	doc, err := analysis.Parse(context.Background(), readTestdata(t, "stalin-good.txt"))
	require.NoError(t, err)
	a := New()
	task := analysis.Task{Question: question.Parse(qStalin)}
	want, err := a.Analyze(context.Background(), doc, task)
	require.NoError(t, err)
	var wg sync.WaitGroup
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			got, err := a.Analyze(context.Background(), doc, task)
			assert.NoError(t, err)
			assert.Equal(t, want.Metrics, got.Metrics)
		}()
	}
	wg.Wait()
}

func TestCancelled(t *testing.T) {
	doc, err := analysis.Parse(context.Background(), readTestdata(t, "stalin-good.txt"))
	require.NoError(t, err)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err = New().Analyze(ctx, doc, analysis.Task{})
	assert.ErrorIs(t, err, context.Canceled)
}

// FuzzAnalyze checks that no text the parser accepts makes the analyzer
// panic or report a span outside the text.
func FuzzAnalyze(f *testing.F) {
	f.Add("Stalin rose because he was General Secretary.\n\nHowever, therefore, furthermore.\n\nIn conclusion, it was mainly his position.", qStalin)
	f.Add("## Title\n\n\n1924 1925\n\n“…” — –", "")
	f.Add("a a a a a a a a a a a a a a a a a a a a a\n\na a a a a a a a a a a a a a a a a a a a a", qNormans)
	f.Fuzz(func(t *testing.T, text, q string) {
		doc, err := analysis.Parse(context.Background(), text)
		if err != nil {
			return
		}
		out, err := New().Analyze(context.Background(), doc, analysis.Task{Question: question.Parse(q)})
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range out.Findings {
			if f.Start < 0 || f.End > len(text) || f.Start > f.End {
				t.Fatalf("%s span %v outside %d bytes", f.Code, f.Span, len(text))
			}
		}
	})
}

// TestSharedStalinEssay runs the analyzer on the published essay Clio was
// founded on (outside the repository; skipped when absent). It ends without a
// concluding judgement, and its introduction's third sentence carries its
// line of argument.
func TestSharedStalinEssay(t *testing.T) {
	dir := fixturesDir(t)
	if dir == "" {
		t.Skip("repository root not found")
	}
	raw, err := os.ReadFile(filepath.Join(filepath.Dir(filepath.Dir(dir)), "shared", "essays", "stalin-rise.txt"))
	if err != nil {
		t.Skip("../shared/essays/stalin-rise.txt is absent")
	}
	res := run(t, string(raw), "Why did Stalin emerge as leader of Russia?")
	thesis := res.FindingsWithCode("argument.thesis")
	require.Len(t, thesis, 1)
	assert.True(t, strings.HasPrefix(thesis[0].Text, "He could owe his success to his deceitful and tactical nature"), thesis[0].Text)
	assert.Len(t, res.FindingsWithCode("argument.no-judgement"), 1)
	assert.Equal(t, 0.0, res.Metrics["argument.judgement"])
	assert.Empty(t, res.FindingsWithCode("argument.narrative"))
}

func TestNoJudgementMessageFitsTheCommand(t *testing.T) {
	body := "Stalin was appointed General Secretary in 1922 and gained control of appointments.\n\n" +
		"The position allowed him to appoint local party secretaries, which meant that he could pack congresses with supporters.\n\n" +
		"Trotsky was arrogant and ill, and this meant that he failed to build alliances against Stalin.\n\n" +
		"In conclusion, many things happened to Stalin in these years.\n"
	tests := []struct{ question, want string }{
		{"How significant was the role of Trotsky's mistakes in Stalin's rise to power?", "Your conclusion sums up but doesn't yet reach a judgement. Say how significant the role of Trotsky's mistakes was"},
		{"How successful was Stalin in defeating his rivals in the years 1924–29?", "Say how successful it was overall"},
		{"Why did Stalin emerge as leader of Russia?", "which reason mattered most"},
		{"'Stalin's position as General Secretary was the main reason for his rise to power.' Assess the validity of this view.", "how far you agree that Stalin's position as General Secretary was the main reason for his rise to power"},
		{"Compare the roles of Trotsky and Stalin in the years 1924–29.", "whether the similarities or the differences were greater"},
		{"", "End by answering the question directly"},
	}
	for _, tt := range tests {
		t.Run(tt.question, func(t *testing.T) {
			f := run(t, body, tt.question).FindingsWithCode("argument.no-judgement")
			require.Len(t, f, 1)
			assert.Contains(t, f[0].Message, tt.want)
			assert.True(t, strings.HasPrefix(f[0].Text, "In conclusion, many things happened to Stalin"), "the span is the conclusion")
		})
	}
}

// mainJudgement is the judgement finding that answers the question (other
// sentences that also rank a factor carry data role "also").
func mainJudgement(res *analysis.Result) []analysis.Finding {
	var out []analysis.Finding
	for _, f := range res.FindingsWithCode("argument.judgement") {
		if f.Data["role"] != "also" {
			out = append(out, f)
		}
	}
	return out
}
