package spelling

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/clio-history/clio/analysis"
)

func newAnalyzer(t testing.TB) *Analyzer {
	t.Helper()
	a, err := New(Options{})
	require.NoError(t, err)
	return a
}

func analyze(t testing.TB, a *Analyzer, text, locale string) analysis.Output {
	t.Helper()
	doc, err := analysis.Parse(context.Background(), text)
	require.NoError(t, err)
	out, err := a.Analyze(context.Background(), doc, analysis.Task{Locale: locale})
	require.NoError(t, err)
	for _, f := range out.Findings {
		require.True(t, f.Start >= 0 && f.Start <= f.End && f.End <= len(text), "span %v outside text", f.Span)
	}
	return out
}

func TestCheck(t *testing.T) {
	a := newAnalyzer(t)
	tests := []struct {
		word   string
		locale string
		want   bool
	}{
		{"organise", LocaleGB, true},
		{"organize", LocaleGB, true},
		{"organisation", LocaleGB, true},
		{"colour", LocaleGB, true},
		{"centre", LocaleGB, true},
		{"Zinoviev", LocaleGB, true},
		{"Zinovyev", LocaleGB, true},
		{"Tsar", LocaleGB, true},
		{"Czar", LocaleGB, true},
		{"Politburo", LocaleGB, true},
		{"Sovnarkom", LocaleGB, true},
		{"kulaks", LocaleGB, true},
		{"Reichstag", LocaleGB, true},
		{"Gleichschaltung", LocaleGB, true},
		{"Kuomintang", LocaleGB, true},
		{"Robespierre", LocaleGB, true},
		{"Cranmer", LocaleGB, true},
		{"Saladin", LocaleGB, true},
		{"USSR", LocaleGB, true},
		{"NEP", LocaleGB, true},
		{"CPSU", LocaleGB, true},
		{"AD", LocaleGB, true},
		{"BC", LocaleGB, true},
		{"1920s", LocaleGB, true},
		{"22nd", LocaleGB, true},
		{"1st", LocaleGB, true},
		{"Lenin's", LocaleGB, true},
		{"Lenin’s", LocaleGB, true},
		{"Soviets'", LocaleGB, true},
		{"well-known", LocaleGB, true},
		{"anti-Bolshevik", LocaleGB, true},
		{"mid-1930s", LocaleGB, true},
		{"Henry VIII", LocaleGB, true},
		{"https://example.com/page?x=1", LocaleGB, true},
		{"joe.bloggs@example.co.uk", LocaleGB, true},
		{"The", LocaleGB, true},
		{"ARMY", LocaleGB, true},
		{"trotsky", LocaleGB, false},
		{"recieve", LocaleGB, false},
		{"goverment", LocaleGB, false},
		{"beleive", LocaleGB, false},
		{"thearmy", LocaleGB, false},
		{"usefull", LocaleGB, false},
		{"color", LocaleUS, true},
		{"colour", LocaleUS, true},
		// Rare words one slip from a common one are likely slips; history
		// terms and regular forms of common words are not.
		{"wether", LocaleGB, false},
		{"alow", LocaleGB, false},
		{"withing", LocaleGB, false},
		{"thane", LocaleGB, true},
		{"regnant", LocaleGB, true},
		{"vice versa", LocaleGB, true},
		{"risings", LocaleGB, true},
		{"centralism", LocaleGB, true},
		// Joined words: two content words may form a compound, unless a
		// listed word is within two slips or one part is a grammatical word.
		{"greyscale", LocaleGB, true},
		{"curtions", LocaleGB, false},
		{"eachother", LocaleGB, false},
		{"noteable", LocaleGB, false},
	}
	for _, tt := range tests {
		t.Run(tt.word+"/"+tt.locale, func(t *testing.T) {
			ok := true
			for _, w := range strings.Fields(tt.word) {
				ok = ok && a.Check(w, tt.locale)
			}
			assert.Equal(t, tt.want, ok)
		})
	}
}

