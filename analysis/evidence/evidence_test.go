package evidence

import (
	"context"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/clio-history/clio/analysis"
	"github.com/clio-history/clio/analysis/history"
)

const stalinQuestion = "Why did Stalin emerge as leader of Russia?"

func parse(t testing.TB, text string) *analysis.Document {
	t.Helper()
	doc, err := analysis.Parse(context.Background(), text)
	require.NoError(t, err)
	return doc
}

// runAnalyzer runs the analyzer (without a topic pack unless lib is given).
func runAnalyzer(t testing.TB, lib *history.Library, text, question string) (*analysis.Document, analysis.Output) {
	t.Helper()
	doc := parse(t, text)
	out, err := New(lib).Analyze(context.Background(), doc, analysis.Task{Question: analysis.Question{Text: question}})
	require.NoError(t, err)
	for _, f := range out.Findings {
		require.True(t, f.Start >= 0 && f.Start <= f.End && f.End <= len(text), "span %v out of bounds", f.Span)
	}
	return doc, out
}

func texts(doc *analysis.Document, out analysis.Output, code string) []string {
	var got []string
	for _, f := range out.Findings {
		if f.Code == code {
			got = append(got, doc.Slice(f.Span))
		}
	}
	return got
}

// specificsOf returns "kind:text" for everything the detector finds.
func specificsOf(t *testing.T, text, question string) []string {
	t.Helper()
	doc := parse(t, text)
	var got []string
	for _, s := range newDetector(doc, question).detect(nil) {
		got = append(got, s.kind.String()+":"+doc.Slice(s.span))
	}
	return got
}

func TestDetectors(t *testing.T) {
	tests := []struct {
		name, text, question string
		want                 []string
		notWant              []string
	}{
		{name: "Years", text: "Stalin became General Secretary in 1922 and defeated the Left by 1927.",
			want: []string{"date:1922", "date:1927", "name:General Secretary"}},
		{name: "FullDates", text: "The Bolsheviks seized power on 25 October 1917, and Lenin died in January 1924.",
			want: []string{"date:25 October 1917", "date:January 1924"}},
		{name: "DecadesAndRanges", text: "In the 1920s, and especially in the years 1924–29, the Party changed.",
			want: []string{"date:1920s", "date:1924–29"}},
		{name: "CountOfTwoSides", text: "He won the vote by 559 votes to just 65 at the congress.",
			want: []string{"number:559 votes to just 65"}},
		{name: "Units", text: "Around 25 million peasants were affected and grain output fell by 40% in places.",
			want: []string{"number:25 million", "number:40%"}},
		{name: "PerCentInWords", text: "Output rose by five per cent, and about 40 per cent of farms were collectivised.",
			want: []string{"number:five per cent", "number:40 per cent"}},
		{name: "Quotation", text: "Lenin warned that Stalin was “too rude” and had “unlimited authority concentrated in his hands”.",
			want: []string{"quotation:“unlimited authority concentrated in his hands”"}, notWant: []string{"quotation:“too rude”"}},
		{name: "StraightQuotes", text: `Trotsky called him "the outstanding mediocrity of the party" in his memoirs.`,
			want: []string{`quotation:"the outstanding mediocrity of the party"`}},
		{name: "ApostrophesAreNotQuotes", text: "Lenin's illness and Trotsky's absence helped the party's new man, Stalin's allies said.",
			notWant: []string{"quotation:"}},
		{name: "HistorianPresentTense", text: "The historian Robert Service argues that Stalin was underestimated.",
			want: []string{"historian:Robert Service"}},
		{name: "AccordingTo", text: "According to Fitzpatrick, the Party welcomed the new recruits.",
			want: []string{"historian:Fitzpatrick"}},
		{name: "HistoriansSuchAs", text: "Historians such as Carr and Deutscher saw his rise as a product of bureaucracy.",
			want: []string{"historian:Carr", "historian:Deutscher"}},
		{name: "ActorInPastTenseIsNotAHistorian", text: "Trotsky argued that the revolution had to spread abroad.",
			want: []string{"name:Trotsky"}, notWant: []string{"historian:"}},
		{name: "QuestionSubjectIsKept", text: "Stalin won because Bukharin trusted him.", question: stalinQuestion,
			want: []string{"name:Stalin", "name:Bukharin"}},
		{name: "OrdinalName", text: "At the 15th Party Congress the Left was expelled.",
			want: []string{"name:15th Party Congress"}},
		{name: "NameWithJoiner", text: "The war ended with the Treaty of Brest-Litovsk in March 1918.",
			want: []string{"name:Treaty of Brest-Litovsk", "date:March 1918"}},
		{name: "SentenceOpeningCommonNoun", text: "Collectivisation was brutal. However, propaganda hid it.",
			notWant: []string{"name:Collectivisation"}},
		{name: "WordAlsoWrittenInLowerCase", text: "Propaganda mattered. However, Propaganda was not all: propaganda needs belief.",
			notWant: []string{"name:Propaganda"}},
		{name: "SourcesOnlyForSourceQuestions", text: "Source A is useful because its author was at the congress.",
			question: "How useful is Source A for explaining Stalin's rise?",
			want:     []string{"source:Source A", "provenance:useful", "provenance:author"}},
		{name: "NoSourcesOtherwise", text: "Source A is useful because its author was at the congress.",
			question: stalinQuestion, notWant: []string{"source:", "provenance:"}},
		{name: "QuantityIsNotAYear", text: "Some 1500 delegates attended.", notWant: []string{"date:1500"},
			want: []string{"number:1500"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := specificsOf(t, tt.text, tt.question)
			for _, w := range tt.want {
				assert.Contains(t, got, w)
			}
			for _, nw := range tt.notWant {
				for _, g := range got {
					assert.False(t, strings.HasPrefix(g, nw) && (strings.HasSuffix(nw, ":") || g == nw), "unexpected %q in %v", g, got)
				}
			}
		})
	}
}

