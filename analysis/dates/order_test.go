package dates

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/clio-history/clio/analysis"
	"github.com/clio-history/clio/analysis/history"
)

func orderAnalyzer(t *testing.T) *Analyzer {
	t.Helper()
	lib, err := history.Default()
	require.NoError(t, err)
	return New(lib, WithNow(func() time.Time { return time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC) }))
}

func findingsByCode(out analysis.Output) map[string][]analysis.Finding {
	m := map[string][]analysis.Finding{}
	for _, f := range out.Findings {
		m[f.Code] = append(m[f.Code], f)
	}
	return m
}

// TestEventBeforeItsCause: an essay that dates an event before the essay's
// own (correct) date for one of its causes is told so on the event's date,
// once, naming both events.
func TestEventBeforeItsCause(t *testing.T) {
	a := orderAnalyzer(t)
	cases := []struct {
		name, topic, text string
		span              string // the effect's date
		event, cause      string
		wantInMessage     []string
	}{
		{
			name:  "oath before the Estates-General, two links apart",
			topic: "atlantic-revolutions",
			text:  "The Meeting of the Estates-General took place in May 1789. The Tennis Court Oath was sworn in April 1789.",
			span:  "April 1789", event: "tennis-court-oath", cause: "estates-general-opens",
			wantInMessage: []string{"“Tennis Court Oath” (April 1789) before “Estates-General opens” (May 1789)", "5 May 1789", "20 June 1789"},
		},
		{
			name:  "NEP before Kronstadt",
			topic: "russia-1917-1953",
			text:  "The Kronstadt Rising broke out in March 1921. The New Economic Policy was introduced in 1920.",
			span:  "1920", event: "nep-introduced", cause: "kronstadt",
			wantInMessage: []string{"“New Economic Policy introduced” (1920) before “Kronstadt Rising” (March 1921)"},
		},
		{
			name:  "Barbarossa before the pact, cause in a later sentence",
			topic: "russia-1917-1953",
			text:  "Operation Barbarossa was launched in June 1938. Stalin had bought time when the Nazi-Soviet Pact was signed in August 1939.",
			span:  "June 1938", event: "barbarossa", cause: "nazi-soviet-pact",
			wantInMessage: []string{"22 June 1941", "23 August 1939"},
		},
		{
			name:  "Old Style effect after a New Style cause",
			topic: "russia-1917-1953",
			text:  "The October Revolution took place on 7 November 1917. The Decree on Land was issued on 26 October 1917.",
			span:  "26 October 1917", event: "decree-on-land", cause: "october-revolution",
			wantInMessage: []string{"Old Style", "same calendar"},
		},
		{
			name:  "Wyatt before the marriage treaty",
			topic: "mary-i",
			text:  "The marriage treaty with Philip of Spain was agreed in January 1554. Wyatt's Rebellion followed in 1553.",
			span:  "1553", event: "wyatt-rebellion", cause: "marriage-treaty",
			wantInMessage: []string{"“Wyatt's Rebellion” (1553)", "Marriage treaty with Philip of Spain"},
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			doc, err := analysis.Parse(context.Background(), c.text)
			require.NoError(t, err)
			out, err := a.Analyze(context.Background(), doc, analysis.Task{Topic: c.topic})
			require.NoError(t, err)
			by := findingsByCode(out)
			require.Len(t, by[CodeAnachronism], 1, "%v", out.Findings)
			f := by[CodeAnachronism][0]
			assert.Equal(t, c.span, doc.Slice(f.Span))
			assert.Equal(t, analysis.SeverityError, f.Severity)
			assert.Equal(t, c.event, f.Data["event"])
			assert.Equal(t, c.cause, f.Data["cause"])
			assert.NotEmpty(t, f.Data["written"])
			for _, w := range c.wantInMessage {
				assert.Contains(t, f.Message, w)
			}
			// One finding per date: the order finding replaces the conflict.
			for _, g := range out.Findings {
				if g.Code != CodeAnachronism {
					assert.NotEqual(t, f.Span, g.Span, "%s on the same date", g.Code)
				}
			}
			assert.InDelta(t, 1, out.Metrics["dates.anachronisms"], 0)
			assert.Zero(t, out.Metrics["dates.conflicts"], "the order finding is not counted twice")
		})
	}
}

