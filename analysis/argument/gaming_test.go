package argument

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/clio-history/clio/analysis"

	"github.com/clio-history/clio/fixtures"
)

// essayCase is an essay with its question, from testdata or the fixtures.
type essayCase struct {
	name, text, question string
	sidecar              *sidecar
}

type sidecar struct {
	Question string `json:"question"`
	Expect   struct {
		IntroductionArgument *bool `json:"introduction_argument"`
		ConclusionJudgement  *bool `json:"conclusion_judgement"`
		NarrativeParagraphs  []int `json:"narrative_paragraphs"`
		// OffTopicParagraphs is omitted when empty.
		OffTopicParagraphs []int `json:"off_topic_paragraphs"`
	} `json:"expect"`
}

// fixturesDir finds the repository's fixtures directory by walking up from
// the package directory.
func fixturesDir(t testing.TB) string {
	dir, err := fixtures.Dir()
	if err != nil {
		return ""
	}
	return dir
}

// fixtureCases returns the fixtures that have a sidecar with a question.
func fixtureCases(t testing.TB) []essayCase {
	dir := fixturesDir(t)
	if dir == "" {
		return nil
	}
	paths, _ := filepath.Glob(filepath.Join(dir, "*.txt"))
	sort.Strings(paths)
	var out []essayCase
	for _, p := range paths {
		raw, err := os.ReadFile(strings.TrimSuffix(p, ".txt") + ".json")
		if err != nil {
			continue
		}
		var sc sidecar
		if err := json.Unmarshal(raw, &sc); err != nil {
			t.Logf("skipping %s: sidecar: %v", p, err)
			continue
		}
		text, err := os.ReadFile(p)
		require.NoError(t, err)
		out = append(out, essayCase{name: filepath.Base(p), text: string(text), question: sc.Question, sidecar: &sc})
	}
	return out
}

func allCases(t testing.TB) []essayCase {
	cases := []essayCase{
		{name: "stalin-good", text: readTestdata(t, "stalin-good.txt"), question: qStalin},
		{name: "stalin-narrative", text: readTestdata(t, "stalin-narrative.txt"), question: qStalin},
		{name: "normans-good", text: readTestdata(t, "normans-good.txt"), question: qNormans},
		{name: "normans-weak", text: readTestdata(t, "normans-weak.txt"), question: qNormans},
	}
	return append(cases, fixtureCases(t)...)
}

const unrelated = "Photosynthesis is the process by which green plants use light to turn carbon dioxide and water into glucose. It takes place in the chloroplasts of leaf cells, which contain the green pigment chlorophyll. Oxygen is released as a by-product, and this is why forests matter so much for the air that animals breathe."

const sprinkle = "However, therefore, furthermore"

// paragraphs splits on blank lines, as the essays in tests are written.
func paragraphs(text string) []string {
	var out []string
	for _, p := range strings.Split(strings.ReplaceAll(text, "\r\n", "\n"), "\n\n") {
		if strings.TrimSpace(p) != "" {
			out = append(out, strings.TrimSpace(p))
		}
	}
	return out
}

// sentencesOf splits a paragraph with the real parser, so padding lands on
// sentence boundaries.
func sentencesOf(t testing.TB, para string) []string {
	doc, err := analysis.Parse(context.Background(), para)
	require.NoError(t, err)
	out := make([]string, len(doc.Sentences))
	for i, s := range doc.Sentences {
		out[i] = doc.Slice(s.Span)
	}
	return out
}

type variant struct {
	name string
	text string
	// wants are codes the padded version must report.
	wants []string
}

func paddedVariants(t testing.TB, text string) []variant {
	paras := paragraphs(text)
	var out []variant
	join := func(ps []string) string { return strings.Join(ps, "\n\n") + "\n" }
	if len(paras) >= 3 {
		// Double a body paragraph in place, and copy one to the end.
		mid := len(paras) / 2
		doubled := append(append(append([]string{}, paras[:mid+1]...), paras[mid]), paras[mid+1:]...)
		out = append(out, variant{"DoubledParagraph", join(doubled), []string{"argument.repetition"}})
		atEnd := append(append([]string{}, paras...), paras[1])
		out = append(out, variant{"CopiedToEnd", join(atEnd), []string{"argument.repetition"}})
		// Every paragraph twice.
		var twice []string
		for _, p := range paras {
			twice = append(twice, p, p)
		}
		out = append(out, variant{"EverythingTwice", join(twice), []string{"argument.repetition"}})
		// A copy with a word slipped into every sentence, to dodge a
		// sentence-by-sentence comparison.
		var edited []string
		for _, s := range sentencesOf(t, paras[mid]) {
			if i := strings.Index(s, " "); i > 0 {
				s = s[:i] + " really" + s[i:]
			}
			edited = append(edited, s)
		}
		lightly := append(append([]string{}, paras...), strings.Join(edited, " "))
		out = append(out, variant{"EditedCopy", join(lightly), []string{"argument.repetition"}})
	}
	out = append(out, variant{"UnrelatedAtEnd", join(append(append([]string{}, paras...), unrelated)), []string{"argument.off-topic"}})
	if len(paras) >= 2 {
		mid := append(append(append([]string{}, paras[:1]...), unrelated), paras[1:]...)
		out = append(out, variant{"UnrelatedAfterIntro", join(mid), []string{"argument.off-topic"}})
	}
	// Connectives as sentences of their own, and as prefixes.
	var own, prefixed []string
	for _, p := range paras {
		ss := sentencesOf(t, p)
		var a, b []string
		for _, s := range ss {
			a = append(a, s, sprinkle+".")
			b = append(b, sprinkle+", "+s)
		}
		own = append(own, strings.Join(a, " "))
		prefixed = append(prefixed, strings.Join(b, " "))
	}
	// One connective at the start of every sentence, in turn.
	var single []string
	n := 0
	for _, p := range paras {
		var a []string
		for _, s := range sentencesOf(t, p) {
			a = append(a, []string{"However, ", "Therefore, ", "Furthermore, "}[n%3]+s)
			n++
		}
		single = append(single, strings.Join(a, " "))
	}
	out = append(out, variant{"SingleConnectives", join(single), []string{"argument.word-salad"}})
	out = append(out, variant{"ConnectiveSentences", join(own), []string{"argument.word-salad"}})
	out = append(out, variant{"ConnectivePrefixes", join(prefixed), []string{"argument.word-salad"}})
	return out
}

