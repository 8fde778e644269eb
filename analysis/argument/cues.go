package argument

// Cues: what a sentence's wording says about the job it does in an
// argument. No cue decides a role on its own: discourse.go weighs them with
// the sentence's place in its paragraph and essay and its relation to the
// thesis and to the sentences around it. Written for Clio; no third-party
// list is shipped.

// cue is a set of flags, one bit per kind of cue.
type cue uint32

const (
	// cueOpinion: the writer speaks for themself ("I think", "in my
	// opinion", "I will argue", "I agree").
	cueOpinion cue = 1 << iota
	// cueModal: what ought to be ("should", "must", "ought to", "need to").
	cueModal
	// cueEvaluative: a verdict on the subject ("a good idea", "unfair",
	// "beneficial", "better").
	cueEvaluative
	// cueOthers: another view announced ("it could be argued", "some may",
	// "you might say").
	cueOthers
	// cueOpposing: the other side named ("the opposing view", "critics",
	// "a drawback", "the downside").
	cueOpposing
	// cueConcede: the writer grants something ("it is true that",
	// "admittedly", "I understand that").
	cueConcede
	// cueThough: the sentence opens with a concessive clause ("Although…",
	// "Even though…", "While…").
	cueThough
	// cueAttributed: a view put in a group's mouth ("some people think",
	// "critics argue", "they say"); found by attributed, not by phrase.
	cueAttributed
	// cueScholarly: a historian's or a school's view ("some historians",
	// "revisionists"), which is as often evidence for the writer's view as
	// a view against it.
	cueScholarly
	// cueTurnInside: the sentence turns within itself, after a concession
	// ("…, but I think…", "…; however, …").
	cueTurnInside
	// cueRefute: the writer denies a view ("this is not true", "this
	// ignores", "in reality").
	cueRefute
	// cueContrastOpen: the sentence opens by turning ("However", "But",
	// "Yet", "Nevertheless", "On the other hand").
	cueContrastOpen
	// cueExample: the sentence brings in an example or a source ("for
	// example", "according to", "the article states").
	cueExample
	// cueEnumerate: the sentence opens a new point in a sequence ("First",
	// "Another reason", "In addition", "Finally").
	cueEnumerate
	// cueSummary: the sentence sums up ("as you can see", "for these
	// reasons", "that is why", "all in all").
	cueSummary
	// cueSignpost: the sentence opens with a conclusion's signpost ("In
	// conclusion", "To conclude", "Overall", "Ultimately").
	cueSignpost
	// cueNarrative: a personal story ("when I was", "one time", "I
	// remember").
	cueNarrative
	// cueAdditive: the sentence adds to what came before ("also", "as
	// well", "another").
	cueAdditive
	// cueFrame: the sentence plans or asks rather than answers ("this essay
	// will discuss", "whether").
	cueFrame
	// cueReason: the sentence names a reason or factor ("one reason",
	// "the main factor").
	cueReason
	// cueRank: the sentence ranks or weighs ("the most important", "mattered
	// least", "to a large extent", "only partly").
	cueRank
	// cuePossible: the sentence allows that something may be so ("can",
	// "may", "might", "could").
	cuePossible
	// cueQuestion: the sentence is a question.
	cueQuestion
	// cueQuote: the sentence quotes.
	cueQuote
	// cueAnaphor: the sentence opens by pointing back ("This", "It",
	// "They", "He").
	cueAnaphor
)

func (c cue) has(f cue) bool { return c&f != 0 }

// cuePhrase is a phrase that signals a cue; opening phrases count only at
// the start of the sentence (after at most a leading "and", "but" or "so",
// or a run of one-word connectives).
type cuePhrase struct {
	words   []string
	flag    cue
	opening bool
}

func cp(flag cue, opening bool, phrases ...string) []cuePhrase {
	out := make([]cuePhrase, len(phrases))
	for i, ph := range phrases {
		out[i] = cuePhrase{words: splitSpace(ph), flag: flag, opening: opening}
	}
	return out
}

