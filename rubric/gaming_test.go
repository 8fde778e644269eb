package rubric_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/clio-history/clio/fixtures"
	"github.com/clio-history/clio/rubric"
)

// paddings are the ways a student might try to buy marks without writing a
// better essay.
var paddings = map[string]func(string) string{
	"DoubledParagraph": func(s string) string {
		paras := strings.Split(s, "\n\n")
		if len(paras) < 3 {
			return s + "\n\n" + s
		}
		// Repeat the second paragraph (the first body paragraph) in place.
		out := append([]string{}, paras[:2]...)
		out = append(out, paras[1])
		out = append(out, paras[2:]...)
		return strings.Join(out, "\n\n")
	},
	"UnrelatedParagraph": func(s string) string { return strings.TrimRight(s, "\n") + "\n\n" + unrelatedParagraph },
	"SprinkledConnectives": func(s string) string {
		paras := strings.Split(s, "\n\n")
		for i := range paras {
			if i == 0 {
				continue
			}
			paras[i] = "However, therefore, furthermore, " + lowerFirstASCII(paras[i])
		}
		return strings.Join(paras, "\n\n")
	},
}

func lowerFirstASCII(s string) string {
	if s != "" && s[0] >= 'A' && s[0] <= 'Z' && (len(s) < 2 || s[1] < 'A' || s[1] > 'Z') {
		return string(s[0]+'a'-'A') + s[1:]
	}
	return s
}

type gamingCase struct {
	name, text, question string
}

func gamingCases(t *testing.T) []gamingCase {
	cases := []gamingCase{
		{"inline/strong", strongEssay, stalinQuestion},
		{"inline/narrative", narrativeEssay, stalinQuestion},
		{"inline/short", shortEssay, stalinQuestion},
	}
	files, err := filepath.Glob("../fixtures/*.txt")
	require.NoError(t, err)
	for _, f := range files {
		b, err := os.ReadFile(f)
		require.NoError(t, err)
		var side struct {
			Question string `json:"question"`
		}
		if j, err := os.ReadFile(strings.TrimSuffix(f, ".txt") + ".json"); err == nil {
			_ = json.Unmarshal(j, &side)
		}
		cases = append(cases, gamingCase{"fixture/" + filepath.Base(f), string(b), side.Question})
	}
	return cases
}

// TestPaddingNeverRaisesTheMark: doubling a paragraph, appending an
// unrelated one, or sprinkling connectives never raises the mark, the level
// or any criterion's score.
func TestPaddingNeverRaisesTheMark(t *testing.T) {
	for _, c := range gamingCases(t) {
		orig := markText(t, c.text, c.question, rubric.DefaultID)
		for name, pad := range paddings {
			t.Run(c.name+"/"+name, func(t *testing.T) {
				padded := markText(t, pad(c.text), c.question, rubric.DefaultID)
				assert.LessOrEqual(t, padded.Mark, orig.Mark, "mark")
				assert.LessOrEqual(t, padded.Level, orig.Level, "level")
				for i, cr := range padded.Criteria {
					assert.LessOrEqual(t, cr.Score, orig.Criteria[i].Score+1e-9, "criterion %s", cr.ID)
				}
			})
		}
	}
}

// TestPaddingNeverRaisesACalibratedMark: a profile that rewards length (as
// real ones do) still gives padding nothing.
func TestPaddingNeverRaisesACalibratedMark(t *testing.T) {
	prof := lengthProfile(rubric.DefaultID, 25)
	r := getRubric(t, rubric.DefaultID)
	for _, c := range gamingCases(t) {
		orig := rubric.Mark(analyze(t, c.text, c.question), r, rubric.Options{Profile: prof})
		for name, pad := range paddings {
			t.Run(c.name+"/"+name, func(t *testing.T) {
				padded := rubric.Mark(analyze(t, pad(c.text), c.question), r, rubric.Options{Profile: prof})
				assert.LessOrEqual(t, padded.Calibration.Predicted, orig.Calibration.Predicted+1e-9, "prediction")
				assert.LessOrEqual(t, padded.Mark, orig.Mark, "mark")
			})
		}
	}
}

