package history

import (
	"fmt"
	"math"
	"slices"
	"sort"
	"strings"

	"github.com/clio-history/clio/analysis"
)

// Detection is the topic a question and essay were found to be about, with
// what showed it, or no topic and why not.
type Detection struct {
	// Pack is the chosen pack, nil when no pack is clearly about the text.
	Pack *Pack
	// Packs are the packs whose knowledge applies: Pack first, then the
	// other packs of Pack's exam option whose periods the question's years
	// reach ("Tsarist and Communist Russia 1855–1964" asked over 1855–1964).
	Packs []*Pack
	// Option is the exam option Packs come from, nil for a single pack.
	Option *Option
	// Score is the confidence, 0 to 1 (0 with no pack).
	Score float64
	// By is "question" when the question named the pack's matter, "essay"
	// when the question left it open and the essay decided, "" for none.
	By string
	// Evidence is the pack's names and terms found, most telling first.
	Evidence []Evidence
	// Reason says in a sentence why this pack, or why none.
	Reason string

	with []*Pack // packs of the same option that fitted nearly as well
}

// Evidence is one of a pack's entries found in the question or essay.
type Evidence struct {
	Kind Kind   `json:"kind"`
	ID   string `json:"id"`
	Name string `json:"name"`
	// InQuestion: the question names it; Count is how often the essay does.
	InQuestion bool `json:"in_question,omitempty"`
	Count      int  `json:"count,omitempty"`
}

// Thresholds of detection, chosen on analysis/history/testdata/detect (see
// the README's confusion table). A question must name the pack's matter with
// a weight of at least minQuestionWeight, and those names must be at least
// minQuestionCover of the question's proper names: "How far was Stalin
// responsible for the Cold War?" names Stalin, whom the Russia pack knows, but
// also the Cold War, which it does not, so that pack alone is not enough. An
// essay must weigh minEssayWeight with minEssayCover of its proper names. The
// runner-up must be clearly behind (maxRunnerUp of the best), or detection
// says it does not know: a wrong pack is worse than none.
const (
	minQuestionWeight = 0.45
	minQuestionCover  = 0.55
	minEssayWeight    = 2.5
	minEssayCover     = 0.4
	maxRunnerUp       = 0.6
	minPersonWeight   = 0.45
	// optionShare: a pack of the chosen pack's exam option that scores at
	// least this share of it is used beside it.
	optionShare = 0.5
	// yearMargin is how far outside a pack's period a question's years may
	// reach and still be about it (lead-in and aftermath).
	yearMargin = 5
	// yearsBonus is added to a pack's question weight when the question's
	// years lie inside its period.
	yearsBonus = 0.25
	// minYearsNames is the weight of names a question needs before its
	// years count for a pack.
	minYearsNames = 0.25
	// guideMatch is the score (Pack.guideScore) at which a question is one
	// of a pack's question guides, and guideLead how far ahead of the other
	// pack's best guide it must be to settle a close call.
	guideMatch = 0.5
	// guideCentrality is the least weight of a term, place or organisation
	// one of the pack's question guides names.
	guideCentrality = 0.8
	// minLifeShare: a person a question names, with less than this share
	// of their public life in a pack's period, belongs to another topic.
	minLifeShare = 0.12
	// activeYears of a person's public life inside a pack's period make
	// them fully the pack's (activeShare).
	activeYears = 10
	guideLead   = 0.15
	// foreignCountry is the weight against a pack of a country or people
	// the question names and the pack does not.
	foreignCountry = 0.5
	// ownCountry is the weight for a pack of the country in its title.
	ownCountry = 0.5
	// An essay whose years all lie outside a pack's period keeps
	// essayYearFloor of its weight for that pack.
	essayYearFloor  = 0.3
	essayYearMargin = 1
)

// packEvidence is what one pack found in a question and essay.
type packEvidence struct {
	p *Pack
	// q is the weight of the pack's distinct entries in the question, qOther
	// the number of proper names in it the pack does not know.
	q      float64
	qOther float64
	// qYears is the part of q that the question's years gave.
	qYears float64
	// qPerson is the weight of the most central person the question names,
	// qEvent whether it names one of the pack's events.
	qPerson float64
	qEvent  bool
	// qOutsider: the question names a person whose public life lies
	// outside the pack's period (Henry VIII for the Mary I pack).
	qOutsider bool
	// qBroad counts the long events (wars, eras) the question names, qN
	// the distinct entries it names.
	qBroad, qN int
	// e weighs the pack's entries in the essay (distinct entries, with
	// diminishing credit for repeats), eHit the weight of every mention and
	// eOther the proper names it does not know.
	e, eHit float64
	// eYears is how far the essay's years fit the pack's period (yearsFit).
	eYears float64
	eOther float64
	// ePersonW is the weight of every mention of the pack's people in the
	// essay, ePersonN their number.
	ePersonW float64
	ePersonN int
	// outside: the question's years lie outside the pack's period.
	outside  bool
	evidence map[int32]*Evidence
}

