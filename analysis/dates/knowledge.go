package dates

import (
	"strings"
	"time"
	"unicode"

	"github.com/clio-history/clio/analysis/history"
)

// verbGroups maps the words that say an event happened to the kind of
// happening, so "became General Secretary" finds the event named "Stalin
// appointed General Secretary" and "Lenin died" finds "Death of Lenin".
var verbGroups = func() map[string][]string {
	groups := map[string][]string{
		"appoint":   {"appoint", "appointed", "appoints", "appointment", "become", "becomes", "became", "made", "named", "elected", "promoted", "chosen"},
		"die":       {"die", "died", "dies", "death"},
		"murder":    {"murder", "murdered", "murders", "assassinated", "assassination", "assassinate", "killed"},
		"execute":   {"execution", "executed", "execute", "burned", "burnt", "beheaded", "hanged", "guillotined"},
		"expel":     {"expelled", "expel", "expels", "expulsion"},
		"deport":    {"deported", "deport", "deports", "deportation"},
		"exile":     {"exiled", "exile", "exiles"},
		"remove":    {"removed", "remove", "removes", "removal", "dismissed", "sacked", "ousted", "lost"},
		"replace":   {"replaces", "replaced", "replace", "succeeded"},
		"proclaim":  {"proclaims", "proclaimed", "proclaim", "proclamation", "announced"},
		"publish":   {"publishes", "published", "publish", "publication"},
		"dictate":   {"dictates", "dictated", "dictate"},
		"return":    {"returns", "returned", "return", "arrived", "arrival"},
		"abdicate":  {"abdication", "abdicated", "abdicate", "abdicates"},
		"found":     {"foundation", "founded", "founding", "established", "establishment", "created", "creation"},
		"dissolve":  {"dissolution", "dissolved", "dissolve", "disbanded", "closed"},
		"form":      {"formation", "formed", "form", "created", "creation", "established"},
		"introduce": {"introduced", "introduce", "introduces", "introduction", "launched", "adopted"},
		"adopt":     {"adopted", "adopt", "adopts", "adoption", "introduced"},
		"ban":       {"banned", "ban", "bans"},
		"invade":    {"invasion", "invaded", "invade", "invades"},
		"sign":      {"signed", "signing"},
		"suppress":  {"suppression", "suppressed", "kept"},
		"born":      {"born", "birth"},
		"storm":     {"storming", "stormed", "storm", "storms"},
		"fall":      {"fall", "fell", "fallen", "falls"},
	}
	out := map[string][]string{}
	for g, words := range groups {
		for _, w := range words {
			out[w] = append(out[w], g)
		}
	}
	return out
}()

var nameStopWords = set("the", "of", "a", "an", "by", "to", "from", "as", "and", "in", "on", "for",
	"his", "her", "its", "their", "with", "at", "s", "into", "up")

// variant is one way of saying an event happened: the people who must be
// its subject, the kinds of happening, and the other words that must appear.
type variant struct {
	persons []string // person ids; empty for events with no one named
	// personOptional: the person was not in the name, so a passive with no
	// one named also tells the event ("the Cheka was founded").
	personOptional bool
	verbs          []string
	objects        []string // lower-case words
}

// fact is a dated event (or a person's birth or death) to check dates against.
type fact struct {
	id, name string
	first    time.Time
	last     time.Time
	prec     history.Precision
	birth    bool // births are checked with a year's tolerance
	// startLast and endFirst bound the first and last dates of a range, for
	// "began in" and "ended in".
	startLast, endFirst time.Time
	variants            []variant
	deathOfWho          string // person id, for deaths
}

// knowledge is a pack indexed for checking.
type knowledge struct {
	pack    *history.Pack
	facts   []*fact
	byEvent map[string]*fact
	byVerb  map[string][]*factVariant
	// oldStyle: the pack's notes say its dates may be written Old Style
	// (Julian) as well as New Style.
	oldStyle bool
}

type factVariant struct {
	f *fact
	v *variant
}

