package history

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The course topics every library must carry, and the historiography guide;
// packs added later join them.
var wantPacks = []string{"atlantic-revolutions", "historiography", "mary-i", "norman-conquest", "russia-1917-1953"}

// TestEveryPackPresent: the library holds the packs every release must
// carry, and one pack for every file in packs/ (none silently dropped).
func TestEveryPackPresent(t *testing.T) {
	lib := library(t)
	var ids []string
	for _, p := range lib.Packs() {
		ids = append(ids, p.ID)
	}
	assert.Subset(t, ids, wantPacks)
	files, err := filepath.Glob(filepath.Join("packs", "*.json"))
	require.NoError(t, err)
	want := make([]string, len(files))
	for i, f := range files {
		want[i] = strings.TrimSuffix(filepath.Base(f), ".json")
	}
	assert.ElementsMatch(t, want, ids, "one pack per file in packs/")
}

// TestEveryDateHasASource checks, independently of the loader, that every
// date a pack states can be checked by a tutor in one click.
func TestEveryDateHasASource(t *testing.T) {
	for _, p := range library(t).Packs() {
		for _, e := range p.Events {
			assert.NotEmpty(t, e.Sources, "%s: event %s", p.ID, e.ID)
		}
		for _, per := range p.People {
			if !per.Born.IsZero() || !per.Died.IsZero() {
				assert.NotEmpty(t, per.Sources, "%s: person %s", p.ID, per.ID)
			}
			for _, o := range per.Offices {
				assert.NotEmpty(t, o.Sources, "%s: person %s office %s", p.ID, per.ID, o.Title)
			}
		}
		for _, srcs := range sourcesOf(p) {
			for _, u := range srcs {
				assert.NotRegexp(t, `^https?://([a-z]+\.)?example\.`, u, "%s: a placeholder is not a source", p.ID)
			}
		}
	}
}

func sourcesOf(p *Pack) [][]string {
	var out [][]string
	for _, e := range p.Events {
		out = append(out, e.Sources)
	}
	for _, per := range p.People {
		out = append(out, per.Sources)
		for _, o := range per.Offices {
			out = append(out, o.Sources)
		}
	}
	return out
}

// TestPackConsistency re-checks, independently of the loader, the rules a
// pack must keep: enough dated events, events within the lives of the people
// in them, well-formed intervals, no name shared by two entries, and every
// question factor signalled by at least one of the pack's names or terms.
func TestPackConsistency(t *testing.T) {
	for _, p := range library(t).Packs() {
		t.Run(p.ID, func(t *testing.T) {
			switch p.Kind {
			case "topic":
				assert.GreaterOrEqual(t, len(p.Events), 60, "a course topic needs at least 60 dated events")
				assert.GreaterOrEqual(t, len(p.People), 15)
				assert.GreaterOrEqual(t, len(p.Terms), 15)
				assert.GreaterOrEqual(t, len(p.Historians), 5)
				assert.GreaterOrEqual(t, len(p.Questions), 2)
			case "guide":
				// The historiography guide is about schools, not a period: its
				// few events are the publications that mark them.
				assert.GreaterOrEqual(t, len(p.Events), 10)
				assert.GreaterOrEqual(t, len(p.Historians), 10)
			default:
				t.Fatalf("kind %q", p.Kind)
			}

			for _, e := range p.Events {
				require.False(t, e.When.IsZero(), e.ID)
				assert.False(t, e.When.Last().Before(e.When.First()), "%s: interval ends before it begins", e.ID)
				for _, id := range e.People {
					per, ok := p.Person(id)
					require.True(t, ok, "%s: person %s", e.ID, id)
					if !per.Born.IsZero() {
						assert.False(t, e.When.Last().Before(per.Born.First()), "%s happens before %s was born", e.ID, id)
					}
					if !per.Died.IsZero() {
						assert.False(t, e.When.First().After(per.Died.Last()), "%s happens after %s died", e.ID, id)
					}
				}
				for _, c := range e.Causes {
					ce, ok := p.Event(c)
					require.True(t, ok, "%s: cause %s", e.ID, c)
					assert.False(t, ce.When.First().After(e.When.Last()), "%s: cause %s comes after it", e.ID, c)
				}
			}
			for _, per := range p.People {
				if !per.Born.IsZero() && !per.Died.IsZero() {
					assert.True(t, per.Born.First().Before(per.Died.Last()), per.ID)
				}
			}

			owner := map[string]string{}
			claim := func(entry string, names ...string) {
				for _, n := range names {
					k := nameKey(n)
					if prev, ok := owner[k]; ok && prev != entry {
						t.Errorf("%q names both %s and %s", n, prev, entry)
					}
					owner[k] = entry
				}
			}
			for _, x := range p.People {
				claim("person "+x.ID, append([]string{x.Name}, x.Variants...)...)
			}
			for _, x := range p.Events {
				claim("event "+x.ID, append([]string{x.Name}, x.Aliases...)...)
			}
			for _, x := range p.Organisations {
				claim("organisation "+x.ID, append([]string{x.Name}, x.Variants...)...)
			}
			for _, x := range p.Places {
				claim("place "+x.ID, append([]string{x.Name}, x.Variants...)...)
			}
			for _, x := range p.Terms {
				claim("term "+x.ID, append([]string{x.Name}, x.Variants...)...)
			}
			for _, x := range p.Historians {
				claim("historian "+x.ID, append([]string{x.Name}, x.Variants...)...)
				assert.NotEmpty(t, x.View, x.ID)
				assert.NotContains(t, x.View, "\n", x.ID)
			}

			// No written form (including generated plurals) may point at two entries.
			for form, pt := range p.index.all {
				assert.Len(t, pt.refs, 1, "%q refers to more than one entry", form)
			}

			for _, q := range p.Questions {
				g, ok := p.Question(q.Text)
				require.True(t, ok, "question %s is not found by its own text", q.ID)
				assert.Equal(t, q.ID, g.ID)
				for _, f := range q.Factors {
					known := false
					for _, s := range f.Signals {
						if _, ok := owner[nameKey(s)]; ok {
							known = true
						}
					}
					assert.True(t, known, "%s/%s: no signal is a name or term of the pack (signals %s)",
						q.ID, f.ID, strings.Join(f.Signals, ", "))
				}
			}
		})
	}
}

