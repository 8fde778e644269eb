package question

import (
	"regexp"
	"strings"

	"github.com/clio-history/clio/analysis"
)

var (
	// "Source A", "Sources B and C", "Sources A, B and C", "Sources A to D",
	// "Extracts 1, 2 and 3", "Interpretations A and B", "Passage A".
	labelRe    = regexp.MustCompile(`\b(Sources?|Extracts?|Interpretations?|Passages?|Documents?)\s+([A-H]|[1-9])\b((?:\s*,\s*(?:[A-H]|[1-9])\b)*(?:\s*,?\s*(?:and|&|to)\s+(?:[A-H]|[1-9])\b)?)`)
	otherLabel = regexp.MustCompile(`[A-H]|[1-9]`)
	// "these three extracts", "both sources", "the two passages", "all four
	// interpretations".
	countRe = regexp.MustCompile(`(?i)\b(?:these|the|both|all|using|of)\s+(?:of the\s+)?(two|three|four|five|2|3|4|5)?\s*(sources|extracts|passages|interpretations|documents)\b|\bboth\s+(?:of the\s+)?(?:sources|extracts|passages|interpretations|documents)\b`)
	// "the source", "this source": one, unlabelled.
	singleRe = regexp.MustCompile(`(?i)\b(?:the|this)\s+(?:source|extract|passage|interpretation)\b`)
)

var numberWords = map[string]int{"two": 2, "three": 3, "four": 4, "five": 5, "2": 2, "3": 3, "4": 4, "5": 5}

// materials lists the labelled sources, extracts and interpretations the
// question names, and how many it refers to.
func (l *layout) materials() ([]string, int) {
	if !anyIn(l.lower, "source", "extract", "interpretation", "passage", "document") {
		return nil, 0
	}
	var out []string
	seen := map[string]bool{}
	addLabel := func(kind, id string) {
		label := kind + " " + id
		if !seen[label] {
			seen[label] = true
			out = append(out, label)
		}
	}
	for _, m := range labelRe.FindAllStringSubmatch(l.s, -1) {
		kind := strings.TrimSuffix(m[1], "s")
		first := m[2]
		addLabel(kind, first)
		rest := m[3]
		if strings.Contains(rest, " to ") {
			// "Sources A to D"
			last := strings.TrimSpace(rest[strings.LastIndex(rest, " ")+1:])
			if len(last) == 1 && last[0] > first[0] {
				for c := first[0] + 1; c <= last[0]; c++ {
					addLabel(kind, string(c))
				}
			}
			continue
		}
		for _, id := range otherLabel.FindAllString(rest, -1) {
			addLabel(kind, id)
		}
	}
	count := len(out)
	for _, m := range countRe.FindAllStringSubmatch(l.s, -1) {
		n := 2 // "both sources"
		if m[1] != "" {
			n = numberWords[strings.ToLower(m[1])]
		} else if !strings.HasPrefix(strings.ToLower(m[0]), "both") {
			n = 0 // "the sources": how many is not said
		}
		count = max(count, n)
	}
	if count == 0 && singleRe.MatchString(l.s) {
		count = 1
	}
	return out, count
}

// formRule recognises one board's question form by its wording.
type formRule struct {
	id            string
	qualification string
	re            *regexp.Regexp
	// command, when set, is the command the form must have been read as.
	command string
	// hint is a lower-case string the wording must contain: a cheap test
	// that spares running the expression on most questions.
	hint string
}

