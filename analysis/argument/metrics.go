package argument

// higherIsBetter and lowerIsBetter list the metrics by the direction in which
// they reward the writer (doc.go says what each measures).
var (
	higherIsBetter = []string{
		MetricAnalyticalSentenceShare, MetricEvaluativePer100Words,
		MetricParagraphsWithPointShare, MetricLinkedShare, MetricFocus,
		MetricThesis, MetricJudgement, MetricConsistentJudgement, MetricBalance,
		MetricAssertedJudgement, MetricConclusion, MetricSustained,
	}
	lowerIsBetter = []string{
		MetricNarrativeShare, MetricRepetitionShare,
		MetricWordSaladShare,
	}
)

// MetricDirections maps each metric the analyzer reports to +1 when a
// higher value is better for the writer and -1 when a lower one is, for the
// rubric layer to weigh them.
func MetricDirections() map[string]int {
	m := make(map[string]int, len(higherIsBetter)+len(lowerIsBetter))
	for _, k := range higherIsBetter {
		m[k] = 1
	}
	for _, k := range lowerIsBetter {
		m[k] = -1
	}
	return m
}
