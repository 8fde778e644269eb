package spelling

import (
	"math"
	"math/bits"
	"slices"
	"sort"
	"strings"
	"sync"
)

// Limits on the suggestion search. Words longer than maxSuggestLen letters
// get no suggestions: no English word is that long, and the search would
// only waste time.
const (
	maxSuggestLen = 40
	maxEdits      = 2
	prefixLen     = 7
	maxSuggest    = 5
)

// candidate is one word that may be suggested.
type candidate struct {
	// mask has bit k set when the word contains letter 'a'+k and bit 32+k
	// when it contains it twice or more. One edit changes at most two bits,
	// so two words whose masks differ in more than 2n bits are more than n
	// edits apart, a test far cheaper than the edit distance.
	mask    uint64
	lower   string
	display string
	key     string
	prior   float64 // how likely the word is a priori; higher is commoner
	// history reports a name from the history lexicon or the caller's.
	history bool
}

// suggester finds near words quickly: a symmetric-delete index (every
// string reachable by deleting up to two letters from a word's first seven
// letters, hashed, sorted with the word's id) and a phonetic index. Both are
// read-only once built.
type suggester struct {
	cands []candidate
	// deletes holds one entry per (hash, candidate): the hash's low
	// 32-bucketBits bits above the candidate's id (idBits bits), grouped by
	// the hash's top bucketBits bits.
	deletes []uint32
	// buckets[b] is the first index in deletes of the entries whose hash
	// starts with the bucketBits bits b: one memory access finds a hash's
	// entries.
	buckets []uint32
	// sounds and coarse find the words with a given phonetic key.
	sounds, coarse keyIndex
}

// The delete index packs an entry into 32 bits: bucketBits of the hash pick
// the bucket, and the other 12 are stored beside a 20-bit candidate id, so
// the whole hash is still compared.
const (
	bucketBits  = 20
	hashLowBits = 32 - bucketBits
	idBits      = 32 - hashLowBits
	maxCands    = 1 << idBits
	lowMask     = 1<<hashLowBits - 1
)

func newSuggester(d *dictionary) *suggester {
	s := &suggester{}
	for lw, wi := range d.words {
		if wi.Tier > maxSuggTier && !wi.Name {
			continue
		}
		if !isASCIIWord(lw) || len(lw) > maxSuggestLen || neverSuggest[lw] || neverSuggest[strings.TrimSuffix(lw, "s")] {
			continue
		}
		s.cands = append(s.cands, candidate{lower: lw, mask: letterMask(lw), display: wi.Display, prior: prior(wi), history: wi.Name})
	}
	// A fixed order makes ties break the same way in every process.
	slices.SortFunc(s.cands, func(a, b candidate) int { return strings.Compare(a.lower, b.lower) })
	if len(s.cands) > maxCands {
		s.cands = s.cands[:maxCands] // far beyond any word list; a bound, not a limit met
	}
	// The phonetic maps and the delete index are built side by side: they
	// touch different fields.
	var wg sync.WaitGroup
	wg.Go(func() {
		sounds := make([]uint64, 0, len(s.cands))
		coarse := make([]uint64, 0, len(s.cands))
		for id := range s.cands {
			c := &s.cands[id]
			c.key = phoneticKey(c.lower)
			if c.key != "" {
				sounds = append(sounds, uint64(hash32(c.key))<<32|uint64(id))
			}
			if k := coarseKey(c.lower); len(k) >= 3 {
				coarse = append(coarse, uint64(hash32(k))<<32|uint64(id))
			}
		}
		s.sounds, s.coarse = newKeyIndex(sounds), newKeyIndex(coarse)
	})
	s.buildDeletes()
	wg.Wait()
	return s
}