func TestSuggest(t *testing.T) {
	a := newAnalyzer(t)
	tests := []struct {
		word, locale, want string
	}{
		{"recieve", LocaleGB, "receive"},
		{"goverment", LocaleGB, "government"},
		{"begining", LocaleGB, "beginning"},
		{"accomodation", LocaleGB, "accommodation"},
		{"seperate", LocaleGB, "separate"},
		{"definately", LocaleGB, "definitely"},
		{"Goverment", LocaleGB, "Government"},
		{"trotsky", LocaleGB, "Trotsky"},
		{"Bolshevicks", LocaleGB, "Bolsheviks"},
		{"collectivisaton", LocaleGB, "collectivisation"},
		{"collectivizaton", LocaleUS, "collectivization"},
		{"propoganda", LocaleGB, "propaganda"},
		{"parliment", LocaleGB, "parliament"},
	}
	for _, tt := range tests {
		t.Run(tt.word, func(t *testing.T) {
			got := a.Suggest(tt.word, tt.locale)
			require.NotEmpty(t, got)
			assert.Equal(t, tt.want, got[0], "all: %v", got)
			assert.LessOrEqual(t, len(got), 5)
		})
	}
}

// firstWith returns the first finding with code, or fails.
func firstWith(t *testing.T, out analysis.Output, text, code string) analysis.Finding {
	t.Helper()
	for _, f := range out.Findings {
		if f.Code == code {
			return f
		}
	}
	var got []string
	for _, f := range out.Findings {
		got = append(got, f.Code+" "+text[f.Start:f.End])
	}
	require.Failf(t, "finding not reported", "no %s in %v", code, got)
	return analysis.Finding{}
}

