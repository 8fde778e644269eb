package evidence

import (
	"slices"
	"strconv"
	"strings"

	"github.com/clio-history/clio/analysis"
)

// Near-duplicate sentences share this share of their word trigrams; shorter
// sentences must match exactly.
const (
	nearDuplicate     = 0.8
	minNearDupeTokens = 6
)

// role is the job a paragraph does in the essay.
type role uint8

const (
	roleBody role = iota
	roleIntro
	roleConclusion
)

// conclusionMarkers open, or appear early in, a concluding paragraph.
var conclusionMarkers = []string{
	"in conclusion", "to conclude", "overall", "in summary", "to sum up", "ultimately",
	"in the final analysis", "all in all", "on balance", "taken together", "in short",
	"to summarise", "to summarize", "in sum", "in the end", "therefore, it is clear",
	"therefore", "thus", "all things considered", "having considered", "clearly, ",
}

// appendSentenceWords appends the lower-cased words and numbers of sentence
// si to dst, without connectives, so "However, Stalin won." repeats "Stalin
// won."
func appendSentenceWords(dst []string, doc *analysis.Document, si int) []string {
	for _, t := range doc.SentenceTokens(si) {
		if t.Kind != analysis.KindWord && t.Kind != analysis.KindNumber {
			continue
		}
		w := lowerASCII(t.Norm)
		if connectives[w] {
			continue
		}
		dst = append(dst, w)
	}
	return dst
}

// duplicateSentences marks each sentence that repeats, exactly or nearly, a
// sentence earlier in the essay: one sharing 80% of its word trigrams, or
// 80% of its distinct words (a copy with a word or two changed). Candidates
// are found through shared word trigrams, so the cost stays close to linear
// in the essay's length.
func duplicateSentences(doc *analysis.Document) (dup, empty []bool) {
	n := len(doc.Sentences)
	dup = make([]bool, n)
	empty = make([]bool, n)
	exact := make(map[string]bool, n)
	// Each sentence's words, trigrams and distinct words (sorted) are
	// windows of three buffers; no sentence has more of any than tokens, so
	// the buffers never move.
	words := make([]string, 0, len(doc.Tokens))
	bagBuf := make([]string, 0, len(doc.Tokens))
	gramBuf := make([]uint64, 0, len(doc.Tokens))
	grams := make([][]uint64, n)
	bags := make([][]string, n)
	// Exact repeats first; the rest long enough to compare get their sets.
	for si := 0; si < n; si++ {
		start := len(words)
		words = appendSentenceWords(words, doc, si)
		ws := words[start:]
		key := strings.Join(ws, " ")
		if key == "" {
			empty[si] = true
			continue
		}
		if exact[key] {
			dup[si] = true
			continue
		}
		exact[key] = true
		if len(ws) < minNearDupeTokens {
			continue
		}
		gs := len(gramBuf)
		gramBuf = analysis.AppendTrigrams(gramBuf, ws)
		grams[si] = gramBuf[gs:len(gramBuf):len(gramBuf)]
		bs := len(bagBuf)
		bagBuf = append(bagBuf, ws...)
		slices.Sort(bagBuf[bs:])
		bag := slices.Compact(bagBuf[bs:])
		bagBuf = bagBuf[:bs+len(bag)]
		bags[si] = bag[:len(bag):len(bag)]
	}
	// A trigram in 64 sentences says nothing about copying.
	index := analysis.NewTrigramIndex(n, len(gramBuf), 64)
	for si, g := range grams {
		if g == nil {
			continue
		}
		index.Overlaps(g, func(other, c int) {
			if dup[si] {
				return
			}
			union := len(g) + len(grams[other]) - c
			if union > 0 && float64(c)/float64(union) >= nearDuplicate ||
				jaccard(bags[si], bags[other]) >= nearDuplicate {
				dup[si] = true
			}
		})
		if !dup[si] {
			index.Add(si, g)
		}
	}
	return dup, empty
}

// jaccard is the Jaccard similarity of two sorted sets of words.
func jaccard(a, b []string) float64 {
	c := 0
	for i, j := 0, 0; i < len(a) && j < len(b); {
		switch {
		case a[i] < b[j]:
			i++
		case a[i] > b[j]:
			j++
		default:
			c++
			i++
			j++
		}
	}
	union := len(a) + len(b) - c
	if union == 0 {
		return 0
	}
	return float64(c) / float64(union)
}