func (pe *packEvidence) qCover() float64 {
	if pe.q == 0 {
		return 0
	}
	// Years confirm names but are not names: they do not dilute the
	// question's other names.
	names := pe.q - pe.qYears
	return names / (names + pe.qOther)
}

func (pe *packEvidence) eCover() float64 {
	if pe.eHit == 0 {
		return 0
	}
	return pe.eHit / (pe.eHit + pe.eOther)
}

func (pe *packEvidence) byQuestion() float64 {
	if pe.outside || pe.q < minQuestionWeight || pe.qCover() < minQuestionCover {
		return 0
	}
	if pe.qPerson > 0 && pe.qPerson < minPersonWeight && !pe.qEvent && pe.q-pe.qPerson < minQuestionWeight {
		// A question about a person on the pack's margins (Hitler for the
		// Russia pack, Henry VIII for Mary I's), with little else of the
		// pack, is about another topic.
		return 0
	}
	if pe.qOutsider && pe.qPerson < 0.6 {
		// Its people belong to another period, and none of the pack's
		// own is named.
		return 0
	}
	if pe.qN == 1 && pe.qBroad == 1 {
		// "the causes of the First World War": a war many packs know as
		// background is not, alone, one pack's subject.
		return 0
	}
	return pe.q * pe.qCover()
}

func (pe *packEvidence) byEssay() float64 {
	if pe.outside || pe.e*pe.eYears < minEssayWeight || pe.eCover() < minEssayCover {
		return 0
	}
	if pe.ePersonN >= 2 && pe.ePersonW/float64(pe.ePersonN) < minPersonWeight {
		// The essay's people are on the pack's margins (Henry VIII and
		// Catherine of Aragon for the Mary I pack).
		return 0
	}
	return pe.e * pe.eYears * pe.eCover()
}

// eScore is the essay's weight for the pack without byEssay's thresholds.
func (pe *packEvidence) eScore() float64 { return pe.e * pe.eYears * pe.eCover() }

// essayYears finds the years an essay gives (four digits from 1000 to
// 2099, alone or as a decade, "1950s"), without splitting it.
func essayYears(text string) []int {
	var ys []int
	for i := 0; i+4 <= len(text); i++ {
		if !isDigit(text[i]) || (i > 0 && (isDigit(text[i-1]) || isLetter(text[i-1]))) {
			continue
		}
		j := i
		for j < len(text) && isDigit(text[j]) {
			j++
		}
		if j-i == 4 && (j == len(text) || !isLetter(text[j]) || (text[j] == 's' && (j+1 == len(text) || !isLetter(text[j+1])))) {
			if y := int(text[i]-'0')*1000 + int(text[i+1]-'0')*100 + int(text[i+2]-'0')*10 + int(text[i+3]-'0'); y >= 1000 && y < 2100 {
				ys = append(ys, y)
			}
		}
		i = j
	}
	return ys
}

