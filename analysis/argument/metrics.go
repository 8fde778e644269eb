package argument

// higherIsBetter and lowerIsBetter list the metrics by the direction in which
// they reward the writer (doc.go says what each measures).
var (
	higherIsBetter = []string{
		"argument.analytical_sentence_share", "argument.evaluative_per_100_words",
		"argument.paragraphs_with_point_share", "argument.linked_share", "argument.focus",
		"argument.thesis", "argument.judgement", "argument.consistent_judgement", "argument.balance",
		"argument.asserted_judgement", "argument.conclusion", "argument.sustained",
	}
	lowerIsBetter = []string{
		"argument.narrative_share", "argument.repetition_share",
		"argument.word_salad_share",
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
