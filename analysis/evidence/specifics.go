package evidence

import (
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/clio-history/clio/analysis"
)

// specific is one piece of specific support found in the essay.
type specific struct {
	span     analysis.Span
	kind     kind
	key      string // identity: two specifics with one key are one piece of evidence
	sentence int
	// statistic marks a number with a unit or a count of two sides
	// ("559 votes to 65", "40%").
	statistic bool
	// subject marks a name the question itself contains ("Stalin" for "Why
	// did Stalin emerge…"): naming the question's subject supports nothing.
	subject bool
	// from and to are the years of a pack event, or 0.
	from, to int
}

// detector finds specifics in a parsed essay. It is built for one Analyze
// call and never shared.
type detector struct {
	doc *analysis.Document
	// claimed marks token indices already part of a specific, so a name
	// detector does not count "October" in "25 October 1917" again.
	claimed []bool
	// subjectWords are the capitalised words of the question.
	subjectWords map[string]bool
	sourceBased  bool
	// lowerSeen are words the essay also writes in lower case: a capital
	// at the start of a sentence does not make them names.
	lowerSeen map[string]bool
	// lowers are the tokens' Norm in lower case.
	lowers []string
	// lead marks tokens that, with all before them in their sentence, are
	// punctuation or connectives (see initial).
	lead []bool
	// capSeen maps words written with a capital inside a sentence to the
	// first paragraph where that happens: "Trotsky" opening a sentence is a
	// name if the essay has already written "… Trotsky" mid-sentence. Only
	// earlier paragraphs count, so text appended later changes nothing.
	capSeen map[string]int
	out     []specific
}

func newDetector(doc *analysis.Document, question string) *detector {
	// Sized for the distinct words of an essay (about one token in four),
	// so the map does not regrow as it fills.
	lowerSeen := make(map[string]bool, len(doc.Tokens)/4)
	lowers := make([]string, len(doc.Tokens))
	for i, t := range doc.Tokens {
		lowers[i] = lowerASCII(t.Norm)
		if r, _ := utf8.DecodeRuneInString(t.Text); t.Kind == analysis.KindWord && unicode.IsLower(r) {
			lowerSeen[lowers[i]] = true
		}
	}
	d := &detector{doc: doc, claimed: make([]bool, len(doc.Tokens)), lowerSeen: lowerSeen, lowers: lowers, lead: leads(doc, lowers),
		subjectWords: capitalisedWords(question), sourceBased: isSourceBased(question), capSeen: map[string]int{}}
	for si, sent := range doc.Sentences {
		for i := sent.Tokens.Start; i < sent.Tokens.End; i++ {
			t := doc.Tokens[i]
			if t.Kind != analysis.KindWord || !upperFirst(t.Text) || d.initial(i, sent.Tokens.Start) {
				continue
			}
			if _, ok := d.capSeen[lowers[i]]; !ok {
				d.capSeen[lowers[i]] = doc.Sentences[si].Paragraph
			}
		}
	}
	return d
}

// capitalisedWords returns the lower-cased capitalised words of the question
// other than its first word and function words.
func capitalisedWords(q string) map[string]bool {
	out := map[string]bool{}
	first := true
	for _, w := range strings.FieldsFunc(analysis.Normalize(q), func(r rune) bool {
		return !unicode.IsLetter(r) && r != '\'' && r != '-'
	}) {
		w = strings.TrimSuffix(strings.Trim(w, "'-"), "'s")
		if w == "" {
			continue
		}
		r, _ := utf8.DecodeRuneInString(w)
		lw := strings.ToLower(w)
		if unicode.IsUpper(r) && !first && !stopwords[lw] && len(lw) > 1 {
			out[lw] = true
		}
		first = false
	}
	return out
}

func isSourceBased(q string) bool {
	for _, w := range strings.FieldsFunc(strings.ToLower(q), func(r rune) bool { return !unicode.IsLetter(r) }) {
		switch w {
		case "source", "sources", "extract", "extracts", "interpretation", "interpretations":
			return true
		}
	}
	return false
}

