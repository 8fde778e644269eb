package rubric

import (
	"math"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/clio-history/clio/analysis"
	"github.com/clio-history/clio/analysis/argument"
	"github.com/clio-history/clio/analysis/evidence"
	"github.com/clio-history/clio/analysis/spelling"
)

// Feature names: explainable measures of an essay, used by calibration
// profiles (and shown in them, so a tutor can read what a profile weighs).
// Each is computed from the document and from the analyzers' metrics when
// they are present. Sentences that repeat an earlier sentence, paragraphs off
// the subject and runs of connectives are left out of every count, so padding
// does not make an essay look longer or richer.
const (
	FeatLogWords          = "log_words"
	FeatLogSentences      = "log_sentences"
	FeatParagraphs        = "paragraphs"
	FeatMeanSentence      = "mean_sentence_words"
	FeatSDSentence        = "sd_sentence_words"
	FeatLogTypes          = "log_distinct_words"
	FeatRootTTR           = "root_type_token_ratio"
	FeatMeanWordLetters   = "mean_word_letters"
	FeatLongWordShare     = "long_word_share"
	FeatCommasPerSentence = "commas_per_sentence"
	FeatConnectives       = "distinct_connectives"
	FeatPunctVariety      = "punctuation_variety"
	FeatPromptOverlap     = "prompt_overlap"
	FeatSpelling          = "spelling_errors_per_100_words"
	FeatDuplicateShare    = "duplicate_sentence_share"
	FeatKeyTerms          = "key_terms"
	FeatLowTerms          = "low_terms"
	FeatLogWordsSq        = "log_words_squared"
	// From the argument and evidence analyzers, 0 when they did not run.
	FeatAnalytical = "analytical_sentence_share"
	FeatEvaluative = "evaluative_per_100_words"
	FeatSpecifics  = "specifics_per_100_words"
)

// FeatureNames lists the features in a fixed order.
var FeatureNames = []string{
	FeatLogWords, FeatLogWordsSq, FeatLogSentences, FeatParagraphs, FeatMeanSentence, FeatSDSentence,
	FeatLogTypes, FeatRootTTR, FeatMeanWordLetters, FeatLongWordShare, FeatCommasPerSentence,
	FeatConnectives, FeatPunctVariety, FeatPromptOverlap, FeatSpelling, FeatDuplicateShare, FeatKeyTerms,
	FeatLowTerms, FeatAnalytical, FeatEvaluative, FeatSpecifics,
}

// metricFeatures map analyzer metrics to features, with a ceiling that keeps
// one odd essay from dominating a fit.
var metricFeatures = []struct {
	feature, metric string
	ceiling         float64
}{
	{FeatSpelling, spelling.MetricErrorsPer100Words, 30},
	{FeatAnalytical, argument.MetricAnalyticalSentenceShare, 1},
	{FeatEvaluative, argument.MetricEvaluativePer100Words, 15},
	{FeatSpecifics, evidence.MetricSpecificPer100Words, 20},
}

// connectives are the words and phrases that signal reasoning: cause,
// contrast, consequence and weighing. Counted once each (distinct), so a list
// of them earns no more than using each once.
var connectives = []string{
	"because", "however", "therefore", "although", "though", "whereas", "consequently",
	"furthermore", "moreover", "nevertheless", "thus", "hence", "since", "unless",
	"as a result", "on the other hand", "in contrast", "for example", "for instance",
	"this meant", "this shows", "which meant", "led to", "due to", "in addition",
	"more important", "most important", "significant", "ultimately", "overall",
	"despite", "while", "similarly", "instead", "in conclusion", "first", "finally",
}

// stopwords are function words left out of content-word measures.
var stopwords = func() map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(`a an the and or but if of to in on at by for from with about as into
	 is are was were be been being am do does did have has had having it its this that these those there
	 their they them he him his she her we our us you your i me my mine not no nor so than then too very
	 can could would should will shall may might must what which who whom whose when where why how all any
	 both each few more most other some such only own same just also up down out over under again further
	 once here s t don doesn didn isn wasn weren won wouldn couldn shouldn let lets one two`) {
		m[w] = true
	}
	return m
}()

// Words returns the distinct lower-case content words of the essay
// (letters only, three or more, not function words), sorted. Calibration uses
// them to learn the key terms of good answers to a question.
func Words(doc *analysis.Document) []string {
	seen := map[string]bool{}
	for _, t := range doc.Tokens {
		if t.Kind != analysis.KindWord {
			continue
		}
		w := t.Lower()
		if len(w) < 3 || stopwords[w] || !isLetters(w) {
			continue
		}
		seen[w] = true
	}
	out := make([]string, 0, len(seen))
	for w := range seen {
		out = append(out, w)
	}
	sort.Strings(out)
	return out
}

func isLetters(w string) bool {
	for _, r := range w {
		if (r < 'a' || r > 'z') && r != '\'' && r != '-' {
			return false
		}
	}
	return true
}

