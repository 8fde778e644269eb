package history

import (
	_ "embed"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/clio-history/clio/analysis"
)

// commonWordsText lists lower-case English words that are also names in the
// packs ("Service", "Pipes", "Pole", "Conquest"). A one-word name whose lower
// case is listed here is matched only when written with a capital letter.
//
//go:embed common-words.txt
var commonWordsText string

var commonWords = func() map[string]bool {
	m := map[string]bool{}
	for _, line := range strings.Split(commonWordsText, "\n") {
		line = strings.TrimSpace(line)
		if line != "" && !strings.HasPrefix(line, "#") {
			m[line] = true
		}
	}
	return m
}()

// piece is one run of letters or digits: the unit names are matched on.
type piece struct {
	key        string // lower case; barrierKey or "," for punctuation
	start, end int    // byte offsets into the text
	upper      bool   // the run begins with an upper-case letter
	// regnal: the run is a regnal number ("IV", "VIII") or a capitalised
	// ordinal ("Fourth"), which makes "Edward IV" another person than the
	// "Edward" of a pack that knows only Edward VI.
	regnal bool
	// word is 1 + the key's number in the vocab the text was split with,
	// or 0 for a key outside it.
	word int32
}

// barrierKey marks punctuation or a sentence break that no name spans;
// unknownKey stands for a word that is in no name, so that scanning a text
// need not copy it.
const (
	barrierKey = "\x00"
	unknownKey = "\x01"
)

// vocab numbers every lower-case word that occurs in some name. With a
// vocab, splitting a text allocates nothing for its words: a word is either
// looked up without copying or replaced by unknownKey. A matcher bound to
// the vocab finds the names a word starts by its number, without hashing the
// word a second time. A nil *vocab keeps every word.
type vocab struct {
	ids  map[string]int32
	keys []string // by number
}

func newVocab() *vocab { return &vocab{ids: map[string]int32{}} }

func (v *vocab) add(w string) {
	if _, ok := v.ids[w]; !ok {
		v.ids[w] = int32(len(v.keys))
		v.keys = append(v.keys, w)
	}
}

// keyOf is the piece key of a run of letters or digits, with 1 + its number
// in voc (0 when it has none).
func keyOf(run string, voc *vocab) (string, int32) {
	if voc == nil {
		return lower(run), 0
	}
	var buf [48]byte
	if len(run) <= len(buf) {
		ascii := true
		for i := 0; i < len(run); i++ {
			c := run[i]
			if c >= utf8.RuneSelf {
				ascii = false
				break
			}
			if 'A' <= c && c <= 'Z' {
				c += 'a' - 'A'
			}
			buf[i] = c
		}
		if ascii {
			if id, ok := voc.ids[string(buf[:len(run)])]; ok {
				return voc.keys[id], id + 1
			}
			return unknownKey, 0
		}
	}
	if id, ok := voc.ids[lower(run)]; ok {
		return voc.keys[id], id + 1
	}
	return unknownKey, 0
}

func isDash(r rune) bool {
	switch r {
	case '-', '\u2010', '\u2011', '\u2012', '\u2013', '\u2014', '\u2015', '\u2212':
		return true
	}
	return false
}

func isApostrophe(r rune) bool {
	switch r {
	case '\'', '\u2019', '\u2018', '\u02BC', '\u201B', '\u2032':
		return true
	}
	return false
}

