package main

import (
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/clio-history/clio/rubric"
)

var update = flag.Bool("update", false, "rewrite the fixtures' golden reports")

// TestGoldenReports marks every fixture essay as `clio mark --format json`
// would and compares the report with fixtures/NAME.golden.json. Review the
// diff after regenerating with: go test ./cmd/clio -run Golden -update
func TestGoldenReports(t *testing.T) {
	essays, err := filepath.Glob(filepath.Join("..", "..", "fixtures", "*.txt"))
	require.NoError(t, err)
	require.NotEmpty(t, essays, "the fixture essays are part of the repository")
	for _, path := range essays {
		name := strings.TrimSuffix(filepath.Base(path), ".txt")
		t.Run(name, func(t *testing.T) {
			code, out, errOut := clio(t, "", "mark", "--format", "json", path)
			require.Equal(t, 0, code, errOut)
			var rep rubric.Report
			require.NoError(t, json.Unmarshal([]byte(out), &rep))
			text, err := os.ReadFile(path)
			require.NoError(t, err)
			for _, f := range rep.Findings {
				require.Equal(t, string(text[f.Start:f.End]), f.Text, "finding %s", f.ID)
			}
			for _, d := range rep.Dates {
				require.Equal(t, string(text[d.Start:d.End]), d.Text, "date %s", d.ID)
			}
			// Timings and the build's version vary from run to run.
			rep.Stats.ElapsedMS = 0
			rep.Versions.Clio = ""
			got, err := json.MarshalIndent(rep, "", "  ")
			require.NoError(t, err)
			got = append(got, '\n')
			golden := strings.TrimSuffix(path, ".txt") + ".golden.json"
			if *update {
				require.NoError(t, os.WriteFile(golden, got, 0o644))
				return
			}
			want, err := os.ReadFile(golden)
			require.NoError(t, err, "no golden report: run go test ./cmd/clio -run Golden -update")
			assert.Equal(t, string(want), string(got), "report changed: if intended, regenerate with -update and review the diff")
		})
	}
}