func isDigit(c byte) bool  { return '0' <= c && c <= '9' }
func isLetter(c byte) bool { return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' }

// yearsFit is how far an essay's years agree with a pack's period: 1 when
// the essay gives none, else a floor of essayYearFloor rising to 1 with the
// share of its years inside the period (give or take essayYearMargin). An
// essay on the Secret Speech of 1956 that names Stalin throughout is not
// about a pack that ends in 1953.
func yearsFit(ys []int, from, to int) float64 {
	if len(ys) == 0 {
		return 1
	}
	in := 0
	for _, y := range ys {
		if y >= from-essayYearMargin && y <= to+essayYearMargin {
			in++
		}
	}
	return essayYearFloor + (1-essayYearFloor)*float64(in)/float64(len(ys))
}

// DetectTopic finds the pack a question and essay are about. The question
// decides first: the pack whose names and terms it uses, weighted by how
// central each is to the pack (Stalin to the Russia pack, not Hitler), when
// they make up most of its proper names and its years fall in the pack's
// period. When the question names nothing (or there is none), the essay's
// weight of mentions decides by the same rules. When two packs are close, the
// essay breaks the tie; a narrower pack inside a wider one (Mary I inside the
// Tudors) wins only when the question's years lie within its period. When no
// pack is clearly about the text, Pack is nil and Reason says why.
func (l *Library) DetectTopic(question, essay string) Detection {
	return l.detect(question, questionYears(textPieces(question, nil)), essay)
}

// DetectQuestion is DetectTopic for a question analysis/question has parsed:
// its period, when it found one, gives the question's years ("in the
// sixteenth century", "c1900–1946", "in the years to 1941" as up to 1941), so
// that this package need not import the parser. Without a period the years
// written in the question are used.
func (l *Library) DetectQuestion(q analysis.Question, essay string) Detection {
	if p := q.Period; p != nil && p.To > 0 {
		years := []int{p.To}
		if p.From > 0 {
			years = []int{p.From, p.To}
		}
		return l.detect(q.Text, years, essay)
	}
	return l.DetectTopic(q.Text, essay)
}

func (l *Library) detect(question string, years []int, essay string) Detection {
	qps := textPieces(question, l.vocab)
	qFrom, qTo := 0, 0
	for i, y := range years {
		if i == 0 || y < qFrom {
			qFrom = y
		}
		if i == 0 || y > qTo {
			qTo = y
		}
	}
	qCaps := properNames(question, qps)
	hits := make([][]hit, len(l.packs))
	l.names.scan(qps, l.vocab, hits)
	covered := make([]bool, len(qps))
	all := make([]*packEvidence, 0, len(l.packs))
	for k, p := range l.packs {
		pe := &packEvidence{p: p, evidence: map[int32]*Evidence{}}
		pe.outside = len(years) > 0 && outsidePeriod(qFrom, qTo, p.Period.From, p.Period.To)
		pe.q, pe.qOther = p.weigh(qps, hits[k], qCaps, pe, true, covered)
		if pe.q >= minYearsNames && len(years) > 0 && qFrom >= p.Period.From && qTo <= p.Period.To {
			// Years inside the period confirm what the names say.
			pe.q += yearsBonus
			pe.qYears = yearsBonus
		}
		all = append(all, pe)
	}
	// The essay is read only for the packs still in question: the one the
	// question settles (for its evidence), or every pack the question's
	// years allow.
	var eps []piece
	var eCaps []capName
	var eYears []int
	readEssay := func(k int, pe *packEvidence) {
		if eps == nil {
			// One pass finds every pack's names.
			eps = textPieces(essay, l.vocab)
			eCaps = properNames(essay, eps)
			eYears = essayYears(essay)
			for j := range hits {
				hits[j] = hits[j][:0]
			}
			l.names.scan(eps, l.vocab, hits)
			covered = make([]bool, len(eps))
		}
		pe.eYears = yearsFit(eYears, pe.p.Period.From, pe.p.Period.To)
		pe.eHit, pe.eOther = pe.p.weigh(eps, hits[k], eCaps, pe, false, covered)
		for r, ev := range pe.evidence {
			if ev.Count > 0 {
				pe.e += pe.p.weights[r] * (1 + math.Log(float64(ev.Count)))
			}
		}
	}
	if best, second := rank(all, (*packEvidence).byQuestion); best != nil && best.p.Kind == "topic" &&
		(second == nil || second.byQuestion() <= maxRunnerUp*best.byQuestion()) {
		if essay != "" {
			readEssay(slices.Index(all, best), best)
		}
	} else if essay != "" {
		for k, pe := range all {
			if !pe.outside {
				readEssay(k, pe)
			}
		}
	}
	d := l.decide(question, all, qFrom, qTo, len(years) > 0, hasGeo(qps))
	if d.Pack != nil {
		d.Packs, d.Option = l.optionPacks(d, qFrom, qTo, len(years) > 0)
		for _, w := range d.with {
			if !containsPack(d.Packs, w) {
				d.Packs = append(d.Packs, w)
				if d.Option == nil {
					d.Option = l.sameOption(d.Pack, w)
				}
			}
		}
	}
	return d
}

func containsPack(ps []*Pack, p *Pack) bool {
	for _, x := range ps {
		if x == p {
			return true
		}
	}
	return false
}

// sameOption returns an exam option that has both packs, or nil.
func (l *Library) sameOption(a, b *Pack) *Option {
	for _, o := range l.options {
		var hasA, hasB bool
		for _, id := range o.Packs {
			hasA = hasA || id == a.ID
			hasB = hasB || id == b.ID
		}
		if hasA && hasB {
			return o
		}
	}
	return nil
}

func (l *Library) decide(question string, all []*packEvidence, qFrom, qTo int, hasYears, qGeo bool) Detection {
	questionSaid := false
	for _, pe := range all {
		if pe.q > 0 || pe.qOther > 0 {
			questionSaid = true
		}
	}
	for _, kind := range []string{"topic", "guide"} {
		var cands []*packEvidence
		for _, pe := range all {
			if pe.p.Kind == kind {
				cands = append(cands, pe)
			}
		}
		by := "question"
		best, second := rank(cands, (*packEvidence).byQuestion)
		if best == nil && hasYears && kind == "topic" {
			// The question names nothing a pack does not know, and its
			// years lie in one pack's period only: "Assess the reasons why
			// revolution broke out in France in 1789."
			best, second = byYears(cands, qFrom, qTo, qGeo), nil
			if best != nil {
				by = "years"
			}
		}
		if best == nil && !questionSaid {
			by = "essay"
			best, second = rank(cands, (*packEvidence).byEssay)
		}
		if best == nil {
			continue
		}
		score := func(pe *packEvidence) float64 {
			switch by {
			case "question":
				return pe.byQuestion()
			case "years":
				return 0.5
			}
			return pe.byEssay()
		}
		var with []*Pack
		if second != nil && isClose(best, second, score) {
			// Close: two packs of one exam option are used together (the
			// Russia packs on 1917); a pack one of whose question guides
			// the question is clearly closer to than to any of the other's
			// wins ("Why was Khrushchev removed from power?" is a question
			// of the USSR pack, not of the Cold War pack, though both know
			// the event); a narrower pack inside the other wins only when
			// the question's years lie within it; otherwise the essay
			// decides.
			g := guideFocus(question, best, second)
			if by != "essay" && g == second {
				best, second = second, best
			}
			switch w := nested(best, second, qFrom, qTo, hasYears); {
			case l.sameOption(best.p, second.p) != nil:
			case by != "essay" && g != nil:
			case w != nil:
				if w == second {
					best, second = second, best
				}
			case by == "question" && second.byEssay()+second.e > 0 && best.e+best.byEssay() > 0 &&
				(second.eScore() > best.eScore()/maxRunnerUp || best.eScore() > second.eScore()/maxRunnerUp):
				if second.eScore() > best.eScore() {
					best, second = second, best
				}
			default:
				return Detection{Reason: fmt.Sprintf("no pack: the %s fits both %s and %s about equally, so neither is used",
					by, best.p.Title, second.p.Title)}
			}
		}
		for _, pe := range cands {
			// Packs of the same exam option that fit nearly as well are
			// used beside the chosen one (the two Russia packs on 1917).
			if pe != best && score(pe) >= optionShare*score(best) && l.sameOption(best.p, pe.p) != nil {
				with = append(with, pe.p)
			}
		}
		raw := score(best)
		d := Detection{Pack: best.p, By: by, Score: 1 - math.Exp(-raw), Evidence: best.sortedEvidence(), with: with}
		d.Reason = fmt.Sprintf("the %s names %s, which %s covers", by, evidenceWords(d.Evidence, by == "question"), best.p.Title)
		if by == "years" {
			d.By = "question"
			d.Reason = fmt.Sprintf("the question's years (%d–%d) lie in the period of %s only, and it names %s",
				qFrom, qTo, best.p.Title, evidenceWords(d.Evidence, true))
		}
		return d
	}
	if questionSaid {
		var others []string
		for _, pe := range all {
			if pe.outside && pe.q > 0 {
				others = append(others, pe.p.Title)
			}
		}
		if len(others) > 0 {
			return Detection{Reason: "no pack: the question's years lie outside the period of " + strings.Join(others, ", ")}
		}
		return Detection{Reason: "no pack: the question is about matters no topic pack covers"}
	}
	return Detection{Reason: "no pack: the essay does not name enough of any topic pack's people, events and terms"}
}

// outsidePeriod reports whether a question's years lie outside a pack's
// period: a year more than yearMargin beyond it, or a span of years less
// than a quarter inside it ("1953–57" is not about a pack that ends in 1953).
func outsidePeriod(qFrom, qTo, from, to int) bool {
	if qTo-qFrom < 2 {
		return qTo < from-yearMargin || qFrom > to+yearMargin
	}
	overlap := min(qTo, to) - max(qFrom, from)
	return float64(overlap) < 0.25*float64(qTo-qFrom)
}

// hasGeo reports whether a text names a country, people or faith.
func hasGeo(ps []piece) bool {
	for i, p := range ps {
		if p.upper && geoWords[p.key] && i > 0 && ps[i-1].key != barrierKey {
			return true
		}
	}
	return false
}

// byYears returns the one pack whose period holds every year of the
// question, when the question names no proper name the pack does not know
// ("Assess the reasons for the rebellions of 1549"); nil when there is not
// exactly one.
func byYears(cands []*packEvidence, qFrom, qTo int, geo bool) *packEvidence {
	var found *packEvidence
	for _, pe := range cands {
		if qFrom < pe.p.Period.From || qTo > pe.p.Period.To {
			continue
		}
		if found != nil {
			return nil
		}
		found = pe
	}
	if found == nil || found.qOther > 0 {
		return nil
	}
	if found.q == 0 && (found.p.Period.To-found.p.Period.From > 20 || geo) {
		// Years alone point to a pack only when it is a short, deep one
		// and the question names no country or people.
		return nil
	}
	if found.qPerson > 0 && found.qPerson < minPersonWeight && !found.qEvent {
		return nil
	}
	return found
}

// rank returns the packs with the highest and second-highest score, nil
// when none scores.
func rank(cands []*packEvidence, score func(*packEvidence) float64) (best, second *packEvidence) {
	for _, pe := range cands {
		s := score(pe)
		if s <= 0 {
			continue
		}
		switch {
		case best == nil || s > score(best):
			best, second = pe, best
		case second == nil || s > score(second):
			second = pe
		}
	}
	return best, second
}

// isClose reports whether the runner-up b scores more than maxRunnerUp of the
// best a. Years that lie in both packs' periods do not tell them apart, so
// then only their names are compared.
func isClose(a, b *packEvidence, score func(*packEvidence) float64) bool {
	if a.qYears > 0 && b.qYears > 0 && score(a) == a.byQuestion() {
		na, nb := (a.q-a.qYears)*a.qCover(), (b.q-b.qYears)*b.qCover()
		return nb > maxRunnerUp*na
	}
	return score(b) > maxRunnerUp*score(a)
}

// guideFocus returns the one of two packs with a question guide that the
// question matches (guideMatch) clearly better (by guideLead) than any guide
// of the other, or nil.
func guideFocus(question string, a, b *packEvidence) *packEvidence {
	if question == "" {
		return nil
	}
	qw := contentWords(question)
	_, sa := a.p.guideScore(qw)
	_, sb := b.p.guideScore(qw)
	switch {
	case sa >= guideMatch && sa >= sb+guideLead:
		return a
	case sb >= guideMatch && sb >= sa+guideLead:
		return b
	}
	return nil
}

// nested returns the pack to use when one pack's period lies inside the
// other's: the narrower one when the question's years fall within it, else
// the wider one; nil when the periods are not nested.
func nested(a, b *packEvidence, qFrom, qTo int, hasYears bool) *packEvidence {
	inside := func(x, y *packEvidence) bool {
		return x.p.Period.From >= y.p.Period.From && x.p.Period.To <= y.p.Period.To && x.p.Period != y.p.Period
	}
	var narrow, wide *packEvidence
	switch {
	case inside(a, b):
		narrow, wide = a, b
	case inside(b, a):
		narrow, wide = b, a
	default:
		return nil
	}
	if !hasYears {
		// Without years the names decide.
		return nil
	}
	if qFrom >= narrow.p.Period.From-1 && qTo <= narrow.p.Period.To+1 {
		return narrow
	}
	return wide
}

func (pe *packEvidence) sortedEvidence() []Evidence {
	type weighed struct {
		ev Evidence
		w  float64
	}
	list := make([]weighed, 0, len(pe.evidence))
	for r, ev := range pe.evidence {
		x := ownCountry
		if r >= 0 {
			x = pe.p.weights[r] * float64(1+ev.Count)
		}
		if ev.InQuestion {
			x += 100
		}
		list = append(list, weighed{*ev, x})
	}
	sort.Slice(list, func(i, j int) bool {
		if list[i].w != list[j].w {
			return list[i].w > list[j].w
		}
		return list[i].ev.ID < list[j].ev.ID
	})
	out := make([]Evidence, 0, min(len(list), 8))
	for _, x := range list {
		if len(out) == 8 {
			break
		}
		out = append(out, x.ev)
	}
	return out
}

func evidenceWords(ev []Evidence, questionOnly bool) string {
	var names []string
	for _, e := range ev {
		if questionOnly && !e.InQuestion {
			continue
		}
		names = append(names, e.Name)
		if len(names) == 4 {
			break
		}
	}
	switch len(names) {
	case 0:
		return "nothing"
	case 1:
		return names[0]
	}
	return strings.Join(names[:len(names)-1], ", ") + " and " + names[len(names)-1]
}

// weigh takes the pack's entries found in ps (hits) and returns the weight of what it
// found (distinct entries for a question, every mention for an essay) and
// the number of proper names (caps) the pack does not cover. It records the
// evidence in pe.
func (p *Pack) weigh(ps []piece, hits []hit, caps []capName, pe *packEvidence, question bool, covered []bool) (float64, float64) {
	var hit, outsiders float64
	clear(covered)
	var seen map[int32]bool
	if question {
		seen = map[int32]bool{}
	}
	for _, h := range hits {
		pt, i, n := h.pt, int(h.i), int(h.n)
		// A name inside a longer proper name ("Civil War" in "Chinese Civil
		// War") names something else.
		qualified := i > 0 && ps[i-1].upper && !covered[i-1] && (!neutralCaps[ps[i-1].key] || geoWords[ps[i-1].key]) &&
			(!ps[i-1].regnal || ordinals[ps[i-1].key]) && !(i == 1 || ps[i-2].key == barrierKey)
		// ...and so does a name that runs on into capitalised words the
		// pack does not know ("Truman" in "Truman Doctrine").
		if !qualified {
			qualified = runsOn(ps, i+n, p)
		}
		if !qualified {
			for k := i; k < i+n; k++ {
				covered[k] = true
			}
		}
		weights := p.weights
		if question {
			weights = p.qWeights
		}
		best := int32(-1)
		for _, r := range pt.refs {
			if best < 0 || weights[r] > weights[best] {
				best = r
			}
		}
		w := weights[best]
		if sh, ok := p.share[pt]; ok {
			w *= sh
		}
		switch {
		case qualified:
			w *= 0.2
		case p.own[countryKey(ps[i].key)] && (n == 1 || p.index.refs[best].kind == KindPlace):
			// The country the pack is about ("Germany" for the Germany
			// pack, "the Soviet Union" for the USSR pack) says a little
			// whatever its weight as a place.
			w = max(w*0.5, ownCountry)
		case n == 1 && neutralCaps[ps[i].key] && w < 0.5:
			// "France", "England": every topic of a country names it...
			w *= 0.1
		case n == 1 && neutralCaps[ps[i].key]:
			// ...though a country at the centre of the pack's events
			// (Italy for the Italy pack) still says something.
			w *= 0.5
		case n == 1 && !ps[i].upper:
			// One common word ("oath", "succession") is weaker evidence
			// than a name.
			w *= 0.5
		}
		switch kind := p.index.refs[best].kind; {
		case question && kind == KindPerson:
			if a, life := p.shares(p.index.refs[best].id); a < 0.25 || life < minLifeShare {
				a = min(a, life)
				// A person whose public life lies outside the pack's
				// period (Elizabeth I for the Mary I pack) is another
				// topic's: they count against the pack as an unknown
				// name would.
				pe.qOutsider = true
				outsiders += 1 - a
				w = 0
			}
			pe.qPerson = max(pe.qPerson, w)
		case question && kind == KindEvent && !qualified:
			pe.qEvent = true
			if ev, ok := p.Event(p.index.refs[best].id); ok && ev.When.Last().Year()-ev.When.First().Year() > 3 &&
				strings.Contains(ev.Name, "War") {
				// A long war ("First World War") is the background of
				// many topics: alone it does not settle one.
				pe.qBroad++
			}
		case !question && kind == KindPerson:
			if a, life := p.shares(p.index.refs[best].id); a < 0.25 || life < minLifeShare {
				a = min(a, life)
				outsiders += 1 - a
				w = 0
			} else {
				pe.ePersonW += w
				pe.ePersonN++
			}
		}
		ev := pe.evidence[best]
		if ev == nil {
			rf := p.index.refs[best]
			ev = &Evidence{Kind: rf.kind, ID: rf.id, Name: rf.name}
			pe.evidence[best] = ev
		}
		if question {
			ev.InQuestion = true
			if !seen[best] {
				hit += w
				pe.qN++
			}
			seen[best] = true
		} else {
			ev.Count++
			hit += w
		}
	}
	other := outsiders
	if question {
		// A country or people the pack never names ("Britain" for the
		// Russia pack) is another country's topic; the one in its title
		// ("the American colonists" for the pack on the American, French
		// and Haitian revolutions) is its own.
		var seenGeo []string
		for k, pc := range ps {
			g := countryKey(pc.key)
			if !pc.upper || covered[k] || !countryWords[g] || slices.Contains(seenGeo, g) {
				continue
			}
			seenGeo = append(seenGeo, g)
			switch {
			case p.own[g]:
				hit += ownCountry
				pe.qN++
				// Negative keys mark evidence that is no entry of the pack.
				pe.evidence[-int32(len(seenGeo))] = &Evidence{Kind: KindPlace, ID: g,
					Name: strings.ToUpper(g[:1]) + g[1:], InQuestion: true}
			case !p.geo[g]:
				other += foreignCountry
			}
		}
	}
	for _, c := range caps {
		uncovered := true
		for k := c.from; k < c.to; k++ {
			if covered[k] {
				uncovered = false
				break
			}
		}
		if uncovered {
			other += c.weight
		}
	}
	return hit, other
}

// runsOn reports whether the capitalised words from ps[j] on, skipping up
// to two neutral ones ("New", "Great"), reach a word the pack does not know:
// the name before j is then part of a longer name ("Truman Doctrine",
// "Kennedy's New Frontier").
func runsOn(ps []piece, j int, p *Pack) bool {
	for skipped := 0; j < len(ps) && ps[j].upper && !ps[j].regnal && !isDigits(ps[j].key); j++ {
		if !neutralCaps[ps[j].key] {
			return p.index.startsAt(ps, j, p.vocab) == 0
		}
		if skipped++; skipped > 2 || geoWords[ps[j].key] {
			return false
		}
	}
	return false
}

// capName is a run of capitalised words that is not at the start of a
// sentence and not a word every essay uses ("However", "King", "March"):
// a proper name some pack may or may not know.
type capName struct {
	from, to int
	// weight: a name of several words ("Cold War") says most about what a
	// text is about, one word less, an adjective ("Edwardian", "Soviet")
	// least.
	weight float64
}

func properNames(text string, ps []piece) []capName {
	var out []capName
	start, words := -1, 0
	flush := func(end int) {
		if start < 0 {
			return
		}
		w := 1.0
		if words == 1 {
			// One word: a surname ("Gorbachev") says as much as a longer
			// name; a plural or an adjective ("Nationalists", "Edwardian")
			// less, unless a regnal number follows ("Charles I").
			if k := text[ps[start].start:ps[start].end]; (adjectival(k) || plural(k)) && (end >= len(ps) || !ps[end].regnal) {
				w = 0.35
			}
		}
		out = append(out, capName{start, end, w})
		start, words = -1, 0
	}
	for i := 0; i <= len(ps); i++ {
		if i == len(ps) {
			flush(i)
			break
		}
		pc := ps[i]
		initial := i == 0 || ps[i-1].key == barrierKey
		capital := pc.upper && !initial && !pc.regnal && !isDigits(pc.key)
		switch {
		case capital && !neutralCaps[pc.key] && !geoPlural(text[pc.start:pc.end]):
			if start < 0 {
				start = i
			}
			words++
		case capital && start >= 0:
			// A neutral head continues a name: "Cold War", "Tennis Court".
			words++
		default:
			flush(i)
		}
	}
	return out
}

// geoPlural reports whether a word is the plural of a people ("Italians").
func geoPlural(w string) bool {
	return plural(w) && geoWords[lower(w[:len(w)-1])]
}

// plural reports whether a one-word name is a plural ("Romanovs",
// "Nationalists"): a group a pack may call by another name.
func plural(k string) bool {
	return len(k) > 3 && hasSuffixFold(k, "s") && !hasSuffixFold(k, "ss")
}

// hasSuffixFold is strings.HasSuffix ignoring ASCII case, without copying.
func hasSuffixFold(s, suf string) bool {
	if len(s) < len(suf) {
		return false
	}
	t := s[len(s)-len(suf):]
	for i := 0; i < len(suf); i++ {
		c := t[i]
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		if c != suf[i] {
			return false
		}
	}
	return true
}

// adjectival reports whether a capitalised word looks like an adjective of
// a people or an age ("Edwardian", "Tsarist"), which says less about a
// topic than a name. Words outside every pack's vocabulary are unknown and
// count as names.
func adjectival(k string) bool {
	for _, suf := range []string{"ian", "ist", "ish", "ese", "ic", "an"} {
		if len(k) > len(suf)+2 && hasSuffixFold(k, suf) {
			return true
		}
	}
	return false
}

// neutralCaps are capitalised words that say nothing about the topic: words
// that open sentences or clauses after a colon or a quotation, titles, and
// the heads of many names ("War", "Act").
var neutralCaps = func() map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(`how why what when which who whom whose where to in assess explain compare
		evaluate discuss examine analyse analyze consider the a an this that these those it its i was were did do
		does is are had has have by of on for from with as at after before during between and but or however
		although yet so thus therefore despite while whilst since because if also then there their they he she
		his her we our one two many most some all by overall firstly secondly finally furthermore moreover in
		january february march april may june july august september october november december monday tuesday
		wednesday thursday friday saturday sunday ad bc ce bce c mr mrs sir lord lady king queen tsar tsarina
		emperor empress pope president prince princess duke earl cardinal archbishop bishop saint st general
		protector commissar marshal admiral governor chairman premier ambassador consul dauphin viceroy regent
		kaiser führer fuhrer duce leader
		chancellor minister prime secretary war wars revolution revolutions act acts treaty battle council army
		empire republic party church state government parliament congress conference plan movement crisis
		north south east west northern southern eastern western new old great source sources historian
		historians view interpretation extract essay question answer conclusion introduction agree disagree
		how far extent valid validity accurate significant important successful important`) {
		m[w] = true
	}
	for w := range geoWords {
		m[w] = true
	}
	return m
}()