// copyPaddings are issue 24's ways of lengthening a real answer without
// improving it: a copy of its longest paragraph appended, and a connective
// put in front of every sentence.
var copyPaddings = map[string]func(string) string{
	"CopiedLongestParagraph": func(s string) string {
		paras := strings.Split(strings.TrimRight(s, "\n "), "\n\n")
		longest := ""
		for _, p := range paras {
			if len(p) > len(longest) {
				longest = p
			}
		}
		return strings.Join(paras, "\n\n") + "\n\n" + longest + "\n"
	},
	"ConnectiveEverySentence": func(s string) string {
		links := []string{"Therefore, ", "However, ", "Furthermore, ", "Moreover, ", "Consequently, ", "As a result, ", "In addition, "}
		n := 0
		paras := strings.Split(s, "\n\n")
		for i, p := range paras {
			sents := sentenceEnd.Split(p, -1)
			seps := sentenceEnd.FindAllString(p, -1)
			var b strings.Builder
			for k, sent := range sents {
				if strings.TrimSpace(sent) != "" {
					b.WriteString(links[n%len(links)] + lowerFirstASCII(sent))
					n++
				}
				if k < len(seps) {
					b.WriteString(seps[k])
				}
			}
			paras[i] = b.String()
		}
		return strings.Join(paras, "\n\n")
	},
}

var sentenceEnd = regexp.MustCompile(`[.!?]["”’]?\s+`)

// TestCopiesAndConnectivesNeverRaiseTheMark: on every fixture and every
// essay of the team's corpus, marked on its own rubric (or the one its
// question chooses), appending a copy of the longest paragraph or putting
// a connective before every sentence never raises the mark or the level:
// the copy is not counted, nor are the connectives, so neither can lift an
// answer over the too-short cap.
func TestCopiesAndConnectivesNeverRaiseTheMark(t *testing.T) {
	set, err := rubric.Builtin()
	require.NoError(t, err)
	cases := gamingCases(t)
	essays, err := fixtures.Essays()
	require.NoError(t, err)
	for _, e := range essays {
		cases = append(cases, gamingCase{name: "essay/" + e.Name, text: e.Text, question: e.Question})
	}
	for _, c := range cases {
		res := analyze(t, c.text, c.question)
		r := rubric.Choose(set, res.Task.Question, 0)
		orig := rubric.Mark(res, r, rubric.Options{})
		for name, pad := range copyPaddings {
			t.Run(c.name+"/"+name, func(t *testing.T) {
				padded := rubric.Mark(analyze(t, pad(c.text), c.question), r, rubric.Options{})
				assert.LessOrEqual(t, padded.Mark, orig.Mark, "mark on %s", r.ID)
				assert.LessOrEqual(t, padded.Level, orig.Level, "level on %s", r.ID)
			})
		}
	}
}

// TestPaddingRealShortAnswers: issue 24 found real short answers lifted
// over the too-short cap by a copy of their longest paragraph or by a
// connective before every sentence; on the examiner-marked GCSE answers in
// the shared benchmarks, marked on the scheme their question chooses,
// neither raises the mark or the level.
func TestPaddingRealShortAnswers(t *testing.T) {
	f, err := os.Open(fixtures.NeedShared(t, "benchmarks", "history-marked", "aqa-gcse-examples.jsonl"))
	require.NoError(t, err)
	defer f.Close()
	set, err := rubric.Builtin()
	require.NoError(t, err)
	dec := json.NewDecoder(f)
	n := 0
	for dec.More() {
		var a struct {
			ID       string `json:"id"`
			Question string `json:"question"`
			Text     string `json:"text"`
		}
		require.NoError(t, dec.Decode(&a))
		n++
		res := analyze(t, a.Text, a.Question)
		r := rubric.Choose(set, res.Task.Question, 0)
		orig := rubric.Mark(res, r, rubric.Options{})
		for name, pad := range copyPaddings {
			t.Run(a.ID+"/"+name, func(t *testing.T) {
				padded := rubric.Mark(analyze(t, pad(a.Text), a.Question), r, rubric.Options{})
				assert.LessOrEqual(t, padded.Mark, orig.Mark, "mark on %s", r.ID)
				assert.LessOrEqual(t, padded.Level, orig.Level, "level on %s", r.ID)
			})
		}
	}
	assert.Equal(t, 40, n)
}