// appendRuns splits s (starting at byte base of the text) into pieces. In
// token mode s is one token and every non-alphanumeric character joins runs
// ("E.H.", "Brest-Litovsk"); otherwise full stops before spaces and other
// sentence punctuation become barriers. A possessive "s" after an apostrophe
// at the end of a word is dropped, so "Lenin’s" is the piece "lenin".
func appendRuns(ps []piece, s string, base int, tokenMode bool, voc *vocab) []piece {
	runStart := -1
	aposBefore := false
	initial := false // the last run was one capital letter, as in "E. H. Carr"
	flush := func(end int) {
		if runStart < 0 {
			return
		}
		run := s[runStart:end]
		var upper bool
		if c := run[0]; c < utf8.RuneSelf {
			upper = 'A' <= c && c <= 'Z'
			initial = upper && len(run) == 1
		} else {
			first, size := utf8.DecodeRuneInString(run)
			upper = unicode.IsUpper(first)
			initial = upper && size == len(run)
		}
		if aposBefore && (run == "s" || run == "S") {
			atWordEnd := end == len(s)
			if !atWordEnd {
				r, _ := utf8.DecodeRuneInString(s[end:])
				atWordEnd = !unicode.IsLetter(r) && !unicode.IsDigit(r) && !isApostrophe(r)
			}
			if atWordEnd {
				runStart = -1
				return
			}
		}
		key, word := keyOf(run, voc)
		ps = append(ps, piece{key: key, start: base + runStart, end: base + end, upper: upper, word: word, regnal: upper && isRegnal(run)})
		runStart = -1
	}
	for i, r := range s {
		if r < utf8.RuneSelf {
			if c := byte(r); 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' {
				if runStart < 0 {
					runStart = i
				}
				continue
			}
		} else if unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r) {
			if runStart < 0 {
				runStart = i
			}
			continue
		}
		wasRun := runStart >= 0
		flush(i)
		if !wasRun {
			initial = false
		}
		aposBefore = isApostrophe(r)
		switch {
		case r == ',':
			ps = append(ps, piece{key: ",", start: base + i, end: base + i + 1})
		case aposBefore || unicode.IsSpace(r):
		case isDash(r) && (tokenMode || (wasRun && i+utf8.RuneLen(r) < len(s) && !unicode.IsSpace(rune(s[i+utf8.RuneLen(r)])))):
			// A dash joining two words ("Molotov–Ribbentrop") joins; a
			// spaced dash separates.
		case r == '.' && (tokenMode || initial || (i+1 < len(s) && !unicode.IsSpace(rune(s[i+1])))):
		default:
			if len(ps) > 0 && ps[len(ps)-1].key != barrierKey {
				ps = append(ps, piece{key: barrierKey, start: base + i, end: base + i})
			}
		}
	}
	flush(len(s))
	return ps
}

func lower(s string) string {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= utf8.RuneSelf || ('A' <= c && c <= 'Z') {
			return strings.ToLower(s)
		}
	}
	return s
}

// docPieces turns a Document's tokens into pieces, with barriers between
// sentences and at punctuation other than commas and joining marks.
func docPieces(doc *analysis.Document, voc *vocab) []piece {
	ps := make([]piece, 0, len(doc.Tokens)+len(doc.Sentences))
	barrier := func(at int) {
		if len(ps) > 0 && ps[len(ps)-1].key != barrierKey {
			ps = append(ps, piece{key: barrierKey, start: at, end: at})
		}
	}
	sent := -1
	for _, t := range doc.Tokens {
		if t.Sentence != sent {
			barrier(t.Start)
			sent = t.Sentence
		}
		switch t.Kind {
		case analysis.KindWord, analysis.KindNumber:
			if !t.SpaceBefore && (t.Norm == "'s" || t.Norm == "'S" || t.Norm == "'") {
				continue // possessive: "Lenin" "’s"
			}
			if asciiAlnum(t.Text) {
				// Most tokens are one plain run, the piece appendRuns
				// would make, without its walk over the runes.
				key, word := keyOf(t.Text, voc)
				up := 'A' <= t.Text[0] && t.Text[0] <= 'Z'
				ps = append(ps, piece{key: key, start: t.Start, end: t.End, upper: up, word: word, regnal: up && isRegnal(t.Text)})
				continue
			}
			ps = appendRuns(ps, t.Text, t.Start, true, voc)
		case analysis.KindPunct:
			switch {
			case t.Norm == ",":
				ps = append(ps, piece{key: ",", start: t.Start, end: t.End})
			case !t.SpaceBefore && (t.Norm == "-" || t.Norm == "." || t.Norm == "'"):
			default:
				barrier(t.Start)
			}
		default:
			barrier(t.Start)
		}
	}
	return ps
}

