package spelling

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// verdict is what the checker makes of one word.
type verdict uint8

const (
	vOK verdict = iota
	// vSkip: not a word to check (a number, a URL, code, another script).
	vSkip
	// vUnknown: in no list.
	vUnknown
	// vLowerName: a known proper noun written in lower case.
	vLowerName
	// vOtherLocale: a spelling of the other locale (American in en-GB).
	vOtherLocale
	// vUnpaired: in en-GB, a word only the American lists have whose
	// British partner no regular correspondence finds ("worshiped",
	// "dependance"); the Analyzer looks for the British form among the
	// suggestions.
	vUnpaired
	// vRareSlip: a rare word one slip from a common one ("wether" for
	// "whether", "alow" for "allow"): in the lists, but far likelier a
	// misspelling.
	vRareSlip
	// vCompound: two common words joined ("greyscale") that no list has;
	// the Analyzer accepts it unless a listed word is within two edits
	// ("curtions" is "curtains", not "curt" + "ions").
	vCompound
)

// wordPrefixes may stand before a hyphen though they are not words alone.
var wordPrefixes = map[string]bool{
	"anti": true, "pre": true, "post": true, "non": true, "pro": true, "neo": true, "ex": true,
	"co": true, "re": true, "sub": true, "semi": true, "pseudo": true, "quasi": true, "ultra": true,
	"inter": true, "intra": true, "multi": true, "mid": true, "self": true, "counter": true,
	"socio": true, "extra": true, "proto": true, "trans": true, "pan": true, "un": true, "de": true,
	"mis": true, "bi": true, "tri": true, "vice": true, "arch": true, "crypto": true, "quarter": true,
}

// contractions are the clitics the tokenizer splits off ("do" "n't").
var contractions = map[string]bool{
	"'s": true, "n't": true, "'re": true, "'ll": true, "'ve": true, "'d": true, "'m": true, "'": true,
	"s": true, "'t": true,
}

// check classifies word (normalised: straight apostrophes) for loc.
func (d *dictionary) check(word, loc string) verdict {
	// Fast path: a plain word of ASCII letters that the lists know.
	if plainASCII(word) {
		lw := strings.ToLower(word)
		if wi := d.words[lw]; wi != nil {
			return d.known(word, lw, wi, loc)
		}
	}
	if word == "" || contractions[strings.ToLower(word)] {
		return vSkip
	}
	if skipToken(word) {
		return vSkip
	}
	// Possessives: Lenin's, Soviets'.
	base := word
	if strings.HasSuffix(base, "'s") && len(base) > 2 {
		base = base[:len(base)-2]
	} else if strings.HasSuffix(base, "'") && len(base) > 1 {
		base = base[:len(base)-1]
	}
	base = strings.TrimPrefix(base, "'")
	if base == "" {
		return vSkip
	}
	v := d.checkSimple(base, loc)
	if v == vLowerName && strings.Contains(base, "-") && d.checkCompound(base, loc) == vOK {
		// "five-year" is two ordinary words, though "Five-Year Plan" is a
		// name.
		return vOK
	}
	if v != vUnknown {
		return v
	}
	if strings.Contains(base, "-") {
		return d.checkCompound(base, loc)
	}
	return vUnknown
}

// checkCompound accepts a hyphenated word whose parts are all acceptable,
// or that is a listed word with a hyphen after its prefix ("co-ordinated",
// "re-elected", "pre-eminent": British spellings the lists hold only
// closed up).
func (d *dictionary) checkCompound(w, loc string) verdict {
	if first, rest, ok := strings.Cut(w, "-"); ok && wordPrefixes[strings.ToLower(first)] && !strings.Contains(rest, "-") {
		if wi := d.words[strings.ToLower(first+rest)]; wi != nil && wi.HasLower {
			return vOK
		}
	}
	worst := vOK
	parts := strings.Split(w, "-")
	for i, p := range parts {
		if p == "" {
			continue
		}
		if i < len(parts)-1 && wordPrefixes[strings.ToLower(p)] {
			continue
		}
		v := d.checkSimple(p, loc)
		switch v {
		case vSkip:
			continue
		case vUnpaired, vRareSlip, vCompound:
			// Within a hyphenated compound a part is judged only on
			// whether it is a word at all.
			v = vOK
		}
		if v == vUnknown || v == vLowerName {
			return vUnknown
		}
		if v > worst {
			worst = v
		}
	}
	return worst
}

