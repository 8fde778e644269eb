package analysis

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func parse(t *testing.T, text string) *Document {
	t.Helper()
	doc, err := Parse(context.Background(), text)
	require.NoError(t, err)
	checkSpans(t, doc)
	return doc
}

// checkSpans asserts the invariants every consumer relies on: each span lies
// inside the text on rune boundaries, and Token.Text is the text at its span.
func checkSpans(t testing.TB, doc *Document) {
	t.Helper()
	in := func(s Span, what string) {
		if s.Start < 0 || s.End > len(doc.Text) || s.Start > s.End {
			t.Fatalf("%s span %v outside text of %d bytes", what, s, len(doc.Text))
		}
		if !utf8.RuneStart(doc.Text[s.Start]) && s.Start < len(doc.Text) {
			t.Fatalf("%s span %v starts inside a rune", what, s)
		}
		if s.End < len(doc.Text) && !utf8.RuneStart(doc.Text[s.End]) {
			t.Fatalf("%s span %v ends inside a rune", what, s)
		}
	}
	for _, p := range doc.Paragraphs {
		in(p.Span, "paragraph")
	}
	for _, s := range doc.Sentences {
		in(s.Span, "sentence")
		if !doc.Paragraphs[s.Paragraph].Contains(s.Span) {
			t.Fatalf("sentence %v escapes its paragraph %v", s.Span, doc.Paragraphs[s.Paragraph].Span)
		}
	}
	for _, tok := range doc.Tokens {
		in(tok.Span, "token")
		if doc.Text[tok.Start:tok.End] != tok.Text {
			t.Fatalf("token %q does not match text at %v", tok.Text, tok.Span)
		}
		if !doc.Sentences[tok.Sentence].Contains(tok.Span) {
			t.Fatalf("token %q at %v escapes its sentence", tok.Text, tok.Span)
		}
	}
}

func texts(toks []Token) []string {
	out := make([]string, len(toks))
	for i, t := range toks {
		out[i] = t.Text
	}
	return out
}

func TestParseTypography(t *testing.T) {
	tests := []struct {
		name   string
		text   string
		tokens []string
		norms  map[string]string
	}{
		{"CurlyPossessive", "Lenin’s Testament was hidden.",
			[]string{"Lenin", "’s", "Testament", "was", "hidden", "."}, map[string]string{"’s": "'s"}},
		{"StraightPossessive", "Lenin's Testament was hidden.",
			[]string{"Lenin", "'s", "Testament", "was", "hidden", "."}, nil},
		{"EnDashRangeStaysWhole", "In 1924–29 Stalin rose.",
			[]string{"In", "1924–29", "Stalin", "rose", "."}, map[string]string{"1924–29": "1924-29"}},
		{"EllipsisSplitFromWord", "Stalin waited… and won.",
			[]string{"Stalin", "waited", "…", "and", "won", "."}, map[string]string{"…": "..."}},
		{"EmDashBetweenWords", "He was patient—and ruthless.",
			[]string{"He", "was", "patient", "—", "and", "ruthless", "."}, nil},
		{"NonBreakingSpaceSeparates", "in charge\u00a0of the Politburo.",
			[]string{"in", "charge", "of", "the", "Politburo", "."}, nil},
		{"CurlyQuotes", "the ‘grey blur’ of the party.",
			[]string{"the", "‘", "grey", "blur", "’", "of", "the", "party", "."}, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			doc := parse(t, tc.text)
			assert.Equal(t, tc.tokens, texts(doc.Tokens))
			for _, tok := range doc.Tokens {
				if want, ok := tc.norms[tok.Text]; ok {
					assert.Equal(t, want, tok.Norm, "norm of %q", tok.Text)
				}
				assert.NotEmpty(t, tok.Tag, "token %q has no tag", tok.Text)
			}
		})
	}
}

