package history

import (
	"bytes"
	"embed"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/url"
	"path"
	"regexp"
	"sort"
	"strings"
	"sync"

	"github.com/clio-history/clio/analysis"
)

//go:embed packs/*.json
var embedded embed.FS

// Library is every loaded pack. It is read-only and safe for concurrent use.
type Library struct {
	packs []*Pack
	byID  map[string]*Pack
	vocab *vocab // the union of the packs' vocabularies
	// names finds every pack's names in one pass over a text (Detect).
	names   *combined
	options []*Option
}

// ErrInvalidPack is wrapped by every error about a pack's contents.
var ErrInvalidPack = errors.New("invalid topic pack")

// PackError names the file, entry and field where a pack is wrong.
type PackError struct {
	File string
	// Entry is e.g. `events[12] "general-secretary"`, or "" for the whole pack.
	Entry string
	// Field is the JSON field name, or "".
	Field string
	Msg   string
}

func (e *PackError) Error() string {
	var b strings.Builder
	b.WriteString(e.File)
	if e.Entry != "" {
		b.WriteString(": ")
		b.WriteString(e.Entry)
	}
	if e.Field != "" {
		b.WriteString(": field ")
		b.WriteString(e.Field)
	}
	b.WriteString(": ")
	b.WriteString(e.Msg)
	return b.String()
}

// Unwrap lets errors.Is(err, ErrInvalidPack) work.
func (e *PackError) Unwrap() error { return ErrInvalidPack }

// maxPackBytes bounds one pack file; the largest real pack is well under it.
const maxPackBytes = 4 << 20

var defaultLibrary = sync.OnceValues(Load)

// Default returns the library of embedded packs, loaded once per process and
// shared by every caller.
func Default() (*Library, error) { return defaultLibrary() }

// Load reads and validates the packs embedded in the binary.
func Load() (*Library, error) {
	sub, err := fs.Sub(embedded, "packs")
	if err != nil {
		return nil, fmt.Errorf("history: %w", err)
	}
	return LoadFS(sub)
}

// LoadFS reads and validates every *.json file at the root of fsys. Each
// file's name (without .json) must be its pack's id.
func LoadFS(fsys fs.FS) (*Library, error) {
	names, err := fs.Glob(fsys, "*.json")
	if err != nil {
		return nil, fmt.Errorf("history: listing packs: %w", err)
	}
	if len(names) == 0 {
		return nil, fmt.Errorf("history: %w: no *.json packs found", ErrInvalidPack)
	}
	sort.Strings(names)
	lib := &Library{byID: map[string]*Pack{}}
	var errs []error
	for _, name := range names {
		p, err := loadFile(fsys, name)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		lib.packs = append(lib.packs, p)
		lib.byID[p.ID] = p
	}
	// A historian's school is a term of their own pack or of the
	// historiography guide.
	guide := lib.byID["historiography"]
	for _, p := range lib.packs {
		for i, h := range p.Historians {
			if h.School == "" {
				continue
			}
			if _, ok := p.Term(h.School); ok {
				continue
			}
			if guide != nil {
				if _, ok := guide.Term(h.School); ok {
					continue
				}
			}
			errs = append(errs, &PackError{File: p.file, Entry: entryName("historians", i, h.ID), Field: "school",
				Msg: fmt.Sprintf("%q is not a term of this pack or of the historiography guide", h.School)})
		}
	}
	if len(errs) > 0 {
		return nil, fmt.Errorf("history: %w", errors.Join(errs...))
	}
	// One vocabulary for all packs lets Detect split a text once for all.
	lib.vocab = newVocab()
	for _, p := range lib.packs {
		for _, k := range p.vocab.keys {
			lib.vocab.add(k)
		}
	}
	// A name several topic packs know says less about which one a text is
	// about: Detect shares its weight among them in proportion to how
	// central each makes it (Stalin counts mostly for the Russia pack, a
	// little for the Cold War's).
	total := map[string]float64{}
	for _, p := range lib.packs {
		if p.Kind == "topic" {
			for k, pt := range p.index.all {
				total[k] += p.patternWeight(pt)
			}
		}
	}
	for _, p := range lib.packs {
		p.share = make(map[*pattern]float64, len(p.index.all))
		for k, pt := range p.index.all {
			if w := p.patternWeight(pt); total[k] > w {
				p.share[pt] = w / total[k]
			}
		}
	}
	// Detect tells these words from unknown proper names.
	for w := range neutralCaps {
		lib.vocab.add(w)
	}
	for _, p := range lib.packs {
		p.bind(lib.vocab)
	}
	lib.names = newCombined(lib.packs, lib.vocab)
	if err := lib.loadOptions(optionsJSON); err != nil {
		return nil, fmt.Errorf("history: %w", err)
	}
	return lib, nil
}