// Contractions reach the word list split: "don't" is "do n't", "it's" is
// "it" (the "'s" is dropped), "I'm" is "i 'm".
var cuePhrases = concatCues(
	cp(cueOpinion, false, "i think", "i believe", "i feel", "i agree", "i disagree", "i strongly",
		"in my opinion", "my opinion", "in my view", "my view", "i am for", "i am against",
		"i 'm for", "i 'm against", "i am in favor", "i am in favour", "i 'm in favor",
		"i 'm in favour", "i support", "i oppose", "i would argue", "i will argue", "i argue",
		"will argue", "this essay argues", "this essay will argue", "i would say", "i say",
		"i do n't think", "i do not think", "i do n't believe", "i do not believe",
		"i personally", "personally", "i would like", "i would rather", "i suggest",
		"i recommend", "i propose", "i am convinced", "i 'm convinced", "i am sure",
		"i 'm sure", "i 'd say", "to me", "i would agree", "i would disagree", "i partly agree",
		"i largely agree", "i mostly agree", "i conclude", "i can conclude", "i have concluded", "my position", "my stance",
		"i stand"),
	cp(cueModal, false, "should", "must", "ought to", "need to", "needs to", "have to", "has to",
		"shall", "should n't", "must n't", "it is necessary", "it necessary", "it is essential",
		"it essential", "it is vital"),
	cp(cueEvaluative, false, "a good idea", "a bad idea", "a great idea", "a terrible idea",
		"good", "bad", "better", "worse", "best", "worst", "beneficial", "harmful", "helpful",
		"unhelpful", "fair", "unfair", "positive", "negative", "useful", "useless", "dangerous",
		"safe", "safer", "wrong", "right", "wise", "unwise", "worth", "worthwhile", "worthy",
		"unnecessary", "necessary", "important", "valuable", "effective", "ineffective",
		"successful", "unsuccessful", "outdated", "pointless", "smart", "great", "terrible",
		"advantage", "disadvantage", "benefit", "benefits", "problem", "significant",
		"decisive", "crucial", "vital", "key"),
	cp(cueOthers, false, "it could be argued", "it can be argued", "it might be argued",
		"it may be argued", "it is argued", "possible to argue", "it is arguable", "it has been argued",
		"it is often argued", "it is sometimes argued", "could be argued", "can be argued",
		"is often said", "it is said", "some may", "some might", "some would", "some could",
		"others may", "others might", "others would", "others could", "a common view",
		"the common view", "one might argue", "one could argue", "one may argue", "you might say",
		"you may say", "you might think", "you may think", "you could say", "you could argue",
		"you might argue", "you may argue", "naysayers", "in defense of", "in defence of",
		"not everyone agrees", "not everybody agrees", "it might be objected",
		"it could be objected", "it may be objected", "might be objected", "could be objected",
		"it might be said", "it could be said", "it may be said", "it can be said",
		"at first sight", "on the face of it", "it is tempting to", "who take the view",
		"who argue", "who believe", "who claim", "who think", "those who"),
	cp(cueScholarly, false, "some historians", "other historians", "many historians",
		"historians such as", "historians have argued", "historians argue", "traditional view",
		"orthodox view", "revisionist", "revisionists", "post-revisionist", "post-revisionists",
		"historiography", "the historian", "historians"),
	cp(cueOpposing, false, "the other side", "the opposing side", "the opposing view",
		"the opposite view", "the opposite side", "opposing argument", "opposing arguments",
		"counterargument", "counter-argument", "counterclaim", "counter argument",
		"counter-arguments", "counterarguments", "downside", "downsides", "drawback",
		"drawbacks", "disadvantage", "disadvantages", "cons", "pros", "the only problem",
		"one problem", "a problem", "flaw", "flaws", "flawed", "the negative side",
		"the bad side", "the argument for", "the argument against", "the case for",
		"the case against", "critics", "limitation", "limitations", "less useful",
		"less reliable", "unreliable", "opponents", "supporters",
		"proponents", "skeptics", "sceptics", "defenders", "advocates"),
	cp(cueConcede, false, "it is true", "it true", "its true", "admittedly", "granted",
		"of course", "to be fair", "i understand", "i can understand", "i do understand",
		"i know that", "i can see", "i see why", "i see that", "i see how", "i agree that",
		"i realize", "i realise", "i get that", "i admit", "i will admit", "i must admit",
		"it must be admitted", "may be true", "might be true", "could be true", "may be right",
		"this is true", "that is true", "this is partly true", "that is partly true",
		"this is a powerful argument", "this is a strong argument", "this is a fair point",
		"there is something in this", "there is some truth in this",
		"might be right", "may have a point", "have a point", "has a point", "a valid point",
		"a good point", "some truth", "there is some truth", "in fairness", "undeniably",
		"while it is true", "although it is true", "even though it is",
		"on the one hand", "some good", "some benefits", "some advantages", "some positives",
		"it is possible", "it possible", "this may",
		"this might", "that may", "that might"),
	cp(cueConcede, true, "yes", "sure", "true", "now of course", "of course", "sure enough", "fair enough"),
	cp(cueThough, true, "although", "though", "even though", "even if", "while", "whilst",
		"despite", "in spite of", "granted", "admittedly", "while some", "although some"),
	cp(cueRefute, false, "not true", "not the case", "is wrong", "are wrong", "was wrong",
		"were wrong", "is false", "is mistaken", "are mistaken", "in reality", "the reality",
		"the truth is", "in fact", "actually", "this ignores", "this overlooks", "ignores",
		"overlooks", "fails to", "fail to", "does not mean", "does n't mean", "do not mean",
		"do n't mean", "does not explain", "does n't explain", "this argument", "that argument",
		"this view", "that view", "this claim", "that claim", "less convincing", "unconvincing",
		"not convincing", "outweigh", "outweighs", "outweighed", "on the contrary",
		"what they do n't", "what they do not", "they do n't realize", "they do n't realise",
		"they forget", "but this", "but that", "but it", "but they", "but i", "however this",
		"however that", "however it", "nevertheless", "nonetheless", "even so", "still",
		"the problem with", "the flaw", "not necessarily", "this criticism", "that criticism",
		"does not show", "does n't show", "does not undo", "does not prove", "does n't prove",
		"more convincing", "less persuasive", "more persuasive", "points the other way",
		"the other way", "is still useful", "still useful", "not that", "rather than", "does not make", "does n't make",
		"that does not", "that does n't", "this does not", "this does n't", "is not enough",
		"not enough", "only partly", "overstates", "overstated", "exaggerates", "exaggerated"),
	cp(cueContrastOpen, true, "however", "but", "yet", "nevertheless", "nonetheless", "still",
		"even so", "on the other hand", "in contrast", "by contrast", "conversely", "that said",
		"having said that", "despite this", "despite that", "in spite of this", "regardless",
		"though", "although", "on the contrary"),
	cp(cueExample, false, "for example", "for instance", "such as", "according to", "in paragraph",
		"paragraph", "the article", "the passage", "the text", "the author", "the writer",
		"the source", "source", "states that", "stated that", "states", "stated", "says that",
		"said that", "explains that", "mentions", "mentioned", "quote", "quoted", "e.g",
		"an example", "one example", "another example", "a study", "studies", "research",
		"researchers", "survey", "statistics", "percent", "per cent", "%", "to illustrate",
		"as shown", "shows that", "showed that", "demonstrates", "evidence of", "in the article",
		"in the story", "like when", "take for example"),
	cp(cueEnumerate, true, "first", "firstly", "first of all", "first off", "to begin", "to start",
		"to begin with", "to start with", "second", "secondly", "third", "thirdly", "fourth",
		"next", "then", "another", "also", "in addition", "additionally", "furthermore",
		"moreover", "besides", "finally", "lastly", "last", "last but not least", "one reason",
		"the first", "the second", "the third", "the next", "the last", "the final", "my first",
		"my second", "my third", "my last", "my final", "my next", "a further", "one more",
		"a second", "a third", "one of the", "the main", "the biggest", "the most"),
	cp(cueSummary, false, "as you can see", "as we can see", "as you see", "for these reasons",
		"for all these reasons", "for all of these reasons", "for those reasons", "these reasons",
		"all of these", "all these", "that is why", "that why", "this is why", "this why",
		"these are", "all in all", "in the end", "in closing", "to wrap up", "to wrap it up",
		"to sum up", "to sum it up", "in the final analysis", "on balance", "taken together",
		"all things considered", "with all this", "with all of this", "with this in mind",
		"these factors", "all of this", "all this", "in conclusion", "to conclude"),
	cp(cueSignpost, true, "in conclusion", "to conclude", "overall", "in summary", "to sum up",
		"to sum it up", "ultimately", "in the final analysis", "all in all", "on balance",
		"taken together", "to summarise", "to summarize", "in sum", "in short", "in closing",
		"to wrap up", "to wrap it up", "all things considered", "in the end", "to close",
		"so in conclusion", "conclusion", "so", "in brief"),
	cp(cueNarrative, false, "when i was", "one time", "i remember", "i recall", "last year",
		"last summer", "a few years ago", "years ago", "my friend", "my friends", "my mom",
		"my mother", "my dad", "my father", "my brother", "my sister", "my family", "my cousin",
		"my parents", "my grandma", "my grandmother", "my teacher", "i once", "once i",
		"i used to", "i had", "i went", "i was", "back when", "the other day", "yesterday"),
	cp(cueAdditive, false, "also", "as well", "another", "in addition", "additionally",
		"furthermore", "moreover", "too", "besides", "further", "not only"),
	cp(cueFrame, false, "will discuss", "will examine", "will explore", "will look at",
		"will consider", "will assess", "will evaluate", "will analyse", "will analyze",
		"will investigate", "will outline", "will describe", "will explain", "whether",
		"how far", "to what extent", "this essay will", "in this essay"),
	cp(cueReason, false, "reason", "reasons", "because", "factor", "factors", "cause", "causes",
		"why", "since", "due to", "the main", "the key", "the primary"),
	cp(cueRank, false, "most important", "most significant", "most influential", "most decisive",
		"more important", "less important", "more significant", "less significant",
		"as important as", "as significant as", "least important", "least significant",
		"mattered most", "matters most", "mattered least", "matters least", "mattered more",
		"mattered less", "matter most", "matter more", "second most", "third most",
		"main reason", "main cause", "main factor", "main explanation", "key reason",
		"key factor", "primary reason", "primary cause", "biggest reason", "greatest reason",
		"mainly", "primarily", "largely", "chiefly", "principally", "above all", "only partly",
		"partly", "partially", "to a great extent", "to a large extent", "to a limited extent",
		"to some extent", "to a certain extent", "to an extent", "outweighed", "outweighs",
		"outweigh", "decisive", "crucial", "fundamental", "the root", "underlying", "secondary",
		"necessary but", "more than", "less than", "rather than", "not the main",
		"not the most", "i agree", "i disagree", "largely agree", "partly agree",
		"i mostly agree", "valid", "invalid", "convincing", "unconvincing", "overstated",
		"exaggerated", "accurate", "inaccurate", "in a limited sense", "limited sense",
		"the greatest", "far more", "much more", "much less", "on balance"),
	cp(cuePossible, false, "can", "could", "may", "might", "ca n't", "could n't", "would"),
	cp(cueAnaphor, true, "this", "that", "these", "those", "it", "they", "he", "she", "his", "her",
		"their", "its", "which", "such"),
)

