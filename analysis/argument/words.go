package argument

// Word and phrase lists, lower case, compared with Token.Norm lower-cased.
// Written for Clio; no third-party list is shipped.

import "strings"

type category uint8

const (
	catCausal category = 1 << iota
	catEval
	catContrast
	catAdditive
)

// phrase is one marker of analytical writing.
type phrase struct {
	words []string
	// key is the words joined by spaces, the form findings and counts use.
	key string
	cat category
	// adverbial markers ("however", "therefore") link sentences; at the start
	// of a sentence they say nothing about the reasoning inside it, so they
	// never make a sentence analytical on their own, and two of them in a
	// row are a pile of connectives, not writing.
	adverbial bool
}

func p(cat category, adverbial bool, words ...string) []phrase {
	out := make([]phrase, len(words))
	for i, w := range words {
		ws := splitSpace(w)
		out[i] = phrase{words: ws, key: strings.Join(ws, " "), cat: cat, adverbial: adverbial}
	}
	return out
}

func splitSpace(s string) []string {
	var out []string
	start := -1
	for i := 0; i <= len(s); i++ {
		if i == len(s) || s[i] == ' ' {
			if start >= 0 {
				out = append(out, s[start:i])
				start = -1
			}
			continue
		}
		if start < 0 {
			start = i
		}
	}
	return out
}

var phrases = concat(
	// Sentence adverbials.
	p(catCausal, true, "therefore", "thus", "hence", "consequently", "as a result", "as a consequence",
		"accordingly", "thereby"),
	p(catContrast, true, "however", "nevertheless", "nonetheless", "conversely", "on the other hand",
		"in contrast", "by contrast", "alternatively", "on the contrary", "even so", "still"),
	p(catAdditive, true, "furthermore", "moreover", "additionally", "in addition", "also", "besides",
		"similarly", "likewise", "firstly", "secondly", "thirdly", "finally", "lastly", "indeed",
		"meanwhile", "subsequently", "overall", "in conclusion", "to conclude", "in summary",
		"for example", "for instance", "notably", "clearly", "evidently", "obviously", "significantly",
		"importantly", "crucially", "arguably", "ultimately", "undoubtedly", "certainly"),
	// Causal language inside a clause.
	p(catCausal, false, "because", "because of", "since", "as a result of", "resulted in", "result in",
		"results in", "resulting in", "led to", "lead to", "leads to", "leading to", "meant that",
		"meant", "means that", "meaning that", "allowed", "allowing", "allows", "enabled", "enabling",
		"enables", "caused", "causing", "due to", "owing to", "so that", "in order to", "contributed to",
		"contributing to", "contributes to", "made it possible", "explains why", "explain why",
		"helped", "helping", "ensured", "ensuring", "undermined", "undermining", "weakened",
		"strengthened", "provoked", "triggered", "paved the way",
		"was able to", "were able to", "in turn", "the reason",
		"reason why", "which is why", "this is why", "shows that", "showed that", "show that",
		"demonstrates", "demonstrated", "suggests that", "suggests", "proves", "proved that",
		"indicates", "illustrates", "reflects", "this explains", "without which", "depended on",
		"relied on", "allowed him", "so he could", "so they could", "thanks to", "a consequence of",
		"the effect of", "effect on", "impact on", "responsible for", "took advantage",
		"made this worse", "made it worse", "made matters worse", "made the situation worse",
		"made this easier", "made it easier", "made it harder", "made this harder",
		"benefited from", "benefit from"),
	// Evaluation and judgement.
	p(catEval, false, "more important than", "less important than", "as important as",
		"more significant than", "less significant than", "as significant as", "most important",
		"the most significant", "most significant", "most influential", "most decisive",
		"more important", "less important", "more significant", "less significant", "significant",
		"significance", "important", "importance", "crucial", "vital", "key", "decisive",
		"fundamental", "central", "main", "primary", "primarily", "mainly", "largely", "chiefly",
		"principally", "partly", "partially", "to a great extent", "to a large extent",
		"to a limited extent", "to some extent", "to a certain extent", "to an extent",
		"outweighed", "outweighs", "outweigh", "more than", "greater than", "far more", "above all",
		"in the long term", "in the short term", "long-term", "short-term", "effective",
		"ineffective", "successful", "unsuccessful", "limited", "it is clear", "most likely",
		"the greatest", "less than", "decisively", "essential", "underlying", "the root",
		"turning point", "least", "humiliation", "humiliating", "fault", "mistake", "mistakes",
		"failure", "failures", "disaster", "disastrous", "achievement", "achievements",
		"improvement", "improvements", "setback", "triumph", "success", "mattered", "matters",
		"advantage", "advantages", "harder to", "easier to", "worse", "better"),
	// Phrases that look like markers but are not: matched first so that
	// their words are not read as one.
	p(catAdditive, false, "at least", "key to", "main road"),
	// Weighing and counter-argument inside a clause.
	p(catContrast, false, "whereas", "although", "though", "despite", "in spite of",
		"some historians", "historians argue", "historians such as", "it could be argued",
		"it can be argued", "could be argued", "others argue that", "others would argue", "argue that", "argues that",
		"argued that", "an alternative", "counter-argument", "not the only", "but", "yet", "while",
		"whilst"),
)

