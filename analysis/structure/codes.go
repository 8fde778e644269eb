package structure

// Name is the analyzer's name: every code and metric it reports begins with
// it and a dot.
const Name = "structure"

// Finding codes (doc.go says what each marks).
const (
	CodeFewParagraphs  = "structure.few-paragraphs"
	CodeShortParagraph = "structure.short-paragraph"
	CodeLongParagraph  = "structure.long-paragraph"
	CodeNoIntroduction = "structure.no-introduction"
	CodeConclusion     = "structure.conclusion"
	CodeNoConclusion   = "structure.no-conclusion"
	CodeLongSentence   = "structure.long-sentence"
	CodeRepeatedWord   = "structure.repeated-word"
	CodeDoubleSpace    = "structure.double-space"
)

// Metric names (doc.go says what each measures).
const (
	MetricParagraphs        = "structure.paragraphs"
	MetricSentences         = "structure.sentences"
	MetricWords             = "structure.words"
	MetricMeanSentenceWords = "structure.mean_sentence_words"
	MetricLongSentences     = "structure.long_sentences"
	MetricIntroduction      = "structure.introduction"
	MetricConclusion        = "structure.conclusion"
	MetricParagraphShareOK  = "structure.paragraph_share_ok"
	MetricSlips             = "structure.slips"
)
