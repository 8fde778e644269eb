package dates

import (
	"context"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/clio-history/clio/analysis"
)

func TestBadInput(t *testing.T) {
	var many strings.Builder
	for i := 0; i < 10000; i++ {
		many.WriteString(strconv.Itoa(i))
		if i%12 == 11 {
			many.WriteString(".\n\n")
		} else {
			many.WriteString(" ")
		}
	}
	var years strings.Builder
	for i := 0; i < 3000; i++ {
		years.WriteString("In " + strconv.Itoa(1000+i%1100) + " and " + strconv.Itoa(1900+i%99) + "s. ")
	}
	tests := []struct {
		name string
		text string
		want []string // values expected, when the test cares
	}{
		{"ten thousand numbers", many.String(), nil},
		{"thousands of years", years.String(), nil},
		{"huge years", "In 99999 and in 123456789012345678901234567890 and in 20000 BC nothing happened.", []string{}},
		{"republican calendar", "The coup of 9 Thermidor Year II ended the Terror.", nil},
		{"hijri", "The Hijri year 1345 began in 1926; AH 1345 appears on the letter.", []string{"1926"}},
		{"anno mundi", "The Hebrew year 5784 began in 2023.", []string{"2023"}},
		{"arabic-indic digits", "In ١٩١٧ the revolution came.", nil},
		{"cjk", "1917年に革命が起きた。大正6年。", nil},
		{"only punctuation", "–– — , ; 's 's", nil},
		{"ranges without end", "1924– and –29 and 1924-1 and 1924-99999.", nil},
		{"day zero", "On 0 March 1917 and 32 March 1917 and 00/00/0000.", []string{"1917-03", "1917-03"}},
	}
	a := newAnalyzer(t)
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			doc, err := analysis.Parse(context.Background(), tc.text)
			if err != nil {
				require.True(t, analysis.IsInputError(err), err)
				return
			}
			exprs := Extract(doc, "en-GB")
			checkSpans(t, doc, exprs)
			out, err := a.Analyze(context.Background(), doc, analysis.Task{Topic: russia,
				Question: analysis.Question{Period: &analysis.Period{From: 1924, To: 1929}}})
			require.NoError(t, err)
			for _, f := range out.Findings {
				assert.True(t, f.Start >= 0 && f.End <= len(doc.Text) && f.Start <= f.End)
			}
			if tc.want != nil {
				got := []string{}
				for _, e := range exprs {
					got = append(got, e.Value)
				}
				assert.Equal(t, tc.want, got)
			}
		})
	}
}

func checkSpans(t testing.TB, doc *analysis.Document, exprs []Expr) {
	t.Helper()
	for _, e := range exprs {
		if e.Start < 0 || e.End > len(doc.Text) || e.Start >= e.End {
			t.Fatalf("span %v outside text of %d bytes", e.Span, len(doc.Text))
		}
		if !utf8.RuneStart(doc.Text[e.Start]) || (e.End < len(doc.Text) && !utf8.RuneStart(doc.Text[e.End])) {
			t.Fatalf("span %v not on rune boundaries", e.Span)
		}
	}
}

func FuzzExtract(f *testing.F) {
	for _, s := range []string{
		"Stalin became General Secretary in 1924.",
		"On 14 October 1066, in AD 60, in 55 BC, between 1917 and 1924, the early 1930s.",
		"Two years later, the following year, by the end of the decade, December 20th.",
		"559 votes to 65, 1,000 men, p. 45, 26%, 280 people.",
		"9–10 November 1938, 1924–29, 1917-11-07, 20/12/1917, c.1200, the 1920's, 16th-century.",
		"AD 55 BC, 31 February 1918, 99999, 1929–1924.",
	} {
		f.Add(s)
	}
	lib := newAnalyzer(f)
	f.Fuzz(func(t *testing.T, text string) {
		doc, err := analysis.Parse(context.Background(), text)
		if err != nil {
			return
		}
		exprs := Extract(doc, "en-US")
		checkSpans(t, doc, exprs)
		if _, err := lib.Analyze(context.Background(), doc, analysis.Task{Topic: russia,
			Question: analysis.Question{Period: &analysis.Period{From: 1924, To: 1929}}}); err != nil {
			t.Fatal(err)
		}
	})
}

// TestHugeSentence: one 100 KB sentence of repeated claims is judged clause
// by clause (each "and …" starts a clause), so the work stays linear and
// every wrong date is still found.
func TestHugeSentence(t *testing.T) {
	text := strings.Repeat("Stalin became General Secretary in 1924 and Lenin died in 1923 and ", 1500) + "that was all."
	doc, err := analysis.Parse(context.Background(), text)
	require.NoError(t, err)
	require.Len(t, doc.Sentences, 1)
	out, err := newAnalyzer(t).Analyze(context.Background(), doc, analysis.Task{Topic: russia})
	require.NoError(t, err)
	assert.Len(t, withCode(out, CodeConflict), 3000)
	assert.Len(t, out.Dates, 3000)
}
