package rubric_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/clio-history/clio/rubric"
)

type sidecar struct {
	Question      string `json:"question"`
	Rubric        string `json:"rubric"`
	IntendedLevel *struct {
		Min int `json:"min"`
		Max int `json:"max"`
	} `json:"intended_level"`
	IntendedMark *struct {
		Min int `json:"min"`
		Max int `json:"max"`
	} `json:"intended_mark"`
	Planted struct {
		Misspellings []json.RawMessage `json:"misspellings"`
		DateErrors   []json.RawMessage `json:"date_errors"`
	} `json:"planted"`
}

// TestFixturesLandInTheirLevels marks every fixture with a sidecar and
// checks it lands in its intended level range. A fixture whose planted
// weakness needs an analyzer the standard engine does not yet run (spelling
// slips need "spelling", wrong dates need "dates") is reported, not failed.
func TestFixturesLandInTheirLevels(t *testing.T) {
	// Each essay's sidecar is NAME.json beside NAME.txt (NAME.golden.json is
	// its golden report, not a sidecar).
	essays, err := filepath.Glob("../fixtures/*.txt")
	files := make([]string, len(essays))
	for i, e := range essays {
		files[i] = strings.TrimSuffix(e, ".txt") + ".json"
	}
	require.NoError(t, err)
	if len(files) == 0 {
		t.Skip("no fixtures yet")
	}
	running := engine(t).Analyzers()
	for _, f := range files {
		name := strings.TrimSuffix(filepath.Base(f), ".json")
		t.Run(name, func(t *testing.T) {
			b, err := os.ReadFile(f)
			require.NoError(t, err)
			var sc sidecar
			require.NoError(t, json.Unmarshal(b, &sc))
			if sc.IntendedLevel == nil {
				t.Skip("sidecar has no intended_level")
			}
			text, err := os.ReadFile(strings.TrimSuffix(f, ".json") + ".txt")
			if err != nil {
				t.Skipf("no essay beside the sidecar: %v", err)
			}
			id := sc.Rubric
			if id == "" {
				id = rubric.DefaultID
			}
			rep := markText(t, string(text), sc.Question, id)
			t.Logf("%s: Level %d, %d/%d (intended Level %d–%d); confidence %.2f",
				name, rep.Level, rep.Mark, rep.MaxMark, sc.IntendedLevel.Min, sc.IntendedLevel.Max, rep.Confidence)
			var needs []string
			if len(sc.Planted.Misspellings) > 0 && !slices.Contains(running, "spelling") {
				needs = append(needs, "spelling")
			}
			if len(sc.Planted.DateErrors) > 0 && !slices.Contains(running, "dates") {
				needs = append(needs, "dates")
			}
			in := rep.Level >= sc.IntendedLevel.Min && rep.Level <= sc.IntendedLevel.Max
			if len(needs) > 0 {
				t.Logf("%s: needs the %v analyzer(s) to be judged; in range now: %v", name, needs, in)
				return
			}
			assert.True(t, in, "%s lands at Level %d, intended %d–%d", name, rep.Level, sc.IntendedLevel.Min, sc.IntendedLevel.Max)
		})
	}
}