// ordinals are the regnal ordinals written as words ("Henry the Eighth").
var ordinals = map[string]bool{"First": true, "Second": true, "Third": true, "Fourth": true, "Fifth": true,
	"Sixth": true, "Seventh": true, "Eighth": true, "Ninth": true, "Tenth": true, "Eleventh": true, "Twelfth": true}

// isRegnal reports whether run is a regnal number in capitals ("I", "IV",
// "VIII", "XIV") or a capitalised ordinal word.
func isRegnal(run string) bool {
	if ordinals[run] {
		return true
	}
	if run == "" || len(run) > 6 {
		return false
	}
	for i := 0; i < len(run); i++ {
		switch run[i] {
		case 'I', 'V', 'X', 'L':
		default:
			return false
		}
	}
	return true
}

// asciiAlnum reports whether s is non-empty and all ASCII letters and digits.
func asciiAlnum(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9') {
			return false
		}
	}
	return s != ""
}

// textPieces splits plain text (a question, or an essay not yet parsed).
func textPieces(s string, voc *vocab) []piece {
	return appendRuns(make([]piece, 0, len(s)/5+1), s, 0, false, voc)
}

// patternKeys splits a name into the keys it is matched on. A leading "the"
// is dropped ("the Triumvirate" is found as "Triumvirate").
func patternKeys(name string) ([]string, bool) {
	ps := appendRuns(nil, name, 0, true, nil)
	keys := make([]string, 0, len(ps))
	for _, p := range ps {
		if p.key != barrierKey {
			keys = append(keys, p.key)
		}
	}
	if len(keys) > 1 && keys[0] == "the" {
		keys = keys[1:]
		ps = ps[1:]
	}
	if len(keys) == 0 || keys[0] == "," {
		return nil, false
	}
	// One capitalised word that is also a common word ("Service") must be
	// written with its capital to count.
	cs := len(keys) == 1 && ps[0].upper && commonWords[keys[0]]
	return keys, cs
}

// nameKey is the form two names are compared in to find duplicates.
func nameKey(name string) string {
	keys, _ := patternKeys(name)
	return strings.Join(keys, " ")
}

type ref struct {
	kind Kind
	id   string
	name string
}

type pattern struct {
	keys []string
	cs   bool
	refs []int32
}

// matcher finds the leftmost-longest patterns in a run of pieces.
type matcher struct {
	first map[string][]*pattern // by first key, longest first
	all   map[string]*pattern   // by joined keys
	refs  []ref
	// bound is the vocab whose numbers byWord is indexed by: byWord[n] is 1
	// + the index in buckets of the patterns that start with word n, or 0.
	bound   *vocab
	byWord  []int32
	buckets [][]*pattern
}

// bind indexes the patterns by their first word's number in v, for texts
// split with v. Call it once the matcher is finished.
func (m *matcher) bind(v *vocab) {
	m.bound, m.byWord, m.buckets = v, make([]int32, len(v.keys)), make([][]*pattern, 0, len(m.first))
	for k, b := range m.first {
		if id, ok := v.ids[k]; ok {
			m.buckets = append(m.buckets, b)
			m.byWord[id] = int32(len(m.buckets))
		}
	}
}

// candidates are the patterns that start with piece pc of a text split with
// voc, longest first.
func (m *matcher) candidates(pc piece, voc *vocab) []*pattern {
	if voc == nil || voc != m.bound {
		return m.first[pc.key]
	}
	if pc.word == 0 {
		return nil
	}
	if b := m.byWord[pc.word-1]; b > 0 {
		return m.buckets[b-1]
	}
	return nil
}

func newMatcher() *matcher {
	return &matcher{first: map[string][]*pattern{}, all: map[string]*pattern{}}
}

func (m *matcher) addRef(r ref) int32 {
	m.refs = append(m.refs, r)
	return int32(len(m.refs) - 1)
}

// add registers name (and, with plural, its plural) for the ref r.
func (m *matcher) add(name string, r int32, plural bool) {
	keys, cs := patternKeys(name)
	if keys == nil {
		return
	}
	m.addKeys(keys, cs, r)
	if plural {
		last := keys[len(keys)-1]
		if !strings.HasSuffix(last, "s") && utf8.RuneCountInString(last) > 2 && !isDigits(last) {
			pl := append(append([]string(nil), keys[:len(keys)-1]...), plural1(last))
			m.addKeys(pl, cs, r)
		}
	}
}

