package history

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestMentions(t *testing.T) {
	p := pack(t, "russia-1917-1953")
	tests := []struct {
		name string
		text string
		want []mention
	}{
		{"variant spelling and multi-word term",
			"Zinovyev backed Socialism in One Country in 1925.",
			[]mention{{KindPerson, "zinoviev", "Zinovyev"}, {KindTerm, "socialism-in-one-country", "Socialism in One Country"}}},
		{"multi-word names ignore case",
			"the lenin enrolment brought in new members; the new economic policy followed war communism.",
			[]mention{{KindEvent, "lenin-enrolment", "lenin enrolment"}, {KindTerm, "nep", "new economic policy"}, {KindTerm, "war-communism", "war communism"}}},
		{"longest name wins",
			"Leon Trotsky lost to Joseph Stalin.",
			[]mention{{KindPerson, "trotsky", "Leon Trotsky"}, {KindPerson, "stalin", "Joseph Stalin"}}},
		{"plural of a term",
			"The kulaks resisted the purges.",
			[]mention{{KindTerm, "kulaks", "kulaks"}, {KindTerm, "purge", "purges"}}},
		{"common word as a name needs its capital",
			"Robert Service says the civil service grew; Service stresses ideology.",
			[]mention{{KindHistorian, "service", "Robert Service"}, {KindHistorian, "service", "Service"}}},
		{"names do not run across sentences",
			"He was General. Secretary of nothing.",
			nil},
		{"ordinal congress and hyphenated place",
			"At the 10th Party Congress, after Brest-Litovsk, Five-Year Plans were far off.",
			[]mention{{KindEvent, "tenth-congress", "10th Party Congress"}, {KindPlace, "brest-litovsk", "Brest-Litovsk"}, {KindTerm, "five-year-plan", "Five-Year Plans"}}},
		{"initials in a historian's name",
			"E. H. Carr and E.H. Carr agree.",
			[]mention{{KindHistorian, "carr", "E. H. Carr"}, {KindHistorian, "carr", "E.H. Carr"}}},
		{"en dash inside a name, spaced dashes between names",
			"The Molotov–Ribbentrop Pact came after the Zinoviev–Kamenev trial; Stalin — General Secretary — signed.",
			[]mention{{KindEvent, "nazi-soviet-pact", "Molotov–Ribbentrop Pact"}, {KindEvent, "first-moscow-trial", "Zinoviev–Kamenev trial"},
				{KindPerson, "stalin", "Stalin"}, {KindTerm, "general-secretary", "General Secretary"}}},
		{"plain text without names", "It rained all week.", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := mentionsOf(tt.text, p.Mentions(parse(t, tt.text)))
			if len(tt.want) == 0 {
				assert.Empty(t, got)
				return
			}
			assert.Equal(t, tt.want, got)
			// The plain-text path agrees with the Document path.
			assert.Equal(t, tt.want, mentionsOf(tt.text, p.MentionsText(tt.text)))
		})
	}
}

func TestMentionsNilAndHostile(t *testing.T) {
	p := pack(t, "russia-1917-1953")
	assert.Nil(t, p.Mentions(nil))
	for _, s := range []string{"", "\xff\xfe Lenin \x00", strings.Repeat("Stalin’s ", 5000), "’’’ ,,, --- ..."} {
		ms := p.MentionsText(s)
		for _, m := range ms {
			require.True(t, m.Start >= 0 && m.Start < m.End && m.End <= len(s))
		}
	}
}

