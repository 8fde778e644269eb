package question

import "strings"

// Word lists, lower case, written for Clio.

func set(words ...string) map[string]bool {
	m := make(map[string]bool, len(words))
	for _, w := range words {
		m[w] = true
	}
	return m
}

// stopwords are function words and very general words that never make a key
// term.
var stopwords = set(
	"a", "an", "the", "and", "or", "but", "nor", "of", "in", "on", "at", "to", "for", "from", "by",
	"with", "without", "into", "onto", "upon", "about", "above", "after", "against", "along",
	"among", "amongst", "around", "as", "before", "behind", "below", "beneath", "beside",
	"between", "beyond", "during", "except", "inside", "near", "off", "out", "outside", "over",
	"since", "through", "throughout", "till", "until", "towards", "toward", "under", "unlike",
	"up", "via", "within", "is", "are", "was", "were", "be", "been", "being", "am", "do", "does",
	"did", "done", "have", "has", "had", "having", "will", "would", "shall", "should", "can",
	"could", "may", "might", "must", "it", "its", "this", "that", "these", "those", "he", "him",
	"his", "she", "her", "hers", "they", "them", "their", "theirs", "we", "us", "our", "you",
	"your", "i", "me", "my", "who", "whom", "whose", "which", "what", "when", "where", "how",
	"whether", "if", "than", "then", "so", "such", "there", "here", "not", "no", "any", "all",
	"some", "each", "every", "both", "either", "neither", "more", "less", "much", "many", "very",
	"too", "also", "only", "just", "own", "same", "other", "another", "own", "one", "two",
	"three", "years", "year", "period", "c", "circa", "s", "up", "into", "per", "yet", "while",
	"whilst", "because", "therefore", "however", "thus", "hence", "themselves", "itself",
	"himself", "herself", "way", "ways", "far", "extent", "degree", "time", "times", "reign",
)

// commandWords are the words that frame a question rather than say what it
// is about.
var commandWords = set(
	"why", "explain", "account", "assess", "evaluate", "consider", "discuss", "examine",
	"analyse", "analyze", "agree", "disagree", "view", "claim", "statement", "opinion",
	"interpretation", "argument", "validity", "valid", "convincing", "accurate", "accuracy",
	"fair", "justified", "say", "significant", "significance", "important", "importance",
	"influential", "successful", "success", "effective", "effectively", "effectiveness", "well",
	"compare", "comparison", "similar", "similarity", "similarities", "different", "differ",
	"difference", "differences", "reason", "reasons", "cause", "causes", "factor", "factors",
	"main", "most", "key", "principal", "primary", "chief", "major", "greatest", "biggest",
	"decisive", "crucial", "fundamental", "single", "mainly", "largely", "primarily", "chiefly",
	"responsible", "due", "result", "consequence", "consequences", "role", "impact",
	"influence", "explanation", "answer", "refer", "reference", "least", "at", "mostly",
	"extent", "how", "far", "degree", "century", "decade", "years", "period", "deal",
	"dealing", "eleventh", "twelfth", "thirteenth", "fourteenth", "fifteenth", "sixteenth",
	"seventeenth", "eighteenth", "nineteenth", "twentieth", "early", "late", "mid", "january",
	"february", "march", "april", "may", "june", "july", "august", "september", "october",
	"november", "december",
)

// commandStems are the stems of commandWords, so that "caused" and
// "causing" are skipped like "cause".
var commandStems = func() map[string]bool {
	m := make(map[string]bool, len(commandWords))
	for w := range commandWords {
		m[Stem(w)] = true
	}
	return m
}()

// Stem reduces a word to a rough stem so that "Normans" and "Norman",
// "leader" and "leadership", "significant" and "significance" compare equal.
// It is deliberately light: it strips at most two common suffixes and keeps
// at least four letters. Input is lower-cased.
func Stem(w string) string {
	w = strings.ToLower(w)
	w = strings.TrimSuffix(w, "'s")
	w = strings.TrimSuffix(w, "'")
	if strings.HasSuffix(w, "ian") && len(w) > 6 {
		w = w[:len(w)-1] // Russian -> russia, Victorian -> victoria
	}
	for range 2 {
		suf := firstSuffix(w)
		if suf == "" {
			break
		}
		w = w[:len(w)-len(suf)]
	}
	if strings.HasSuffix(w, "y") && len(w) > 4 {
		w = w[:len(w)-1] + "i"
	}
	if strings.HasSuffix(w, "e") && len(w) > 4 {
		w = w[:len(w)-1]
	}
	return w
}

// suffixes are tried longest first.
var suffixes = []string{
	"isations", "izations", "isation", "ization", "ational", "ations", "itions", "nesses",
	"ements", "ation", "ition", "ement", "ships", "ness", "ment", "ship", "ings", "ists",
	"isms", "ances", "ences", "ities", "ically", "ical", "ably", "ibly", "ful", "ity", "ing",
	"ist", "ism", "ance", "ence", "ants", "ents", "ant", "ent", "ive", "ies", "ied", "ers",
	"ally", "edly", "ly", "ed", "er", "es", "al", "ic", "s",
}

// suffixesByLast are the suffixes by their last byte, each list in the order
// of suffixes: the first of them that w ends with is the first in suffixes,
// found without trying the fifty that end in another letter. Stem runs on
// every word of every essay.
var suffixesByLast = func() (by [256][]string) {
	for _, suf := range suffixes {
		by[suf[len(suf)-1]] = append(by[suf[len(suf)-1]], suf)
	}
	return by
}()

// firstSuffix returns the first of suffixes that w ends with, leaving at
// least four letters, or "" when there is none.
func firstSuffix(w string) string {
	if w == "" {
		return ""
	}
	for _, suf := range suffixesByLast[w[len(w)-1]] {
		if len(w)-len(suf) >= 4 && strings.HasSuffix(w, suf) {
			return suf
		}
	}
	return ""
}

// StemsMatch reports whether two stems name the same thing: equal, or one a
// prefix of the other with at least five letters in common
// ("econom"/"economi").
func StemsMatch(a, b string) bool {
	if a == b {
		return true
	}
	if len(a) > len(b) {
		a, b = b, a
	}
	return len(a) >= 5 && strings.HasPrefix(b, a)
}

// IsStopword reports whether w (lower case) is a function word or a
// question-framing word that never makes a key term.
func IsStopword(w string) bool { return stopwords[w] || commandWords[w] }
