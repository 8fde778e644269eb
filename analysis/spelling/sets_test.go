package spelling

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/clio-history/clio/analysis"
	"github.com/clio-history/clio/fixtures"
)

// benchmarkDir finds ../shared/benchmarks/spelling beside the repository
// root (the directory holding go.mod), or skips the test.
func benchmarkDir(t testing.TB) string {
	t.Helper()
	return fixtures.NeedShared(t, "benchmarks", "spelling")
}

// pair is one misspelling and the words it may stand for.
type pair struct {
	wrong string
	right []string
}

var plainWord = regexp.MustCompile(`^[A-Za-z]+$`)

func readLines(t testing.TB, path string, fn func(line string)) {
	t.Helper()
	f, err := os.Open(path)
	require.NoError(t, err)
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if line := strings.TrimSpace(sc.Text()); line != "" {
			fn(line)
		}
	}
	require.NoError(t, sc.Err())
}

// loadSet reads one benchmark set, keeping only plain words (letters only,
// on both sides) as the published figures do.
func loadSet(t testing.TB, dir, name string) []pair {
	var pairs []pair
	keep := func(wrong string, right []string) {
		if !plainWord.MatchString(wrong) {
			return
		}
		var ok []string
		for _, r := range right {
			if r = strings.TrimSpace(r); plainWord.MatchString(r) {
				ok = append(ok, r)
			}
		}
		if len(ok) > 0 && !contains(ok, wrong) {
			pairs = append(pairs, pair{wrong, ok})
		}
	}
	path := filepath.Join(dir, name)
	switch {
	case strings.HasPrefix(name, "spell-testset"):
		readLines(t, path, func(line string) {
			right, wrongs, ok := strings.Cut(line, ":")
			if !ok {
				return
			}
			for _, w := range strings.Fields(wrongs) {
				keep(w, []string{right})
			}
		})
	case strings.HasPrefix(name, "aspell"):
		readLines(t, path, func(line string) {
			if f := strings.Fields(line); len(f) == 2 {
				keep(f[1], []string{f[0]})
			}
		})
	case strings.HasPrefix(name, "wikipedia"):
		readLines(t, path, func(line string) {
			if wrong, right, ok := strings.Cut(line, "->"); ok {
				keep(wrong, strings.Split(right, ","))
			}
		})
	}
	return pairs
}

func contains(list []string, w string) bool {
	for _, x := range list {
		if strings.EqualFold(x, w) {
			return true
		}
	}
	return false
}

// setScore is the measured performance on one set. Detection is given twice:
// over every pair, and over the non-word errors only (nonWords, nonWordsDetected),
// the pairs whose misspelling is not itself a standard word ("latter" for
// "later"). A word-list checker can only be asked to catch non-words.
type setScore struct {
	n, detected, first, five   int
	nonWords, nonWordsDetected int
	// britishForms counts the pairs left out because their "misspelling"
	// is the British spelling of the intended word.
	britishForms int
}

func (s setScore) pct(k int) float64 { return 100 * float64(k) / float64(max(s.n, 1)) }

// sameWord reports whether a suggestion is the expected word or its other
// locale's spelling ("organisation" for "organization"): the checker runs in
// British mode and the lists were written in American English.
func sameWord(a *Analyzer, right []string, got string) bool {
	if contains(right, got) {
		return true
	}
	lg := strings.ToLower(got)
	for _, r := range right {
		lr := strings.ToLower(r)
		if a.dict.toGB[lr] == lg || a.dict.toUS[lr] == lg || oxfordSpelling(lr, lg) || oxfordSpelling(lg, lr) {
			return true
		}
	}
	return false
}

// realWord reports whether a misspelling is itself a standard word: in the
// SCOWL lists up to size 50 (what a desk dictionary holds) or the history
// lexicon, in either locale and any case. Rarer words that the checker
// accepts (size 70, derivations) do not count, so a rare word that is really
// a misspelling ("dependancy") still counts against detection.
func realWord(a *Analyzer, w string) bool {
	wi := a.dict.words[strings.ToLower(w)]
	return wi != nil && wi.Tier <= tierNames
}

func scoreSet(a *Analyzer, pairs []pair) (setScore, []string) {
	var s setScore
	var misses []string
	for _, p := range pairs {
		// The aspell list is American: "behaviour" for "behavior" is no
		// slip in British English, and the checker runs in en-GB.
		if sameWord(a, p.right, p.wrong) && !a.flagged(p.wrong, LocaleGB) {
			s.britishForms++
			continue
		}
		s.n++
		detected := a.flagged(p.wrong, LocaleGB)
		if detected {
			s.detected++
		}
		if !realWord(a, p.wrong) {
			s.nonWords++
			if detected {
				s.nonWordsDetected++
			}
		}
		sugg := a.Suggest(p.wrong, LocaleGB)
		for i, g := range sugg {
			if sameWord(a, p.right, g) {
				if i == 0 {
					s.first++
				}
				s.five++
				break
			}
		}
		if len(sugg) == 0 || !sameWord(a, p.right, sugg[0]) {
			tag := "first"
			if !slices.ContainsFunc(sugg, func(g string) bool { return sameWord(a, p.right, g) }) {
				tag = "five"
			}
			misses = append(misses, tag+": "+p.wrong+"->"+strings.Join(p.right, "/")+" got "+strings.Join(sugg, ","))
		}
	}
	return s, misses
}

