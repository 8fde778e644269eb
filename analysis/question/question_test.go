package question

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/clio-history/clio/analysis"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestParse(t *testing.T) {
	tests := []struct {
		q, cmd, factor string
		from, to       int // 0 when the question names no period
		terms          []string
		notTerms       []string
	}{
		// AQA-style: a quoted view, then the command.
		{q: "'The military capability of the Normans was the most important reason for their victory at Hastings.' How far do you agree?",
			cmd: "how-far-agree", factor: "military capability of the Normans",
			terms: []string{"military", "capability", "Normans", "Hastings"}, notTerms: []string{"important", "reason", "agree"}},
		{q: "‘Hitler’s charisma was the main reason for Nazi electoral success in the years 1928–32.’ Assess the validity of this view.",
			cmd: "assess-validity", factor: "Hitler's charisma", from: 1928, to: 1932, terms: []string{"Hitler", "charisma"}},
		{q: "'The Great Terror was the result of Stalin's paranoia.' How far do you agree?",
			cmd: "how-far-agree", factor: "Stalin's paranoia", terms: []string{"Great Terror", "Stalin", "paranoia"}},
		{q: "'Tudor rebellions in the sixteenth century were mainly caused by religion.' How far do you agree?",
			cmd: "how-far-agree", factor: "religion", from: 1500, to: 1599, terms: []string{"rebellions", "religion"}, notTerms: []string{"sixteenth", "caused"}},
		{q: "'Cromwell was the most important influence on Henry VIII's policies in the 1530s.' Assess the validity of this view.",
			cmd: "assess-validity", factor: "role of Cromwell", from: 1530, to: 1539, terms: []string{"Henry VIII", "policies"}},
		{q: `"Economic problems were the main reason for the collapse of the Weimar Republic." How far do you agree with this statement?`,
			cmd: "how-far-agree", factor: "Economic problems", terms: []string{"Weimar Republic", "collapse"}},
		// Edexcel-style.
		{q: "How far do you agree that Mussolini's foreign policy was driven by ideology between 1922 and 1939?",
			cmd: "how-far-agree", factor: "ideology", from: 1922, to: 1939, terms: []string{"Mussolini", "ideology"}},
		{q: "To what extent do you agree that the Treaty of Versailles was the main cause of the Second World War?",
			cmd: "how-far-agree", factor: "Treaty of Versailles", terms: []string{"Treaty of Versailles", "Second World War"}},
		{q: "How accurate is it to say that the Great Depression was the main reason for the rise of the Nazis?",
			cmd: "how-accurate", factor: "Great Depression", terms: []string{"Great Depression", "Nazis"}},
		{q: "How accurate is it to say that Henry VIII's break with Rome was mainly caused by his need for an annulment?",
			cmd: "how-accurate", factor: "his need for an annulment", terms: []string{"Henry VIII", "Rome", "annulment"}},
		{q: "How significant was the role of Lenin in the Bolshevik seizure of power in 1917?",
			cmd: "how-significant", factor: "role of Lenin", from: 1917, to: 1917, terms: []string{"Lenin", "Bolshevik"}},
		{q: "How significant was the assassination of Franz Ferdinand in causing the outbreak of war in 1914?",
			cmd: "how-significant", factor: "assassination of Franz Ferdinand", from: 1914, to: 1914, terms: []string{"Franz Ferdinand"}},
		{q: "How important was the Schlieffen Plan in causing the First World War?",
			cmd: "how-significant", factor: "Schlieffen Plan", terms: []string{"Schlieffen Plan", "First World War"}},
		{q: "How important was Gorbachev in bringing about the end of the Cold War?",
			cmd: "how-significant", factor: "role of Gorbachev", terms: []string{"Gorbachev", "Cold War"}},
		{q: "Assess the significance of the Battle of Stalingrad for the outcome of the war on the Eastern Front.",
			cmd: "how-significant", factor: "Battle of Stalingrad", terms: []string{"Battle of Stalingrad", "Eastern Front"}},
		{q: "How successful was Henry VII in dealing with threats to his throne in the years 1485–1509?",
			cmd: "how-successful", from: 1485, to: 1509, terms: []string{"Henry VII", "threats", "throne"}, notTerms: []string{"successful"}},
		{q: "How successful was Mary I in dealing with the problems she faced in the years 1553–58?",
			cmd: "how-successful", from: 1553, to: 1558, terms: []string{"Mary I", "problems"}},
		{q: "How successful was Lenin's New Economic Policy in the years 1921–28?",
			cmd: "how-successful", from: 1921, to: 1928, terms: []string{"Lenin", "New Economic Policy"}},
		{q: "How effective was Wolsey as Henry VIII's chief minister, 1515–29?",
			cmd: "how-successful", from: 1515, to: 1529, terms: []string{"Wolsey", "Henry VIII", "minister"}},
		{q: "How effective were Bismarck's policies towards the Catholic Church in the 1870s?",
			cmd: "how-successful", from: 1870, to: 1879, terms: []string{"Bismarck", "Catholic Church"}},
		// To what extent / how far, with a factor in the stem.
		{q: "To what extent was the weakness of his rivals the main reason for Stalin's rise to power in the years 1924–29?",
			cmd: "to-what-extent", factor: "weakness of his rivals", from: 1924, to: 1929, terms: []string{"rivals", "Stalin", "power"}},
		{q: "How far was the outbreak of the English Civil War caused by Charles I's religious policies?",
			cmd: "to-what-extent", factor: "Charles I's religious policies", terms: []string{"English Civil War", "Charles I", "religious"}},
		{q: "To what extent was the Bolshevik seizure of power due to the weakness of the Provisional Government from 1917 to 1924?",
			cmd: "to-what-extent", factor: "weakness of the Provisional Government", from: 1917, to: 1924, terms: []string{"Provisional Government"}},
		{q: "How far was the Cold War caused by American foreign policy in the years 1945–53?",
			cmd: "to-what-extent", factor: "American foreign policy", from: 1945, to: 1953, terms: []string{"Cold War"}},
		{q: "To what extent was Elizabeth I responsible for the failure of the Northern Rebellion in 1569?",
			cmd: "to-what-extent", factor: "role of Elizabeth I", from: 1569, to: 1569, terms: []string{"Elizabeth I", "Northern Rebellion"}},
		{q: "To what extent was the Civil Rights Movement in the USA successful in the years 1954-68?",
			cmd: "to-what-extent", from: 1954, to: 1968, terms: []string{"Civil Rights Movement", "USA"}},
		// OCR-style views. A claim that names no factor leaves Factor
		// empty: the claim is in Claim.
		{q: "Assess the view that Elizabeth I's religious settlement was a success, c.1558–1603.",
			cmd: "assess-validity", factor: "", from: 1558, to: 1603, terms: []string{"Elizabeth I", "settlement"}},
		{q: "Assess the view that the weakness of the Liberal governments was the main reason for the rise of the Labour Party, 1900–24.",
			cmd: "assess-validity", factor: "weakness of the Liberal governments", from: 1900, to: 1924, terms: []string{"Labour Party"}},
		{q: "Evaluate the view that Wolsey's fall from power in 1529 was due to his failure to secure the annulment.",
			cmd: "assess-validity", factor: "his failure to secure the annulment", from: 1529, to: 1529, terms: []string{"Wolsey", "annulment"}},
		{q: "How valid is the view that the Reformation in England was imposed from above?",
			cmd: "assess-validity", factor: "", terms: []string{"Reformation", "England"}},
		// Why.
		{q: "Why did Stalin emerge as leader of Russia?", cmd: "why", terms: []string{"Stalin", "leader", "Russia"}, notTerms: []string{"why", "did"}},
		{q: "Why did Stalin emerge as leader of the Soviet Union in the years 1924–29?", cmd: "why", from: 1924, to: 1929, terms: []string{"Stalin", "Soviet Union"}},
		{q: "Explain why the Labour Party won the general election of 1945.", cmd: "why", from: 1945, to: 1945, terms: []string{"Labour Party", "election"}},
		{q: "Account for the failure of the Provisional Government in 1917.", cmd: "why", from: 1917, to: 1917, terms: []string{"Provisional Government"}},
		{q: "Assess the reasons for the collapse of the Weimar Republic in the 1920s.", cmd: "why", from: 1920, to: 1929, terms: []string{"Weimar Republic"}},
		{q: "What were the reasons for the growth of the British Empire between 1857 and 1914?", cmd: "why", from: 1857, to: 1914, terms: []string{"British Empire"}},
		{q: "Why was there a civil war in Russia, 1918–21?", cmd: "why", from: 1918, to: 1921, terms: []string{"Russia"}},
		{q: "Why did the Tsarist regime collapse in February 1917?", cmd: "why", from: 1917, to: 1917, terms: []string{"Tsarist", "regime"}, notTerms: []string{"February"}},
		{q: "Why did William win the Battle of Hastings, c.1066?", cmd: "why", from: 1066, to: 1066, terms: []string{"William", "Battle of Hastings"}},
		// Compare.
		{q: "Compare the foreign policies of Henry VII and Henry VIII.", cmd: "compare", terms: []string{"Henry VII", "Henry VIII"}},
		{q: "In what ways did the aims of the Chartists differ from those of the Anti-Corn Law League?", cmd: "compare", terms: []string{"Chartists", "Anti-Corn Law League"}},
		{q: "How different was the position of women in 1918 from their position in 1900?", cmd: "compare", from: 1900, to: 1918, terms: []string{"women"}},
		// Not a question Clio knows.
		{q: "Write about the Tudors.", cmd: "", terms: []string{"Tudors"}},
	}
	for _, tt := range tests {
		t.Run(tt.q, func(t *testing.T) {
			got := Parse(tt.q)
			assert.Equal(t, strings.TrimSpace(tt.q), got.Text)
			assert.Equal(t, tt.cmd, got.Command, "command")
			assert.Equal(t, tt.factor, got.Factor, "factor")
			if tt.from == 0 {
				assert.Nil(t, got.Period, "period")
			} else if assert.NotNil(t, got.Period, "period") {
				assert.Equal(t, tt.from, got.Period.From, "period from")
				assert.Equal(t, tt.to, got.Period.To, "period to")
			}
			for _, term := range tt.terms {
				assert.Contains(t, got.KeyTerms, term)
			}
			for _, term := range tt.notTerms {
				for _, k := range got.KeyTerms {
					assert.NotEqual(t, strings.ToLower(term), strings.ToLower(k))
				}
			}
			assert.Empty(t, got.Topic, "topic is the caller's to fill")
		})
	}
}