// formRules are tried in order; the first that matches names the form.
// Each wording is distinctive of one board's paper (our reading of the
// boards' published question papers and specifications; see the README):
// a teacher's own question in a board's words gets that board's form.
var formRules = []formRule{
	// AQA A-level.
	{id: "aqa-a-level-extracts", hint: "extracts", qualification: "a-level", re: regexp.MustCompile(`(?i)\bassess how convincing the arguments in (?:these|the) (?:two|three) extracts\b|\bwhich of these (?:two|three) extracts provides the (?:more|most) convincing interpretation\b`)},
	{id: "aqa-a-level-sources", hint: "sources", qualification: "a-level", re: regexp.MustCompile(`(?i)\bassess the value of these (?:two|three) sources\b|\bwhich of these two sources is (?:the )?more valuable\b`)},
	{id: "aqa-a-level-essay", hint: "validity", qualification: "a-level", re: regexp.MustCompile(`(?i)\bassess the validity of this view\b`)},
	// Pearson Edexcel A-level.
	{id: "pearson-edexcel-a-level-extracts", hint: "differing", qualification: "a-level", re: regexp.MustCompile(`(?i)\bin the light of differing interpretations\b`)},
	{id: "pearson-edexcel-a-level-sources", hint: "make use", qualification: "a-level", re: regexp.MustCompile(`(?i)\bcould the historian make use of sources\b`)},
	{id: "pearson-edexcel-a-level-source", hint: "revealing", qualification: "a-level", re: regexp.MustCompile(`(?i)\bassess the value of the source for revealing\b`)},
	{id: "pearson-edexcel-a-level-essay", hint: "accurate", qualification: "a-level", re: regexp.MustCompile(`(?i)\bhow accurate is it to say that\b`)},
	// OCR A-level.
	{id: "ocr-a-level-which-more-important", hint: "(ii)", qualification: "a-level", command: "which-more-important", re: regexp.MustCompile(`(?i)\(i\).*\(ii\)`)},
	{id: "ocr-a-level-sources", hint: "historical context", qualification: "a-level", re: regexp.MustCompile(`(?i)\busing these (?:four|three) sources in their historical context\b`)},
	{id: "ocr-a-level-source", hint: "as evidence", qualification: "a-level", re: regexp.MustCompile(`(?i)\bto assess how useful source [a-h] is as evidence\b`)},
	{id: "ocr-a-level-interpretations", hint: "passages", qualification: "a-level", re: regexp.MustCompile(`(?i)\bevaluate the interpretations in both of the two passages\b`)},
	// WJEC and Eduquas A-level.
	{id: "wjec-eduquas-a-level-interpretations", hint: "analyse and evaluate", qualification: "a-level", re: regexp.MustCompile(`(?i)\banalyse and evaluate the two interpretations\b`)},
	// Cambridge International AS & A Level.
	{id: "cambridge-a-level-sources-compare", hint: "contrast", qualification: "a-level", re: regexp.MustCompile(`(?i)\bcompare and contrast the views (?:in|of|expressed in) sources\b`)},
	{id: "cambridge-a-level-sources-support", hint: "support", qualification: "a-level", re: regexp.MustCompile(`(?i)\bhow far do (?:the )?sources(?: [a-h](?: (?:to|and) [a-h])?)? support (?:this|the) (?:view|statement|claim)\b`)},
	// IB Diploma.
	{id: "ib-source-value", hint: "origin", qualification: "a-level", re: regexp.MustCompile(`(?i)\bwith reference to (?:its|their) origins?, purposes? and content\b`)},
	{id: "ib-source-compare", hint: "contrast", qualification: "a-level", re: regexp.MustCompile(`(?i)\bcompare and contrast what sources\b`)},
	{id: "ib-sources-essay", hint: "own knowledge", qualification: "a-level", re: regexp.MustCompile(`(?i)\busing the sources and your own knowledge\b`)},
	{id: "ib-source-comprehension", hint: "source", qualification: "a-level", re: regexp.MustCompile(`(?i)\baccording to source [a-h]\b|\bwhat is the message (?:conveyed by|of) source\b`)},
	// AQA GCSE (8145).
	{id: "aqa-gcse-interpretations-differ", hint: "differ", qualification: "gcse", re: regexp.MustCompile(`(?i)\bhow does interpretation [a-d] differ from interpretation [a-d]\b`)},
	{id: "aqa-gcse-interpretations-why-differ", hint: "authors", qualification: "gcse", re: regexp.MustCompile(`(?i)\bwhy might the authors of interpretations [a-d] and [a-d]\b`)},
	{id: "aqa-gcse-interpretations-more-convincing", hint: "convincing", qualification: "gcse", re: regexp.MustCompile(`(?i)\bwhich interpretation do you find more convincing\b`)},
	{id: "aqa-gcse-interpretation-convincing", hint: "convincing", qualification: "gcse", re: regexp.MustCompile(`(?i)\bhow convincing is interpretation [a-d] about\b`)},
	{id: "aqa-gcse-how-do-you-know", hint: "know", qualification: "gcse", re: regexp.MustCompile(`(?i)\bhow do you know\b`)},
	{id: "aqa-gcse-sources-useful", hint: "useful", qualification: "gcse", re: regexp.MustCompile(`(?i)\bhow useful are sources? [a-h] and [a-h] to an? historian studying\b`)},
	{id: "aqa-gcse-source-useful", hint: "useful", qualification: "gcse", re: regexp.MustCompile(`(?i)\bhow useful is source [a-h] to an? historian studying\b[^.?]*[.?] explain your answer using source [a-h] and your contextual knowledge\b`)},
	{id: "aqa-gcse-which-more-important", hint: "bullet", qualification: "gcse", command: "which-more-important", re: regexp.MustCompile(`(?i)\bbullet points\b`)},
	{id: "aqa-gcse-in-what-ways", hint: "lives", qualification: "gcse", re: regexp.MustCompile(`(?i)^in what ways were the lives of\b|^in what ways did .*\bchange the lives of\b`)},
	{id: "aqa-gcse-describe", hint: "describe", qualification: "gcse", re: regexp.MustCompile(`(?i)^describe two (?:problems|ways|difficulties|methods|reasons|changes|consequences|examples|kinds|types|things|actions|weaknesses|strengths|aims)\b`)},
	{id: "aqa-gcse-account", hint: "account", qualification: "gcse", re: regexp.MustCompile(`(?i)^write an account of\b`)},
	{id: "aqa-gcse-explain-significance", hint: "significance", qualification: "gcse", re: regexp.MustCompile(`(?i)^explain the significance of\b`)},
	{id: "aqa-gcse-explain-important", hint: "important", qualification: "gcse", re: regexp.MustCompile(`(?i)^explain what was important about\b`)},
	{id: "aqa-gcse-compare", hint: "compare", qualification: "gcse", re: regexp.MustCompile(`(?i)^compare\b[^.?]*[.?] in what ways were\b[^?]*\b(?:similar|different)\b`)},
	{id: "aqa-gcse-main-factor", hint: "main factor", qualification: "gcse", re: regexp.MustCompile(`(?i)^has\b[^?]*\bbeen the main factor\b[^?]*\? explain your answer with reference to\b`)},
	{id: "aqa-gcse-historic-environment", hint: "a study of", qualification: "gcse", re: regexp.MustCompile(`(?i)\bhow far does a study of\b[^?]*\bsupport this statement\b`)},
	// Pearson Edexcel GCSE (1HI0).
	{id: "pearson-edexcel-gcse-describe", hint: "features", qualification: "gcse", re: regexp.MustCompile(`(?i)^describe two features of\b`)},
	{id: "pearson-edexcel-gcse-sources-useful", hint: "enquiry", qualification: "gcse", re: regexp.MustCompile(`(?i)\bhow useful are sources [a-h] and [a-h] for an enquiry into\b`)},
	{id: "pearson-edexcel-gcse-follow-up", hint: "follow up", qualification: "gcse", re: regexp.MustCompile(`(?i)\bhow could you follow up source\b`)},
	{id: "pearson-edexcel-gcse-similar-different", hint: "one way", qualification: "gcse", re: regexp.MustCompile(`(?i)^explain one way in which\b`)},
	{id: "pearson-edexcel-gcse-explain-why", hint: "the following", qualification: "gcse", command: "why", re: regexp.MustCompile(`(?i)\byou may use the following in your answer\b`)},
	{id: "pearson-edexcel-gcse-how-far-agree", hint: "the following", qualification: "gcse", command: "how-far-agree", re: regexp.MustCompile(`(?i)\byou may use the following in your answer\b`)},
	{id: "pearson-edexcel-gcse-narrative", hint: "narrative", qualification: "gcse", re: regexp.MustCompile(`(?i)^write a narrative account analysing\b`)},
	{id: "pearson-edexcel-gcse-consequences", hint: "consequences", qualification: "gcse", re: regexp.MustCompile(`(?i)^explain two consequences of\b`)},
	{id: "pearson-edexcel-gcse-importance", hint: "two of the following", qualification: "gcse", re: regexp.MustCompile(`(?i)^explain two of the following\b`)},
	{id: "pearson-edexcel-gcse-infer", hint: "infer", qualification: "gcse", re: regexp.MustCompile(`(?i)\bgive two things you can infer from source\b`)},
	{id: "pearson-edexcel-gcse-interpretations-difference", hint: "main difference", qualification: "gcse", re: regexp.MustCompile(`(?i)\bwhat is the main difference between these views\b`)},
	{id: "pearson-edexcel-gcse-interpretations-why-differ", hint: "suggest", qualification: "gcse", re: regexp.MustCompile(`(?i)\bsuggest one reason why interpretations [1-4] and [1-4]\b`)},
	{id: "pearson-edexcel-gcse-interpretation-agree", hint: "interpretation", qualification: "gcse", re: regexp.MustCompile(`(?i)\bhow far do you agree with interpretation [1-4] about\b`)},
	// OCR GCSE (History B, Schools History Project).
	{id: "ocr-gcse-summary", hint: "summary", qualification: "gcse", re: regexp.MustCompile(`(?i)\bwrite a clear and organised summary that analyses\b`)},
	// AQA GCSE's 16-mark essay: a quoted view and "Explain your answer",
	// with no points offered (Edexcel's offers them).
	{id: "aqa-gcse-how-far-agree", hint: "statement", qualification: "gcse", command: "how-far-agree", re: regexp.MustCompile(`(?i)\bhow far do you agree with (?:this|the) statement\b[^.?]*[.?] explain your answer\b`)},
}