func TestSignals(t *testing.T) {
	p := pack(t, "russia-1917-1953")
	g, ok := p.Guide("stalin-emergence")
	require.True(t, ok)
	text := "As General Secretary Stalin made appointments, while the Lenin Levy filled the Party with loyal recruits. Trotsky's arrogance cost him."
	doc := parse(t, text)
	found := map[string][]string{}
	for _, s := range p.Signals(doc, g) {
		found[s.Factor] = append(found[s.Factor], text[s.Start:s.End])
	}
	assert.Equal(t, []string{"General Secretary", "appointments"}, found["general-secretary"])
	// "Lenin Levy" is a variant of the Lenin Enrolment, reached through the
	// factor's signal "Lenin Enrolment".
	assert.Equal(t, []string{"Lenin Levy", "recruits"}, found["lenin-enrolment"])
	assert.Equal(t, []string{"Trotsky", "arrogance"}, found["trotsky-mistakes"])
	assert.Empty(t, found["ban-on-factions"])
	assert.Nil(t, p.Signals(nil, g))
	assert.Nil(t, p.Signals(doc, nil))
}

func TestSplitFindsWhatMentionsAndSignalsFind(t *testing.T) {
	lib := library(t)
	doc := parse(t, essay1000(t)+"\n\nCarr and Service disagree about Stalin. William landed at Pevensey in 1066; "+
		"the Marian exiles fled, and Bastille-Day crowds (e.g. sans-culottes) marched on Versailles.")
	text := lib.Split(doc)
	for _, p := range lib.Packs() {
		assert.Equal(t, p.Mentions(doc), p.MentionsIn(text), p.ID)
		for i := range p.Questions {
			g := &p.Questions[i]
			assert.Equal(t, p.Signals(doc, g), p.SignalsIn(text, g), "%s %s", p.ID, g.ID)
		}
		assert.Nil(t, p.SignalsIn(text, nil))
	}
	// A pack of another library is split again with its own words.
	other, err := Load()
	require.NoError(t, err)
	p, ok := other.Pack("russia-1917-1953")
	require.True(t, ok)
	assert.NotEmpty(t, p.MentionsIn(text))
	assert.Equal(t, p.Mentions(doc), p.MentionsIn(text))
}

// TestMatchersByNumberAgreeWithByKey checks the matchers' index by word
// number against their map by key, which a text split with another
// vocabulary uses.
func TestMatchersByNumberAgreeWithByKey(t *testing.T) {
	lib := library(t)
	doc := parse(t, essay1000(t)+"\n\nCarr and Service disagree. William landed at Pevensey in 1066.")
	ps := docPieces(doc, lib.vocab)
	for _, p := range lib.Packs() {
		byNumber := p.mentions(ps, lib.vocab)
		if p.ID == "russia-1917-1953" {
			assert.NotEmpty(t, byNumber)
		}
		assert.Equal(t, p.mentions(ps, newVocab()), byNumber, p.ID)
	}
}

func TestNames(t *testing.T) {
	names := library(t).Names()
	require.NotEmpty(t, names)
	for _, want := range []string{"Stalin", "Zinovyev", "Socialism in One Country", "Lenin Enrolment", "Triumvirate", "Revisionism"} {
		found := false
		for _, n := range names {
			if strings.EqualFold(n, want) {
				found = true
				break
			}
		}
		assert.True(t, found, want)
	}
	for i := 1; i < len(names); i++ {
		assert.Less(t, names[i-1], names[i], "sorted and unique")
	}
}

// essay1000 returns a 1,000-word essay on the rise of Stalin built from
// sentences of our own, dense with names as a strong essay is.
func essay1000(tb testing.TB) string {
	tb.Helper()
	sentences := []string{
		"Stalin’s position as General Secretary gave him control of appointments across the Party.",
		"Trotsky underestimated him, dismissing him as a grey blur, and missed Lenin's funeral in January 1924.",
		"The Lenin Enrolment brought in over 240,000 new members who owed their places to the Secretariat.",
		"Lenin’s Testament, which called Stalin too rude, was read only to delegations at the 13th Party Congress.",
		"The ban on factions agreed at the 10th Party Congress in 1921 left Trotsky open to charges of factionalism.",
		"Zinoviev and Kamenev joined the Triumvirate against Trotsky, then formed the United Opposition in 1926.",
		"Stalin allied with Bukharin, Rykov and Tomsky on the Right before turning on them in 1928 and 1929.",
		"Socialism in One Country appealed to a tired Party more than Permanent Revolution did.",
		"Historians such as Robert Service and E. H. Carr differ over how far ideology mattered.",
		"However, it would be wrong to ignore the mistakes of his rivals, who failed to act together.",
	}
	var b strings.Builder
	for words := 0; words < 1000; {
		for _, s := range sentences {
			b.WriteString(s)
			b.WriteString(" ")
			words += len(strings.Fields(s))
		}
		b.WriteString("\n\n")
	}
	return b.String()
}