func plural1(w string) string {
	if strings.HasSuffix(w, "y") && len(w) > 2 && !strings.ContainsRune("aeiou", rune(w[len(w)-2])) {
		return w[:len(w)-1] + "ies"
	}
	if strings.HasSuffix(w, "x") || strings.HasSuffix(w, "ch") || strings.HasSuffix(w, "sh") {
		return w + "es"
	}
	return w + "s"
}

func isDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

func (m *matcher) addKeys(keys []string, cs bool, r int32) {
	j := strings.Join(keys, " ")
	if p, ok := m.all[j]; ok {
		for _, x := range p.refs {
			if x == r {
				return
			}
		}
		p.refs = append(p.refs, r)
		p.cs = p.cs && cs
		return
	}
	p := &pattern{keys: keys, cs: cs, refs: []int32{r}}
	m.all[j] = p
	m.first[keys[0]] = append(m.first[keys[0]], p)
}

// finish orders each bucket longest first.
func (m *matcher) finish() {
	for _, b := range m.first {
		sort.SliceStable(b, func(i, j int) bool { return len(b[i].keys) > len(b[j].keys) })
	}
}

// startsAt returns the length in pieces of the longest pattern that starts
// at ps[i], or 0.
func (m *matcher) startsAt(ps []piece, i int, voc *vocab) int {
	for _, p := range m.candidates(ps[i], voc) {
		if p.matchesAt(ps, i) {
			return len(p.keys)
		}
	}
	return 0
}

// matchesAt reports whether the whole pattern lies at ps[i:]: its
// candidates are found by the first key, so the rest are compared here.
func (p *pattern) matchesAt(ps []piece, i int) bool {
	n := len(p.keys)
	if i+n > len(ps) || (p.cs && !ps[i].upper) {
		return false
	}
	for k := 1; k < n; k++ {
		if ps[i+k].key != p.keys[k] {
			return false
		}
	}
	return true
}

// scan calls emit for each leftmost-longest match in ps, split with voc.
func (m *matcher) scan(ps []piece, voc *vocab, emit func(p *pattern, start, end int)) {
	m.scanIndex(ps, voc, func(p *pattern, i, n int) { emit(p, ps[i].start, ps[i+n-1].end) })
}

// scanIndex is scan giving the matched pieces: ps[i:i+n].
func (m *matcher) scanIndex(ps []piece, voc *vocab, emit func(p *pattern, i, n int)) {
	for i := 0; i < len(ps); {
		if k := ps[i].key; len(k) == 1 && (k == unknownKey || k == barrierKey || k == ",") {
			i++
			continue
		}
		cands := m.candidates(ps[i], voc)
		var hit *pattern
		for _, p := range cands {
			if p.matchesAt(ps, i) {
				hit = p
				break
			}
		}
		if hit == nil || otherRegnal(ps, i, hit) {
			i++
			continue
		}
		n := len(hit.keys)
		emit(hit, i, n)
		i += n
	}
}

// otherRegnal reports whether the name hit at ps[i] is followed by a regnal
// number that the name does not carry ("Edward" of "Edward IV", "Henry the
// Eighth"): then it names another king, and the match is refused. A name
// that ends in its own number ("Edward VI") was matched whole, longest first.
func otherRegnal(ps []piece, i int, hit *pattern) bool {
	n := len(hit.keys)
	if last := ps[i+n-1]; last.regnal {
		return false
	}
	j := i + n
	if j < len(ps) && ps[j].regnal {
		return true
	}
	return j+1 < len(ps) && ps[j].key == "the" && ps[j+1].regnal
}

