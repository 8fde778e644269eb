package api_test

import (
	"context"
	"testing"

	"github.com/clio-history/clio/rubric/marking"
)

// BenchmarkFeedback is one stateless marking request through the router: a
// 130-word essay, JSON in and out.
func BenchmarkFeedback(b *testing.B) {
	e := newEnv(b)
	body := map[string]any{"text": essayDraft2, "question": "Why did Stalin become leader of the USSR by 1929?"}
	b.ReportAllocs()
	for b.Loop() {
		if w := e.do("POST", "/v1/feedback", e.pupil, body); w.Code != 200 {
			b.Fatalf("status %d: %s", w.Code, w.Body)
		}
	}
}

// BenchmarkSubmission is one stored submission: marking plus a durable
// SQLite write (synchronous=FULL).
func BenchmarkSubmission(b *testing.B) {
	e := newEnv(b)
	asg := e.assignment(e.tutor, nil)
	body := map[string]any{"assignment_id": asg, "text": essayDraft2}
	b.ReportAllocs()
	for b.Loop() {
		if w := e.do("POST", "/v1/submissions", e.pupil, body); w.Code != 201 {
			b.Fatalf("status %d: %s", w.Code, w.Body)
		}
	}
}

// BenchmarkMarkOnly is the marking service alone, for comparison with
// BenchmarkFeedback: the difference is the API's own cost.
func BenchmarkMarkOnly(b *testing.B) {
	m, err := sharedMarker()
	if err != nil {
		b.Fatal(err)
	}
	req := marking.Request{Text: essayDraft2, Question: "Why did Stalin become leader of the USSR by 1929?"}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := m.Mark(context.Background(), req); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkAuthenticatedGet is the fixed cost of a request: key lookup in
// SQLite and a small JSON response.
func BenchmarkAuthenticatedGet(b *testing.B) {
	e := newEnv(b)
	b.ReportAllocs()
	for b.Loop() {
		if w := e.do("GET", "/v1/me", e.pupil, nil); w.Code != 200 {
			b.Fatalf("status %d: %s", w.Code, w.Body)
		}
	}
}

// BenchmarkFeedbackParallel is feedback requests from many clients at once,
// for throughput on this machine.
func BenchmarkFeedbackParallel(b *testing.B) {
	e := newEnv(b)
	body := map[string]any{"text": essayDraft2, "question": "Why did Stalin become leader of the USSR by 1929?"}
	b.ReportAllocs()
	b.SetParallelism(8)
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			if w := e.do("POST", "/v1/feedback", e.pupil, body); w.Code != 200 {
				b.Errorf("status %d: %s", w.Code, w.Body)
				return
			}
		}
	})
}
