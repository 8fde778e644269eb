package history

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/clio-history/clio/analysis"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// detectCase is one line of testdata/detect/*.jsonl.
//
// The rule for want: a pack id, or "" for a question no pack covers. A
// detection is right when the wanted pack is the one chosen or one of the
// packs of its exam option used with it (Detection.Packs). A want
// that names a pack which is not loaded (one still to be written, such as
// "tudors-1485-1603") expects no pack until that pack lands, and that pack
// once it does; so the set stays valid as packs are added, and a question
// written today for a topic without a pack must get none.
//
// Also lists other packs whose knowledge serves the text as well, because
// exam options on both topics set it (the Hungarian rising of 1956 is taught
// in Cold War options and in the USSR and satellite states options): getting
// one of them counts as right. Only the loaded ones count, and a text whose
// want is not loaded expects one of them (or none when none is loaded).
type detectCase struct {
	Text string   `json:"text"`
	Want string   `json:"want"`
	Also []string `json:"also,omitempty"`
	Kind string   `json:"kind"` // "question", or "opening": an essay's first paragraph, no question
	file string
	line int
}

func loadDetectCases(t testing.TB) []detectCase {
	t.Helper()
	files, err := filepath.Glob(filepath.Join("testdata", "detect", "*.jsonl"))
	require.NoError(t, err)
	require.NotEmpty(t, files)
	var out []detectCase
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
			var c detectCase
			require.NoError(t, dec.Decode(&c), "%s:%d", f, n)
			require.NotEmpty(t, c.Text, "%s:%d", f, n)
			require.Contains(t, []string{"question", "opening"}, c.Kind, "%s:%d: kind", f, n)
			for _, id := range append([]string{c.Want}, c.Also...) {
				if id != "" {
					require.Regexp(t, idPattern, id, "%s:%d: want", f, n)
				}
			}
			c.file, c.line = filepath.Base(f), n
			out = append(out, c)
		}
		require.NoError(t, sc.Err())
		fh.Close()
	}
	return out
}

// detectResult is the confusion of one run over the set.
type detectResult struct {
	n, right, wrong, none int
	// table[want][got] counts, "" for none.
	table map[string]map[string]int
	// perPack counts questions whose want is a loaded pack, by pack.
	perPack map[string]int
}

func runDetect(t testing.TB, lib *Library, cases []detectCase, log bool) detectResult {
	r := detectResult{table: map[string]map[string]int{}, perPack: map[string]int{}}
	for _, c := range cases {
		want := c.Want
		if _, ok := lib.Pack(want); !ok {
			want = ""
		}
		var also []string
		for _, id := range c.Also {
			if _, ok := lib.Pack(id); ok {
				also = append(also, id)
			}
		}
		if want == "" && len(also) > 0 {
			want, also = also[0], also[1:]
		}
		var d Detection
		if c.Kind == "opening" {
			d = lib.DetectTopic("", c.Text)
		} else {
			d = lib.DetectTopic(c.Text, "")
		}
		got := ""
		if d.Pack != nil {
			got = d.Pack.ID
			// An option's packs are used together: the wanted pack among
			// them is the right knowledge.
			for _, p := range d.Packs {
				if p.ID == want {
					got = want
				}
			}
			if slices.Contains(also, got) {
				got = want
			}
		}
		if r.table[want] == nil {
			r.table[want] = map[string]int{}
		}
		r.table[want][got]++
		if want != "" {
			r.perPack[want]++
		}
		r.n++
		switch {
		case got == want:
			r.right++
		case got == "":
			r.none++
			if log {
				t.Logf("none  %s:%d want %s: %q (%s)", c.file, c.line, want, c.Text, d.Reason)
			}
		default:
			r.wrong++
			if log {
				t.Logf("WRONG %s:%d want %q got %s: %q (%s)", c.file, c.line, want, got, c.Text, d.Reason)
			}
		}
	}
	return r
}

func (r detectResult) markdown() string {
	var ids []string
	cols := map[string]bool{}
	for w, row := range r.table {
		ids = append(ids, w)
		for g := range row {
			cols[g] = true
		}
	}
	for g := range cols {
		if _, ok := r.table[g]; !ok {
			ids = append(ids, g)
		}
	}
	sort.Strings(ids)
	// "" (no pack) last.
	if len(ids) > 0 && ids[0] == "" {
		ids = append(ids[1:], "")
	}
	name := func(s string) string {
		if s == "" {
			return "none"
		}
		return s
	}
	var b strings.Builder
	b.WriteString("| want \\ got |")
	for _, g := range ids {
		fmt.Fprintf(&b, " %s |", name(g))
	}
	b.WriteString("\n|---|")
	for range ids {
		b.WriteString("---:|")
	}
	b.WriteString("\n")
	for _, w := range ids {
		if r.table[w] == nil {
			continue
		}
		fmt.Fprintf(&b, "| %s |", name(w))
		for _, g := range ids {
			fmt.Fprintf(&b, " %d |", r.table[w][g])
		}
		b.WriteString("\n")
	}
	fmt.Fprintf(&b, "\n%d texts: %d right (%.1f%%), %d wrong pack (%.1f%%), %d none where a pack was wanted (%.1f%%)\n",
		r.n, r.right, pct(r.right, r.n), r.wrong, pct(r.wrong, r.n), r.none, pct(r.none, r.n))
	return b.String()
}

