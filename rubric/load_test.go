package rubric_test

import (
	"encoding/json"
	"testing"
	"testing/fstest"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/clio-history/clio/rubric"
)

func TestBuiltinRubrics(t *testing.T) {
	set, err := rubric.Builtin()
	require.NoError(t, err)
	tests := []struct {
		id      string
		maxMark int
		bands   [][2]int
	}{
		{"aqa-a-level-essay-25", 25, [][2]int{{1, 5}, {6, 10}, {11, 15}, {16, 20}, {21, 25}}},
		{"pearson-edexcel-a-level-essay-20", 20, [][2]int{{1, 4}, {5, 8}, {9, 12}, {13, 16}, {17, 20}}},
		{"ocr-a-level-period-study-essay-20", 20, [][2]int{{1, 3}, {4, 6}, {7, 9}, {10, 12}, {13, 16}, {17, 20}}},
		{"generic-percentage", 100, [][2]int{{0, 19}, {20, 39}, {40, 59}, {60, 79}, {80, 100}}},
		// GCSE: AQA 8145's bands agree with the levels and marks examiners
		// give in the history-marked benchmark's commentaries.
		{"aqa-gcse-history-4", 4, [][2]int{{1, 2}, {3, 4}}},
		{"aqa-gcse-history-8", 8, [][2]int{{1, 2}, {3, 4}, {5, 6}, {7, 8}}},
		{"aqa-gcse-history-12", 12, [][2]int{{1, 3}, {4, 6}, {7, 9}, {10, 12}}},
		{"aqa-gcse-history-16", 16, [][2]int{{1, 4}, {5, 8}, {9, 12}, {13, 16}}},
		{"pearson-edexcel-gcse-explain-12", 12, [][2]int{{1, 3}, {4, 6}, {7, 9}, {10, 12}}},
		{"pearson-edexcel-gcse-essay-16", 16, [][2]int{{1, 4}, {5, 8}, {9, 12}, {13, 16}}},
		{"pearson-edexcel-gcse-narrative-8", 8, [][2]int{{1, 2}, {3, 5}, {6, 8}}},
		{"ocr-gcse-summary-9", 9, [][2]int{{1, 3}, {4, 6}, {7, 9}}},
		{"ocr-gcse-explain-10", 10, [][2]int{{1, 2}, {3, 4}, {5, 6}, {7, 8}, {9, 10}}},
		{"ocr-gcse-essay-18", 18, [][2]int{{1, 3}, {4, 6}, {7, 9}, {10, 12}, {13, 15}, {16, 18}}},
	}
	require.Len(t, set.All(), len(tests))
	for _, tt := range tests {
		t.Run(tt.id, func(t *testing.T) {
			r, ok := set.Get(tt.id)
			require.True(t, ok)
			assert.Equal(t, tt.maxMark, r.MaxMark)
			require.Len(t, r.Levels, len(tt.bands))
			for i, b := range tt.bands {
				assert.Equal(t, rubric.Band{Min: b[0], Max: b[1]}, r.Levels[i].Band, "level %d", i+1)
			}
			if r.Qualification == "gcse" {
				// A short answer's scheme judges what its question asks;
				// every one is capped when too short for its question.
				assert.NotEmpty(t, r.Criteria)
				whens := map[string]bool{}
				for _, c := range r.Caps {
					whens[c.When] = true
				}
				assert.True(t, whens[rubric.CapTooShort])
				return
			}
			ids := map[string]bool{}
			for _, c := range r.Criteria {
				ids[c.ID] = true
			}
			for _, want := range rubric.KnownCriteria {
				assert.True(t, ids[want], "criterion %s", want)
			}
			whens := map[string]bool{}
			for _, c := range r.Caps {
				whens[c.When] = true
			}
			assert.True(t, whens[rubric.CapNoJudgement], "a rubric caps answers with no judgement")
			assert.True(t, whens[rubric.CapNarrative], "a rubric caps narrative answers")
		})
	}
}

// validRubric is a small rubric the error cases below break one field at a
// time.
func validRubric() map[string]any {
	return map[string]any{
		"id": "custom", "name": "Custom", "board": "School", "max_mark": 10,
		"levels": []any{
			map[string]any{"level": 1, "band": map[string]any{"min": 1, "max": 5}, "descriptor": "Weak."},
			map[string]any{"level": 2, "band": map[string]any{"min": 6, "max": 10}, "descriptor": "Strong."},
		},
		"criteria": []any{
			map[string]any{"id": "argument", "name": "Argument", "weight": 0.6},
			map[string]any{"id": "evidence", "name": "Evidence", "weight": 0.4},
		},
		"caps": []any{map[string]any{"when": "no-judgement", "max_level": 1, "reason": "No judgement."}},
	}
}