// weakCausal explain an event inside a story ("he sent his men home
// because the harvest was due") as readily as they explain an answer.
var weakCausal = set("because", "because of", "since", "so that", "in order to", "due to",
	"owing to", "was able to", "were able to", "helped", "helping", "thanks to")

// stateVerbs are past forms that describe rather than narrate.
var stateVerbs = set("was", "were", "had", "been", "did", "'d", "seemed", "appeared", "remained",
	"wanted", "believed", "thought", "knew", "felt", "hoped", "expected", "needed")

// weakMarkers are too common in plain narrative ("…, but he died") to make a
// sentence analytical on their own; they still count towards balance.
var weakMarkers = set("but", "yet", "while", "whilst", "though")

func concat(lists ...[]phrase) []phrase {
	var out []phrase
	for _, l := range lists {
		out = append(out, l...)
	}
	return out
}

// contrastInClause marks the evaluation phrases that also weigh one thing
// against another, for balance.
var contrastInClause = set("whereas", "while", "although", "though", "despite", "in spite of", "yet",
	"but", "some historians", "historians argue", "it could be argued", "it can be argued",
	"could be argued", "others argue that", "others would argue", "an alternative", "counter-argument", "not the only",
	"more important than", "less important than", "as important as", "more significant than",
	"less significant than", "outweighed", "outweighs", "outweigh")

// singleAdverbial are the one-word sentence adverbials.
var singleAdverbial = func() map[string]bool {
	m := map[string]bool{}
	for _, ph := range phrases {
		if ph.adverbial && len(ph.words) == 1 {
			m[ph.words[0]] = true
		}
	}
	return m
}()

// phraseIndex maps a first word to the phrases starting with it, longest first.
var phraseIndex = func() map[string][]phrase {
	m := map[string][]phrase{}
	for _, ph := range phrases {
		m[ph.words[0]] = append(m[ph.words[0]], ph)
	}
	for k, list := range m {
		for i := 1; i < len(list); i++ {
			for j := i; j > 0 && len(list[j].words) > len(list[j-1].words); j-- {
				list[j], list[j-1] = list[j-1], list[j]
			}
		}
		m[k] = list
	}
	return m
}()

