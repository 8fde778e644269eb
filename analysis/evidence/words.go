package evidence

// Word lists used by the detectors. All are lower case and compared with
// Token.Norm lower-cased. Written for this project.

var months = set("january", "february", "march", "april", "may", "june", "july", "august",
	"september", "october", "november", "december", "jan", "feb", "mar", "apr", "jun", "jul",
	"aug", "sep", "sept", "oct", "nov", "dec")

var weekdays = set("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")

// connectives are the linking adverbs a padder sprinkles ("however,
// therefore, furthermore"): they never make a detail more or less specific,
// so the detectors look through them.
var connectives = set("however", "therefore", "furthermore", "moreover", "additionally", "also",
	"consequently", "thus", "hence", "nevertheless", "nonetheless", "firstly", "secondly",
	"thirdly", "finally", "lastly", "similarly", "likewise", "indeed", "meanwhile", "overall",
	"ultimately", "subsequently", "accordingly", "besides", "still", "yet", "then", "so", "and",
	"but", "or", "although", "whereas", "whilst", "thereby", "instead", "clearly", "notably",
	"importantly", "significantly", "arguably", "certainly", "conversely", "alternatively",
	"further", "crucially", "evidently", "obviously", "undoubtedly")

// connectivePhrase are the words of multi-word connectives ("on the other
// hand", "in addition", "for example", "as a result").
var connectivePhrase = set("in", "addition", "contrast", "fact", "particular", "conclusion",
	"summary", "short", "other", "words", "on", "the", "hand", "to", "conclude", "sum", "up", "of",
	"all", "first", "second", "third", "example", "for", "instance", "as", "a", "result", "this",
	"end", "same", "time", "light", "spite", "despite", "because", "that", "therefore", "is", "at",
	"why", "it", "clear", "seems", "can", "be", "argued", "said")

// connectivePhrases are multi-word connectives, matched as whole phrases
// when a sentence's own words are counted.
var connectivePhrases = [][]string{
	{"in", "addition"}, {"for", "example"}, {"for", "instance"}, {"on", "the", "other", "hand"},
	{"as", "a", "result"}, {"in", "contrast"}, {"in", "fact"}, {"in", "particular"},
	{"in", "other", "words"}, {"in", "conclusion"}, {"in", "summary"}, {"to", "conclude"},
	{"to", "sum", "up"}, {"first", "of", "all"}, {"at", "the", "same", "time"}, {"in", "the", "end"},
	{"because", "of", "this"}, {"despite", "this"}, {"in", "spite", "of", "this"}, {"as", "well", "as"},
	{"on", "the", "one", "hand"}, {"to", "this", "end"}, {"in", "light", "of", "this"},
	{"it", "is", "clear", "that"}, {"it", "can", "be", "argued", "that"}, {"that", "is", "why"},
	{"this", "means", "that"}, {"this", "meant", "that"}, {"therefore", "it", "is", "clear"},
}

// stopwords are function words with no subject matter.
var stopwords = set("a", "an", "the", "and", "or", "but", "if", "of", "to", "in", "on", "at", "by",
	"for", "with", "from", "as", "into", "onto", "upon", "about", "over", "under", "after",
	"before", "between", "during", "through", "without", "within", "against", "among", "than",
	"that", "this", "these", "those", "which", "who", "whom", "whose", "what", "when", "where",
	"why", "how", "it", "its", "he", "him", "his", "she", "her", "hers", "they", "them", "their",
	"we", "us", "our", "you", "your", "i", "me", "my", "is", "are", "was", "were", "be", "been",
	"being", "am", "do", "does", "did", "have", "has", "had", "having", "will", "would", "shall",
	"should", "can", "could", "may", "might", "must", "not", "no", "nor", "so", "such", "very",
	"too", "also", "just", "only", "more", "most", "much", "many", "some", "any", "all", "each",
	"every", "both", "either", "neither", "other", "another", "own", "same", "there", "here",
	"then", "thus", "one", "ones", "s", "'s", "n't", "because", "while", "whilst", "although",
	"though", "even", "still", "yet", "however", "therefore", "moreover", "furthermore", "did",
	"up", "down", "out", "off", "again", "further", "once", "well", "able", "like", "made",
	"make", "makes", "way", "ways", "thing", "things", "lot", "lots", "quite", "rather", "really",
	"certainly", "clearly", "perhaps", "possibly", "possible", "often", "always", "never",
	"extent", "far", "agree", "disagree", "important", "importance", "significant", "significance",
	"reason", "reasons", "main", "explain", "assess", "evaluate", "discuss", "consider", "view",
	"valid", "validity", "accurate", "successful", "compare", "whether", "emerge", "emerged")