func TestPeriods(t *testing.T) {
	const present = 2025
	tests := []struct {
		in       string
		from, to int
	}{
		{"in the years 1924–29", 1924, 1929},
		{"1547–1603", 1547, 1603},
		{"c.1450–1500", 1450, 1500},
		{"c. 1450–c. 1500", 1450, 1500},
		{"c1900–1946", 1900, 1946},
		{"c1700-c1900", 1700, 1900},
		{"from 1917 to 1924", 1917, 1924},
		{"from 1933 until 1939", 1933, 1939},
		{"between 1933 and 1939", 1933, 1939},
		{"during the period 1929–41", 1929, 1941},
		{"1914-18", 1914, 1918},
		{"1924–9", 1924, 1929},
		{"1895–05", 1895, 1905},
		{"in the 1920s", 1920, 1929},
		{"in the early 1930s", 1930, 1939},
		{"in the sixteenth century", 1500, 1599},
		{"in the 19th century", 1800, 1899},
		{"in a twentieth-century war", 1900, 1999},
		{"in 1066", 1066, 1066},
		{"in January 1933", 1933, 1933},
		{"1918–39 compared with 1945–79", 1918, 1979},
		// Only an end: the period runs up to it.
		{"in the years to 1941", 0, 1941},
		{"to 1941", 0, 1941},
		{"by 1929", 0, 1929},
		{"up to 1881", 0, 1881},
		{"before 1914", 0, 1914},
		{"launched in 1928, in the years to 1941", 1928, 1941},
		// To the present.
		{"since 1800", 1800, present},
		{"c1250–present", 1250, present},
		{"from c.1500 to the present day", 1500, present},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			p := parse("Why did things change "+tt.in+"?", present).Period
			require.NotNil(t, p)
			assert.Equal(t, tt.from, p.From)
			assert.Equal(t, tt.to, p.To)
		})
	}
	for _, none := range []string{"Why did Stalin win?", "How far did 3 parties matter?", "Why 1924-19?", "Why in 99999?"} {
		assert.Nil(t, Parse(none).Period, none)
	}
	// Instructions do not set the period.
	q := parse("Has war been the main factor in the development of medicine since 1800? Explain your answer. Use a range of examples from across your study of Health and the people: c1000 to the present day.", present)
	assert.Equal(t, &analysis.Period{From: 1800, To: present}, q.Period)
}

