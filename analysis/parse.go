package analysis

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/jdkato/prose/v3/segment"
	"github.com/jdkato/prose/v3/tag"
	"github.com/jdkato/prose/v3/token"
	"github.com/jdkato/prose/v3/tokenize"
)

// Limits on what Parse accepts. A 4,000-word essay is about 25 KB, so the
// byte limit leaves ten times that headroom; no word of English prose (nor a
// sensible URL) comes near the token limit.
const (
	DefaultMaxBytes      = 256 << 10
	DefaultMaxTokenBytes = 1000
)

// Limits bounds the input Parse accepts.
type Limits struct {
	MaxBytes      int
	MaxTokenBytes int
}

// DefaultLimits are the limits Parse uses.
func DefaultLimits() Limits {
	return Limits{MaxBytes: DefaultMaxBytes, MaxTokenBytes: DefaultMaxTokenBytes}
}

// models are prose's segmenter, tokenizer and tagger. They are read-only
// after loading and loaded once per process: prose shares them internally, and
// we keep our handles in one place so the cost is paid by the first Parse.
type models struct {
	segmenter *segment.Segmenter
	tokenizer *tokenize.Tokenizer
	tagger    *tag.Tagger
}

var loadModels = sync.OnceValues(func() (*models, error) {
	seg, err := segment.New()
	if err != nil {
		return nil, fmt.Errorf("loading the sentence model: %w", err)
	}
	tg, err := tag.New()
	if err != nil {
		return nil, fmt.Errorf("loading the part-of-speech model: %w", err)
	}
	return &models{segmenter: seg, tokenizer: tokenize.New(), tagger: tg}, nil
})

// Parse checks that text is a readable essay and builds its Document. It is
// safe to call from many goroutines at once.
func Parse(ctx context.Context, text string) (*Document, error) {
	return ParseWithLimits(ctx, text, DefaultLimits())
}

// ParseWithLimits is Parse with caller-chosen limits.
func ParseWithLimits(ctx context.Context, text string, lim Limits) (*Document, error) {
	if err := Validate(text, lim); err != nil {
		return nil, err
	}
	m, err := loadModels()
	if err != nil {
		return nil, err
	}
	// About one token per five bytes of English prose and one sentence per
	// twenty tokens; sizing once saves regrowing the slices as they fill.
	doc := &Document{Text: text, Tokens: make([]Token, 0, len(text)/5+8),
		Sentences: make([]Sentence, 0, len(text)/100+2)}
	for _, p := range splitParagraphs(text) {
		if err := ctx.Err(); err != nil {
			return nil, fmt.Errorf("parsing: %w", err)
		}
		m.parseParagraph(doc, p)
	}
	if err := m.tag(ctx, doc); err != nil {
		return nil, err
	}
	for i := range doc.Tokens {
		if len(doc.Tokens[i].Text) > lim.MaxTokenBytes {
			return nil, &InputError{Err: ErrWordTooLong, Offset: doc.Tokens[i].Start,
				Detail: fmt.Sprintf("%d bytes without a space; the limit is %d", len(doc.Tokens[i].Text), lim.MaxTokenBytes)}
		}
	}
	return doc, nil
}