// TestEventOrderNoAccusation: right orders, dates that only look out of
// order, and mistakes that belong to the cause's date raise no order
// finding.
func TestEventOrderNoAccusation(t *testing.T) {
	a := orderAnalyzer(t)
	cases := []struct {
		name, topic, text string
		conflict          string // a date that must still get dates.conflict, or ""
	}{
		{name: "right order", topic: "atlantic-revolutions",
			text: "The Meeting of the Estates-General took place in May 1789. The Tennis Court Oath was sworn on 20 June 1789."},
		{name: "right order, Russia", topic: "russia-1917-1953",
			text: "The Kronstadt Rising broke out in March 1921. The New Economic Policy was introduced in March 1921."},
		{name: "right order, Mary I", topic: "mary-i",
			text: "The marriage treaty with Philip of Spain was agreed in January 1554. Wyatt's Rebellion followed in January 1554."},
		{name: "effect first in the text, order right", topic: "russia-1917-1953",
			text: "Operation Barbarossa was launched on 22 June 1941. The Nazi-Soviet Pact had been signed in August 1939."},
		{name: "the cause's date is the mistake", topic: "russia-1917-1953",
			text:     "The Nazi-Soviet Pact was signed in August 1941. Operation Barbarossa was launched on 22 June 1941.",
			conflict: "August 1941"},
		{name: "both calendars given for the cause", topic: "russia-1917-1953",
			text: "The October Revolution took place on 25 October 1917 (7 November 1917 by the Western calendar). The Decree on Land was issued on 26 October 1917."},
		{name: "both calendars given for the effect", topic: "russia-1917-1953",
			text: "The October Revolution took place on 7 November 1917. The Decree on Land was issued on 26 October 1917. The Decree on Land is also dated 8 November 1917."},
		{name: "a long cause dated by its end is no start", topic: "mary-i",
			text:     "Wyatt's Rebellion ended in February 1554. Lady Jane Grey was executed in January 1554.",
			conflict: "January 1554"},
		{name: "a long cause dated without saying it began", topic: "mary-i",
			text:     "Wyatt's Rebellion was crushed in February 1554. Lady Jane Grey was executed in January 1554.",
			conflict: "January 1554"},
		{name: "an effect dated only from context", topic: "russia-1917-1953",
			text: "The Kronstadt Rising broke out in March 1921. The year before, the New Economic Policy was introduced."},
		{name: "a hedged cause date", topic: "russia-1917-1953",
			text: "The Kronstadt Rising broke out in c. 1922. The New Economic Policy was introduced in March 1921."},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			doc, err := analysis.Parse(context.Background(), c.text)
			require.NoError(t, err)
			out, err := a.Analyze(context.Background(), doc, analysis.Task{Topic: c.topic})
			require.NoError(t, err)
			by := findingsByCode(out)
			assert.Empty(t, by[CodeAnachronism])
			if c.conflict != "" {
				require.Len(t, by[CodeConflict], 1, "%v", out.Findings)
				assert.Equal(t, c.conflict, doc.Slice(by[CodeConflict][0].Span))
			}
		})
	}
}

// TestAncestors follows the pack's causes transitively, nearest first, and
// stops after maxCauseDepth links.
func TestAncestors(t *testing.T) {
	a := orderAnalyzer(t)
	k := a.know["atlantic-revolutions"]
	require.NotNil(t, k)
	got := k.ancestors("tennis-court-oath")
	require.GreaterOrEqual(t, len(got), 3)
	assert.Equal(t, []string{"national-assembly", "estates-general-opens", "assembly-of-notables"}, got[:3])
	assert.Len(t, got, maxCauseDepth, "a simple chain, cut at the depth limit")
	assert.Empty(t, k.ancestors("no-such-event"))
}

// TestEventOrderManyDates: an essay that repeats an out-of-order pair many
// times gets one finding per effect date and no panic.
func TestEventOrderManyDates(t *testing.T) {
	a := orderAnalyzer(t)
	text := strings.Repeat("The Kronstadt Rising broke out in March 1921. The New Economic Policy was introduced in 1920. ", 2000)
	doc, err := analysis.Parse(context.Background(), text)
	require.NoError(t, err)
	out, err := a.Analyze(context.Background(), doc, analysis.Task{Topic: "russia-1917-1953"})
	require.NoError(t, err)
	assert.Len(t, findingsByCode(out)[CodeAnachronism], 2000)
}
