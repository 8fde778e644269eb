package api

import (
	"errors"
	"testing"

	"github.com/clio-history/clio/api/problem"
)

// FuzzDecodeStrict feeds arbitrary bytes to the JSON decoding every endpoint
// uses, for each request shape: it must either fill the struct or return a
// client problem (4xx), never panic and never an internal error.
func FuzzDecodeStrict(f *testing.F) {
	for _, s := range []string{
		`{"text":"Stalin rose.","question":"Why?","offsets":"utf16"}`,
		`{"text":1}`, `{"essay":"x"}`, `[]`, `null`, `{"text":"a"} {}`, `{"text":"\ud800"}`,
		`{"decision":"override","level":4,"mark":17,"comment":"ok"}`,
		`{"assignment_id":"asg_1","text":"…","student_id":"usr_2"}`,
		`{"title":"t","question":"q","due":"2026-12-01"}`, `{"a":{"b":{"c":[[[[[[[[1]]]]]]]]}}}`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		for _, dst := range []any{&feedbackRequest{}, &submissionRequest{}, &reviewRequest{},
			&assignmentRequest{}, &userRequest{}, &orgRequest{}, &keyRequest{}} {
			err := problem.Decode(body, dst)
			if err == nil {
				continue
			}
			var pe *problem.Error
			if !errors.As(err, &pe) {
				t.Fatalf("decoding %q gave a non-problem error: %v", body, err)
			}
			if pe.Kind == problem.Internal {
				t.Fatalf("decoding %q gave an internal error: %v", body, err)
			}
		}
	})
}
