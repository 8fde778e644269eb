package rubric

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"os"
	"sort"

	"github.com/clio-history/clio/analysis"
)

// ProfileVersion is the version of the profile format.
const ProfileVersion = "1"

// Profile is what calibration learns from essays marked by people: for each
// set (essays written to one question), a linear model from explainable
// features to a mark, and how well it agreed with the people under
// cross-validation. It is plain JSON, so a department can read what it weighs.
type Profile struct {
	Version string `json:"version"`
	// Rubric is the id of the rubric the marks were given on, or "" when the
	// marks are on the CSV's own scale.
	Rubric string               `json:"rubric,omitempty"`
	Sets   map[string]*SetModel `json:"sets"`
}

// SetModel maps features to a mark for one set.
type SetModel struct {
	Prompt  string `json:"prompt,omitempty"`
	MinMark int    `json:"min_mark"`
	MaxMark int    `json:"max_mark"`
	// N is how many essays the model was fitted on.
	N int `json:"n"`
	// CVQWK is the quadratic weighted kappa between the model's marks and the
	// people's, from 5-fold cross-validation.
	CVQWK float64 `json:"cv_qwk"`
	// Lambda is the ridge penalty chosen by cross-validation.
	Lambda float64 `json:"lambda"`
	// Intercept plus the sum of Weights[f] * (value - Means[f]) / Scales[f]
	// is the predicted mark.
	Intercept float64            `json:"intercept"`
	Weights   map[string]float64 `json:"weights"`
	Means     map[string]float64 `json:"means"`
	Scales    map[string]float64 `json:"scales"`
	// KeyTerms are the words most associated with higher marks in this set.
	KeyTerms []string `json:"key_terms,omitempty"`
	// LowTerms are the words most associated with lower marks.
	LowTerms []string `json:"low_terms,omitempty"`
	// Cuts, when present, are the thresholds between marks: a prediction p
	// gets MinMark plus the number of cuts at or below p.
	Cuts []float64 `json:"cuts,omitempty"`
}

// ErrBadProfile is wrapped by every profile validation error.
var ErrBadProfile = errors.New("invalid profile")

// LoadProfile reads and validates a profile file.
func LoadProfile(path string) (*Profile, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("reading profile: %w", err)
	}
	return ParseProfile(b)
}

// ParseProfile decodes and validates a profile.
func ParseProfile(b []byte) (*Profile, error) {
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	var p Profile
	if err := dec.Decode(&p); err != nil {
		return nil, fmt.Errorf("%w: %w", ErrBadProfile, err)
	}
	if err := p.Validate(); err != nil {
		return nil, err
	}
	return &p, nil
}

// Validate checks a profile is usable.
func (p *Profile) Validate() error {
	if p.Version != ProfileVersion {
		return fmt.Errorf("%w: version %q, want %q", ErrBadProfile, p.Version, ProfileVersion)
	}
	if len(p.Sets) == 0 {
		return fmt.Errorf("%w: no sets", ErrBadProfile)
	}
	for id, m := range p.Sets {
		if m == nil {
			return fmt.Errorf("%w: set %q is empty", ErrBadProfile, id)
		}
		if m.MinMark > m.MaxMark {
			return fmt.Errorf("%w: set %q: min_mark %d is above max_mark %d", ErrBadProfile, id, m.MinMark, m.MaxMark)
		}
		for f, w := range m.Weights {
			if math.IsNaN(w) || math.IsInf(w, 0) {
				return fmt.Errorf("%w: set %q: weight of %s is not a number", ErrBadProfile, id, f)
			}
			if s, ok := m.Scales[f]; !ok || s <= 0 {
				return fmt.Errorf("%w: set %q: feature %s has no positive scale", ErrBadProfile, id, f)
			}
		}
		if !sort.Float64sAreSorted(m.Cuts) {
			return fmt.Errorf("%w: set %q: cuts are not in order", ErrBadProfile, id)
		}
	}
	return nil
}

// Set returns the model for set id; with id "" it returns the only set of a
// one-set profile.
func (p *Profile) Set(id string) (*SetModel, error) {
	if id == "" {
		if len(p.Sets) == 1 {
			for _, m := range p.Sets {
				return m, nil
			}
		}
		ids := make([]string, 0, len(p.Sets))
		for k := range p.Sets {
			ids = append(ids, k)
		}
		sort.Strings(ids)
		return nil, fmt.Errorf("%w: the profile has %d sets (%v); name one", ErrBadProfile, len(ids), ids)
	}
	m, ok := p.Sets[id]
	if !ok {
		return nil, fmt.Errorf("%w: no set %q in the profile", ErrBadProfile, id)
	}
	return m, nil
}

// Features measures an essay for this model, with its key and low terms.
func (m *SetModel) Features(res *analysis.Result, prompt string) map[string]float64 {
	return WithTerms(ComputeFeatures(res, prompt), Words(res.Document), m.KeyTerms, m.LowTerms)
}

// Predict is the model's continuous estimate of the mark. The terms are
// added in a fixed order (by feature name), so the same essay always gets
// exactly the same estimate.
func (m *SetModel) Predict(f map[string]float64) float64 {
	names := make([]string, 0, len(m.Weights))
	for name := range m.Weights {
		names = append(names, name)
	}
	sort.Strings(names)
	y := m.Intercept
	for _, name := range names {
		y += m.Weights[name] * (f[name] - m.Means[name]) / m.Scales[name]
	}
	return y
}

// MarkOf turns a prediction into a whole mark on the set's scale.
func (m *SetModel) MarkOf(pred float64) int {
	var mark int
	if len(m.Cuts) > 0 {
		mark = m.MinMark + sort.SearchFloat64s(m.Cuts, math.Nextafter(pred, math.Inf(1)))
	} else {
		mark = int(math.Round(pred))
	}
	return min(max(mark, m.MinMark), m.MaxMark)
}