func pct(a, b int) float64 {
	if b == 0 {
		return 0
	}
	return 100 * float64(a) / float64(b)
}

// TestDetectionSet runs Detect over every question and opening in
// testdata/detect and holds it to the targets: at least 97% right,
// at most 1% a wrong pack, the rest none. The confusion table is logged (-v)
// for the README.
func TestDetectionSet(t *testing.T) {
	lib := library(t)
	cases := loadDetectCases(t)
	r := runDetect(t, lib, cases, true)
	t.Log("\n" + r.markdown())

	questions, openings, noPack := 0, 0, 0
	for _, c := range cases {
		switch _, ok := lib.Pack(c.Want); {
		case c.Kind == "opening":
			openings++
		case !ok:
			noPack++
			questions++
		default:
			questions++
		}
	}
	assert.GreaterOrEqual(t, openings, 30, "openings without a question")
	assert.GreaterOrEqual(t, noPack, 40, "questions on topics with no pack")
	for _, p := range lib.Packs() {
		if p.Kind == "topic" {
			assert.GreaterOrEqual(t, r.perPack[p.ID], 10, "questions and openings for %s", p.ID)
		}
	}
	assert.GreaterOrEqual(t, pct(r.right, r.n), 97.0, "right pack")
	assert.LessOrEqual(t, pct(r.wrong, r.n), 1.0, "wrong pack")
}

// TestDetectExplains checks that a detection says which names decided it,
// and that a refusal says why.
func TestDetectExplains(t *testing.T) {
	lib := library(t)
	d := lib.DetectTopic("Why did Stalin emerge as leader of the Soviet Union by 1929?", "")
	require.NotNil(t, d.Pack)
	assert.Equal(t, "russia-1917-1953", d.Pack.ID)
	assert.Equal(t, "question", d.By)
	require.NotEmpty(t, d.Evidence)
	assert.Equal(t, "stalin", d.Evidence[0].ID)
	assert.True(t, d.Evidence[0].InQuestion)
	assert.Contains(t, d.Reason, "Joseph Stalin")
	assert.Equal(t, []*Pack{d.Pack}, d.Packs)

	d = lib.DetectTopic("How far was Stalin responsible for the origins of the Cold War?", "")
	if _, ok := lib.Pack("cold-war-1945-1991"); !ok {
		assert.Nil(t, d.Pack, "the Russia pack knows Stalin but not the Cold War")
		assert.Contains(t, d.Reason, "no pack")
	}

	d = lib.DetectTopic("How successful was Henry VII in securing his throne by 1509?", "")
	assert.Nil(t, d.Pack)
	assert.Contains(t, d.Reason, "no pack")
}

// TestDetectHitlerEssayMentioningStalin: an essay on Hitler's rise that
// names Stalin once must not get the Russia pack.
func TestDetectHitlerEssayMentioningStalin(t *testing.T) {
	lib := library(t)
	essay := strings.Repeat("Hitler became Chancellor because Hindenburg and Papen believed they could control him. "+
		"The Depression destroyed support for the Weimar Republic and the Nazis won votes in the Reichstag elections. ", 5) +
		"Stalin told the German Communists to fight the Social Democrats instead of the Nazis."
	for _, q := range []string{"Why did Hitler become Chancellor in January 1933?", ""} {
		d := lib.DetectTopic(q, essay)
		if d.Pack != nil {
			assert.NotEqual(t, "russia-1917-1953", d.Pack.ID, "question %q: %s", q, d.Reason)
		}
	}
}

