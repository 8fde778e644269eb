package dates

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/clio-history/clio/analysis"
	"github.com/clio-history/clio/analysis/history"
)

const russia = "russia-1917-1953"

var fixedNow = WithNow(func() time.Time { return time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC) })

func newAnalyzer(t testing.TB) *Analyzer {
	t.Helper()
	lib, err := history.Default()
	require.NoError(t, err)
	return New(lib, fixedNow)
}

func analyze(t testing.TB, a *Analyzer, text string, task analysis.Task) (*analysis.Document, analysis.Output) {
	t.Helper()
	doc := parse(t, text)
	out, err := a.Analyze(context.Background(), doc, task)
	require.NoError(t, err)
	return doc, out
}

func withCode(out analysis.Output, code string) []analysis.Finding {
	var fs []analysis.Finding
	for _, f := range out.Findings {
		if f.Code == code {
			fs = append(fs, f)
		}
	}
	return fs
}

func TestName(t *testing.T) {
	assert.Equal(t, "dates", New(nil).Name())
}

func TestConflictFinding(t *testing.T) {
	a := newAnalyzer(t)
	doc, out := analyze(t, a, "Stalin became General Secretary in 1924.", analysis.Task{Topic: russia})
	fs := withCode(out, CodeConflict)
	require.Len(t, fs, 1)
	f := fs[0]
	assert.Equal(t, analysis.SeverityError, f.Severity)
	assert.Equal(t, "1924", doc.Slice(f.Span))
	assert.Contains(t, f.Message, "3 April 1922")
	assert.Equal(t, []string{"3 April 1922"}, f.Suggestions)
	assert.Equal(t, "1922-04-03", f.Data["correct"])
	assert.Equal(t, "general-secretary", f.Data["event_id"])
	require.Len(t, out.Dates, 1)
	assert.Equal(t, VerdictConflict, out.Dates[0].Verdict)
	assert.Equal(t, "Stalin appointed General Secretary", out.Dates[0].Event)
	assert.Equal(t, 1.0, out.Metrics["dates.conflicts"])
}

func TestConsistentAndTolerant(t *testing.T) {
	a := newAnalyzer(t)
	tests := []struct {
		text, event string
	}{
		{"Stalin became General Secretary in the early 1920s.", "Stalin appointed General Secretary"},
		{"By 1924 Stalin had become General Secretary.", "Stalin appointed General Secretary"},
		{"The October Revolution took place on 25 October 1917.", "October Revolution"},
		{"The October Revolution took place on 7 November 1917.", "October Revolution"},
		{"Stalin was born in 1879.", "Birth of Joseph Stalin"},
	}
	for _, tc := range tests {
		t.Run(tc.text, func(t *testing.T) {
			_, out := analyze(t, a, tc.text, analysis.Task{Topic: russia})
			require.Len(t, out.Dates, 1)
			assert.Equal(t, VerdictConsistent, out.Dates[0].Verdict)
			assert.Equal(t, tc.event, out.Dates[0].Event)
			assert.Empty(t, withCode(out, CodeConflict))
		})
	}
}

func TestNoAccusationWithoutATie(t *testing.T) {
	a := newAnalyzer(t)
	for _, text := range []string{
		"Some historians wrongly claim that Stalin became General Secretary in 1924.",
		"In 1924 Stalin was General Secretary.",
		"Lenin had his first stroke in May 1922, a month after Stalin became General Secretary.",
		"Stalin's wife died in 1932.",
		"The English Civil War of 1642 divided the country.",
		"Did Stalin become General Secretary in 1924?",
	} {
		t.Run(text, func(t *testing.T) {
			_, out := analyze(t, a, text, analysis.Task{Topic: russia})
			assert.Empty(t, withCode(out, CodeConflict))
		})
	}
}

func TestTopicDetectedWhenNotGiven(t *testing.T) {
	a := newAnalyzer(t)
	text := "Stalin outmanoeuvred Trotsky, Zinoviev, Kamenev and Bukharin. Stalin became General Secretary in 1924."
	_, out := analyze(t, a, text, analysis.Task{Question: analysis.Question{Text: "Why did Stalin emerge as leader of the USSR by 1929?"}})
	assert.Len(t, withCode(out, CodeConflict), 1)
}

