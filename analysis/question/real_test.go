package question

import (
	"bufio"
	"compress/gzip"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/clio-history/clio/analysis"
	"github.com/clio-history/clio/fixtures"
	"github.com/stretchr/testify/assert"
)

// TestRealGCSEQuestions parses the questions of the examiner-commented AQA
// GCSE answers in the shared benchmarks (written by AQA, not by us, and
// never copied here). What each form must give is keyed by the data's own
// question type and mark, so no question text is held in the repository.
func TestRealGCSEQuestions(t *testing.T) {
	path := fixtures.NeedShared(t, "benchmarks", "history-marked", "aqa-gcse-examples.jsonl")
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<22)
	seen := map[string]bool{}
	n := 0
	for sc.Scan() {
		var row struct {
			Question     string `json:"question"`
			QuestionType string `json:"question_type"`
			MaxMark      int    `json:"max_mark"`
		}
		if err := json.Unmarshal(sc.Bytes(), &row); err != nil {
			t.Fatal(err)
		}
		if seen[row.Question] {
			continue
		}
		seen[row.Question] = true
		n++
		q := Parse(row.Question)
		norm := strings.Join(strings.Fields(analysis.Normalize(row.Question)), " ")
		assert.Equal(t, "gcse", q.Qualification, row.Question)
		assert.Empty(t, termProblems(q), row.Question)
		switch {
		case row.QuestionType == "explain" && row.MaxMark == 4:
			assert.Equal(t, "how-do-you-know", q.Command, row.Question)
			assert.Equal(t, "aqa-gcse-how-do-you-know", q.Form, row.Question)
			assert.Equal(t, []string{"Source A"}, q.Materials, row.Question)
			assert.True(t, strings.HasPrefix(q.Claim, "Source A is "), "claim %q", q.Claim)
			assert.NotEmpty(t, q.Focus, row.Question)
			assert.Equal(t, "sources", q.TaskType, row.Question)
		case row.QuestionType == "explain" && row.MaxMark == 12:
			assert.Equal(t, "how-useful", q.Command, row.Question)
			assert.Equal(t, "aqa-gcse-sources-useful", q.Form, row.Question)
			assert.Equal(t, []string{"Source B", "Source C"}, q.Materials, row.Question)
			assert.NotEmpty(t, q.Focus, row.Question)
			assert.Equal(t, "sources", q.TaskType, row.Question)
		case row.QuestionType == "analyse":
			assert.Equal(t, "account", q.Command, row.Question)
			assert.Equal(t, "aqa-gcse-account", q.Form, row.Question)
			assert.Equal(t, "short-answer", q.TaskType, row.Question)
		case row.QuestionType == "judgement":
			assert.Equal(t, "how-far-agree", q.Command, row.Question)
			assert.Equal(t, "aqa-gcse-how-far-agree", q.Form, row.Question)
			assert.Equal(t, "essay", q.TaskType, row.Question)
			assert.Contains(t, norm, q.Claim, "the claim is the question's own words")
			assert.NotEmpty(t, q.Claim, row.Question)
			// Every one of these claims is "X was the main reason…".
			assert.NotEmpty(t, q.Factor, row.Question)
			assert.NotEmpty(t, q.Focus, row.Question)
		default:
			t.Errorf("a question type the test does not know: %s/%d", row.QuestionType, row.MaxMark)
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	assert.Equal(t, 16, n, "distinct questions")
}

// TestPersuadePrompts parses the prompts of the PERSUADE essays: not
// history, not exam-board forms. The parse must be honest: no board form,
// no qualification, no sources, no period, no factor or claim invented; a
// command only where the wording has one ("Explain why…").
func TestPersuadePrompts(t *testing.T) {
	path := fixtures.NeedShared(t, "benchmarks", "persuade", "dev.jsonl.gz")
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		t.Fatal(err)
	}
	sc := bufio.NewScanner(zr)
	sc.Buffer(nil, 1<<24)
	seen := map[string]bool{}
	commands := 0
	texts := 0
	// The sixteen prompts all appear within the first few dozen essays;
	// reading on to 300 essays keeps the test under a second.
	for texts < 300 && sc.Scan() {
		var row struct {
			Question string `json:"question"`
			Text     string `json:"text"`
		}
		if err := json.Unmarshal(sc.Bytes(), &row); err != nil {
			t.Fatal(err)
		}
		// An essay pasted where the question goes: never a panic, and
		// every field well formed.
		texts++
		wellFormed(t, Parse(row.Text))
		if seen[row.Question] {
			continue
		}
		seen[row.Question] = true
		q := Parse(row.Question)
		wellFormed(t, q)
		assert.Empty(t, q.Form, row.Question)
		assert.Empty(t, q.Qualification, row.Question)
		assert.Empty(t, q.Materials, row.Question)
		assert.Zero(t, q.MaterialCount, row.Question)
		assert.Nil(t, q.Period, row.Question)
		assert.Empty(t, q.Factor, row.Question)
		assert.Empty(t, q.Claim, row.Question)
		assert.Empty(t, q.Items, row.Question)
		assert.Empty(t, q.Stimulus, row.Question)
		assert.Empty(t, termProblems(q), row.Question)
		if q.Command != "" {
			commands++
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	assert.Equal(t, 16, len(seen), "15 prompts and the empty one")
	// "Explain why…", "explain if…", "Do you agree or disagree…",
	// "Evaluate how well…": four prompts carry a command word.
	assert.LessOrEqual(t, commands, 4)
}

// wellFormed checks what must hold of any parse, whatever the input.
func wellFormed(t *testing.T, q analysis.Question) {
	t.Helper()
	known := map[string]bool{"": true}
	for _, c := range Commands() {
		known[c.ID] = true
	}
	assert.True(t, known[q.Command], "command %q", q.Command)
	assert.Contains(t, []string{"", "essay", "sources", "interpretations", "short-answer"}, q.TaskType)
	assert.Contains(t, []string{"", "a-level", "gcse"}, q.Qualification)
	for _, s := range append([]string{q.Claim, q.Factor, q.Focus, q.Form}, append(append(q.Items, q.Stimulus...), append(q.Materials, q.KeyTerms...)...)...) {
		assert.True(t, utf8.ValidString(s), "%q is not UTF-8", s)
		assert.Equal(t, strings.TrimSpace(s), s, "%q is padded", s)
		assert.LessOrEqual(t, len(s), maxQuestionBytes+40)
	}
	assert.GreaterOrEqual(t, q.MaterialCount, len(q.Materials))
	if p := q.Period; p != nil {
		assert.True(t, p.From == 0 || p.From <= p.To, "period %v", p)
		assert.NotZero(t, p.To, "period %v", p)
	}
}

// TestFixtureQuestions parses the questions of the team's essay fixtures
// (written for the essays, not for this parser): each gets a command and a
// task type, every claim-bearing command a claim, and no factor is a bare
// name.
func TestFixtureQuestions(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("..", "..", "fixtures", "essays", "*.json"))
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		var side struct {
			Question string `json:"question"`
		}
		if json.Unmarshal(b, &side) != nil || side.Question == "" {
			continue
		}
		n++
		q := Parse(side.Question)
		wellFormed(t, q)
		assert.Empty(t, termProblems(q), side.Question)
		assert.NotEmpty(t, q.Command, side.Question)
		assert.NotEmpty(t, q.TaskType, side.Question)
		switch q.Command {
		case "how-far-agree", "assess-validity", "how-accurate":
			assert.NotEmpty(t, q.Claim, side.Question)
		}
		// A one-word factor with a capital is a thing, never a person
		// or a place.
		if f := q.Factor; f != "" && !strings.Contains(f, " ") && f != strings.ToLower(f) {
			lf := strings.ToLower(f)
			assert.True(t, commonNouns[lf] || abstractEnding(lf) || eventWords[f] || isAcronym(f), "factor %q in %q", f, side.Question)
		}
	}
	t.Logf("%d fixture questions", n)
}
