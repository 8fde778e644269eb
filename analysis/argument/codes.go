package argument

// Name is the analyzer's name: every code and metric it reports begins with
// it and a dot.
const Name = "argument"

// Finding codes (doc.go says what each marks). The rubric reads some of them
// by these constants, so renaming one is a compile-time change there.
const (
	CodeThesis            = "argument.thesis"
	CodeNoThesis          = "argument.no-thesis"
	CodeJudgement         = "argument.judgement"
	CodeAssertedJudgement = "argument.asserted-judgement"
	CodeNoJudgement       = "argument.no-judgement"
	CodeConclusion        = "argument.conclusion"
	CodeClaim             = "argument.claim"
	CodeEvidence          = "argument.evidence"
	CodeCounterclaim      = "argument.counterclaim"
	CodeRebuttal          = "argument.rebuttal"
	CodeInconsistent      = "argument.inconsistent"
	CodePoint             = "argument.point"
	CodeNoPoint           = "argument.no-point"
	CodeNoLink            = "argument.no-link"
	CodeNoExplanation     = "argument.no-explanation"
	CodeNarrative         = "argument.narrative"
	CodeBalance           = "argument.balance"
	CodeOneSided          = "argument.one-sided"
	CodeOffTopic          = "argument.off-topic"
	CodeRepetition        = "argument.repetition"
	CodeWordSalad         = "argument.word-salad"
	CodeNoQuestion        = "argument.no-question"
)

// Metric names (doc.go says what each measures and in which direction).
const (
	MetricAnalyticalSentenceShare  = "argument.analytical_sentence_share"
	MetricEvaluativePer100Words    = "argument.evaluative_per_100_words"
	MetricParagraphsWithPointShare = "argument.paragraphs_with_point_share"
	MetricLinkedShare              = "argument.linked_share"
	MetricFocus                    = "argument.focus"
	MetricThesis                   = "argument.thesis"
	MetricJudgement                = "argument.judgement"
	MetricAssertedJudgement        = "argument.asserted_judgement"
	MetricConsistentJudgement      = "argument.consistent_judgement"
	MetricConclusion               = "argument.conclusion"
	MetricSustained                = "argument.sustained"
	MetricBalance                  = "argument.balance"
	MetricNarrativeShare           = "argument.narrative_share"
	MetricRepetitionShare          = "argument.repetition_share"
	MetricWordSaladShare           = "argument.word_salad_share"
)
