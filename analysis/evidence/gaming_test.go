package evidence

import (
	"context"
	"fmt"
	"os"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/clio-history/clio/analysis"
	"github.com/clio-history/clio/analysis/history"

	fixturedir "github.com/clio-history/clio/fixtures"
)

// higherIsBetter are the metrics padding must never raise.
var higherIsBetter = []string{
	"evidence.specific_per_100_words",
	"evidence.supported_paragraph_share",
	"evidence.distinct_specifics",
	"evidence.historians",
	"evidence.quotations",
	"evidence.factors_covered",
	"evidence.factor_coverage",
}

// unrelated is a paragraph on another subject, full of specifics.
const unrelated = "The Great Fire of London began in a bakery on Pudding Lane in September 1666 and destroyed about 13,200 houses and 87 parish churches; Samuel Pepys described “the whole heaven on fire” in his diary."

// padding is one way of making an essay longer without making it better.
type padding struct {
	name string
	pad  func(t testing.TB, text string) []string
}

var paddings = []padding{
	{"DoubleEachParagraph", func(t testing.TB, text string) []string {
		doc := parse(t, text)
		var out []string
		for _, p := range doc.Paragraphs {
			out = append(out, text[:p.End]+"\n\n"+doc.Slice(p.Span)+text[p.End:])
		}
		return out
	}},
	{"DoubleEachParagraphWithEdits", func(t testing.TB, text string) []string {
		// The copy has a word added to each sentence, so it is not an exact repeat.
		doc := parse(t, text)
		var out []string
		for pi, p := range doc.Paragraphs {
			var b strings.Builder
			last := p.Start
			for _, s := range doc.ParagraphSentences(pi) {
				toks := doc.SentenceTokens(indexOf(doc, s))
				cut := toks[0].End
				b.WriteString(text[last:cut])
				b.WriteString(" really")
				last = cut
			}
			b.WriteString(text[last:p.End])
			out = append(out, text[:p.End]+"\n\n"+b.String()+text[p.End:])
		}
		return out
	}},
	{"RepeatEachSentenceInPlace", func(t testing.TB, text string) []string {
		doc := parse(t, text)
		var b strings.Builder
		last := 0
		for _, s := range doc.Sentences {
			b.WriteString(text[last:s.End])
			b.WriteString(" ")
			b.WriteString(doc.Slice(s.Span))
			last = s.End
		}
		b.WriteString(text[last:])
		return []string{b.String()}
	}},
	{"AppendUnrelatedParagraph", func(t testing.TB, text string) []string {
		return []string{strings.TrimRight(text, "\n ") + "\n\n" + unrelated + "\n"}
	}},
	{"SprinkleConnectives", func(t testing.TB, text string) []string {
		doc := parse(t, text)
		words := []string{"However", "Therefore", "Furthermore"}
		var b strings.Builder
		last := 0
		for i, s := range doc.Sentences {
			b.WriteString(text[last:s.Start])
			b.WriteString(words[i%len(words)] + ", ")
			first := doc.SentenceTokens(i)[0]
			rest := text[s.Start:s.End]
			if first.Tag != "NNP" && first.Tag != "NNPS" && first.Norm != "I" {
				r, size := utf8.DecodeRuneInString(rest)
				rest = string(unicode.ToLower(r)) + rest[size:]
			}
			b.WriteString(rest)
			last = s.End
		}
		b.WriteString(text[last:])
		sprinkled := b.String()
		// And a line of nothing but connectives after every paragraph.
		doc2 := parse(t, sprinkled)
		var c strings.Builder
		last = 0
		for _, p := range doc2.Paragraphs {
			c.WriteString(sprinkled[last:p.End])
			c.WriteString(" However, therefore, furthermore, moreover.")
			last = p.End
		}
		c.WriteString(sprinkled[last:])
		// And connectives inside sentences, after every comma.
		inside := strings.ReplaceAll(text, ", ", ", furthermore, ")
		return []string{sprinkled, c.String(), inside}
	}},
}

// assertPaddingDoesNotHelp checks every padding of text against text.
func assertPaddingDoesNotHelp(t *testing.T, lib *history.Library, text string, task analysis.Task) {
	t.Helper()
	a := New(lib)
	analyse := func(text string) analysis.Output {
		doc, err := analysis.Parse(context.Background(), text)
		require.NoError(t, err)
		out, err := a.Analyze(context.Background(), doc, task)
		require.NoError(t, err)
		return out
	}
	base := analyse(text)
	for _, p := range paddings {
		t.Run(p.name, func(t *testing.T) {
			for i, padded := range p.pad(t, text) {
				got := analyse(padded)
				for _, m := range higherIsBetter {
					assert.LessOrEqual(t, got.Metrics[m], base.Metrics[m]+1e-9, "variant %d: %s rose from %.3f to %.3f", i, m, base.Metrics[m], got.Metrics[m])
				}
				assert.GreaterOrEqual(t, got.Metrics["evidence.unsupported_paragraphs"], base.Metrics["evidence.unsupported_paragraphs"],
					"variant %d: padding must not hide an unsupported paragraph", i)
			}
		})
	}
}

const historianEssay = `Historians disagree about why Stalin emerged as leader of Russia by 1929.

Robert Service argues that Stalin's control of the Party machine was decisive: as General Secretary from 1922 he appointed thousands of local secretaries, who then chose the delegates to Party Congresses. Trotsky dismissed him as “the outstanding mediocrity of our party”, a judgement that shows how badly his rivals misread him.

Ideology mattered too. Socialism in One Country, which Stalin put forward in 1924, offered Party members a more hopeful message than Trotsky's Permanent Revolution, and according to Fitzpatrick many new members found it easier to believe.

Propaganda about Lenin also helped him greatly, because people trusted anyone who seemed close to the dead leader and wanted to keep his ideas going.

In conclusion, his position as General Secretary was the most important reason, because it turned the other advantages into votes.`

func TestPaddingDoesNotHelpInlineEssays(t *testing.T) {
	lib, err := history.Default()
	require.NoError(t, err)
	for name, essay := range map[string]string{"Mixed": mixedEssay, "Historians": historianEssay} {
		for _, withPack := range []bool{false, true} {
			l := lib
			if !withPack {
				l = nil
			}
			t.Run(fmt.Sprintf("%s/pack=%v", name, withPack), func(t *testing.T) {
				assertPaddingDoesNotHelp(t, l, essay, analysis.Task{Question: analysis.Question{Text: stalinQuestion}})
			})
		}
	}
}

// repoRoot walks up from the package directory to the directory holding go.mod.
func repoRoot(t testing.TB) string {
	t.Helper()
	dir, err := fixturedir.Root()
	if err != nil {
		t.Skip(err.Error())
	}
	return dir
}

// sharedEssay reads ../shared/essays/name beside the repository, or skips
// (fails under CI).
func sharedEssay(t testing.TB, name string) string {
	t.Helper()
	b, err := os.ReadFile(fixturedir.NeedShared(t, "essays", name))
	if err != nil {
		t.Fatalf("shared essay %s: %v", name, err)
	}
	return string(b)
}

func TestPaddingDoesNotHelpSharedEssay(t *testing.T) {
	text := sharedEssay(t, "stalin-rise.txt")
	lib, err := history.Default()
	require.NoError(t, err)
	assertPaddingDoesNotHelp(t, lib, text, analysis.Task{Question: analysis.Question{Text: stalinQuestion}})
}

func indexOf(doc *analysis.Document, s analysis.Sentence) int {
	return doc.SentenceAt(s.Start)
}