// countryWords are the geoWords that name a country or its people.
var countryWords = func() map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(`britain british england english scotland scottish wales welsh ireland irish
		france french germany german germans spain spanish italy italian italians russia russian russians america
		american americans india indian china chinese japan japanese soviet ussr`) {
		m[w] = true
	}
	return m
}()

// peoples gives a country's adjective or people and the other way round, so
// that a pack titled "America" is about "the American colonists".
var peoples = func() map[string][]string {
	m := map[string][]string{}
	for _, pair := range strings.Fields(`britain:british england:english scotland:scottish wales:welsh
		ireland:irish france:french germany:german spain:spanish italy:italian russia:russian america:american
		india:indian china:chinese japan:japanese ussr:soviet`) {
		a, b, _ := strings.Cut(pair, ":")
		m[a] = append(m[a], b)
		m[b] = append(m[b], a)
	}
	return m
}()

// countryKey is a country word in the singular ("americans" is "american").
func countryKey(k string) string {
	if strings.HasSuffix(k, "s") && countryWords[k[:len(k)-1]] {
		return k[:len(k)-1]
	}
	return k
}

// geoWords are countries, peoples and faiths: every topic of a country names
// them, so they neither show a topic nor count against one; but before a
// name they make it another thing ("the Chinese Civil War").
var geoWords = func() map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(`britain british england english scotland scottish wales welsh ireland irish france french germany
		german germans spain spanish italy italian russia russian russians europe european america american
		americans africa african asia asian india indian china chinese japan japanese europeans western
		christian christians catholic catholics protestant protestants jewish jews muslim muslims islam
		christianity world west east soviet united states italians indians scots spaniards`) {
		m[w] = true
	}
	return m
}()