// checkSimple checks a word without hyphens or possessive endings.
func (d *dictionary) checkSimple(w, loc string) verdict {
	if isNumberLike(w) {
		return vSkip
	}
	if !utf8.ValidString(w) || !isLatin(w) {
		return vSkip
	}
	lw := strings.ToLower(w)
	wi := d.words[lw]
	if wi == nil && len(w) > maxSuggestLen {
		// No word is this long: skip the derivation rules, whose cost grows
		// with the length.
		return vUnknown
	}
	if wi == nil {
		if isAcronym(w) || isRoman(w) {
			return vOK
		}
		// Accented words we do not know are taken as foreign terms.
		if !isASCIIWord(lw) {
			if strip := foldAccents(lw); strip != lw && d.words[strip] != nil {
				return vOK
			}
			return vSkip
		}
		// A British form the lists lack of a word known only in its American
		// spelling ("greyscale" from "grayscale").
		if loc != LocaleUS {
			for _, c := range americanCandidates(lw) {
				if ci := d.words[c]; ci != nil && ci.HasLower && ci.Loc == locUS {
					return vOK
				}
			}
		}
		return d.derived(lw)
	}
	return d.known(w, lw, wi, loc)
}

// plainASCII reports whether w is made only of ASCII letters.
func plainASCII(w string) bool {
	for i := 0; i < len(w); i++ {
		if c := w[i]; !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z') {
			return false
		}
	}
	return w != ""
}

// known classifies a word the lists have.
func (d *dictionary) known(w, lw string, wi *wordInfo, loc string) verdict {
	if lw == w && !wi.HasLower {
		return vLowerName
	}
	switch {
	case wi.Loc == locBoth:
	case loc == LocaleUS && wi.Loc == locGB:
		if _, ok := d.toUS[lw]; ok {
			return vOtherLocale
		}
	case loc != LocaleUS && wi.Loc == locUS:
		// A name the lexicon or the packs know, written as a name, is the
		// name's own spelling: "Speer" is Hitler's architect, not the
		// American form of "spere".
		if wi.Name && lw != w {
			break
		}
		gb, ok := d.toGB[lw]
		if !ok && wi.HasLower && lw == w {
			return vUnpaired
		}
		if ok && !oxfordSpelling(lw, gb) {
			return vOtherLocale
		}
	}
	if lw == w && d.rareSlip(lw, wi) {
		return vRareSlip
	}
	return vOK
}

// rareSlip reports a rare word, written in lower case, that one slip turns
// into a common one: "wether" (whether), "alow" (allow), "withing"
// (within). The big word lists hold thousands of such words, and a student
// who writes one nearly always meant its common neighbour. Names and terms
// from the history lexicon are exempt (a "thane" is not a slip for "than"),
// and so are regular forms of common words ("risings", "centralism") and
// slips at the first letter, which writers seldom make ("loach", "regnant").
func (d *dictionary) rareSlip(lw string, wi *wordInfo) bool {
	if wi.Tier <= tierNames || wi.Name || !wi.HasLower || len(lw) < 4 || len(lw) > maxSuggestLen || !isASCIIWord(lw) {
		return false
	}
	if _, ok := d.toGB[lw]; ok {
		return false
	}
	if _, ok := d.toUS[lw]; ok {
		return false
	}
	if d.regularForm(lw) {
		return false
	}
	// The rarest words (SCOWL size 70, and the variants SCOWL lists at no
	// size) give way to any common word; the less rare (sizes 55 and 60,
	// "tranche", "peeress") only to the few thousand commonest ("withing"
	// for "within").
	rarest := wi.Size == 0 || wi.Size >= 70
	return d.oneSlipFrom(lw, 1, func(c *wordInfo) bool {
		return c.HasLower && c.Tier <= tierCommon && (rarest || c.Size == 10 || c.Size == 20)
	})
}