func (d *detector) add(s specific) { d.out = append(d.out, s) }

func (d *detector) claim(from, to int) {
	for i := from; i < to; i++ {
		d.claimed[i] = true
	}
}

// spanOf is the byte span from token i to token j inclusive.
func (d *detector) spanOf(i, j int) analysis.Span {
	return analysis.Span{Start: d.doc.Tokens[i].Start, End: d.doc.Tokens[j].End}
}

func (d *detector) keyOf(i, j int) string {
	var b strings.Builder
	for k := i; k <= j; k++ {
		t := d.doc.Tokens[k]
		if t.Kind == analysis.KindPunct && t.Norm != "%" && t.Norm != "-" {
			continue
		}
		if b.Len() > 0 && t.SpaceBefore {
			b.WriteByte(' ')
		}
		b.WriteString(strings.ToLower(t.Norm))
	}
	return b.String()
}

// detect runs every detector in order of confidence: pack mentions first,
// then dates and numbers, historians, quotations, sources, and last the
// capitalised names nothing else explained.
func (d *detector) detect(ms []mention) []specific {
	d.mentions(ms)
	for si := range d.doc.Sentences {
		d.datesAndNumbers(si)
	}
	for si := range d.doc.Sentences {
		d.historians(si)
	}
	for pi := range d.doc.Paragraphs {
		d.quotations(pi)
	}
	if d.sourceBased {
		for si := range d.doc.Sentences {
			d.sources(si)
		}
	}
	for si := range d.doc.Sentences {
		d.names(si)
	}
	return d.out
}

// mentions turns pack mentions into specifics and claims their tokens.
func (d *detector) mentions(ms []mention) {
	for _, m := range ms {
		if m.span.Start < 0 || m.span.End > len(d.doc.Text) || m.span.Start >= m.span.End {
			continue
		}
		si := d.doc.SentenceAt(m.span.Start)
		if si < 0 {
			continue
		}
		first, last := d.tokensIn(m.span)
		if first < 0 {
			continue
		}
		if d.claimed[first] {
			continue
		}
		d.claim(first, last+1)
		subject := (m.kind == kindPerson || m.kind == kindGroup || m.kind == kindName) && d.isSubject(first, last)
		d.add(specific{span: m.span, kind: m.kind, key: m.kind.String() + ":" + m.key, sentence: si,
			subject: subject, from: m.from, to: m.to})
	}
}

// tokensIn returns the first and last token indices inside span, or -1.
func (d *detector) tokensIn(span analysis.Span) (int, int) {
	toks := d.doc.Tokens
	lo, hi := 0, len(toks)
	for lo < hi {
		mid := (lo + hi) / 2
		if toks[mid].End <= span.Start {
			lo = mid + 1
		} else {
			hi = mid
		}
	}
	first, last := -1, -1
	for i := lo; i < len(toks) && toks[i].Start < span.End; i++ {
		if toks[i].Start >= span.Start && toks[i].End <= span.End {
			if first < 0 {
				first = i
			}
			last = i
		}
	}
	return first, last
}

// isSubject reports whether the capitalised words of tokens i..j include a
// capitalised word of the question.
func (d *detector) isSubject(i, j int) bool {
	for k := i; k <= j; k++ {
		w := strings.ToLower(d.doc.Tokens[k].Norm)
		if d.subjectWords[w] {
			return true
		}
	}
	return false
}

func (d *detector) sentenceRange(si int) (int, int) {
	r := d.doc.Sentences[si].Tokens
	return r.Start, r.End
}

func (d *detector) lower(i int) string { return d.lowers[i] }

// isYear reports whether a number token reads as a year or a span of years:
// "1922", "1924-29", "1920s".
func isYear(norm string) bool {
	s := strings.TrimSuffix(norm, "s")
	if a, b, ok := strings.Cut(s, "-"); ok {
		return isYear(a) && (len(b) == 2 || len(b) == 4) && allDigits(b)
	}
	if len(s) != 4 || !allDigits(s) {
		return false
	}
	y, _ := strconv.Atoi(s)
	return y >= 1000 && y <= 2099
}

func allDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

func isOrdinal(norm string) bool {
	for _, suf := range []string{"st", "nd", "rd", "th"} {
		if strings.HasSuffix(strings.ToLower(norm), suf) && allDigits(norm[:len(norm)-2]) {
			return true
		}
	}
	return false
}

func (d *detector) isNumberAt(i, end int) bool {
	if i >= end {
		return false
	}
	t := d.doc.Tokens[i]
	return t.Kind == analysis.KindNumber && !isOrdinal(t.Norm)
}

// datesAndNumbers finds dates ("1922", "25 October 1917", "the 1920s") and
// figures ("25 million", "40%", "559 votes to 65") in sentence si.
func (d *detector) datesAndNumbers(si int) {
	start, end := d.sentenceRange(si)
	toks := d.doc.Tokens
	for i := start; i < end; i++ {
		if d.claimed[i] {
			continue
		}
		t := toks[i]
		lw := d.lower(i)
		switch {
		case months[lw] && upperFirst(t.Text):
			// Month with a day or year beside it: "October 1917", "25 October 1917", "May 1st".
			from, to := i, i
			if i > start && d.isNumberAt(i-1, end) && !d.claimed[i-1] && dayNumber(toks[i-1].Norm) {
				from = i - 1
			}
			if i+1 < end && toks[i+1].Kind == analysis.KindNumber && (dayNumber(toks[i+1].Norm) || isYear(toks[i+1].Norm) || isOrdinal(toks[i+1].Norm)) {
				to = i + 1
				if to+2 < end && toks[to+1].Norm == "," && isYear(toks[to+2].Norm) {
					to += 2
				} else if to+1 < end && isYear(toks[to+1].Norm) && !isYear(toks[to].Norm) {
					to++
				}
			}
			if from == i && to == i {
				continue
			}
			d.claim(from, to+1)
			d.add(specific{span: d.spanOf(from, to), kind: kindDate, key: "date:" + d.keyOf(from, to), sentence: si})
			i = to
		case t.Kind == analysis.KindNumber && isYear(t.Norm) && !d.followedByCountNoun(i, end):
			d.claim(i, i+1)
			d.add(specific{span: d.spanOf(i, i), kind: kindDate, key: "date:" + strings.ToLower(t.Norm), sentence: si})
		case t.Kind == analysis.KindNumber && isOrdinal(t.Norm):
			// "14th Party Congress" is part of a name; the name detector takes it.
		case t.Kind == analysis.KindNumber:
			if i > start && sourceLabels[d.lower(i-1)] {
				continue // "Source 2"
			}
			if i+1 < end && months[d.lower(i+1)] && upperFirst(toks[i+1].Text) && dayNumber(t.Norm) {
				continue // "25 October 1917": the month takes its day
			}
			d.number(si, i, end)
		case numberWords[lw] && i+1 < end && (units[d.lower(i+1)] || d.lower(i+1) == "per"):
			d.number(si, i, end)
		}
	}
}

func dayNumber(norm string) bool {
	n := strings.TrimRight(strings.ToLower(norm), "stndrh")
	if !allDigits(n) {
		return false
	}
	v, _ := strconv.Atoi(n)
	return v >= 1 && v <= 31
}

func upperFirst(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return unicode.IsUpper(r)
}

// followedByCountNoun tells a quantity ("1500 soldiers") from a year.
func (d *detector) followedByCountNoun(i, end int) bool {
	return i+1 < end && d.doc.Tokens[i+1].Tag == "NNS" && !upperFirst(d.doc.Tokens[i+1].Text)
}

