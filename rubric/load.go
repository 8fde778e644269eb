package rubric

import (
	"bytes"
	"embed"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"math"
	"path"
	"slices"
	"sort"
	"strings"
	"sync"
)

//go:embed rubrics/*.json
var builtin embed.FS

// DefaultID is the rubric used when a request names none.
const DefaultID = "aqa-a-level-essay-25"

// Set is a collection of validated rubrics, keyed by id.
type Set struct {
	byID map[string]*Rubric
}

var loadBuiltin = sync.OnceValues(func() (*Set, error) { return LoadFS(builtin, "rubrics") })

// Builtin returns the rubrics that ship with Clio, loaded once.
func Builtin() (*Set, error) { return loadBuiltin() }

// LoadFS loads and validates every *.json file in dir of fsys.
func LoadFS(fsys fs.FS, dir string) (*Set, error) {
	entries, err := fs.ReadDir(fsys, dir)
	if err != nil {
		return nil, fmt.Errorf("reading rubrics: %w", err)
	}
	s := &Set{byID: map[string]*Rubric{}}
	for _, e := range entries {
		if e.IsDir() || path.Ext(e.Name()) != ".json" {
			continue
		}
		b, err := fs.ReadFile(fsys, path.Join(dir, e.Name()))
		if err != nil {
			return nil, fmt.Errorf("reading rubric %s: %w", e.Name(), err)
		}
		r, err := Parse(b)
		if err != nil {
			return nil, fmt.Errorf("rubric %s: %w", e.Name(), err)
		}
		if _, dup := s.byID[r.ID]; dup {
			return nil, fmt.Errorf("rubric %s: id %q is used twice", e.Name(), r.ID)
		}
		s.byID[r.ID] = r
	}
	return s, nil
}

// Get returns the rubric with the given id.
func (s *Set) Get(id string) (*Rubric, bool) {
	r, ok := s.byID[id]
	return r, ok
}

// All returns the rubrics ordered by id.
func (s *Set) All() []*Rubric {
	out := make([]*Rubric, 0, len(s.byID))
	for _, r := range s.byID {
		out = append(out, r)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out
}

// ErrInvalid is wrapped by every validation error.
var ErrInvalid = errors.New("invalid rubric")

// Parse decodes a rubric strictly (unknown fields are errors) and validates
// it.
func Parse(b []byte) (*Rubric, error) {
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	var r Rubric
	if err := dec.Decode(&r); err != nil {
		return nil, fmt.Errorf("%w: %w", ErrInvalid, err)
	}
	if err := r.Validate(); err != nil {
		return nil, err
	}
	return &r, nil
}

// Validate checks that the rubric is usable: bands contiguous from the
// lowest mark to MaxMark, levels numbered 1..n, weights positive and summing
// to 1.
func (r *Rubric) Validate() error {
	bad := func(format string, a ...any) error {
		return fmt.Errorf("%w %q: %s", ErrInvalid, r.ID, fmt.Sprintf(format, a...))
	}
	if r.ID == "" {
		return fmt.Errorf("%w: field id is missing", ErrInvalid)
	}
	if r.Name == "" {
		return bad("field name is missing")
	}
	if r.MaxMark <= 0 || r.MaxMark > 1000 {
		return bad("max_mark must be between 1 and 1000, got %d", r.MaxMark)
	}
	if len(r.Levels) > 10 {
		return bad("levels: at most 10 levels, got %d", len(r.Levels))
	}
	if len(r.Levels) == 0 {
		return bad("levels: at least one level is needed")
	}
	for i, l := range r.Levels {
		if l.Level != i+1 {
			return bad("levels[%d]: level must be %d, got %d", i, i+1, l.Level)
		}
		if l.Band.Min < 0 {
			return bad("levels[%d]: band min %d is below 0", i, l.Band.Min)
		}
		if l.Band.Min > l.Band.Max {
			return bad("levels[%d]: band min %d is above max %d", i, l.Band.Min, l.Band.Max)
		}
		if i > 0 && l.Band.Min != r.Levels[i-1].Band.Max+1 {
			return bad("levels[%d]: band starts at %d but the level below ends at %d", i, l.Band.Min, r.Levels[i-1].Band.Max)
		}
		if l.Descriptor == "" {
			return bad("levels[%d]: descriptor is missing", i)
		}
	}
	if last := r.Levels[len(r.Levels)-1]; last.Band.Max != r.MaxMark {
		return bad("the top band ends at %d but max_mark is %d", last.Band.Max, r.MaxMark)
	}
	if len(r.Criteria) == 0 {
		return bad("criteria: at least one criterion is needed")
	}
	sum := 0.0
	seen := map[string]bool{}
	for i, c := range r.Criteria {
		if c.ID == "" || c.Name == "" {
			return bad("criteria[%d]: id and name are required", i)
		}
		if seen[c.ID] {
			return bad("criteria[%d]: id %q is used twice", i, c.ID)
		}
		seen[c.ID] = true
		if !slices.Contains(KnownCriteria, c.ID) {
			return bad("criteria[%d]: id %q is not a criterion Clio can judge (use one of %s)", i, c.ID, strings.Join(KnownCriteria, ", "))
		}
		if c.Weight <= 0 || math.IsNaN(c.Weight) || math.IsInf(c.Weight, 0) {
			return bad("criteria[%d] (%s): weight must be positive", i, c.ID)
		}
		sum += c.Weight
	}
	if math.Abs(sum-1) > 1e-6 {
		return bad("criteria weights add up to %.3f, not 1", sum)
	}
	if l := r.Length; l != nil && (l.MinWords < 0 || l.FullWords <= l.MinWords || l.FullWords > 20000) {
		return bad("length: full_words (%d) must be above min_words (%d) and at most 20000", l.FullWords, l.MinWords)
	}
	if s := r.SPaG; s != nil && (s.MaxMark < 1 || s.MaxMark > 20) {
		return bad("spag: max_mark must be between 1 and 20, got %d", s.MaxMark)
	}
	if r.Qualification != "" && r.Qualification != "gcse" && r.Qualification != "a-level" {
		return bad("qualification must be gcse or a-level, not %q", r.Qualification)
	}
	for i, ref := range r.References {
		if ref.Title == "" || !strings.HasPrefix(ref.URL, "https://") && !strings.HasPrefix(ref.URL, "http://") {
			return bad("references[%d]: a title and an http(s) url are required", i)
		}
	}
	for i, c := range r.Caps {
		if !slices.Contains(KnownCaps, c.When) {
			return bad("caps[%d]: when %q is not a condition Clio can test (use one of %s)", i, c.When, strings.Join(KnownCaps, ", "))
		}
		if c.Reason == "" {
			return bad("caps[%d] (%s): reason is missing", i, c.When)
		}
		if c.MaxLevel < 1 || c.MaxLevel > len(r.Levels) {
			return bad("caps[%d]: max_level %d is not a level of this rubric", i, c.MaxLevel)
		}
	}
	return nil
}
