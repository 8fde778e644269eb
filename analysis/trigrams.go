package analysis

import (
	"math/bits"
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
// It is a small open-addressing hash table from trigram to a list of texts,
// with the lists' nodes in one array: an essay's index costs four
// allocations however many trigrams it has. An index is for one essay and one
// goroutine.
type TrigramIndex struct {
	// slots hold 1 + an index into lists, or 0 when empty; len(slots) is a
	// power of two, at least twice the number of trigrams.
	slots []int32
	shift uint // 64 - log2(len(slots))
	lists []trigramList
	nodes []trigramNode
	// counts[j] is the number of trigrams the set being looked up shares
	// with text j; touched lists the j to visit and reset.
	counts  []int32
	touched []int32
	// maxPosting bounds the texts one trigram points to.
	maxPosting int
}

// trigramList is the texts added under one trigram, newest first.
type trigramList struct {
	hash  uint64
	first int32 // index into nodes, or -1
	n     int32
}

type trigramNode struct{ text, next int32 }

// NewTrigramIndex returns an empty index for texts numbered 0 to texts-1
// with at most trigrams distinct trigrams between them. Once maxPosting texts
// have been added under a trigram it points to no more: it is too common to
// tell copies apart ("it was the").
func NewTrigramIndex(texts, trigrams, maxPosting int) *TrigramIndex {
	size := 8
	for size < 2*trigrams {
		size *= 2
	}
	return &TrigramIndex{
		slots:      make([]int32, size),
		shift:      uint(64 - bits.TrailingZeros(uint(size))),
		lists:      make([]trigramList, 0, trigrams),
		nodes:      make([]trigramNode, 0, trigrams),
		counts:     make([]int32, texts),
		maxPosting: maxPosting,
	}
}

// slot returns the slot of hash h: the one holding it, or the empty one
// where it belongs. The table is never more than half full.
func (x *TrigramIndex) slot(h uint64) int {
	mask := len(x.slots) - 1
	// Fibonacci hashing spreads the FNV values over the table.
	i := int((h * 0x9E3779B97F4A7C15) >> x.shift)
	for {
		l := x.slots[i]
		if l == 0 || x.lists[l-1].hash == h {
			return i
		}
		i = (i + 1) & mask
	}
}

// Add records that text j has the trigrams in set.
func (x *TrigramIndex) Add(j int, set []uint64) {
	for _, h := range set {
		i := x.slot(h)
		if x.slots[i] == 0 {
			if 2*(len(x.lists)+1) > len(x.slots) {
				x.grow()
				i = x.slot(h)
			}
			x.lists = append(x.lists, trigramList{hash: h, first: -1})
			x.slots[i] = int32(len(x.lists))
		}
		l := &x.lists[x.slots[i]-1]
		if int(l.n) >= x.maxPosting {
			continue
		}
		x.nodes = append(x.nodes, trigramNode{text: int32(j), next: l.first})
		l.first = int32(len(x.nodes) - 1)
		l.n++
	}
}

// grow doubles the table, for callers whose estimate of trigrams was low.
func (x *TrigramIndex) grow() {
	x.slots = make([]int32, 2*len(x.slots))
	x.shift--
	for k := range x.lists {
		x.slots[x.slot(x.lists[k].hash)] = int32(k + 1)
	}
}

// Overlaps calls f once for each text added to the index that shares
// trigrams with set, with the number it shares. The order of the calls is
// unspecified.
func (x *TrigramIndex) Overlaps(set []uint64, f func(j, shared int)) {
	for _, h := range set {
		l := x.slots[x.slot(h)]
		if l == 0 {
			continue
		}
		for n := x.lists[l-1].first; n >= 0; n = x.nodes[n].next {
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