// TestDetectOptionPacks: a question whose years run across an option's
// packs gets every loaded pack of the option those years reach, the detected
// one first; of several options with the pack, the one whose own years are
// closest to the question's.
func TestDetectOptionPacks(t *testing.T) {
	lib := library(t)
	tests := []struct {
		question string
		want     []string // of which the loaded ones are expected
	}{
		// Pearson Edexcel's Russia, 1917–91.
		{"How far did Stalin's rule change the Soviet Union in the years 1917–1991?",
			[]string{"russia-1917-1953", "ussr-1953-1991"}},
		// AQA's Tsarist and Communist Russia, 1855–1964.
		{"How far did Stalin's rule change the Soviet Union in the years 1855–1964?",
			[]string{"russia-1855-1917", "russia-1917-1953", "ussr-1953-1991"}},
	}
	for _, tt := range tests {
		d := lib.DetectTopic(tt.question, "")
		require.NotNil(t, d.Pack, tt.question)
		assert.Equal(t, d.Pack, d.Packs[0])
		var want []string
		for _, id := range tt.want {
			if _, ok := lib.Pack(id); ok {
				want = append(want, id)
			}
		}
		var got []string
		for _, p := range d.Packs {
			got = append(got, p.ID)
		}
		assert.ElementsMatch(t, want, got, tt.question)
		if len(want) > 1 {
			require.NotNil(t, d.Option, tt.question)
		}
	}

	// Years inside one pack keep to it.
	d := lib.DetectTopic("Why did Stalin emerge as leader of the Soviet Union by 1929?", "")
	require.NotNil(t, d.Pack)
	assert.Len(t, d.Packs, 1)
}

// BenchmarkDetectEssayOnly is the worst case: no question, so every pack
// reads the essay.
func BenchmarkDetectEssayOnly1000Words(b *testing.B) {
	lib := library(b)
	essay := essay1000(b)
	b.ReportAllocs()
	cpu := cpuTime(b)
	for b.Loop() {
		lib.DetectTopic("", essay)
	}
	reportCPU(b, cpu)
}

// TestDetectDeeperPack: a narrower pack inside a wider one (Mary I inside
// the Tudors) is chosen only when the question's years lie within it.
func TestDetectDeeperPack(t *testing.T) {
	src := `"sources": ["https://en.wikipedia.org/wiki/Mary_I_of_England"]`
	pack := func(id, period string) string {
		return `{"id": "` + id + `", "title": "T ` + id + `", "kind": "topic", "period": "` + period + `",
 "people": [{"id": "mary", "name": "Mary I", "variants": ["Mary Tudor"], "born": "1516-02-18", "died": "1558-11-17", ` + src + `},
            {"id": "pole", "name": "Reginald Pole", "variants": ["Pole"], "died": "1558-11-17", ` + src + `}],
 "events": [{"id": "accession", "name": "Accession of Mary I", "when": "1553-07", "people": ["mary"], ` + src + `},
            {"id": "burnings", "name": "Marian persecutions", "when": "1555/1558", "people": ["mary", "pole"], ` + src + `}],
 "organisations": [], "places": [], "terms": [], "historians": [], "questions": []}`
	}
	lib, err := LoadFS(fstest.MapFS{
		"tudors.json":    {Data: []byte(pack("tudors", "1485/1603"))},
		"mary.json":      {Data: []byte(pack("mary", "1547/1558"))},
		"unrelated.json": {Data: []byte(`{"id": "unrelated", "title": "U", "kind": "topic", "period": "1900/1950", "people": [], "events": [], "organisations": [], "places": [], "terms": [], "historians": [], "questions": []}`)},
	})
	require.NoError(t, err)
	tests := []struct{ question, want string }{
		{"How successful was Mary I's religious policy in the years 1553–58?", "mary"},
		{"How far did Mary I and Pole change the English Church in 1555?", "mary"},
		{"How far did the Church change under Mary I in the years 1534–1603?", "tudors"},
		{"How far was Mary I a successful ruler compared with the other Tudors in 1485–1603?", "tudors"},
	}
	for _, tt := range tests {
		d := lib.DetectTopic(tt.question, "")
		require.NotNil(t, d.Pack, "%s: %s", tt.question, d.Reason)
		assert.Equal(t, tt.want, d.Pack.ID, tt.question)
	}
}

// TestDetectQuestionPeriod: the period analysis/question reads from a
// question is what detection judges its years by, in forms the plain text
// reader does not know (a century, "in the years to 1941" as an open span).
func TestDetectQuestionPeriod(t *testing.T) {
	lib := library(t)
	tests := []struct {
		text   string
		period *analysis.Period
		want   string // "" for none
	}{
		{"How successful was Mary I's religious policy in the mid-sixteenth century?", &analysis.Period{From: 1550, To: 1560}, "mary-i"},
		{"How successful was Mary I's religious policy in the mid-sixteenth century?", nil, "mary-i"},
		// The same names in another period are another topic.
		{"How far did the Church change under Mary I in the twentieth century?", &analysis.Period{From: 1901, To: 2000}, ""},
		{"How far did Stalin strengthen his position in the years to 1941?", &analysis.Period{To: 1941}, "russia-1917-1953"},
		{"How far did Stalin strengthen his position in the years to 1941?", &analysis.Period{To: 1890}, ""},
	}
	for _, tt := range tests {
		d := lib.DetectQuestion(analysis.Question{Text: tt.text, Period: tt.period}, "")
		got := ""
		if d.Pack != nil {
			got = d.Pack.ID
		}
		assert.Equal(t, tt.want, got, "%s %v: %s", tt.text, tt.period, d.Reason)
	}
}

