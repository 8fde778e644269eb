package spelling

import (
	"fmt"
	"strings"
	"sync"
)

// Options configure an Analyzer.
type Options struct {
	// ExtraNames are names and terms to accept beyond the built-in lists,
	// such as the topic packs' people and places. Multi-word names add each
	// word; "|" separates variant spellings.
	ExtraNames []string
}

// Analyzer checks spelling. It is safe for concurrent use: its dictionary and
// suggestion index are read-only once built.
type Analyzer struct {
	dict      *dictionary
	suggester func() *suggester
	// phrases are the multi-word names of the lexicon and the names.
	phrases phraseIndex
}

// baseSuggester is shared by every Analyzer without extra names.
var baseSuggester = sync.OnceValue(func() *suggester {
	d, err := baseDictionary()
	if err != nil {
		return &suggester{}
	}
	return newSuggester(d)
})

// New loads the dictionaries (once per process) and returns an Analyzer that
// also knows opts.ExtraNames.
func New(opts Options) (*Analyzer, error) {
	names := splitNames(opts.ExtraNames)
	// The standard engine's names (the topic packs') have their dictionary
	// and suggestion index built ahead, at go generate time.
	if sn, err := loadSnapshot(); err == nil && len(names) > 0 && sn.namesHash == namesHash(names) {
		return &Analyzer{dict: sn.dict, suggester: sn.suggester, phrases: newPhraseIndex(sn.dict, lexiconNames(), names)}, nil
	}
	base, err := baseDictionary()
	if err != nil {
		return nil, err
	}
	a := &Analyzer{dict: base.withNames(names)}
	a.phrases = newPhraseIndex(a.dict, lexiconNames(), names)
	if a.dict == base {
		a.suggester = baseSuggester
	} else {
		a.suggester = sync.OnceValue(func() *suggester { return newSuggester(a.dict) })
	}
	return a, nil
}

// splitNames splits the variants of Options.ExtraNames apart, in order.
func splitNames(extra []string) []string {
	var names []string
	for _, n := range extra {
		for v := range strings.SplitSeq(n, "|") {
			if v = strings.TrimSpace(v); v != "" {
				names = append(names, v)
			}
		}
	}
	return names
}

// Name implements analysis.Analyzer.
func (*Analyzer) Name() string { return Name }

// LexiconEntries is the number of entries in the built-in history lexicon.
func (a *Analyzer) LexiconEntries() int { return a.dict.lexiconEntries }

// normLocale maps "" and unknown locales to en-GB.
func normLocale(loc string) string {
	if strings.EqualFold(loc, LocaleUS) || strings.EqualFold(loc, "en_US") {
		return LocaleUS
	}
	return LocaleGB
}

// ValidLocale reports whether loc is a locale the checker knows.
func ValidLocale(loc string) error {
	if loc == "" || strings.EqualFold(loc, LocaleGB) || strings.EqualFold(loc, LocaleUS) {
		return nil
	}
	return fmt.Errorf("unknown locale %q: use %s or %s", loc, LocaleGB, LocaleUS)
}

// Check reports whether word is correctly spelled in locale: it is known (as
// written, or capitalised at the start of a sentence), or is not a word to
// check (a number, an abbreviation, a URL). A spelling of the other locale
// ("color" in en-GB) counts as correct here; the Analyzer reports it as
// information. A known name in lower case ("trotsky") is not correct, and
// nor is a rare word one slip from a common one ("wether" for "whether").
func (a *Analyzer) Check(word, locale string) bool {
	switch v, _ := a.classify(normWord(word), normLocale(locale), nil); v {
	case vUnknown, vLowerName, vRareSlip:
		return false
	}
	return true
}

// flagged reports whether the Analyzer reports word on its own in some
// way: as a misspelling, a name in lower case, a likely slip, or the other
// locale's spelling.
func (a *Analyzer) flagged(word, locale string) bool {
	v, _ := a.classify(normWord(word), normLocale(locale), nil)
	return v != vOK && v != vSkip
}

