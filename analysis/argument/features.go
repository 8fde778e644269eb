package argument

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/clio-history/clio/analysis"
	"github.com/clio-history/clio/analysis/question"
)

// sentence is what the analyzer knows about one sentence.
type sentence struct {
	idx  int
	para int
	span analysis.Span
	// words are the lower-cased words and numbers, in order; wordTok maps
	// each to its token index, for spans.
	words   []string
	wordTok []int
	// capital marks words written with a capital letter after the first
	// word: names, whose letters may spell a marker ("Central Committee").
	capital []bool
	// stems are the stems of content words (not function words, not
	// connectives).
	stems    []string
	names    []string // stems of capitalised words not at the sentence start
	nWords   int
	function int
	content  int // content words outside any marker phrase
	verbs    int
	past     int
	// compar counts comparatives and superlatives ("less", "harder",
	// "greatest"): the grammar of weighing.
	compar int
	// action: a past-tense verb of doing, not "was", "had" or "did".
	action   bool
	years    []int
	sequence int
	// in-clause markers by category, distinct phrases.
	markers []string
	causal  int
	// strongCausal counts causal markers that explain a consequence ("this
	// meant that", "led to"), not the "because" a story uses for motives.
	strongCausal int
	eval         int
	contrast     int // strong contrast (not weak markers)
	weak         int
	initial      string // the sentence-opening adverbial, if any
	initialCat   category
	// initialAdverbial: the opening phrase is a sentence adverbial.
	initialAdverbial bool
	covered          int // words inside marker phrases
	adverbs          int // words inside sentence-adverbial connectives
	stacked          string
	stackSpan        analysis.Span

	// cues say what the wording does (cues.go); numbers counts figures.
	cues    cue
	numbers int

	salad     string // why the sentence is word salad, or ""
	heading   bool
	dupOf     int // index of the earlier sentence this repeats, or -1
	claim     bool
	offTopic  bool // its paragraph does not bear on the question
	keyHits   int
	factorHit int
}

func (s *sentence) eligible() bool { return s.dupOf < 0 && s.salad == "" && !s.heading }

// analytical reports a claim explained or weighed inside the sentence itself.
func (s *sentence) analytical() bool {
	return s.eligible() && !s.offTopic && s.claim && (s.causal+s.eval+s.contrast) > 0
}

func (s *sentence) has(ph []string) bool { return indexOf(s.words, ph) >= 0 }

func (s *sentence) hasAny(list [][]string) bool {
	for _, ph := range list {
		if s.has(ph) {
			return true
		}
	}
	return false
}

func (s *sentence) countAny(list [][]string) int {
	n := 0
	for _, ph := range list {
		if s.has(ph) {
			n++
		}
	}
	return n
}

func indexOf(words, ph []string) int {
	if len(ph) == 0 {
		return 0
	}
	// The analyzer asks this thousands of times per essay, nearly always
	// in vain: test the first word's length and letter before comparing.
	first := ph[0]
	for i := 0; i+len(ph) <= len(words); i++ {
		w := words[i]
		if len(w) != len(first) || len(w) > 0 && w[0] != first[0] || w != first {
			continue
		}
		if equalWords(words[i+1:i+len(ph)], ph[1:]) {
			return i
		}
	}
	return -1
}

func isVerbTag(tag string) bool { return strings.HasPrefix(tag, "VB") || tag == "MD" }

// slab hands out windows of one buffer sized for the whole essay, so that a
// sentence's slices cost no allocation of their own. A window holds as many
// elements as its sentence has tokens, which no per-sentence list outgrows.
type slab[T any] struct{ buf []T }

func newSlab[T any](n int) slab[T] { return slab[T]{buf: make([]T, n)} }

// take returns an empty slice with room for n elements, clipped so that
// appending past them cannot reach the next window.
func (s *slab[T]) take(n int) []T {
	if n > len(s.buf) {
		return make([]T, 0, n)
	}
	w := s.buf[:0:n]
	s.buf = s.buf[n:]
	return w
}

