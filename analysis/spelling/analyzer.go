package spelling

import (
	"context"
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/clio-history/clio/analysis"
	"github.com/clio-history/clio/analysis/language"
)

// Finding codes.
const (
	CodeMisspelled     = "spelling.misspelled"
	CodeCapitalisation = "spelling.capitalisation"
	CodeConfusable     = "spelling.confusable"
	CodeAmerican       = "spelling.american"
	CodeBritish        = "spelling.british"
	CodeRunTogether    = "spelling.run-together"
	CodeUnknownName    = "spelling.unknown-name"
	CodeNotEnglish     = "spelling.not-english"
	CodeNameSlip       = "spelling.name"
)

// Name is the analyzer's name: every code and metric it reports begins with
// it and a dot.
const Name = "spelling"

// Metric names (doc.go says what each counts).
const (
	MetricErrors            = "spelling.errors"
	MetricErrorsPer100Words = "spelling.errors_per_100_words"
	MetricCapitalisation    = "spelling.capitalisation"
	MetricConfusables       = "spelling.confusables"
	MetricAmericanisms      = "spelling.americanisms"
	MetricRareSlips         = "spelling.rare_slips"
	MetricApostrophes       = "spelling.apostrophes"
	MetricNotEnglish        = "spelling.not_english"
	MetricNameSlips         = "spelling.name_slips"
)

// run holds the state of one Analyze call.
type run struct {
	a    *Analyzer
	doc  *analysis.Document
	loc  string
	out  analysis.Output
	memo map[string][]string
	// lower holds each token's Norm in lower case.
	lower []string
	// flagged marks tokens that already have a finding.
	flagged map[int]bool
	// ctxBuf is reused by contextWords, sentence after sentence.
	ctxBuf []contextWord
	// names counts, for each capitalised word of the essay in lower case,
	// its uses; -1 once it has been seen written otherwise (nameInEssay).
	names map[string]int
	// nameForms holds the capitalised form of each word in names.
	nameForms map[string]string
	counts    struct{ errors, capitals, confusables, locale, rare, apostrophes, names int }
}

// Analyze implements analysis.Analyzer.
func (a *Analyzer) Analyze(ctx context.Context, doc *analysis.Document, task analysis.Task) (analysis.Output, error) {
	if doc == nil {
		return analysis.Output{}, fmt.Errorf("spelling: no document")
	}
	if err := ValidLocale(task.Locale); err != nil {
		return analysis.Output{}, fmt.Errorf("spelling: %w", err)
	}
	if lang, english := language.Guess(doc); !english {
		return notEnglish(lang), nil
	}
	r := &run{a: a, doc: doc, loc: normLocale(task.Locale), memo: map[string][]string{}, flagged: map[int]bool{},
		lower: make([]string, len(doc.Tokens))}
	for i := range doc.Tokens {
		r.lower[i] = doc.Tokens[i].Lower()
	}
	r.namePhrases()
	for i := range doc.Tokens {
		if r.flagged[i] {
			continue
		}
		if i%256 == 0 {
			if err := ctx.Err(); err != nil {
				return analysis.Output{}, fmt.Errorf("spelling: %w", err)
			}
		}
		r.token(i)
	}
	for i := range doc.Tokens {
		r.confusables(i)
		r.capitals(i)
		r.apostrophes(i)
	}
	for s := range doc.Sentences {
		r.sentenceStart(s)
	}
	r.wrongWords()
	words := float64(max(doc.Words, 1))
	r.out.Metrics = map[string]float64{
		MetricErrors:            float64(r.counts.errors),
		MetricErrorsPer100Words: 100 * float64(r.counts.errors) / words,
		MetricCapitalisation:    float64(r.counts.capitals),
		MetricConfusables:       float64(r.counts.confusables),
		MetricAmericanisms:      float64(r.counts.locale),
		MetricRareSlips:         float64(r.counts.rare),
		MetricApostrophes:       float64(r.counts.apostrophes),
		MetricNotEnglish:        0,
		MetricNameSlips:         float64(r.counts.names),
	}
	return r.out, nil
}

