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
	"analyse", "analyze", "agree", "disagree", "view", "claim", "opinion",
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

// instructionWords frame source and extract questions and their
// instructions. Unlike commandWords they are matched whole, not by stem, so
// "statement" does not hide "state" nor "relation" "relations".
var instructionWords = set(
	"source", "sources", "extract", "extracts", "passage", "passages", "interpretations",
	"historian", "historians", "enquiry", "investigate", "studying", "study", "knowledge",
	"contextual", "context", "historical", "understanding", "useful", "usefulness", "value",
	"valuable", "reliable", "revealing", "reveal", "evidence", "material", "issues", "infer",
	"follow", "suggest", "give", "identify", "things", "views", "arguments", "convincing",
	"persuasive", "information", "following", "bullet", "points", "marks", "spag", "write",
	"describe", "outline", "features", "feature", "narrative", "analysing", "analyses", "summary",
	"clear", "organised", "affected", "affect", "purpose", "message", "according", "critical",
	"supportive", "both", "either", "opinion", "examples", "range", "using", "use", "details",
	"limitations", "origin", "origins", "content", "together", "relation", "significantly",
	"successfully", "important", "serious", "present", "day", "today", "similar", "contrast",
	"investigating", "authors", "find", "more", "best", "statement", "statements", "know",
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
func IsStopword(w string) bool { return stopwords[w] || commandWords[w] || instructionWords[w] }

// Words that place a phrase inside a noun phrase, so the word after them is
// not where a predicate starts: "the failed coup", "of limited reform".
var determiners = set("the", "a", "an", "his", "her", "its", "their", "this", "that", "these",
	"those", "our", "my", "your", "some", "many", "few", "several", "each", "every", "all",
	"both", "no", "any", "such", "other", "another", "whose")

var prepositions = set("of", "in", "for", "to", "with", "by", "from", "on", "at", "as", "into",
	"against", "about", "under", "over", "between", "among", "amongst", "within", "without",
	"towards", "toward", "through", "during", "after", "before", "since", "until", "upon",
	"across", "behind", "beyond", "via", "per", "throughout", "despite", "concerning",
	"regarding", "including", "following", "like", "unlike", "than")

// predicateNounHeads follow "the" where a predicate starts: "was X the main
// reason", "was X the result of Y".
var predicateNounHeads = set("main", "most", "key", "principal", "primary", "chief", "single",
	"real", "decisive", "greatest", "biggest", "major", "crucial", "fundamental", "central",
	"dominant", "only", "sole", "best", "worst", "first", "last", "result", "product", "work",
	"cause", "reason", "consequence", "turning", "high", "low", "beginning", "end", "start",
	"culmination", "climax", "triumph", "same", "driving", "prime", "overriding", "underlying",
	"true", "greater", "more", "less", "least")

// predicateWords start a predicate: "was X responsible", "was X
// successful", "were the years 1945–51 mainly…", "had X been…".
var predicateWords = set("responsible", "due", "successful", "unsuccessful", "effective",
	"ineffective", "stable", "unstable", "able", "unable", "doomed", "inevitable", "mainly",
	"largely", "primarily", "chiefly", "mostly", "solely", "entirely", "simply", "merely",
	"only", "purely", "wholly", "fully", "more", "less", "dependent", "reliant", "popular",
	"unpopular", "secure", "insecure", "strong", "weak", "different", "similar", "consistent",
	"justified", "necessary", "radical", "revolutionary", "conservative", "about", "been",
	"ever", "never", "always", "still", "already", "likely", "unlikely", "true", "accurate",
	"fair", "typical", "significant", "important", "influential", "essential", "vital",
	"crucial", "central", "limited", "genuine", "totalitarian", "democratic", "dictatorial",
	"united", "divided", "weaker", "stronger", "better", "worse", "greater", "aware",
	"committed", "motivated", "successfully")

// notAdverbs end in -ly but are not adverbs.
var notAdverbs = set("early", "italy", "family", "july", "assembly", "supply", "rally", "ally",
	"reply", "monopoly", "anomaly", "holy", "daily", "weekly", "monthly", "yearly", "friendly",
	"elderly", "lonely", "ugly", "jolly", "sicily", "apply", "rely", "only", "likely", "belly",
	"bully", "lily", "emily", "italy's", "napoli", "reilly", "kelly", "orderly", "costly",
	"deadly", "worldly", "unruly", "scholarly", "stately", "kindly", "lively", "lovely",
	"timely", "homely", "manly", "womanly", "unlikely", "comply", "multiply", "imply")

// irregularParticiples are past participles that do not end in -ed.
var irregularParticiples = set("driven", "seen", "shown", "given", "taken", "known",
	"undertaken", "overthrown", "thrown", "broken", "chosen", "forgotten", "written", "beaten",
	"spoken", "won", "lost", "led", "built", "held", "brought", "fought", "caught", "sought",
	"taught", "made", "paid", "kept", "left", "grown", "risen", "fallen", "begun", "become",
	"done", "gone", "overcome", "forced", "shaken", "torn", "worn", "sworn", "borne", "drawn")

// notParticiples end in -ed but are not verbs.
var notParticiples = set("united", "hundred", "kindred", "sacred", "naked", "wicked",
	"beloved", "rugged", "ragged", "crooked", "wretched", "aged", "indeed", "proceed",
	"succeed", "exceed", "speed", "breed", "creed", "greed", "bleed", "embed", "seed", "need",
	"deed", "feed", "reed", "weed", "shed", "sled", "alfred", "mildred", "manfred", "winifred")

// baseVerbs are verbs that follow the subject of "did X …?" in history
// questions, in their base form.
var baseVerbs = set("accept", "achieve", "act", "adapt", "adopt", "advance", "affect", "aid",
	"aim", "alienate", "alter", "appease", "apply", "attract", "become", "benefit", "betray",
	"break", "bring", "build", "cause", "centralise", "centralize", "challenge", "change",
	"collapse", "come", "consolidate", "contribute", "control", "create", "cripple", "damage",
	"deal", "decline", "defeat", "deliver", "depend", "deserve", "destroy", "determine",
	"develop", "differ", "diminish", "disappear", "dominate", "ease", "emerge", "encourage",
	"end", "enhance", "enjoy", "escalate", "establish", "exaggerate", "expand", "experience",
	"exploit", "extend", "face", "fail", "fall", "fear", "follow", "force", "gain", "get",
	"give", "go", "grow", "harm", "help", "hinder", "hold", "hurt", "improve", "increase",
	"influence", "intend", "intensify", "introduce", "justify", "keep", "lack", "last", "lead",
	"lessen", "limit", "lose", "maintain", "make", "manage", "matter", "mean", "meet",
	"modernise", "modernize", "motivate", "move", "need", "obtain", "offer", "open", "oppose",
	"outweigh", "overcome", "owe", "pose", "prevent", "produce", "progress", "promote",
	"prosper", "protect", "prove", "provide", "provoke", "reach", "receive", "recover",
	"reduce", "reflect", "reform", "reinforce", "rely", "remain", "replace", "represent",
	"resist", "resolve", "respond", "restore", "restrict", "result", "reverse", "revive",
	"rise", "rule", "satisfy", "secure", "seek", "see", "serve", "settle", "shape", "share",
	"shift", "show", "solve", "spread", "stabilise", "stabilize", "stand", "stop", "strengthen",
	"succeed", "suffer", "support", "survive", "sustain", "take", "threaten", "transform",
	"triumph", "turn", "undergo", "undermine", "unify", "unite", "use", "want", "weaken",
	"welcome", "win", "work", "worsen", "win", "alienate", "bring", "deepen", "widen",
	"liberalise", "liberalize", "democratise", "democratize", "industrialise", "industrialize",
	"collectivise", "radicalise", "radicalize", "isolate", "unite", "embrace", "reject",
	"abandon", "tolerate", "persecute", "suppress", "crush", "eliminate", "remove", "win",
	"attempt", "try", "manage", "continue", "begin", "start", "cease", "keep", "live", "deserve",
	"mark", "signal", "represent", "bring", "alter", "revolutionise", "revolutionize", "damage")

// irregularPast are past tenses that are not base + -ed.
var irregularPast = map[string]string{
	"become": "became", "begin": "began", "bring": "brought", "build": "built", "buy": "bought",
	"choose": "chose", "come": "came", "deal": "dealt", "do": "did", "draw": "drew",
	"drive": "drove", "fall": "fell", "feel": "felt", "fight": "fought", "find": "found",
	"get": "got", "give": "gave", "go": "went", "grow": "grew", "have": "had", "hold": "held",
	"keep": "kept", "know": "knew", "lead": "led", "leave": "left", "lose": "lost",
	"make": "made", "mean": "meant", "meet": "met", "pay": "paid", "put": "put", "rise": "rose",
	"run": "ran", "say": "said", "see": "saw", "seek": "sought", "sell": "sold", "send": "sent",
	"set": "set", "spend": "spent", "spread": "spread", "stand": "stood", "strike": "struck",
	"take": "took", "teach": "taught", "tell": "told", "think": "thought", "throw": "threw",
	"undergo": "underwent", "understand": "understood", "undertake": "undertook",
	"overcome": "overcame", "win": "won", "withstand": "withstood", "write": "wrote",
	"foresee": "foresaw", "bear": "bore", "beat": "beat", "break": "broke", "cut": "cut",
	"shake": "shook", "shut": "shut", "split": "split", "upset": "upset", "outgrow": "outgrew",
}

// doubleFinal double their last consonant before -ed (British spelling).
var doubleFinal = set("stop", "plan", "control", "commit", "ban", "admit", "permit", "occur",
	"prefer", "refer", "transfer", "compel", "expel", "rebel", "propel", "dispel", "drop",
	"ship", "slip", "trap", "drag", "rob", "spur", "deter", "regret", "submit", "emit", "omit",
	"equip", "worship", "travel", "label", "signal", "cancel", "model", "level", "channel",
	"fuel", "total", "grab", "scrap", "patrol", "enrol", "instil", "fulfil", "excel", "repel",
	"quarrel", "marshal", "counsel", "pedal", "rival", "stab", "shun", "jam", "cram", "abet")

// nameJoiners may sit inside a name: "William of Orange", "Martin Luther
// King", "Charles de Gaulle".
var nameJoiners = set("of", "the", "de", "von", "van", "da", "di", "del", "la", "le", "and")

// eventWords make a capitalised phrase an event, policy, document or
// movement rather than an actor: "the Great Depression", "the Schlieffen
// Plan", "the Treaty of Versailles".
var eventWords = set("War", "Wars", "Revolution", "Revolutions", "Revolt", "Rebellion", "Rising",
	"Uprising", "Depression", "Crash", "Plan", "Plans", "Act", "Acts", "Treaty", "Treaties",
	"Crisis", "Crises", "Affair", "Reformation", "Settlement", "Pact", "Conference", "Agreement",
	"Agreements", "Doctrine", "Blockade", "Putsch", "Terror", "Purge", "Purges", "Campaign",
	"Offensive", "Battle", "Invasion", "Armada", "Programme", "Policy", "Policies", "Reform",
	"Reforms", "Deal", "Leap", "Famine", "Strike", "Massacre", "Election", "Elections", "Coup",
	"March", "Movement", "Restoration", "Fire", "Plot", "Book", "Carta", "Mutiny", "Death",
	"Renaissance", "Enlightenment", "Boycott", "Crusade", "Crusades", "Riots", "Spring", "Raid",
	"Bill", "Law", "Laws", "Code", "Manifesto", "Constitution", "Decree", "Edict", "Charter",
	"Declaration", "Trial", "Trials", "Bomb", "Race", "Blitz", "Holocaust", "Kristallnacht",
	"Dissolution", "Conquest", "Rights", "Unification", "Reconstruction", "Prohibition",
	"Industrialisation", "Collectivisation", "Emancipation", "Partition", "Independence",
	"Dynasty", "Empire", "Wall", "Airlift", "Summit", "Accords", "Accord", "Tet", "Clause",
	"Convention", "Protocol", "Resolution", "Compromise", "Proclamation", "Union", "League",
	"Alliance", "Entente", "Ostpolitik", "Glasnost", "Perestroika", "Détente", "Detente",
	"Marshall", "Truman", "Offensive", "Flowers", "Forward", "Year", "Years", "Summer",
	"Night", "Knives", "Inflation", "Hyperinflation", "Crusade", "Walk", "Sit-ins", "Rides",
	"Agreement", "Enabling", "Ship", "Money", "Tax", "Taxes", "Poll", "Loans", "Plague")

// titles make the word after them a person's name: "King John", "Tsar
// Nicholas II".
var titles = set("King", "Queen", "Tsar", "Tsarina", "Kaiser", "President", "Pope", "Emperor",
	"Empress", "Prince", "Princess", "Duke", "Duchess", "Lord", "Lady", "Sir", "General",
	"Cardinal", "Archbishop", "Bishop", "Chancellor", "Chairman", "Marshal", "Earl", "Count",
	"Mr", "Mrs", "Dr", "Saint", "St")

// stateAcronyms are states and organisations that act: "the USA", "the SA".
var stateAcronyms = set("USA", "USSR", "UK", "US", "GDR", "FRG", "PRC", "UN", "EU", "NATO",
	"CCP", "KPD", "SPD", "NSDAP", "SA", "SS", "ANC", "NAACP", "SCLC", "SNCC", "CORE", "IRA",
	"PLO", "GMD", "KMT")

// stateNouns follow "in" where a predicate starts: "was X in decline".
var stateNouns = set("decline", "crisis", "control", "power", "danger", "retreat", "trouble",
	"chaos", "turmoil", "disarray", "difficulty", "difficulties", "debt", "revolt", "ruins",
	"favour", "office", "charge", "command", "opposition", "agreement", "conflict", "step")

// commonNouns can open a quoted view as a one-word factor ("'Religion was the
// main cause…'"): not names, although capitalised there.
var commonNouns = set("trade", "luck", "war", "fear", "money", "weather", "chance", "greed", "terror",
	"poverty", "famine", "disease", "economics", "politics", "geography", "force", "land", "gold",
	"oil", "tax", "taxes", "law", "class", "race", "faith", "hunger", "debt", "credit", "power",
	"wealth", "pride", "honour", "revenge", "hatred", "anger", "fate", "distance", "climate",
	"science", "finance", "inflation", "strength", "hope", "food", "bread", "grain", "labour",
	"capital", "industry", "commerce", "empire", "propaganda", "violence", "morale", "numbers",
	"resources", "timing", "women", "men", "youth", "workers", "peasants", "geography", "ideology",
	"religion", "slavery", "nationalism", "imperialism", "militarism", "communism", "fascism",
	"appeasement", "ambition", "leadership", "tactics", "strategy", "technology", "weapons", "arms",
	"artillery", "cavalry", "infantry", "money", "banks", "railways", "transport", "cotton",
	"coal", "steel", "tariffs", "taxation", "corruption", "incompetence", "jealousy", "mistrust",
	"suspicion", "ignorance", "dogma", "tradition", "custom", "habit", "necessity", "opportunity",
	"personality", "charisma", "ruthlessness", "skill", "experience", "surprise", "superiority")
