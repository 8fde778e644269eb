package argument

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/clio-history/clio/analysis"
)

// Inline essays for the skeleton. The facts are standard: Stalin became
// General Secretary in April 1922, Lenin died in January 1924, the Central
// Committee kept Lenin's Testament from the congress in May 1924, and
// Trotsky was expelled from the party in November 1927.
const (
	skIntro = "When Lenin died in January 1924, few expected Stalin to succeed him. Stalin emerged as leader mainly because his post as General Secretary gave him control of the party machine, although his rivals' mistakes also helped him."
	skBody1 = "One reason why Stalin emerged as leader was his control of appointments. In April 1922 he became General Secretary, which meant that he appointed local party secretaries. As a result, the delegates at party congresses owed their jobs to him, so votes went his way."
	skBody2 = "Stalin's rivals also made serious mistakes. Trotsky failed to attend Lenin's funeral in January 1924, which damaged his reputation. Zinoviev and Kamenev agreed in May 1924 to keep Lenin's Testament from the congress, which saved Stalin's career."
	// A counter-argument the writer answers.
	skCounter = "Some historians argue that Stalin's rise was mainly the result of his rivals' errors. Trotsky was arrogant and often ill, and he refused to build alliances. However, this view ignores the fact that only Stalin's control of the party let him exploit those errors, so the post mattered more."
	// "However" that turns to the writer's own next point.
	skOwnPoint  = "However, Stalin also benefited from the appeal of his ideas. His policy of Socialism in One Country, announced in 1924, was more attractive to ordinary members than Trotsky's Permanent Revolution, because it promised that Russia could build socialism alone."
	skConcluded = "Stalin emerged as leader mainly because of his control of the party machine as General Secretary. His rivals' mistakes were the second most important factor, since they gave him chances he could not have created himself, and his ideas mattered least."
)

func essayOf(paras ...string) string { return strings.Join(paras, "\n\n") + "\n" }

func findingsWith(res *analysis.Result, code string) []string {
	var out []string
	for _, f := range res.FindingsWithCode(code) {
		out = append(out, f.Text)
	}
	return out
}

func TestSkeleton(t *testing.T) {
	tests := []struct {
		name string
		text string
		// want maps a code to a prefix of the text one of its findings
		// must cover; absent lists codes that must not be found.
		want   map[string]string
		absent []string
	}{
		{
			name: "ConclusionWithoutSignpost",
			text: essayOf(skIntro, skBody1, skBody2, skOwnPoint, skConcluded),
			want: map[string]string{
				"argument.thesis":     "Stalin emerged as leader mainly because his post",
				"argument.conclusion": "Stalin emerged as leader mainly because of his control",
				"argument.judgement":  "Stalin emerged as leader mainly because of his control",
				"argument.claim":      "One reason why Stalin emerged",
				"argument.evidence":   "In April 1922 he became General Secretary",
			},
			absent: []string{"argument.no-judgement", "argument.counterclaim"},
		},
		{
			name: "SignpostedConclusion",
			text: essayOf(skIntro, skBody1, skBody2, skOwnPoint, "In conclusion, "+lowerFirst(strings.Replace(skConcluded, "Stalin emerged", "stalin emerged", 1))),
			want: map[string]string{
				"argument.conclusion": "In conclusion,",
				"argument.judgement":  "In conclusion,",
			},
		},
		{
			name: "ConcessionAnswered",
			text: essayOf(skIntro, skBody1, skCounter, skConcluded),
			want: map[string]string{
				"argument.counterclaim": "Some historians argue that Stalin's rise",
				"argument.rebuttal":     "However, this view ignores",
				"argument.balance":      "Some historians argue",
			},
		},
		{
			name: "HoweverTurningToOwnPoint",
			text: essayOf(skIntro, skBody1, skOwnPoint, skConcluded),
			want: map[string]string{
				"argument.claim": "However, Stalin also benefited",
			},
			absent: []string{"argument.counterclaim", "argument.rebuttal"},
		},
		{
			name: "ThesisSecondNotTheFoil",
			text: essayOf("Some historians argue that Trotsky's mistakes were the main reason for Stalin's rise. I will argue instead that Stalin emerged as leader mainly because of his control of the party machine.",
				skBody1, skBody2, skConcluded),
			want: map[string]string{"argument.thesis": "I will argue instead"},
		},
		{
			name:   "NoConclusion",
			text:   essayOf(skIntro, skBody1, skBody2),
			absent: []string{"argument.conclusion", "argument.judgement"},
		},
		{
			// A modest position is still the writer's own: taken for the
			// thesis though it ranks nothing and names little of the
			// question.
			name: "ModestThesis",
			text: essayOf("Lenin died in January 1924 and several Bolsheviks hoped to lead the party. His office was a good thing for him.",
				skBody1, skBody2, skConcluded),
			want: map[string]string{"argument.thesis": "His office was a good thing"},
		},
		{
			// A short essay that stops on a further point, in words the
			// essay has not used, has not concluded.
			name: "StoppedOnAFurtherPoint",
			text: essayOf(skIntro, skBody1, skBody2,
				"Trotsky was unpopular with the army commanders after the civil war, which was a serious problem for him. In January 1925 he lost his post as Commissar for War, and Frunze replaced him at the head of the Red Army."),
			absent: []string{"argument.conclusion"},
		},
		{
			name: "AssertedVerdict",
			text: essayOf(skIntro, skBody1, skBody2, "In conclusion, Stalin's post as General Secretary was the most important reason."),
			want: map[string]string{
				"argument.asserted-judgement": "In conclusion, Stalin's post",
				"argument.conclusion":         "In conclusion, Stalin's post",
			},
			absent: []string{"argument.judgement"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := run(t, tt.text, qStalin)
			for code, prefix := range tt.want {
				found := false
				for _, text := range findingsWith(res, code) {
					if strings.HasPrefix(text, prefix) {
						found = true
					}
				}
				assert.True(t, found, "want %s at %q, have %q", code, prefix, findingsWith(res, code))
			}
			for _, code := range tt.absent {
				assert.Empty(t, findingsWith(res, code), code)
			}
		})
	}
}