// notEnglish is the report on an essay in another language: one finding
// for the whole essay, and no spelling errors counted.
func notEnglish(lang string) analysis.Output {
	msg := "This essay does not seem to be written in English, so its spelling was not checked. Clio checks essays written in English."
	if lang != "" {
		msg = fmt.Sprintf("This essay seems to be written in %s, not English, so its spelling was not checked. Clio checks essays written in English.", lang)
	}
	f := analysis.Finding{Code: CodeNotEnglish, Severity: analysis.SeverityWarning, Message: msg}
	if lang != "" {
		f.Data = map[string]string{"language": lang}
	}
	return analysis.Output{Findings: []analysis.Finding{f}, Metrics: map[string]float64{
		MetricErrors: 0, MetricErrorsPer100Words: 0, MetricCapitalisation: 0,
		MetricConfusables: 0, MetricAmericanisms: 0, MetricRareSlips: 0, MetricApostrophes: 0,
		MetricNameSlips:  0,
		MetricNotEnglish: 1,
	}}
}

func (r *run) add(i int, f analysis.Finding) {
	if len(f.Suggestions) > 0 {
		f.Data = map[string]string{"suggestion": f.Suggestions[0]}
	}
	r.out.Findings = append(r.out.Findings, f)
	r.flagged[i] = true
	switch f.Code {
	case CodeMisspelled, CodeRunTogether:
		if f.Severity == analysis.SeverityWarning {
			// A likely slip that is still a word: reported, but not
			// counted against the essay.
			r.counts.rare++
			break
		}
		r.counts.errors++
	case CodeCapitalisation:
		r.counts.errors++
		r.counts.capitals++
	case CodeNameSlip:
		r.counts.names++
	case CodeConfusable:
		r.counts.errors++
		r.counts.confusables++
	case CodeAmerican, CodeBritish:
		r.counts.locale++
	case CodeApostrophe:
		r.counts.apostrophes++
	}
}

// maxSuggested bounds the distinct words one Analyze call finds suggestions
// for, so that a text of random letters costs milliseconds, not seconds.
// Words beyond it are still reported, without suggestions.
const maxSuggested = 400

func (r *run) suggest(w string) []string {
	if s, ok := r.memo[w]; ok {
		return s
	}
	if len(r.memo) >= maxSuggested {
		return nil
	}
	s := r.a.suggest(w, r.loc, maxSuggest)
	r.memo[w] = s
	return s
}

// sentenceInitial reports whether token i is the first word of its sentence.
func (r *run) sentenceInitial(i int) bool {
	t := r.doc.Tokens[i]
	for j := r.doc.Sentences[t.Sentence].Tokens.Start; j < i; j++ {
		if r.doc.Tokens[j].Kind == analysis.KindWord || r.doc.Tokens[j].Kind == analysis.KindNumber {
			return false
		}
	}
	return true
}

func (r *run) token(i int) {
	t := r.doc.Tokens[i]
	switch t.Kind {
	case analysis.KindNumber:
		r.numberWord(i)
		return
	case analysis.KindWord:
	default:
		return
	}
	w := t.Norm
	// Clitics split off by the tokenizer: "’s", "n't".
	if !t.SpaceBefore && (strings.HasPrefix(w, "'") || strings.EqualFold(w, "n't")) {
		return
	}
	v, alt := r.a.classify(w, r.loc, r.suggest)
	switch v {
	case vOK, vSkip:
		return
	case vRareSlip:
		sugg := insertSuggestion(r.suggest(w), alt, 0)
		r.add(i, analysis.Finding{Code: CodeMisspelled, Severity: analysis.SeverityWarning, Span: t.Span,
			Message: fmt.Sprintf("“%s” is in the dictionary, but it is a rare word one letter away from “%s”. Did you mean “%s”?",
				t.Text, alt, alt),
			Suggestions: sugg})
	case vLowerName:
		// "cary" is more likely "carry" than the name Cary; names from the
		// history lexicon are taken at their word.
		if wi := r.a.dict.lookup(w); wi != nil && !wi.Name {
			if s := r.suggest(w); len(s) > 1 {
				for _, c := range s[1:] {
					if ci := r.a.dict.lookup(c); ci != nil && ci.HasLower && ci.Tier <= 2 && osa(w, strings.ToLower(c), 1) <= 1 {
						r.unknown(i)
						return
					}
				}
			}
		}
		if s := r.suggest(w); len(s) > 0 {
			r.add(i, analysis.Finding{Code: CodeCapitalisation, Severity: analysis.SeverityError, Span: t.Span,
				Message:     fmt.Sprintf("“%s” is a name, so it takes a capital letter: %s.", t.Text, s[0]),
				Suggestions: s[:1]})
		}
	case vUnpaired:
		var gb []string
		for _, c := range r.suggest(w) {
			if ci := r.a.dict.lookup(c); ci != nil && ci.Loc&locGB != 0 {
				gb = append(gb, c)
			}
		}
		msg := fmt.Sprintf("“%s” appears only in American word lists. Check the British spelling.", t.Text)
		if len(gb) > 0 {
			msg = fmt.Sprintf("“%s” appears only in American word lists. Check the British spelling: perhaps “%s”?", t.Text, gb[0])
		}
		r.add(i, analysis.Finding{Code: CodeAmerican, Severity: analysis.SeverityInfo, Span: t.Span, Message: msg, Suggestions: gb})
	case vOtherLocale:
		v := alt
		if v == "" {
			v = r.a.dict.variant(w, r.loc)
		}
		code, msg := CodeAmerican, fmt.Sprintf("“%s” is the American spelling; in British English it is “%s”.", t.Text, v)
		if r.loc == LocaleUS {
			code, msg = CodeBritish, fmt.Sprintf("“%s” is the British spelling; in American English it is “%s”.", t.Text, v)
		}
		f := analysis.Finding{Code: code, Severity: analysis.SeverityInfo, Span: t.Span, Message: msg, Suggestions: []string{v}}
		r.add(i, f)
		r.out.Findings[len(r.out.Findings)-1].Data["variant"] = v
	case vUnknown:
		r.unknown(i)
	}
}

