package history

import (
	"math"
	"sort"
	"strconv"
	"strings"
)

// Packs returns every pack, ordered by id.
func (l *Library) Packs() []*Pack { return l.packs }

// Pack returns the pack with the given id.
func (l *Library) Pack(id string) (*Pack, bool) {
	p, ok := l.byID[id]
	return p, ok
}

// Names returns every name, variant and alias of every pack's people, events,
// organisations, places, terms and historians, sorted and without
// duplicates: the proper nouns and vocabulary a spelling checker should
// accept. Entries may be several words ("Socialism in One Country").
func (l *Library) Names() []string {
	seen := map[string]bool{}
	for _, p := range l.packs {
		for _, n := range p.Names() {
			seen[n] = true
		}
	}
	out := make([]string, 0, len(seen))
	for n := range seen {
		out = append(out, n)
	}
	sort.Strings(out)
	return out
}

// Names returns the pack's names as Library.Names does.
func (p *Pack) Names() []string {
	var out []string
	for _, x := range p.People {
		out = append(append(out, x.Name), x.Variants...)
	}
	for _, x := range p.Events {
		out = append(append(out, x.Name), x.Aliases...)
	}
	for _, list := range [][]Entity{p.Organisations, p.Places} {
		for _, x := range list {
			out = append(append(out, x.Name), x.Variants...)
		}
	}
	for _, x := range p.Terms {
		out = append(append(out, x.Name), x.Variants...)
	}
	for _, x := range p.Historians {
		out = append(append(out, x.Name), x.Variants...)
	}
	sort.Strings(out)
	return out
}

// Detect returns the pack a question and essay are about, with a score from 0
// to 1, or nil and 0 when no pack clearly is: DetectTopic without the
// evidence.
func (l *Library) Detect(question, essay string) (*Pack, float64) {
	d := l.DetectTopic(question, essay)
	return d.Pack, d.Score
}

func distinct(ms []Mention) int {
	type entry struct {
		kind Kind
		id   string
	}
	seen := make(map[entry]bool, len(ms))
	for _, m := range ms {
		seen[entry{m.Kind, m.ID}] = true
	}
	return len(seen)
}

// questionYears finds years (four digits, 1000 to 2099) in the pieces.
// A range's second year may be short ("1953–57", "1917-24") and a decade
// counts as its first and last years ("the 1930s").
func questionYears(ps []piece) []int {
	var ys []int
	for i, p := range ps {
		switch {
		case len(p.key) == 4 && isDigits(p.key):
			if y, err := strconv.Atoi(p.key); err == nil && y >= 1000 && y < 2100 {
				ys = append(ys, y)
			}
		case len(p.key) == 2 && isDigits(p.key) && i > 0 && len(ps[i-1].key) == 4 && isDigits(ps[i-1].key) &&
			p.start-ps[i-1].end <= 3 && p.start > ps[i-1].end:
			// "1953–57": the dash joins the years.
			if y, err := strconv.Atoi(ps[i-1].key[:2] + p.key); err == nil && y > 1000 {
				ys = append(ys, y)
			}
		case len(p.key) == 5 && p.key[4] == 's' && isDigits(p.key[:4]) && p.key[3] == '0':
			if y, err := strconv.Atoi(p.key[:4]); err == nil && y >= 1000 && y < 2100 {
				ys = append(ys, y, y+9)
			}
		}
	}
	return ys
}

// stopWords are left out when comparing questions.
var stopWords = map[string]bool{
	"a": true, "an": true, "the": true, "of": true, "in": true, "to": true, "and": true, "or": true,
	"was": true, "were": true, "is": true, "did": true, "do": true, "does": true, "by": true, "for": true,
	"on": true, "at": true, "as": true, "his": true, "her": true, "their": true, "its": true, "be": true,
	"been": true, "with": true, "that": true, "this": true, "from": true, "you": true, "it": true,
	"period": true, "years": true, "s": true,
}

func contentWords(text string) map[string]bool {
	out := map[string]bool{}
	for _, p := range textPieces(text, nil) {
		k := p.key
		if k == barrierKey || k == "," || stopWords[k] || isDigits(k) {
			continue
		}
		if len(k) > 4 && strings.HasSuffix(k, "s") && !strings.HasSuffix(k, "ss") {
			k = k[:len(k)-1]
		}
		out[k] = true
	}
	return out
}

// Question returns the pack's guide for an exam question: the guide whose
// text or one of its variants best shares the question's content words. Words
// are weighted by how few of the pack's guides use them, so "French" decides
// between two "Why did revolution break out" questions; the weighted Dice
// score must reach 0.5. Dates and small words are ignored, so "Why did Stalin
// emerge as leader of the USSR by 1929?" finds "Why did Stalin emerge as
// leader of Russia?".
func (p *Pack) Question(text string) (*QuestionGuide, bool) {
	best, score := p.guideScore(contentWords(text))
	if score < 0.5 {
		return nil, false
	}
	return best, true
}

// guideScore returns the guide that best shares the content words qw and
// its weighted Dice score (0 to 1).
func (p *Pack) guideScore(qw map[string]bool) (*QuestionGuide, float64) {
	if len(qw) == 0 {
		return nil, 0
	}
	var best *QuestionGuide
	bestScore := 0.0
	for i := range p.Questions {
		g := &p.Questions[i]
		for _, t := range append([]string{g.Text}, g.Variants...) {
			gw := contentWords(t)
			var common, total float64
			for w := range gw {
				total += p.wordWeight(w)
				if qw[w] {
					common += 2 * p.wordWeight(w)
				}
			}
			for w := range qw {
				total += p.wordWeight(w)
			}
			if s := common / total; s > bestScore {
				best, bestScore = g, s
			}
		}
	}
	return best, bestScore
}

// wordWeight is an inverse document frequency over the pack's guides: a word
// in every guide weighs 1, a word in one guide of n weighs 1+ln(n).
func (p *Pack) wordWeight(w string) float64 {
	n := len(p.Questions)
	df := p.guideDF[w]
	if df == 0 || n == 0 {
		return 1 + math.Log(float64(max(n, 1)))
	}
	return 1 + math.Log(float64(n)/float64(df))
}
