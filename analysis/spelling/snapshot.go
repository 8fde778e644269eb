package spelling

import (
	_ "embed"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/fnv"
	"math"
	"slices"
	"sync"
	"unsafe"
)

// The snapshot is the dictionary and suggestion index the standard engine
// uses (the word lists, the history lexicon and the topic packs' names),
// built at `go generate` time (TestSnapshotUpToDate -update) and embedded
// read-only, so that a process's first essay does not pay the 1.2 s of CPU
// that parsing the word lists and hashing every word's deletes take. It is
// used only when an Analyzer is asked for exactly the names it was built
// with; any other set of names is built from the word lists as before.
// TestSnapshotUpToDate fails when the snapshot no longer matches what the
// word lists, the lexicon and the packs build.
//
//go:generate go test . -run TestSnapshotUpToDate -update
//go:embed data/snapshot.bin
var snapshotData string

// snapshotMagic opens the format; a change of layout changes it.
const snapshotMagic = "clio-spelling-snapshot-2\n"

// snapshot is the decoded form: a dictionary that stands alone (base nil)
// and its suggester.
type snapshot struct {
	namesHash uint64
	dict      *dictionary
	// sugg waits for the suggestion index, decoded in the background.
	sugg func() (*suggester, error)
}

// loadSnapshot decodes the embedded snapshot once per process.
var loadSnapshot = sync.OnceValues(func() (*snapshot, error) {
	return decodeSnapshot(snapshotData)
})

// suggester is the snapshot's suggestion index. A damaged index (which
// TestSnapshotUpToDate would catch) suggests nothing rather than failing
// every essay.
func (sn *snapshot) suggester() *suggester {
	s, err := sn.sugg()
	if err != nil {
		return &suggester{}
	}
	return s
}

// Preload decodes the embedded dictionary and suggestion index, so that a
// caller can do it on another core while it loads something else.
func Preload() { _, _ = loadSnapshot() }

// namesHash identifies a list of extra names, in order.
func namesHash(names []string) uint64 {
	h := fnv.New64a()
	for _, n := range names {
		h.Write([]byte(n))
		h.Write([]byte{0})
	}
	return h.Sum64()
}