func words(s string) []string {
	return strings.FieldsFunc(strings.ToLower(s), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	})
}

func newKnowledge(p *history.Pack) *knowledge {
	k := &knowledge{pack: p, byEvent: map[string]*fact{}, byVerb: map[string][]*factVariant{}}
	for _, n := range p.Notes {
		k.oldStyle = k.oldStyle || strings.Contains(n, "Old Style")
	}
	// Which words name which person.
	personWords := map[string]string{}
	for _, per := range p.People {
		for _, n := range append([]string{per.Name}, per.Variants...) {
			ws := words(n)
			if len(ws) > 0 {
				personWords[ws[len(ws)-1]] = per.ID
			}
		}
	}
	for i := range p.Events {
		ev := &p.Events[i]
		if ev.When.IsZero() {
			continue
		}
		f := &fact{id: ev.ID, name: ev.Name, first: ev.When.First(), last: ev.When.Last(), prec: ev.When.Precision,
			startLast: ev.When.From.Last(), endFirst: ev.When.To.First()}
		if ev.When.Precision == history.PrecisionDecade {
			f.startLast, f.endFirst = f.last, f.first
		}
		for _, n := range append([]string{ev.Name}, ev.Aliases...) {
			var v variant
			ws := words(n)
			// "Stalin's death" is Stalin's; "Lenin's Testament kept from the
			// Party" is about Lenin's document, not Lenin.
			nominalVerb := false
			for _, w := range ws {
				if verbGroups[w] != nil && nominal(w) {
					nominalVerb = true
				}
			}
			for j, w := range ws {
				possessive := j+1 < len(ws) && ws[j+1] == "s"
				switch {
				case personWords[w] != "" && (!possessive || nominalVerb):
					v.persons = appendUnique(v.persons, personWords[w])
				case verbGroups[w] != nil && len(v.verbs) == 0:
					v.verbs = verbGroups[w]
				case nameStopWords[w]:
				default:
					v.objects = append(v.objects, w)
				}
			}
			if len(v.verbs) == 0 {
				continue
			}
			if len(v.persons) == 0 && len(ev.People) > 0 && len(v.objects) > 0 {
				v.persons, v.personOptional = []string{ev.People[0]}, true
			}
			f.variants = append(f.variants, v)
		}
		k.add(f)
		k.byEvent[ev.ID] = f
	}
	for i := range p.People {
		per := &p.People[i]
		if !per.Died.IsZero() {
			k.add(&fact{id: per.ID + "#death", name: "Death of " + per.Name, first: per.Died.First(), last: per.Died.Last(),
				prec: per.Died.Precision(), deathOfWho: per.ID,
				variants: []variant{{persons: []string{per.ID}, verbs: []string{"die", "execute", "murder"}}}})
		}
		if !per.Born.IsZero() {
			k.add(&fact{id: per.ID + "#birth", name: "Birth of " + per.Name, first: per.Born.First(), last: per.Born.Last(),
				prec: per.Born.Precision(), birth: true,
				variants: []variant{{persons: []string{per.ID}, verbs: []string{"born"}}}})
		}
	}
	return k
}

func (k *knowledge) add(f *fact) {
	k.facts = append(k.facts, f)
	for i := range f.variants {
		v := &f.variants[i]
		for _, g := range v.verbs {
			k.byVerb[g] = append(k.byVerb[g], &factVariant{f: f, v: v})
		}
	}
}

func appendUnique(list []string, s string) []string {
	for _, x := range list {
		if x == s {
			return list
		}
	}
	return append(list, s)
}

// julianGap is the number of days the Julian calendar ran behind the
// Gregorian at t; dates before Russia's change (14 February 1918) may be
// written in either calendar, so checks allow that much either way.
func julianGap(t time.Time) int {
	switch y := t.Year(); {
	case t.After(time.Date(1918, 2, 13, 0, 0, 0, 0, time.UTC)) || y < 1582:
		return 0
	case y < 1700:
		return 10
	case y < 1800:
		return 11
	case y < 1900:
		return 12
	}
	return 13
}