// reportingVerbs introduce a historian's view when they follow a name in
// the present tense ("Service argues").
var reportingPresent = set("argues", "claims", "suggests", "contends", "maintains", "believes",
	"asserts", "writes", "notes", "observes", "concludes", "insists", "emphasises", "emphasizes",
	"stresses", "highlights", "points", "describes", "sees", "views", "states", "proposes",
	"challenges", "disagrees", "agrees", "counters", "interprets", "portrays", "presents",
	"depicts", "acknowledges", "rejects", "questions", "dismisses", "sees", "regards", "calls",
	"labels", "identifies", "attributes", "puts")

// reportingPast are the same verbs in the past tense; after a name they
// usually report a historical actor ("Lenin argued"), so they mark a
// historian only when the sentence says "historian".
var reportingPast = set("argued", "claimed", "suggested", "contended", "maintained", "believed",
	"asserted", "wrote", "noted", "observed", "concluded", "insisted", "emphasised", "emphasized",
	"stressed", "highlighted", "pointed", "described", "saw", "viewed", "stated", "proposed",
	"challenged", "interpreted", "portrayed", "presented", "depicted", "rejected", "dismissed",
	"regarded", "called", "labelled", "labeled", "identified", "attributed")

// viewNouns follow a historian's possessive ("Service's interpretation").
var viewNouns = set("view", "views", "interpretation", "interpretations", "argument", "arguments",
	"thesis", "account", "analysis", "assessment", "judgement", "judgment", "verdict", "claim",
	"conclusion", "research", "work", "biography", "study", "perspective")

var historianWords = set("historian", "historians", "historiography", "biographer", "biographers",
	"scholar", "scholars")

// units follow a number and make it a measured quantity.
var units = set("%", "percent", "million", "millions", "billion", "billions", "thousand",
	"thousands", "hundred", "m", "bn", "tonnes", "tons", "km", "miles", "roubles", "rubles",
	"pounds", "dollars", "marks", "francs", "acres", "hectares")

// numberWords can stand for a number before a unit ("five million").
var numberWords = set("one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
	"eleven", "twelve", "fifteen", "twenty", "thirty", "forty", "fifty", "sixty", "seventy",
	"eighty", "ninety", "hundred", "a", "half", "quarter", "several")

// versus joins the two sides of a count: "559 votes to 65", "3 out of 4".
var versus = set("to", "against", "-", "versus", "vs", "vs.", "out")

// softeners may sit before the second number of a count: "559 votes to just 65".
var softeners = set("just", "only", "a", "mere", "merely", "barely", "some", "around", "about", "of")

// nameJoiners may join the capitalised words of one name: "Treaty of
// Brest-Litovsk", "Dictatorship of the Proletariat".
var nameJoiners = set("of", "the", "for", "de", "von", "van", "du", "la", "le", "der", "des", "and")

// notNames are capitalised words that are not names of anything specific.
var notNames = set("i", "i'm", "i've", "mr", "mrs", "ms", "dr", "sir", "lord", "king", "queen",
	"god", "ok", "yes", "no")

// sourceLabels name a source in a source-based question ("Source A").
var sourceLabels = set("source", "sources", "extract", "extracts", "interpretation",
	"interpretations", "document", "cartoon", "poster")

// provenanceWords evaluate where a source comes from (AO2).
var provenanceWords = set("provenance", "author", "authored", "written", "published", "speech",
	"diary", "letter", "memoir", "memoirs", "propaganda", "tone", "purpose", "audience",
	"reliability", "reliable", "unreliable", "utility", "useful", "origin", "origins",
	"contemporary", "hindsight", "bias", "biased", "perspective", "content")

func set(words ...string) map[string]bool {
	m := make(map[string]bool, len(words))
	for _, w := range words {
		m[w] = true
	}
	return m
}
