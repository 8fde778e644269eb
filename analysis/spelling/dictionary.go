package spelling

import (
	"bytes"
	"compress/gzip"
	"embed"
	"fmt"
	"io"
	"maps"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"
)

//go:embed data/words.tsv.gz data/history.txt
var dataFS embed.FS

// Locales.
const (
	LocaleGB = "en-GB"
	LocaleUS = "en-US"
)

// Where a spelling is used.
const (
	locGB   uint8 = 1
	locUS   uint8 = 2
	locBoth       = locGB | locUS
)

// Tiers of commonness: SCOWL sizes 35, 50, 70 and 80. Tier 4 words are
// accepted but never suggested: they are rare, and many of them look like
// misspellings of common words.
const (
	tierCommon  = 1
	tierNames   = 2
	maxSuggTier = 3
)

// wordInfo is what the dictionary knows about one lower-case form.
type wordInfo struct {
	// Display is the form to suggest: the lower-case one when the lists have
	// it, otherwise the listed capitalisation ("Trotsky", "USSR").
	Display string
	// HasLower reports whether the word may be written in lower case.
	HasLower bool
	Tier     uint8
	Loc      uint8
	// Name reports whether the word came from the history lexicon or the
	// caller's names.
	Name  bool
	Count uint32
	// Size is the smallest of SCOWL's finer list sizes (10, 20, 35, 40,
	// 50, 55, 60, 70) that holds the word, 0 when unknown: a finer measure
	// of commonness than Tier for ranking suggestions.
	Size uint8
}

// minSize is the smaller of two sizes, where 0 means unknown.
func minSize(a, b uint8) uint8 {
	switch {
	case a == 0:
		return b
	case b == 0:
		return a
	}
	return min(a, b)
}

// dictionary is the read-only word list shared by every Analyzer of a process
// (base) or of one Analyzer (base plus the caller's names).
type dictionary struct {
	words map[string]*wordInfo
	// toGB and toUS map an American spelling to its British form and back,
	// keyed and valued in lower case.
	toGB, toUS map[string]string
	// lexiconEntries is the number of entries in the history lexicon.
	lexiconEntries int
	// base is the dictionary this one extends, whose entries it shares
	// until it changes them; nil for the base itself.
	base *dictionary
	// slab holds the entries of the word list, allocated at once.
	slab []wordInfo
	// capitals maps a lower-case word to its capitalised form when the
	// lists hold the capitalised form among common words and the lower-case
	// one only as a rarity: "english" (a spin on a billiard ball), "henry"
	// (a unit), "carter". In an essay the lower-case form is a slip.
	capitals map[string]string
}

// plainName reports a name of three letters or more with one capital, at
// the start, and a vowel: not an abbreviation ("Ltd", "Dr") or a chemical
// symbol ("Fe").
func plainName(w string) bool {
	if len(w) < 3 || strings.HasSuffix(w, "'s") || !strings.ContainsAny(w, "aeiouy") {
		return false
	}
	for i := 1; i < len(w); i++ {
		if w[i] < 'a' || w[i] > 'z' {
			return false
		}
	}
	return w[0] >= 'A' && w[0] <= 'Z'
}

// nameUsually builds dictionary.capitals from the word list's lines.
func nameUsually(lines []wordLine, words string) map[string]string {
	caps := map[string]string{}
	for _, l := range lines {
		if l.lowStart != l.start && l.tier <= tierNames && len(words[l.start:l.end]) >= 4 && plainName(words[l.start:l.end]) {
			caps[words[l.lowStart:l.lowEnd]] = words[l.start:l.end]
		}
	}
	for _, l := range lines {
		if l.lowStart != l.start {
			continue
		}
		w := words[l.start:l.end]
		if _, ok := caps[w]; ok && l.tier <= tierNames && (l.size == 0 || l.size < 55) {
			delete(caps, w)
		}
	}
	return caps
}