// unknown handles a word in no list.
func (r *run) unknown(i int) {
	t := r.doc.Tokens[i]
	w := t.Norm
	if utf8.RuneCountInString(w) > maxSuggestLen {
		r.add(i, analysis.Finding{Code: CodeMisspelled, Severity: analysis.SeverityError, Span: t.Span,
			Message: "This is too long to be a word. Check for missing spaces."})
		return
	}
	capital := isUpperRune(w)
	if !capital && r.essayNameInLower(i) {
		return
	}
	if capital && (!r.sentenceInitial(i) || isAllUpper(w)) {
		r.unknownName(i)
		return
	}
	if capital && r.nameInEssay(i) {
		r.unknownName(i)
		return
	}
	sugg := r.suggest(w)
	if capital {
		// A capital at the start of a sentence says nothing about whether
		// the word is a name: flag it only when a common word is close.
		if len(sugg) == 0 || r.a.dict.isName(sugg[0]) {
			r.unknownName(i)
			return
		}
	}
	if split, ok := r.a.split(strings.ToLower(w)); ok {
		// Most words run together involve a short function word ("the
		// army", "in front", "a lot"); otherwise a close misspelling is the
		// likelier reading.
		l, rt, _ := strings.Cut(split, " ")
		if (functionWords[l] || functionWords[rt]) && !r.oneSlipFromCommon(w, sugg) || !r.closeSuggestion(w, sugg) {
			r.add(i, analysis.Finding{Code: CodeRunTogether, Severity: analysis.SeverityError, Span: t.Span,
				Message:     fmt.Sprintf("“%s” looks like two words run together: “%s”.", t.Text, matchCase(w, split)),
				Suggestions: []string{matchCase(w, split)}})
			return
		}
		sugg = insertSuggestion(sugg, matchCase(w, split), 1)
	}
	msg := fmt.Sprintf("“%s” is not a word we know. Check the spelling.", t.Text)
	if len(sugg) > 0 {
		msg = fmt.Sprintf("“%s” is not a word we know. Did you mean “%s”?", t.Text, sugg[0])
	}
	r.add(i, analysis.Finding{Code: CodeMisspelled, Severity: analysis.SeverityError, Span: t.Span, Message: msg, Suggestions: sugg})
}