// An essay with one well-supported paragraph and one of bare assertion.
const mixedEssay = `Stalin emerged as leader of Russia because of his position in the Party and the mistakes of his rivals, although his ideas also mattered.

Stalin's position as General Secretary, to which he was appointed in 1922, let him place his supporters in key posts. At the Fourteenth Party Congress in 1925 his allies outvoted the Leningrad opposition by 559 votes to 65, showing how far his control of appointments had gone.

Propaganda was also very important because it made ordinary people believe that their leader was strong, and this helped him a great deal to stay in power and to win against everybody who stood in his way.

In conclusion, his position as General Secretary mattered most, because it gave him the votes that decided every contest.`

func TestUnsupportedParagraph(t *testing.T) {
	doc, out := runAnalyzer(t, nil, mixedEssay, stalinQuestion)
	var unsupported []analysis.Finding
	for _, f := range out.Findings {
		if f.Code == "evidence.unsupported" {
			unsupported = append(unsupported, f)
		}
	}
	require.Len(t, unsupported, 1)
	f := unsupported[0]
	assert.Equal(t, analysis.SeverityWarning, f.Severity)
	assert.Equal(t, 2, doc.ParagraphAt(f.Start), "the propaganda paragraph")
	assert.True(t, strings.HasPrefix(doc.Slice(f.Span), "Propaganda was also very important"))
	assert.Contains(t, f.Message, "Propaganda", "the message names the paragraph's subject")
	assert.Equal(t, 1.0, out.Metrics["evidence.unsupported_paragraphs"])
	assert.InDelta(t, 0.5, out.Metrics["evidence.supported_paragraph_share"], 1e-9)
	assert.Contains(t, texts(doc, out, "evidence.specific"), "559 votes to 65")
}

func TestNamingTheQuestionsSubjectIsNotEvidence(t *testing.T) {
	essay := "Stalin rose for several reasons.\n\nStalin was cunning and Stalin was patient, so Stalin was able to outlast everyone who might have stopped him from winning.\n\nIn conclusion, Stalin won."
	doc, out := runAnalyzer(t, nil, essay, stalinQuestion)
	got := texts(doc, out, "evidence.unsupported")
	require.Len(t, got, 1)
	assert.Equal(t, 0.0, out.Metrics["evidence.distinct_specifics"])
}

