package history

// combined is one matcher over the names of every pack of a Library, so that
// detection reads a text once for all packs rather than once per pack. Each
// of its patterns lists the packs that know the name, with each pack's own
// pattern; scan gives every pack exactly the leftmost-longest matches its
// own matcher would give.
type combined struct {
	m   *matcher // refs index per
	per []packPattern
	n   int // packs
}

// packPattern is one pack's pattern behind a combined one.
type packPattern struct {
	pack int // index in Library.packs
	pt   *pattern
}

// hit is a match of one pack's pattern at ps[i : i+n].
type hit struct {
	pt   *pattern
	i, n int32
}

func newCombined(packs []*Pack, v *vocab) *combined {
	c := &combined{m: newMatcher(), n: len(packs)}
	for pi, p := range packs {
		for _, pt := range p.index.all {
			c.per = append(c.per, packPattern{pack: pi, pt: pt})
			c.m.addKeys(pt.keys, pt.cs, int32(len(c.per)-1))
		}
	}
	c.m.finish()
	c.m.bind(v)
	return c
}

// scan finds every pack's matches in ps (split with voc) in one pass and
// appends them to out[pack], in text order. A pack's match is the longest of
// its patterns that starts at a piece not inside its previous match, as in
// matcher.scanIndex: a longer name another pack knows does not hide it.
func (c *combined) scan(ps []piece, voc *vocab, out [][]hit) {
	// next[k] is the first piece after pack k's last match; tried[k] is 1 +
	// the last piece where pack k's longest pattern was found.
	state := make([]int32, 2*c.n)
	next, tried := state[:c.n], state[c.n:]
	for i := range ps {
		if k := ps[i].key; len(k) == 1 && (k == unknownKey || k == barrierKey || k == ",") {
			continue
		}
		for _, pt := range c.m.candidates(ps[i], voc) {
			n := len(pt.keys)
			if i+n > len(ps) {
				continue
			}
			ok := true
			for k := 1; k < n; k++ {
				if ps[i+k].key != pt.keys[k] {
					ok = false
					break
				}
			}
			if !ok {
				continue
			}
			regnal := otherRegnal(ps, i, pt)
			for _, r := range pt.refs {
				pp := c.per[r]
				if next[pp.pack] > int32(i) || tried[pp.pack] == int32(i)+1 || (pp.pt.cs && !ps[i].upper) {
					continue
				}
				tried[pp.pack] = int32(i) + 1
				if regnal {
					// "Edward" of "Edward IV": another king; the
					// pack's shorter names are not tried here.
					continue
				}
				out[pp.pack] = append(out[pp.pack], hit{pt: pp.pt, i: int32(i), n: int32(n)})
				next[pp.pack] = int32(i + n)
			}
		}
	}
}
