package rubric_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/clio-history/clio/analysis/question"
	"github.com/clio-history/clio/rubric"
)

// TestChoose: a question in a board's GCSE wording gets that board's scheme
// when the caller names none; anything else gets the default.
func TestChoose(t *testing.T) {
	set, err := rubric.Builtin()
	require.NoError(t, err)
	cases := []struct {
		question string
		maxMark  int
		want     string
	}{
		{"Source A is critical of the Treaty of Versailles. How do you know? Explain your answer using Source A and your contextual knowledge. [4 marks]", 0, "aqa-gcse-history-4"},
		{"Write an account of how the Bay of Pigs invasion increased tension between the USA and the USSR. [8 marks]", 0, "aqa-gcse-history-8"},
		{"How useful are Sources B and C to an historian studying the Berlin Blockade? Explain your answer using Sources B and C and your contextual knowledge. [12 marks]", 0, "aqa-gcse-history-12"},
		{"'The Schlieffen Plan was the main reason for the outbreak of war in 1914.' How far do you agree with this statement? Explain your answer. [16 marks]", 0, "aqa-gcse-history-16"},
		// The caller's maximum decides between schemes of one form.
		{"'The Schlieffen Plan was the main reason for the outbreak of war in 1914.' How far do you agree with this statement? Explain your answer.", 16, "aqa-gcse-history-16"},
		{"Write a narrative account analysing the key events of the Berlin crisis, 1958–61. You may use the following in your answer: the refugee problem; the building of the Wall. You must also use information of your own. (8 marks)", 0, "pearson-edexcel-gcse-narrative-8"},
		{"Explain why there were changes in the treatment of disease in the years c1700–c1900. You may use the following in your answer: vaccination; germ theory. You must also use information of your own. (12 marks)", 0, "pearson-edexcel-gcse-explain-12"},
		{"Write a clear and organised summary that analyses how law and order was kept in the period 1500–1750. Support your summary with examples. [9]", 0, "ocr-gcse-summary-9"},
		{"How far do you agree that the biggest changes in public health came in the nineteenth century? Give reasons for your answer. [18]", 0, "ocr-gcse-essay-18"},
		// A-level and unmarked questions keep the default.
		{"'Stalin came to power because Lenin failed to plan for his succession.' Assess the validity of this view.", 0, rubric.DefaultID},
		{"", 0, rubric.DefaultID},
		{"Write an account of how the Bay of Pigs invasion increased tension. [8 marks]", 25, rubric.DefaultID},
	}
	for _, tc := range cases {
		q := question.Parse(tc.question)
		got := rubric.Choose(set, q, tc.maxMark)
		require.NotNil(t, got, tc.question)
		assert.Equal(t, tc.want, got.ID, "%q (form %q, qualification %q, marks %d)", tc.question, q.Form, q.Qualification, q.Marks)
	}
}

// TestGCSERubricsAreChecked: every GCSE scheme says which board documents
// its bands were checked against, and says how long an answer needs to be.
func TestGCSERubricsAreChecked(t *testing.T) {
	set, err := rubric.Builtin()
	require.NoError(t, err)
	n := 0
	for _, r := range set.All() {
		if r.Qualification != "gcse" {
			continue
		}
		n++
		assert.NotEmpty(t, r.References, r.ID)
		require.NotNil(t, r.Length, r.ID)
		assert.Less(t, r.Length.MinWords, 300, r.ID)
	}
	assert.GreaterOrEqual(t, n, 10)
}
