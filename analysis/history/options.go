package history

import (
	_ "embed"
	"fmt"
	"sort"
)

// Option is an exam board's option that several packs serve together
// (AQA's "Tsarist and Communist Russia, 1855–1964" is three packs). Detection
// picks one pack; a question whose years reach beyond it also gets the
// option's packs those years overlap.
type Option struct {
	ID    string   `json:"id"`
	Board string   `json:"board"`
	Title string   `json:"title"`
	Packs []string `json:"packs"`
}

//go:embed options.json
var optionsJSON []byte

// Options returns the exam options whose packs are loaded (at least one).
func (l *Library) Options() []*Option { return l.options }

// loadOptions reads the options file; packs not loaded are left out of each
// option, so an option may name packs still to be written.
func (l *Library) loadOptions(data []byte) error {
	var raw struct {
		Notes   []string `json:"notes"`
		Options []Option `json:"options"`
	}
	if err := strict(data, &raw); err != nil {
		field, msg := jsonMsg(data, err)
		return &PackError{File: "options.json", Field: field, Msg: msg}
	}
	seen := map[string]bool{}
	for i, o := range raw.Options {
		entry := entryName("options", i, o.ID)
		switch {
		case !idPattern.MatchString(o.ID) || seen[o.ID]:
			return &PackError{File: "options.json", Entry: entry, Field: "id", Msg: fmt.Sprintf("%q must be a unique id", o.ID)}
		case o.Board == "" || o.Title == "":
			return &PackError{File: "options.json", Entry: entry, Field: "title", Msg: "an option needs a board and a title"}
		case len(o.Packs) == 0:
			return &PackError{File: "options.json", Entry: entry, Field: "packs", Msg: "an option needs at least one pack"}
		}
		seen[o.ID] = true
		var loaded []string
		for _, id := range o.Packs {
			if _, ok := l.byID[id]; ok {
				loaded = append(loaded, id)
			}
		}
		if len(loaded) > 0 {
			o.Packs = loaded
			l.options = append(l.options, &o)
		}
	}
	return nil
}

// optionPacks returns d.Pack and, when the question's years reach beyond its
// period, the packs of its option that those years overlap, in date order
// after d.Pack, and the option when more than one pack applies. Of several
// options with d.Pack, the one whose own years (in its title, "Russia,
// 1917–91") are closest to the question's is used, then the one with more
// packs the question's years reach.
func (l *Library) optionPacks(d Detection, qFrom, qTo int, hasYears bool) ([]*Pack, *Option) {
	out := []*Pack{d.Pack}
	if !hasYears || (qFrom >= d.Pack.Period.From && qTo <= d.Pack.Period.To) {
		return out, nil
	}
	var bestOpt *Option
	var best []*Pack
	bestGap := 0
	for _, o := range l.options {
		var ps []*Pack
		has := false
		for _, id := range o.Packs {
			p := l.byID[id]
			if p == d.Pack {
				has = true
				continue
			}
			if p.Period.From <= qTo && p.Period.To >= qFrom {
				ps = append(ps, p)
			}
		}
		if !has || len(ps) == 0 {
			continue
		}
		gap := 1 << 20
		if from, to, ok := titleYears(o.Title); ok {
			gap = abs(from-qFrom) + abs(to-qTo)
		}
		if bestOpt == nil || gap < bestGap || (gap == bestGap && len(ps) > len(best)) {
			bestOpt, best, bestGap = o, ps, gap
		}
	}
	if bestOpt == nil {
		return out, nil
	}
	sort.SliceStable(best, func(i, j int) bool { return best[i].Period.From < best[j].Period.From })
	return append(out, best...), bestOpt
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

// titleYears reads the span of years in an option's title: "1855–1964",
// "1917–91", "c1945–1991".
func titleYears(title string) (from, to int, ok bool) {
	ys := questionYears(textPieces(title, nil))
	if len(ys) < 2 {
		return 0, 0, false
	}
	return ys[0], ys[len(ys)-1], true
}