func TestTwoNamesSupportButOneDoesNot(t *testing.T) {
	one := "Intro about the question of why Stalin emerged as leader.\n\nHis rivals were weak, and Trotsky in particular failed to build the alliances that he needed to survive.\n\nIn conclusion, rivals mattered."
	two := "Intro about the question of why Stalin emerged as leader.\n\nHis rivals were weak, and Trotsky in particular failed to build alliances with Zinoviev that he needed to survive.\n\nIn conclusion, rivals mattered."
	_, outOne := runAnalyzer(t, nil, one, stalinQuestion)
	_, outTwo := runAnalyzer(t, nil, two, stalinQuestion)
	assert.Equal(t, 1.0, outOne.Metrics["evidence.unsupported_paragraphs"], "one bare name is not enough")
	assert.Equal(t, 0.0, outTwo.Metrics["evidence.unsupported_paragraphs"])
}

func TestHistorianAndQuotationStrengths(t *testing.T) {
	essay := `Stalin's rise has been explained in different ways.

The historian Robert Service argues that Stalin's rivals underestimated him, and Trotsky later called him “the outstanding mediocrity of our party”, which shows how little they feared him in 1924.

In conclusion, being underestimated helped him.`
	doc, out := runAnalyzer(t, nil, essay, stalinQuestion)
	assert.Equal(t, []string{"Robert Service"}, texts(doc, out, "evidence.historian"))
	assert.Equal(t, []string{"“the outstanding mediocrity of our party”"}, texts(doc, out, "evidence.quotation"))
	assert.Equal(t, 1.0, out.Metrics["evidence.historians"])
	assert.Equal(t, 1.0, out.Metrics["evidence.quotations"])
}

func TestLongQuotationIsInfo(t *testing.T) {
	long := strings.Repeat("the party must remain united and loyal ", 7)
	essay := "An introduction about Stalin and his rise.\n\nLenin wrote that \"" + strings.TrimSpace(long) + "\" in 1921, and this mattered for Stalin.\n\nIn conclusion, unity mattered."
	_, out := runAnalyzer(t, nil, essay, stalinQuestion)
	var sev []analysis.Severity
	for _, f := range out.Findings {
		if f.Code == "evidence.quotation" {
			sev = append(sev, f.Severity)
			assert.Contains(t, f.Message, "words")
		}
	}
	assert.Equal(t, []analysis.Severity{analysis.SeverityInfo}, sev)
}

func TestNameListIsCappedBySentenceLength(t *testing.T) {
	dump := "Intro on why Stalin emerged as leader.\n\nTrotsky, Zinoviev, Kamenev, Bukharin, Rykov, Tomsky, Molotov, Kirov, Ordzhonikidze, Kalinin, Voroshilov.\n\nIn conclusion, all of them."
	_, out := runAnalyzer(t, nil, dump, stalinQuestion)
	assert.LessOrEqual(t, out.Metrics["evidence.distinct_specifics"], 2.0, "a bare list of eleven names is not eleven pieces of evidence")
}

func TestOffTopicParagraphCountsForNothing(t *testing.T) {
	fire := "\n\nThe Great Fire of London began in Pudding Lane in September 1666 and destroyed about 13,200 houses and 87 parish churches before it was put out."
	_, base := runAnalyzer(t, nil, mixedEssay, stalinQuestion)
	_, padded := runAnalyzer(t, nil, mixedEssay+fire, stalinQuestion)
	assert.Equal(t, base.Metrics["evidence.distinct_specifics"], padded.Metrics["evidence.distinct_specifics"])
	assert.Less(t, padded.Metrics["evidence.supported_paragraph_share"], base.Metrics["evidence.supported_paragraph_share"])
}

func TestNoParagraphsIsAnError(t *testing.T) {
	_, err := New(nil).Analyze(context.Background(), &analysis.Document{}, analysis.Task{})
	require.Error(t, err)
	_, err = New(nil).Analyze(context.Background(), nil, analysis.Task{})
	require.Error(t, err)
}

func TestCancelledContext(t *testing.T) {
	doc := parse(t, mixedEssay)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := New(nil).Analyze(ctx, doc, analysis.Task{})
	require.ErrorIs(t, err, context.Canceled)
}

