package question

import (
	"regexp"
	"strings"
)

type commandRule struct {
	id string
	re *regexp.Regexp
	// hints are lower-case strings one of which the wording must contain
	// for re to match: a cheap test that spares running it. None: always
	// run it.
	hints []string
}

// commandRules list every wording Parse knows. The command is the rule
// whose match starts earliest in the question; where two start at the same
// place the one listed first wins, so specific forms ("How far do you
// agree", "How far could the historian make use of") come before general
// ones ("How far").
var commandRules = []commandRule{
	{"how-far-agree", regexp.MustCompile(`(?i)\b(?:how far|to what extent|how much) (?:do|would|should|can|might) you agree\b|\bdo you agree\b`), []string{"agree"}},
	{"how-far-support", regexp.MustCompile(`(?i)\b(?:assess |explain )?(?:how far|to what extent) (?:(?:do|does|did|would|could)\b[^?.]{0,80}?|(?:they|these|the sources|these sources|the passages|these passages|the extracts|these extracts|the evidence) )\bsupport\b`), []string{"support"}},
	{"assess-validity", regexp.MustCompile(`(?i)\bassess the validity\b|\bhow valid\b|\b(?:assess|evaluate|consider|discuss|examine|analyse|analyze) (?:the|this) (?:view|claim|argument|statement|judgement|judgment|idea|suggestion|opinion|assertion|interpretation that)\b|\bhow convincing (?:do you find|is) (?:the|this) (?:view|claim|argument|statement|judgement|idea|assessment|interpretation that)\b|^discuss(?: this(?: view| statement| claim)?)?\s*[.?]?$`), []string{"valid", "view", "claim", "argument", "statement", "judg", "idea", "suggestion", "opinion", "assertion", "interpretation", "convincing", "discuss"}},
	{"how-accurate", regexp.MustCompile(`(?i)\bhow accurate\b|\bhow (?:fair|justified|true) is (?:it|the (?:view|claim))\b|\b(?:how far|to what extent) is it (?:accurate|true|fair|valid) to (?:say|argue|claim)\b`), []string{"accura", "fair", "justified", "true"}},
	{"how-useful", regexp.MustCompile(`(?i)\bhow (?:useful|valuable|reliable)\b|\b(?:assess|evaluate|analyse|analyze|explain|consider) the (?:value|usefulness|reliability)\b|\bvalue and limitations\b|\b(?:how far|how much|to what extent) could (?:the|a|an) historian make use\b|\bwhich (?:of (?:these|the) )?(?:two |three )?(?:sources?|documents?)\b[^?]{0,40}\bmore (?:valuable|useful|reliable)\b|\bassess how (?:useful|valuable|reliable)\b`), []string{"useful", "valu", "reliab", "make use"}},
	{"how-convincing", regexp.MustCompile(`(?i)\bhow convincing\b|\bwhich (?:of (?:these|the) )?(?:two |three )?(?:interpretations?|extracts?|passages?|historians?|views?)\b[^?]{0,60}\b(?:more|most) (?:convincing|persuasive)\b|\bevaluate the (?:two |three )?interpretations\b|\bexplain which you (?:think|find) is more convincing\b`), []string{"convincing", "persuasive", "interpretations"}},
	{"why-differ", regexp.MustCompile(`(?i)\bwhy (?:might|do|did|may|would|could)\b[^?.]{0,80}\b(?:interpretations?|extracts?|historians?|authors?|sources?|views?|accounts?|writers?)\b[^?.]{0,60}\b(?:differ|different|disagree)|\bsuggest (?:one|a|two) reasons? why\b[^?.]{0,60}\b(?:differ|different|disagree)|\bexplain why (?:the )?(?:interpretations|historians|sources|views|extracts) (?:differ|disagree)`), []string{"differ", "disagree"}},
	{"which-more-important", regexp.MustCompile(`(?i)\bwhich (?:of the following|of these(?: two)?|one|factor|reason)?\s*(?:was|were|is|had|has been|had been|proved|do you think was|did more)?\s*(?:the )?(?:more|greater|bigger|stronger|most)\s+(?:important|significant|serious|influential|decisive|dangerous|effective|successful|threat|reason|cause|to|in)\b`), []string{"which"}},
	{"how-significant", regexp.MustCompile(`(?i)\bhow (?:significant|important|influential|decisive|crucial)\b|\b(?:assess|evaluate|explain|examine|analyse|analyze|consider|discuss) the (?:significance|importance|impact|influence|role|contribution)\b|\bhow (?:great|much) (?:was|were) the (?:impact|influence|significance)\b|\bexplain what was important about\b|\bexplain two of the following:?\s*•?\s*the importance of\b`), []string{"signific", "importan", "influen", "decisive", "crucial", "impact", "role", "contribution"}},
	{"how-successful", regexp.MustCompile(`(?i)\bhow (?:successful|successfully|effective|effectively|well)\b|\b(?:assess|evaluate|examine|analyse|analyze|consider) the (?:success|successes|effectiveness|achievements?|failures?)\b`), []string{"success", "effective", "well", "achievement", "failure"}},
	{"compare", regexp.MustCompile(`(?i)(?:^|[.?:] )compare\b|\bcompare and contrast\b|\bcomparison\b|\bhow (?:similar|different)\b|\bsimilarit(?:y|ies)\b|\bdifferences? between\b|\bthe main difference\b|\bin what ways? .{1,80}\b(?:differ|similar|different)\b|\bhow (?:does|did|do)\b[^?.]{1,80}\bdiffer\b|\b(?:how far|to what extent) (?:did|do|does|was|were|is|are)\b[^?.]{1,80}\b(?:differ|similar to|different from)\b|\bexplain one way in which\b`), []string{"compar", "similar", "differ", "one way"}},
	{"consequences", regexp.MustCompile(`(?i)\bexplain (?:two|the|one) (?:consequences?|effects?|results?)\b|\bwhat (?:were|was) the (?:consequences?|effects?|results?)\b|\b(?:assess|evaluate|examine|analyse|analyze|discuss) the (?:consequences|results)\b`), []string{"consequence", "effect", "result"}},
	{"how-do-you-know", regexp.MustCompile(`(?i)\bhow do you know\b`), []string{"know"}},
	{"infer", regexp.MustCompile(`(?i)\binfer\b|\bwhat can (?:you|we) (?:learn|tell)\b|\bwhat (?:is|was) the (?:message|main message)\b|\bwhat message\b|\baccording to (?:sources?|extracts?|interpretations?|documents?|the source)\b|\bwhat does (?:sources?|extracts?|interpretations?|documents?) \w+ (?:suggest|reveal|tell|show)\b|\buse (?:sources?|documents?)\b[^?.]{0,30}\bto (?:identify|find)\b`), []string{"infer", "learn", "tell", "message", "according", "suggest", "reveal", "show", "identify", "find"}},
	{"follow-up", regexp.MustCompile(`(?i)\bfollow up\b`), []string{"follow up"}},
	{"purpose", regexp.MustCompile(`(?i)\bwhat was the purpose of\b|\bwhy was (?:source \w+|this source|the source) (?:produced|published|written|drawn|created|made)\b`), []string{"purpose", "why was"}},
	{"account", regexp.MustCompile(`(?i)\bwrite (?:an|a narrative|a clear and organised|a) (?:account|summary)\b|\bnarrative account\b`), []string{"account", "summary"}},
	{"describe", regexp.MustCompile(`(?i)(?:^|[.?:,] )(?:describe|outline)\b`), []string{"describe", "outline"}},
	{"in-what-ways", regexp.MustCompile(`(?i)\bin what ways?\b|\bidentify and explain (?:two|three|one)? ?ways\b|\b(?:explain|describe) (?:the ways|how)\b|\bhow did\b[^?.]{1,80}\b(?:affect|change)\b`), []string{"way", "how"}},
	{"to-what-extent", regexp.MustCompile(`(?i)\bto what extent\b|\bhow far\b|\bto what degree\b|^(?:was|were|has|have|had|is|did)\b[^?]{3,}\b(?:the|a) (?:main|most important|chief|key|principal|primary|decisive|major|real) (?:reason|cause|factor|explanation|motive)\b`), nil},
	{"why", regexp.MustCompile(`(?i)\bwhy\b|\baccount for\b|\bexplain\b|\b(?:reasons?|causes?) (?:for|of|behind)\b|\bwhat (?:caused|were the (?:causes|reasons))\b`), nil},
	{"discuss", regexp.MustCompile(`(?i)(?:^|[.?:,] )(?:discuss|examine|analyse|analyze|evaluate|assess)\b`), nil},
}