// functionWords are closed-class words: articles, pronouns, prepositions,
// auxiliaries, conjunctions. Real sentences are roughly 40–55% function
// words; a list of names and nouns has almost none.
var functionWords = set(
	"a", "an", "the", "and", "or", "but", "nor", "of", "in", "on", "at", "to", "for", "from", "by",
	"with", "without", "into", "onto", "upon", "about", "above", "after", "against", "along",
	"among", "around", "as", "before", "behind", "below", "beside", "between", "beyond", "during",
	"except", "inside", "near", "off", "out", "over", "since", "through", "throughout", "till",
	"until", "towards", "under", "unlike", "up", "via", "within", "is", "are", "was", "were",
	"be", "been", "being", "am", "do", "does", "did", "have", "has", "had", "having", "will",
	"would", "shall", "should", "can", "could", "may", "might", "must", "it", "its", "this",
	"that", "these", "those", "he", "him", "his", "she", "her", "hers", "they", "them", "their",
	"we", "us", "our", "you", "your", "i", "me", "my", "who", "whom", "whose", "which", "what",
	"when", "where", "how", "why", "whether", "if", "than", "then", "so", "such", "there", "not",
	"no", "any", "all", "some", "each", "every", "both", "either", "neither", "more", "most",
	"less", "much", "many", "very", "too", "only", "just", "own", "same", "other", "another",
	"one", "himself", "herself", "itself", "themselves", "while", "whilst", "although", "though",
	"because", "also", "even", "s", "'s", "n't", "not",
)

// frameWords turn a sentence into a plan or a question rather than an answer:
// "This essay will discuss whether…".
var framePhrases = [][]string{
	{"will", "discuss"}, {"will", "examine"}, {"will", "explore"}, {"will", "look", "at"},
	{"will", "consider"}, {"will", "assess"}, {"will", "evaluate"}, {"will", "analyse"},
	{"will", "analyze"}, {"will", "investigate"}, {"will", "outline"}, {"will", "describe"},
	{"whether"}, {"how", "far"}, {"to", "what", "extent"}, {"there", "are", "many"},
	{"there", "were", "many"}, {"many", "reasons"}, {"several", "reasons"}, {"a", "number", "of", "reasons"},
	{"various", "reasons"}, {"many", "factors"}, {"several", "factors"}, {"various", "factors"},
}

// stancePhrases commit the writer to an answer whatever the question;
// commandPhrases add the words that answer one kind of question.
var stancePhrases = [][]string{
	{"i", "will", "argue"}, {"will", "argue"}, {"argue", "that"}, {"i", "believe"},
	{"most", "important"}, {"most", "significant"}, {"main", "reason"}, {"main", "cause"},
	{"main", "factor"}, {"main", "explanation"}, {"mainly"}, {"primarily"}, {"largely"}, {"chiefly"},
	{"principally"}, {"above", "all"}, {"only", "partly"}, {"partly"}, {"more", "important", "than"},
	{"less", "important", "than"}, {"more", "significant", "than"}, {"less", "significant", "than"},
	{"crucial"}, {"decisive"}, {"key", "reason"}, {"key", "factor"}, {"the", "key"}, {"fundamental"},
	{"because"}, {"due", "to"}, {"outweighed"}, {"not", "the", "main"},
	{"not", "the", "most"}, {"most", "influential"}, {"most", "decisive"}, {"vital"}, {"essential"},
	{"without", "which"}, {"success", "to"}, {"owed"}, {"owe"}, {"thanks", "to"}, {"as", "a", "result", "of"},
	{"explains", "why"}, {"root", "cause"}, {"underlying"},
}