func concatCues(lists ...[]cuePhrase) []cuePhrase {
	var out []cuePhrase
	for _, l := range lists {
		out = append(out, l...)
	}
	return out
}

// cueIndex maps a first word to the cue phrases that start with it.
var cueIndex = func() map[string][]cuePhrase {
	m := map[string][]cuePhrase{}
	for _, ph := range cuePhrases {
		m[ph.words[0]] = append(m[ph.words[0]], ph)
	}
	return m
}()

// openingSkip are words that may come before an opening cue: "And so…",
// "But however…" is still an opening.
var openingSkip = set("and", "but", "so", "now", "well", "yes", "no", "ok", "okay", "also")

// cuesOf finds the cues in a sentence's words.
func cuesOf(words []string, capital []bool) cue {
	var c cue
	start := 0
	if len(words) > 1 && openingSkip[words[0]] {
		start = 1
	}
	// An opening phrase may also follow a run of one-word connectives:
	// "However, therefore, in conclusion, …" still opens with "in
	// conclusion", so piling connectives in front of a signpost neither
	// hides it nor adds one.
	run := 0
	for run < len(words) && singleAdverbial[words[run]] {
		run++
	}
	for w := 0; w < len(words); w++ {
		if capital != nil && w > 0 && capital[w] && words[w] != "i" {
			// Names are not cues: "Central Committee", "Good Friday".
			continue
		}
		for _, ph := range cueIndex[words[w]] {
			if ph.opening && w != 0 && w != start && w > run {
				continue
			}
			if w+len(ph.words) > len(words) || !equalWords(words[w:w+len(ph.words)], ph.words) {
				continue
			}
			c |= ph.flag
		}
		if w >= 3 && turnWords[words[w]] {
			c |= cueTurnInside
		}
	}
	c |= attributed(words, capital)
	return c
}

