package question

import (
	"strings"
	"testing"
)

func BenchmarkParse(b *testing.B) {
	q := "'The military capability of the Normans was the most important reason for their victory at Hastings in 1066.' How far do you agree?"
	b.ReportAllocs()
	for b.Loop() {
		Parse(q)
	}
}

// BenchmarkParseGCSE parses a long GCSE question with instructions and
// bullet points.
func BenchmarkParseGCSE(b *testing.B) {
	q := "'The main reason for the defeat of the Spanish Armada in 1588 was the weather.' How far do you agree? Explain your answer. You may use the following in your answer: • fireships at Calais • the storms off Scotland and Ireland. You must also use information of your own. [16 marks]"
	b.ReportAllocs()
	for b.Loop() {
		Parse(q)
	}
}

// BenchmarkParseLongText parses text at the length cap: an essay pasted
// where the question goes.
func BenchmarkParseLongText(b *testing.B) {
	q := strings.Repeat("The Tsar's government was weak, and the war made it weaker. Stalin's rise owed much to Lenin. ", 40)
	b.ReportAllocs()
	for b.Loop() {
		Parse(q)
	}
}
