package rubric_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/clio-history/clio/analysis/question"
	"github.com/clio-history/clio/fixtures"
	"github.com/clio-history/clio/rubric"
)

// signposts are the ways a conclusion may announce itself; "" is none.
var signposts = []string{"In conclusion, ", "To conclude, ", "Overall, ", "Ultimately, ", ""}

// knownOpeners are stripped from the last paragraph before another is put
// in their place.
var knownOpeners = []string{"In conclusion,", "To conclude,", "Overall,", "Ultimately,", "In summary,",
	"To sum up,", "On balance,", "All in all,", "Therefore,", "Thus,", "So,"}

// withSignpost rewrites the opening of the essay's last paragraph: its
// signpost, if any, removed, and sp put in its place.
func withSignpost(text, sp string) string {
	text = strings.TrimRight(text, "\n ")
	cut := strings.LastIndex(text, "\n\n")
	if cut < 0 {
		return text
	}
	head, last := text[:cut+2], text[cut+2:]
	for _, op := range knownOpeners {
		if strings.HasPrefix(last, op) {
			last = strings.TrimLeft(last[len(op):], " ")
			break
		}
	}
	switch {
	case sp == "":
		last = upperFirstASCII(last)
	case !startsWithName(last):
		last = lowerFirstASCII(last)
	}
	return head + sp + last
}

func upperFirstASCII(s string) string {
	if s != "" && s[0] >= 'a' && s[0] <= 'z' {
		return string(s[0]-'a'+'A') + s[1:]
	}
	return s
}

// startsWithName reports a paragraph that opens with a proper noun, which
// keeps its capital after a signpost ("Overall, Stalin…").
func startsWithName(s string) bool {
	w, _, _ := strings.Cut(s, " ")
	switch w {
	case "The", "This", "These", "That", "It", "There", "In", "A", "An", "His", "Her", "Their", "I", "We", "Although", "While":
		return false
	}
	return s != "" && s[0] >= 'A' && s[0] <= 'Z'
}

type invarianceCase struct {
	name, text, question, rubric string
}

// invarianceCases are the fixtures and the team's essays (fixtures/essays),
// each marked on its own rubric when Clio has it built in and on the
// default one otherwise (the GCSE schemes and the source answers).
func invarianceCases(t *testing.T) []invarianceCase {
	var out []invarianceCase
	for _, c := range gamingCases(t) {
		if !strings.HasPrefix(c.name, "fixture/") || c.question == "" {
			continue
		}
		out = append(out, invarianceCase{c.name, c.text, c.question, rubric.DefaultID})
	}
	essays, err := fixtures.Essays()
	require.NoError(t, err)
	set, err := rubric.Builtin()
	require.NoError(t, err)
	for _, es := range essays {
		id := es.Rubric
		if _, ok := set.Get(id); !ok {
			id = rubric.DefaultID
		}
		out = append(out, invarianceCase{"essay/" + es.Name, es.Text, es.Question, id})
	}
	return out
}

// TestSignpostsDoNotDecideTheMark: removing, adding or rewording the
// signpost that opens the last paragraph ("In conclusion", "To conclude",
// "Overall", "Ultimately", none) moves the level by at most one and the
// mark by at most 3. A conclusion is a conclusion because of what it does.
func TestSignpostsDoNotDecideTheMark(t *testing.T) {
	for _, c := range invarianceCases(t) {
		orig := markText(t, c.text, c.question, c.rubric)
		for _, sp := range signposts {
			name := strings.TrimSuffix(sp, ", ")
			if name == "" {
				name = "none"
			}
			t.Run(c.name+"/"+name, func(t *testing.T) {
				text := withSignpost(c.text, sp)
				rep := markText(t, text, c.question, c.rubric)
				assert.LessOrEqual(t, abs(rep.Level-orig.Level), 1, "level %d → %d", orig.Level, rep.Level)
				assert.LessOrEqual(t, abs(rep.Mark-orig.Mark), 3, "mark %d → %d", orig.Mark, rep.Mark)
			})
		}
	}
}

// TestStalinStrongWithoutItsSignpost: the strong Stalin essay's conclusion
// ranks the factors ("the second most important factor", "Ideology
// mattered least"); without the words "In conclusion," it is the same
// conclusion and the same judgement.
func TestStalinStrongWithoutItsSignpost(t *testing.T) {
	c := fixtureCase(t, "stalin-strong.txt")
	require.Contains(t, c.text, "\n\nIn conclusion, ")
	orig := markText(t, c.text, c.question, rubric.DefaultID)
	text := strings.Replace(c.text, "\n\nIn conclusion, Stalin", "\n\nStalin", 1)
	rep := markText(t, text, c.question, rubric.DefaultID)
	assert.Equal(t, orig.Level, rep.Level)
	assert.InDelta(t, orig.Mark, rep.Mark, 1)
	for _, cp := range rep.Caps {
		assert.NotEqual(t, rubric.CapNoJudgement, cp.When, "the ranking conclusion is still a judgement")
	}
}

// TestAnAppendedVerdictBuysLittle: a bare verdict tacked on to an essay that
// reaches no judgement ("In conclusion, X was the most important reason.")
// asserts a judgement without arguing it, and gains at most 2 marks, as a
// new paragraph or at the end of the last one.
func TestAnAppendedVerdictBuysLittle(t *testing.T) {
	for _, c := range invarianceCases(t) {
		res := analyze(t, c.text, c.question)
		if res.Metrics["argument.judgement"] > 0 {
			continue // it already reaches a judgement
		}
		orig := rubric.Mark(res, getRubric(t, c.rubric), rubric.Options{})
		verdict := fmt.Sprintf("In conclusion, %s was the most important reason.", factorOf(c.question))
		for name, text := range map[string]string{
			"NewParagraph":  strings.TrimRight(c.text, "\n ") + "\n\n" + verdict + "\n",
			"SameParagraph": strings.TrimRight(c.text, "\n ") + " " + verdict + "\n",
		} {
			t.Run(c.name+"/"+name, func(t *testing.T) {
				rep := markText(t, text, c.question, c.rubric)
				assert.LessOrEqual(t, rep.Mark-orig.Mark, 2, "mark %d → %d", orig.Mark, rep.Mark)
				// The verdict may tip a mark across a band boundary, but it
				// lifts no cap: an essay held down for reaching no judgement
				// is still held down with the verdict added.
				assert.LessOrEqual(t, rep.Level-orig.Level, 1, "level %d → %d", orig.Level, rep.Level)
				if hasCap(orig, rubric.CapNoJudgement) {
					assert.True(t, hasCap(rep, rubric.CapNoJudgement), "the appended verdict lifted the no-judgement cap (level %d → %d)", orig.Level, rep.Level)
				}
			})
		}
	}
}

// factorOf names something the question is about, for a verdict to rank.
func factorOf(q string) string {
	p := question.Parse(q)
	if p.Factor != "" {
		return "the " + p.Factor
	}
	if len(p.KeyTerms) > 0 {
		return p.KeyTerms[0]
	}
	return "this factor"
}

func hasCap(rep *rubric.Report, when string) bool {
	for _, c := range rep.Caps {
		if c.When == when {
			return true
		}
	}
	return false
}

func fixtureCase(t *testing.T, file string) invarianceCase {
	for _, c := range invarianceCases(t) {
		if c.name == "fixture/"+file {
			return c
		}
	}
	t.Fatalf("no fixture %s", file)
	return invarianceCase{}
}

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}