// regularSuffixes and regularPrefixes make regular forms of common words.
var (
	regularSuffixes = []string{"s", "es", "ed", "d", "ing", "er", "ers", "r", "rs", "ism", "isms", "ist", "ists",
		"y", "ly", "ness", "less", "ful", "ment", "ments", "able"}
	regularPrefixes = []string{"re", "pre", "un", "de", "non", "mis", "over", "under", "out", "sub", "inter",
		"anti", "co", "counter", "post", "semi", "super"}
)

// regularForm reports whether lw is a common word (tier 1 or 2) with a
// regular ending or prefix: "burnings", "balancer", "structuralism",
// "rehydrate".
func (d *dictionary) regularForm(lw string) bool {
	common := func(w string) bool {
		wi := d.words[w]
		return len(w) >= 3 && wi != nil && wi.HasLower && wi.Tier <= tierNames
	}
	for _, s := range regularSuffixes {
		// A grammatical word takes no endings: "withing" is "within".
		if stem, ok := strings.CutSuffix(lw, s); ok && !closedClass[stem] && (common(stem) || common(stem+"e")) {
			return true
		}
	}
	for _, p := range regularPrefixes {
		if rest, ok := strings.CutPrefix(lw, p); ok && common(rest) {
			return true
		}
	}
	return false
}

// oneSlipFrom reports whether deleting, inserting or replacing one letter
// at or after index from, or swapping two neighbours, turns lw into a word
// that accept takes. It looks words up through one reused buffer: a
// string(bytes) map key does not allocate.
func (d *dictionary) oneSlipFrom(lw string, from int, accept func(*wordInfo) bool) bool {
	if len(lw) > maxSuggestLen {
		return false
	}
	known := func(b []byte) bool {
		wi := d.words[string(b)]
		return wi != nil && accept(wi)
	}
	var arr [maxSuggestLen + 1]byte
	b := arr[:len(lw)]
	copy(b, lw)
	for i := 0; i+1 < len(lw); i++ {
		b[i], b[i+1] = b[i+1], b[i]
		hit := b[i] != b[i+1] && known(b)
		b[i], b[i+1] = b[i+1], b[i]
		if hit {
			return true
		}
	}
	var delArr, insArr [maxSuggestLen + 1]byte
	for i := from; i < len(lw); i++ {
		del := append(append(delArr[:0], lw[:i]...), lw[i+1:]...)
		if known(del) {
			return true
		}
	}
	ins := insArr[:len(lw)+1]
	for i := from; i <= len(lw); i++ {
		copy(ins, lw[:i])
		copy(ins[i+1:], lw[i:])
		for c := byte('a'); c <= 'z'; c++ {
			ins[i] = c
			if known(ins) {
				return true
			}
			if i < len(lw) && c != lw[i] {
				b[i] = c
				if known(b) {
					return true
				}
				b[i] = lw[i]
			}
		}
	}
	return false
}

// oxfordSpelling reports whether an American spelling differs from the
// British one only by -ize for -ise, which British English also accepts.
func oxfordSpelling(us, gb string) bool {
	return len(us) == len(gb) && izeToIse.Replace(us) == gb
}

var izeToIse = strings.NewReplacer("ize", "ise", "iza", "isa", "izi", "isi")

// variant returns the other locale's spelling of lw, cased like w.
func (d *dictionary) variant(w, loc string) string {
	lw := strings.ToLower(w)
	var v string
	if loc == LocaleUS {
		v = d.toUS[lw]
	} else {
		v = d.toGB[lw]
	}
	return matchCase(w, v)
}

// skipToken reports tokens that are not prose words: URLs, e-mail addresses,
// file names, code, words with digits or other scripts.
func skipToken(w string) bool {
	if strings.Contains(w, "://") || strings.Contains(w, "@") || strings.HasPrefix(strings.ToLower(w), "www.") {
		return true
	}
	if strings.ContainsAny(w, "_=/\\<>{}[]#|~^*+&$%") {
		return true
	}
	// Dotted abbreviations and domain names: e.g., U.S.A., example.com.
	if strings.Contains(strings.TrimSuffix(w, "."), ".") {
		return true
	}
	prevLower := false
	for _, r := range w {
		// camelCase inside a word: code.
		if prevLower && unicode.IsUpper(r) {
			return !strings.HasPrefix(w, "Mc") && !strings.HasPrefix(w, "Mac")
		}
		prevLower = unicode.IsLower(r)
	}
	return false
}