func TestAnalyzeReportsMistakes(t *testing.T) {
	a := newAnalyzer(t)
	tests := []struct {
		name, text, locale, code, span, fix string
		severity                            analysis.Severity
	}{
		{"Misspelled", "The goverment was weak in 1917.", "", CodeMisspelled, "goverment", "government", analysis.SeverityError},
		{"NameInLowerCase", "In 1929 trotsky was exiled from the USSR.", "", CodeCapitalisation, "trotsky", "Trotsky", analysis.SeverityError},
		{"SentenceStartsLowerCase", "Stalin won the struggle. he had the support of the party.", "", CodeCapitalisation, "he", "He", analysis.SeverityError},
		{"MissingApostropheAtStart", "The war was lost. Theres no doubt that the army was weak.", "", CodeMisspelled, "Theres", "There's", analysis.SeverityError},
		{"MisspelledAtStart", "Becuase of the war, the Tsar fell.", "", CodeMisspelled, "Becuase", "Because", analysis.SeverityError},
		{"RunTogetherWords", "Most of thearmy were peasants.", "", CodeRunTogether, "thearmy", "the army", analysis.SeverityError},
		{"RunTogetherNumber", "By 1932 about 26%of the peasants had joined.", "", CodeRunTogether, "26%of", "26% of", analysis.SeverityError},
		{"American", "The color of the revolution was red.", "", CodeAmerican, "color", "colour", analysis.SeverityInfo},
		{"AmericanCentre", "Moscow was the center of power.", "en-GB", CodeAmerican, "center", "centre", analysis.SeverityInfo},
		{"BritishInUS", "The colour of the revolution was red.", "en-US", CodeBritish, "colour", "color", analysis.SeverityInfo},
		{"UnknownNameCloseToKnown", "After the war Zinovev lost his post.", "", CodeUnknownName, "Zinovev", "Zinoviev", analysis.SeverityInfo},
		{"NameOneSlip", "Stalin allied with Zinoviev and Kamanev against Trotsky.", "", CodeNameSlip, "Kamanev", "Kamenev", analysis.SeverityError},
		{"WouldOf", "Lenin would of removed Stalin.", "", CodeConfusable, "would of", "would have", analysis.SeverityError},
		{"TheirIs", "Historians argue that their is little evidence.", "", CodeConfusable, "their", "there", analysis.SeverityError},
		{"ThereNoun", "The peasants lost there land to the state.", "", CodeConfusable, "there", "their", analysis.SeverityError},
		{"ItsIsItIs", "Overall its clear that the purges weakened the army.", "", CodeConfusable, "its", "it's", analysis.SeverityError},
		{"ItsOwn", "The party kept it's own counsel.", "", CodeConfusable, "it's", "its", analysis.SeverityError},
		{"AffectNoun", "The famine had a huge affect on Ukraine.", "", CodeConfusable, "affect", "effect", analysis.SeverityError},
		{"EffectVerb", "The purges did not effect him at all.", "", CodeConfusable, "effect", "affect", analysis.SeverityError},
		{"TheirWillBe", "Historians agree that their will be no consensus.", "", CodeConfusable, "their", "there", analysis.SeverityError},
		{"Loose", "The Tsar was about to loose his throne.", "", CodeConfusable, "loose", "lose", analysis.SeverityError},
		{"Principle", "The principle cause was the war.", "", CodeConfusable, "principle", "principal", analysis.SeverityError},
		{"Then", "Industry grew faster then agriculture.", "", CodeConfusable, "then", "than", analysis.SeverityError},
		{"RareWordSlip", "Historians debate wether the purges were planned.", "", CodeMisspelled, "wether", "whether", analysis.SeverityWarning},
		{"AmericanDoubledL", "Stalin traveled to Tsaritsyn in 1918.", "", CodeAmerican, "traveled", "travelled", analysis.SeverityInfo},
		{"AmericanUnpairedEnding", "Soviet schools stressed math and science.", "", CodeAmerican, "math", "maths", analysis.SeverityInfo},
		{"AmericanUnpairedVerb", "The Red Army practiced new tactics.", "", CodeAmerican, "practiced", "practised", analysis.SeverityInfo},
		{"AmericanUnpairedDoubling", "The leaders were kidnaped by the rebels.", "", CodeAmerican, "kidnaped", "kidnapped", analysis.SeverityInfo},
		{"RunTogetherGrammaticalWord", "The rivals fought eachother for power.", "", CodeRunTogether, "eachother", "each other", analysis.SeverityError},
		{"PronounI", "In this essay i will argue that the war mattered most.", "", CodeCapitalisation, "i", "I", analysis.SeverityError},
		{"PronounIContraction", "This is why i'm sure that Stalin won.", "", CodeCapitalisation, "i", "I", analysis.SeverityError},
		{"NameWhoseLowerCaseIsRare", "Mary married Philip, but many english people opposed it.", "", CodeCapitalisation, "english", "English", analysis.SeverityError},
		{"GrammaticalWordCapitalisedMidSentence", "The nobles rebelled in 1536, And the king crushed them.", "", CodeCapitalisation, "And", "and", analysis.SeverityError},
		{"PluralWithApostrophe", "After 1918 the German's were angry about the treaty.", "", CodeApostrophe, "German's", "Germans", analysis.SeverityError},
		{"PluralWithApostropheModal", "In the end the noble's could not resist the king.", "", CodeApostrophe, "noble's", "nobles", analysis.SeverityError},
		{"VerbWithApostrophe", "In the pamphlet Lenin say's that the party must lead.", "", CodeApostrophe, "say's", "says", analysis.SeverityError},
		{"VerbWithApostropheAtEnd", "The nobles wanted war, and the Tsar also agree's.", "", CodeApostrophe, "agree's", "agrees", analysis.SeverityError},
		{"PossessiveWithout", "The war weakened the peoples support for the Tsar.", "", CodeApostrophe, "peoples", "people's", analysis.SeverityError},
		{"PossessiveWithoutAfterHis", "Henry was shaken by his sons death in 1120.", "", CodeApostrophe, "sons", "son's", analysis.SeverityError},
		{"PossessiveWithoutBeforeTwoNouns", "The rebels would upset the kings army and navy in the north.", "", CodeApostrophe, "kings", "king's", analysis.SeverityError},
		{"EssayNameInLowerCase", "Krylenkov signed the order. Krylenkov was a minor official, and krylenkov later fell.", "", CodeCapitalisation, "krylenkov", "Krylenkov", analysis.SeverityError},
		{"MultiWordNameInLowerCase", "Harold won at stamford bridge before he marched south.", "", CodeCapitalisation, "stamford bridge", "Stamford Bridge", analysis.SeverityError},
		{"MultiWordNameHalfCapitalised", "The abbey was founded by Edward the confessor in the 1040s.", "", CodeCapitalisation, "Edward the confessor", "Edward the Confessor", analysis.SeverityError},
		{"TitleAndRegnalNumber", "In 1917 tsar nicholas ii gave up the throne.", "", CodeCapitalisation, "tsar nicholas ii", "Tsar Nicholas II", analysis.SeverityError},
		{"NameOfCommonWords", "Charles V ruled the holy roman empire and Spain.", "", CodeCapitalisation, "holy roman empire", "Holy Roman Empire", analysis.SeverityError},
		{"TitleOfCommonWords", "In 1519 Charles V was elected holy roman emperor.", "", CodeCapitalisation, "holy roman emperor", "Holy Roman Emperor", analysis.SeverityError},
		{"PossessiveOfANameWithout", "There was an arrow next to Harolds name in the tapestry.", "", CodeApostrophe, "Harolds", "Harold's", analysis.SeverityError},
		{"ItsCalled", "The plan failed, and its called the Great Leap Forward.", "", CodeConfusable, "its", "it's", analysis.SeverityError},
		{"ToMuch", "The tsar relied to much on the army.", "", CodeConfusable, "to", "too", analysis.SeverityError},
		{"ToYoungTo", "Edward VI was to young to rule alone.", "", CodeConfusable, "to", "too", analysis.SeverityError},
		{"YourNot", "If your not careful the army will mutiny.", "", CodeConfusable, "your", "you're", analysis.SeverityError},
		{"ThereNot", "The peasants hated the grain quotas because there not paid enough.", "", CodeConfusable, "there", "they're", analysis.SeverityError},
		{"WereForWhere", "He went to York, were he was crowned.", "", CodeConfusable, "were", "where", analysis.SeverityError},
		{"ArePossessive", "The war changed all of are lives.", "", CodeConfusable, "are", "our", analysis.SeverityError},
		{"ThrownForThrone", "Harold took the thrown in January 1066.", "", CodeConfusable, "thrown", "throne", analysis.SeverityError},
		{"MoralForMorale", "By 1917 the moral of the army was low.", "", CodeConfusable, "moral", "morale", analysis.SeverityError},
		{"ExtendForExtent", "The question is the extend to which Stalin planned it.", "", CodeConfusable, "extend", "extent", analysis.SeverityError},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out := analyze(t, a, tt.text, tt.locale)
			f := firstWith(t, out, tt.text, tt.code)
			assert.Equal(t, tt.span, tt.text[f.Start:f.End])
			assert.Equal(t, tt.severity, f.Severity)
			require.NotEmpty(t, f.Suggestions)
			assert.Equal(t, tt.fix, f.Suggestions[0])
			assert.NotEmpty(t, f.Message)
		})
	}
}

