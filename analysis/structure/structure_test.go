package structure

import (
	"context"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/clio-history/clio/analysis"
)

func analyse(t *testing.T, text string) (*analysis.Result, map[string][]analysis.Finding) {
	t.Helper()
	doc, err := analysis.Parse(context.Background(), text)
	require.NoError(t, err)
	p, err := analysis.NewPipeline(New())
	require.NoError(t, err)
	res, err := p.Run(context.Background(), doc, analysis.Task{})
	require.NoError(t, err)
	byCode := map[string][]analysis.Finding{}
	for _, f := range res.Findings {
		assert.Equal(t, text[f.Start:f.End], f.Text)
		byCode[f.Code] = append(byCode[f.Code], f)
	}
	return res, byCode
}

var body = strings.Repeat("Stalin used his post to appoint loyal officials who then voted for him. ", 6)

func TestStructureFindings(t *testing.T) {
	wellFormed := "Stalin rose mainly because of his post.\n\n" + body + "\n\n" + body + "\n\nIn conclusion, his post mattered most."
	tests := []struct {
		name    string
		text    string
		present []string
		absent  []string
		texts   map[string]string
	}{
		{"WellFormedEssay", wellFormed,
			[]string{"structure.conclusion"},
			[]string{"structure.few-paragraphs", "structure.no-conclusion", "structure.no-introduction", "structure.short-paragraph"}, nil},
		{"OneParagraph", "Stalin rose because of his post. Trotsky was arrogant.",
			[]string{"structure.few-paragraphs", "structure.no-introduction", "structure.no-conclusion"}, nil, nil},
		{"ShortBodyParagraph", "Intro sentence here.\n\nToo short a point.\n\n" + body + "\n\nOverall, the post mattered.",
			[]string{"structure.short-paragraph"}, nil, map[string]string{"structure.short-paragraph": "Too short a point."}},
		{"RepeatedWord", "He controlled the the Party Congress.",
			[]string{"structure.repeated-word"}, nil, map[string]string{"structure.repeated-word": "the the"}},
		{"RepeatedWordAcrossCase", "The the party chose him.",
			[]string{"structure.repeated-word"}, nil, nil},
		{"HadHadIsEnglish", "By 1929 he had had enough of Bukharin.", nil, []string{"structure.repeated-word"}, nil},
		{"DoubleSpaceWithNBSP", "the Party Congress was in charge \u00a0of the Politburo.",
			[]string{"structure.double-space"}, nil, map[string]string{"structure.double-space": " \u00a0"}},
		{"TwoSpacesAfterFullStopAllowed", "He won.  Trotsky lost.", nil, []string{"structure.double-space"}, nil},
		{"LongSentence", strings.Repeat("word ", 55) + "end.", []string{"structure.long-sentence"}, nil, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, byCode := analyse(t, tc.text)
			for _, c := range tc.present {
				assert.NotEmpty(t, byCode[c], "expected %s", c)
			}
			for _, c := range tc.absent {
				assert.Empty(t, byCode[c], "unexpected %s", c)
			}
			for c, want := range tc.texts {
				require.NotEmpty(t, byCode[c])
				assert.Equal(t, want, byCode[c][0].Text)
			}
		})
	}
}

func TestStructureMetrics(t *testing.T) {
	res, _ := analyse(t, "Intro.\n\n"+body+"\n\nIn conclusion, yes.")
	assert.Equal(t, 3.0, res.Metrics["structure.paragraphs"])
	assert.Equal(t, 1.0, res.Metrics["structure.introduction"])
	assert.Equal(t, 1.0, res.Metrics["structure.conclusion"])
	assert.InDelta(t, 12.0, res.Metrics["structure.mean_sentence_words"], 3)
}

func BenchmarkStructure1000Words(b *testing.B) {
	text := strings.Repeat(body+"\n\n", 12)
	doc, err := analysis.Parse(context.Background(), text)
	require.NoError(b, err)
	a := New()
	for b.Loop() {
		if _, err := a.Analyze(context.Background(), doc, analysis.Task{}); err != nil {
			b.Fatal(err)
		}
	}
}

func FuzzStructure(f *testing.F) {
	for _, s := range []string{"The the cat.\n\nIn conclusion, yes.", "a  b", "x\u00a0 y", "One.\n\nTwo.\n\nThree."} {
		f.Add(s)
	}
	p, err := analysis.NewPipeline(New())
	require.NoError(f, err)
	f.Fuzz(func(t *testing.T, text string) {
		doc, err := analysis.Parse(context.Background(), text)
		if err != nil {
			return
		}
		res, err := p.Run(context.Background(), doc, analysis.Task{})
		if err != nil {
			t.Fatalf("structure failed on parsed text: %v", err)
		}
		for _, fd := range res.Findings {
			if fd.Text != text[fd.Start:fd.End] {
				t.Fatalf("finding %s text mismatch", fd.Code)
			}
		}
	})
}