// build indexes a validated pack for lookup.
func (p *Pack) build() {
	p.byID = map[string]map[Kind]int{}
	m := newMatcher()
	entries := map[string]int32{} // name key -> ref, for expanding signals
	add := func(kind Kind, i int, id, name string, others []string, plural bool) {
		if p.byID[id] == nil {
			p.byID[id] = map[Kind]int{}
		}
		p.byID[id][kind] = i
		r := m.addRef(ref{kind: kind, id: id, name: name})
		for _, n := range append([]string{name}, others...) {
			m.add(n, r, plural)
			entries[nameKey(n)] = r
		}
	}
	for i, x := range p.People {
		add(KindPerson, i, x.ID, x.Name, x.Variants, false)
	}
	for i, x := range p.Events {
		add(KindEvent, i, x.ID, x.Name, x.Aliases, false)
	}
	for i, x := range p.Organisations {
		add(KindOrganisation, i, x.ID, x.Name, x.Variants, false)
	}
	for i, x := range p.Places {
		add(KindPlace, i, x.ID, x.Name, x.Variants, false)
	}
	for i, x := range p.Terms {
		add(KindTerm, i, x.ID, x.Name, x.Variants, true)
	}
	for i, x := range p.Historians {
		add(KindHistorian, i, x.ID, x.Name, x.Variants, false)
	}
	m.finish()
	p.index = m
	p.geo = map[string]bool{}
	p.own = map[string]bool{}
	// The country the title is about comes before its colon ("Germany
	// 1871–1945: …"); "the collapse of the Soviet Union" after it is not
	// the Cold War pack's own country.
	subject, _, _ := strings.Cut(p.Title, ":")
	for _, pc := range textPieces(subject, nil) {
		if k := countryKey(pc.key); countryWords[k] {
			for _, w := range append([]string{k}, peoples[k]...) {
				p.own[w] = true
				p.geo[w] = true
			}
		}
	}
	for _, pt := range m.all {
		for _, k := range pt.keys {
			if k = countryKey(k); countryWords[k] {
				p.geo[k] = true
			}
		}
	}
	p.weights = p.centrality()
	p.qWeights = p.questionCentrality()
	p.people = newMatcher()
	for _, x := range p.People {
		r := p.people.addRef(ref{kind: KindPerson, id: x.ID, name: x.Name})
		for _, n := range append([]string{x.Name}, x.Variants...) {
			p.people.add(n, r, false)
		}
	}
	p.people.finish()

	// Each question's signals; a signal that names an entry also matches the
	// entry's other names.
	p.guideDF = map[string]int{}
	for _, q := range p.Questions {
		seen := map[string]bool{}
		for _, t := range append([]string{q.Text}, q.Variants...) {
			for w := range contentWords(t) {
				seen[w] = true
			}
		}
		for w := range seen {
			p.guideDF[w]++
		}
	}

	p.factors = map[string]*matcher{}
	for _, q := range p.Questions {
		fm := newMatcher()
		for _, f := range q.Factors {
			r := fm.addRef(ref{kind: "factor", id: f.ID, name: f.Name})
			for _, s := range f.Signals {
				fm.add(s, r, true)
				if e, ok := entries[nameKey(s)]; ok {
					for _, n := range m.namesOf(e) {
						fm.add(n, r, false)
					}
				}
			}
		}
		fm.finish()
		p.factors[q.ID] = fm
	}

	p.vocab = newVocab()
	for _, mm := range append([]*matcher{m, p.people}, mapValues(p.factors)...) {
		for _, pt := range mm.all {
			for _, k := range pt.keys {
				p.vocab.add(k)
			}
		}
	}
	p.bind(p.vocab)
}

// bind sets the vocab the pack splits texts with and binds its matchers to
// it.
func (p *Pack) bind(v *vocab) {
	p.vocab = v
	p.index.bind(v)
	p.people.bind(v)
	for _, fm := range p.factors {
		fm.bind(v)
	}
}

func mapValues(m map[string]*matcher) []*matcher {
	out := make([]*matcher, 0, len(m))
	for _, v := range m {
		out = append(out, v)
	}
	return out
}

// namesOf returns every pattern (as text) that refers to ref r.
func (m *matcher) namesOf(r int32) []string {
	var out []string
	for j, p := range m.all {
		for _, x := range p.refs {
			if x == r {
				out = append(out, j)
			}
		}
	}
	sort.Strings(out)
	return out
}

