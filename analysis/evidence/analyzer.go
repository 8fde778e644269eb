package evidence

import (
	"context"
	"fmt"
	"strings"

	"github.com/clio-history/clio/analysis"
	"github.com/clio-history/clio/analysis/history"
)

// minDetectScore is the least Library.Detect score at which the analyzer
// trusts a detected pack when the task names none.
const minDetectScore = 0.3

// Analyzer weighs the specific support in an essay. It holds only read-only
// data and is safe for concurrent use.
type Analyzer struct {
	lib *history.Library
	// guides are the factors of every question guide of every pack, with
	// their explanations and examples worked out once.
	guides map[*history.QuestionGuide][]factor
}

// New returns the evidence analyzer. lib may be nil: the analyzer then finds
// dates, figures, names, quotations and historians without a topic pack, and
// reports no factors.
func New(lib *history.Library) *Analyzer {
	a := &Analyzer{lib: lib, guides: map[*history.QuestionGuide][]factor{}}
	if lib == nil {
		return a
	}
	for _, p := range lib.Packs() {
		k := packKnowledge{pack: p}
		for i := range p.Questions {
			g := &p.Questions[i]
			fs := make([]factor, 0, len(g.Factors))
			for _, f := range g.Factors {
				fs = append(fs, factor{id: f.ID, name: f.Name, about: k.about(f), example: k.example(f)})
			}
			a.guides[g] = fs
		}
	}
	return a
}

// Name implements analysis.Analyzer.
func (*Analyzer) Name() string { return Name }

// Analyze implements analysis.Analyzer.
func (a *Analyzer) Analyze(ctx context.Context, doc *analysis.Document, task analysis.Task) (analysis.Output, error) {
	if doc == nil {
		return analysis.Output{}, fmt.Errorf("evidence: no document")
	}
	var k knowledge
	if p, h := a.pack(doc, task), a.historiography(); p != nil || h != nil {
		// Both packs come from a.lib: the essay is split once for both.
		k = packKnowledge{pack: p, historians: h, guides: a.guides, text: a.lib.Split(doc)}
	}
	return analyze(ctx, doc, task, k)
}

// pack is the task's topic pack, or the one the question names, or (without
// a question) the one the essay is about.
func (a *Analyzer) pack(doc *analysis.Document, task analysis.Task) *history.Pack {
	if a.lib == nil {
		return nil
	}
	if c := task.Question.TopicChoice; c != nil && task.Topic == "" && c.ID == "" {
		// The topic was settled as none: no knowledge-based findings.
		return nil
	}
	for _, id := range []string{task.Topic, task.Question.Topic} {
		if id == "" {
			continue
		}
		if p, ok := a.lib.Pack(id); ok {
			return p
		}
	}
	// With a question, the question alone decides, so text added to the
	// essay (an unrelated paragraph) cannot switch packs; a question on a
	// topic no pack covers gets no pack.
	if q := strings.TrimSpace(task.Question.Text); q != "" {
		if p, score := a.lib.Detect(q, ""); p != nil && score >= minDetectScore {
			return p
		}
		return nil
	}
	p, score := a.lib.Detect("", doc.Text)
	if p == nil || score < minDetectScore {
		return nil
	}
	return p
}

// historiography is the guide pack of historians that applies to every topic.
func (a *Analyzer) historiography() *history.Pack {
	if a.lib == nil {
		return nil
	}
	p, ok := a.lib.Pack("historiography")
	if !ok {
		return nil
	}
	return p
}

// packKnowledge adapts a topic pack and the historiography guide (either may
// be nil) to what the analyzer needs.
type packKnowledge struct {
	pack, historians *history.Pack
	guides           map[*history.QuestionGuide][]factor
	// text is the essay split for the packs' library, or nil to split it
	// for each lookup.
	text *history.Text
}

// packMentions is p.Mentions(doc), from the split essay when there is one.
func (k packKnowledge) packMentions(p *history.Pack, doc *analysis.Document) []history.Mention {
	if k.text != nil {
		return p.MentionsIn(k.text)
	}
	return p.Mentions(doc)
}

func (k packKnowledge) mentions(doc *analysis.Document) []mention {
	var out []mention
	if k.pack != nil {
		for _, m := range k.packMentions(k.pack, doc) {
			mn := mention{span: m.Span, kind: kindOf(m.Kind), key: m.ID, name: m.Name}
			if m.Kind == history.KindEvent {
				if e, ok := k.pack.Event(m.ID); ok && !e.When.IsZero() {
					mn.from, mn.to = e.When.From.Year, e.When.To.Year
				}
			}
			out = append(out, mn)
		}
	}
	if k.historians != nil && k.historians != k.pack {
		for _, m := range k.packMentions(k.historians, doc) {
			if m.Kind == history.KindHistorian {
				out = append(out, mention{span: m.Span, kind: kindHistorian, key: m.ID, name: m.Name})
			}
		}
	}
	return out
}