func loadFile(fsys fs.FS, name string) (*Pack, error) {
	f, err := fsys.Open(name)
	if err != nil {
		return nil, fmt.Errorf("history: %w", err)
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, maxPackBytes+1))
	if err != nil {
		return nil, fmt.Errorf("history: reading %s: %w", name, err)
	}
	if len(data) > maxPackBytes {
		return nil, &PackError{File: name, Msg: fmt.Sprintf("file is larger than %d bytes", maxPackBytes)}
	}
	return parsePack(name, data)
}

// rawPack is a pack file with its entries left undecoded, so each entry is
// decoded strictly on its own and an error can name it.
type rawPack struct {
	ID            string            `json:"id"`
	Title         string            `json:"title"`
	Kind          string            `json:"kind"`
	Period        string            `json:"period"`
	Notes         []string          `json:"notes"`
	People        []json.RawMessage `json:"people"`
	Events        []json.RawMessage `json:"events"`
	Organisations []json.RawMessage `json:"organisations"`
	Places        []json.RawMessage `json:"places"`
	Terms         []json.RawMessage `json:"terms"`
	Historians    []json.RawMessage `json:"historians"`
	Questions     []json.RawMessage `json:"questions"`
}

type rawPerson struct {
	ID       string            `json:"id"`
	Name     string            `json:"name"`
	Variants []string          `json:"variants"`
	Roles    []string          `json:"roles"`
	Born     string            `json:"born"`
	Died     string            `json:"died"`
	Offices  []json.RawMessage `json:"offices"`
	Sources  []string          `json:"sources"`
}

type rawOffice struct {
	Title   string   `json:"title"`
	From    string   `json:"from"`
	To      string   `json:"to"`
	Sources []string `json:"sources"`
}

type rawEvent struct {
	ID      string   `json:"id"`
	Name    string   `json:"name"`
	Aliases []string `json:"aliases"`
	When    string   `json:"when"`
	Place   string   `json:"place"`
	People  []string `json:"people"`
	Terms   []string `json:"terms"`
	Causes  []string `json:"causes"`
	Note    string   `json:"note"`
	Sources []string `json:"sources"`
	// InForce is when a treaty or law came into force, when that differs
	// from its signing (When); it needs its own sources.
	InForce        string   `json:"in_force"`
	InForceSources []string `json:"in_force_sources"`
}

// strict decodes one JSON value, rejecting unknown fields and trailing data.
func strict(data []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return err
	}
	if dec.More() {
		return errors.New("unexpected data after the end of the value")
	}
	return nil
}

// jsonMsg turns a decoding error into words a teacher can act on.
func jsonMsg(data []byte, err error) (field, msg string) {
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.As(err, &syn):
		line, col := lineCol(data, syn.Offset)
		return "", fmt.Sprintf("JSON syntax error at line %d, column %d: %v", line, col, syn)
	case errors.As(err, &typ):
		return typ.Field, fmt.Sprintf("expected %s, found a JSON %s", typ.Type, typ.Value)
	case strings.HasPrefix(err.Error(), "json: unknown field "):
		f := strings.Trim(strings.TrimPrefix(err.Error(), "json: unknown field "), `"`)
		return f, "unknown field (a typo? see the pack format in the README)"
	case errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF):
		return "", "the JSON ends too soon"
	}
	return "", err.Error()
}

func lineCol(data []byte, off int64) (int, int) {
	if off > int64(len(data)) {
		off = int64(len(data))
	}
	before := data[:off]
	line := bytes.Count(before, []byte("\n")) + 1
	col := int(off) - bytes.LastIndexByte(before, '\n')
	return line, col
}

var idPattern = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)

// checker collects the problems of one pack.
type checker struct {
	file string
	errs []error
}

func (c *checker) add(entry, field, format string, args ...any) {
	c.errs = append(c.errs, &PackError{File: c.file, Entry: entry, Field: field, Msg: fmt.Sprintf(format, args...)})
}

// entryName names the i-th entry of list; with i < 0, list already names it.
func entryName(list string, i int, id string) string {
	if i < 0 {
		return list
	}
	if id == "" {
		return fmt.Sprintf("%s[%d]", list, i)
	}
	return fmt.Sprintf("%s[%d] %q", list, i, id)
}