// classify is dictionary.check with the verdicts that need the suggester
// settled: a compound becomes vOK or vUnknown; an unpaired American word
// becomes vOtherLocale when its British form is found, and stays vUnpaired
// when not; a rare slip stays one only when its common neighbour is among
// the suggestions. alt is the British form or the neighbour. suggest, when
// not nil, is the caller's memoised a.suggest.
func (a *Analyzer) classify(w, loc string, suggest func(string) []string) (v verdict, alt string) {
	v = a.dict.check(w, loc)
	if v != vCompound && v != vUnpaired && v != vRareSlip {
		return v, ""
	}
	lw := strings.ToLower(w)
	if v == vCompound {
		// A listed word within two edits is the likelier reading, unless it
		// is two letters shorter (writers drop letters more often than they
		// add them: "greyscale" is not a slip for "rescale"); the other
		// locale's spelling of the same compound is not a rival.
		s := a.suggester()
		want := locGB
		if loc == LocaleUS {
			want = locUS
		}
		for _, c := range s.suggest(lw, maxSuggest) {
			cl := s.cands[c.id].lower
			if ci := a.dict.words[cl]; ci == nil || ci.Loc&want == 0 {
				continue
			}
			if cl != lw && len(cl) >= len(lw)-1 && osa(lw, cl, 2) <= 2 {
				return vUnknown, ""
			}
		}
		return vOK, ""
	}
	if suggest == nil {
		suggest = func(w string) []string { return a.suggest(w, loc, maxSuggest) }
	}
	sugg := suggest(w)
	if v == vUnpaired {
		if c := a.britishPartner(lw, sugg); c != "" {
			return vOtherLocale, c
		}
		return vUnpaired, ""
	}
	for _, c := range sugg {
		lc := strings.ToLower(c)
		ci := a.dict.words[lc]
		if lc != lw && ci != nil && ci.HasLower && ci.Tier <= tierCommon && osa(lw, lc, 1) <= 1 {
			return vRareSlip, c
		}
	}
	return vOK, ""
}

// britishPartner picks, among the suggestions for an American-only word
// that no regular correspondence pairs, the British form it most likely
// stands for, or "" when none is convincing. In order: the word with an
// ending British English keeps ("maths", "afterwards"); a British-only
// spelling within two edits; a word that only adds vowels, doubled letters
// or an ending ("aluminium", "kidnapped"); a common first suggestion that
// swaps one vowel, or c or z for s ("dependence", "practised", "cosy").
func (a *Analyzer) britishPartner(lw string, sugg []string) string {
	valid := func(c string) (string, *wordInfo) {
		lc := strings.ToLower(c)
		ci := a.dict.words[lc]
		if lc == lw || ci == nil || !ci.HasLower || ci.Loc&locGB == 0 {
			return "", nil
		}
		return lc, ci
	}
	// An ending British English keeps ("maths", "afterwards", "towards").
	if _, ci := valid(lw + "s"); ci != nil {
		return lw + "s"
	}
	for _, c := range sugg {
		if lc, ci := valid(c); ci != nil && ci.Loc == locGB && osa(lw, lc, 2) <= 2 {
			return c
		}
	}
	for _, c := range sugg {
		if lc, ci := valid(c); ci != nil && len(lc)-len(lw) <= 3 && spellingInsertions(lw, lc) {
			return c
		}
	}
	if len(sugg) > 0 {
		if lc, ci := valid(sugg[0]); ci != nil && ci.Tier <= tierNames && spellingSwap(lw, lc) {
			return sugg[0]
		}
	}
	return ""
}