func TestAnalyzeLeavesCorrectTextAlone(t *testing.T) {
	a := newAnalyzer(t)
	tests := []struct{ name, text, locale string }{
		{"HistoryNames", "Zinoviev and Kamenev joined Trotsky in the United Opposition, but Bukharin sided with Stalin; the Politburo expelled them in 1927.", ""},
		{"ForeignTerms", "The kulaks resisted collectivisation, and the Cheka, later the OGPU and the NKVD, enforced the Gleichschaltung of Soviet life.", ""},
		{"OxfordSpelling", "Stalin organized the economy and the Party organised the peasants.", ""},
		{"TheirThere", "There was little support for their cause, and there were many who opposed them there.", ""},
		{"ItsIts", "It's clear that the army lost its nerve; its leaders were purged.", ""},
		{"WouldOfCourse", "The Tsar would of course resist reform.", ""},
		{"EffectNoun", "The effect of the war was to effect a change in policy.", ""},
		{"EffectBringAbout", "Only Lenin could effect the transfer of power.", ""},
		{"TheirWill", "The soldiers lost their will to fight, and their remains were buried.", ""},
		{"LooseAdjective", "The alliance was not loose, but the discipline was loose.", ""},
		{"PrincipalPrinciple", "The principal cause was the principle of self-determination.", ""},
		{"UnknownCapitalisedName", "Then Krylenkov, a minor official, signed the order.", ""},
		{"URLAndEmail", "See https://example.org/stalin_1929 or write to tutor@school.ac.uk for the sources.", ""},
		{"NumberHyphenWord", "They built a 185-foot tower and a 12-gun battery in the 1914-era style.", ""},
		{"NumbersAndAbbreviations", "In the 1920s the CPSU and the NEP changed; by the 22nd Congress in 1961 and in AD 1066 and 55 BC.", ""},
		{"WordList", "revolution\nparliament\nBolshevik\ncollectivisation", ""},
		{"MixedScripts", "Москва, 東京 and 😀 appear in the sources.", ""},
		{"CodeLike", "The variable getElementById and foo_bar are code.", ""},
		{"HistoryTermsNearCommonWords", "The thanes served the king, the queen regnant ruled alone, and the doge ruled Venice, and vice versa.", ""},
		{"RegularFormsOfCommonWords", "The risings of 1536 and the burnings of heretics showed the centralism of the state.", ""},
		{"AmericanInUSMode", "Stalin traveled widely and practiced patience.", LocaleUS},
		{"WillOfThePeople", "The plans and will of leaders mattered, and so did a can of paraffin.", ""},
		{"HyphenatedWordsThatAreAlsoAName", "Each five-year plan set targets; the Five-Year Plans were revised.", ""},
		{"HistoriographyTerms", "An intentionalist and the functionalists disagree; oppositionists were purged.", ""},
		{"RomanNumeralList", "The causes were (i) the war and (ii) the economy.", ""},
		{"TitleAfterCapital", "Foxe wrote a book called The Acts and Monuments in 1563.", ""},
		{"SentenceAfterQuote", "He said “we must win.” The Tsar agreed.", ""},
		{"PossessivesAndCompounds", "The arms race and the sales tax grew; the king's army and the people's will mattered.", ""},
		{"ContractionsOfIs", "Stalin's determined to win, and the party's in his hands.", ""},
		{"TooAndToCorrect", "The land went to many nobles, and power passed to much of the army; it was too late.", ""},
		{"TheyAreAndThere", "The soldiers stood there waiting, and there being no heir, the crown passed to Mary.", ""},
		{"WhereAndWere", "The towns were burned where the rebels were, and they were punished.", ""},
		{"CommonWordsThatAreAlsoNames", "The tower of the church was tall, and he had a catholic taste in music.", ""},
		{"ThroneAndThrown", "The king was thrown from his horse, but he kept his throne.", ""},
		{"MoralOfTheStory", "The moral of the story is that pride comes before a fall, and moral outrage followed.", ""},
		{"HyphenatedBritishForms", "The rebellions were not co-ordinated, and the king was re-elected.", ""},
		{"NameAfterPossessive", "Alexander II was killed by a group called the People's Will who wanted a revolution.", ""},
		{"LowerCaseTermsOfTheLexicon", "The Normans built motte and bailey castles, and the bailey held the stables.", ""},
		{"CapitalisedVerbFormAsName", "Northumberland tried, through the Devise, to pass the crown to Lady Jane Grey.", ""},
		{"PluralOfAName", "Khrushchev agreed to remove the Jupiters from Turkey, and the Pankhursts' supporters smashed windows.", ""},
		{"CommonWordsOfAName", "The tower of the church fell, and a holy roman empire of his own was his dream; the civil war and the new deal mattered; the loss of Calais and the battle of Hastings followed, as did the October rising, the Reichstag fire, the Wall Street crash and what Ludendorff called the black day of the German army.", ""},
		{"EllipticalPossessive", "Witte argued that a backward economy like Russia's could industrialise fast.", ""},
		{"PluralSubjectAndItsVerb", "In spring the rivers rise and the armies halt or turn back.", ""},
		{"PluralSubjectVerbAgreesAfterNoun", "Historians stress the effects railways have on trade, and the costs peasants were asked to bear.", ""},
		{"NameWrittenMostlyWithACapital", "Krylenkov signed the order. Krylenkov was a minor official. Krylenkov was shot.", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out := analyze(t, a, tt.text, tt.locale)
			var got []string
			for _, f := range out.Findings {
				got = append(got, f.Code+" "+tt.text[f.Start:f.End])
			}
			assert.Empty(t, got)
			assert.Zero(t, out.Metrics["spelling.errors"])
		})
	}
}

