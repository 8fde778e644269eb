package spelling

import (
	"fmt"
	"strings"
	"sync"
	"unicode"

	"github.com/clio-history/clio/analysis"
)

// Multi-word names in lower case: "stamford bridge", "edward the
// confessor", "holy roman empire", "tsar nicholas ii". The history lexicon
// and the topic packs list such names with their capitals; a phrase of the
// essay that matches one word for word, with a capital missing, is
// reported once for the whole name, with the name as the lexicon writes it.
//
// Precision comes first. A name counts only when each of its words is
// capitalised or a particle ("of", "the", "von"), and when it holds a word
// known only as a name ("Stamford", "Edward") or has three capitalised
// words ("Holy Roman Empire"): "new deal" or "civil war" in lower case may
// be ordinary English, so two common words are never enough. After "a" or
// "an" the phrase is generic ("a holy roman empire of its own"), and is left
// alone. A title in lower case just before a person's name ("tsar", "king")
// is mended with it.

// nameParticles are the lower-case words a multi-word name may contain.
var nameParticles = set("of", "the", "and", "de", "du", "la", "le", "von", "van", "der", "den", "da", "di", "in", "on", "upon", "for")

// personTitles are the titles written with a capital before a name ("Tsar
// Nicholas II", "King Henry VIII").
var personTitles = set("king", "queen", "tsar", "tsarina", "czar", "emperor", "empress", "kaiser", "pope", "prince",
	"princess", "duke", "duchess", "earl", "lord", "lady", "sir", "saint", "archbishop", "bishop", "cardinal",
	"president", "chancellor", "general", "marshal", "admiral")

// eventNouns are the common nouns that name an event or a document after a
// proper name, in lower case in British style ("the Reichstag fire").
var eventNouns = set("fire", "crash", "rising", "uprising", "revolt", "rebellion", "plot", "massacre", "affair",
	"crisis", "purge", "purges", "putsch", "famine", "strike", "riots", "trial", "trials", "campaign", "offensive",
	"agreement", "pact", "treaty", "settlement", "raid", "blockade", "airlift", "landings", "evacuation", "reforms")

