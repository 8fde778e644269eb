package rubric_test

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/clio-history/clio/analysis/standard"
	"github.com/clio-history/clio/rubric"
)

// lengthProfile marks on 0..10 by length alone: 3 marks a standard
// deviation of log words above 5.
func lengthProfile(rubricID string, max int) *rubric.Profile {
	return &rubric.Profile{Version: rubric.ProfileVersion, Rubric: rubricID, Sets: map[string]*rubric.SetModel{
		"essays": {MinMark: 0, MaxMark: max, N: 120, CVQWK: 0.7, Intercept: float64(max) / 2,
			Weights: map[string]float64{rubric.FeatLogWords: float64(max) / 4},
			Means:   map[string]float64{rubric.FeatLogWords: 5.5}, Scales: map[string]float64{rubric.FeatLogWords: 0.5}},
	}}
}

func TestMarkWithProfile(t *testing.T) {
	res, err := engine(t).Analyze(context.Background(), standard.Request{Text: strongEssay, Question: stalinQuestion})
	require.NoError(t, err)
	r := getRubric(t, rubric.DefaultID)
	plain := rubric.Mark(res, r, rubric.Options{})
	assert.Nil(t, plain.Calibration)

	// A profile on the rubric's own scale places the mark directly.
	prof := lengthProfile(rubric.DefaultID, 25)
	m := prof.Sets["essays"]
	want := m.MarkOf(m.Predict(m.Features(res, stalinQuestion)))
	rep := rubric.Mark(res, r, rubric.Options{Profile: prof})
	require.NotNil(t, rep.Calibration)
	assert.Equal(t, "essays", rep.Calibration.Set)
	assert.Equal(t, 0.7, rep.Calibration.CVQWK)
	if len(rep.Caps) == 0 {
		assert.Equal(t, want, rep.Mark, "the profile's mark is used")
	}
	lvl, ok := r.LevelFor(rep.Mark)
	require.True(t, ok)
	assert.Equal(t, lvl.Level, rep.Level, "the level is the band the mark falls in")
	assert.Equal(t, plain.Criteria, rep.Criteria, "criteria do not depend on the profile")

	// On another scale, the share of the scale carries over.
	other := rubric.Mark(res, getRubric(t, "generic-percentage"), rubric.Options{Profile: lengthProfile("", 10)})
	require.NotNil(t, other.Calibration)
	assert.InDelta(t, 10*other.Calibration.Predicted, float64(other.Mark), 12)

	// A short essay gets a lower mark from the same profile.
	short, err := engine(t).Analyze(context.Background(), standard.Request{Text: shortEssay, Question: stalinQuestion})
	require.NoError(t, err)
	assert.Less(t, rubric.Mark(short, r, rubric.Options{Profile: prof}).Mark, rep.Mark)
}

func TestProfileFile(t *testing.T) {
	good := lengthProfile("", 6)
	b, err := json.Marshal(good)
	require.NoError(t, err)
	path := filepath.Join(t.TempDir(), "p.json")
	require.NoError(t, os.WriteFile(path, b, 0o644))
	p, err := rubric.LoadProfile(path)
	require.NoError(t, err)
	_, err = p.Set("")
	assert.NoError(t, err, "a one-set profile needs no set name")
	_, err = p.Set("nope")
	assert.ErrorIs(t, err, rubric.ErrBadProfile)

	_, err = rubric.LoadProfile(filepath.Join(t.TempDir(), "missing.json"))
	assert.Error(t, err)

	tests := map[string]string{
		"ErrNotJSON":    `{"version": "1", "sets": `,
		"ErrVersion":    `{"version": "9", "sets": {"a": {"min_mark": 0, "max_mark": 3}}}`,
		"ErrNoSets":     `{"version": "1", "sets": {}}`,
		"ErrRange":      `{"version": "1", "sets": {"a": {"min_mark": 5, "max_mark": 3}}}`,
		"ErrScale":      `{"version": "1", "sets": {"a": {"min_mark": 0, "max_mark": 3, "weights": {"log_words": 1}, "scales": {"log_words": 0}}}}`,
		"ErrCutsOrder":  `{"version": "1", "sets": {"a": {"min_mark": 0, "max_mark": 3, "cuts": [2, 1, 3]}}}`,
		"ErrUnknownKey": `{"version": "1", "sets": {"a": {"min_mark": 0, "max_mark": 3}}, "extra": 1}`,
	}
	for name, in := range tests {
		t.Run(name, func(t *testing.T) {
			_, err := rubric.ParseProfile([]byte(in))
			assert.ErrorIs(t, err, rubric.ErrBadProfile)
		})
	}
	two := `{"version": "1", "sets": {"a": {"min_mark": 0, "max_mark": 3}, "b": {"min_mark": 0, "max_mark": 3}}}`
	p, err = rubric.ParseProfile([]byte(two))
	require.NoError(t, err)
	_, err = p.Set("")
	assert.ErrorContains(t, err, "name one")
}

func TestMarkOfCuts(t *testing.T) {
	m := &rubric.SetModel{MinMark: 1, MaxMark: 4, Cuts: []float64{1.4, 2.6, 3.5}}
	for pred, want := range map[float64]int{-3: 1, 1.39: 1, 1.4: 2, 2.0: 2, 2.6: 3, 3.49: 3, 3.5: 4, 99: 4} {
		assert.Equal(t, want, m.MarkOf(pred), "prediction %v", pred)
	}
	plain := &rubric.SetModel{MinMark: 0, MaxMark: 3}
	assert.Equal(t, 2, plain.MarkOf(1.6))
	assert.Equal(t, 3, plain.MarkOf(7))
}

func TestFeaturesIgnoreRepeats(t *testing.T) {
	res, err := engine(t).Analyze(context.Background(), standard.Request{Text: strongEssay})
	require.NoError(t, err)
	doubled, err := engine(t).Analyze(context.Background(), standard.Request{Text: strongEssay + "\n\n" + strongEssay})
	require.NoError(t, err)
	a := rubric.ComputeFeatures(res, "")
	b := rubric.ComputeFeatures(doubled, "")
	for _, f := range []string{rubric.FeatLogWords, rubric.FeatLogTypes, rubric.FeatConnectives} {
		assert.InDelta(t, a[f], b[f], 1e-9, "%s does not grow when the essay is repeated", f)
	}
	assert.Greater(t, b[rubric.FeatDuplicateShare], 0.4)
	for _, name := range rubric.FeatureNames {
		_, ok := a[name]
		assert.True(t, ok, "feature %s is always computed", name)
	}
}