// TestBenchmarkSets measures detection and suggestions on the public sets
// and logs them beside aspell's figures. It asserts only floors the checker
// reaches with a margin, and that no British spelling is flagged.
//
// The ranking was tuned on Norvig set 1 and the aspell pairs only; Norvig
// set 2 and the Wikipedia list are held out, and their figures are the
// honest estimate of how the checker does on misspellings it has not seen.
// (Set 2's misses were read once, which found that SCOWL's size-80 base
// forms of listed words were never suggested: "disaggregate". The fix is a
// rule about the lists, not about those words.)
func TestBenchmarkSets(t *testing.T) {
	dir := benchmarkDir(t)
	a, err := New(Options{})
	require.NoError(t, err)
	sets := []struct {
		file         string
		heldOut      bool
		aspell       string
		minDetection float64
		minNonWord   float64
		minFirst     float64
		minFive      float64
	}{
		// Floors a few points under what the checker measures, so that a
		// real regression fails and noise does not.
		{"spell-testset1.txt", false, "75.2% (92.2%)", 97, 99, 86, 95},
		{"spell-testset2.txt", true, "77.8% (87.8%)", 96, 99, 82, 93},
		{"aspell_atkinson_pairs.txt", false, "57.1% (79.8%)", 93, 97, 64, 86},
		{"wikipedia_common_misspellings_for_machines.txt", true, "85.7% (93.9%)", 97, 98, 88, 95},
	}
	for _, set := range sets {
		t.Run(set.file, func(t *testing.T) {
			pairs := loadSet(t, dir, set.file)
			require.NotEmpty(t, pairs)
			s, misses := scoreSet(a, pairs)
			role := "tuning"
			if set.heldOut {
				role = "held out"
			}
			nonWordPct := 100 * float64(s.nonWordsDetected) / float64(max(s.nonWords, 1))
			t.Logf("%s (%s): n=%d (%d British spellings left out); detected %.1f%% of all pairs, %.1f%% of the %d non-word errors; "+
				"first %.1f%%, top five %.1f%% (aspell en_GB: %s)",
				set.file, role, s.n, s.britishForms, s.pct(s.detected), nonWordPct, s.nonWords,
				s.pct(s.first), s.pct(s.five), set.aspell)
			if os.Getenv("SPELLING_MISSES") != "" {
				for _, m := range misses {
					t.Log(m)
				}
			}
			assert.GreaterOrEqual(t, s.pct(s.detected), set.minDetection)
			assert.GreaterOrEqual(t, nonWordPct, set.minNonWord)
			assert.GreaterOrEqual(t, s.pct(s.first), set.minFirst)
			assert.GreaterOrEqual(t, s.pct(s.five), set.minFive)
		})
	}
	t.Run("BritishNeverFlagged", func(t *testing.T) {
		var flagged []string
		n := 0
		readLines(t, filepath.Join(dir, "codespell_dictionary_en-GB_to_en-US.txt"), func(line string) {
			gb, _, ok := strings.Cut(line, "->")
			if !ok {
				return
			}
			n++
			if !a.Check(gb, LocaleGB) {
				flagged = append(flagged, gb)
			}
		})
		require.Equal(t, 535, n)
		assert.Empty(t, flagged)
	})
	t.Run("BritishNeverFlaggedInProse", func(t *testing.T) {
		// The same spellings in a sentence, so that the checks in context
		// (capitals, apostrophes, wrong words) see them too: nothing may be
		// reported but information.
		var words []string
		readLines(t, filepath.Join(dir, "codespell_dictionary_en-GB_to_en-US.txt"), func(line string) {
			if gb, _, ok := strings.Cut(line, "->"); ok {
				words = append(words, gb)
			}
		})
		var b strings.Builder
		for _, w := range words {
			fmt.Fprintf(&b, "The historians wrote that the %s was important for the king. ", w)
		}
		text := b.String()
		doc, err := analysis.Parse(context.Background(), text)
		require.NoError(t, err)
		out, err := a.Analyze(context.Background(), doc, analysis.Task{Locale: LocaleGB})
		require.NoError(t, err)
		var flagged []string
		for _, f := range out.Findings {
			if f.Severity > analysis.SeverityInfo {
				flagged = append(flagged, f.Code+" "+text[f.Start:f.End])
			}
		}
		assert.Empty(t, flagged)
	})
}