// judgementPhrases rank, weigh or say how far: what a conclusion must do.
// "because" is not among them: explaining is not judging.
var judgementPhrases = [][]string{
	{"most", "important"}, {"most", "significant"}, {"most", "influential"}, {"main", "reason"},
	{"main", "cause"}, {"main", "factor"}, {"main", "explanation"}, {"mainly"}, {"primarily"}, {"largely"},
	{"chiefly"}, {"principally"}, {"above", "all"}, {"only", "partly"}, {"partly"},
	{"more", "important", "than"}, {"less", "important", "than"}, {"as", "important", "as"},
	{"more", "significant", "than"}, {"less", "significant", "than"}, {"crucial"}, {"decisive"},
	{"key", "reason"}, {"key", "factor"}, {"the", "key"}, {"fundamental"}, {"outweighed"},
	{"outweighs"}, {"not", "the", "main"}, {"not", "the", "most"}, {"most", "decisive"},
	{"vital"}, {"essential"}, {"without", "which"}, {"root", "cause"},
	{"underlying"}, {"more", "than"}, {"less", "than"}, {"greater"}, {"mostly"}, {"least"},
	{"second", "most"}, {"mattered", "less"}, {"mattered", "more"}, {"mattered", "most"},
	{"only", "in", "part"}, {"in", "part"}, {"to", "a", "large", "extent"}, {"to", "some", "extent"},
	{"to", "a", "limited", "extent"}, {"to", "a", "great", "extent"}, {"less", "important"},
	{"more", "important"}, {"less", "significant"}, {"more", "significant"},
	{"main", "reasons"}, {"main", "causes"}, {"main", "factors"}, {"key", "reasons"}, {"key", "factors"},
}

// commandPhrases answer a particular kind of question: how far, how
// significant, how successful, how similar.
var commandPhrases = map[string][][]string{
	"extent": {
		{"to", "a", "great", "extent"}, {"to", "a", "large", "extent"}, {"to", "a", "limited", "extent"},
		{"to", "some", "extent"}, {"to", "a", "certain", "extent"}, {"to", "an", "extent"},
		{"i", "agree"}, {"i", "disagree"}, {"would", "agree"}, {"largely", "agree"},
		{"partly", "agree"}, {"agree"}, {"disagree"}, {"valid"}, {"invalid"}, {"accurate"},
		{"inaccurate"}, {"convincing"}, {"unconvincing"}, {"overstated"}, {"exaggerated"},
	},
	"how-significant": {
		{"significant"}, {"insignificant"}, {"limited"}, {"minor"}, {"important"}, {"significance"},
	},
	"how-successful": {
		{"successful"}, {"unsuccessful"}, {"success"}, {"failure"}, {"failed"}, {"effective"},
		{"ineffective"}, {"limited"}, {"achieved"},
	},
	// How useful a source is for an enquiry: its value, and the limits of
	// it ("useful for showing…, but less so for…").
	"how-useful": {
		{"useful"}, {"useless"}, {"valuable"}, {"value"}, {"reliable"}, {"unreliable"},
		{"limited", "use"}, {"limited"}, {"of", "little", "use"},
	},
	"compare": {
		{"similar"}, {"similarities"}, {"different"}, {"differences"}, {"whereas"}, {"in", "contrast"},
		{"more", "than"}, {"less", "than"}, {"both"},
	},
}

// forCommand returns base plus the phrases that answer command cmd ("" for
// all of them).
func forCommand(base [][]string, cmd string) [][]string {
	out := append([][]string{}, base...)
	switch cmd {
	case "why":
		return out
	case "to-what-extent", "how-far-agree", "how-accurate", "assess-validity":
		return append(out, commandPhrases["extent"]...)
	case "how-significant", "how-successful", "compare", "how-useful":
		return append(append(out, commandPhrases[cmd]...), commandPhrases["extent"]...)
	}
	for _, k := range []string{"extent", "how-significant", "how-successful", "compare"} {
		out = append(out, commandPhrases[k]...)
	}
	return out
}

// weighPhrases compare one thing with another.
var weighPhrases = [][]string{
	{"more", "important", "than"}, {"less", "important", "than"}, {"as", "important", "as"},
	{"more", "significant", "than"}, {"less", "significant", "than"}, {"outweighed"},
	{"outweighs"}, {"more", "than"}, {"less", "than"}, {"whereas"}, {"although"}, {"while"},
	{"though"}, {"rather", "than"}, {"greater", "than"}, {"without", "which"},
	{"other", "factors"}, {"other", "reasons"}, {"not", "the", "only"},
}