// TestSourceQuestionJudgement: a source question is answered by how useful
// the source is, not by ranking factors.
func TestSourceQuestionJudgement(t *testing.T) {
	const q = "How useful is Source A for an enquiry into how the Normans controlled England after 1066?"
	text := essayOf(
		"Source A is useful for an enquiry into how the Normans controlled England because it describes the castles they built.",
		"Source A says that the Normans built castles in the towns they took. This is accurate, because William ordered a castle to be built at York in 1068 to hold the north.",
		"However, the source was written by a monk many years later, so it may exaggerate. It also says nothing about how the Normans took the land of the English nobles.",
		"Overall, Source A is very useful for showing how castles kept control of the towns, although it tells us much less about the land.")
	res := run(t, text, q)
	assert.NotEmpty(t, findingsWith(res, "argument.judgement"), "judgement")
	assert.Empty(t, findingsWith(res, "argument.no-judgement"))
}

// TestSignpostIsEvidenceNotTheDecision: the same last paragraph with and
// without its signpost is read the same way.
func TestSignpostIsEvidenceNotTheDecision(t *testing.T) {
	base := essayOf(skIntro, skBody1, skBody2, skOwnPoint, skConcluded)
	for _, sp := range []string{"In conclusion, ", "To conclude, ", "Overall, ", "Ultimately, "} {
		t.Run(sp, func(t *testing.T) {
			text := strings.Replace(base, "\n\n"+skConcluded, "\n\n"+sp+skConcluded, 1)
			a, b := run(t, base, qStalin), run(t, text, qStalin)
			for _, k := range []string{"argument.conclusion", "argument.judgement", "argument.thesis", "argument.balance"} {
				assert.Equal(t, a.Metrics[k], b.Metrics[k], k)
			}
		})
	}
}

func TestCueOpenings(t *testing.T) {
	tests := []struct {
		sentence string
		want     cue
		not      cue
	}{
		{"In conclusion, Stalin won.", cueSignpost, 0},
		{"However, therefore, in conclusion, Stalin won.", cueSignpost, 0},
		{"Stalin won, in conclusion of a long struggle.", 0, cueSignpost},
		{"Some people think that Stalin was lucky.", cueAttributed, 0},
		{"They thought they could control him.", 0, cueAttributed},
		{"Historians have argued that he was lucky.", cueAttributed | cueScholarly, 0},
		{"Service argues that Stalin was more able than his rivals believed.", cueScholarly, 0},
		{"I think the post mattered most.", cueOpinion, 0},
		{"However, I think the post mattered most.", cueOpinion | cueContrastOpen, 0},
		{"This is true, but it misses the point.", cueConcede | cueTurnInside, 0},
	}
	for _, tt := range tests {
		t.Run(tt.sentence, func(t *testing.T) {
			res := run(t, tt.sentence, "")
			doc := res.Document
			require.Len(t, doc.Sentences, 1)
			s := describe(doc, 0, newBuffers(len(doc.Tokens)))
			assert.Equal(t, tt.want, s.cues&tt.want, "want %b", tt.want)
			assert.Zero(t, s.cues&tt.not, "not %b", tt.not)
		})
	}
}