// decodeEntry strictly decodes one list entry; on failure it reports the
// entry by index and, when it can find one, id.
func (c *checker) decodeEntry(list string, i int, data []byte, v any) bool {
	if err := strict(data, v); err != nil {
		var peek struct {
			ID string `json:"id"`
		}
		_ = json.Unmarshal(data, &peek)
		field, msg := jsonMsg(data, err)
		c.add(entryName(list, i, peek.ID), field, "%s", msg)
		return false
	}
	return true
}

func (c *checker) text(entry, field, s string, required bool) {
	switch {
	case required && strings.TrimSpace(s) == "":
		c.add(entry, field, "must not be empty")
	case s != strings.TrimSpace(s):
		c.add(entry, field, "%q has spaces at its start or end", s)
	case strings.ContainsAny(s, "\n\r\t"):
		c.add(entry, field, "must be one line")
	}
}

func (c *checker) list(entry, field string, xs []string) {
	seen := map[string]bool{}
	for _, s := range xs {
		c.text(entry, field, s, true)
		if seen[s] {
			c.add(entry, field, "%q is listed twice", s)
		}
		seen[s] = true
	}
}

func parsePack(file string, data []byte) (*Pack, error) {
	c := &checker{file: file}
	var raw rawPack
	if err := strict(data, &raw); err != nil {
		field, msg := jsonMsg(data, err)
		return nil, &PackError{File: file, Field: field, Msg: msg}
	}
	p := &Pack{ID: raw.ID, Title: raw.Title, Kind: raw.Kind, Notes: raw.Notes, file: file}
	want := strings.TrimSuffix(path.Base(file), ".json")
	switch {
	case !idPattern.MatchString(raw.ID):
		c.add("", "id", "%q is not an id: use lower-case letters, digits and hyphens", raw.ID)
	case raw.ID != want:
		c.add("", "id", "%q must match the file name %q", raw.ID, want)
	}
	c.text("", "title", raw.Title, true)
	if raw.Kind != "topic" && raw.Kind != "guide" {
		c.add("", "kind", "%q must be \"topic\" or \"guide\"", raw.Kind)
	}
	if iv, err := ParseInterval(raw.Period); err != nil {
		c.add("", "period", "%v", err)
	} else {
		p.Period = analysis.Period{From: iv.From.Year, To: iv.To.Year}
	}
	c.list("", "notes", raw.Notes)

	for i, d := range raw.People {
		var r rawPerson
		if !c.decodeEntry("people", i, d, &r) {
			continue
		}
		e := entryName("people", i, r.ID)
		per := Person{ID: r.ID, Name: r.Name, Variants: r.Variants, Roles: r.Roles, Sources: r.Sources}
		c.sources(e, r.Sources, r.Born != "" || r.Died != "")
		per.Born = c.date(e, "born", r.Born)
		per.Died = c.date(e, "died", r.Died)
		if !per.Born.IsZero() && !per.Died.IsZero() && per.Died.Last().Before(per.Born.First()) {
			c.add(e, "died", "%s is before the birth %s", per.Died, per.Born)
		}
		c.list(e, "roles", r.Roles)
		for j, od := range r.Offices {
			var ro rawOffice
			oe := fmt.Sprintf("%s offices[%d]", e, j)
			if !c.decodeEntry(oe, -1, od, &ro) {
				continue
			}
			if ro.Title != "" {
				oe = fmt.Sprintf("%s offices[%d] %q", e, j, ro.Title)
			}
			o := Office{Title: ro.Title, Sources: ro.Sources}
			c.text(oe, "title", ro.Title, true)
			c.sources(oe, ro.Sources, true)
			if ro.From == "" {
				c.add(oe, "from", "an office needs the date it began")
			}
			o.From = c.date(oe, "from", ro.From)
			o.To = c.date(oe, "to", ro.To)
			if !o.From.IsZero() && !o.To.IsZero() && o.To.Last().Before(o.From.First()) {
				c.add(oe, "to", "%s is before the start %s", o.To, o.From)
			}
			if !per.Born.IsZero() && !o.From.IsZero() && o.From.Last().Before(per.Born.First()) {
				c.add(oe, "from", "%s is before %s was born (%s)", o.From, per.Name, per.Born)
			}
			if !per.Died.IsZero() && !o.From.IsZero() && o.From.First().After(per.Died.Last()) {
				c.add(oe, "from", "%s is after %s died (%s)", o.From, per.Name, per.Died)
			}
			if !per.Died.IsZero() && !o.To.IsZero() && o.To.First().After(per.Died.Last()) {
				c.add(oe, "to", "%s is after %s died (%s)", o.To, per.Name, per.Died)
			}
			per.Offices = append(per.Offices, o)
		}
		p.People = append(p.People, per)
	}
	for i, d := range raw.Events {
		var r rawEvent
		if !c.decodeEntry("events", i, d, &r) {
			continue
		}
		e := entryName("events", i, r.ID)
		ev := Event{ID: r.ID, Name: r.Name, Aliases: r.Aliases, Place: r.Place, People: r.People,
			Terms: r.Terms, Causes: r.Causes, Note: r.Note, Sources: r.Sources}
		c.sources(e, r.Sources, true)
		iv, err := ParseInterval(r.When)
		if err != nil {
			c.add(e, "when", "%v", err)
		}
		ev.When = iv
		if r.InForce != "" || len(r.InForceSources) > 0 {
			f, err := ParseInterval(r.InForce)
			switch {
			case err != nil:
				c.add(e, "in_force", "%v", err)
			case !iv.IsZero() && f.Last().Before(iv.First()):
				c.add(e, "in_force", "%s is before the event's date (%s)", f, iv)
			}
			ev.InForce, ev.InForceSources = f, r.InForceSources
			if len(r.InForceSources) == 0 {
				c.add(e, "in_force_sources", "a date of coming into force needs at least one source of its own")
			}
			c.list(e, "in_force_sources", r.InForceSources)
			for _, u := range r.InForceSources {
				if !strings.HasPrefix(u, "https://") && !strings.HasPrefix(u, "http://") {
					c.add(e, "in_force_sources", "%q is not a web address (http:// or https://)", u)
				}
			}
		}
		c.text(e, "note", r.Note, false)
		p.Events = append(p.Events, ev)
	}
	for i, d := range raw.Organisations {
		var r Entity
		if c.decodeEntry("organisations", i, d, &r) {
			c.text(entryName("organisations", i, r.ID), "note", r.Note, false)
			p.Organisations = append(p.Organisations, r)
		}
	}
	for i, d := range raw.Places {
		var r Entity
		if c.decodeEntry("places", i, d, &r) {
			c.text(entryName("places", i, r.ID), "note", r.Note, false)
			p.Places = append(p.Places, r)
		}
	}
	for i, d := range raw.Terms {
		var r Term
		if c.decodeEntry("terms", i, d, &r) {
			c.text(entryName("terms", i, r.ID), "gloss", r.Gloss, false)
			p.Terms = append(p.Terms, r)
		}
	}
	for i, d := range raw.Historians {
		var r Historian
		if c.decodeEntry("historians", i, d, &r) {
			e := entryName("historians", i, r.ID)
			c.text(e, "view", r.View, true)
			if len(r.View) > 300 {
				c.add(e, "view", "keep the view to one line (under 300 characters)")
			}
			c.list(e, "works", r.Works)
			p.Historians = append(p.Historians, r)
		}
	}
	for i, d := range raw.Questions {
		var r QuestionGuide
		if c.decodeEntry("questions", i, d, &r) {
			p.Questions = append(p.Questions, r)
		}
	}
	if len(c.errs) == 0 {
		c.references(p)
	}
	if len(c.errs) > 0 {
		return nil, errors.Join(c.errs...)
	}
	sort.SliceStable(p.Events, func(i, j int) bool {
		a, b := p.Events[i].When, p.Events[j].When
		if !a.First().Equal(b.First()) {
			return a.First().Before(b.First())
		}
		return a.Last().Before(b.Last())
	})
	p.build()
	return p, nil
}

