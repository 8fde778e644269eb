package analysis

import (
	"hash/fnv"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestAppendTrigrams(t *testing.T) {
	fnv3 := func(a, b, c string) uint64 {
		h := fnv.New64a()
		h.Write([]byte(a + "\x00" + b + "\x00" + c))
		return h.Sum64()
	}
	t.Run("HashIsFNV1aWithZeroSeparators", func(t *testing.T) {
		got := AppendTrigrams(nil, []string{"stalin", "was", "general"})
		assert.Equal(t, []uint64{fnv3("stalin", "was", "general")}, got)
	})
	t.Run("SortedWithoutRepeats", func(t *testing.T) {
		got := AppendTrigrams(nil, strings.Fields("a b c a b c a b"))
		want := []uint64{fnv3("a", "b", "c"), fnv3("b", "c", "a"), fnv3("c", "a", "b")}
		slices.Sort(want)
		assert.Equal(t, want, got)
	})
	t.Run("AppendsAfterEarlierSets", func(t *testing.T) {
		dst := []uint64{7}
		got := AppendTrigrams(dst, strings.Fields("x y z"))
		assert.Equal(t, []uint64{7, fnv3("x", "y", "z")}, got)
	})
	t.Run("FewerThanThreeWords", func(t *testing.T) {
		assert.Empty(t, AppendTrigrams(nil, []string{"two", "words"}))
	})
}

func TestTrigramIndex(t *testing.T) {
	sets := [][]uint64{{1, 2, 3}, {3, 4}, {5}, {3, 5}}
	// Too low an estimate of the trigrams makes the table grow.
	x := NewTrigramIndex(len(sets), 1, 2)
	for j, s := range sets[:3] {
		x.Add(j, s)
	}
	overlaps := func(set []uint64) map[int]int {
		got := map[int]int{}
		x.Overlaps(set, func(j, n int) { got[j] = n })
		return got
	}
	t.Run("CountsSharedTrigrams", func(t *testing.T) {
		assert.Equal(t, map[int]int{0: 2, 1: 1}, overlaps([]uint64{2, 3, 9}))
		// Counts start again from zero for the next text.
		assert.Equal(t, map[int]int{0: 2, 1: 2}, overlaps([]uint64{1, 3, 4}))
		assert.Empty(t, overlaps([]uint64{8, 9}))
	})
	t.Run("CommonTrigramsStopGrowing", func(t *testing.T) {
		x.Add(3, sets[3])
		// Trigram 3 already pointed to two texts; 5 to one.
		assert.Equal(t, map[int]int{0: 1, 1: 1}, overlaps([]uint64{3}))
		assert.Equal(t, map[int]int{2: 1, 3: 1}, overlaps([]uint64{5}))
	})
}
