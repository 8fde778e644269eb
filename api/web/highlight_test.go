package web

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/clio-history/clio/analysis"
)

func finding(id, code string, sev analysis.Severity, start, end int) analysis.Finding {
	return analysis.Finding{ID: id, Code: code, Severity: sev, Span: analysis.Span{Start: start, End: end}, Message: "msg " + id}
}

func TestHighlight(t *testing.T) {
	for _, tc := range []struct {
		name     string
		text     string
		findings []analysis.Finding
		want     []string // substrings of the HTML
		notWant  []string
		whole    []bool
	}{
		{
			name:     "OneSpellingSlip",
			text:     "Mary was religous.",
			findings: []analysis.Finding{finding("f1", "spelling.misspelled", analysis.SeverityError, 9, 17)},
			want:     []string{`Mary was <mark class="hl hl-spelling" tabindex="0" data-tip="Spelling: msg f1" aria-describedby="note-f1-0">religous</mark>.`},
			whole:    []bool{false},
		},
		{
			name: "OverlapSplitsIntoRuns",
			text: "In 1554 Wyatt rebelled.",
			findings: []analysis.Finding{
				finding("f1", "evidence.unsupported", analysis.SeverityWarning, 0, 23),
				finding("f2", "dates.conflict", analysis.SeverityError, 3, 7),
			},
			want: []string{
				`<mark class="hl hl-unsupported" tabindex="0" data-tip="Unsupported paragraph: msg f1" aria-describedby="note-f1-0">In </mark>`,
				`<mark class="hl hl-unsupported hl-date" tabindex="0" data-tip="Unsupported paragraph: msg f1 · Date: msg f2" aria-describedby="note-f1-0 note-f2-1">1554</mark>`,
				`aria-describedby="note-f1-0"> Wyatt rebelled.</mark>`,
			},
			whole: []bool{false, false},
		},
		{
			name:     "EssayTextIsEscaped",
			text:     `<script>alert("x")</script> & more`,
			findings: []analysis.Finding{finding("f1", "argument.judgement", analysis.SeverityStrength, 8, 18)},
			want:     []string{`&lt;script&gt;<mark class="hl hl-judgement"`, `alert(&#34;x&#34;)</mark>&lt;/script&gt; &amp; more`},
			notWant:  []string{"<script>"},
			whole:    []bool{false},
		},
		{
			name: "BadSpansAreListedNotHighlighted",
			text: "Édouard was king.",
			findings: []analysis.Finding{
				finding("f1", "evidence.factor-missing", analysis.SeverityWarning, 0, 0), // whole essay
				finding("f2", "spelling.misspelled", analysis.SeverityError, 1, 5),       // inside "É"
				finding("f3", "spelling.misspelled", analysis.SeverityError, 10, 99),     // past the end
				finding("f4", "spelling.misspelled", analysis.SeverityError, -1, 3),      // negative
				finding("f5", "structure.long-sentence", analysis.SeverityInfo, 8, 5),    // reversed
				finding("f6", "spelling.misspelled", analysis.SeverityError, 0, 8),       // "Édouard"
			},
			want:  []string{`aria-describedby="note-f6-5">Édouard</mark> was king.`},
			whole: []bool{true, true, true, true, true, false},
		},
		{
			name:     "HostileMessageIsEscapedInTheTip",
			text:     "Mary was queen.",
			findings: []analysis.Finding{{ID: `f1" onmouseover="x`, Code: "spelling.misspelled", Span: analysis.Span{Start: 0, End: 4}, Message: `"><script>`}},
			want:     []string{`data-tip="Spelling: &#34;&gt;&lt;script&gt;"`, `aria-describedby="note-f1onmouseoverx-0"`},
			notWant:  []string{`onmouseover="x`},
			whole:    []bool{false},
		},
		{
			name:  "NoFindings",
			text:  "a < b",
			want:  []string{"a &lt; b"},
			whole: []bool{},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			html, notes := Highlight(tc.text, tc.findings)
			s := string(html)
			for _, w := range tc.want {
				assert.Contains(t, s, w)
			}
			for _, w := range tc.notWant {
				assert.NotContains(t, s, w)
			}
			assert.Len(t, notes, len(tc.whole))
			for i, w := range tc.whole {
				assert.Equal(t, w, notes[i].Whole, "note %d", i)
			}
			// Taking the tags away gives back exactly the escaped text.
			plain := strings.NewReplacer("</mark>", "").Replace(s)
			for strings.Contains(plain, "<mark ") {
				i := strings.Index(plain, "<mark ")
				j := strings.Index(plain[i:], ">")
				plain = plain[:i] + plain[i+j+1:]
			}
			assert.Equal(t, strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&#34;", "'", "&#39;").Replace(tc.text), plain)
		})
	}
}

func TestReadableSuggestions(t *testing.T) {
	for _, tc := range []struct {
		name string
		in   []string
		want []string
	}{
		{"Word", []string{"religious", "relics"}, []string{"religious", "relics"}},
		{"OneSpace", []string{" "}, []string{"one space"}},
		{"NoBreakSpace", []string{"\u00a0"}, []string{"one space"}},
		{"Delete", []string{""}, []string{"nothing (delete it)"}},
		{"LineBreak", []string{"\n"}, []string{"a line break"}},
		{"None", nil, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			assert.Equal(t, tc.want, readableSuggestions(tc.in))
		})
	}
}