// duplicateParagraphs marks paragraphs all of whose sentences repeat earlier
// ones: a copied paragraph, even with connectives sprinkled in.
func duplicateParagraphs(doc *analysis.Document, dupSent, empty []bool) []bool {
	out := make([]bool, len(doc.Paragraphs))
	for pi, p := range doc.Paragraphs {
		if p.Sentences.Len() == 0 {
			continue
		}
		all := true
		for si := p.Sentences.Start; si < p.Sentences.End; si++ {
			if !dupSent[si] && !empty[si] {
				all = false
				break
			}
		}
		out[pi] = all
	}
	return out
}

// roles assigns introduction, body and conclusion. The first distinct
// paragraph of a longer essay introduces it. The conclusion is the last
// distinct paragraph if it opens like one or weighs reasons ("the most
// important reason"), or else the one before it if that does. Roles come from the text rather than position alone, so a
// paragraph appended after the conclusion does not turn the conclusion into a
// body paragraph.
func roles(doc *analysis.Document, dupPara []bool) []role {
	out := make([]role, len(doc.Paragraphs))
	var distinct []int
	for pi := range doc.Paragraphs {
		if !dupPara[pi] {
			distinct = append(distinct, pi)
		}
	}
	if len(distinct) < 2 {
		return out
	}
	out[distinct[0]] = roleIntro
	if len(distinct) < 3 {
		return out
	}
	last, before := distinct[len(distinct)-1], distinct[len(distinct)-2]
	switch {
	case concludes(doc, last) || judges(doc, last):
		out[last] = roleConclusion
	case before != distinct[0] && (concludes(doc, before) || judges(doc, before)):
		out[before] = roleConclusion
	}
	return out
}

// judgementPhrases weigh reasons against each other: in the last paragraph
// they mark a conclusion even without "In conclusion".
var judgementPhrases = []string{
	"most important", "most significant", "main reason", "key reason", "most decisive",
	"above all", "in conclusion", "to conclude", "on balance", "overall",
}

// judges reports whether the paragraph reaches a judgement in so many words.
func judges(doc *analysis.Document, pi int) bool {
	text := strings.ToLower(analysis.Normalize(doc.Slice(doc.Paragraphs[pi].Span)))
	for _, m := range judgementPhrases {
		if strings.Contains(text, m) {
			return true
		}
	}
	return false
}

func concludes(doc *analysis.Document, pi int) bool {
	p := doc.Paragraphs[pi]
	if p.Sentences.Len() == 0 {
		return false
	}
	first := strings.ToLower(analysis.Normalize(doc.Slice(doc.Sentences[p.Sentences.Start].Span)))
	if len(first) > 60 {
		first = first[:60]
	}
	for _, m := range conclusionMarkers {
		if strings.HasPrefix(first, m) {
			return true
		}
	}
	return false
}

// contentWords are a paragraph's lower-cased words of four letters or more
// that are neither function words nor connectives.
func contentWords(doc *analysis.Document, pi int) map[string]bool {
	out := map[string]bool{}
	for _, t := range doc.ParagraphTokens(pi) {
		if t.Kind != analysis.KindWord {
			continue
		}
		w := stem(t.Lower())
		if len(w) < 4 || stopwords[w] || connectives[w] || connectivePhrase[w] || months[w] || weekdays[w] {
			continue
		}
		out[w] = true
	}
	return out
}

// stem folds the commonest English endings so "alliance" meets "alliances".
func stem(w string) string {
	w = strings.TrimSuffix(w, "'s")
	w = strings.TrimSuffix(w, "'")
	switch {
	case len(w) > 5 && strings.HasSuffix(w, "ies"):
		return w[:len(w)-3] + "y"
	case len(w) > 4 && strings.HasSuffix(w, "es") && (strings.HasSuffix(w, "ches") || strings.HasSuffix(w, "shes") || strings.HasSuffix(w, "sses") || strings.HasSuffix(w, "xes")):
		return w[:len(w)-2]
	case len(w) > 3 && strings.HasSuffix(w, "s") && !strings.HasSuffix(w, "ss") && !strings.HasSuffix(w, "us") && !strings.HasSuffix(w, "is"):
		return w[:len(w)-1]
	}
	return w
}

