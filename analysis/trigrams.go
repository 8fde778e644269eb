package analysis

import "slices"

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

// TrigramIndex maps trigram hashes to the texts added to it, so that the
// earlier texts sharing trigrams with a new one are found without comparing
// every pair: the cost stays close to linear in the essay's length.
//
// Postings live in one flat array of linked nodes rather than a slice per
// trigram, so an essay costs one map and two slices however many trigrams
// it has. An index is for one essay and one goroutine.
type TrigramIndex struct {
	lists map[uint64]int32 // trigram -> index into heads
	heads []posting        // per trigram: first node and length
	nodes []node
	// counts[j] is the number of trigrams the text being looked up shares
	// with text j; touched lists the j to visit and reset.
	counts  []int32
	touched []int32
	// maxPosting bounds the texts one trigram points to.
	maxPosting int
}

type posting struct{ first, n int32 }

type node struct{ text, next int32 }

// NewTrigramIndex returns an index for texts numbered 0 to texts-1. trigrams
// is a hint for the total size of their sets. A trigram already shared by
// maxPosting texts is too common to tell copies apart ("it was the") and
// points to no more.
func NewTrigramIndex(texts, trigrams, maxPosting int) *TrigramIndex {
	return &TrigramIndex{
		lists:      make(map[uint64]int32, trigrams),
		heads:      make([]posting, 0, trigrams),
		nodes:      make([]node, 0, trigrams),
		counts:     make([]int32, texts),
		maxPosting: maxPosting,
	}
}

// Add records that text j has the trigrams in set.
func (x *TrigramIndex) Add(j int, set []uint64) {
	for _, h := range set {
		l, ok := x.lists[h]
		if !ok {
			l = int32(len(x.heads))
			x.lists[h] = l
			x.heads = append(x.heads, posting{first: -1})
		}
		p := &x.heads[l]
		if int(p.n) >= x.maxPosting {
			continue
		}
		x.nodes = append(x.nodes, node{text: int32(j), next: p.first})
		p.first = int32(len(x.nodes) - 1)
		p.n++
	}
}

// Overlaps calls f once for each text in the index that shares trigrams with
// set, with the number it shares. The order of the calls is unspecified.
func (x *TrigramIndex) Overlaps(set []uint64, f func(j, shared int)) {
	for _, h := range set {
		l, ok := x.lists[h]
		if !ok {
			continue
		}
		for n := x.heads[l].first; n >= 0; n = x.nodes[n].next {
			j := x.nodes[n].text
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