// sources checks that each source is an absolute web address a tutor can
// open, and that a dated entry (dated) has at least one: every date Clio
// states must be one a tutor can check in a click.
func (c *checker) sources(entry string, urls []string, dated bool) {
	if dated && len(urls) == 0 {
		c.add(entry, "sources", "a dated entry needs at least one source: the web page where its date was checked (see analysis/history/packs/README.md)")
		return
	}
	c.list(entry, "sources", urls)
	for _, u := range urls {
		pu, err := url.Parse(u)
		if err != nil || (pu.Scheme != "https" && pu.Scheme != "http") || pu.Host == "" || strings.ContainsAny(u, " \t\n") {
			c.add(entry, "sources", "%q is not a web address (http:// or https://)", u)
		}
	}
}

func (c *checker) date(entry, field, s string) Date {
	if s == "" {
		return Date{}
	}
	d, err := ParseDate(s)
	if err != nil {
		c.add(entry, field, "%v", err)
	}
	return d
}

// references checks ids, names and the links between entries.
func (c *checker) references(p *Pack) {
	ids := map[Kind]map[string]int{}
	names := map[string]string{} // name key -> entry that uses it
	claim := func(entry, field, name string) {
		c.text(entry, field, name, true)
		k := nameKey(name)
		if k == "" {
			if strings.TrimSpace(name) != "" {
				c.add(entry, field, "%q has no letters or digits", name)
			}
			return
		}
		if prev, dup := names[k]; dup && prev != entry {
			c.add(entry, field, "%q is also a name of %s", name, prev)
			return
		}
		names[k] = entry
	}
	register := func(kind Kind, list string, i int, id string, nameFields map[string][]string) string {
		e := entryName(list, i, id)
		if ids[kind] == nil {
			ids[kind] = map[string]int{}
		}
		switch _, dup := ids[kind][id]; {
		case !idPattern.MatchString(id):
			c.add(e, "id", "%q is not an id: use lower-case letters, digits and hyphens", id)
		case dup:
			c.add(e, "id", "%q is used by another entry", id)
		}
		ids[kind][id] = i
		for field, ns := range nameFields {
			for _, n := range ns {
				claim(e, field, n)
			}
		}
		return e
	}
	for i, x := range p.People {
		register(KindPerson, "people", i, x.ID, map[string][]string{"name": {x.Name}, "variants": x.Variants})
	}
	for i, x := range p.Organisations {
		register(KindOrganisation, "organisations", i, x.ID, map[string][]string{"name": {x.Name}, "variants": x.Variants})
	}
	for i, x := range p.Places {
		register(KindPlace, "places", i, x.ID, map[string][]string{"name": {x.Name}, "variants": x.Variants})
	}
	for i, x := range p.Terms {
		register(KindTerm, "terms", i, x.ID, map[string][]string{"name": {x.Name}, "variants": x.Variants})
	}
	for i, x := range p.Historians {
		register(KindHistorian, "historians", i, x.ID, map[string][]string{"name": {x.Name}, "variants": x.Variants})
	}
	for i, x := range p.Events {
		register(KindEvent, "events", i, x.ID, map[string][]string{"name": {x.Name}, "aliases": x.Aliases})
	}
	has := func(kind Kind, id string) bool { _, ok := ids[kind][id]; return ok }
	for i, ev := range p.Events {
		e := entryName("events", i, ev.ID)
		if ev.Place != "" && !has(KindPlace, ev.Place) {
			c.add(e, "place", "%q is not a place of this pack", ev.Place)
		}
		for _, id := range ev.People {
			j, ok := ids[KindPerson][id]
			if !ok {
				c.add(e, "people", "%q is not a person of this pack", id)
				continue
			}
			per := p.People[j]
			if !per.Born.IsZero() && ev.When.Last().Before(per.Born.First()) {
				c.add(e, "people", "%s (%s) is before %s was born (%s)", ev.When, ev.Name, per.Name, per.Born)
			}
			if !per.Died.IsZero() && ev.When.First().After(per.Died.Last()) {
				c.add(e, "people", "%s (%s) is after %s died (%s)", ev.When, ev.Name, per.Name, per.Died)
			}
		}
		for _, id := range ev.Terms {
			if !has(KindTerm, id) && !has(KindOrganisation, id) {
				c.add(e, "terms", "%q is not a term or organisation of this pack", id)
			}
		}
		for _, id := range ev.Causes {
			j, ok := ids[KindEvent][id]
			switch {
			case !ok:
				c.add(e, "causes", "%q is not an event of this pack", id)
			case id == ev.ID:
				c.add(e, "causes", "an event cannot cause itself")
			case p.Events[j].When.First().After(ev.When.Last()):
				c.add(e, "causes", "%q (%s) begins after this event ends (%s)", id, p.Events[j].When, ev.When)
			}
		}
	}
	qids := map[string]bool{}
	for i, q := range p.Questions {
		e := entryName("questions", i, q.ID)
		if !idPattern.MatchString(q.ID) {
			c.add(e, "id", "%q is not an id: use lower-case letters, digits and hyphens", q.ID)
		}
		if qids[q.ID] {
			c.add(e, "id", "%q is used by another question", q.ID)
		}
		qids[q.ID] = true
		c.text(e, "text", q.Text, true)
		c.list(e, "variants", q.Variants)
		if len(q.Factors) < 2 {
			c.add(e, "factors", "a question needs at least two factors")
		}
		fids := map[string]bool{}
		for j, f := range q.Factors {
			fe := fmt.Sprintf("%s factors[%d] %q", e, j, f.ID)
			if !idPattern.MatchString(f.ID) || fids[f.ID] {
				c.add(fe, "id", "%q must be a unique id (lower-case letters, digits, hyphens)", f.ID)
			}
			fids[f.ID] = true
			c.text(fe, "name", f.Name, true)
			if len(f.Signals) == 0 {
				c.add(fe, "signals", "a factor needs at least one signal")
			}
			c.list(fe, "signals", f.Signals)
		}
	}
}