func TestMetrics(t *testing.T) {
	a := newAnalyzer(t)
	text := "The goverment was weak. It had a huge affect on the color of politics and trotsky knew it."
	out := analyze(t, a, text, "")
	assert.Equal(t, 3.0, out.Metrics["spelling.errors"])
	assert.Equal(t, 1.0, out.Metrics["spelling.capitalisation"])
	assert.Equal(t, 1.0, out.Metrics["spelling.confusables"])
	assert.Equal(t, 1.0, out.Metrics["spelling.americanisms"])
	assert.InDelta(t, 300.0/18.0, out.Metrics["spelling.errors_per_100_words"], 0.01)

	// A likely slip that is still a word is reported but not counted
	// against the essay.
	out = analyze(t, a, "Historians debate wether the purges were planned.", "")
	assert.Equal(t, 0.0, out.Metrics["spelling.errors"])
	assert.Equal(t, 1.0, out.Metrics["spelling.rare_slips"])
}

func TestExtraNames(t *testing.T) {
	plain := newAnalyzer(t)
	withNames, err := New(Options{ExtraNames: []string{"Vasily Blokhin", "Krylenko|Krylenka", "Smith-Zinoviev", "Stalin"}})
	require.NoError(t, err)
	assert.False(t, plain.Check("Blokhin", LocaleGB), "an unknown name is not correct, though never flagged")
	assert.True(t, withNames.Check("Blokhin", LocaleGB))
	assert.True(t, withNames.Check("Krylenka", LocaleGB))
	assert.False(t, withNames.Check("blokhin", LocaleGB), "a name in lower case")
	got := withNames.Suggest("blokhin", LocaleGB)
	require.NotEmpty(t, got)
	assert.Equal(t, "Blokhin", got[0])
	// Another Analyzer's names do not leak into the shared dictionary.
	_, known := plain.dict.words["blokhin"]
	assert.False(t, known)
	assert.False(t, plain.Check("Krylenka", LocaleGB))
	// Names already known keep their entries in the shared dictionary.
	assert.True(t, plain.dict.words["zinoviev"] != withNames.dict.words["zinoviev"], "cloned before change")
	assert.Same(t, plain.dict.words["army"], withNames.dict.words["army"], "untouched entries shared")
}