// baseDictionary is loaded once per process: SCOWL and the history lexicon.
var baseDictionary = sync.OnceValues(func() (*dictionary, error) {
	d := &dictionary{words: make(map[string]*wordInfo, 360000)}
	if err := d.loadWords(); err != nil {
		return nil, err
	}
	n, err := d.loadLexicon()
	if err != nil {
		return nil, err
	}
	d.lexiconEntries = n
	d.pairVariants()
	return d, nil
})

// wordLine is one line of the word list, parsed: its word is
// arena[start:end] and the word's lower-case form, the dictionary's key,
// arena[lowStart:lowEnd] (the same bytes when the word has no capitals).
type wordLine struct {
	start, end, lowStart, lowEnd int
	tier, size, loc              uint8
	count                        uint32
}

// rare reports a size-80 word in lower case that both locales share. Such
// words are rare, and many of them look like misspellings of common ones
// ("persue", "stoped"): only their proper nouns and the spellings particular
// to one locale ("sulphureous") are kept.
func (l wordLine) rare() bool {
	return l.tier > maxSuggTier && l.lowStart == l.start && l.loc == locBoth
}

func (d *dictionary) loadWords() error {
	raw, err := dataFS.ReadFile("data/words.tsv.gz")
	if err != nil {
		return fmt.Errorf("spelling: reading the word list: %w", err)
	}
	zr, err := gzip.NewReader(bytes.NewReader(raw))
	if err != nil {
		return fmt.Errorf("spelling: opening the word list: %w", err)
	}
	defer zr.Close()
	text, err := io.ReadAll(zr)
	if err != nil {
		return fmt.Errorf("spelling: reading the word list: %w", err)
	}
	// The words live in one string and their entries in one slab: the
	// garbage collector then marks a few large objects each cycle instead of
	// some 700,000 small ones (measured: 40% less marking work per cycle),
	// and on a busy two-core server its cycles compete with marking essays.
	lines := make([]wordLine, 0, bytes.Count(text, []byte{'\n'})+1)
	arena := make([]byte, 0, len(text)/2)
	for rest := text; len(rest) > 0; {
		var l []byte
		l, rest, _ = bytes.Cut(rest, []byte{'\n'})
		if len(l) == 0 {
			continue
		}
		f := strings.Split(string(l), "\t")
		if len(f) != 5 {
			return fmt.Errorf("spelling: malformed word list line %q", l)
		}
		tier, err1 := strconv.Atoi(f[1])
		count, err2 := strconv.Atoi(f[3])
		size, err3 := strconv.Atoi(f[4])
		if err1 != nil || err2 != nil || err3 != nil || tier < 1 || tier > 255 || size < 0 || size > 255 || count < 0 {
			return fmt.Errorf("spelling: malformed word list line %q", l)
		}
		loc := locBoth
		switch f[2] {
		case "gb":
			loc = locGB
		case "us":
			loc = locUS
		}
		// A word with capitals is followed in the arena by its lower-case
		// form, the dictionary's key.
		e := wordLine{start: len(arena), tier: uint8(tier), size: uint8(size), loc: loc, count: uint32(count)}
		arena = append(arena, f[0]...)
		e.end, e.lowStart, e.lowEnd = len(arena), e.start, len(arena)
		if lw := strings.ToLower(f[0]); lw != f[0] {
			arena = append(arena, lw...)
			e.lowStart, e.lowEnd = e.end, len(arena)
		}
		lines = append(lines, e)
	}
	words := string(arena)
	kept := 0
	for _, l := range lines {
		if !l.rare() {
			kept++
		}
	}
	d.slab = make([]wordInfo, 0, kept)
	rare := map[string]struct{}{}
	for _, l := range lines {
		w, lw := words[l.start:l.end], words[l.lowStart:l.lowEnd]
		if l.rare() {
			rare[w] = struct{}{}
			continue
		}
		d.addLower(w, lw, l.tier, l.loc, l.count, false)
		if wi := d.words[lw]; wi != nil && l.size > 0 {
			wi.Size = minSize(wi.Size, l.size)
		}
	}
	d.capitals = nameUsually(lines, words)
	// A rare word is kept when it is the British spelling of another listed
	// word ("haemorrhagic", "sulphureous"), and is suggested when the lists
	// up to size 70 hold its inflected forms: they know "disaggregated", so
	// "disaggregate" is no rarity.
	// In a fixed order: whether a rare word is kept can depend on another
	// rare word kept before it, and the dictionary must be the same in every
	// process (and match the embedded snapshot).
	for _, w := range slices.Sorted(maps.Keys(rare)) {
		if d.inflectedListed(w) {
			d.add(w, maxSuggTier, locBoth, 0, false)
			continue
		}
		for _, c := range americanCandidates(w) {
			_, rareToo := rare[c]
			if rareToo || d.words[c] != nil {
				d.add(w, maxSuggTier+1, locBoth, 0, false)
				break
			}
		}
	}
	return nil
}