func BenchmarkMentions1000Words(b *testing.B) {
	p := pack(b, "russia-1917-1953")
	doc := parse(b, essay1000(b))
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		_ = p.Mentions(doc)
	}
}

func BenchmarkDetect1000Words(b *testing.B) {
	lib := library(b)
	essay := essay1000(b)
	b.ReportAllocs()
	cpu := cpuTime(b)
	for b.Loop() {
		_, _ = lib.Detect("Why did Stalin emerge as leader of Russia?", essay)
	}
	reportCPU(b, cpu)
}

func BenchmarkLoad(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Load(); err != nil {
			b.Fatal(err)
		}
	}
}

// TestEverydayWordsAreNotNames checks that everyday words that are also
// names in a pack are found only when written as names.
func TestEverydayWordsAreNotNames(t *testing.T) {
	tests := []struct{ pack, text string }{
		{"russia-1917-1953", "The party was over and the whites of their eyes showed; the civil service grew."},
		{"mary-i", "A mass of people gathered by the tower and the pole."},
		{"norman-conquest", "The army marched north and the conquest of the marches began; a freeman paid a round sum."},
		{"atlantic-revolutions", "A patriot needs a good constitution; the convention met at the mountain consulate."},
	}
	for _, tt := range tests {
		t.Run(tt.pack, func(t *testing.T) {
			assert.Empty(t, mentionsOf(tt.text, pack(t, tt.pack).MentionsText(tt.text)))
		})
	}
}

// TestRegnalNumbersAreExact checks, for every person of every pack whose
// name carries a regnal number, that the same name with another number is
// not taken for them ("Edward IV" is not Edward VI, "Henry VII" is not Henry
// VIII, "Nicholas I" is not Nicholas II), in figures and in words, while
// their own name still is.
func TestRegnalNumbersAreExact(t *testing.T) {
	numerals := []string{"I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X"}
	words := []string{"First", "Second", "Third", "Fourth", "Fifth", "Sixth", "Seventh", "Eighth", "Ninth", "Tenth"}
	tested := 0
	for _, p := range library(t).Packs() {
		for _, per := range p.People {
			fields := strings.Fields(per.Name)
			if len(fields) < 2 {
				continue
			}
			own := -1
			for i, n := range numerals {
				if fields[len(fields)-1] == n {
					own = i
				}
			}
			if own < 0 {
				continue
			}
			base := strings.Join(fields[:len(fields)-1], " ")
			tested++
			t.Run(p.ID+"/"+per.ID, func(t *testing.T) {
				text := "In that year " + per.Name + " died."
				assert.Contains(t, mentionedIDs(p, text), per.ID, text)
				for i, n := range numerals {
					if i == own {
						continue
					}
					for _, other := range []string{base + " " + n, base + " the " + words[i]} {
						text := "In that year " + other + " died."
						assert.NotContains(t, mentionedIDs(p, text), per.ID, text)
					}
				}
			})
		}
	}
	assert.Positive(t, tested, "the packs have people with regnal numbers")
}

func mentionedIDs(p *Pack, text string) []string {
	var ids []string
	for _, m := range p.MentionsText(text) {
		ids = append(ids, m.ID)
	}
	return ids
}