// number reads a figure starting at token i: an optional currency sign, the
// number, a unit, and an optional second side ("559 votes to just 65").
func (d *detector) number(si, i, end int) {
	toks := d.doc.Tokens
	from, to := i, i
	if i > 0 && toks[i-1].Kind == analysis.KindSymbol && !d.claimed[i-1] && toks[i-1].Sentence == si {
		from = i - 1 // "£", "$"
	}
	stat := strings.HasSuffix(toks[i].Norm, "%")
	// Units: "25 million", "40 per cent", "40 %", "five million tonnes".
	for to+1 < end {
		w := d.lower(to + 1)
		if units[w] {
			to++
			stat = true
			continue
		}
		if w == "per" && to+2 < end && (d.lower(to+2) == "cent" || d.lower(to+2) == "annum") {
			to += 2
			stat = true
			continue
		}
		break
	}
	// A count of two sides: up to three words, "to"/"against"/"out of", then a number.
	for j := to + 1; j < end && j <= to+4; j++ {
		w := d.lower(j)
		if versus[w] {
			k := j + 1
			if w == "out" && k < end && d.lower(k) == "of" {
				k++
			}
			for k < end && softeners[d.lower(k)] && k <= j+3 {
				k++
			}
			if d.isNumberAt(k, end) && !isYear(toks[k].Norm) && !d.claimed[k] {
				to = k
				for to+1 < end && (units[d.lower(to+1)] || toks[to+1].Norm == "%") {
					to++
				}
				stat = true
			}
			break
		}
		if toks[j].Kind != analysis.KindWord || d.claimed[j] {
			break
		}
	}
	d.claim(from, to+1)
	d.add(specific{span: d.spanOf(from, to), kind: kindNumber, key: "number:" + d.keyOf(from, to),
		sentence: si, statistic: stat})
}

// initial reports whether token i opens its sentence, looking through
// punctuation and connectives: "However, Collectivisation…" starts with
// "Collectivisation" as far as capitals go.
func (d *detector) initial(i, start int) bool {
	if i == start {
		return true
	}
	if !d.lead[i-1] {
		return false
	}
	return d.doc.Tokens[i-1].Kind == analysis.KindPunct || connectives[d.lower(i-1)]
}

// leads marks each token that, with every token before it in its sentence,
// is punctuation or a connective.
func leads(doc *analysis.Document, lowers []string) []bool {
	out := make([]bool, len(doc.Tokens))
	for _, sent := range doc.Sentences {
		for k := sent.Tokens.Start; k < sent.Tokens.End; k++ {
			lw := lowers[k]
			if doc.Tokens[k].Kind != analysis.KindPunct && !connectives[lw] && !connectivePhrase[lw] {
				break
			}
			out[k] = true
		}
	}
	return out
}

// capital reports whether token i can be part of a proper name.
func (d *detector) capital(i, start int) bool {
	t := d.doc.Tokens[i]
	if t.Kind != analysis.KindWord || !upperFirst(t.Text) || notNames[d.lower(i)] {
		return false
	}
	if d.initial(i, start) {
		if d.lowerSeen[d.lower(i)] {
			return false
		}
		if t.Tag == "NNP" || t.Tag == "NNPS" {
			return true
		}
		p, ok := d.capSeen[d.lower(i)]
		return ok && p <= d.doc.Sentences[t.Sentence].Paragraph
	}
	return true
}

// names finds runs of capitalised words that nothing else explained: "the
// Fourteenth Party Congress", "Kamenev", "Treaty of Brest-Litovsk".
func (d *detector) names(si int) {
	start, end := d.sentenceRange(si)
	toks := d.doc.Tokens
	for i := start; i < end; i++ {
		if d.claimed[i] {
			continue
		}
		ordinalStart := toks[i].Kind == analysis.KindNumber && isOrdinal(toks[i].Norm) &&
			i+1 < end && !d.claimed[i+1] && d.capitalMid(i+1)
		if !ordinalStart && !d.capital(i, start) {
			continue
		}
		j := i
		for j+1 < end && !d.claimed[j+1] {
			if d.capitalMid(j + 1) {
				j++
				continue
			}
			// Joiners inside a name: "Dictatorship of the Proletariat".
			k := j + 1
			if k < end && nameJoiners[toks[k].Norm] && toks[k].Norm != "the" && toks[k].Norm != "and" {
				k++
				if k < end && toks[k].Norm == "the" {
					k++
				}
			}
			if k > j+1 && k < end && !d.claimed[k] && d.capitalMid(k) {
				j = k
				continue
			}
			break
		}
		words := j - i + 1
		lw := d.lower(i)
		if words == 1 && (months[lw] || weekdays[lw] || toks[i].Tag == "JJ" || len(toks[i].Norm) < 2) {
			continue
		}
		k := kindName
		if words == 1 && toks[i].Tag == "NNPS" {
			k = kindGroup
		}
		d.claim(i, j+1)
		d.add(specific{span: d.spanOf(i, j), kind: k, key: "name:" + trimThe(d.keyOf(i, j)),
			sentence: si, subject: d.isSubjectName(i, j)})
		i = j
	}
}

