package api_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/clio-history/clio/api"
	"github.com/clio-history/clio/rubric"
)

// A profile that predicts 0 for every essay, so its mark is easy to tell.
const zeroProfile = `{"version":"1","rubric":"aqa-a-level-essay-25",
  "sets":{"only":{"min_mark":0,"max_mark":25,"n":10,"cv_qwk":0.5,"lambda":1,"intercept":0,
  "weights":{},"means":{},"scales":{}}}}`

func TestCalibrationProfileAppliesToItsRubric(t *testing.T) {
	p, err := rubric.ParseProfile([]byte(zeroProfile))
	require.NoError(t, err)
	plain := newEnv(t)
	calibrated := newEnv(t, func(c *api.Config) { c.Profile = p })
	body := map[string]any{"text": essayDraft2, "question": "Why did Stalin become leader of the USSR by 1929?"}

	without := plain.ok("POST", "/v1/feedback", plain.pupil, body, 200)
	assert.NotContains(t, without, "calibration")
	with := calibrated.ok("POST", "/v1/feedback", calibrated.pupil, body, 200)
	require.Contains(t, with, "calibration", "the profile placed the mark")
	assert.EqualValues(t, 0, with["calibration"].(map[string]any)["predicted"])
	assert.LessOrEqual(t, with["mark"].(float64), without["mark"].(float64))

	// Another rubric is not touched by a profile fitted on the AQA scale.
	var other string
	for _, r := range plain.ok("GET", "/v1/rubrics", plain.pupil, nil, 200)["rubrics"].([]any) {
		if id := r.(map[string]any)["id"].(string); id != "aqa-a-level-essay-25" {
			other = id
			break
		}
	}
	require.NotEmpty(t, other)
	body["rubric"] = other
	otherRep := calibrated.ok("POST", "/v1/feedback", calibrated.pupil, body, 200)
	assert.NotContains(t, otherRep, "calibration")
	assert.Equal(t, plain.ok("POST", "/v1/feedback", plain.pupil, body, 200)["mark"], otherRep["mark"])
}

func TestProfileMustNameRubricAndOneSet(t *testing.T) {
	m, err := sharedMarker()
	require.NoError(t, err)
	for name, js := range map[string]string{
		"NoRubric": `{"version":"1","sets":{"a":{"min_mark":0,"max_mark":25,"intercept":1}}}`,
		"TwoSets":  `{"version":"1","rubric":"aqa-a-level-essay-25","sets":{"a":{"max_mark":25},"b":{"max_mark":25}}}`,
	} {
		t.Run(name, func(t *testing.T) {
			p, err := rubric.ParseProfile([]byte(js))
			require.NoError(t, err)
			_, err = api.New(api.Config{Store: newEnv(t).st, Marker: m, Profile: p})
			assert.Error(t, err)
		})
	}
}