// Mentions finds the pack's people, events, organisations, places, terms and
// historians named in doc, in text order. Names are matched on whole words,
// ignoring case (except one-word names that are also common words), across
// possessives ("Lenin’s") and hyphens; a name never spans a sentence break.
func (p *Pack) Mentions(doc *analysis.Document) []Mention {
	if doc == nil {
		return nil
	}
	return p.mentions(docPieces(doc, p.vocab), p.vocab)
}

// Text is a Document split once into the words names are matched on, so
// that several packs of one Library (a topic pack and the historiography
// guide, say) can be looked up in it without splitting it again.
type Text struct {
	doc *analysis.Document
	lib *Library
	ps  []piece // split with lib.vocab
}

// Split splits doc for the library's packs. doc must not be nil.
func (l *Library) Split(doc *analysis.Document) *Text {
	return &Text{doc: doc, lib: l, ps: docPieces(doc, l.vocab)}
}

// pieces returns t's pieces when they were split with p's vocabulary (p is
// one of the library's packs), or splits t's document for p; and the
// vocabulary they were split with.
func (t *Text) pieces(p *Pack) ([]piece, *vocab) {
	if q, ok := t.lib.byID[p.ID]; ok && q == p {
		return t.ps, t.lib.vocab
	}
	return docPieces(t.doc, p.vocab), p.vocab
}

// MentionsIn is Mentions for a split document.
func (p *Pack) MentionsIn(t *Text) []Mention { return p.mentions(t.pieces(p)) }

// MentionsText is Mentions for text that has not been parsed.
func (p *Pack) MentionsText(text string) []Mention {
	return p.mentions(textPieces(text, p.vocab), p.vocab)
}

func (p *Pack) mentions(ps []piece, voc *vocab) []Mention {
	var out []Mention
	p.index.scan(ps, voc, func(pt *pattern, start, end int) {
		for _, r := range pt.refs {
			rf := p.index.refs[r]
			out = append(out, Mention{Kind: rf.kind, ID: rf.id, Name: rf.name, Span: analysis.Span{Start: start, End: end}})
		}
	})
	return out
}

// PeopleText finds the pack's people named in text, as Mentions does but
// looking for people only, so that a person inside a longer name of another
// entry ("Lenin" in the event alias "Lenin returns to Russia") is found.
func (p *Pack) PeopleText(text string) []Mention {
	var out []Mention
	p.people.scan(textPieces(text, p.vocab), p.vocab, func(pt *pattern, start, end int) {
		for _, r := range pt.refs {
			rf := p.people.refs[r]
			out = append(out, Mention{Kind: rf.kind, ID: rf.id, Name: rf.name, Span: analysis.Span{Start: start, End: end}})
		}
	})
	return out
}

// Signal is a place where a question's factor is signalled.
type Signal struct {
	// Factor is the factor's id.
	Factor string `json:"factor"`
	analysis.Span
}

// Signals finds where doc signals the factors of question guide q (which must
// belong to p), in text order.
func (p *Pack) Signals(doc *analysis.Document, q *QuestionGuide) []Signal {
	if doc == nil || q == nil {
		return nil
	}
	return p.signals(func() ([]piece, *vocab) { return docPieces(doc, p.vocab), p.vocab }, q)
}

// SignalsIn is Signals for a split document.
func (p *Pack) SignalsIn(t *Text, q *QuestionGuide) []Signal {
	if q == nil {
		return nil
	}
	return p.signals(func() ([]piece, *vocab) { return t.pieces(p) }, q)
}

// signals finds q's factors in the pieces, split only when q has factors.
func (p *Pack) signals(pieces func() ([]piece, *vocab), q *QuestionGuide) []Signal {
	fm := p.factors[q.ID]
	if fm == nil {
		return nil
	}
	var out []Signal
	ps, voc := pieces()
	fm.scan(ps, voc, func(pt *pattern, start, end int) {
		for _, r := range pt.refs {
			out = append(out, Signal{Factor: fm.refs[r].id, Span: analysis.Span{Start: start, End: end}})
		}
	})
	return out
}