func TestClaim(t *testing.T) {
	assert.Equal(t, "The military capability of the Normans was the most important reason for their victory at Hastings",
		Claim("'The military capability of the Normans was the most important reason for their victory at Hastings.' How far do you agree?"))
	assert.Equal(t, "the Great Depression was the main reason for the rise of the Nazis",
		Claim("How accurate is it to say that the Great Depression was the main reason for the rise of the Nazis?"))
	assert.Empty(t, Claim("Why did Stalin emerge as leader of Russia?"))
}

func TestStem(t *testing.T) {
	same := [][2]string{
		{"Normans", "Norman"}, {"leader", "leadership"}, {"significant", "significance"},
		{"Stalin's", "Stalin"}, {"emerge", "emerged"}, {"Russian", "Russia"}, {"rivals", "rival"},
		{"military", "military"}, {"policies", "policy"}, {"powers", "power"},
	}
	for _, p := range same {
		assert.True(t, StemsMatch(Stem(p[0]), Stem(p[1])), "%s ~ %s (%s, %s)", p[0], p[1], Stem(p[0]), Stem(p[1]))
	}
	different := [][2]string{{"war", "ward"}, {"stalin", "trotsky"}, {"power", "pope"}}
	for _, p := range different {
		assert.False(t, StemsMatch(Stem(p[0]), Stem(p[1])), "%s !~ %s", p[0], p[1])
	}
}