// isNumberLike reports numbers, ordinals, decades and years with letters:
// 1917, 22nd, 1920s, '20s, 1066AD, 5th-century.
func isNumberLike(w string) bool {
	digits := 0
	for i := 0; i < len(w); i++ {
		if w[i] >= '0' && w[i] <= '9' {
			digits++
		}
	}
	return digits > 0
}

// isAcronym reports words of capitals (an abbreviation the lists may not
// have: CPSU, NKVD, OGPU), with an optional lower-case plural s.
func isAcronym(w string) bool {
	w = strings.TrimSuffix(w, "s")
	if len(w) < 2 || len(w) > 8 {
		return false
	}
	for i := 0; i < len(w); i++ {
		if w[i] < 'A' || w[i] > 'Z' {
			return false
		}
	}
	return true
}

// isRoman reports Roman numerals in capitals (Henry VIII, XIV).
func isRoman(w string) bool {
	for i := 0; i < len(w); i++ {
		if strings.IndexByte("IVXLCDM", w[i]) < 0 {
			return false
		}
	}
	return w != ""
}

// isLatin reports whether every letter of w is in the Latin script.
func isLatin(w string) bool {
	ascii := true
	for i := 0; i < len(w) && ascii; i++ {
		ascii = w[i] < utf8.RuneSelf
	}
	if ascii {
		return !strings.ContainsFunc(w, func(r rune) bool {
			return !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r == '\'' || r == '-' || r == '.')
		})
	}
	for _, r := range w {
		if unicode.IsLetter(r) && !unicode.Is(unicode.Latin, r) {
			return false
		}
		if !unicode.IsLetter(r) && r != '\'' && r != '-' && r != '.' {
			return false
		}
	}
	return true
}

var accentFold = strings.NewReplacer("à", "a", "á", "a", "â", "a", "ä", "a", "ã", "a", "å", "a",
	"ç", "c", "è", "e", "é", "e", "ê", "e", "ë", "e", "ì", "i", "í", "i", "î", "i", "ï", "i",
	"ñ", "n", "ò", "o", "ó", "o", "ô", "o", "ö", "o", "õ", "o", "ù", "u", "ú", "u", "û", "u", "ü", "u", "ÿ", "y")

func foldAccents(w string) string { return accentFold.Replace(w) }

// matchCase gives s the case pattern of model: "Colour" for "Color", "COLOUR"
// for "COLOR". A suggestion that is itself capitalised keeps its case.
func matchCase(model, s string) string {
	if s == "" || model == "" {
		return s
	}
	if s != strings.ToLower(s) {
		return s
	}
	if isAllUpper(model) && utf8.RuneCountInString(model) > 1 {
		return strings.ToUpper(s)
	}
	if isUpperRune(model) {
		r, n := utf8.DecodeRuneInString(s)
		return string(unicode.ToUpper(r)) + s[n:]
	}
	return s
}

func isAllUpper(w string) bool {
	has := false
	for _, r := range w {
		if unicode.IsLower(r) {
			return false
		}
		if unicode.IsUpper(r) {
			has = true
		}
	}
	return has
}

// derivPrefixes are prefixes that make new verbs from known ones
// ("reinitialise", "deserialise").
var derivPrefixes = []string{"re", "de", "un", "non", "over", "pre", "para", "sub", "super", "inter", "multi"}

// izeSuffixes are the -ise/-ize family of endings, longest first.
var izeSuffixes = []string{"isations", "izations", "isation", "ization", "isables", "izables", "isable", "izable",
	"isers", "izers", "iser", "izer", "ising", "izing", "ised", "ized", "ises", "izes", "ise", "ize"}

// nounSuffixes mark words whose plural in -s the lists may lack.
var nounSuffixes = []string{"tion", "ment", "ness", "ity", "ism", "ist", "our", "ance", "ence"}