// buildDeletes hashes every candidate's deletes once, counts the entries of
// each bucket, then places them: a counting sort, linear in the entries.
func (s *suggester) buildDeletes() {
	hashes := make([]uint32, 0, len(s.cands)*24)
	ends := make([]uint32, len(s.cands))
	s.buckets = make([]uint32, 1<<bucketBits+1)
	for id := range s.cands {
		start := len(hashes)
		hashes = deleteHashes(prefix(s.cands[id].lower), hashes)
		ends[id] = uint32(len(hashes))
		for _, h := range hashes[start:] {
			s.buckets[h>>(32-bucketBits)+1]++
		}
	}
	for b := 1; b < len(s.buckets); b++ {
		s.buckets[b] += s.buckets[b-1]
	}
	s.deletes = make([]uint32, len(hashes))
	next := slices.Clone(s.buckets[:1<<bucketBits])
	start := uint32(0)
	for id, end := range ends {
		for _, h := range hashes[start:end] {
			b := h >> (32 - bucketBits)
			s.deletes[next[b]] = (h&lowMask)<<idBits | uint32(id)
			next[b]++
		}
		start = end
	}
}

// keyIndex finds the words filed under a key: entries are hash<<32 | id,
// grouped by the hash's top keyBits bits.
type keyIndex struct {
	buckets []uint32
	entries []uint64
}

const keyBits = 16

// newKeyIndex groups entries (hash<<32 | id) by bucket with a counting sort;
// within a bucket they keep their order, so ids stay ascending.
func newKeyIndex(entries []uint64) keyIndex {
	x := keyIndex{buckets: make([]uint32, 1<<keyBits+1), entries: make([]uint64, len(entries))}
	for _, e := range entries {
		x.buckets[e>>(64-keyBits)+1]++
	}
	for b := 1; b < len(x.buckets); b++ {
		x.buckets[b] += x.buckets[b-1]
	}
	next := slices.Clone(x.buckets[:1<<keyBits])
	for _, e := range entries {
		b := e >> (64 - keyBits)
		x.entries[next[b]] = e
		next[b]++
	}
	return x
}

// appendIDs appends to ids the id of every entry filed under key.
func (x *keyIndex) appendIDs(key string, ids []int32) []int32 {
	if len(x.buckets) == 0 {
		return ids
	}
	h := hash32(key)
	b := h >> (32 - keyBits)
	for _, e := range x.entries[x.buckets[b]:x.buckets[b+1]] {
		if uint32(e>>32) == h {
			ids = append(ids, int32(e&0xffffffff))
		}
	}
	return ids
}

// lookup calls fn with the id of every candidate indexed under hash h.
func (s *suggester) lookup(h uint32, fn func(id int32)) {
	if len(s.buckets) == 0 {
		return
	}
	b := h >> (32 - bucketBits)
	low := h & lowMask
	for _, e := range s.deletes[s.buckets[b]:s.buckets[b+1]] {
		if e>>idBits == low {
			fn(int32(e & (maxCands - 1)))
		}
	}
}

// neverSuggest are offensive words: accepted when written, never offered
// to a student as a correction. Read-only after package initialisation.
var neverSuggest = fieldSet(`cunt fuck fucker fucking shit shitty piss bitch bastard wank wanker
	twat dickhead arsehole asshole bollocks slut whore nigger nigga faggot fag dyke retard spastic spaz paki
	chink gook kike wog coon spic tranny poof poofter porn porno`)

func fieldSet(words string) map[string]bool {
	set := map[string]bool{}
	for _, w := range strings.Fields(words) {
		set[w] = true
	}
	return set
}

// prior scores how common a word is: its SCOWL tier, then how often WordNet's
// tagged corpus uses it.
func prior(wi *wordInfo) float64 {
	var p float64
	switch wi.Tier {
	case 1:
		p = 1.0
	case 2:
		p = pTier2
	case 3:
		p = pTier3
	}
	if sp, ok := sizePrior[wi.Size]; ok {
		p = sp
	}
	if wi.Name && wi.Tier >= tierNames {
		p = 0.5
	}
	count := float64(wi.Count)
	if closedClass[strings.ToLower(wi.Display)] {
		// WordNet counts only nouns, verbs, adjectives and adverbs; the
		// grammatical words are the commonest of all.
		count = max(count, closedClassCount)
	}
	return p + wCount*math.Log10(1+count)
}