// spellingInsertions reports whether b is a with letters added of the kinds
// that tell British from American spelling: vowels ("aluminium"), doubled
// letters ("kidnapped", "jewellery") and endings ("afterwards", "maths"),
// not a new consonant inside the word ("match" is another word than "math").
func spellingInsertions(a, b string) bool {
	if len(b) <= len(a) {
		return false
	}
	i := 0
	for j := 0; j < len(b); j++ {
		if i < len(a) && a[i] == b[j] {
			i++
			continue
		}
		doubled := j > 0 && b[j] == b[j-1] || j+1 < len(b) && b[j] == b[j+1]
		if i < len(a) && !isVowel(b[j]) && !doubled {
			return false
		}
	}
	return i == len(a)
}

// spellingSwap reports whether a and b differ in one letter, a vowel for a
// vowel ("dependance", "mum") or s for c or z ("practised", "cosy").
func spellingSwap(a, b string) bool {
	if len(a) != len(b) {
		return false
	}
	diff := -1
	for k := 0; k < len(a); k++ {
		if a[k] != b[k] {
			if diff >= 0 {
				return false
			}
			diff = k
		}
	}
	if diff < 0 {
		return false
	}
	x, y := a[diff], b[diff]
	return isVowel(x) && isVowel(y) || y == 's' && (x == 'c' || x == 'z')
}

// Suggest returns up to five corrections for word, best first, cased like
// word. It returns nil for words it cannot correct (too long, another
// script).
func (a *Analyzer) Suggest(word, locale string) []string {
	return a.suggest(normWord(word), normLocale(locale), maxSuggest)
}

func (a *Analyzer) suggest(w, loc string, limit int) []string {
	lw := strings.ToLower(w)
	s := a.suggester()
	ranked := s.suggest(lw, limit*2)
	out := make([]string, 0, limit)
	seen := map[string]bool{}
	// A known name in lower case: the name first, then the words it may
	// have been meant as ("handel": "Handel", "handle").
	if wi := a.dict.words[lw]; wi != nil && lw == w && !wi.HasLower {
		out = append(out, wi.Display)
		seen[wi.Display] = true
	}
	// A missing apostrophe is the likeliest slip: "dont", "thats".
	if c := a.apostrophe(lw); c != "" {
		out = append(out, matchCase(w, c))
		seen[out[0]] = true
	}
	for _, r := range ranked {
		c := s.cands[r.id]
		disp := c.display
		// Offer the locale's own spelling of a word.
		if v := a.dict.variant(disp, loc); v != "" {
			if vi := a.dict.words[strings.ToLower(v)]; vi != nil && !(loc == LocaleGB && oxfordSpelling(c.lower, strings.ToLower(v))) {
				disp = v
			}
		}
		disp = matchCase(w, disp)
		if seen[disp] {
			continue
		}
		seen[disp] = true
		out = append(out, disp)
		if len(out) == limit {
			break
		}
	}
	return out
}

// normWord folds curly apostrophes to straight ones.
func normWord(w string) string { return apostrophes.Replace(w) }

var apostrophes = strings.NewReplacer("\u2019", "'", "\u2018", "'", "\u02BC", "'")

// takesIs are the words whose "'s" contraction (that's, there's) students
// write without the apostrophe.
var takesIs = set("that", "there", "it", "he", "she", "what", "who", "where", "here", "let", "how", "when")

// apostrophe returns lw with a missing apostrophe restored, when that makes
// a known contraction ("dont" -> "don't", "thats" -> "that's").
func (a *Analyzer) apostrophe(lw string) string {
	if base, ok := strings.CutSuffix(lw, "s"); ok && takesIs[base] {
		return base + "'s"
	}
	for _, end := range []string{"nt", "re", "ve", "ll", "d", "m"} {
		base, ok := strings.CutSuffix(lw, end)
		if !ok || base == "" {
			continue
		}
		c := base + "'" + end
		if end == "nt" {
			c = base + "n't"
			if base == "can" {
				return "can't"
			}
			if base == "wo" {
				return "won't"
			}
			if !strings.HasSuffix(base, "n") {
				continue
			}
			c = base[:len(base)-1] + "n't"
		}
		if wi := a.dict.words[c]; wi != nil {
			return wi.Display
		}
	}
	return ""
}