func TestWithoutLibrary(t *testing.T) {
	a := New(nil, fixedNow)
	_, out := analyze(t, a, "Stalin became General Secretary in 1924. Nothing happened on 31 February 1918.", analysis.Task{Topic: russia})
	assert.Empty(t, withCode(out, CodeConflict))
	assert.Len(t, withCode(out, CodeImpossible), 1)
	assert.Len(t, out.Dates, 2)
}

func TestAnachronism(t *testing.T) {
	a := newAnalyzer(t)
	doc, out := analyze(t, a, "In 1928 Lenin launched the First Five-Year Plan.", analysis.Task{Topic: russia})
	fs := withCode(out, CodeAnachronism)
	require.Len(t, fs, 1)
	assert.Equal(t, "1928", doc.Slice(fs[0].Span))
	assert.Contains(t, fs[0].Message, "21 January 1924")
	for _, text := range []string{
		"In 1930 Lenin's body lay in the mausoleum.",
		"Lenin remained a hero in 1930.",
		"In 1928 Stalin launched the First Five-Year Plan.",
	} {
		_, out := analyze(t, a, text, analysis.Task{Topic: russia})
		assert.Empty(t, withCode(out, CodeAnachronism), text)
	}
}

func TestImpossible(t *testing.T) {
	a := newAnalyzer(t)
	tests := []struct{ text, want string }{
		{"The decree was signed on 31 February 1918.", "February has no 31st day"},
		{"Parliament met on 29 February 1917.", "1917 was not a leap year"},
		{"The Romans came in AD 55 BC.", "both AD and BC"},
		{"In 2150 the Soviet Union collapsed.", "in the future"},
		{"The Bolsheviks seized power in 1917 BC.", "did you mean 1917"},
		{"The years 1929–1924 make no sense.", "ends before it begins"},
	}
	for _, tc := range tests {
		t.Run(tc.text, func(t *testing.T) {
			_, out := analyze(t, a, tc.text, analysis.Task{Topic: russia})
			fs := withCode(out, CodeImpossible)
			require.Len(t, fs, 1)
			assert.Contains(t, fs[0].Message, tc.want)
		})
	}
	// The clock is injected: 2030 is only in the future before 2030.
	late := New(nil, WithNow(func() time.Time { return time.Date(2040, 1, 1, 0, 0, 0, 0, time.UTC) }))
	_, out := analyze(t, late, "The plan ends in 2030.", analysis.Task{})
	assert.Empty(t, withCode(out, CodeImpossible))
	_, out = analyze(t, a, "The plan ends in 2030.", analysis.Task{})
	assert.Len(t, withCode(out, CodeImpossible), 1)
}

func TestOutOfPeriod(t *testing.T) {
	a := newAnalyzer(t)
	period := analysis.Task{Topic: russia, Question: analysis.Question{Period: &analysis.Period{From: 1924, To: 1929}}}
	text := "Stalin won the struggle for power between 1924 and 1929.\n\n" +
		"The Great Terror began in 1936 and reached its height in 1937. Bukharin was shot in 1938.\n\n" +
		"In 1917 the Bolsheviks took power, and by 1924 Stalin had used the Secretariat to build support. In 1927 Trotsky was expelled."
	doc, out := analyze(t, a, text, period)
	fs := withCode(out, CodeOutOfPeriod)
	require.Len(t, fs, 1, "only the paragraph about the Terror")
	assert.Equal(t, analysis.SeverityWarning, fs[0].Severity)
	assert.Equal(t, "1936", doc.Slice(fs[0].Span))
	assert.Contains(t, fs[0].Message, "1924–1929")
	verdicts := map[string]string{}
	for _, d := range out.Dates {
		verdicts[doc.Slice(d.Span)] = d.Verdict
	}
	assert.Equal(t, VerdictOutOfPeriod, verdicts["1917"], "background is marked but not reported")
	assert.Equal(t, VerdictOutOfPeriod, verdicts["1937"])
	assert.NotEqual(t, VerdictOutOfPeriod, verdicts["1927"])
	assert.InDelta(t, 2.0/6, out.Metrics["dates.period_coverage"], 1e-9, "1924 and 1927 are single years in the period; 1917 and the range are not counted")
}