// buffers are the slabs describe carves sentences from.
type buffers struct {
	words, stems      slab[string]
	wordTok           slab[int]
	capital, inMarker slab[bool]
	// commaAfter is scratch, reused from one sentence to the next.
	commaAfter []bool
}

func newBuffers(tokens int) *buffers {
	return &buffers{words: newSlab[string](tokens), stems: newSlab[string](tokens),
		wordTok: newSlab[int](tokens), capital: newSlab[bool](tokens), inMarker: newSlab[bool](tokens)}
}

// describe builds the sentence's features from its tokens.
func describe(doc *analysis.Document, i int, b *buffers) sentence {
	s := sentence{idx: i, para: doc.Sentences[i].Paragraph, span: doc.Sentences[i].Span, dupOf: -1}
	toks := doc.SentenceTokens(i)
	base := doc.Sentences[i].Tokens.Start
	s.words, s.wordTok, s.capital = b.words.take(len(toks)), b.wordTok.take(len(toks)), b.capital.take(len(toks))
	// commaAfter[w]: a comma follows word w.
	quotes := 0
	commaAfter := b.commaAfter[:0]
	for range toks {
		commaAfter = append(commaAfter, false)
	}
	b.commaAfter = commaAfter
	for k, t := range toks {
		switch t.Kind {
		case analysis.KindWord, analysis.KindNumber:
			lower := t.Lower()
			if lower == "'s" || lower == "'" {
				continue
			}
			s.words = append(s.words, lower)
			s.wordTok = append(s.wordTok, base+k)
			r, _ := utf8.DecodeRuneInString(t.Norm)
			s.capital = append(s.capital, len(s.words) > 1 && unicode.IsUpper(r))
			if t.Kind == analysis.KindNumber {
				s.numbers++
				if y, ok := year(t.Norm); ok {
					s.years = append(s.years, y)
				}
			}
		case analysis.KindPunct:
			if (t.Norm == "," || t.Norm == ";" || t.Norm == ":") && len(s.words) > 0 {
				commaAfter[len(s.words)-1] = true
			}
			switch t.Norm {
			case "?":
				s.cues |= cueQuestion
			case "\"":
				quotes++
			}
		}
		switch t.Tag {
		case "JJR", "JJS", "RBR", "RBS":
			s.compar++
		}
		if isVerbTag(t.Tag) && t.Kind == analysis.KindWord {
			s.verbs++
			if t.Tag == "VBD" || t.Tag == "VBN" {
				s.past++
				if !stateVerbs[t.Lower()] {
					s.action = true
				}
			}
		}
	}
	s.nWords = len(s.words)
	if quotes >= 2 {
		s.cues |= cueQuote
	}
	s.cues |= cuesOf(s.words, s.capital)

	// Markers: longest phrase first at each position.
	inMarker := b.inMarker.take(len(toks))[:len(s.words)]
	type hit struct {
		ph         phrase
		start, end int
	}
	var hits []hit
	var seen []string // the keys counted so far: a handful
	for w := 0; w < len(s.words); {
		matched := false
		if s.capital[w] {
			w++
			continue
		}
		for _, ph := range phraseIndex[s.words[w]] {
			if w+len(ph.words) > len(s.words) || !equalWords(s.words[w:w+len(ph.words)], ph.words) {
				continue
			}
			// "So that is what happened" opens a summary, not a purpose.
			if w == 0 && len(ph.words) == 2 && ph.words[0] == "so" && ph.words[1] == "that" {
				continue
			}
			// "since 1917" is time, not cause.
			if ph.words[0] == "since" && len(ph.words) == 1 && w+1 < len(s.words) && startsDigit(s.words[w+1]) {
				continue
			}
			hits = append(hits, hit{ph, w, w + len(ph.words)})
			for k := w; k < w+len(ph.words); k++ {
				inMarker[k] = true
			}
			w += len(ph.words)
			matched = true
			break
		}
		if !matched {
			w++
		}
	}
	for n, h := range hits {
		key := h.ph.key
		if h.ph.adverbial {
			s.adverbs += h.end - h.start
		}
		initial := h.start == 0 && (h.ph.adverbial || commaAfter[h.end-1])
		if initial {
			s.initial, s.initialCat, s.initialAdverbial = key, h.ph.cat, h.ph.adverbial
		}
		// Connectives piled together: "However, therefore, furthermore".
		if n > 0 && h.ph.adverbial && hits[n-1].ph.adverbial && hits[n-1].end == h.start && s.stacked == "" {
			a, b := hits[n-1].start, h.end-1
			// Widen to every adjacent adverbial in the run.
			for m := n + 1; m < len(hits) && hits[m].ph.adverbial && hits[m].start == hits[m-1].end; m++ {
				b = hits[m].end - 1
			}
			s.stacked = strings.Join(s.words[a:b+1], ", ")
			s.stackSpan = analysis.Span{Start: doc.Tokens[s.wordTok[a]].Start, End: doc.Tokens[s.wordTok[b]].End}
		}
		if initial || h.ph.adverbial {
			continue
		}
		if slices.Contains(seen, key) {
			continue
		}
		seen = append(seen, key)
		switch {
		case weakMarkers[key]:
			s.weak++
			continue
		case h.ph.cat == catCausal:
			s.causal++
			if !weakCausal[key] {
				s.strongCausal++
			}
		case h.ph.cat == catEval:
			s.eval++
		case h.ph.cat == catContrast:
			s.contrast++
		default:
			continue
		}
		s.markers = append(s.markers, key)
	}

	s.stems = b.stems.take(len(toks))
	for w, lower := range s.words {
		if inMarker[w] {
			s.covered++
		}
		if functionWords[lower] {
			s.function++
			continue
		}
		if sequenceWords[lower] {
			s.sequence++
		}
		if startsDigit(lower) {
			continue
		}
		st := question.Stem(lower)
		s.stems = append(s.stems, st)
		if !inMarker[w] {
			s.content++
		}
		if w > 0 {
			t := doc.Tokens[s.wordTok[w]]
			if r, _ := utf8.DecodeRuneInString(t.Norm); unicode.IsUpper(r) && t.Norm != "I" {
				s.names = append(s.names, st)
			}
		}
	}
	s.claim = s.verbs > 0 && s.content >= 3
	s.salad = saladReason(&s)
	return s
}