func TestParseTagsPossessiveAndKinds(t *testing.T) {
	doc := parse(t, "Stalin’s position won 559 votes to 65 in 1925.")
	byText := map[string]Token{}
	for _, tok := range doc.Tokens {
		byText[tok.Text] = tok
	}
	assert.Equal(t, "POS", byText["’s"].Tag, "a curly possessive is tagged as one")
	assert.Equal(t, "NNP", byText["Stalin"].Tag)
	assert.Equal(t, KindNumber, byText["559"].Kind)
	assert.Equal(t, KindNumber, byText["1925"].Kind)
	assert.Equal(t, KindPunct, byText["."].Kind)
	assert.Equal(t, KindWord, byText["position"].Kind)
	assert.False(t, byText["’s"].SpaceBefore)
	assert.True(t, byText["position"].SpaceBefore)
}

func TestParseParagraphs(t *testing.T) {
	tests := []struct {
		name  string
		text  string
		paras []string
	}{
		{"BlankLines", "First point here.\n\nSecond point here.\n\n\nThird.",
			[]string{"First point here.", "Second point here.", "Third."}},
		{"BlankLineWithSpacesAndCRLF", "One.\r\n  \r\nTwo.\r\n",
			[]string{"One.", "Two."}},
		{"SingleNewlinesAsBreaks", "Stalin rose because of his post.\nTrotsky was arrogant.\nIn conclusion, the post mattered most.",
			[]string{"Stalin rose because of his post.", "Trotsky was arrogant.", "In conclusion, the post mattered most."}},
		{"HardWrappedLinesJoin", "Stalin rose to power because his post as General\nSecretary let him appoint loyal officials across\nthe party, and his rivals underestimated him.",
			[]string{"Stalin rose to power because his post as General\nSecretary let him appoint loyal officials across\nthe party, and his rivals underestimated him."}},
		{"LeadingAndTrailingSpace", "\n\n   Only one paragraph.   \n\n",
			[]string{"Only one paragraph."}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			doc := parse(t, tc.text)
			var got []string
			for _, p := range doc.Paragraphs {
				got = append(got, doc.Slice(p.Span))
			}
			assert.Equal(t, tc.paras, got)
		})
	}
}

func TestParseSentencesStayInParagraphs(t *testing.T) {
	doc := parse(t, "Lenin died in January 1924. Stalin spoke at his funeral\n\nTrotsky did not attend. He was in the Caucasus.")
	require.Len(t, doc.Paragraphs, 2)
	assert.Equal(t, 2, doc.Paragraphs[0].Sentences.Len())
	assert.Equal(t, 2, doc.Paragraphs[1].Sentences.Len())
	assert.Equal(t, "Stalin spoke at his funeral", doc.Slice(doc.Sentences[1].Span))
	assert.Equal(t, 1, doc.Sentences[2].Paragraph)
}

func TestParseWordCount(t *testing.T) {
	doc := parse(t, "Lenin’s death – in 1924 – left a gap.\n\nStalin filled it: “slowly”.")
	assert.Equal(t, 11, doc.Words, "dashes are not words; Lenin’s is one")
	assert.Equal(t, 7, doc.Paragraphs[0].Words)
}

func TestParseRejectsBadInput(t *testing.T) {
	tests := []struct {
		name string
		text string
		want error
	}{
		{"ErrEmpty", "", ErrEmpty},
		{"ErrWhitespaceOnly", " \n\t\u00a0\n ", ErrEmpty},
		{"ErrNotUTF8", "Stalin \xff\xfe rose", ErrInvalidUTF8},
		{"ErrNUL", "Stalin\x00 rose", ErrControlChar},
		{"ErrTooLong", strings.Repeat("Stalin rose. ", DefaultMaxBytes/13+1), ErrTooLong},
		{"ErrGiantWord", "A " + strings.Repeat("x", 50000) + " word.", ErrWordTooLong},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Parse(context.Background(), tc.text)
			require.Error(t, err)
			assert.True(t, errors.Is(err, tc.want), "got %v", err)
			assert.True(t, IsInputError(err))
			assert.NotContains(t, err.Error(), "\n", "errors are one line")
		})
	}
}

func TestParseCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := Parse(ctx, "One.\n\nTwo.")
	assert.ErrorIs(t, err, context.Canceled)
}