// inflectedListed reports whether a regular inflection of w (-s, -es, -ed,
// -d, -ing, with a final e dropped before -ing) is in the lists.
func (d *dictionary) inflectedListed(w string) bool {
	stem := strings.TrimSuffix(w, "e")
	for _, f := range []string{w + "s", w + "es", w + "ed", w + "d", w + "ing", stem + "ing"} {
		if wi := d.words[f]; wi != nil && wi.HasLower && wi.Tier <= maxSuggTier && f != w {
			return true
		}
	}
	return false
}

// newInfo stores wi in the dictionary's slab while it has room, so that the
// entries are one object for the garbage collector, not hundreds of
// thousands; the slab never grows, so pointers into it stay valid.
func (d *dictionary) newInfo(wi wordInfo) *wordInfo {
	if len(d.slab) < cap(d.slab) {
		d.slab = append(d.slab, wi)
		return &d.slab[len(d.slab)-1]
	}
	return &wi
}

// add records one spelling. The possessive forms SCOWL lists ("Lenin's")
// are skipped: possessives are handled by the checker.
func (d *dictionary) add(w string, tier, loc uint8, count uint32, name bool) {
	d.addLower(w, strings.ToLower(w), tier, loc, count, name)
}

// addLower is add with the lower-case form lw of w already made.
func (d *dictionary) addLower(w, lw string, tier, loc uint8, count uint32, name bool) {
	if strings.HasSuffix(w, "'s") && len(w) > 2 {
		return
	}
	isLower := lw == w
	wi := d.words[lw]
	// Copy on write: entries shared with the base dictionary are cloned
	// before they change.
	if wi != nil && d.base != nil && d.base.words[lw] == wi {
		cp := *wi
		wi = &cp
		d.words[lw] = wi
	}
	if wi == nil {
		wi = d.newInfo(wordInfo{Display: w, Tier: tier, Loc: loc, Count: count, Name: name, HasLower: isLower})
		d.words[lw] = wi
		return
	}
	// Where a word is used is decided by its lower-case form: the proper
	// noun "Center" does not make "center" British.
	switch {
	case name:
	case isLower && !wi.HasLower:
		wi.Loc = loc
	case isLower == wi.HasLower:
		wi.Loc |= loc
	}
	if isLower && !wi.HasLower {
		wi.Display = w
	}
	wi.HasLower = wi.HasLower || isLower
	wi.Tier = min(wi.Tier, tier)
	wi.Count = max(wi.Count, count)
	wi.Name = wi.Name || name
}

// loadLexicon reads data/history.txt: one entry a line, variants separated
// by "|", "#" comments. Each word of a multi-word entry becomes known.
func (d *dictionary) loadLexicon() (int, error) {
	raw, err := dataFS.ReadFile("data/history.txt")
	if err != nil {
		return 0, fmt.Errorf("spelling: reading the history lexicon: %w", err)
	}
	n := 0
	for line := range strings.Lines(string(raw)) {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		n++
		for variant := range strings.SplitSeq(line, "|") {
			d.addName(strings.TrimSpace(variant))
		}
	}
	return n, nil
}