func TestParseCustomRubric(t *testing.T) {
	tests := []struct {
		name    string
		mutate  func(m map[string]any)
		wantErr string
	}{
		{"Valid", func(map[string]any) {}, ""},
		{"ErrMissingID", func(m map[string]any) { delete(m, "id") }, "field id is missing"},
		{"ErrMissingName", func(m map[string]any) { m["name"] = "" }, "field name is missing"},
		{"ErrZeroMaxMark", func(m map[string]any) { m["max_mark"] = 0 }, "max_mark must be between 1 and 1000"},
		{"ErrUnknownField", func(m map[string]any) { m["colour"] = "red" }, "unknown field"},
		{"ErrBandGap", func(m map[string]any) {
			m["levels"].([]any)[1].(map[string]any)["band"] = map[string]any{"min": 7, "max": 10}
		}, "band starts at 7 but the level below ends at 5"},
		{"ErrTopBand", func(m map[string]any) { m["max_mark"] = 12 }, "top band ends at 10 but max_mark is 12"},
		{"ErrLevelNumber", func(m map[string]any) { m["levels"].([]any)[1].(map[string]any)["level"] = 3 }, "level must be 2, got 3"},
		{"ErrNegativeBand", func(m map[string]any) {
			m["levels"].([]any)[0].(map[string]any)["band"] = map[string]any{"min": -1, "max": 5}
		}, "band min -1 is below 0"},
		{"ErrNoDescriptor", func(m map[string]any) { m["levels"].([]any)[0].(map[string]any)["descriptor"] = "" }, "descriptor is missing"},
		{"ErrWeights", func(m map[string]any) { m["criteria"].([]any)[0].(map[string]any)["weight"] = 0.5 }, "weights add up to 0.900, not 1"},
		{"ErrUnknownCriterion", func(m map[string]any) { m["criteria"].([]any)[0].(map[string]any)["id"] = "style" }, `id "style" is not a criterion Clio can judge`},
		{"ErrDuplicateCriterion", func(m map[string]any) { m["criteria"].([]any)[1].(map[string]any)["id"] = "argument" }, `id "argument" is used twice`},
		{"ErrCapLevel", func(m map[string]any) { m["caps"].([]any)[0].(map[string]any)["max_level"] = 4 }, "max_level 4 is not a level"},
		{"ErrCapCondition", func(m map[string]any) { m["caps"].([]any)[0].(map[string]any)["when"] = "boring" }, `when "boring" is not a condition`},
		{"ErrNoLevels", func(m map[string]any) { m["levels"] = []any{} }, "at least one level"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := validRubric()
			tt.mutate(m)
			b, err := json.Marshal(m)
			require.NoError(t, err)
			r, err := rubric.Parse(b)
			if tt.wantErr == "" {
				require.NoError(t, err)
				assert.Equal(t, 2, r.MaxLevel())
				return
			}
			require.Error(t, err)
			assert.ErrorIs(t, err, rubric.ErrInvalid)
			assert.Contains(t, err.Error(), tt.wantErr)
		})
	}
}

func TestParseBadInput(t *testing.T) {
	for name, in := range map[string]string{
		"Empty": "", "NotJSON": "levels: 5", "Binary": "\x00\xff\xfe", "Array": "[1,2]", "Null": "null",
	} {
		t.Run(name, func(t *testing.T) {
			_, err := rubric.Parse([]byte(in))
			assert.ErrorIs(t, err, rubric.ErrInvalid)
		})
	}
}

func TestLoadFSDuplicateID(t *testing.T) {
	b, err := json.Marshal(validRubric())
	require.NoError(t, err)
	fsys := fstest.MapFS{"r/a.json": {Data: b}, "r/b.json": {Data: b}, "r/notes.txt": {Data: []byte("x")}}
	_, err = rubric.LoadFS(fsys, "r")
	require.Error(t, err)
	assert.Contains(t, err.Error(), `id "custom" is used twice`)

	set, err := rubric.LoadFS(fstest.MapFS{"r/a.json": {Data: b}}, "r")
	require.NoError(t, err)
	_, ok := set.Get("custom")
	assert.True(t, ok)
}

// FuzzParse feeds arbitrary bytes to the rubric loader, as an admin's upload
// would: it must refuse bad rubrics with an error, never panic, and anything
// it accepts must be usable for marking.
func FuzzParse(f *testing.F) {
	set, err := rubric.Builtin()
	require.NoError(f, err)
	for _, r := range set.All() {
		b, err := json.Marshal(r)
		require.NoError(f, err)
		f.Add(b)
	}
	f.Add([]byte(`{"id":"x","levels":[{"level":1,"band":{"min":5,"max":1}}]}`))
	f.Add([]byte(`{`))
	f.Fuzz(func(t *testing.T, b []byte) {
		r, err := rubric.Parse(b)
		if err != nil {
			return
		}
		if r.MaxLevel() < 1 {
			t.Fatalf("accepted a rubric with no levels: %s", b)
		}
		if _, ok := r.LevelFor(r.MaxMark); !ok {
			t.Fatalf("accepted a rubric whose top mark has no level: %s", b)
		}
	})
}