func TestConcurrentUse(t *testing.T) {
	lib, err := history.Default()
	require.NoError(t, err)
	a := New(lib)
	doc := parse(t, mixedEssay)
	want, err := a.Analyze(context.Background(), doc, analysis.Task{Question: analysis.Question{Text: stalinQuestion}})
	require.NoError(t, err)
	var wg sync.WaitGroup
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			got, err := a.Analyze(context.Background(), doc, analysis.Task{Question: analysis.Question{Text: stalinQuestion}})
			assert.NoError(t, err)
			assert.Equal(t, want.Metrics, got.Metrics)
		}()
	}
	wg.Wait()
}

// fakeKnowledge is a pack with a guide of two factors, to test factor
// reporting independently of the shipped pack's contents.
type fakeKnowledge struct{}

func (fakeKnowledge) mentions(doc *analysis.Document) []mention { return nil }

func (fakeKnowledge) guide(doc *analysis.Document, question string) ([]factor, []signal) {
	fs := []factor{
		{id: "general-secretary", name: "His power as General Secretary", example: "Stalin's appointment as General Secretary (1922)"},
		{id: "lenin-enrolment", name: "The Lenin Enrolment", about: "the mass recruitment of new Party members from 1924"},
	}
	var sigs []signal
	if i := strings.Index(doc.Text, "General Secretary"); i >= 0 {
		sigs = append(sigs, signal{factor: "general-secretary", span: analysis.Span{Start: i, End: i + len("General Secretary")}})
	}
	return fs, sigs
}

func TestFactorsCoveredAndMissing(t *testing.T) {
	doc := parse(t, mixedEssay)
	out, err := analyze(context.Background(), doc, analysis.Task{Question: analysis.Question{Text: stalinQuestion}}, fakeKnowledge{})
	require.NoError(t, err)
	var covered, missing []analysis.Finding
	for _, f := range out.Findings {
		switch f.Code {
		case "evidence.factor-covered":
			covered = append(covered, f)
		case "evidence.factor-missing":
			missing = append(missing, f)
		}
	}
	require.Len(t, covered, 1)
	require.Len(t, missing, 1)
	assert.Equal(t, "general-secretary", covered[0].Data["factor"])
	assert.Equal(t, "General Secretary", doc.Slice(covered[0].Span))
	assert.Equal(t, "lenin-enrolment", missing[0].Data["factor"])
	assert.Equal(t, analysis.Span{}, missing[0].Span)
	assert.Contains(t, missing[0].Message, "The Lenin Enrolment")
	assert.Contains(t, missing[0].Message, "mass recruitment")
	assert.Equal(t, 1.0, out.Metrics["evidence.factors_covered"])
	assert.Equal(t, 2.0, out.Metrics["evidence.factors_total"])
	assert.Equal(t, 0.5, out.Metrics["evidence.factor_coverage"])
}

func TestUnsupportedMessageNamesTheFactor(t *testing.T) {
	essay := "Stalin emerged as leader for several reasons.\n\nBeing General Secretary was the most important reason, because it let him decide who got which job and so build up loyal supporters everywhere.\n\nIn conclusion, his office mattered most."
	doc := parse(t, essay)
	out, err := analyze(context.Background(), doc, analysis.Task{Question: analysis.Question{Text: stalinQuestion}}, fakeKnowledge{})
	require.NoError(t, err)
	var msg string
	for _, f := range out.Findings {
		if f.Code == "evidence.unsupported" {
			msg = f.Message
			assert.Equal(t, "general-secretary", f.Data["factor"])
		}
	}
	require.NotEmpty(t, msg, "a paragraph naming only an office is unsupported")
	assert.Contains(t, msg, "his power as General Secretary")
	assert.Contains(t, msg, "Stalin's appointment as General Secretary (1922)")
}

func TestWithoutQuestionNoFactors(t *testing.T) {
	lib, err := history.Default()
	require.NoError(t, err)
	_, out := runAnalyzer(t, lib, mixedEssay, "")
	assert.Equal(t, 0.0, out.Metrics["evidence.factors_total"])
	for _, f := range out.Findings {
		assert.NotContains(t, f.Code, "factor")
	}
}