// addName records every word of a name or term as known.
func (d *dictionary) addName(name string) {
	for _, w := range strings.FieldsFunc(name, func(r rune) bool {
		return unicode.IsSpace(r) || r == ',' || r == '(' || r == ')' || r == '/'
	}) {
		w = strings.Trim(w, ".'\"")
		w = strings.TrimSuffix(strings.TrimSuffix(w, "'s"), "\u2019s")
		if w == "" || !utf8.ValidString(w) {
			continue
		}
		// A word the lexicon or the packs list in lower case ("bailey", in
		// "motte and bailey") is ordinary in lower case in history, whatever
		// the word lists say.
		if _, ok := d.capitals[w]; ok && w == strings.ToLower(w) {
			if d.base != nil && len(d.capitals) > 0 && sameMap(d.capitals, d.base.capitals) {
				d.capitals = maps.Clone(d.capitals)
			}
			delete(d.capitals, w)
		}
		// Hyphenated names are known whole and part by part.
		d.add(w, tierNames, locBoth, 0, true)
		if strings.Contains(w, "-") {
			for p := range strings.SplitSeq(w, "-") {
				if p != "" && isUpperRune(p) {
					d.add(p, tierNames, locBoth, 0, true)
				}
			}
		}
	}
}

// sameMap reports whether a and b are the same map (not merely equal).
func sameMap(a, b map[string]string) bool {
	return a != nil && b != nil && reflect.ValueOf(a).UnsafePointer() == reflect.ValueOf(b).UnsafePointer()
}

// withNames returns a copy of d that also knows names. The copy shares
// nothing mutable with d.
func (d *dictionary) withNames(names []string) *dictionary {
	if len(names) == 0 {
		return d
	}
	c := &dictionary{words: make(map[string]*wordInfo, len(d.words)+len(names)),
		toGB: d.toGB, toUS: d.toUS, lexiconEntries: d.lexiconEntries, base: d, capitals: d.capitals}
	for k, v := range d.words {
		c.words[k] = v
	}
	for _, n := range names {
		c.addName(n)
	}
	return c
}

// lookup returns what is known of w's lower-case form.
func (d *dictionary) lookup(w string) *wordInfo {
	return d.words[strings.ToLower(w)]
}

func isUpperRune(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return unicode.IsUpper(r)
}

// pairVariants links American and British spellings of the same word by the
// regular correspondences between them (-ize/-ise, -or/-our, -er/-re,
// -og/-ogue, -l-/-ll-, -ense/-ence, -ment/-ement, ae/oe/e, program/programme).
func (d *dictionary) pairVariants() {
	d.toGB, d.toUS = map[string]string{}, map[string]string{}
	// In a fixed order: a word paired earlier shares its frequency with its
	// partner, which a later pairing reads.
	for _, lw := range slices.Sorted(maps.Keys(d.words)) {
		wi := d.words[lw]
		if wi.Loc != locUS {
			continue
		}
		// A British-only spelling is the surest partner; failing that, one
		// both lists accept: SCOWL's American lists also hold many British
		// forms ("travelled", "enrol"), and their American partners
		// ("traveled", "enroll") are still not British.
		partner := ""
		for _, want := range []uint8{locGB, locBoth} {
			for _, cand := range britishCandidates(lw, want == locBoth) {
				if g := d.words[cand]; g != nil && g.Loc == want && g.HasLower == wi.HasLower {
					partner = cand
					break
				}
			}
			if partner != "" {
				break
			}
		}
		if partner == "" {
			continue
		}
		g := d.words[partner]
		d.toGB[lw] = partner
		if _, ok := d.toUS[partner]; !ok && g.Loc == locGB {
			d.toUS[partner] = lw
		}
		// The two spellings are one word: share the frequency.
		c := max(wi.Count, g.Count)
		wi.Count, g.Count = c, c
		t := min(wi.Tier, g.Tier)
		wi.Tier, g.Tier = t, t
		sz := minSize(wi.Size, g.Size)
		wi.Size, g.Size = sz, sz
	}
}