func kindOf(k history.Kind) kind {
	switch k {
	case history.KindPerson:
		return kindPerson
	case history.KindEvent:
		return kindEvent
	case history.KindTerm:
		return kindTerm
	case history.KindOrganisation:
		return kindGroup
	case history.KindHistorian:
		return kindHistorian
	}
	return kindName // places and anything new
}

func (k packKnowledge) guide(doc *analysis.Document, question string) ([]factor, []signal) {
	if k.pack == nil {
		return nil, nil
	}
	g, ok := k.pack.Question(question)
	if !ok || g == nil {
		return nil, nil
	}
	fs, ok := k.guides[g]
	if !ok {
		return nil, nil
	}
	var found []history.Signal
	if k.text != nil {
		found = k.pack.SignalsIn(k.text, g)
	} else {
		found = k.pack.Signals(doc, g)
	}
	var sigs []signal
	for _, s := range found {
		sigs = append(sigs, signal{factor: s.Factor, span: s.Span})
	}
	return fs, sigs
}

// about explains a factor from the gloss of the term its first signal names
// (later signals are often neighbouring ideas, not the factor itself).
func (k packKnowledge) about(f history.Factor) string {
	if len(f.Signals) == 0 {
		return ""
	}
	for _, t := range k.pack.Terms {
		if t.Gloss != "" && namesMatch(f.Signals[0], t.Name, t.Variants) {
			return t.Gloss
		}
	}
	return ""
}

// example is a dated event a student could cite for the factor: the
// earliest event one of its signals names, or else the earliest event about
// the term or organisation its first signal names.
func (k packKnowledge) example(f history.Factor) string {
	if len(f.Signals) == 0 {
		return ""
	}
	events := k.pack.EventsByDate()
	for _, e := range events {
		if e.When.IsZero() {
			continue
		}
		for _, s := range f.Signals {
			if namesMatch(s, e.Name, e.Aliases) {
				return fmt.Sprintf("%s (%s)", e.Name, when(e.When))
			}
		}
	}
	for _, e := range events {
		if !e.When.IsZero() && k.eventAbout(e, f.Signals[0]) {
			return fmt.Sprintf("%s (%s)", e.Name, when(e.When))
		}
	}
	return ""
}

// eventAbout reports whether the event lists a term or organisation that
// signal names.
func (k packKnowledge) eventAbout(e *history.Event, s string) bool {
	for _, id := range e.Terms {
		if t, ok := k.pack.Term(id); ok && namesMatch(s, t.Name, t.Variants) {
			return true
		}
		if o, ok := k.pack.Organisation(id); ok && namesMatch(s, o.Name, o.Variants) {
			return true
		}
	}
	return false
}

func namesMatch(s, name string, variants []string) bool {
	s = strings.ToLower(analysis.Normalize(s))
	if strings.ToLower(analysis.Normalize(name)) == s {
		return true
	}
	for _, v := range variants {
		if strings.ToLower(analysis.Normalize(v)) == s {
			return true
		}
	}
	return false
}

var monthNames = [...]string{"", "January", "February", "March", "April", "May", "June", "July",
	"August", "September", "October", "November", "December"}

// when writes an interval as a student would: "1922", "April 1922",
// "3 April 1922", "1924 to 1929", "the 1920s".
func when(iv history.Interval) string {
	if iv.Precision == history.PrecisionDecade {
		return fmt.Sprintf("the %ds", iv.From.Year)
	}
	if iv.From == iv.To {
		return dateText(iv.From)
	}
	if iv.From.Year == iv.To.Year && iv.From.Month != 0 && iv.From.Month == iv.To.Month {
		return dateText(history.Date{Year: iv.From.Year, Month: iv.From.Month})
	}
	return dateText(iv.From) + " to " + dateText(iv.To)
}

func dateText(d history.Date) string {
	switch {
	case d.Day != 0 && d.Month >= 1 && d.Month <= 12:
		return fmt.Sprintf("%d %s %d", d.Day, monthNames[d.Month], d.Year)
	case d.Month >= 1 && d.Month <= 12:
		return fmt.Sprintf("%s %d", monthNames[d.Month], d.Year)
	}
	return fmt.Sprintf("%d", d.Year)
}
