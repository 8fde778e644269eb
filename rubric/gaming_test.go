package rubric_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

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