// americanToBritish are substring rewrites from American to British spelling.
var americanToBritish = [][2]string{
	{"ize", "ise"}, {"iza", "isa"}, {"izi", "isi"}, {"yze", "yse"}, {"yzi", "ysi"},
	{"or", "our"}, {"er", "re"}, {"og", "ogue"}, {"ense", "ence"}, {"gment", "gement"},
	{"program", "programme"}, {"e", "ae"}, {"e", "oe"}, {"l", "ll"}, {"ll", "l"},
	{"eled", "elled"}, {"eling", "elling"}, {"ler", "ller"}, {"eer", "ere"},
	{"ay", "ey"}, {"ow", "ough"}, {"k", "que"}, {"ck", "que"}, {"i", "y"}, {"ir", "yr"},
	{"uver", "oeuvre"}, {"ize", "ise"}, {"ol", "oul"}, {"sk", "sc"},
}

// britishCandidates rewrites an American spelling into possible British
// ones: each rule at each position, and each rule after turning every -ize
// into -ise ("organizational" -> "organisational"). When strict, the rules
// that also turn one word into another are left out (calk/calque,
// chiles/chyles, zeas/zoeas, perfoliation/prefoliation): strict is for
// partners both lists accept, where no locale label vouches for the pair.
func britishCandidates(w string, strict bool) []string {
	var out []string
	bases := []string{w}
	if s := strings.NewReplacer("ize", "ise", "iza", "isa", "izi", "isi", "yze", "yse", "yzi", "ysi").Replace(w); s != w {
		out = append(out, s)
		bases = append(bases, s)
	}
	for _, base := range bases {
		for _, r := range americanToBritish {
			for i := 0; ; {
				j := strings.Index(base[i:], r[0])
				if j < 0 {
					break
				}
				j += i
				if !strict || !riskyRewrite(base, r, j) {
					out = append(out, base[:j]+r[1]+base[j+len(r[0]):])
				}
				i = j + 1
			}
		}
	}
	return out
}

// riskyRewrite reports a rewrite of rule r at j in w that is as likely to
// make another word as the British spelling of this one.
func riskyRewrite(w string, r [2]string, j int) bool {
	switch r[1] {
	case "y", "yr", "que":
		return true
	case "re":
		return j < 3
	case "ae", "oe":
		return j+len(r[0]) == len(w) || j+len(r[0]) == len(w)-1 && w[len(w)-1] == 's'
	}
	return false
}

// britishToAmerican undoes americanToBritish for words no list knows, so a
// British spelling the lists miss is still accepted when its American form
// is known.
var britishToAmerican = [][2]string{
	{"ise", "ize"}, {"isa", "iza"}, {"isi", "izi"}, {"yse", "yze"}, {"ysi", "yzi"},
	{"our", "or"}, {"re", "er"}, {"ogue", "og"}, {"ence", "ense"}, {"gement", "gment"},
	{"programme", "program"}, {"ae", "e"}, {"oe", "e"}, {"ll", "l"}, {"ey", "ay"}, {"ph", "f"},
}

func americanCandidates(w string) []string {
	var out []string
	for _, r := range britishToAmerican {
		for i := 0; ; {
			j := strings.Index(w[i:], r[0])
			if j < 0 {
				break
			}
			j += i
			if r[0] != "ll" || doubledL(w[j+2:]) {
				out = append(out, w[:j]+r[1]+w[j+len(r[0]):])
			}
			i = j + 1
		}
	}
	return out
}

// doubledL reports whether rest, what follows "ll" in a word, is an ending
// before which British English doubles an l that American English keeps
// single ("travelled", "modelling", "jewellery", "marvellous", "woollen").
// Before -ise/-ize it does not: "formallize" is a slip.
func doubledL(rest string) bool {
	for _, end := range []string{"ed", "ing", "er", "or", "ous", "ery", "en", "ee"} {
		if strings.HasPrefix(rest, end) {
			return true
		}
	}
	return false
}