func TestStalinGuideFactors(t *testing.T) {
	p := pack(t, "russia-1917-1953")
	g, ok := p.Guide("stalin-emergence")
	require.True(t, ok)
	assert.Equal(t, "Why did Stalin emerge as leader of Russia?", g.Text)
	var ids []string
	for _, f := range g.Factors {
		ids = append(ids, f.ID)
	}
	assert.ElementsMatch(t, []string{"general-secretary", "rivals-weaknesses", "ideology-socialism-in-one-country",
		"lenins-testament", "lenin-enrolment", "ban-on-factions", "alliances-and-tactics", "trotsky-mistakes"}, ids)
}

// TestRiseOfStalinDates pins the dates the rise-of-Stalin questions lean on,
// each checked against a reference (see the "Topic packs" section of README.md).
func TestRiseOfStalinDates(t *testing.T) {
	p := pack(t, "russia-1917-1953")
	tests := []struct{ id, when string }{
		{"tenth-congress", "1921-03-08/1921-03-16"},
		{"ban-on-factions", "1921-03-16"},
		{"eleventh-congress", "1922-03-27/1922-04-02"},
		{"general-secretary", "1922-04-03"},
		{"lenins-testament-dictated", "1922-12-23/1923-01-04"},
		{"twelfth-congress", "1923-04-17/1923-04-25"},
		{"lenin-death", "1924-01-21"},
		{"thirteenth-congress", "1924-05-23/1924-05-31"},
		{"fourteenth-congress", "1925-12-18/1925-12-31"},
		{"trotsky-expelled", "1927-11"},
		{"fifteenth-congress", "1927-12-02/1927-12-19"},
		{"trotsky-deported", "1929-02"},
		{"bukharin-out-of-politburo", "1929-11-17"},
		{"sixteenth-congress", "1930-06-26/1930-07-13"},
		{"seventeenth-congress", "1934-01-26/1934-02-10"},
		{"october-revolution", "1917-11-07"},
	}
	for _, tt := range tests {
		e, ok := p.Event(tt.id)
		if assert.True(t, ok, tt.id) {
			assert.Equal(t, tt.when, e.When.String(), tt.id)
		}
	}
}