// patternWeight is the weight of the most central entry a name refers to.
func (p *Pack) patternWeight(pt *pattern) float64 {
	w := 0.0
	for _, r := range pt.refs {
		w = max(w, p.weights[r])
	}
	return w
}

// centrality weighs each entry of the pack's index by how central it is to
// the topic, from 0.15 to 1: an event of the pack is its matter (1); a
// person, term, organisation or place by the share of the pack's events that
// involve it, relative to the most involved entry of its kind (Stalin in the
// Russia pack weighs 1, Hitler, in two of its events, little); historians
// write about many topics (0.3). Names of several entries take the highest.
func (p *Pack) centrality() []float64 {
	involved := map[string]int{}
	for _, e := range p.Events {
		for _, id := range e.People {
			involved[string(KindPerson)+"/"+id]++
		}
		for _, id := range e.Terms {
			involved[string(KindTerm)+"/"+id]++
			involved[string(KindOrganisation)+"/"+id]++
		}
		if e.Place != "" {
			involved[string(KindPlace)+"/"+e.Place]++
		}
	}
	most := map[Kind]int{}
	for _, r := range p.index.refs {
		most[r.kind] = max(most[r.kind], involved[string(r.kind)+"/"+r.id])
	}
	w := make([]float64, len(p.index.refs))
	for i, r := range p.index.refs {
		n := float64(involved[string(r.kind)+"/"+r.id])
		share := math.Sqrt((n + 1) / (0.4*float64(most[r.kind]) + 1))
		switch r.kind {
		case KindEvent:
			w[i] = 1
		case KindPerson:
			w[i] = clamp(share*p.activeShare(r.id), 0.1, 1)
		case KindTerm, KindOrganisation:
			w[i] = clamp(share, 0.35, 1)
		case KindPlace:
			w[i] = clamp(share, 0.15, 0.6)
		default:
			w[i] = 0.3
		}
	}
	return w
}