func TestVagueAndPrecise(t *testing.T) {
	a := newAnalyzer(t)
	text := "Stalin rose to power for several reasons, which this essay will weigh in turn.\n\n" +
		"Stalin was a clever politician who used his position well. He made many allies in the Party and " +
		"removed his enemies one by one. His rivals underestimated him and thought he was a dull administrator " +
		"who posed no threat to them, which turned out to be a serious mistake.\n\n" +
		"Lenin died on 21 January 1924. In May 1924 the Thirteenth Party Congress heard the Testament, " +
		"but it was not published. In January 1925 Trotsky lost his post as Commissar for War.\n\n" +
		"In conclusion, Stalin won because of his skill and his rivals' mistakes."
	doc, out := analyze(t, a, text, analysis.Task{Topic: russia})
	vague := withCode(out, CodeVague)
	require.Len(t, vague, 1)
	assert.Equal(t, analysis.SeverityInfo, vague[0].Severity)
	assert.Equal(t, 1, doc.ParagraphAt(vague[0].Start))
	precise := withCode(out, CodePrecise)
	require.Len(t, precise, 1)
	assert.Equal(t, analysis.SeverityStrength, precise[0].Severity)
	assert.Equal(t, 2, doc.ParagraphAt(precise[0].Start))
	assert.Equal(t, 3.0, out.Metrics["dates.count"])
	assert.InDelta(t, 0.25, out.Metrics["dates.paragraph_share"], 1e-9)
	assert.InDelta(t, 300.0/float64(doc.Words), out.Metrics["dates.per_100_words"], 1e-9)
}

func TestNoPreciseStrengthWithAMistake(t *testing.T) {
	a := newAnalyzer(t)
	text := "Lenin died on 21 January 1924. Stalin became General Secretary in 1924. " +
		"In January 1925 Trotsky lost his post as Commissar for War. In 1927 Trotsky was expelled from the Party."
	_, out := analyze(t, a, text, analysis.Task{Topic: russia})
	assert.Len(t, withCode(out, CodeConflict), 1)
	assert.Empty(t, withCode(out, CodePrecise))
}

func TestSpansAreTheDatesText(t *testing.T) {
	a := newAnalyzer(t)
	text := "In the years 1924–29, from 1928 to 1932 and on 14 October 1066, “dates” matter — the 1920s too."
	doc, out := analyze(t, a, text, analysis.Task{})
	require.NotEmpty(t, out.Dates)
	for _, d := range out.Dates {
		assert.Equal(t, doc.Slice(d.Span), text[d.Start:d.End])
		assert.NotEmpty(t, d.Verdict)
	}
}

func TestContextCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	doc := parse(t, "Lenin died in 1924.")
	_, err := New(nil).Analyze(ctx, doc, analysis.Task{})
	assert.ErrorIs(t, err, context.Canceled)
	_, err = New(nil).Analyze(context.Background(), nil, analysis.Task{})
	assert.Error(t, err)
}

func TestConcurrentUse(t *testing.T) {
	a := newAnalyzer(t)
	doc := parse(t, strings.Repeat("Stalin became General Secretary in 1924. Lenin died on 21 January 1924. ", 20))
	var wg sync.WaitGroup
	results := make([]int, 8)
	for i := range results {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			out, err := a.Analyze(context.Background(), doc, analysis.Task{Topic: russia})
			if err == nil {
				results[i] = len(withCode(out, CodeConflict))
			}
		}(i)
	}
	wg.Wait()
	for _, n := range results {
		assert.Equal(t, 20, n)
	}
}

func TestPipeline(t *testing.T) {
	p, err := analysis.NewPipeline(newAnalyzer(t))
	require.NoError(t, err)
	doc := parse(t, "Stalin became General Secretary in 1924.")
	res, err := p.Run(context.Background(), doc, analysis.Task{Topic: russia})
	require.NoError(t, err)
	require.Len(t, res.Dates, 1)
	assert.Equal(t, "1924", res.Dates[0].Text)
	assert.Equal(t, "d1", res.Dates[0].ID)
	assert.Len(t, res.FindingsWithCode(CodeConflict), 1)
}

