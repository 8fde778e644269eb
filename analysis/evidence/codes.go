package evidence

// Name is the analyzer's name: every code and metric it reports begins with
// it and a dot.
const Name = "evidence"

// Finding codes (doc.go says what each marks).
const (
	CodeSpecific      = "evidence.specific"
	CodeUnsupported   = "evidence.unsupported"
	CodeHistorian     = "evidence.historian"
	CodeQuotation     = "evidence.quotation"
	CodeFactorCovered = "evidence.factor-covered"
	CodeFactorMissing = "evidence.factor-missing"
)

// Metric names (doc.go says what each measures).
const (
	MetricSpecificPer100Words     = "evidence.specific_per_100_words"
	MetricSupportedParagraphShare = "evidence.supported_paragraph_share"
	MetricDistinctSpecifics       = "evidence.distinct_specifics"
	MetricHistorians              = "evidence.historians"
	MetricQuotations              = "evidence.quotations"
	MetricUnsupportedParagraphs   = "evidence.unsupported_paragraphs"
	MetricFactorsCovered          = "evidence.factors_covered"
	MetricFactorsTotal            = "evidence.factors_total"
	MetricFactorCoverage          = "evidence.factor_coverage"
)
