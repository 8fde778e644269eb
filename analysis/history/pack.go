package history

import (
	"sort"

	"github.com/clio-history/clio/analysis"
)

// Pack is the knowledge of one topic (or, for Kind "guide", of one skill such
// as historiography). It is read-only once loaded and safe to share.
type Pack struct {
	ID    string `json:"id"`
	Title string `json:"title"`
	// Kind is "topic" (a course topic) or "guide" (a skill that applies to
	// every topic, such as historiography). Detect prefers topics.
	Kind string `json:"kind"`
	// Period is the span of years the topic covers.
	Period analysis.Period `json:"period"`
	// Notes are for readers of the pack: scope, calendar conventions, sources.
	Notes         []string        `json:"notes,omitempty"`
	People        []Person        `json:"people"`
	Events        []Event         `json:"events"`
	Organisations []Entity        `json:"organisations"`
	Places        []Entity        `json:"places"`
	Terms         []Term          `json:"terms"`
	Historians    []Historian     `json:"historians"`
	Questions     []QuestionGuide `json:"questions"`

	file     string
	byID     map[string]map[Kind]int
	index    *matcher
	weights  []float64            // by ref of index: how central the entry is to the pack, for Detect
	qWeights []float64            // weights for reading a question (questionCentrality)
	people   *matcher             // the people's names alone
	share    map[*pattern]float64 // the pack's share of a name other topic packs know too, for Detect
	geo      map[string]bool      // the countries and peoples its names use, for Detect
	own      map[string]bool      // the countries and peoples its title names, for Detect
	factors  map[string]*matcher  // question id -> its signals
	guideDF  map[string]int       // content word -> number of guides using it
	vocab    *vocab               // every word of every name (shared by a Library's packs)
}

// Person is someone a student of the topic meets.
type Person struct {
	ID   string `json:"id"`
	Name string `json:"name"`
	// Variants are the other spellings and short forms to accept
	// ("Stalin", "Zinovyev").
	Variants []string `json:"variants,omitempty"`
	Roles    []string `json:"roles,omitempty"`
	// Born and Died are zero when not known.
	Born Date `json:"born,omitzero"`
	Died Date `json:"died,omitzero"`
	// Offices are the posts and reigns the person held, with their dates:
	// what the date checks compare "became General Secretary in 1922" or
	// "Edward VI became king in 1547" with. Roles stay prose.
	Offices []Office `json:"offices,omitempty"`
	// Sources are web pages where the birth and death dates were checked;
	// required when either is given.
	Sources []string `json:"sources,omitempty"`
}

// Office is a post or reign a person held from one date to another.
type Office struct {
	// Title is the post as students name it ("General Secretary", "King of
	// England", "Chairman of Sovnarkom").
	Title string `json:"title"`
	From  Date   `json:"from"`
	// To is zero when the person held the office until their death or the
	// end is not known.
	To Date `json:"to,omitzero"`
	// Sources are web pages where the dates were checked (required).
	Sources []string `json:"sources"`
}

// Event is something that happened, with when it happened.
type Event struct {
	ID      string   `json:"id"`
	Name    string   `json:"name"`
	Aliases []string `json:"aliases,omitempty"`
	When    Interval `json:"when"`
	// Place is a place id of the pack, or "".
	Place string `json:"place,omitempty"`
	// People are person ids of those involved (alive at the time).
	People []string `json:"people,omitempty"`
	// Terms are term or organisation ids the event is about (the appointment
	// as General Secretary is about the term "General Secretary").
	Terms []string `json:"terms,omitempty"`
	// Causes are ids of earlier events of the pack that led to this one.
	Causes []string `json:"causes,omitempty"`
	// Note explains the date (calendar, dispute) or the event.
	Note string `json:"note,omitempty"`
	// Sources are web pages where the date was checked (required).
	Sources []string `json:"sources"`
	// InForce is when a treaty or law came into force, when that is later
	// than When (its signing); zero when the pack does not say.
	// InForceSources are where that date was checked (required with it).
	InForce        Interval `json:"in_force,omitzero"`
	InForceSources []string `json:"in_force_sources,omitempty"`
}

// Entity is an organisation or a place.
type Entity struct {
	ID       string   `json:"id"`
	Name     string   `json:"name"`
	Variants []string `json:"variants,omitempty"`
	Note     string   `json:"note,omitempty"`
}