// questionCentrality is centrality for reading a question: what the pack's
// question guides name is its core matter ("the GDR", "the Berlin Wall" for
// the Germany 1945–1991 pack), whatever the share of its events. (An essay
// names such things in passing more often than a question does.)
func (p *Pack) questionCentrality() []float64 {
	w := slices.Clone(p.weights)
	for _, q := range p.Questions {
		for _, text := range append([]string{q.Text}, q.Variants...) {
			p.index.scanIndex(textPieces(text, nil), nil, func(pt *pattern, _, _ int) {
				for _, r := range pt.refs {
					if k := p.index.refs[r].kind; k != KindHistorian && k != KindPerson {
						w[r] = max(w[r], guideCentrality)
					}
				}
			})
		}
	}
	return w
}

// activeShare is how much of a person's public life lies in the pack's
// period: their offices, else their adult life, against the shortest of that
// life, the period and activeYears. Henry VIII, whose reign ended as the Mary I pack's
// period begins, is no sign that a question is about Mary's reign.
func (p *Pack) activeShare(id string) float64 {
	a, _ := p.shares(id)
	return a
}

// shares returns activeShare and the share of the person's whole public
// life that lies in the period: a question about Philip II as King of Spain
// (1556–1598) is not about the Mary I pack, though his four years as Mary's
// husband are.
func (p *Pack) shares(id string) (active, life float64) {
	per, ok := p.Person(id)
	if !ok {
		return 1, 1
	}
	from, to := 0, 0
	for _, o := range per.Offices {
		end := o.To
		if end.IsZero() {
			end = per.Died
		}
		if end.IsZero() {
			continue
		}
		if from == 0 || o.From.Year < from {
			from = o.From.Year
		}
		to = max(to, end.Year)
	}
	if from == 0 {
		switch {
		case !per.Born.IsZero() && !per.Died.IsZero():
			from, to = per.Born.Year+20, per.Died.Year
		case !per.Died.IsZero():
			from, to = per.Died.Year-40, per.Died.Year
		default:
			return 1, 1
		}
	}
	if to < from {
		return 1, 1
	}
	overlap := min(to, p.Period.To) - max(from, p.Period.From)
	// Ten years of public life inside the period is enough: Stalin's last
	// eight years are the beginning of the Cold War.
	span := min(to-from, p.Period.To-p.Period.From, activeYears)
	if span <= 0 {
		if overlap >= 0 {
			return 1, 1
		}
		return 0, 0
	}
	return clamp(float64(overlap)/float64(span), 0, 1), clamp(float64(overlap)/float64(to-from), 0, 1)
}

func clamp(x, lo, hi float64) float64 { return math.Max(lo, math.Min(hi, x)) }

// Choice is the detection as the report records it.
func (d Detection) Choice() *analysis.TopicChoice {
	c := &analysis.TopicChoice{By: d.By, Reason: d.Reason}
	if d.Pack == nil {
		c.By = "none"
		return c
	}
	c.ID, c.Title, c.Score = d.Pack.ID, d.Pack.Title, math.Round(d.Score*100)/100
	for _, p := range d.Packs {
		c.Packs = append(c.Packs, p.ID)
	}
	if d.Option != nil {
		c.Option = d.Option.Title
	}
	for _, e := range d.Evidence {
		c.Evidence = append(c.Evidence, e.Name)
	}
	return c
}

// Chosen is the record for a pack the request named.
func (p *Pack) Chosen() *analysis.TopicChoice {
	return &analysis.TopicChoice{ID: p.ID, Title: p.Title, Packs: []string{p.ID}, By: "request",
		Reason: "the request named this topic"}
}