// encodeSnapshot writes d (built with the names whose hash is nh) and s.
func encodeSnapshot(nh uint64, d *dictionary, s *suggester) []byte {
	e := &encoder{b: []byte(snapshotMagic)}
	e.u64(nh)
	e.u32(uint32(d.lexiconEntries))
	keys := make([]string, 0, len(d.words))
	for k := range d.words {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	e.u32(uint32(len(keys)))
	for _, k := range keys {
		wi := d.words[k]
		e.str(k)
		e.str(wi.Display)
		var flags uint8
		if wi.HasLower {
			flags |= 1
		}
		if wi.Name {
			flags |= 2
		}
		e.b = append(e.b, flags, wi.Tier, wi.Loc, wi.Size)
		e.u32(wi.Count)
	}
	for _, m := range []map[string]string{d.toGB, d.toUS, d.capitals} {
		e.strMap(m)
	}
	e.u32(uint32(len(s.cands)))
	for _, c := range s.cands {
		e.u64(c.mask)
		e.str(c.lower)
		e.str(c.display)
		e.str(c.key)
		e.u64(math.Float64bits(c.prior))
		if c.history {
			e.b = append(e.b, 1)
		} else {
			e.b = append(e.b, 0)
		}
	}
	e.u32s(s.deletes)
	e.u32s(s.buckets)
	for _, x := range []keyIndex{s.sounds, s.coarse} {
		e.u32s(x.buckets)
		e.u64s(x.entries)
	}
	return e.b
}

var errSnapshot = errors.New("spelling: malformed snapshot")

// decodeSnapshot reads what encodeSnapshot wrote. Its strings are slices of
// data, which is read-only and lives as long as the process.
func decodeSnapshot(data string) (*snapshot, error) {
	if len(data) < len(snapshotMagic) || data[:len(snapshotMagic)] != snapshotMagic {
		return nil, fmt.Errorf("%w: wrong header", errSnapshot)
	}
	r := &decoder{s: data, off: len(snapshotMagic)}
	sn := &snapshot{namesHash: r.u64()}
	d := &dictionary{lexiconEntries: int(r.u32())}
	n := r.count(10)
	d.words = make(map[string]*wordInfo, n)
	d.slab = make([]wordInfo, n)
	for i := range n {
		k := r.str()
		wi := &d.slab[i]
		wi.Display = r.str()
		flags, tier, loc, size := r.u8(), r.u8(), r.u8(), r.u8()
		wi.HasLower, wi.Name, wi.Tier, wi.Loc, wi.Size = flags&1 != 0, flags&2 != 0, tier, loc, size
		wi.Count = r.u32()
		d.words[k] = wi
	}
	d.toGB, d.toUS, d.capitals = r.strMap(), r.strMap(), r.strMap()
	if r.err != nil {
		return nil, r.err
	}
	// The suggestion index is needed only for an unknown word: it decodes
	// on another core while the essay is parsed and tagged.
	rest := &decoder{s: r.s, off: r.off}
	sugg := sync.OnceValues(func() (*suggester, error) { return rest.suggester() })
	go sugg()
	sn.dict, sn.sugg = d, sugg
	return sn, nil
}

// suggester decodes the suggestion index, the snapshot's second part.
func (r *decoder) suggester() (*suggester, error) {
	s := &suggester{cands: make([]candidate, r.count(33))}
	for i := range s.cands {
		c := &s.cands[i]
		c.mask = r.u64()
		c.lower, c.display, c.key = r.str(), r.str(), r.str()
		c.prior = math.Float64frombits(r.u64())
		c.history = r.u8() != 0
	}
	s.deletes, s.buckets = r.u32s(), r.u32s()
	s.sounds.buckets, s.sounds.entries = r.u32s(), r.u64s()
	s.coarse.buckets, s.coarse.entries = r.u32s(), r.u64s()
	if r.err != nil {
		return nil, r.err
	}
	if r.off != len(r.s) {
		return nil, fmt.Errorf("%w: %d bytes left over", errSnapshot, len(r.s)-r.off)
	}
	return s, nil
}

type encoder struct{ b []byte }

func (e *encoder) u32(v uint32) { e.b = binary.LittleEndian.AppendUint32(e.b, v) }
func (e *encoder) u64(v uint64) { e.b = binary.LittleEndian.AppendUint64(e.b, v) }
func (e *encoder) str(s string) { e.u32(uint32(len(s))); e.b = append(e.b, s...) }

func (e *encoder) strMap(m map[string]string) {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	e.u32(uint32(len(keys)))
	for _, k := range keys {
		e.str(k)
		e.str(m[k])
	}
}

// pad aligns the next array to 8 bytes from the snapshot's start, so that
// it can be used in place (see decoder.u32s).
func (e *encoder) pad() {
	for len(e.b)%8 != 0 {
		e.b = append(e.b, 0)
	}
}

func (e *encoder) u32s(v []uint32) {
	e.u32(uint32(len(v)))
	e.pad()
	for _, x := range v {
		e.u32(x)
	}
}

func (e *encoder) u64s(v []uint64) {
	e.u32(uint32(len(v)))
	e.pad()
	for _, x := range v {
		e.u64(x)
	}
}

// decoder reads the snapshot; the first error sticks and later reads return
// zeros, so a truncated snapshot is an error, never a panic.
type decoder struct {
	s   string
	off int
	err error
}

func (r *decoder) take(n int) string {
	if r.err != nil || n < 0 || n > len(r.s)-r.off {
		if r.err == nil {
			r.err = fmt.Errorf("%w: truncated at byte %d", errSnapshot, r.off)
		}
		return ""
	}
	v := r.s[r.off : r.off+n]
	r.off += n
	return v
}

func (r *decoder) u8() uint8 {
	if v := r.take(1); v != "" {
		return v[0]
	}
	return 0
}

func (r *decoder) u32() uint32 {
	v := r.take(4)
	if len(v) < 4 {
		return 0
	}
	return uint32(v[0]) | uint32(v[1])<<8 | uint32(v[2])<<16 | uint32(v[3])<<24
}

func (r *decoder) u64() uint64 { return uint64(r.u32()) | uint64(r.u32())<<32 }

func (r *decoder) str() string { return r.take(int(r.u32())) }

// count reads a length and checks that at least minBytes bytes for each
// element remain, so a corrupt length cannot ask for a huge allocation.
func (r *decoder) count(minBytes int) int {
	n := int(r.u32())
	if r.err == nil && n*minBytes > len(r.s)-r.off {
		r.err = fmt.Errorf("%w: %d elements cannot fit at byte %d", errSnapshot, n, r.off)
		return 0
	}
	return n
}

func (r *decoder) strMap() map[string]string {
	n := r.count(8)
	m := make(map[string]string, n)
	for range n {
		k := r.str()
		m[k] = r.str()
	}
	return m
}

// align skips the padding encoder.pad wrote.
func (r *decoder) align() { r.take((8 - r.off%8) % 8) }

// The index arrays are used where they lie in the embedded snapshot when the
// machine is little-endian and the array is aligned, as it is on the
// platforms Go supports: nothing is copied, and the pages are read from the
// binary only when a lookup touches them. They are never written. Otherwise
// they are decoded into the heap.
func (r *decoder) u32s() []uint32 {
	n := r.count(4)
	r.align()
	raw := r.take(4 * n)
	if r.err != nil || n == 0 {
		return nil
	}
	if p := unsafe.StringData(raw); littleEndian && uintptr(unsafe.Pointer(p))%4 == 0 {
		return unsafe.Slice((*uint32)(unsafe.Pointer(p)), n)
	}
	out := make([]uint32, n)
	for i := range out {
		j := 4 * i
		out[i] = uint32(raw[j]) | uint32(raw[j+1])<<8 | uint32(raw[j+2])<<16 | uint32(raw[j+3])<<24
	}
	return out
}

func (r *decoder) u64s() []uint64 {
	n := r.count(8)
	r.align()
	raw := r.take(8 * n)
	if r.err != nil || n == 0 {
		return nil
	}
	if p := unsafe.StringData(raw); littleEndian && uintptr(unsafe.Pointer(p))%8 == 0 {
		return unsafe.Slice((*uint64)(unsafe.Pointer(p)), n)
	}
	out := make([]uint64, n)
	for i := range out {
		j := 8 * i
		out[i] = uint64(raw[j]) | uint64(raw[j+1])<<8 | uint64(raw[j+2])<<16 | uint64(raw[j+3])<<24 |
			uint64(raw[j+4])<<32 | uint64(raw[j+5])<<40 | uint64(raw[j+6])<<48 | uint64(raw[j+7])<<56
	}
	return out
}

// littleEndian reports the machine's byte order.
var littleEndian = func() bool {
	x := uint16(1)
	return *(*byte)(unsafe.Pointer(&x)) == 1
}()