func TestParseConcurrent(t *testing.T) {
	text := "Stalin was appointed General Secretary in April 1922. Trotsky underestimated him.\n\nLenin’s Testament warned against him."
	want := parse(t, text)
	var wg sync.WaitGroup
	for range 16 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range 20 {
				doc, err := Parse(context.Background(), text)
				if err != nil || len(doc.Tokens) != len(want.Tokens) {
					t.Errorf("concurrent parse differs: %v", err)
					return
				}
				for i := range doc.Tokens {
					if doc.Tokens[i] != want.Tokens[i] {
						t.Errorf("token %d differs: %+v vs %+v", i, doc.Tokens[i], want.Tokens[i])
						return
					}
				}
			}
		}()
	}
	wg.Wait()
}

func FuzzParse(f *testing.F) {
	for _, s := range []string{
		"Lenin’s death in 1924–29… the ‘grey blur’.\n\nStalin\u00a0won 559 votes to 65.",
		"a\r\n\r\nb\nc", "——…''“”", "x--y", "...", "1924–", "\u2026\u2026word\u2026",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		doc, err := Parse(context.Background(), text)
		if err != nil {
			if !IsInputError(err) {
				t.Fatalf("non-input error: %v", err)
			}
			return
		}
		checkSpans(t, doc)
	})
}

// BenchmarkParse reports the cost of building a Document for 1,000 words.
func BenchmarkParse(b *testing.B) {
	text := benchEssay(b)
	doc, err := Parse(context.Background(), text)
	require.NoError(b, err)
	b.ReportMetric(float64(doc.Words), "words")
	b.SetBytes(int64(len(text)))
	b.ResetTimer()
	for b.Loop() {
		if _, err := Parse(context.Background(), text); err != nil {
			b.Fatal(err)
		}
	}
}

func benchEssay(b *testing.B) string {
	path := filepath.Join("..", "fixtures", "bench", "essay-1000.txt")
	raw, err := os.ReadFile(path)
	if err != nil {
		b.Skipf("no benchmark essay: %v", err)
	}
	return string(raw)
}

// TestParsePunctuationRunsStayLinear guards against prose's tokenizer, which
// is quadratic on long runs of punctuation: a hostile 10,000-character run
// took seconds before chunks were split.
func TestParsePunctuationRunsStayLinear(t *testing.T) {
	for _, text := range []string{
		strings.Repeat("?", 10000),
		strings.Repeat("?!", 500) + " " + strings.Repeat(".", 900),
		"Why" + strings.Repeat("?", 40) + " he asked.",
	} {
		doc := parse(t, text)
		assert.NotEmpty(t, doc.Tokens)
	}
	doc := parse(t, "See https://example.org/a/b?c=d&e=f.g.h.i.j.k.l.m.n or mail a.b.c.d.e.f.g.h.i.j.k.l.m@example.org today.")
	var kept []string
	for _, tok := range doc.Tokens {
		if strings.Contains(tok.Text, "example.org") {
			kept = append(kept, tok.Text)
		}
	}
	assert.Len(t, kept, 2, "URLs and e-mail addresses stay whole: %v", texts(doc.Tokens))
}

func BenchmarkParseHostilePunctuation(b *testing.B) {
	text := strings.Repeat("?", DefaultMaxBytes/2)
	for b.Loop() {
		if _, err := Parse(context.Background(), text); err == nil {
			continue
		} else if !IsInputError(err) {
			b.Fatal(err)
		}
	}
}

func TestCountWordsAgreesWithFields(t *testing.T) {
	fields := func(s string) int {
		n := 0
		for _, f := range strings.Fields(s) {
			if strings.IndexFunc(f, func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }) >= 0 {
				n++
			}
		}
		return n
	}
	for _, s := range []string{
		"", "   ", "Lenin’s death", "a - b", "-- ... !!", "1924–29 was", "x\u00a0y", "tab\there\nnew line",
		"end. ", " (e.g., this)", "naïve café", "\u2003em\u2003space", "…and",
	} {
		assert.Equal(t, fields(s), countWords(s), "%q", s)
	}
}