func equalWords(a, b []string) bool {
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func startsDigit(s string) bool { return s != "" && s[0] >= '0' && s[0] <= '9' }

// year reads a four-digit year ("1922", "1920s", "1924-29" gives 1924).
func year(norm string) (int, bool) {
	if len(norm) < 4 {
		return 0, false
	}
	y := 0
	for i := 0; i < 4; i++ {
		c := norm[i]
		if c < '0' || c > '9' {
			return 0, false
		}
		y = y*10 + int(c-'0')
	}
	if len(norm) > 4 && norm[4] >= '0' && norm[4] <= '9' {
		return 0, false
	}
	return y, y >= 500 && y <= 2100
}

// saladReason says why a sentence is not really a sentence: a pile of
// connectives, a string of words with no verb, or a list with almost no
// function words. Real prose is about half function words.
func saladReason(s *sentence) string {
	switch {
	case s.stacked != "":
		return "stacked"
	case s.nWords >= 2 && float64(s.adverbs) > 0.6*float64(s.nWords) && !s.claim:
		return "connectives"
	case s.nWords >= 8 && s.verbs == 0 && float64(s.function) < 0.3*float64(s.nWords):
		return "fragment"
	case s.nWords >= 12 && float64(s.function) < 0.15*float64(s.nWords):
		return "list"
	}
	return ""
}
