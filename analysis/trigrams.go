package analysis

import (
	"cmp"
	"math"
	"slices"
)

// Word trigrams are how the argument and evidence analyzers find copied
// sentences and paragraphs. They share this one hash and index so that both
// get the allocation-free version: on a two-core server the garbage collector
// was a large part of the cost of an essay, and per-sentence maps of
// trigrams were among its biggest sources.

// AppendTrigrams appends to dst the hashes of the word trigrams of words,
// sorted and without repeats, and returns the extended slice; the new set is
// dst[len(dst):] of the result. Fewer than three words have no trigrams.
//
// The hash is 64-bit FNV-1a over each trigram's three words with a zero byte
// between them, computed inline because hash/fnv allocates.
func AppendTrigrams(dst []uint64, words []string) []uint64 {
	if len(words) < 3 {
		return dst
	}
	const offset, prime = 14695981039346656037, 1099511628211
	start := len(dst)
	for i := 0; i+3 <= len(words); i++ {
		h := uint64(offset)
		for k, w := range words[i : i+3] {
			if k > 0 {
				h *= prime // the zero byte: h ^= 0 changes nothing
			}
			for j := 0; j < len(w); j++ {
				h ^= uint64(w[j])
				h *= prime
			}
		}
		dst = append(dst, h)
	}
	set := dst[start:]
	slices.Sort(set)
	return dst[:start+len(slices.Compact(set))]
}

// TrigramIndex finds, for a text, the earlier texts that share trigrams
// with it, without comparing every pair: the cost stays close to linear in
// the essay's length.
//
// It is built from every text's set at once and holds them in one array
// sorted by hash, so an essay's index costs one allocation (about a third of
// the memory of a map from trigram to texts). An index is for one essay and
// one goroutine.
type TrigramIndex struct {
	// entries are every set's trigrams, by hash and then text. The first
	// entry of each run of one hash counts the texts added under it.
	entries []trigramEntry
	// counts[j] is the number of trigrams the set being looked up shares
	// with text j; touched lists the j to visit and reset.
	counts  []int32
	touched []int32
	// maxPosting bounds the texts one trigram points to.
	maxPosting int
}

type trigramEntry struct {
	hash   uint64
	text   int32
	posts  uint16 // in the first entry of a hash: texts added under it
	posted bool   // the text has been added under this hash
}

// NewTrigramIndex returns an empty index for the texts whose trigram sets
// (from AppendTrigrams) are sets[0] to sets[len(sets)-1]; a text that will
// never be added may have a nil set. Once maxPosting texts have been added
// under a trigram it points to no more: it is too common to tell copies apart
// ("it was the").
func NewTrigramIndex(sets [][]uint64, maxPosting int) *TrigramIndex {
	n := 0
	for _, set := range sets {
		n += len(set)
	}
	entries := make([]trigramEntry, 0, n)
	for j, set := range sets {
		for _, h := range set {
			entries = append(entries, trigramEntry{hash: h, text: int32(j)})
		}
	}
	slices.SortFunc(entries, func(a, b trigramEntry) int {
		if c := cmp.Compare(a.hash, b.hash); c != 0 {
			return c
		}
		return cmp.Compare(a.text, b.text)
	})
	return &TrigramIndex{entries: entries, counts: make([]int32, len(sets)),
		maxPosting: min(maxPosting, math.MaxUint16)}
}

// first returns the index of the first entry with hash h, if any.
func (x *TrigramIndex) first(h uint64) (int, bool) {
	return slices.BinarySearchFunc(x.entries, h, func(e trigramEntry, h uint64) int { return cmp.Compare(e.hash, h) })
}

// Add records that text j has the trigrams in set, which must be the set it
// was given to NewTrigramIndex.
func (x *TrigramIndex) Add(j int, set []uint64) {
	for _, h := range set {
		g, ok := x.first(h)
		if !ok || int(x.entries[g].posts) >= x.maxPosting {
			continue
		}
		for k := g; k < len(x.entries) && x.entries[k].hash == h; k++ {
			if int(x.entries[k].text) == j {
				x.entries[k].posted = true
				x.entries[g].posts++
				break
			}
		}
	}
}

// Overlaps calls f once for each text added to the index that shares
// trigrams with set, with the number it shares. The order of the calls is
// unspecified.
func (x *TrigramIndex) Overlaps(set []uint64, f func(j, shared int)) {
	for _, h := range set {
		g, ok := x.first(h)
		if !ok {
			continue
		}
		left := x.entries[g].posts
		for k := g; left > 0 && k < len(x.entries) && x.entries[k].hash == h; k++ {
			if !x.entries[k].posted {
				continue
			}
			left--
			j := x.entries[k].text
			if x.counts[j] == 0 {
				x.touched = append(x.touched, j)
			}
			x.counts[j]++
		}
	}
	for _, j := range x.touched {
		n := x.counts[j]
		x.counts[j] = 0
		f(int(j), int(n))
	}
	x.touched = x.touched[:0]
}