// derived accepts regular derivations of known words that the lists lack:
// -ise/-ize on a known stem of six letters or more, optionally after a
// prefix ("virtualise", "deserialising"); -eable on a known verb that
// keeps its e ("overwriteable"); -ist on a known -ism ("factionalist");
// the plural of a known noun ("colourations"); and a
// compound of two common words of four letters or more ("greyscale") that
// is not one slip away from a known word ("writting" is not "writ" +
// "ting"). The length limits keep short misspellings from being explained
// away.
func (d *dictionary) derived(lw string) verdict {
	if len(lw) < 7 {
		return vUnknown
	}
	known := func(w string) bool {
		wi := d.words[w]
		return wi != nil && wi.HasLower
	}
	for _, s := range izeSuffixes {
		if stem, ok := strings.CutSuffix(lw, s); ok {
			if len(stem) >= 6 && known(stem) {
				return vOK
			}
			for _, p := range derivPrefixes {
				if rest, ok := strings.CutPrefix(stem, p); ok && len(rest) >= 6 && (known(rest) || known(rest+s)) {
					return vOK
				}
			}
			break
		}
	}
	if stem, ok := strings.CutSuffix(lw, "eable"); ok && known(stem+"e") && keepsE(stem) {
		return vOK
	}
	// An adherent of a known -ism: "factionalist" beside "factionalism".
	for _, s := range []string{"ist", "ists"} {
		if stem, ok := strings.CutSuffix(lw, s); ok && len(stem) >= 6 && known(stem+"ism") {
			return vOK
		}
	}
	if stem, ok := strings.CutSuffix(lw, "s"); ok && known(stem) {
		for _, s := range nounSuffixes {
			if strings.HasSuffix(stem, s) {
				return vOK
			}
		}
	}
	for i := 4; i <= len(lw)-4; i++ {
		if suffixWords[lw[i:]] || eDropped(lw[:i], lw[i:]) {
			continue
		}
		a, b := d.words[lw[:i]], d.words[lw[i:]]
		if a != nil && b != nil && a.HasLower && b.HasLower && a.Tier <= 2 && b.Tier <= 2 {
			// Closed compounds join content words; a grammatical word run
			// into another ("eachother", "eventhough") is two words.
			if closedClass[lw[:i]] || closedClass[lw[i:]] {
				return vUnknown
			}
			if d.oneSlipFrom(lw, 0, func(c *wordInfo) bool { return c.HasLower && c.Tier <= maxSuggTier }) {
				return vUnknown
			}
			return vCompound
		}
	}
	return vUnknown
}

// suffixWords are words that are also suffixes and make no compounds:
// "publically" is a misspelt "publicly", not "public" + "ally", and no
// compound ends in "full".
var suffixWords = set("ally", "fully", "full", "ness")

// eDropped reports a stem that should have lost its final e before -able
// ("valueable" for "valuable"); the e stays only after c or g
// ("noticeable", "changeable").
func eDropped(stem, suffix string) bool {
	if suffix != "able" && suffix != "ably" {
		return false
	}
	stem, ok := strings.CutSuffix(stem, "e")
	return ok && !keepsE(stem)
}

// keepsE reports whether a verb (stem + "e") keeps its e before -able: after
// c or g, to keep the sound soft ("noticeable", "changeable"), and in British
// use on verbs of one syllable, after a prefix ("likeable", "sizeable",
// "overwriteable"). Longer verbs drop it ("valuable", "debatable").
func keepsE(stem string) bool {
	if strings.HasSuffix(stem, "c") || strings.HasSuffix(stem, "g") {
		return true
	}
	prefixed := false
	for _, p := range []string{"over", "under", "out", "un", "re", "mis"} {
		if rest, ok := strings.CutPrefix(stem, p); ok && len(rest) >= 3 {
			stem, prefixed = rest, true
			break
		}
	}
	if !prefixed {
		// The lists already hold the one-syllable verbs that keep their e
		// ("likeable", "sizeable"); the rule is for the prefixed forms they
		// lack ("overwriteable"), and "noteable" is a slip.
		return false
	}
	groups := 0
	for i := 0; i < len(stem); i++ {
		if isVowel(stem[i]) && (i == 0 || !isVowel(stem[i-1])) {
			groups++
		}
	}
	return groups == 1
}