// closedClassCount stands in for the frequency of a grammatical word: above
// all but a few dozen WordNet lemmas.
const closedClassCount = 500

// closedClass are English grammatical words: determiners, pronouns,
// prepositions, conjunctions, auxiliaries and a few common adverbs.
var closedClass = set(strings.Fields(`the a an and or but nor of to in on at by for with from as into onto about
	among against during between through throughout without within under over after before since until while
	because although though if unless whether than that this these those there their theirs they them he him his
	she her hers it its we us our ours you your yours i me my mine who whom whose which what when where why how
	not no so very also only just be is are was were been being am have has had do does did will would shall
	should can could may might must all any each every some many much more most other such both either neither
	own same too then now here up out down off again once upon across along around towards toward`)...)

func prefix(w string) string {
	if len(w) > prefixLen {
		return w[:prefixLen]
	}
	return w
}

// hash32 is 32-bit FNV-1a.
func hash32(s string) uint32 {
	h := uint32(2166136261)
	for i := 0; i < len(s); i++ {
		h = (h ^ uint32(s[i])) * 16777619
	}
	return h
}

// hashSkipping is hash32 of w without the bytes at positions i and j.
func hashSkipping(w string, i, j int) uint32 {
	h := uint32(2166136261)
	for k := 0; k < len(w); k++ {
		if k != i && k != j {
			h = (h ^ uint32(w[k])) * 16777619
		}
	}
	return h
}

// deleteHashes appends to out the distinct hashes of w and of every string
// made by deleting one or two of its letters (w has at most prefixLen
// letters), without building the strings.
func deleteHashes(w string, out []uint32) []uint32 {
	base := len(out)
	add := func(h uint32) {
		if !slices.Contains(out[base:], h) {
			out = append(out, h)
		}
	}
	add(hash32(w))
	for i := 0; i < len(w); i++ {
		add(hashSkipping(w, i, -1))
		if len(w) > 2 {
			for j := i + 1; j < len(w); j++ {
				add(hashSkipping(w, i, j))
			}
		}
	}
	return out
}

// prefixDeletesMeet reports whether the delete index would have paired a and
// b: their prefixes are within maxEdits edits.
func prefixDeletesMeet(a, b string) bool {
	return osa(prefix(a), prefix(b), maxEdits) <= maxEdits
}

func letterMask(w string) uint64 {
	var m uint64
	for i := 0; i < len(w); i++ {
		if c := w[i]; c >= 'a' && c <= 'z' {
			bit := uint64(1) << (c - 'a')
			if m&bit != 0 {
				bit <<= 32
			}
			m |= bit
		}
	}
	return m
}

func isASCIIWord(w string) bool {
	if w == "" {
		return false
	}
	for i := 0; i < len(w); i++ {
		c := w[i]
		if !(c >= 'a' && c <= 'z' || c == '\'' || c == '-') {
			return false
		}
	}
	return true
}

// editLimit is how many edits apart a word found through the delete index
// may be from a misspelling of n letters.
func editLimit(n int) int {
	switch {
	case n >= 10:
		return maxEdits + 2
	case n >= 7:
		return maxEdits + 1
	}
	return maxEdits
}

// scored is a candidate with its cost for one misspelling.
type scored struct {
	id   int32
	cost float64
}