// command finds the kind of question. Instructions ("Explain your
// answer…") and a quoted view never set it.
func (l *layout) command() string {
	text := l.commandText()
	if text == "" {
		return ""
	}
	lower := strings.ToLower(text)
	best, bestAt := "", len(text)+1
	for _, r := range commandRules {
		if r.id == fallbackCommand || len(r.hints) > 0 && !anyIn(lower, r.hints...) {
			continue
		}
		loc := r.re.FindStringIndex(text)
		if loc != nil && loc[0] < bestAt {
			best, bestAt = r.id, loc[0]
		}
	}
	if best == "" && commandRules[len(commandRules)-1].re.MatchString(text) {
		best = fallbackCommand
	}
	return best
}

// fallbackCommand is the open command ("Discuss…", "Examine…") that counts
// only when no more specific wording matches: "Assess the reasons for…" is
// a why question, not an open one.
const fallbackCommand = "discuss"

// followingQuestion finds "…answer the following question: How valid is…".
var followingQuestion = regexp.MustCompile(`(?i)\bthe following question:\s*`)

// commandText is where the command is read from: the question's own
// sentences and list items, or only what follows "the following question:".
func (l *layout) commandText() string {
	parts := make([]string, 0, len(l.segs))
	for _, sg := range l.segs {
		if sg.kind == segQuestion || sg.kind == segBullet && !sg.stimulus {
			parts = append(parts, sg.text)
		}
	}
	text := strings.Join(parts, " ")
	if loc := followingQuestion.FindStringIndex(text); loc != nil {
		text = text[loc[1]:]
	}
	return text
}