// Polarity cues for the stance on the question's claim or factor.
var (
	negativeCues = [][]string{
		{"disagree"}, {"not", "the", "most"}, {"not", "the", "main"}, {"not", "the", "key"},
		{"less", "important", "than"}, {"less", "significant", "than"}, {"to", "a", "limited", "extent"},
		{"limited", "extent"}, {"rather", "than"}, {"unsuccessful"}, {"inaccurate"}, {"invalid"},
		{"overstated"}, {"exaggerated"}, {"was", "not"}, {"were", "not"}, {"not", "convincing"},
		{"only", "a", "minor"}, {"secondary"}, {"little", "to", "do"}, {"failed"}, {"failure"},
	}
	positiveCues = [][]string{
		{"i", "agree"}, {"largely", "agree"}, {"would", "agree"}, {"to", "a", "great", "extent"},
		{"to", "a", "large", "extent"}, {"most", "important"}, {"most", "significant"},
		{"main", "reason"}, {"main", "cause"}, {"main", "factor"}, {"the", "key"},
		{"largely"}, {"mainly"}, {"primarily"}, {"crucial"}, {"decisive"}, {"successful"},
		{"accurate"}, {"valid"}, {"convincing"}, {"more", "important", "than"},
		{"more", "significant", "than"}, {"outweighed"}, {"above", "all"}, {"fundamental"},
	}
	partialCues = [][]string{
		{"to", "some", "extent"}, {"to", "a", "certain", "extent"}, {"to", "an", "extent"},
		{"partly"}, {"partially"}, {"only", "partly"}, {"in", "part"}, {"partly", "agree"},
	}
)

// pointWords show a topic sentence is making an argument about causes or
// importance even without a connective: "Another reason for…", "The role of…".
var pointWords = set("reason", "reasons", "factor", "factors", "cause", "causes", "role",
	"explains", "explain", "explanation", "contributed", "contribution", "responsible",
	"significant", "important", "importance", "significance", "key", "crucial", "main",
	"success", "successful", "failure", "failed", "weakness", "weaknesses", "strength",
	"strengths", "played", "helped", "enabled", "allowed", "argue", "argued", "arguably",
	"impact", "effect", "consequence", "led", "because", "why", "decisive", "vital", "case",
	"argument", "view", "interpretation", "evidence", "problem", "problems", "advantage",
	"advantages", "disadvantage", "mistake", "mistakes", "error", "errors", "skill", "threat",
	"opportunity", "opportunities", "motive", "motives", "aim", "aims", "mattered", "matters")

// linkWords are the words a paragraph's link back to the question may use in
// place of its key terms, by command.
func linkWords(cmd string) map[string]bool {
	switch cmd {
	case "how-successful":
		return linkSuccess
	case "how-significant":
		return linkSignificance
	case "compare":
		return linkCompare
	}
	return linkReason
}

var (
	linkSuccess = set("success", "successful", "successfully", "unsuccessful", "failure", "failed",
		"effective", "ineffective", "achievement", "achieved", "problem", "problems")
	linkSignificance = set("significant", "significance", "important", "importance", "decisive",
		"impact", "influence", "consequence", "consequences")
	linkCompare = set("similar", "similarity", "similarities", "different", "difference",
		"differences", "whereas", "both", "unlike", "contrast")
	linkReason = set("reason", "reasons", "cause", "causes", "factor", "factors", "explains",
		"explain", "why", "important", "significant", "decisive", "main", "victory", "rise",
		"success", "agree", "view", "claim")
)

// sequenceWords mark a story told in order.
var sequenceWords = set("then", "after", "afterwards", "later", "next", "following", "subsequently",
	"eventually", "soon", "before", "when", "meanwhile", "finally", "during", "until", "by",
	"january", "february", "march", "april", "june", "july", "august", "september", "october",
	"november", "december")

func set(words ...string) map[string]bool {
	m := make(map[string]bool, len(words))
	for _, w := range words {
		m[w] = true
	}
	return m
}
