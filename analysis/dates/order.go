package dates

import "github.com/clio-history/clio/analysis/history"

// maxCauseDepth is how many links of the pack's chains of causes are
// followed: the Tennis Court Oath follows the opening of the Estates-General
// by way of the National Assembly.
const maxCauseDepth = 3

// orderError is a date that puts a pack event before one of its causes, as
// the essay itself dates that cause.
type orderError struct {
	Expr  int // the effect's date (index into the expressions)
	Cause int // the cause's date
	Event history.Event
	By    history.Event // the cause
}

// ancestors lists the causes of event id, their causes and so on, up to
// maxCauseDepth links, nearest first, each once.
func (k *knowledge) ancestors(id string) []string {
	seen := map[string]bool{id: true}
	var out []string
	level := []string{id}
	for d := 0; d < maxCauseDepth && len(level) > 0; d++ {
		var next []string
		for _, e := range level {
			ev, ok := k.pack.Event(e)
			if !ok {
				continue
			}
			for _, c := range ev.Causes {
				if !seen[c] {
					seen[c] = true
					out = append(out, c)
					next = append(next, c)
				}
			}
		}
		level = next
	}
	return out
}

// orderable reports whether e is a date the essay gives for when an event
// happened, plainly ("in 1789", not "by", "before", "c." or worked out from
// context), so that two of them can be compared.
func orderable(e *Expr, c dateCheck) bool {
	return c.Fact != nil && checkable(e) && e.Relation == At && !e.Approximate
}

// orderErrors finds the dates that put an event before the essay's own date
// for one of its causes. A cause's date counts only when it is right by the
// pack and says when the cause began (the event is a single day, month or
// year, or the sentence says it began), so "the Great Patriotic War in 1944"
// never makes Victory Day early; the effect must not begin before the cause
// in the pack (its latest possible start is not before the cause's earliest
// start: "July 1789" for the Great Fear may follow 14 July). When the essay gives an event more than one date (Old and New
// Style, say) the most lenient pair is compared: the effect's date must end
// before the earliest date given for the cause, and no date the essay gives
// the effect may come at or after it. Each effect date is reported once,
// against its nearest such cause.
func (k *knowledge) orderErrors(exprs []Expr, checks []dateCheck) []orderError {
	starts := map[string]int{} // event id -> its earliest start date
	latest := map[string]int{} // event id -> its latest date
	for i := range exprs {
		e, c := &exprs[i], checks[i]
		if !orderable(e, c) {
			continue
		}
		if j, ok := latest[c.Fact.ID]; !ok || e.To.After(exprs[j].To) {
			latest[c.Fact.ID] = i
		}
		if c.Verdict != VerdictConsistent || c.phase == 'e' {
			continue
		}
		ev, ok := k.pack.Event(c.Fact.ID)
		if !ok || (ev.When.From != ev.When.To && c.phase != 'b') {
			continue
		}
		if j, ok := starts[ev.ID]; !ok || e.From.Before(exprs[j].From) {
			starts[ev.ID] = i
		}
	}
	if len(starts) == 0 {
		return nil
	}
	var out []orderError
	anc := map[string][]string{}
	for i := range exprs {
		e, c := &exprs[i], checks[i]
		if !orderable(e, c) || (c.Verdict != VerdictConsistent && c.Verdict != VerdictConflict) {
			continue
		}
		ev, ok := k.pack.Event(c.Fact.ID)
		if !ok {
			continue
		}
		if _, ok := anc[ev.ID]; !ok {
			anc[ev.ID] = k.ancestors(ev.ID)
		}
		last := &exprs[latest[ev.ID]]
		for _, id := range anc[ev.ID] {
			j, ok := starts[id]
			if !ok || !last.To.Before(exprs[j].From) {
				continue
			}
			cause, ok := k.pack.Event(id)
			if !ok || ev.When.From.Last().Before(cause.When.First()) {
				continue
			}
			out = append(out, orderError{Expr: i, Cause: j, Event: *ev, By: *cause})
			break
		}
	}
	return out
}

// calendarGap reports whether the order would come right if one of the two
// dates were moved by the Julian calendar's lag: in a topic whose pack has
// Old Style dates (Russia before 1918) the essay has then most likely mixed
// Old and New Style dates.
func calendarGap(effect, cause *Expr) bool {
	g := julianGap(cause.From)
	return g > 0 && !effect.To.AddDate(0, 0, g).Before(cause.From)
}