// CommandInfo describes one command Parse knows.
type CommandInfo struct {
	ID      string
	Meaning string
}

// Commands lists the commands Parse knows, for documentation and for
// callers that check a command given to them.
func Commands() []CommandInfo {
	return []CommandInfo{
		{"why", "explain the reasons for something"},
		{"to-what-extent", "judge how far a statement holds"},
		{"how-far-agree", "judge how far a stated view holds"},
		{"assess-validity", "judge the validity of a stated view"},
		{"how-accurate", "judge how accurate a statement is"},
		{"how-significant", "judge the importance or impact of one thing"},
		{"how-successful", "judge the success of a policy, person or movement"},
		{"compare", "set two things side by side: similarities, differences"},
		{"which-more-important", "choose between two named factors and justify the choice"},
		{"discuss", "an open command (discuss, examine, analyse) on a topic"},
		{"how-far-support", "judge how far sources or a site support a view"},
		{"how-useful", "judge the value of sources for an enquiry"},
		{"how-convincing", "judge how convincing historians' interpretations are"},
		{"why-differ", "explain why interpretations or sources differ"},
		{"how-do-you-know", "show how a source conveys an attitude"},
		{"infer", "draw inferences or information from a source"},
		{"follow-up", "plan how to follow up a source"},
		{"purpose", "explain why a source was made"},
		{"describe", "describe features or events"},
		{"account", "write an analytical account or narrative"},
		{"in-what-ways", "explain the ways something happened or affected people"},
		{"consequences", "explain consequences"},
	}
}