// ComputeFeatures measures an analysed essay. prompt is the question or task
// the essay answers ("" when there is none). The key_terms and low_terms
// features depend on a set's learned terms and are 0 here: SetModel.Features
// fills them.
func ComputeFeatures(res *analysis.Result, prompt string) map[string]float64 {
	doc := res.Document
	tv := newTextView(res)
	f := make(map[string]float64, len(FeatureNames))
	var lens []float64
	words, letters, long, commas, dup := 0, 0, 0, 0, 0
	types := map[string]bool{}
	punct := map[string]bool{}
	var sb strings.Builder
	for i, s := range doc.Sentences {
		if !tv.counts(i) {
			dup++
			continue
		}
		n := 0
		sb.WriteByte(' ')
		for k, t := range doc.SentenceTokens(i) {
			if tv.inRun[s.Tokens.Start+k] {
				continue
			}
			switch t.Kind {
			case analysis.KindWord, analysis.KindNumber:
				w := t.Lower()
				n++
				types[w] = true
				l := len([]rune(w))
				letters += l
				if l >= 7 {
					long++
				}
				sb.WriteString(w)
				sb.WriteByte(' ')
			case analysis.KindPunct:
				switch t.Norm {
				case ",":
					commas++
				case ";", ":", "?", "!", "\"", "(", "'", "-":
					punct[t.Norm] = true
				}
			}
		}
		words += n
		lens = append(lens, float64(n))
	}
	sents := len(lens)
	f[FeatLogWords] = math.Log1p(float64(words))
	f[FeatLogWordsSq] = f[FeatLogWords] * f[FeatLogWords]
	f[FeatLogSentences] = math.Log1p(float64(sents))
	f[FeatParagraphs] = math.Min(float64(len(doc.Paragraphs)), 12)
	f[FeatLogTypes] = math.Log1p(float64(len(types)))
	if words > 0 {
		f[FeatRootTTR] = float64(len(types)) / math.Sqrt(float64(words))
		f[FeatMeanWordLetters] = float64(letters) / float64(words)
		f[FeatLongWordShare] = float64(long) / float64(words)
	}
	if sents > 0 {
		mean := float64(words) / float64(sents)
		f[FeatMeanSentence] = math.Min(mean, 60)
		v := 0.0
		for _, l := range lens {
			v += (l - mean) * (l - mean)
		}
		f[FeatSDSentence] = math.Min(math.Sqrt(v/float64(sents)), 40)
		f[FeatCommasPerSentence] = math.Min(float64(commas)/float64(sents), 6)
	}
	if n := len(doc.Sentences); n > 0 {
		f[FeatDuplicateShare] = float64(dup) / float64(n)
	}
	text := sb.String()
	distinct := 0
	for _, c := range connectives {
		if strings.Contains(text, " "+c+" ") {
			distinct++
		}
	}
	f[FeatConnectives] = float64(distinct)
	f[FeatPunctVariety] = float64(len(punct))
	f[FeatPromptOverlap] = promptOverlap(prompt, types)
	// Absent measures are 0, so every feature is always present.
	f[FeatKeyTerms], f[FeatLowTerms] = 0, 0
	for _, m := range metricFeatures {
		f[m.feature] = 0
		if v, ok := res.Metrics[m.metric]; ok && !math.IsNaN(v) {
			f[m.feature] = math.Max(0, math.Min(v, m.ceiling))
		}
	}
	return f
}

// appendSentenceKey appends a sentence's words in lower case, each followed
// by a space, so that a sentence repeated with different spacing or quotes
// still counts as a repeat. Appending to a reused buffer keeps the key free
// until it is stored.
func appendSentenceKey(dst []byte, toks []analysis.Token) []byte {
	for _, t := range toks {
		if t.Kind == analysis.KindWord || t.Kind == analysis.KindNumber {
			dst = appendLower(dst, t.Norm)
			dst = append(dst, ' ')
		}
	}
	return dst
}

// appendLower appends strings.ToLower(s), without allocating when s is ASCII.
func appendLower(dst []byte, s string) []byte {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return append(dst, strings.ToLower(s)...)
		}
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		dst = append(dst, c)
	}
	return dst
}

// promptOverlap is the share of the prompt's content words that the essay
// uses.
func promptOverlap(prompt string, types map[string]bool) float64 {
	var want []string
	seen := map[string]bool{}
	for _, w := range strings.FieldsFunc(strings.ToLower(analysis.Normalize(prompt)), func(r rune) bool {
		return (r < 'a' || r > 'z') && r != '\''
	}) {
		if len(w) < 3 || stopwords[w] || seen[w] {
			continue
		}
		seen[w] = true
		want = append(want, w)
	}
	if len(want) == 0 {
		return 0
	}
	used := 0
	for _, w := range want {
		if types[w] {
			used++
		}
	}
	return float64(used) / float64(len(want))
}

// WithTerms returns a copy of features with key_terms and low_terms set:
// the shares of a set's key terms (words that go with higher marks) and low
// terms (words that go with lower marks) among the essay's content words
// (as Words returns them, sorted).
func WithTerms(features map[string]float64, words, keyTerms, lowTerms []string) map[string]float64 {
	out := make(map[string]float64, len(features)+2)
	for k, v := range features {
		out[k] = v
	}
	out[FeatKeyTerms] = termShare(words, keyTerms)
	out[FeatLowTerms] = termShare(words, lowTerms)
	return out
}

func termShare(words, terms []string) float64 {
	if len(terms) == 0 {
		return 0
	}
	used := 0
	for _, k := range terms {
		i := sort.SearchStrings(words, k)
		if i < len(words) && words[i] == k {
			used++
		}
	}
	return float64(used) / float64(len(terms))
}