// TestStemTriesSuffixesInOrder checks that the by-last-letter lists find the
// same suffix as a plain scan of suffixes in order.
func TestStemTriesSuffixesInOrder(t *testing.T) {
	scan := func(w string) string {
		for _, suf := range suffixes {
			if strings.HasSuffix(w, suf) && len(w)-len(suf) >= 4 {
				return suf
			}
		}
		return ""
	}
	words := []string{"", "'", "s", "es", "ally", "nationalisations", "collectivisation", "industrialization",
		"ruthlessness", "bolsheviks", "historically", "opportunities", "emerged", "governments", "agreements",
		"leadership", "criticisms", "russians", "policies"}
	for _, a := range suffixes {
		for _, b := range suffixes {
			words = append(words, "stem"+a+b, "ab"+a+b, "x"+a)
		}
	}
	for _, w := range words {
		assert.Equal(t, scan(w), firstSuffix(w), "%q", w)
	}
}

func TestParseBadInput(t *testing.T) {
	for _, in := range []string{
		"", "   ", "\xff\xfe\x00", strings.Repeat("why ", 10000), "''''", "'", "\"How far", "1066–", "c.", "‘’",
		// Quotation marks that never close, or close too often.
		"'How far do you agree", "'''''''''' How far do you agree?", strings.Repeat("'a' ", 500),
		// List markers and bullets with nothing in them.
		"(i) (ii) (iii)", "Which of the following was more important? (i) (ii)", strings.Repeat("• ", 800),
		"Which of the following was the more important reason? •", "(i)(ii)(i)(ii)",
		// Numbers that are not years, ranges that run backwards.
		"How far did things change in 99999-1?", "in the years 1941-1917", "from 2099 to the present day",
		"c1-c2", "1234567890123456789012345678901234567890",
		// Marks annotations gone wrong.
		"[", "[[[[16 marks", "(16 + + SPaG)", "[99 marks] [16 marks] (4)",
		// Text that looks like markup or code.
		"<script>alert('How far do you agree?')</script>", "'; DROP TABLE questions; --",
		"${jndi:ldap://x} To what extent was {{.Factor}} %s %v the main reason?",
		// Control characters and odd spaces.
		"How\x00 far\u200b do\u00a0you agree\u2028 that X was Y?", "\t\n\r\v\f",
	} {
		wellFormed(t, Parse(in))
		_ = Claim(in)
	}
	assert.Equal(t, "", Parse("").Command)
	assert.Equal(t, analysis.Question{}, Parse("   \n\t "), "whitespace is no question")
}