// onTopic decides which paragraphs bear on the essay's subject, so that
// specifics in an unrelated paragraph (padding) are not counted. A paragraph
// is on topic when it uses a word of the question or names something the topic
// pack knows; otherwise when it shares two names, or four content words,
// with an earlier on-topic paragraph. With neither question nor pack the first
// paragraph sets the topic.
//
// A paragraph most of whose dates fall after the question's period, or long
// before it, is off topic whatever names it uses: "in the years 1924–29" does
// not invite the purges of 1937.
func onTopic(doc *analysis.Document, question map[string]bool, packHits []bool, names []map[string]bool, outOfPeriod []bool) []bool {
	n := len(doc.Paragraphs)
	out := make([]bool, n)
	// A paragraph's content words are gathered only when they are asked
	// about: in most essays the pack's names settle every paragraph.
	content := make([]map[string]bool, n)
	contentOf := func(pi int) map[string]bool {
		if content[pi] == nil {
			content[pi] = contentWords(doc, pi)
		}
		return content[pi]
	}
	seeded := false
	for pi := range doc.Paragraphs {
		if outOfPeriod[pi] {
			continue
		}
		if packHits[pi] {
			out[pi] = true
			seeded = true
			continue
		}
		if len(question) == 0 {
			continue
		}
		for w := range contentOf(pi) {
			if question[w] {
				out[pi] = true
				seeded = true
				break
			}
		}
	}
	if !seeded && n > 0 && !outOfPeriod[0] {
		out[0] = true
	}
	for pi := range doc.Paragraphs {
		if out[pi] || outOfPeriod[pi] {
			continue
		}
		for prev := 0; prev < pi && !out[pi]; prev++ {
			if !out[prev] {
				continue
			}
			if overlap(names[pi], names[prev]) >= 2 || overlap(contentOf(pi), contentOf(prev)) >= 4 {
				out[pi] = true
			}
		}
	}
	return out
}

func overlap(a, b map[string]bool) int {
	if len(a) > len(b) {
		a, b = b, a
	}
	n := 0
	for k := range a {
		if b[k] {
			n++
		}
	}
	return n
}

// questionWords are the question's content words, stemmed.
func questionWords(q string) map[string]bool {
	out := map[string]bool{}
	for _, w := range strings.FieldsFunc(strings.ToLower(analysis.Normalize(q)), func(r rune) bool {
		return !(r >= 'a' && r <= 'z') && r != '\'' && !(r >= '0' && r <= '9')
	}) {
		w = stem(strings.Trim(w, "'"))
		if len(w) < 4 || stopwords[w] || connectives[w] || connectivePhrase[w] {
			continue
		}
		out[w] = true
	}
	return out
}

// Background before a question's period is normal (the causes of what
// happened in it), so only dates well before it count against a paragraph.
const backgroundYears = 25

// questionPeriod is the task's period, or the first range of years in the
// question's text ("in the years 1924–29", "1553-1558"), or, for a question
// about one year ("at Hastings in 1066"), that year and the decade after it
// (its consequences), or nil.
func questionPeriod(q analysis.Question) *analysis.Period {
	if q.Period != nil && q.Period.From > 0 && q.Period.To >= q.Period.From {
		return q.Period
	}
	text := analysis.Normalize(q.Text)
	for i := 0; i+4 <= len(text); i++ {
		if !allDigits(text[i:i+4]) || (i > 0 && text[i-1] >= '0' && text[i-1] <= '9') {
			continue
		}
		from, _ := strconv.Atoi(text[i : i+4])
		rest := strings.TrimLeft(text[i+4:], " ")
		for _, sep := range []string{"-", "to ", "and "} {
			if !strings.HasPrefix(rest, sep) {
				continue
			}
			r := strings.TrimLeft(rest[len(sep):], " ")
			j := 0
			for j < len(r) && j < 4 && r[j] >= '0' && r[j] <= '9' {
				j++
			}
			if j != 2 && j != 4 || (j < len(r) && r[j] >= '0' && r[j] <= '9') {
				continue
			}
			to, _ := strconv.Atoi(r[:j])
			if j == 2 {
				to += from / 100 * 100
			}
			if from >= 1000 && to >= from && to-from <= 200 {
				return &analysis.Period{From: from, To: to}
			}
		}
	}
	if y, ok := yearOf(text); ok {
		return &analysis.Period{From: y, To: y + singleYearReach}
	}
	return nil
}

// singleYearReach is how far after a question's one year an essay may
// reasonably go.
const singleYearReach = 10

// yearOf reads the first year of a date specific's text.
func yearOf(text string) (int, bool) {
	for i := 0; i+4 <= len(text); i++ {
		if allDigits(text[i:i+4]) && (i == 0 || text[i-1] < '0' || text[i-1] > '9') && (i+4 == len(text) || text[i+4] < '0' || text[i+4] > '9') {
			y, _ := strconv.Atoi(text[i : i+4])
			if y >= 1000 && y <= 2099 {
				return y, true
			}
		}
	}
	return 0, false
}

// lowerASCII lower-cases s, allocating only when it has capitals.
func lowerASCII(s string) string {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 'A' && c <= 'Z' || c >= 0x80 {
			return strings.ToLower(s)
		}
	}
	return s
}