// suggest ranks the candidates for lw, a lower-case word, best first.
func (s *suggester) suggest(lw string, limit int) []scored {
	if !isASCIIWord(lw) || len(lw) > maxSuggestLen {
		return nil
	}
	var idBuf [512]int32
	ids := idBuf[:0]
	var hashBuf [64]uint32
	for _, h := range deleteHashes(prefix(lw), hashBuf[:0]) {
		s.lookup(h, func(id int32) { ids = append(ids, id) })
	}
	slices.Sort(ids)
	ids = slices.Compact(ids)
	key := phoneticKey(lw)
	mask := letterMask(lw)
	q := newQuery(lw, key)
	out := make([]scored, 0, 16)
	// Long words carry more slips: a word whose first letters are within
	// two edits may be further away in the whole. Those further words are
	// ranked only when fewer than maxSuggest words are within two edits, so
	// the usual slip pays nothing for them.
	edits := editLimit(len(lw))
	var farBuf [128]int32
	far := farBuf[:0]
	for _, id := range ids {
		c := &s.cands[id]
		diff := bits.OnesCount64(mask ^ c.mask)
		if c.lower == lw || diff > 2*edits {
			continue
		}
		if diff <= 2*maxEdits && osa(lw, c.lower, maxEdits) <= maxEdits {
			out = append(out, scored{id, s.cost(q, c)})
		} else if edits > maxEdits {
			far = append(far, id)
		}
	}
	if len(out) < maxSuggest {
		for _, id := range far {
			if c := &s.cands[id]; osa(lw, c.lower, edits) <= edits {
				out = append(out, scored{id, s.cost(q, c)})
			}
		}
	} else {
		edits = maxEdits
	}
	// Words that sound the same may be further away in spelling: up to a
	// third of the word's letters.
	if key != "" {
		limit := max(maxEdits+1, len(lw)*2/5)
		var bucketBuf [256]int32
		bucket := s.sounds.appendIDs(key, bucketBuf[:0])
		if k := coarseKey(lw); len(k) >= 3 {
			bucket = s.coarse.appendIDs(k, bucket)
			slices.Sort(bucket)
			bucket = slices.Compact(bucket)
		}
		for _, id := range bucket {
			c := &s.cands[id]
			if c.lower == lw || bits.OnesCount64(mask^c.mask) > 2*limit {
				continue
			}
			if d := osa(lw, c.lower, limit); d > limit || d <= edits && prefixDeletesMeet(lw, c.lower) {
				continue // too far, or already found through the delete index
			}
			out = append(out, scored{id, s.cost(q, c)})
		}
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].cost != out[j].cost {
			return out[i].cost < out[j].cost
		}
		return s.cands[out[i].id].lower < s.cands[out[j].id].lower
	})
	if len(out) > limit {
		out = out[:limit]
	}
	return out
}

// Weights of the ranking, in units of one edit. They were set on a coarse
// grid (wPrior 0.45-1.0, wFirst 0.35-0.6, wCount 0.25-0.4, pTier3 0-0.2);
// every point of it scored within two points of the others on the public
// test sets, so the ranking does not hang on these exact values. Later
// changes were judged on Norvig set 1 and the aspell pairs only, keeping
// Norvig set 2 and the Wikipedia list as held-out checks. The finer SCOWL
// sizes came last: pSize10 and the size-40 prior were set on a grid
// (1.0-1.6 and 0.7-0.9) on the same two sets, where all points scored
// within three points of one another.
const (
	wPrior     = 0.7  // how much commonness counts against edits
	wSound     = 0.45 // bonus for the same phonetic key
	wFirst     = 0.6  // penalty for changing the first letter
	wCapitals  = 0.15 // penalty for suggesting a name for a lower-case word
	wOtherName = 0.2  // further penalty when the name is not a history one
	wCount     = 0.4  // weight of log10(WordNet count) in the prior
	pTier2     = 0.55 // prior of a SCOWL size-50 word (size 35 is 1)
	pTier3     = 0.2  // prior of a SCOWL size-70 word
	pSize10    = 1.2  // prior of a SCOWL size-10 or size-20 word, the commonest
)

// sizePrior refines the tier's prior with SCOWL's finer sizes: size 35 is
// the first tier (1.0), 50 the second and 70 the third, and the sizes
// between and below them grade the words further.
var sizePrior = map[uint8]float64{10: pSize10, 20: pSize10, 35: 1.0, 40: 0.8, 50: pTier2, 55: 0.45, 60: 0.35, 70: pTier3}