// Validate reports the first reason text cannot be parsed as an essay.
func Validate(text string, lim Limits) error {
	if lim.MaxBytes > 0 && len(text) > lim.MaxBytes {
		return &InputError{Err: ErrTooLong, Offset: -1,
			Detail: fmt.Sprintf("%d bytes; the limit is %d", len(text), lim.MaxBytes)}
	}
	blank := true
	for i := 0; i < len(text); {
		c := text[i]
		if c < utf8.RuneSelf {
			if c < 0x20 && c != '\n' && c != '\r' && c != '\t' && c != '\f' && c != '\v' || c == 0x7f {
				return &InputError{Err: ErrControlChar, Offset: i, Detail: fmt.Sprintf("byte 0x%02x", c)}
			}
			if c > ' ' {
				blank = false
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(text[i:])
		if r == utf8.RuneError && size == 1 {
			return &InputError{Err: ErrInvalidUTF8, Offset: i}
		}
		if !unicode.IsSpace(r) {
			blank = false
		}
		i += size
	}
	if blank {
		return &InputError{Err: ErrEmpty, Offset: -1}
	}
	return nil
}

// parseParagraph appends paragraph p's sentences and tokens to doc; tag
// fills in their tags afterwards.
func (m *models) parseParagraph(doc *Document, p Span) {
	pi := len(doc.Paragraphs)
	para := Paragraph{Span: p, Sentences: Range{Start: len(doc.Sentences)}}
	ptext := p.In(doc.Text)
	para.Words = countWords(ptext)
	doc.Words += para.Words

	sents := m.segmenter.Segment(ptext)
	if len(sents) == 0 {
		sents = []segment.Sentence{{Text: strings.TrimSpace(ptext), Start: strings.Index(ptext, strings.TrimSpace(ptext))}}
	}
	for _, s := range sents {
		base := p.Start + s.Start
		si := len(doc.Sentences)
		sent := Sentence{Span: Span{Start: base, End: base + len(s.Text)}, Paragraph: pi,
			Tokens: Range{Start: len(doc.Tokens)}}
		for _, t := range splitTokens(m.tokenize(s.Text)) {
			start := base + t.Start
			doc.Tokens = append(doc.Tokens, Token{
				Span:        Span{Start: start, End: start + len(t.Text)},
				Text:        t.Text,
				Norm:        Normalize(t.Text),
				Kind:        classify(t.Text),
				Sentence:    si,
				SpaceBefore: start == p.Start || spaceBefore(doc.Text, start),
			})
		}
		sent.Tokens.End = len(doc.Tokens)
		doc.Sentences = append(doc.Sentences, sent)
	}
	para.Sentences.End = len(doc.Sentences)
	doc.Paragraphs = append(doc.Paragraphs, para)
}

// tag sets the part-of-speech tag of every token, one sentence at a time, as
// the tagger reads a sentence's start and end. It runs once all the text is
// split rather than sentence by sentence between calls to the tokenizer: the
// tagger's work is binary searches over a 1.4 MB model, and in one run its
// hot entries stay in the CPU cache. Parsing 1,000 words took about 5% less
// time so (benchstat, 30 interleaved runs).
func (m *models) tag(ctx context.Context, doc *Document) error {
	var scratch []token.Token
	for si, s := range doc.Sentences {
		if si%64 == 0 {
			if err := ctx.Err(); err != nil {
				return fmt.Errorf("parsing: %w", err)
			}
		}
		toks := doc.Tokens[s.Tokens.Start:s.Tokens.End]
		if cap(scratch) < len(toks) {
			scratch = make([]token.Token, len(toks), 2*len(toks))
		}
		tagIn := scratch[:len(toks)]
		for i := range toks {
			tagIn[i] = token.Token{Text: tagText(toks[i].Norm, toks[i].Text)}
		}
		m.tagger.TagTokens(tagIn)
		for i := range tagIn {
			toks[i].Tag = tagIn[i].Tag
		}
	}
	return nil
}

// punctHeavy is the number of punctuation runes above which a
// whitespace-free chunk is split before prose sees it. prose peels
// punctuation off a chunk one piece at a time, re-scanning the rest each
// time, so a chunk such as "??????…" costs time quadratic in its length;
// ordinary words ("U.S.A.", "(e.g.,") have a handful.
const punctHeavy = 12

// tokenize is prose's tokenizer, guarded against quadratic chunks: a chunk
// with many punctuation runes (and no URL or e-mail address) is cut into
// runs of letters and digits and single punctuation runes first.
func (m *models) tokenize(text string) []token.Token {
	if !hasHeavyChunk(text) {
		return m.tokenizer.Tokenize(text)
	}
	var out []token.Token
	add := func(piece string, base int) {
		for _, t := range m.tokenizer.Tokenize(piece) {
			t.Start += base
			out = append(out, t)
		}
	}
	forEachChunk(text, func(start, end int) {
		chunk := text[start:end]
		if punctCount(chunk) <= punctHeavy || urlLike(chunk) {
			add(chunk, start)
			return
		}
		run := -1 // start of the current run of letters and digits
		for i, r := range chunk {
			if unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r) {
				if run < 0 {
					run = i
				}
				continue
			}
			if run >= 0 {
				add(chunk[run:i], start+run)
				run = -1
			}
			add(chunk[i:i+utf8.RuneLen(r)], start+i)
		}
		if run >= 0 {
			add(chunk[run:], start+run)
		}
	})
	return out
}

func hasHeavyChunk(text string) bool {
	heavy := false
	forEachChunk(text, func(start, end int) {
		if !heavy && end-start > punctHeavy && punctCount(text[start:end]) > punctHeavy {
			heavy = true
		}
	})
	return heavy
}

// forEachChunk calls f with the bounds of each whitespace-free run of text.
func forEachChunk(text string, f func(start, end int)) {
	start := -1
	for i, r := range text {
		if unicode.IsSpace(r) {
			if start >= 0 {
				f(start, i)
				start = -1
			}
		} else if start < 0 {
			start = i
		}
	}
	if start >= 0 {
		f(start, len(text))
	}
}

func punctCount(chunk string) int {
	n := 0
	for _, r := range chunk {
		if !unicode.IsLetter(r) && !unicode.IsDigit(r) && !unicode.IsMark(r) {
			n++
		}
	}
	return n
}

// urlLike reports whether a chunk is a web address or an e-mail address,
// which prose keeps whole in one linear step.
func urlLike(chunk string) bool {
	if strings.Contains(chunk, "://") || strings.HasPrefix(strings.ToLower(chunk), "www.") {
		return true
	}
	at := strings.IndexByte(chunk, '@')
	return at > 0 && strings.Contains(chunk[at:], ".")
}

func spaceBefore(text string, off int) bool {
	r, _ := utf8.DecodeLastRuneInString(text[:off])
	return unicode.IsSpace(r)
}

// splitTokens splits what prose leaves joined but an essay reader would not:
// an ellipsis stuck to a word ("won…"), and words joined by a dash
// ("war—and"). Number ranges ("1924–29") stay whole.
func splitTokens(in []token.Token) []token.Token {
	for i, t := range in {
		if !needsSplit(t.Text) {
			continue
		}
		// Rare: copy what is settled, then split the rest.
		out := append(make([]token.Token, 0, len(in)+4), in[:i]...)
		for _, t := range in[i:] {
			out = appendSplit(out, t)
		}
		return out
	}
	return in
}

// needsSplit reports whether appendSplit would cut s: an ellipsis at either
// end, or an em or en dash (or "--") inside it.
func needsSplit(s string) bool {
	if len(s) < 2 {
		return false
	}
	if strings.HasSuffix(s, "\u2026") || strings.HasSuffix(s, "...") || strings.HasPrefix(s, "\u2026") || strings.HasPrefix(s, "...") {
		return true
	}
	return strings.Contains(s, "\u2014") || strings.Contains(s, "\u2013") || strings.Contains(s, "--")
}

func appendSplit(out []token.Token, t token.Token) []token.Token {
	s := t.Text
	if len(s) > 1 {
		for _, ell := range []string{"\u2026", "..."} {
			if strings.HasSuffix(s, ell) && len(s) > len(ell) {
				out = appendSplit(out, token.Token{Text: s[:len(s)-len(ell)], Start: t.Start})
				return append(out, token.Token{Text: ell, Start: t.Start + len(s) - len(ell)})
			}
			if strings.HasPrefix(s, ell) && len(s) > len(ell) {
				out = append(out, token.Token{Text: ell, Start: t.Start})
				return appendSplit(out, token.Token{Text: s[len(ell):], Start: t.Start + len(ell)})
			}
		}
		// A dash between letters joins two words, not a compound: "war—and".
		for i, r := range s {
			if r != '\u2014' && r != '\u2013' && !(r == '-' && strings.HasPrefix(s[i:], "--")) {
				continue
			}
			before, _ := utf8.DecodeLastRuneInString(s[:i])
			dashLen := utf8.RuneLen(r)
			if r == '-' {
				dashLen = 2
			}
			if i+dashLen >= len(s) || i == 0 {
				continue
			}
			after, _ := utf8.DecodeRuneInString(s[i+dashLen:])
			if unicode.IsLetter(before) || unicode.IsLetter(after) {
				out = append(out, token.Token{Text: s[:i], Start: t.Start})
				out = append(out, token.Token{Text: s[i : i+dashLen], Start: t.Start + i})
				return appendSplit(out, token.Token{Text: s[i+dashLen:], Start: t.Start + i + dashLen})
			}
		}
	}
	return append(out, t)
}

// countWords counts the whitespace-separated fields of s (as strings.Fields
// splits them) that contain a letter or digit, without building the fields.
func countWords(s string) int {
	n := 0
	counted := false // the current field has been counted
	for _, r := range s {
		switch {
		case unicode.IsSpace(r):
			counted = false
		case !counted && (unicode.IsLetter(r) || unicode.IsDigit(r)):
			n++
			counted = true
		}
	}
	return n
}
