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
	base, err := baseDictionary()
	if err != nil {
		return nil, err
	}
	var names []string
	for _, n := range opts.ExtraNames {
		for v := range strings.SplitSeq(n, "|") {
			if v = strings.TrimSpace(v); v != "" {
				names = append(names, v)
			}
		}
	}
	a := &Analyzer{dict: base.withNames(names)}
	if a.dict == base {
		a.suggester = baseSuggester
	} else {
		a.suggester = sync.OnceValue(func() *suggester { return newSuggester(a.dict) })
	}
	return a, nil
}

// Name implements analysis.Analyzer.
func (*Analyzer) Name() string { return "spelling" }

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
// information. A known name in lower case ("trotsky") is not correct.
func (a *Analyzer) Check(word, locale string) bool {
	switch a.dict.check(normWord(word), normLocale(locale)) {
	case vUnknown, vLowerName:
		return false
	}
	return true
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