// TestDetectOverlapInvariance: among overlapping packs, rewording a question
// or adding or removing one shared name never moves it to another pack (it
// may lose its pack, never gain a wrong one); an essay on Hitler keeps the
// Germany pack whether or not it mentions Stalin.
func TestDetectOverlapInvariance(t *testing.T) {
	lib := library(t)
	hitler := strings.Repeat("Hitler became Chancellor because Hindenburg and Papen believed they could control him. "+
		"The Depression destroyed support for the Weimar Republic and the Nazis won votes in the Reichstag elections. ", 4)
	groups := []struct {
		want  string
		texts [][2]string // question, essay
	}{
		{"germany-1871-1945", [][2]string{
			{"Why did Hitler become Chancellor in January 1933?", ""},
			{"Why was Hitler appointed Chancellor of Germany in 1933?", ""},
			{"How important was the Depression, rather than the policies of Stalin, in Hitler's appointment as Chancellor in 1933?", ""},
			{"", hitler},
			{"", hitler + "Stalin told the German Communists to fight the Social Democrats instead of the Nazis."},
			{"Why did Hitler become Chancellor in January 1933?", hitler + "Stalin's Comintern helped him."},
		}},
		{"cold-war-1945-1991", [][2]string{
			{"Why did the Cold War begin in the years 1945–49?", ""},
			{"How far was Stalin responsible for the start of the Cold War in the years 1945–49?", ""},
			{"How far was Truman responsible for the start of the Cold War in the years 1945–49?", ""},
			{"Why did relations between the superpowers break down into a Cold War after 1945?", ""},
		}},
		{"russia-1917-1953", [][2]string{
			{"Why did Stalin emerge as leader of the Soviet Union by 1929?", ""},
			{"Why was Stalin able to defeat his rivals for the leadership in the years 1924–29?", ""},
			{"Why did Stalin, and not Trotsky, succeed Lenin?", ""},
		}},
		{"ussr-1953-1991", [][2]string{
			{"Why was Khrushchev removed from power in October 1964?", ""},
			{"Why was Khrushchev forced out of office in 1964?", ""},
		}},
	}
	for _, g := range groups {
		for _, tx := range g.texts {
			d := lib.DetectTopic(tx[0], tx[1])
			if d.Pack == nil {
				continue
			}
			ok := d.Pack.ID == g.want
			for _, p := range d.Packs {
				ok = ok || p.ID == g.want
			}
			assert.True(t, ok, "%q / %.50q: got %s (%s)", tx[0], tx[1], d.Pack.ID, d.Reason)
		}
		// And the first of each group is found.
		d := lib.DetectTopic(g.texts[0][0], g.texts[0][1])
		if assert.NotNil(t, d.Pack, g.texts[0][0]) {
			assert.Equal(t, g.want, d.Pack.ID, g.texts[0][0])
		}
	}
}

// TestDetectByPeriod: packs that follow one another on one country are told
// apart by the question's years when its words are the same.
func TestDetectByPeriod(t *testing.T) {
	lib := library(t)
	tests := []struct{ question, want string }{
		{"How successful were the agricultural policies of the Soviet Union in the years 1928–41?", "russia-1917-1953"},
		{"How successful were the agricultural policies of the Soviet Union in the years 1953–64?", "ussr-1953-1991"},
		{"How far did the Soviet Union change under its leaders in the years 1924–53?", "russia-1917-1953"},
		{"How far did the Soviet Union change under its leaders in the years 1953–85?", "ussr-1953-1991"},
		{"How far did the German economy recover in the years 1924–29?", "germany-1871-1945"},
		{"How far did the German economy recover in the years 1949–61?", "germany-1945-1991"},
	}
	for _, tt := range tests {
		if _, ok := lib.Pack(tt.want); !ok {
			continue
		}
		d := lib.DetectTopic(tt.question, "")
		if assert.NotNil(t, d.Pack, "%s: %s", tt.question, d.Reason) {
			assert.Equal(t, tt.want, d.Pack.ID, "%s: %s", tt.question, d.Reason)
		}
	}
}