// TestNamesSpeltLikeAmericanWords checks that a name a pack knows is not
// reported as the American spelling of a word when it is written as a name,
// while the lower-case word still is.
func TestNamesSpeltLikeAmericanWords(t *testing.T) {
	withNames, err := New(Options{ExtraNames: []string{"Albert Speer"}})
	require.NoError(t, err)
	tests := []struct {
		name, text string
		want       int // spelling.american findings
	}{
		{"NameMidSentence", "Hitler made Speer Minister of Armaments in 1942.", 0},
		{"NameFirst", "Speer claimed to know nothing of the camps.", 0},
		{"PossessiveName", "Speer's ministry raised output.", 0},
		{"OrdinaryAmericanWordStill", "Moscow was the center of power.", 1},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			out := analyze(t, withNames, tc.text, "en-GB")
			n := 0
			for _, f := range out.Findings {
				if f.Code == CodeAmerican {
					n++
				}
			}
			assert.Equal(t, tc.want, n, "%+v", out.Findings)
		})
	}
}

func TestLexiconSize(t *testing.T) {
	a := newAnalyzer(t)
	assert.GreaterOrEqual(t, a.LexiconEntries(), 1500)
}

func TestLocaleValidation(t *testing.T) {
	a := newAnalyzer(t)
	doc, err := analysis.Parse(context.Background(), "A short text.")
	require.NoError(t, err)
	_, err = a.Analyze(context.Background(), doc, analysis.Task{Locale: "fr-FR"})
	assert.Error(t, err)
}

func TestBadInput(t *testing.T) {
	a := newAnalyzer(t)
	a.Suggest("warm", LocaleGB) // build the index before timing
	huge := strings.Repeat("abcdefghij", 1000)
	tests := []struct {
		name, word string
	}{
		{"TenThousandLetters", huge},
		{"Emoji", "😀😀"},
		{"MixedScripts", "Stalinфff"},
		{"Cyrillic", "Москва"},
		{"Code", "func(){return}"},
		{"Empty", ""},
		{"Apostrophes", "''''"},
		{"InvalidUTF8", "ab\xffcd"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			began := time.Now()
			assert.NotPanics(t, func() {
				a.Check(tt.word, LocaleGB)
				sugg := a.Suggest(tt.word, LocaleGB)
				assert.LessOrEqual(t, len(sugg), 5)
			})
			t.Logf("%s took %v", tt.name, time.Since(began))
		})
	}
	t.Run("ManyUnknownWords", func(t *testing.T) {
		var b strings.Builder
		for i := 0; i < 3000; i++ {
			fmt.Fprintf(&b, "zq%cx%cv ", 'a'+i%26, 'a'+(i/26)%26)
		}
		began := time.Now()
		out := analyze(t, a, b.String(), "")
		t.Logf("3,000 unknown words took %v", time.Since(began))
		assert.NotEmpty(t, out.Findings)
	})
	t.Run("LongWordInEssay", func(t *testing.T) {
		text := "The " + strings.Repeat("x", 900) + " was long."
		out := analyze(t, a, text, "")
		f := firstWith(t, out, text, CodeMisspelled)
		assert.Empty(t, f.Suggestions)
	})
}

