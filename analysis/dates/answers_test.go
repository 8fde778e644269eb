package dates

import (
	"bufio"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/clio-history/clio/analysis"
	"github.com/clio-history/clio/analysis/history"
)

// answer is one line of testdata/answers/<pack-id>.jsonl: a short answer in
// our own words, with the wrong dates planted in it. Wrong is empty for an
// answer whose dates are all right.
type answer struct {
	ID       string `json:"id"`
	Topic    string `json:"topic"`
	Question string `json:"question"`
	Text     string `json:"text"`
	Wrong    []struct {
		// Text is the date expression exactly as written, once in Text.
		Text    string `json:"text"`
		Correct string `json:"correct"`
	} `json:"wrong"`
	file string
	line int
}

func loadAnswers(t *testing.T) []answer {
	t.Helper()
	files, err := filepath.Glob(filepath.Join("testdata", "answers", "*.jsonl"))
	require.NoError(t, err)
	var out []answer
	for _, f := range files {
		fh, err := os.Open(f)
		require.NoError(t, err)
		sc := bufio.NewScanner(fh)
		sc.Buffer(make([]byte, 1<<16), 1<<20)
		n := 0
		for sc.Scan() {
			n++
			if strings.TrimSpace(sc.Text()) == "" {
				continue
			}
			dec := json.NewDecoder(strings.NewReader(sc.Text()))
			dec.DisallowUnknownFields()
			var a answer
			require.NoError(t, dec.Decode(&a), "%s:%d", f, n)
			require.NotEmpty(t, a.ID, "%s:%d: id", f, n)
			require.NotEmpty(t, a.Text, "%s:%d: text", f, n)
			require.Equal(t, strings.TrimSuffix(filepath.Base(f), ".jsonl"), a.Topic, "%s:%d: topic must match the file name", f, n)
			for _, w := range a.Wrong {
				require.Equal(t, 1, strings.Count(a.Text, w.Text), "%s:%d: wrong date %q must occur exactly once in the text", f, n, w.Text)
				require.NotEmpty(t, w.Correct, "%s:%d: %q needs its correct date", f, n, w.Text)
			}
			a.file, a.line = filepath.Base(f), n
			out = append(out, a)
		}
		require.NoError(t, sc.Err())
		fh.Close()
	}
	return out
}

// accusing are the codes that tell a student a date is wrong.
var accusing = map[string]bool{CodeConflict: true, CodeAnachronism: true, CodeInconsistent: true}