// query is a misspelling with what every candidate's cost needs of it.
type query struct {
	lw, key string
	ends    [maxSuggestLen + 1]uint128
}

func newQuery(lw, key string) *query {
	q := &query{lw: lw, key: key}
	confusionEnds(lw, false, &q.ends)
	return q
}

func (s *suggester) cost(q *query, c *candidate) float64 {
	lw, key := q.lw, q.key
	cost := distanceFrom(q.lw, &q.ends, c.lower) - wPrior*c.prior
	if key != "" && key == c.key {
		cost -= wSound
	}
	// People seldom get the first letter wrong, unless it is silent or a
	// consonant that sounds like another ("fone" for "phone", "rite" for
	// "write"); words that start with different vowels pay.
	if lw[0] != c.lower[0] && (key == "" || c.key == "" || key[0] != c.key[0] || key[0] == 'A') {
		cost += wFirst
	}
	if c.display != c.lower {
		cost += wCapitals
		if !c.history {
			// A name from the general lists (a place, a brand, a
			// surname) is seldom what a student meant by a lower-case
			// word; the history lexicon's names often are.
			cost += wOtherName
		}
	}
	return cost
}

// osa is the optimal string alignment distance (Damerau-Levenshtein where
// each substring is edited once) between a and b, or limit+1 as soon as it
// must exceed limit. Only the diagonal band of width 2*limit+1 is computed:
// a cell further from the diagonal already needs more than limit edits.
func osa(a, b string, limit int) int {
	n, m := len(a), len(b)
	if abs(n-m) > limit || m > maxSuggestLen || n > maxSuggestLen {
		return limit + 1
	}
	// Every cell is at most limit+1 <= maxSuggestLen+1, so bytes suffice and
	// the rows are cheap to set up.
	lim := uint8(min(limit, maxSuggestLen))
	big := lim + 1
	var buf [3][maxSuggestLen + 2]uint8
	prev2, prev, cur := buf[0][:m+2], buf[1][:m+2], buf[2][:m+2]
	for j := range prev {
		prev[j], prev2[j] = big, big
		if j <= int(lim) {
			prev[j] = uint8(j)
		}
	}
	for i := 1; i <= n; i++ {
		lo, hi := max(1, i-int(lim)), min(m, i+int(lim))
		cur[0] = big
		if i <= int(lim) {
			cur[0] = uint8(i)
		}
		if lo > 1 {
			cur[lo-1] = big
		}
		rowMin := big
		if lo == 1 {
			rowMin = cur[0]
		}
		ai := a[i-1]
		for j := lo; j <= hi; j++ {
			var cost uint8 = 1
			if ai == b[j-1] {
				cost = 0
			}
			v := min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && ai == b[j-2] && a[i-2] == b[j-1] {
				v = min(v, prev2[j-2]+1)
			}
			cur[j] = min(v, big)
			rowMin = min(rowMin, cur[j])
		}
		cur[hi+1] = big
		if rowMin > lim {
			return limit + 1
		}
		prev2, prev, cur = prev, cur, prev2
	}
	if prev[m] > lim {
		return limit + 1
	}
	return int(prev[m])
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

// substitution holds the cost of writing one letter for another, from how
// people misspell: vowels for vowels, letters that can stand for the same
// sound, and neighbouring keys on a QWERTY keyboard cost less than others.
var substitution = func() (t [26][26]float64) {
	for a := range 26 {
		for b := range 26 {
			t[a][b] = 1
		}
		t[a][a] = 0
	}
	rows := []string{"qwertyuiop", "asdfghjkl", "zxcvbnm"}
	type pos struct{ r, c int }
	at := map[byte]pos{}
	for r, row := range rows {
		for c := 0; c < len(row); c++ {
			at[row[c]] = pos{r, c}
		}
	}
	for a, pa := range at {
		for b, pb := range at {
			dr, dc := pb.r-pa.r, pb.c-pa.c
			// Rows are staggered: a key touches two above and two below.
			if dr == 0 && abs(dc) == 1 || dr == 1 && (dc == 0 || dc == -1) || dr == -1 && (dc == 0 || dc == 1) {
				t[a-'a'][b-'a'] = 0.75
			}
		}
	}
	for _, p := range []string{"ck", "cs", "sz", "iy", "gj", "fv", "ks", "qk", "xz", "mn", "td", "bp"} {
		t[p[0]-'a'][p[1]-'a'], t[p[1]-'a'][p[0]-'a'] = 0.7, 0.7
	}
	for _, a := range "aeiou" {
		for _, b := range "aeiou" {
			if a != b {
				t[a-'a'][b-'a'] = 0.6
			}
		}
	}
	return t
}()

func subCost(a, b byte) float64 {
	if a == b {
		return 0
	}
	if a < 'a' || a > 'z' || b < 'a' || b > 'z' {
		return 1
	}
	return substitution[a-'a'][b-'a']
}

// confusions are groups of letters that people write for one another because
// they sound alike or hold a silent letter, with the cost of the swap: "f"
// for "ph", "r" for "wr", "shun" for "tion". Each costs less than the single
// edits it replaces. They come from how English spelling maps to sound, not
// from any test list.
var confusions = []struct {
	x, y string
	cost float64
}{
	{"f", "ph", 0.4}, {"f", "gh", 0.5}, {"r", "wr", 0.4}, {"n", "kn", 0.4}, {"n", "gn", 0.4},
	{"s", "ps", 0.4}, {"s", "sc", 0.4}, {"w", "wh", 0.4}, {"m", "mb", 0.4}, {"m", "mn", 0.4},
	{"k", "ck", 0.4}, {"c", "ck", 0.4}, {"k", "ch", 0.5}, {"ch", "tch", 0.4}, {"ge", "dge", 0.4},
	{"j", "dg", 0.5}, {"x", "ks", 0.4}, {"x", "cks", 0.5}, {"kw", "qu", 0.5}, {"g", "gu", 0.5},
	{"sh", "ti", 0.5}, {"sh", "ci", 0.5}, {"shun", "tion", 0.4}, {"shun", "sion", 0.4},
	{"shun", "cian", 0.5}, {"zh", "si", 0.5}, {"u", "ough", 0.5}, {"o", "ough", 0.5},
	{"ow", "ough", 0.5}, {"aw", "augh", 0.5}, {"i", "igh", 0.5}, {"ite", "ight", 0.5},
	{"t", "bt", 0.4}, {"l", "le", 0.6},
}

// confusionEnds sets, for each i, bit 2k when w[:i] ends with confusions[k].x
// and bit 2k+1 when it ends with confusions[k].y; swap exchanges the two, so
// that ends(a)[i] & ends(b, swapped)[j] names the confusions that turn the
// end of a[:i] into the end of b[:j].
func confusionEnds(w string, swap bool, out *[maxSuggestLen + 1]uint128) {
	for i := 1; i <= len(w); i++ {
		var m uint128
		if c := w[i-1]; c >= 'a' && c <= 'z' {
			for _, e := range confusionsByLast[c-'a'] {
				if strings.HasSuffix(w[:i], e.s) {
					bit := e.bit
					if swap {
						bit ^= 1
					}
					m = m.set(bit)
				}
			}
		}
		out[i] = m
	}
}

// confusionsByLast lists the sides of the confusions by their last letter,
// with their bit in confusionEnds: each position of a word checks only the
// few that may end there.
var confusionsByLast = func() (t [26][]struct {
	s   string
	bit uint
}) {
	for k, c := range confusions {
		for side, str := range []string{c.x, c.y} {
			l := str[len(str)-1] - 'a'
			t[l] = append(t[l], struct {
				s   string
				bit uint
			}{str, uint(2*k + side)})
		}
	}
	return t
}()

// uint128 is a bit set of the confusions' two sides.
type uint128 struct{ lo, hi uint64 }

func (m uint128) set(b uint) uint128 {
	if b < 64 {
		m.lo |= 1 << b
	} else {
		m.hi |= 1 << (b - 64)
	}
	return m
}

func (m uint128) and(o uint128) uint128 { return uint128{m.lo & o.lo, m.hi & o.hi} }
func (m uint128) zero() bool            { return m.lo == 0 && m.hi == 0 }
func (m uint128) has(b uint) bool {
	if b < 64 {
		return m.lo&(1<<b) != 0
	}
	return m.hi&(1<<(b-64)) != 0
}

// weightedDistance is an edit distance whose costs follow how people
// misspell: doubling or undoubling a letter, swapping two neighbours,
// confusing vowels, like-sounding letters or neighbouring keys, and writing
// one group of letters for another that sounds the same (the confusions)
// cost less than other edits.
func weightedDistance(a, b string) float64 {
	if len(a) > maxSuggestLen || len(b) > maxSuggestLen {
		return float64(max(len(a), len(b)))
	}
	var endsA [maxSuggestLen + 1]uint128
	confusionEnds(a, false, &endsA)
	return distanceFrom(a, &endsA, b)
}

// distanceFrom is weightedDistance(a, b) given confusionEnds(a, false).
func distanceFrom(a string, endsA *[maxSuggestLen + 1]uint128, b string) float64 {
	n, m := len(a), len(b)
	if n > maxSuggestLen || m > maxSuggestLen {
		return float64(max(n, m))
	}
	var endsB [maxSuggestLen + 1]uint128
	confusionEnds(b, true, &endsB)
	var indelA, indelB [maxSuggestLen]float64
	for i := range n {
		indelA[i] = indelCost(a, i)
	}
	for j := range m {
		indelB[j] = indelCost(b, j)
	}
	// Five rows suffice: the longest confusion looks four rows back.
	var rows [5][maxSuggestLen + 1]float64
	r0 := &rows[0]
	for j := 1; j <= m; j++ {
		r0[j] = r0[j-1] + indelB[j-1]
	}
	for i := 1; i <= n; i++ {
		cur, prev := &rows[i%5], &rows[(i-1)%5]
		ai, da := a[i-1], indelA[i-1]
		cur[0] = prev[0] + da
		for j := 1; j <= m; j++ {
			v := min(prev[j]+da, cur[j-1]+indelB[j-1], prev[j-1]+subCost(ai, b[j-1]))
			if i > 1 && j > 1 && ai == b[j-2] && a[i-2] == b[j-1] && ai != a[i-2] {
				v = min(v, rows[(i-2)%5][j-2]+0.7)
			}
			if both := endsA[i].and(endsB[j]); !both.zero() {
				for k, c := range confusions {
					// Bit 2k: a ends with x and b with y; bit 2k+1 the reverse.
					if both.has(uint(2 * k)) {
						v = min(v, rows[(i-len(c.x))%5][j-len(c.y)]+c.cost)
					}
					if both.has(uint(2*k + 1)) {
						v = min(v, rows[(i-len(c.y))%5][j-len(c.x)]+c.cost)
					}
				}
			}
			cur[j] = v
		}
	}
	return rows[n%5][m]
}

// indelCost is the cost of inserting or deleting w[i]: cheap when it doubles
// a neighbour, a little cheaper for vowels and silent-prone letters.
func indelCost(w string, i int) float64 {
	c := w[i]
	if i > 0 && w[i-1] == c || i+1 < len(w) && w[i+1] == c {
		return 0.5
	}
	switch c {
	case 'a', 'e', 'i', 'o', 'u', 'h':
		return 0.8
	case '\'', '-':
		return 0.4
	}
	return 1
}