// unknownName reports a capitalised unknown word only when a known name is
// close to it: an unfamiliar name is not a mistake.
func (r *run) unknownName(i int) {
	t := r.doc.Tokens[i]
	lw := strings.ToLower(t.Norm)
	s := r.a.suggester()
	var names []string
	if strings.ContainsAny(lw, "'.") {
		return
	}
	// Short names are close to many others: allow one edit under seven
	// letters, two from seven.
	limit := 1
	if len(lw) >= 7 {
		limit = 2
	}
	for _, c := range s.suggest(lw, 10) {
		cand := s.cands[c.id]
		if cand.display == cand.lower || osa(lw, cand.lower, limit) > limit {
			continue
		}
		names = append(names, cand.display)
		if len(names) == 3 {
			break
		}
	}
	if len(names) == 0 {
		return
	}
	// "the Jupiters", "the Pankhursts'", "Harolds name": a plural or a
	// possessive of a known name is not a misspelt name (an apostrophe
	// missing is the apostrophe check's to report).
	if strings.TrimSuffix(lw, "s") == strings.ToLower(names[0]) {
		return
	}
	// One slip from a name the history lexicon or the topic packs know,
	// and from no other: "Kamanev" is Kamenev. A name that is itself
	// known never reaches here.
	if wi := r.a.dict.lookup(names[0]); wi != nil && wi.Name && osa(lw, strings.ToLower(names[0]), 1) <= 1 &&
		(len(names) == 1 || osa(lw, strings.ToLower(names[1]), 1) > 1) && len(lw) >= 5 {
		r.add(i, analysis.Finding{Code: CodeNameSlip, Severity: analysis.SeverityError, Span: t.Span,
			Message:     fmt.Sprintf("“%s” is one letter away from “%s”: check the spelling of the name.", t.Text, names[0]),
			Suggestions: names[:1]})
		return
	}
	r.add(i, analysis.Finding{Code: CodeUnknownName, Severity: analysis.SeverityInfo, Span: t.Span,
		Message:     fmt.Sprintf("We don't know the name “%s”. If you meant “%s”, check the spelling.", t.Text, names[0]),
		Suggestions: names})
}

func insertSuggestion(list []string, s string, at int) []string {
	for _, x := range list {
		if x == s {
			return list
		}
	}
	at = min(at, len(list))
	out := append([]string{}, list[:at]...)
	out = append(out, s)
	out = append(out, list[at:]...)
	if len(out) > maxSuggest {
		out = out[:maxSuggest]
	}
	return out
}

// isName reports whether w is known only with a capital letter.
func (d *dictionary) isName(w string) bool {
	wi := d.lookup(w)
	return wi != nil && !wi.HasLower
}

// closeSuggestion reports whether some suggestion for w is within two
// edits of it, so that a misspelling is likelier than two words run together.
func (r *run) closeSuggestion(w string, sugg []string) bool {
	lw := strings.ToLower(w)
	for _, s := range sugg {
		if !strings.Contains(s, " ") && osa(lw, strings.ToLower(s), 2) <= 2 {
			return true
		}
	}
	return false
}

// oneSlipFromCommon reports whether a suggestion is a common word one edit
// from w, or w with its apostrophe restored ("belive" is "believe", not "be
// live"; "arent" is "aren't").
func (r *run) oneSlipFromCommon(w string, sugg []string) bool {
	lw := strings.ToLower(w)
	for _, s := range sugg {
		ls := strings.ToLower(s)
		if strings.Contains(ls, "'") && strings.ReplaceAll(ls, "'", "") == lw {
			return true
		}
		if wi := r.a.dict.lookup(ls); wi != nil && wi.Tier <= tierCommon && osa(lw, ls, 1) <= 1 {
			return true
		}
	}
	return false
}

// functionWords are the grammatical words most often run into a neighbour.
var functionWords = set("a", "an", "the", "of", "in", "on", "at", "to", "for", "by", "as", "is", "it", "and", "or",
	"but", "with", "from", "that", "this", "these", "those", "their", "there", "his", "her", "its", "our", "my",
	"we", "he", "she", "they", "be", "not", "no", "so", "up", "out", "each", "other", "every", "any", "some", "all",
	"more", "most", "much", "very", "too", "also", "well", "because", "than", "then", "into", "which", "who",
	"what", "when", "where", "how", "after", "before", "during", "while", "was", "were", "had", "has", "have")

// shortWords are the words of one or two letters that a run-together split
// may produce.
var shortWords = set("a", "i", "an", "as", "at", "be", "by", "do", "go", "he", "if", "in", "is", "it", "me", "my",
	"no", "of", "on", "or", "so", "to", "up", "us", "we")