func TestSourceBasedQuestion(t *testing.T) {
	question := "With reference to Sources A and B, how useful are these sources for explaining Stalin's rise to power?"
	essay := "Both sources help to explain Stalin's rise, but in different ways.\n\n" +
		"Source A is useful because its author was a delegate who saw how the votes were arranged, although its purpose was to attack Stalin after he had won.\n\n" +
		"The second source is less useful because it only repeats what everyone already believed about power and loyalty and adds nothing new to our understanding.\n\n" +
		"In conclusion, Source A is the more useful."
	doc, out := runAnalyzer(t, nil, essay, question)
	unsupported := texts(doc, out, "evidence.unsupported")
	require.Len(t, unsupported, 1, "the paragraph on Source A is supported by the source and its provenance")
	assert.True(t, strings.HasPrefix(unsupported[0], "The second source is less useful"))
}

func TestMainActorsAreNotSupport(t *testing.T) {
	// Trotsky and Kamenev run through the essay: a paragraph that only names
	// them again gives no specific support.
	essay := `Stalin beat Trotsky and Kamenev because he controlled the Party.

Trotsky lost the post of Commissar for War in January 1925, and Kamenev lost his influence at the Fourteenth Party Congress in December 1925.

Trotsky and Kamenev were also arrogant, and they never trusted each other enough to act together against the man who was quietly taking control of the whole Party.

In conclusion, the most important reason was his control of the Party, which Trotsky and Kamenev failed to see.`
	doc, out := runAnalyzer(t, nil, essay, stalinQuestion)
	got := texts(doc, out, "evidence.unsupported")
	require.Len(t, got, 1)
	assert.True(t, strings.HasPrefix(got[0], "Trotsky and Kamenev were also arrogant"))
	assert.GreaterOrEqual(t, out.Metrics["evidence.distinct_specifics"], 4.0, "the names still count as distinct specifics")
}

func TestQuestionPeriod(t *testing.T) {
	tests := []struct {
		question string
		want     *analysis.Period
	}{
		{"Why did Stalin emerge as leader of Russia in the years 1924–29?", &analysis.Period{From: 1924, To: 1929}},
		{"How successful was Mary I in the years 1553-1558?", &analysis.Period{From: 1553, To: 1558}},
		{"How far was there a mid-Tudor crisis in the years 1547 to 1558?", &analysis.Period{From: 1547, To: 1558}},
		{"Why did the Normans win at Hastings in 1066?", &analysis.Period{From: 1066, To: 1076}},
		{"Why did Stalin emerge as leader of Russia?", nil},
	}
	for _, tt := range tests {
		t.Run(tt.question, func(t *testing.T) {
			assert.Equal(t, tt.want, questionPeriod(analysis.Question{Text: tt.question}))
		})
	}
	given := &analysis.Period{From: 1917, To: 1953}
	assert.Equal(t, given, questionPeriod(analysis.Question{Text: "in 1924–29", Period: given}), "the parsed question's period wins")
}

func TestParagraphAfterThePeriodIsOffTopic(t *testing.T) {
	q := "Why did Stalin emerge as leader of Russia in the years 1924–29?"
	base := "Stalin emerged as leader because of his control of the Party.\n\nAs General Secretary from 1922 he appointed the local secretaries who chose the delegates to the Party Congress in 1925 and 1927.\n\nIn conclusion, his office mattered most."
	later := "\n\nStalin purged the Red Army in 1937 and 1938, and Tukhachevsky was shot in June 1937 after a secret trial."
	lib, err := history.Default()
	require.NoError(t, err)
	_, outBase := runAnalyzer(t, lib, base, q)
	_, outLater := runAnalyzer(t, lib, base+later, q)
	assert.Equal(t, outBase.Metrics["evidence.distinct_specifics"], outLater.Metrics["evidence.distinct_specifics"],
		"the purges of 1937–38 add nothing to an answer about 1924–29")
	assert.Less(t, outLater.Metrics["evidence.supported_paragraph_share"], outBase.Metrics["evidence.supported_paragraph_share"])
}