var (
	// Wordings GCSE papers use and A-level papers do not.
	gcseRe = regexp.MustCompile(`(?i)(?:^|[.?!:] )(?:explain your answer|give reasons for your answer)(?:\.|$| using| by using| with reference to (?:both|the)(?: [a-z]+)?(?: bullet points| factors)?| based on)|\bcontextual knowledge\b|\bbullet points\b|\binformation of your own\b|\bidentify and explain\b|\bspag\b|\bin your opinion\b`)
	// Wordings A-level papers use and GCSE papers do not.
	aLevelRe = regexp.MustCompile(`(?i)\bunderstanding of the historical context\b|\bhistorical debate\b|\bin their historical context\b|\binformation given about\b|\bwith reference to both \(i\) and \(ii\)\b`)
)

// form recognises a board's question form and the qualification.
func (l *layout) form(cmd string) (form, qualification string) {
	norm := l.s
	for _, r := range formRules {
		if r.command != "" && r.command != cmd || !strings.Contains(l.lower, r.hint) {
			continue
		}
		if r.re.MatchString(norm) {
			return r.id, r.qualification
		}
	}
	gcse := anyIn(l.lower, "explain your answer", "give reasons", "contextual", "bullet", "of your own", "identify and explain", "spag", "in your opinion") && gcseRe.MatchString(norm)
	aLevel := anyIn(l.lower, "historical context", "historical debate", "information given", "(ii)") && aLevelRe.MatchString(norm)
	switch {
	case gcse && !aLevel:
		return "", "gcse"
	case aLevel && !gcse:
		return "", "a-level"
	}
	return "", ""
}

