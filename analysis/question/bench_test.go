package question

import "testing"

func BenchmarkParse(b *testing.B) {
	q := "'The military capability of the Normans was the most important reason for their victory at Hastings in 1066.' How far do you agree?"
	b.ReportAllocs()
	for b.Loop() {
		Parse(q)
	}
}
