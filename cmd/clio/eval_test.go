package main

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/clio-history/clio/rubric/calibrate"
)

func TestEvalAnswers(t *testing.T) {
	jsonl := `{"id": "a", "question_type": "judgement", "question": "How far do you agree?", "max_mark": 16, "mark": 3, "level": 1, "text": "` + "It was bad. Lots happened." + `"}
{"id": "b", "question_type": "judgement", "question": "How far do you agree?", "max_mark": 16, "mark": 10, "level": 3, "text": "` + "In 1919 the treaty took land from Germany, which meant that many Germans felt humiliated because the army had not been beaten in the field. However, reparations mattered more, since they caused inflation in 1923." + `"}
{"id": "c", "question_type": "judgement", "max_mark": 16, "mark": 99, "text": "x"}
`
	p := writeFile(t, "answers.jsonl", []byte(jsonl))
	cases := []struct {
		name string
		args []string
		code int
		out  []string
		err  []string
	}{
		{name: "text", args: []string{"eval", "--answers", p}, out: []string{"judgement/16", "Spearman", "words", "bias"}, err: []string{"line 3: mark 99 is outside"}},
		{name: "both files", args: []string{"eval", "--answers", p, "--csv", p}, code: 2, err: []string{"one of --csv or --answers"}},
		{name: "unknown rubric", args: []string{"eval", "--answers", p, "--rubric", "nope"}, code: 1, err: []string{"nope"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			code, out, errOut := clio(t, "", tc.args...)
			assert.Equal(t, tc.code, code, errOut)
			for _, s := range tc.out {
				assert.Contains(t, out, s)
			}
			for _, s := range tc.err {
				assert.Contains(t, errOut, s)
			}
		})
	}
	code, out, errOut := clio(t, "", "eval", "--answers", p, "--format", "json")
	require.Equal(t, 0, code, errOut)
	var ag calibrate.AnswerAgreement
	require.NoError(t, json.Unmarshal([]byte(out), &ag))
	require.Len(t, ag.Answers, 2)
	assert.Equal(t, 2, ag.Groups["judgement/16"].N)
	assert.Greater(t, ag.Answers[1].Words, ag.Answers[0].Words)
}
