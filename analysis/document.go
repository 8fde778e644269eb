package analysis

import "strings"

// TokenKind says what sort of thing a token is, so analyzers need not
// re-derive it from the text.
type TokenKind uint8

const (
	// KindWord is a token with at least one letter (including "’s" and "n't").
	KindWord TokenKind = iota
	// KindNumber is a token made of digits, possibly with separators
	// ("1,000", "1924–29", "26%").
	KindNumber
	// KindPunct is punctuation: full stops, commas, quotes, dashes, ellipses.
	KindPunct
	// KindSymbol is anything else: emoji, currency signs, mathematical symbols.
	KindSymbol
)

func (k TokenKind) String() string {
	switch k {
	case KindWord:
		return "word"
	case KindNumber:
		return "number"
	case KindPunct:
		return "punct"
	default:
		return "symbol"
	}
}

// Token is one word, number or piece of punctuation.
type Token struct {
	Span
	// Text is the token exactly as written: Text == doc.Text[Start:End].
	Text string
	// Norm is Text with typographic variants folded to ASCII (curly quotes and
	// apostrophes to straight ones, en and em dashes to hyphens, "…" to "...").
	// Case is kept. Norm may differ in length from Text, so never use it to
	// compute offsets.
	Norm string
	// Tag is the Penn Treebank part-of-speech tag from prose's tagger.
	Tag  string
	Kind TokenKind
	// Sentence is the index of the token's sentence in Document.Sentences.
	Sentence int
	// SpaceBefore reports whether whitespace (or the start of a paragraph)
	// comes before the token; "Lenin" "’s" has SpaceBefore false on "’s".
	SpaceBefore bool
}

// Sentence is a run of tokens ending in sentence punctuation (or the end of a
// paragraph). Sentences never cross paragraph boundaries.
type Sentence struct {
	Span
	// Paragraph is the index of the sentence's paragraph.
	Paragraph int
	// Tokens is the range [Tokens.Start, Tokens.End) of indices into
	// Document.Tokens (not byte offsets).
	Tokens Range
}

// Paragraph is a block of text separated from its neighbours by a blank line,
// or by a single line break when the essay uses those as paragraph breaks.
type Paragraph struct {
	Span
	// Sentences is the range of indices into Document.Sentences.
	Sentences Range
	// Words is the number of words in the paragraph.
	Words int
}

// Range is a half-open range of slice indices.
type Range struct{ Start, End int }

// Len is the number of indices in the range.
func (r Range) Len() int { return r.End - r.Start }

// Document is a parsed essay. It is immutable once Parse returns it and safe to
// share between goroutines.
type Document struct {
	// Text is the essay exactly as submitted.
	Text       string
	Paragraphs []Paragraph
	Sentences  []Sentence
	Tokens     []Token
	// Words counts whitespace-separated words that contain a letter or digit,
	// as a teacher would count them ("Lenin’s" is one word, "-" is none).
	Words int
}

// SentenceTokens returns the tokens of sentence i.
func (d *Document) SentenceTokens(i int) []Token {
	r := d.Sentences[i].Tokens
	return d.Tokens[r.Start:r.End]
}

// ParagraphSentences returns the sentences of paragraph i.
func (d *Document) ParagraphSentences(i int) []Sentence {
	r := d.Paragraphs[i].Sentences
	return d.Sentences[r.Start:r.End]
}

// ParagraphTokens returns the tokens of paragraph i.
func (d *Document) ParagraphTokens(i int) []Token {
	r := d.Paragraphs[i].Sentences
	if r.Len() == 0 {
		return nil
	}
	return d.Tokens[d.Sentences[r.Start].Tokens.Start:d.Sentences[r.End-1].Tokens.End]
}

// Slice returns the text a span covers.
func (d *Document) Slice(s Span) string { return s.In(d.Text) }

// ParagraphAt returns the index of the paragraph containing byte offset off,
// or -1.
func (d *Document) ParagraphAt(off int) int {
	lo, hi := 0, len(d.Paragraphs)
	for lo < hi {
		mid := (lo + hi) / 2
		p := d.Paragraphs[mid]
		switch {
		case off < p.Start:
			hi = mid
		case off >= p.End:
			lo = mid + 1
		default:
			return mid
		}
	}
	return -1
}

// SentenceAt returns the index of the sentence containing byte offset off, or
// -1.
func (d *Document) SentenceAt(off int) int {
	lo, hi := 0, len(d.Sentences)
	for lo < hi {
		mid := (lo + hi) / 2
		s := d.Sentences[mid]
		switch {
		case off < s.Start:
			hi = mid
		case off >= s.End:
			lo = mid + 1
		default:
			return mid
		}
	}
	return -1
}

// IsWord reports whether the token contains a letter.
func (t Token) IsWord() bool { return t.Kind == KindWord }

// Lower is the token's normalised text in lower case.
func (t Token) Lower() string { return strings.ToLower(t.Norm) }
