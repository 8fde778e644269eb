package argument

import (
	"hash/fnv"
	"slices"
	"strings"
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

func shingles(words []string) []uint64 {
	if len(words) < 3 {
		return nil
	}
	out := make([]uint64, 0, len(words)-2)
	h := fnv.New64a()
	for i := 0; i+3 <= len(words); i++ {
		h.Reset()
		h.Write([]byte(words[i]))
		h.Write([]byte{0})
		h.Write([]byte(words[i+1]))
		h.Write([]byte{0})
		h.Write([]byte(words[i+2]))
		out = append(out, h.Sum64())
	}
	slices.Sort(out)
	return slices.Compact(out)
}

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
	exact := map[string]int{}
	postings := map[uint64][]int{}
	sets := make([][]uint64, len(texts))
	// counts[j] is the number of shingles text i shares with earlier text
	// j; touched lists the j to reset, so each text costs only its overlaps.
	counts := make([]int, len(texts))
	var touched []int
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
		set := shingles(words)
		sets[i] = set
		for _, sh := range set {
			for _, j := range postings[sh] {
				if counts[j] == 0 {
					touched = append(touched, j)
				}
				counts[j]++
			}
		}
		best, bestSim := -1, 0.0
		for _, j := range touched {
			n := counts[j]
			counts[j] = 0
			sim := float64(n) / float64(len(set)+len(sets[j])-n)
			if small, large := min(len(set), len(sets[j])), max(len(set), len(sets[j])); containment && 5*small >= 3*large {
				// Scale containment onto the Jaccard threshold.
				sim = max(sim, float64(n)/float64(small)*dupThreshold/containThreshold)
			}
			if sim > bestSim || sim == bestSim && j < best {
				best, bestSim = j, sim
			}
		}
		touched = touched[:0]
		if best >= 0 && bestSim >= dupThreshold {
			out[i] = best
		}
		for _, sh := range set {
			if len(postings[sh]) < maxPosting {
				postings[sh] = append(postings[sh], i)
			}
		}
	}
	return out
}