// TestConcurrentUse runs many analyses and suggestion searches at once; run
// with -race.
func TestConcurrentUse(t *testing.T) {
	a, err := New(Options{ExtraNames: []string{"Blokhin"}})
	require.NoError(t, err)
	text := "In 1929 trotsky was exiled. The goverment had a huge affect on thearmy and the color of politics."
	doc, err := analysis.Parse(context.Background(), text)
	require.NoError(t, err)
	want, err := a.Analyze(context.Background(), doc, analysis.Task{})
	require.NoError(t, err)
	var wg sync.WaitGroup
	errs := make(chan error, 16)
	for g := 0; g < 16; g++ {
		wg.Add(1)
		go func(g int) {
			defer wg.Done()
			for k := 0; k < 20; k++ {
				out, err := a.Analyze(context.Background(), doc, analysis.Task{Locale: []string{"en-GB", "en-US"}[k%2]})
				if err != nil {
					errs <- err
					return
				}
				if k%2 == 0 && len(out.Findings) != len(want.Findings) {
					errs <- assert.AnError
					return
				}
				a.Suggest([]string{"recieve", "Blokhinn", "seperate"}[(g+k)%3], LocaleGB)
			}
		}(g)
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		assert.NoError(t, err)
	}
}

func TestCancelled(t *testing.T) {
	a := newAnalyzer(t)
	doc, err := analysis.Parse(context.Background(), "Some words here.")
	require.NoError(t, err)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err = a.Analyze(ctx, doc, analysis.Task{})
	assert.ErrorIs(t, err, context.Canceled)
}

func FuzzAnalyze(f *testing.F) {
	for _, s := range []string{"The goverment fell.", "trotsky 26%of thearmy", "their is its", "😀 Москва a@b.c",
		"would of", "x\ny\nz", "it's own", "more then",
		// The checks of issue 19: capitals, apostrophes, wrong words, names,
		// another language.
		"then i said english was", "the causes, The first was", "The German's were angry", "the peoples support was",
		"to much", "your not", "took the thrown in", "the moral of the army", "Kamanev and Zinoviev",
		"Le roi et la reine sont dans le palais de Versailles avec les ministres et le peuple de Paris en 1789 pour la fête.",
		"there not looking", "were he was", "of are lives", "it's' 's'' n't", "I'm i'm I i",
		// Round 2: multi-word names, names mostly capitalised, possessives.
		"tsar nicholas ii's army at stamford bridge", "Edward the confessor", "a holy roman empire", "Saeng saeng Saeng.",
		"a 185-foot spire", "the snows melt and the effects railways have"} {
		f.Add(s)
	}
	a, err := New(Options{})
	require.NoError(f, err)
	f.Fuzz(func(t *testing.T, text string) {
		doc, err := analysis.Parse(context.Background(), text)
		if err != nil {
			return
		}
		out, err := a.Analyze(context.Background(), doc, analysis.Task{})
		require.NoError(t, err)
		for _, fd := range out.Findings {
			require.True(t, fd.Start >= 0 && fd.Start <= fd.End && fd.End <= len(text))
			require.LessOrEqual(t, len(fd.Suggestions), 5)
			require.NotEmpty(t, fd.Code)
			require.NotEmpty(t, fd.Message)
		}
		require.GreaterOrEqual(t, out.Metrics["spelling.errors"], 0.0)
	})
}

func TestNotEnglish(t *testing.T) {
	a := newAnalyzer(t)
	text := "La Révolution française commence en 1789. Le roi Louis XVI convoque les états généraux à Versailles au mois de mai, et le tiers état se proclame Assemblée nationale le 17 juin. Le 14 juillet, le peuple de Paris prend la Bastille, et la monarchie absolue ne se relève pas en janvier."
	out := analyze(t, a, text, "")
	require.Len(t, out.Findings, 1, "one finding, not a flood of misspellings")
	f := out.Findings[0]
	assert.Equal(t, CodeNotEnglish, f.Code)
	assert.Equal(t, analysis.SeverityWarning, f.Severity)
	assert.Contains(t, f.Message, "French")
	assert.Zero(t, out.Metrics["spelling.errors"])
	assert.Equal(t, 1.0, out.Metrics["spelling.not_english"])
}