// capitalMid is capital for a token inside a name, where sentence position
// does not matter.
func (d *detector) capitalMid(i int) bool {
	t := d.doc.Tokens[i]
	return t.Kind == analysis.KindWord && upperFirst(t.Text) && !notNames[d.lower(i)]
}

// isSubjectName: a name is the question's subject when all its words are
// question words ("Stalin", "Russia"); "Stalin's Russia" likewise, but not
// "Lenin's Testament".
func (d *detector) isSubjectName(i, j int) bool {
	for k := i; k <= j; k++ {
		w := d.lower(k)
		if nameJoiners[w] {
			continue
		}
		if !d.subjectWords[strings.TrimSuffix(w, "'s")] {
			return false
		}
	}
	return true
}

func trimThe(s string) string { return strings.TrimPrefix(s, "the ") }

// historians finds references to historians and their views: "Service
// argues", "according to Conquest", "historians such as Deutscher", "the
// historian Fitzpatrick", "Carr's interpretation".
func (d *detector) historians(si int) {
	start, end := d.sentenceRange(si)
	toks := d.doc.Tokens
	mentionsHistorian := false
	for i := start; i < end; i++ {
		if historianWords[d.lower(i)] {
			mentionsHistorian = true
		}
	}
	addRun := func(i int) int {
		// A name run starting at i: capitalised words, the last of which is the key.
		j := i
		for j+1 < end && d.capitalMid(j+1) && !d.claimed[j+1] {
			j++
		}
		if d.claimed[i] || d.isSubjectName(i, j) {
			return i
		}
		d.claim(i, j+1)
		d.add(specific{span: d.spanOf(i, j), kind: kindHistorian, key: "historian:" + d.lower(j), sentence: si})
		return j
	}
	for i := start; i < end; i++ {
		lw := d.lower(i)
		switch {
		case lw == "according" && i+2 < end && d.lower(i+1) == "to" && d.capitalMid(i+2) && !d.claimed[i+2]:
			i = addRun(i + 2)
		case (lw == "historian" || lw == "historians" || lw == "biographer") && i+1 < end:
			// "the historian Robert Service", "historians such as Carr and Deutscher"
			j := i + 1
			if j+1 < end && d.lower(j) == "such" && d.lower(j+1) == "as" {
				j += 2
			} else if j < end && (d.lower(j) == "," || d.lower(j) == "like" || d.lower(j) == "including") {
				j++
			}
			for j < end && d.capitalMid(j) && !d.claimed[j] {
				j = addRun(j) + 1
				if j < end && (d.lower(j) == "and" || d.lower(j) == ",") && j+1 < end && d.capitalMid(j+1) {
					j++
					continue
				}
				break
			}
		case d.capitalMid(i) && !d.claimed[i] && d.couldBeHistorian(i, start):
			j := i
			for j+1 < end && d.capitalMid(j+1) && !d.claimed[j+1] {
				j++
			}
			next := j + 1
			possessive := next < end && (toks[next].Norm == "'s" || toks[next].Norm == "'") && next+1 < end && viewNouns[d.lower(next+1)]
			if next < end && (reportingPresent[d.lower(next)] || (mentionsHistorian && reportingPast[d.lower(next)]) || (possessive && mentionsHistorian)) {
				addRun(i)
			}
			i = j
		}
	}
}

func (d *detector) couldBeHistorian(i, start int) bool {
	if d.initial(i, start) {
		t := d.doc.Tokens[i].Tag
		return (t == "NNP" || t == "NNPS") && !d.lowerSeen[d.lower(i)]
	}
	return true
}