// TestNoAccusationWhenThePersonActs: a death or an appointment is something
// the named person undergoes; "Stalin executed Bukharin" is not Stalin's
// death.
func TestNoAccusationWhenThePersonActs(t *testing.T) {
	a := newAnalyzer(t)
	for _, tc := range []struct{ topic, text string }{
		{russia, "Stalin executed Bukharin in 1938."},
		{russia, "In 1924 Stalin, as General Secretary, appointed loyal supporters."},
		{russia, "Stalin appointed his allies to posts beside the General Secretary in 1924."},
		{russia, "Stalin expelled Bukharin from the Politburo in 1929."},
		{"mary-i", "Mary burned nearly three hundred Protestants between 1555 and 1558, beginning in 1555."},
		{"norman-conquest", "Harold killed Tostig at Stamford Bridge in September 1066."},
	} {
		t.Run(tc.text, func(t *testing.T) {
			_, out := analyze(t, a, tc.text, analysis.Task{Topic: tc.topic})
			assert.Empty(t, withCode(out, CodeConflict))
		})
	}
}

// TestTrueSentencesAreNotAccused: sentences whose dates are all right, with
// several events and dates in play, must raise no conflict.
func TestTrueSentencesAreNotAccused(t *testing.T) {
	a := newAnalyzer(t)
	for _, tc := range []struct{ topic, text string }{
		{russia, "Trotsky, who had been expelled from the Party in 1927, was deported in 1929."},
		{russia, "Stalin became General Secretary in 1922, two years before Lenin died in 1924."},
		{russia, "In 1929, seven years after becoming General Secretary, Stalin defeated Bukharin."},
		{russia, "Lenin's death in 1924 came less than a year after his third stroke in 1923."},
		{russia, "The Civil War, which the Bolsheviks had won by 1921, began in 1918."},
		{russia, "Trotsky, exiled to Alma-Ata in 1928, was deported in 1929 and murdered in 1940."},
		{russia, "Bukharin, executed in 1938, had been expelled from the Politburo in 1929."},
		{russia, "The Great Terror, which followed Kirov's murder in 1934, lasted until 1938."},
		{russia, "Lenin returned to Petrograd in April 1917, having lived in exile for years."},
		{russia, "In 1953, the year Stalin died, Khrushchev began his rise."},
		{russia, "The Tenth Party Congress in 1921 is often confused with the Eleventh in 1922."},
		{russia, "Zinoviev and Kamenev, shot in 1936, had sided with Stalin against Trotsky in 1923."},
		{"mary-i", "Mary executed Northumberland in 1553 and Lady Jane Grey in 1554."},
		{"mary-i", "Elizabeth, who succeeded Mary in 1558, reigned until 1603."},
		{"mary-i", "Cranmer was burned in 1556, a year after Latimer and Ridley were burned in 1555."},
		{"norman-conquest", "William defeated Harold at Hastings in 1066 and was crowned on Christmas Day."},
		{"norman-conquest", "Lanfranc, who became Archbishop of Canterbury in 1070, died in 1089."},
		{"norman-conquest", "The Harrying of the North in 1069–70 followed the Danish invasion of 1069."},
		{"atlantic-revolutions", "Louis XVI, executed in January 1793, had fled to Varennes in 1791."},
		{"atlantic-revolutions", "Marie Antoinette was executed in October 1793, nine months after her husband."},
		{"atlantic-revolutions", "The Bastille fell in July 1789, weeks after the Tennis Court Oath of June 1789."},
	} {
		t.Run(tc.text, func(t *testing.T) {
			doc, out := analyze(t, a, tc.text, analysis.Task{Topic: tc.topic})
			for _, f := range withCode(out, CodeConflict) {
				t.Errorf("accused %q: %s", doc.Slice(f.Span), f.Message)
			}
			assert.Empty(t, withCode(out, CodeAnachronism))
		})
	}
}