// sourceCommands and interpretationCommands set the task type by
// themselves.
var (
	sourceCommands         = set("how-useful", "how-do-you-know", "infer", "follow-up", "purpose")
	interpretationCommands = set("how-convincing", "why-differ")
	shortCommands          = set("describe", "account", "in-what-ways", "consequences")
	// GCSE forms that are not essays although their command could be.
	shortForms = set("aqa-gcse-explain-significance", "aqa-gcse-explain-important", "aqa-gcse-compare",
		"pearson-edexcel-gcse-similar-different", "pearson-edexcel-gcse-explain-why", "pearson-edexcel-gcse-importance")
	interpretationWords = regexp.MustCompile(`(?i)\b(?:interpretations?|extracts?|passages?)\b`)
	sourceWords         = regexp.MustCompile(`(?i)\b(?:sources?|documents?)\b`)
)

// taskType says what kind of answer the question asks for.
func taskType(q analysis.Question) string {
	switch {
	case sourceCommands[q.Command]:
		return "sources"
	case interpretationCommands[q.Command]:
		return "interpretations"
	}
	if q.MaterialCount > 0 || len(q.Materials) > 0 {
		var labels string
		for _, m := range q.Materials {
			labels += m + " "
		}
		if len(q.Materials) == 0 {
			labels = q.Text
		}
		switch {
		case interpretationWords.MatchString(labels):
			return "interpretations"
		case sourceWords.MatchString(labels):
			return "sources"
		}
	}
	if q.Form == "ib-sources-essay" || q.Form == "cambridge-a-level-sources-support" {
		return "sources"
	}
	switch {
	case shortCommands[q.Command], shortForms[q.Form]:
		return "short-answer"
	case q.Command == "why" || q.Command == "how-significant" || q.Command == "compare":
		if q.Qualification == "gcse" || q.Marks > 0 && q.Marks <= 12 {
			return "short-answer"
		}
	}
	if q.Command != "" {
		return "essay"
	}
	return ""
}
