package mechanics

import (
	"context"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/clio-history/clio/analysis"
)

func findings(t *testing.T, text string) []analysis.Finding {
	t.Helper()
	doc, err := analysis.Parse(context.Background(), text)
	require.NoError(t, err)
	out, err := New().Analyze(context.Background(), doc, analysis.Task{})
	require.NoError(t, err)
	assert.Equal(t, float64(len(out.Findings)), out.Metrics["mechanics.punctuation_spacing"])
	return out.Findings
}

func TestSpacingSlips(t *testing.T) {
	cases := []struct{ name, text, span, fix, corrected string }{
		{"FullStopRunOn", "Trotsky was exiled and this was his downfall.Stalin now ruled alone.", ".", ". ", "downfall. Stalin"},
		{"FullStopAfterYear", "Hitler came to power in 1933.There was no opposition left.", ".", ". ", "1933. There"},
		{"Comma", "On the other hand,and more importantly, the army was loyal.", ",", ", ", "hand, and"},
		{"Semicolon", "The harvest failed;the peasants starved in their millions.", ";", "; ", "failed; the"},
		{"Colon", "There were three causes:the war, the economy and Lenin.", ":", ": ", "causes: the"},
		{"QuestionMark", "Was the war the main cause?Most historians would agree.", "?", "? ", "cause? Most"},
		{"ClosingBracket", "The Jews were made a scapegoat (by the Nazis)for the defeat.", ")", ") ", "Nazis) for"},
		{"OpeningBracket", "The Nazis needed a scapegoat(the Jews) for the defeat of 1918.", "(", " (", "scapegoat (the"},
		{"SpaceBeforeFullStop", "The war was un-religious .They fought for land and power.", " .", ". ", "un-religious. They"},
		{"SpaceBeforeExclamation", "The plan was doomed from the start !", " !", "!", "start!"},
		{"SpaceBeforeComma", "The king , who was ill, died in 1547.", " ,", ",", "king, who"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			fs := findings(t, c.text)
			require.Len(t, fs, 1, "%v", fs)
			f := fs[0]
			assert.Equal(t, CodeSpacing, f.Code)
			assert.Equal(t, analysis.SeverityError, f.Severity)
			assert.Equal(t, c.span, c.text[f.Start:f.End])
			require.NotEmpty(t, f.Suggestions)
			assert.Equal(t, c.fix, f.Suggestions[0])
			fixed := c.text[:f.Start] + f.Suggestions[0] + c.text[f.End:]
			assert.Contains(t, fixed, c.corrected)
			assert.NotEmpty(t, f.Message)
		})
	}
}

func TestSpacingLeavesProseAlone(t *testing.T) {
	cases := []struct{ name, text string }{
		{"Abbreviations", "Powers such as the U.S. and the U.S.S.R. used proxies, e.g. in Korea, i.e. in Asia."},
		{"Initials", "J.S. Mill and A.J.P. Taylor wrote about liberty and war."},
		{"PageAndCirca", "Taylor argues this on p.45 of his book, written c.1960, and in Ch.3 too."},
		{"Decimals", "Output rose by 3.5 per cent, to 1,000 tonnes, costing £2.50 each."},
		{"TimesAndRatios", "The attack began at 10:30 and the odds were 2:1 against."},
		{"Ellipsis", "He said that the plan was ... uncertain... and then...Nothing happened."},
		{"URLs", "See www.example.org/history.html or https://example.com/a,b and mail tutor@school.ac.uk today."},
		{"PluralInBrackets", "The friend(s) of the king and the leader(s) of the revolt met."},
		{"Academic", "Ph.D. students and M.A. theses cite the Nov. 1917 decree."},
		{"FrenchEssay", "Pourquoi la Révolution française a-t-elle éclaté ? Les causes sont nombreuses : la crise financière, les idées des Lumières et la faiblesse du roi ; le tiers état voulait des réformes !"},
		{"Code", "x = f(y); if (a<b) { c = d; } else { e = g(h); } and {i}"},
		{"Quotations", "He wrote, \"The war is lost.\" Then he fled."},
		{"MisdecodedQuotes", "He cried out that all was lost!\u00ef\u00bf\u00bd I expected the king to flee.\u00ef\u00bf\u00bd"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			fs := findings(t, c.text)
			var got []string
			for _, f := range fs {
				got = append(got, c.text[f.Start:f.End])
			}
			assert.Empty(t, got)
		})
	}
}

func TestCancelled(t *testing.T) {
	doc, err := analysis.Parse(context.Background(), "A short essay.")
	require.NoError(t, err)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err = New().Analyze(ctx, doc, analysis.Task{})
	assert.ErrorIs(t, err, context.Canceled)
	_, err = New().Analyze(context.Background(), nil, analysis.Task{})
	assert.Error(t, err)
}

func FuzzAnalyze(f *testing.F) {
	for _, s := range []string{"downfall.Stalin", "hand,and", "scapegoat(Jews", "religious .They", "fine !",
		"e.g. U.S. J.S. Mill p.45 c.1900 3.5 10:30 ...", "www.example.com/a,b?c=d", "friend(s)", "(((", ")))a",
		"a .", " ,", "Pourquoi ? Parce que !", "“quoted.”Then", "…", "x = f(y); { }"} {
		f.Add(s)
	}
	a := New()
	f.Fuzz(func(t *testing.T, text string) {
		doc, err := analysis.Parse(context.Background(), text)
		if err != nil {
			return
		}
		out, err := a.Analyze(context.Background(), doc, analysis.Task{})
		require.NoError(t, err)
		for _, fd := range out.Findings {
			require.True(t, fd.Start >= 0 && fd.Start < fd.End && fd.End <= len(text), "span %v", fd.Span)
			require.Len(t, fd.Suggestions, 1)
			// The span holds the punctuation mark the suggestion keeps.
			require.Contains(t, text[fd.Start:fd.End], strings.TrimSpace(fd.Suggestions[0]))
		}
	})
}
