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
		"crown":     {"crowned", "coronation", "crowns", "crown", "accession", "acceded", "succeeded", "inherited", "ascended"},
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
		"marry":     {"marriage", "married", "marries", "marry", "wed", "wedded", "wedding"},
		"land":      {"landed", "lands", "landing", "land"},
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
	// startPrec and endPrec are the precisions of the two ends of an
	// event's span: a start dated to the day is a moment, one dated to a
	// month or a year may be a phase.
	startPrec, endPrec history.Precision
	variants           []variant
	deathOfWho         string // person id, for deaths
	// office and person are set for the start of an office.
	office *history.Office
	person *history.Person
	// number is the ordinal in an event's name ("11th Party Congress" is
	// 11), and series the name without it ("party congress"): events of one
	// series with different numbers tell a wrong number from a wrong year.
	number int
	series string
	// aboutForce: the event's name or an alias is itself about coming into
	// force or ratification ("Ratification of the Treaty"), so a clause
	// saying so is about it.
	aboutForce bool
	// inForce is the date the event came into force, when the pack records
	// one apart from its signing.
	inForce *fact
}

// inForceSuffix marks the id of an event's coming into force.
const inForceSuffix = "#in-force"

// knowledge is a pack indexed for checking.
type knowledge struct {
	pack    *history.Pack
	facts   []*fact
	byEvent map[string]*fact
	byVerb  map[string][]*factVariant
	// series are the numbered events by series ("party congress": the 8th
	// to the 19th).
	series map[string][]*fact
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
	k := &knowledge{pack: p, byEvent: map[string]*fact{}, byVerb: map[string][]*factVariant{}, series: map[string][]*fact{}}
	for _, n := range p.Notes {
		k.oldStyle = k.oldStyle || strings.Contains(n, "Old Style")
	}
	for i := range p.Events {
		ev := &p.Events[i]
		if ev.When.IsZero() {
			continue
		}
		f := &fact{id: ev.ID, name: ev.Name, first: ev.When.First(), last: ev.When.Last(), prec: ev.When.Precision,
			startLast: ev.When.From.Last(), endFirst: ev.When.To.First(),
			startPrec: ev.When.From.Precision(), endPrec: ev.When.To.Precision()}
		if ev.When.Precision == history.PrecisionDecade {
			f.startLast, f.endFirst = f.last, f.first
		}
		for _, n := range append([]string{ev.Name}, ev.Aliases...) {
			var v variant
			ws, who := nameWords(p, n)
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
				case who[j] == "-":
					// another word of the person's name
				case who[j] != "":
					if !possessive || nominalVerb {
						v.persons = appendUnique(v.persons, who[j])
					}
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
		for _, n := range append([]string{ev.Name}, ev.Aliases...) {
			for _, w := range words(n) {
				f.aboutForce = f.aboutForce || forceWords[w]
			}
		}
		if !ev.InForce.IsZero() {
			f.inForce = &fact{id: ev.ID + inForceSuffix, name: ev.Name + " comes into force",
				first: ev.InForce.First(), last: ev.InForce.Last(), prec: ev.InForce.Precision,
				startLast: ev.InForce.From.Last(), endFirst: ev.InForce.To.First(), aboutForce: true}
		}
		f.number, f.series = ordinalIn(ev.Name)
		k.add(f)
		k.byEvent[ev.ID] = f
		if f.number > 0 {
			k.series[f.series] = append(k.series[f.series], f)
		}
	}
	for i := range p.People {
		per := &p.People[i]
		k.addOffices(per)
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

// addOffices makes the start of each of a person's offices a fact: "Edward
// VI became King of England in 1547", "Yezhov became head of the NKVD in
// 1936". The words of the title before "of" must be in the clause ("became
// king"); when two of the person's offices share them (Philip II, King of
// Spain and King of England), the whole title must be.
func (k *knowledge) addOffices(per *history.Person) {
	heads := map[string]int{}
	for _, o := range per.Offices {
		heads[strings.Join(titleHead(o.Title), " ")]++
	}
	for j, o := range per.Offices {
		objects := titleHead(o.Title)
		if heads[strings.Join(objects, " ")] > 1 {
			objects = nil
			for _, w := range words(o.Title) {
				if !nameStopWords[w] {
					objects = append(objects, w)
				}
			}
		}
		if len(objects) == 0 {
			continue
		}
		verbs := []string{"appoint"}
		if monarchTitle(objects[0]) {
			verbs = append(verbs, "crown")
		}
		vs := []variant{{persons: []string{per.ID}, verbs: verbs, objects: objects}}
		if monarchTitle(objects[0]) && heads[strings.Join(titleHead(o.Title), " ")] == 1 {
			// "Nicholas II inherited the throne", "came to the throne".
			vs = append(vs, variant{persons: []string{per.ID}, verbs: []string{"crown"}, objects: []string{"throne"}})
		}
		k.add(&fact{id: per.ID + "#office" + itoa(j), name: per.Name + " becomes " + o.Title,
			first: o.From.First(), last: o.From.Last(), prec: o.From.Precision(),
			startLast: o.From.Last(), endFirst: o.From.First(), office: &per.Offices[j], person: per,
			variants: vs})
	}
}

// titleHead is the words of an office's title before "of" ("King of
// England" is "king"; "General Secretary" is "general secretary").
func titleHead(title string) []string {
	var out []string
	for _, w := range words(title) {
		if w == "of" {
			break
		}
		if !nameStopWords[w] {
			out = append(out, w)
		}
	}
	return out
}

func monarchTitle(w string) bool {
	switch w {
	case "king", "queen", "emperor", "empress", "tsar", "pope":
		return true
	}
	return false
}

// nameWords splits an event's name into lower-case words and says which
// name a person of the pack: who[j] is the person's id on the last word of
// their name as the pack's matcher finds it (regnal numbers exact: "Edward
// VI" is not the pack's "Edward IV"), "-" on its other words, "" elsewhere.
func nameWords(p *history.Pack, name string) ([]string, []string) {
	type span struct{ start, end int }
	var ws []string
	var spans []span
	start := -1
	for i, r := range name + " " {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			if start < 0 {
				start = i
			}
			continue
		}
		if start >= 0 {
			ws = append(ws, strings.ToLower(name[start:i]))
			spans = append(spans, span{start, i})
			start = -1
		}
	}
	who := make([]string, len(ws))
	for _, m := range p.PeopleText(name) {
		last := -1
		for j, sp := range spans {
			if sp.start >= m.Start && sp.end <= m.End {
				who[j] = "-"
				last = j
			}
		}
		if last >= 0 {
			who[last] = m.ID
		}
	}
	return ws, who
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

// ordinalIn finds an ordinal in an event's name ("11th Party Congress",
// "Second Five-Year Plan") and returns it with the rest of the name, lower
// case, as the series; 0 when there is none.
func ordinalIn(name string) (int, string) {
	ws := words(name)
	for i, w := range ws {
		n := ordinalWords[w]
		if n == 0 {
			n = ordinalDigits(w)
		}
		if n > 0 {
			rest := append(append([]string(nil), ws[:i]...), ws[i+1:]...)
			return n, strings.Join(rest, " ")
		}
	}
	return 0, ""
}

// ordinalDigits reads "11th", "2nd", "23rd", "1st"; 0 otherwise.
func ordinalDigits(w string) int {
	if len(w) < 3 || len(w) > 5 {
		return 0
	}
	suf := w[len(w)-2:]
	if suf != "st" && suf != "nd" && suf != "rd" && suf != "th" {
		return 0
	}
	n := 0
	for _, c := range w[:len(w)-2] {
		if c < '0' || c > '9' {
			return 0
		}
		n = n*10 + int(c-'0')
	}
	return n
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