var calendarNames = set("january", "february", "march", "april", "may", "june", "july", "august", "september",
	"october", "november", "december", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")

// namePhrase is one multi-word name: its words in lower case and as the
// name writes them.
type namePhrase struct {
	lower, forms []string
	// named marks the words known only as names ("Calais", "Stamford").
	named  []bool
	person bool
}

// phraseIndex finds names by their first word in lower case.
type phraseIndex map[string][]namePhrase

// lexiconNames are the history lexicon's entries, read once per process.
var lexiconNames = sync.OnceValue(func() []string {
	raw, err := dataFS.ReadFile("data/history.txt")
	if err != nil {
		return nil
	}
	var out []string
	for line := range strings.Lines(string(raw)) {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		for v := range strings.SplitSeq(line, "|") {
			out = append(out, strings.TrimSpace(v))
		}
	}
	return out
})

// newPhraseIndex indexes the multi-word names among names that d can judge.
func newPhraseIndex(d *dictionary, names ...[]string) phraseIndex {
	idx := phraseIndex{}
	seen := map[string]bool{}
	for _, list := range names {
		for _, n := range list {
			p, ok := parseNamePhrase(d, n)
			key := strings.Join(p.lower, " ")
			if !ok || seen[key] {
				continue
			}
			seen[key] = true
			idx[p.lower[0]] = append(idx[p.lower[0]], p)
		}
	}
	return idx
}

// parseNamePhrase reads one name, reporting whether it qualifies.
func parseNamePhrase(d *dictionary, name string) (namePhrase, bool) {
	words := strings.Fields(name)
	// "The Acts and Monuments": a leading article is optional in prose.
	if len(words) > 0 && words[0] == "The" {
		words = words[1:]
	}
	if len(words) < 2 {
		return namePhrase{}, false
	}
	var p namePhrase
	capitals, nameOnly := 0, false
	for _, w := range words {
		for _, r := range w {
			if !unicode.IsLetter(r) && r != '-' && r != '\'' {
				return namePhrase{}, false
			}
		}
		lw := strings.ToLower(w)
		named := false
		switch {
		case isUpperRune(w):
			capitals++
			// "Five-Year": a hyphened pair of common words is no name; a
			// month or a day names a date, and the noun after it may stay
			// in lower case ("the October rising", "the July days").
			if wi := d.lookup(lw); wi != nil && !wi.HasLower && !isRoman(w) && !strings.Contains(w, "-") && !calendarNames[lw] {
				nameOnly, named = true, true
			}
		case !nameParticles[w]:
			// A term in lower case ("war communism") is not a name.
			return namePhrase{}, false
		}
		p.lower = append(p.lower, lw)
		p.forms = append(p.forms, w)
		p.named = append(p.named, named)
	}
	if !isUpperRune(words[0]) || !nameOnly && capitals < 3 {
		return namePhrase{}, false
	}
	// A person's name ends in a name or a regnal number; a title goes
	// with it.
	last := words[len(words)-1]
	p.person = isRoman(last) || nameOnly && len(words) == 2
	return p, true
}

// namePhrases reports the multi-word names written without their capitals.
func (r *run) namePhrases() {
	toks := r.doc.Tokens
	for i := 0; i < len(toks); i++ {
		if toks[i].Kind != analysis.KindWord {
			continue
		}
		cands := r.a.phrases[r.lower[i]]
		if len(cands) == 0 {
			continue
		}
		best, bestLen := -1, 0
		for c, p := range cands {
			if len(p.lower) > bestLen && r.matches(i, p.lower) {
				best, bestLen = c, len(p.lower)
			}
		}
		if best < 0 {
			continue
		}
		p := cands[best]
		end := i + bestLen
		if r.phraseSlip(i, p) {
			i = end - 1
		}
	}
}

// matches reports whether the tokens from i, one word each with nothing
// between them but spaces, are words.
func (r *run) matches(i int, words []string) bool {
	toks := r.doc.Tokens
	if i+len(words) > len(toks) {
		return false
	}
	for k, w := range words {
		t := toks[i+k]
		if t.Kind != analysis.KindWord || r.lower[i+k] != w || t.Sentence != toks[i].Sentence {
			return false
		}
		if k > 0 && !t.SpaceBefore {
			return false
		}
	}
	// "Stamford Bridges", "Nicholas II's": the name must end there, bar a
	// possessive.
	if j := i + len(words); j < len(toks) && toks[j].Kind == analysis.KindWord && !toks[j].SpaceBefore &&
		!strings.HasPrefix(normWord(toks[j].Norm), "'") {
		return false
	}
	return true
}

// phraseSlip reports the name p at token i when a capital is missing,
// reporting whether it did.
func (r *run) phraseSlip(i int, p namePhrase) bool {
	toks := r.doc.Tokens
	missing := false
	for k, f := range p.forms {
		t := toks[i+k]
		if r.flagged[i+k] {
			return false
		}
		if isUpperRune(f) && t.Norm != f && !isUpperRune(t.Norm) {
			missing = true
		}
	}
	if !missing {
		return false
	}
	// "the loss of Calais", "the battle of Hastings", "the black day of
	// the German army": a common word in lower case before a name written
	// with its capital describes the event; it is not a slip in its name.
	if toks[i].Norm == r.lower[i] && !p.named[0] {
		described := true
		for k, named := range p.named {
			if named && !isUpperRune(toks[i+k].Norm) {
				described = false
			}
		}
		capitalised := false
		for k := range p.forms {
			capitalised = capitalised || isUpperRune(toks[i+k].Norm)
		}
		if described && capitalised {
			return false
		}
	}
	// "the Reichstag fire", "the Wall Street crash": British style keeps
	// an event's common noun in lower case after its capitalised name.
	if last := len(p.forms) - 1; eventNouns[p.lower[last]] && isUpperRune(toks[i].Norm) {
		onlyLast := true
		for k := 0; k < last; k++ {
			onlyLast = onlyLast && (isUpperRune(toks[i+k].Norm) || !isUpperRune(p.forms[k]))
		}
		if onlyLast {
			return false
		}
	}
	if prev := r.neighbour(i, -1); prev >= 0 && (r.lower[prev] == "a" || r.lower[prev] == "an") {
		return false
	}
	start := i
	if prev := r.rawNeighbour(i, -1); p.person && prev >= 0 && personTitles[toks[prev].Norm] && toks[i].SpaceBefore {
		start = prev
	}
	var fix strings.Builder
	last := toks[start].Start
	for j := start; j < i+len(p.forms); j++ {
		t := toks[j]
		fix.WriteString(r.doc.Text[last:t.Start])
		switch {
		case j < i:
			// The title matched personTitles, so its Norm is ASCII.
			fix.WriteString(strings.ToUpper(t.Norm[:1]) + t.Norm[1:])
		case isUpperRune(p.forms[j-i]) && !isUpperRune(t.Norm):
			fix.WriteString(p.forms[j-i])
		default:
			fix.WriteString(t.Text)
		}
		last = t.End
	}
	span := analysis.Span{Start: toks[start].Start, End: toks[i+len(p.forms)-1].End}
	text := r.doc.Text[span.Start:span.End]
	r.add(i, analysis.Finding{Code: CodeCapitalisation, Severity: analysis.SeverityError, Span: span,
		Message:     fmt.Sprintf("“%s” is a name, so each of its main words takes a capital letter: %s.", text, fix.String()),
		Suggestions: []string{fix.String()}})
	for j := start; j < i+len(p.forms); j++ {
		r.flagged[j] = true
	}
	return true
}