// turnWords turn a sentence against what it has just granted.
var turnWords = set("but", "however", "yet", "nevertheless", "nonetheless", "still")

// viewHolders are the people a view may be put in the mouth of, and
// viewVerbs what they do with it: "some people think", "critics argue",
// "many students would say", "they claim".
var (
	viewHolders = set("some", "many", "most", "other", "others", "opponents", "critics",
		"supporters", "proponents", "skeptics", "sceptics", "people", "historians", "scholars",
		"scientists", "experts", "they", "someone", "somebody", "few", "several", "certain",
		"defenders", "advocates", "researchers", "commentators", "contemporaries", "you")
	viewVerbs = set("say", "says", "think", "thinks", "believe", "believes", "argue", "argues",
		"claim", "claims", "suggest", "suggests", "insist", "insists", "contend", "contends",
		"assert", "asserts", "maintain", "maintains", "disagree", "disagrees", "oppose",
		"opposes", "object", "objects", "worry", "worries", "complain", "complains", "assume",
		"assumes", "doubt", "doubts", "reckon", "dismiss", "emphasise", "emphasize", "blame",
		"attribute", "interpret", "argued", "claimed", "suggested", "contended", "asserted",
		"maintained", "emphasised", "emphasized", "stressed", "dismissed", "blamed",
		"attributed", "interpreted", "said", "thought", "believed")
	// pastViewVerbs report what someone thought at the time: in a history
	// essay "they thought they could control him" is the story, not a
	// view set against the writer's. They count only for scholars
	// ("historians have argued", "critics claimed").
	pastViewVerbs = set("argued", "claimed", "suggested", "contended", "asserted", "maintained",
		"emphasised", "emphasized", "stressed", "dismissed", "blamed", "attributed", "interpreted",
		"said", "thought", "believed")
	// scholarVerbs are what a named historian does in the present tense.
	scholarVerbs = set("argues", "suggests", "claims", "contends", "maintains", "stresses",
		"emphasises", "emphasizes", "insists", "believes", "thinks", "writes", "concludes",
		"sees", "interprets", "portrays", "blames", "credits")
	scholarlyHolders = set("historians", "scholars", "critics", "experts", "researchers",
		"commentators", "revisionists", "scientists")
	// viewModals may stand between holder and verb: "some people would
	// say", "others might argue".
	viewModals = set("may", "might", "would", "could", "will", "can", "do", "does", "did",
		"often", "also", "still", "even", "strongly", "usually", "always", "have", "has",
		"had", "people", "of", "the", "students", "historians", "n't", "not", "probably",
		"might", "just", "really", "tend", "to", "parents", "teachers", "kids")
	// viewFar is how far into a sentence a view's holder may stand: "Some
	// people think…", "On the other hand, many would argue…", not
	// "…more than people think".
	viewFar = 8
)

