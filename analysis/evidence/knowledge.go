package evidence

import "github.com/clio-history/clio/analysis"

// kind is what sort of specific support a detail is.
type kind uint8

const (
	kindDate kind = iota
	kindNumber
	kindPerson
	kindGroup // organisations, parties, institutions
	kindEvent
	kindDocument
	kindTerm // a named policy, idea or office from a topic pack
	kindName // a proper name no topic pack knows
	kindQuotation
	kindHistorian
	kindSource
	kindProvenance
)

var kindNames = [...]string{"date", "number", "person", "group", "event", "document", "term",
	"name", "quotation", "historian", "source", "provenance"}

func (k kind) String() string {
	if int(k) < len(kindNames) {
		return kindNames[k]
	}
	return "unknown"
}

// weight is how much a detail of this kind counts towards a paragraph being
// supported: a date, figure, quotation, event or historian is specific on its
// own; a bare name is half a piece of evidence, so naming two people counts
// but naming one does not.
func (k kind) weight() float64 {
	switch k {
	case kindPerson, kindGroup, kindTerm, kindName, kindProvenance:
		return 0.5
	}
	return 1
}

// mention is a span of the essay that a topic pack recognises.
type mention struct {
	span analysis.Span
	kind kind
	// key identifies what is mentioned, so "Trotsky" and "Leon Trotsky" are
	// one specific.
	key  string
	name string
	// from and to are the years of an event, or 0 when not known.
	from, to int
}

// factor is one reason or theme a good answer to a known question covers.
type factor struct {
	id, name string
	// about says what the factor is, in a clause ("the office that
	// controlled Party appointments"), or "".
	about string
	// example is a dated detail a student could use for it ("Stalin's
	// appointment as General Secretary (1922)"), or "".
	example string
}

// signal is a place in the essay that shows it deals with a factor.
type signal struct {
	factor string
	span   analysis.Span
}

// knowledge is what the analyzer needs from a topic pack. It is an interface
// so the analyzer works, with less knowledge, when no pack is detected.
type knowledge interface {
	// mentions returns the people, groups, events, documents, terms and
	// historians the pack recognises in doc.
	mentions(doc *analysis.Document) []mention
	// guide returns the factors a good answer to question covers and where
	// doc signals them, or no factors when the pack has no guide for it.
	guide(doc *analysis.Document, question string) ([]factor, []signal)
}
