package argument

import (
	"strings"

	"github.com/clio-history/clio/analysis"
)

// Near-duplicate detection by shingling: each text becomes the set of its
// word 3-grams (lower case, punctuation dropped), and two texts are near
// duplicates when the Jaccard similarity of their sets reaches dupThreshold.
// An inverted index from shingle to earlier texts keeps the cost near linear.
const (
	dupThreshold = 0.8
	// containThreshold applies to paragraphs of similar length: a copy with
	// a word slipped into each short sentence keeps about two thirds of its
	// 3-grams.
	containThreshold = 0.65
	// minDupWords: shorter sentences ("This was crucial.") may recur
	// honestly.
	minDupWords = 6
	// maxPosting bounds the texts a single shingle points to. A shingle that
	// recurs in more texts than this ("it was the") is too common to tell
	// copies apart; exact copies are still caught by their whole-text hash.
	maxPosting = 64
)

// nearDuplicates returns, for each text, the index of an earlier text it
// nearly duplicates, or -1. Texts with fewer than minWords words are never
// duplicates. With containment, two texts of similar length (the shorter at
// least 60% of the longer) are also duplicates when containThreshold of the
// smaller shingle set lies in the larger: a paragraph copied with a word
// slipped into each sentence. Sentences use Jaccard alone, so that a
// conclusion that restates the thesis inside a longer sentence is not taken
// for a copy.
func nearDuplicates(texts [][]string, minWords int, containment bool) []int {
	out := make([]int, len(texts))
	total := 0
	for _, words := range texts {
		total += max(len(words)-2, 0)
	}
	// Exact copies first, by their whole text; the shingle sets of the rest
	// are windows of one buffer, sized up front so that it never moves.
	exact := make(map[string]int, len(texts))
	buf := make([]uint64, 0, total)
	sets := make([][]uint64, len(texts))
	for i, words := range texts {
		out[i] = -1
		if len(words) < minWords {
			continue
		}
		key := strings.Join(words, " ")
		if j, ok := exact[key]; ok {
			out[i] = j
			continue
		}
		exact[key] = i
		start := len(buf)
		buf = analysis.AppendTrigrams(buf, words)
		sets[i] = buf[start:len(buf):len(buf)]
	}
	index := analysis.NewTrigramIndex(len(texts), len(buf), maxPosting)
	for i, set := range sets {
		if set == nil {
			continue
		}
		best, bestSim := -1, 0.0
		index.Overlaps(set, func(j, n int) {
			sim := float64(n) / float64(len(set)+len(sets[j])-n)
			if small, large := min(len(set), len(sets[j])), max(len(set), len(sets[j])); containment && 5*small >= 3*large {
				// Scale containment onto the Jaccard threshold.
				sim = max(sim, float64(n)/float64(small)*dupThreshold/containThreshold)
			}
			if sim > bestSim || sim == bestSim && j < best {
				best, bestSim = j, sim
			}
		})
		if best >= 0 && bestSim >= dupThreshold {
			out[i] = best
		}
		index.Add(i, set)
	}
	return out
}
