package spelling

import (
	"bufio"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// benchmarkDir finds ../shared/benchmarks/spelling beside the repository
// root (the directory holding go.mod), or skips the test.
func benchmarkDir(t testing.TB) string {
	t.Helper()
	dir, err := os.Getwd()
	require.NoError(t, err)
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			break
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Skip("repository root not found")
		}
		dir = parent
	}
	sets := filepath.Join(dir, "..", "shared", "benchmarks", "spelling")
	if _, err := os.Stat(sets); err != nil {
		t.Skip("benchmark sets not present: " + sets)
	}
	return sets
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

// setScore is the measured performance on one set.
type setScore struct {
	n, detected, first, five int
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

func scoreSet(a *Analyzer, pairs []pair) (setScore, []string) {
	var s setScore
	var misses []string
	for _, p := range pairs {
		s.n++
		if !a.Check(p.wrong, LocaleGB) {
			s.detected++
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
			misses = append(misses, p.wrong+"->"+strings.Join(p.right, "/")+" got "+strings.Join(sugg, ","))
		}
	}
	return s, misses
}

// TestBenchmarkSets measures detection and suggestions on the public sets
// and logs them beside aspell's figures. It asserts only floors the checker
// reaches with a margin, and that no British spelling is flagged.
func TestBenchmarkSets(t *testing.T) {
	dir := benchmarkDir(t)
	a, err := New(Options{})
	require.NoError(t, err)
	sets := []struct {
		file         string
		aspell       string
		minDetection float64
		minFirst     float64
		minFive      float64
	}{
		// Floors a few points under what the checker measures, so that a
		// real regression fails and noise does not.
		{"spell-testset1.txt", "75.2% (92.2%)", 95, 80, 90},
		{"spell-testset2.txt", "77.8% (87.8%)", 93, 78, 88},
		{"aspell_atkinson_pairs.txt", "57.1% (79.8%)", 88, 60, 78},
		{"wikipedia_common_misspellings_for_machines.txt", "85.7% (93.9%)", 95, 85, 93},
	}
	for _, set := range sets {
		t.Run(set.file, func(t *testing.T) {
			pairs := loadSet(t, dir, set.file)
			require.NotEmpty(t, pairs)
			s, misses := scoreSet(a, pairs)
			t.Logf("%s: n=%d detected %.1f%%, first %.1f%%, top five %.1f%% (aspell en_GB: %s)",
				set.file, s.n, s.pct(s.detected), s.pct(s.first), s.pct(s.five), set.aspell)
			if os.Getenv("SPELLING_MISSES") != "" {
				for _, m := range misses {
					t.Log(m)
				}
			}
			assert.GreaterOrEqual(t, s.pct(s.detected), set.minDetection)
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
}