// TestPaddingNeverPays pads every essay (testdata and fixtures) in the ways
// a student might and checks that no metric moves in the writer's favour and
// that the padding is reported.
func TestPaddingNeverPays(t *testing.T) {
	for _, c := range allCases(t) {
		base := run(t, c.text, c.question).Metrics
		for _, v := range paddedVariants(t, c.text) {
			t.Run(c.name+"/"+v.name, func(t *testing.T) {
				res := run(t, v.text, c.question)
				for _, k := range higherIsBetter {
					assert.LessOrEqual(t, res.Metrics[k], base[k]+1e-9, "%s rose from %.3f to %.3f", k, base[k], res.Metrics[k])
				}
				for _, k := range lowerIsBetter {
					assert.GreaterOrEqual(t, res.Metrics[k], base[k]-1e-9, "%s fell from %.3f to %.3f", k, base[k], res.Metrics[k])
				}
				got := codes(res)
				for _, w := range v.wants {
					assert.Positive(t, got[w], "want a %s finding", w)
				}
			})
		}
	}
}

// TestFixtureSidecars checks the fixtures' expectations for the argument:
// a line of argument in the introduction, a judgement in the conclusion and
// which paragraphs are narrative.
func TestFixtureSidecars(t *testing.T) {
	cases := fixtureCases(t)
	if len(cases) == 0 {
		t.Skip("no fixtures with sidecars")
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			res := run(t, c.text, c.question)
			exp := c.sidecar.Expect
			if exp.IntroductionArgument != nil {
				assert.Equal(t, *exp.IntroductionArgument, res.Metrics["argument.thesis"] == 1, "introduction_argument")
			}
			if exp.ConclusionJudgement != nil {
				// The sidecar's judgement must also agree with the introduction.
				assert.Equal(t, *exp.ConclusionJudgement, res.Metrics["argument.consistent_judgement"] == 1, "conclusion_judgement")
			}
			if exp.NarrativeParagraphs != nil {
				got := []int{}
				for _, f := range res.FindingsWithCode("argument.narrative") {
					got = append(got, f.Paragraph)
				}
				assert.ElementsMatch(t, exp.NarrativeParagraphs, got, "narrative_paragraphs")
			}
			offTopic := []int{}
			for _, f := range res.FindingsWithCode("argument.off-topic") {
				offTopic = append(offTopic, f.Paragraph)
			}
			want := exp.OffTopicParagraphs
			if want == nil {
				want = []int{}
			}
			assert.ElementsMatch(t, want, offTopic, "off_topic_paragraphs")
		})
	}
}

// TestHonestEssaysAreNotPadding: no essay written in good faith is accused
// of repetition or word salad.
func TestHonestEssaysAreNotPadding(t *testing.T) {
	for _, c := range allCases(t) {
		t.Run(c.name, func(t *testing.T) {
			res := run(t, c.text, c.question)
			assert.Empty(t, res.FindingsWithCode("argument.repetition"))
			assert.Empty(t, res.FindingsWithCode("argument.word-salad"))
			assert.Zero(t, res.Metrics["argument.repetition_share"])
			assert.Zero(t, res.Metrics["argument.word_salad_share"])
		})
	}
}

func TestWordSalad(t *testing.T) {
	base := readTestdata(t, "stalin-good.txt")
	tests := []struct{ name, insert, kind string }{
		{"Stacked", "However, therefore, furthermore, Stalin was clever.", "stacked"},
		{"OnlyConnectives", "Therefore and however.", "connectives"},
		{"VerblessList", "Stalin Trotsky Zinoviev Kamenev Bukharin Politburo Congress Secretary Testament Enrolment factions ideology.", "fragment"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			text := strings.Replace(base, "\n\nIn conclusion,", " "+tt.insert+"\n\nIn conclusion,", 1)
			res := run(t, text, qStalin)
			f := res.FindingsWithCode("argument.word-salad")
			require.Len(t, f, 1)
			assert.Equal(t, tt.kind, f[0].Data["kind"])
			assert.Contains(t, tt.insert, f[0].Text)
		})
	}
}