// split finds the best way to read lw as two common words ("thearmy").
func (a *Analyzer) split(lw string) (string, bool) {
	if !isASCIIWord(lw) || len(lw) < 4 || len(lw) > maxSuggestLen {
		return "", false
	}
	best, bestScore := "", -1.0
	for i := 1; i < len(lw); i++ {
		l, rt := lw[:i], lw[i:]
		if len(l) < 3 && !shortWords[l] || len(rt) < 3 && !shortWords[rt] {
			continue
		}
		lwi, rwi := a.dict.words[l], a.dict.words[rt]
		if lwi == nil || rwi == nil || !lwi.HasLower || !rwi.HasLower || lwi.Tier > tierCommon || rwi.Tier > tierCommon {
			continue
		}
		if score := prior(lwi) + prior(rwi); score > bestScore {
			best, bestScore = l+" "+rt, score
		}
	}
	return best, best != ""
}

// units may follow a number directly ("1920s", "22nd", "10km").
var units = map[string]bool{
	"s": true, "st": true, "nd": true, "rd": true, "th": true, "am": true, "pm": true, "bc": true, "ad": true,
	"bce": true, "ce": true, "km": true, "kg": true, "m": true, "cm": true, "mm": true, "mph": true, "k": true,
	"bn": true, "mn": true, "lb": true, "lbs": true, "ft": true, "g": true, "x": true, "d": true, "p": true,
	"c": true, "ml": true, "l": true, "sq": true, "yd": true, "yds": true, "hrs": true, "h": true, "mins": true,
}

// numberWord reports a number run into a word: "26%of", "1917the".
func (r *run) numberWord(i int) {
	t := r.doc.Tokens[i]
	w := t.Norm
	j := strings.IndexFunc(w, unicode.IsLetter)
	if j <= 0 {
		return
	}
	num, rest := w[:j], w[j:]
	// "a 185-foot spire", "the 1914-era army": a hyphen already joins them.
	if last, _ := utf8.DecodeLastRuneInString(num); last == '-' || last == '\u2010' || last == '\u2011' || last == '\u2013' {
		return
	}
	if strings.ContainsFunc(rest, func(r rune) bool { return !unicode.IsLetter(r) }) {
		return
	}
	lr := strings.ToLower(rest)
	if units[lr] || rest != lr || len(rest) < 2 {
		return
	}
	wi := r.a.dict.words[lr]
	if wi == nil || !wi.HasLower || wi.Tier > 2 {
		return
	}
	fix := num + " " + rest
	r.add(i, analysis.Finding{Code: CodeRunTogether, Severity: analysis.SeverityError, Span: t.Span,
		Message:     fmt.Sprintf("Put a space between the number and the word: “%s”.", fix),
		Suggestions: []string{fix}})
}

// sentenceStart reports a sentence of prose that starts with a lower-case
// letter. Lists of words, one to a line, and sentences after abbreviations
// are left alone.
func (r *run) sentenceStart(s int) {
	sent := r.doc.Sentences[s]
	toks := r.doc.Tokens[sent.Tokens.Start:sent.Tokens.End]
	first, words := -1, 0
	for k, t := range toks {
		if t.Kind == analysis.KindWord || t.Kind == analysis.KindNumber {
			if first < 0 {
				first = k
			}
			words++
		}
	}
	if first < 0 || words < 4 {
		return
	}
	last := toks[len(toks)-1].Norm
	if last != "." && last != "!" && last != "?" {
		return
	}
	t := toks[first]
	if t.Kind != analysis.KindWord || skipToken(t.Norm) || !plainASCII(strings.ReplaceAll(t.Norm, "'", "")) {
		return
	}
	c, size := utf8.DecodeRuneInString(t.Text)
	if !unicode.IsLower(c) || r.flagged[sent.Tokens.Start+first] {
		return
	}
	// After an abbreviation the segmenter may have cut a sentence in two.
	if s > 0 && r.doc.Sentences[s-1].Paragraph == sent.Paragraph {
		prev := r.doc.SentenceTokens(s - 1)
		lastPrev := prev[len(prev)-1]
		if lastPrev.Norm != "." && lastPrev.Norm != "!" && lastPrev.Norm != "?" {
			return
		}
		if len(prev) >= 2 && strings.Contains(prev[len(prev)-2].Norm, ".") || len(prev) < 3 {
			return
		}
	}
	fix := string(unicode.ToUpper(c)) + t.Text[size:]
	r.add(sent.Tokens.Start+first, analysis.Finding{Code: CodeCapitalisation, Severity: analysis.SeverityError, Span: t.Span,
		Message:     fmt.Sprintf("Start the sentence with a capital letter: “%s”.", fix),
		Suggestions: []string{fix}})
}