// Term is a concept or piece of vocabulary of the topic.
type Term struct {
	ID       string   `json:"id"`
	Name     string   `json:"name"`
	Variants []string `json:"variants,omitempty"`
	// Gloss is a one-line definition in our words.
	Gloss string `json:"gloss,omitempty"`
}

// Historian is a writer whose interpretation students use.
type Historian struct {
	ID       string   `json:"id"`
	Name     string   `json:"name"`
	Variants []string `json:"variants,omitempty"`
	// Works are titles with their year of first publication.
	Works []string `json:"works,omitempty"`
	// School is a term id of the historiography guide ("revisionist"), or "".
	School string `json:"school,omitempty"`
	// View is their interpretation in one line, in our words.
	View string `json:"view"`
}

// QuestionGuide is a common exam question with the factors a strong answer
// weighs: its indicative content.
type QuestionGuide struct {
	ID   string `json:"id"`
	Text string `json:"text"`
	// Variants are other phrasings of the same question.
	Variants []string `json:"variants,omitempty"`
	Factors  []Factor `json:"factors"`
}

// Factor is one reason or issue a strong answer discusses.
type Factor struct {
	ID   string `json:"id"`
	Name string `json:"name"`
	// Signals are words, names and phrases whose presence in a paragraph shows
	// the factor is being discussed.
	Signals []string `json:"signals"`
}

// Kind is the kind of thing a Mention refers to.
type Kind string

// Kinds of mention.
const (
	KindPerson       Kind = "person"
	KindEvent        Kind = "event"
	KindTerm         Kind = "term"
	KindOrganisation Kind = "organisation"
	KindPlace        Kind = "place"
	KindHistorian    Kind = "historian"
)

// Mention is a place in a text where one of a pack's entries is named.
type Mention struct {
	Kind Kind   `json:"kind"`
	ID   string `json:"id"`
	// Name is the entry's canonical name (not the text as written).
	Name string `json:"name"`
	// Span covers the name as written, without a possessive "’s".
	analysis.Span
}

// Person returns the person with the given id.
func (p *Pack) Person(id string) (*Person, bool) {
	if i, ok := p.byID[id][KindPerson]; ok {
		return &p.People[i], true
	}
	return nil, false
}

// Event returns the event with the given id.
func (p *Pack) Event(id string) (*Event, bool) {
	if i, ok := p.byID[id][KindEvent]; ok {
		return &p.Events[i], true
	}
	return nil, false
}

// Term returns the term with the given id.
func (p *Pack) Term(id string) (*Term, bool) {
	if i, ok := p.byID[id][KindTerm]; ok {
		return &p.Terms[i], true
	}
	return nil, false
}

// Organisation returns the organisation with the given id.
func (p *Pack) Organisation(id string) (*Entity, bool) {
	if i, ok := p.byID[id][KindOrganisation]; ok {
		return &p.Organisations[i], true
	}
	return nil, false
}

// Place returns the place with the given id.
func (p *Pack) Place(id string) (*Entity, bool) {
	if i, ok := p.byID[id][KindPlace]; ok {
		return &p.Places[i], true
	}
	return nil, false
}

// Historian returns the historian with the given id.
func (p *Pack) Historian(id string) (*Historian, bool) {
	if i, ok := p.byID[id][KindHistorian]; ok {
		return &p.Historians[i], true
	}
	return nil, false
}

// Guide returns the question guide with the given id.
func (p *Pack) Guide(id string) (*QuestionGuide, bool) {
	for i := range p.Questions {
		if p.Questions[i].ID == id {
			return &p.Questions[i], true
		}
	}
	return nil, false
}

// EventsInvolving returns the events, in date order, that list id among their
// people, terms or place.
func (p *Pack) EventsInvolving(id string) []*Event {
	var out []*Event
	for i := range p.Events {
		e := &p.Events[i]
		if e.Place == id || contains(e.People, id) || contains(e.Terms, id) {
			out = append(out, e)
		}
	}
	return out
}

// EventsByDate returns the pack's events ordered by start date, then end date.
func (p *Pack) EventsByDate() []*Event {
	out := make([]*Event, len(p.Events))
	for i := range p.Events {
		out[i] = &p.Events[i]
	}
	sort.SliceStable(out, func(i, j int) bool {
		a, b := out[i].When, out[j].When
		if !a.First().Equal(b.First()) {
			return a.First().Before(b.First())
		}
		return a.Last().Before(b.Last())
	})
	return out
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