// attributed finds a view put in a group's mouth: a holder, then within
// three words (modals and the like) a verb of saying or thinking. The
// writer's own "I think" is not one, nor is "people who think".
func attributed(words []string, capital []bool) cue {
	for i := 0; i < len(words) && i < viewFar; i++ {
		// A named historian's present view: "Service argues that…",
		// "…, as Fitzpatrick suggests, …".
		if (i == 0 || capital != nil && capital[i]) && !functionWords[words[i]] && !viewHolders[words[i]] &&
			i+1 < len(words) && scholarVerbs[words[i+1]] {
			return cueAttributed | cueScholarly
		}
		if !viewHolders[words[i]] {
			continue
		}
		// "you" holds a view only when someone says it to the writer:
		// "you might say", not "you think about it".
		if words[i] == "you" && (i+1 >= len(words) || !viewModals[words[i+1]] || words[i+1] == "do") {
			continue
		}
		for j := i + 1; j < len(words) && j <= i+3; j++ {
			w := words[j]
			if viewVerbs[w] && (!pastViewVerbs[w] || scholarlyHolders[words[i]] || words[j-1] == "have" || words[j-1] == "has") {
				if scholarlyHolders[words[i]] {
					return cueAttributed | cueScholarly
				}
				return cueAttributed
			}
			if !viewModals[w] && !viewHolders[w] {
				break
			}
		}
	}
	return 0
}