// TestParseOtherLanguages checks that questions in other languages get an
// honest parse: what can be read (a year) is, nothing is invented.
func TestParseOtherLanguages(t *testing.T) {
	tests := []struct {
		q        string
		from, to int
	}{
		{"¿Por qué ganó Franco la guerra civil española en 1939?", 1939, 1939},
		{"Dans quelle mesure la révolution de 1789 fut-elle causée par la crise financière ?", 1789, 1789},
		{"Inwieweit war der Versailler Vertrag für den Aufstieg der NSDAP 1919–1933 verantwortlich?", 1919, 1933},
		{"Почему большевики победили в Гражданской войне 1918–1921 годов?", 1918, 1921},
		{"为什么1949年共产党赢得了内战？", 1949, 1949},
		{"لماذا انهارت الإمبراطورية العثمانية؟", 0, 0},
	}
	for _, tt := range tests {
		q := Parse(tt.q)
		wellFormed(t, q)
		assert.Empty(t, q.Command, tt.q)
		assert.Empty(t, q.Claim, tt.q)
		assert.Empty(t, q.Factor, tt.q)
		assert.Empty(t, q.Form, tt.q)
		assert.Empty(t, q.TaskType, tt.q)
		if tt.from == 0 {
			assert.Nil(t, q.Period, tt.q)
		} else if assert.NotNil(t, q.Period, tt.q) {
			assert.Equal(t, analysis.Period{From: tt.from, To: tt.to}, *q.Period, tt.q)
		}
	}
}

// TestParseLongInputIsCapped checks that Parse reads at most
// maxQuestionBytes of a text, so the longest input costs no more than a text
// at the cap, and keeps the text itself whole.
func TestParseLongInputIsCapped(t *testing.T) {
	long := strings.Repeat("To what extent was the weakness of his rivals the main reason? ", 100000)
	q := Parse(long)
	wellFormed(t, q)
	assert.Equal(t, strings.TrimSpace(long), q.Text, "the text is kept whole")
	assert.Equal(t, "to-what-extent", q.Command)
	assert.LessOrEqual(t, len(newLayout(long).s), maxQuestionBytes)
}

func FuzzParse(f *testing.F) {
	for _, s := range []string{
		"'The military capability of the Normans was the most important reason for their victory at Hastings.' How far do you agree?",
		"Why did Stalin emerge as leader of Russia in the years 1924–29?",
		"How significant was the role of Lenin in 1917?", "c.1450–1500", "\xff", "",
		"Which of the following was the more important reason for the fall of the Provisional Government in 1917? (i) the Kornilov affair (ii) the decision to continue the war. Explain your answer with reference to both (i) and (ii).",
		"Explain why there was rapid progress in surgery in the nineteenth century. You may use the following in your answer: • anaesthetics • antiseptics. You must also use information of your own. [12 marks]",
		"How far could the historian make use of Sources 1 and 2 together to investigate the reasons for the NEP? Explain your answer, using both sources.",
		"Compare and contrast the views in Sources A to D regarding the flight to Varennes.",
		"To what extent did the Bolsheviks rely on terror in the years to 1941?",
		"The Berlin Blockade was the main reason.' How far do you agree with this statement? Explain your answer.",
		"'Stalin came to power because Lenin failed to plan for his succession.' Assess the validity of this view.",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		q := Parse(s)
		if q.Period != nil && (q.Period.From > q.Period.To || q.Period.To == 0) {
			t.Fatalf("period %v runs backwards", q.Period)
		}
		for _, v := range append([]string{q.Claim, q.Factor, q.Focus, q.Form, q.Command}, append(append(q.Items, q.Stimulus...), append(q.Materials, q.KeyTerms...)...)...) {
			if !utf8.ValidString(v) || strings.TrimSpace(v) != v || len(v) > maxQuestionBytes+40 {
				t.Fatalf("malformed field %q", v)
			}
		}
		if q.MaterialCount < len(q.Materials) {
			t.Fatalf("material count %d below %d labels", q.MaterialCount, len(q.Materials))
		}
		_ = Claim(s)
	})
}

func TestFactorPhrase(t *testing.T) {
	for q, want := range map[string]string{
		"How important was the Great Depression in the rise of the Nazis?":                                          "the Great Depression",
		"To what extent was the weakness of his rivals the main reason for Stalin's rise to power?":                 "the weakness of his rivals",
		"How important was Gorbachev in bringing about the end of the Cold War?":                                    "the role of Gorbachev",
		"'Stalin came to power because Lenin failed to plan for his succession.' Assess the validity of this view.": "Lenin's failure to plan for his succession",
		"'Hitler's charisma was the main reason for Nazi success.' How far do you agree?":                           "Hitler's charisma",
		"'Religion was the main cause of rebellion in Tudor England.' How far do you agree?":                        "Religion",
		"Why did Stalin emerge as leader of Russia?":                                                                "",
	} {
		assert.Equal(t, want, FactorPhrase(Parse(q)), q)
	}
}