// TestPlantedDateAnswers runs the dates analyzer over every answer in
// testdata/answers, with its pack, and holds each pack to the issue's
// targets: at least 75% of the planted wrong dates caught (a finding that
// says the date is wrong, overlapping it) and no correct date accused.
// Answers for a pack that is not loaded are skipped with a note.
func TestPlantedDateAnswers(t *testing.T) {
	answers := loadAnswers(t)
	if len(answers) == 0 {
		t.Skip("no answers in testdata/answers")
	}
	lib, err := history.Default()
	require.NoError(t, err)
	a := New(lib, WithNow(func() time.Time { return time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC) }))
	type tally struct{ planted, caught, accused, withWrong, allRight int }
	per := map[string]*tally{}
	for _, an := range answers {
		if _, ok := lib.Pack(an.Topic); !ok {
			t.Logf("%s:%d: pack %s is not loaded; skipped", an.file, an.line, an.Topic)
			continue
		}
		tl := per[an.Topic]
		if tl == nil {
			tl = &tally{}
			per[an.Topic] = tl
		}
		if len(an.Wrong) > 0 {
			tl.withWrong++
		} else {
			tl.allRight++
		}
		doc, err := analysis.Parse(context.Background(), an.Text)
		require.NoError(t, err, an.ID)
		q := analysis.Question{Text: an.Question, Topic: an.Topic}
		out, err := a.Analyze(context.Background(), doc, analysis.Task{Question: q, Topic: an.Topic})
		require.NoError(t, err, an.ID)
		var planted []analysis.Span
		for _, w := range an.Wrong {
			i := strings.Index(an.Text, w.Text)
			planted = append(planted, analysis.Span{Start: i, End: i + len(w.Text)})
		}
		caught := make([]bool, len(planted))
		for _, f := range out.Findings {
			if !accusing[f.Code] {
				continue
			}
			hit := false
			for i, sp := range planted {
				if f.Start < sp.End && sp.Start < f.End {
					caught[i], hit = true, true
				}
			}
			if !hit {
				tl.accused++
				t.Errorf("%s:%d %s: a right date accused: %q (%s)", an.file, an.line, an.ID, doc.Slice(f.Span), f.Message)
			}
		}
		for i, c := range caught {
			tl.planted++
			if c {
				tl.caught++
			} else {
				t.Logf("%s:%d %s: missed %q (should be %s)", an.file, an.line, an.ID, an.Wrong[i].Text, an.Wrong[i].Correct)
			}
		}
	}
	ids := make([]string, 0, len(per))
	for id := range per {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	for _, id := range ids {
		tl := per[id]
		t.Logf("%-32s answers with wrong dates %2d, all right %2d: caught %d of %d planted, %d right dates accused",
			id, tl.withWrong, tl.allRight, tl.caught, tl.planted, tl.accused)
		assert.GreaterOrEqual(t, tl.withWrong, 8, "%s: answers with planted wrong dates", id)
		assert.GreaterOrEqual(t, tl.allRight, 8, "%s: answers whose dates are all right", id)
		if tl.planted > 0 {
			assert.GreaterOrEqual(t, float64(tl.caught)/float64(tl.planted), 0.75, "%s: planted wrong dates caught", id)
		}
		assert.Zero(t, tl.accused, "%s: right dates accused", id)
	}
}

// knows reports whether the pack has a person of that name.
func knows(p *history.Pack, name string) bool {
	for _, m := range p.MentionsText(name) {
		if m.Kind == history.KindPerson && m.Start == 0 && m.End == len(name) {
			return true
		}
	}
	return false
}

// TestRegnalNumbersInEveryPack: for every person of every pack whose name
// carries a regnal number and whose death the pack knows, a sentence about a
// namesake with another number ("In 1483 … Edward IV died" for a pack that
// knows Edward VI) is not checked against them, while the same sentence
// about them is.
func TestRegnalNumbersInEveryPack(t *testing.T) {
	lib, err := history.Default()
	require.NoError(t, err)
	a := New(lib, WithNow(func() time.Time { return time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC) }))
	numerals := []string{"I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII", "XIII", "XIV", "XV", "XVI", "XVII", "XVIII"}
	tested := 0
	for _, p := range lib.Packs() {
		for _, per := range p.People {
			fields := strings.Fields(per.Name)
			own := -1
			for i, n := range numerals {
				if len(fields) > 1 && fields[len(fields)-1] == n {
					own = i
				}
			}
			if own < 0 || per.Died.IsZero() {
				continue
			}
			base := strings.Join(fields[:len(fields)-1], " ")
			wrong := itoa(per.Died.Year + 7)
			tested++
			t.Run(p.ID+"/"+per.ID, func(t *testing.T) {
				check := func(text string) []string {
					doc, err := analysis.Parse(context.Background(), text)
					require.NoError(t, err)
					out, err := a.Analyze(context.Background(), doc, analysis.Task{Topic: p.ID})
					require.NoError(t, err)
					var codes []string
					for _, f := range out.Findings {
						if accusing[f.Code] {
							codes = append(codes, f.Code)
						}
					}
					return codes
				}
				assert.NotEmpty(t, check(per.Name+" died in "+wrong+"."), "the pack's own %s is checked", per.Name)
				for i, n := range numerals {
					if i == own || knows(p, base+" "+n) {
						// The pack's own namesake is checked against them.
						continue
					}
					text := "In " + wrong + " the situation changed suddenly as " + base + " " + n + " died."
					assert.Empty(t, check(text), text)
				}
			})
		}
	}
	assert.Positive(t, tested)
}