// quotations finds text in quotation marks of three words or more.
func (d *detector) quotations(pi int) {
	p := d.doc.Paragraphs[pi]
	text := d.doc.Text[p.Start:p.End]
	type quote struct{ open, close string }
	for _, q := range []quote{{"\u201C", "\u201D"}, {"\"", "\""}, {"\u2018", "\u2019"}, {"'", "'"}} {
		off := 0
		for off < len(text) {
			o := indexOpen(text, off, q.open)
			if o < 0 {
				break
			}
			c := indexClose(text, o+len(q.open), q.close)
			if c < 0 {
				break
			}
			inner := text[o+len(q.open) : c]
			off = c + len(q.close)
			if len(strings.Fields(inner)) < 3 {
				continue
			}
			span := analysis.Span{Start: p.Start + o, End: p.Start + c + len(q.close)}
			si := d.doc.SentenceAt(span.Start)
			if si < 0 {
				continue
			}
			key := strings.ToLower(strings.Join(strings.FieldsFunc(analysis.Normalize(inner), func(r rune) bool {
				return !unicode.IsLetter(r) && !unicode.IsDigit(r)
			}), " "))
			d.add(specific{span: span, kind: kindQuotation, key: "quotation:" + key, sentence: si})
		}
	}
}

// indexOpen finds an opening quote at or after off: at the start of the
// paragraph or after a space or bracket, and followed by a non-space.
func indexOpen(text string, off int, open string) int {
	for off < len(text) {
		i := strings.Index(text[off:], open)
		if i < 0 {
			return -1
		}
		i += off
		before, _ := utf8.DecodeLastRuneInString(text[:i])
		after, _ := utf8.DecodeRuneInString(text[i+len(open):])
		if (i == 0 || unicode.IsSpace(before) || strings.ContainsRune("([\u2014-:", before)) && i+len(open) < len(text) && !unicode.IsSpace(after) {
			return i
		}
		off = i + len(open)
	}
	return -1
}

// indexClose finds the closing quote: not inside a word ("Lenin's"), so it
// is followed by a space, punctuation or the end.
func indexClose(text string, off int, closeQ string) int {
	for off < len(text) {
		i := strings.Index(text[off:], closeQ)
		if i < 0 {
			return -1
		}
		i += off
		after, _ := utf8.DecodeRuneInString(text[i+len(closeQ):])
		if i+len(closeQ) == len(text) || !unicode.IsLetter(after) && !unicode.IsDigit(after) {
			return i
		}
		off = i + len(closeQ)
	}
	return -1
}

// sources finds references to the sources of a source-based question:
// "Source A", "the extract", and words that weigh provenance.
func (d *detector) sources(si int) {
	start, end := d.sentenceRange(si)
	toks := d.doc.Tokens
	for i := start; i < end; i++ {
		if d.claimed[i] {
			continue
		}
		lw := d.lower(i)
		switch {
		case sourceLabels[lw] && i+1 < end && isLabel(toks[i+1].Norm):
			d.claim(i, i+2)
			d.add(specific{span: d.spanOf(i, i+1), kind: kindSource, key: "source:" + d.keyOf(i, i+1), sentence: si})
			i++
		case sourceLabels[lw] && i > start && (d.lower(i-1) == "the" || d.lower(i-1) == "this" || d.lower(i-1) == "these"):
			d.claim(i, i+1)
			d.add(specific{span: d.spanOf(i-1, i), kind: kindSource, key: "source:" + d.lower(i), sentence: si})
		case provenanceWords[lw]:
			d.claim(i, i+1)
			d.add(specific{span: d.spanOf(i, i), kind: kindProvenance, key: "provenance:" + lw, sentence: si})
		}
	}
}

// isLabel: "A", "B", "1", "2".
func isLabel(s string) bool {
	if len(s) == 1 && s[0] >= 'A' && s[0] <= 'H' {
		return true
	}
	return len(s) <= 2 && allDigits(s)
}
