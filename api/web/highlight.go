package web

import (
	"html"
	"html/template"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/clio-history/clio/analysis"
)

// Note is one finding as the pages list it beside the essay.
type Note struct {
	ID          string // the finding's id, unique within the report
	Anchor      string // the HTML id of its entry in the list
	Category    string // spelling, date, unsupported, judgement, strength, other
	Label       string // the category in words
	Severity    string
	Code        string
	Text        string // the essay's words it is about
	Message     string
	Suggestions []string
	// Sources are the pages where a date Clio states was checked (a date
	// finding's data), so a tutor can check the claim in one click.
	Sources []string
	Whole   bool // about the whole essay: no highlight
}

// findingSources returns the http(s) pages a finding's data names.
func findingSources(f analysis.Finding) []string {
	var out []string
	for _, u := range strings.Fields(f.Data["sources"]) {
		if strings.HasPrefix(u, "https://") || strings.HasPrefix(u, "http://") {
			out = append(out, u)
		}
	}
	return out
}

// category sorts a finding into one of the highlight colours.
func category(f analysis.Finding) (string, string) {
	switch {
	case strings.HasPrefix(f.Code, "spelling."):
		return "spelling", "Spelling"
	case strings.HasPrefix(f.Code, "dates."):
		return "date", "Date"
	case f.Code == "evidence.unsupported":
		return "unsupported", "Unsupported paragraph"
	case f.Code == "argument.judgement" || f.Code == "argument.thesis":
		return "judgement", "Judgement"
	case f.Severity == analysis.SeverityStrength:
		return "strength", "Strength"
	default:
		return "other", "Comment"
	}
}

// validSpan reports whether sp is a non-empty span of text that starts and
// ends on character boundaries.
func validSpan(text string, sp analysis.Span) bool {
	if sp.Start < 0 || sp.End > len(text) || sp.Start >= sp.End {
		return false
	}
	if !utf8.RuneStart(text[sp.Start]) {
		return false
	}
	return sp.End == len(text) || utf8.RuneStart(text[sp.End])
}

// readableSuggestions names in words a suggestion that would otherwise be
// invisible: a double space's fix is one space, which printed as itself
// reads "Try: ." A suggestion to delete (empty) says so.
func readableSuggestions(ss []string) []string {
	if len(ss) == 0 {
		return nil
	}
	out := make([]string, 0, len(ss))
	for _, s := range ss {
		switch {
		case s == "":
			out = append(out, "nothing (delete it)")
		case s == " " || s == "\u00a0":
			out = append(out, "one space")
		case strings.TrimSpace(s) == "" && strings.Contains(s, "\n"):
			out = append(out, "a line break")
		case strings.TrimSpace(s) == "":
			out = append(out, "a single space")
		default:
			out = append(out, s)
		}
	}
	return out
}

// tip is the explanation a highlight shows on hover, focus or tap.
func tip(n Note) string {
	s := n.Label + ": " + n.Message
	if len(n.Suggestions) > 0 {
		s += " Try: " + strings.Join(n.Suggestions, ", ") + "."
	}
	return s
}

// Highlight renders text as escaped HTML with each finding's bytes wrapped
// in <mark> elements, and returns the notes in the order of the findings.
// Overlapping findings split the text into runs; each run is marked with
// every finding that covers it, so no element is ever nested or crossed.
// Findings with empty or invalid spans are listed but not highlighted.
func Highlight(text string, findings []analysis.Finding) (template.HTML, []Note) {
	notes := make([]Note, len(findings))
	var spans []int // indexes of findings with a usable span
	cuts := []int{0, len(text)}
	for i, f := range findings {
		id := f.ID
		if id == "" {
			id = "n" + strconv.Itoa(i+1)
		}
		cat, label := category(f)
		n := Note{ID: id, Anchor: "note-" + sanitizeID(id) + "-" + strconv.Itoa(i), Category: cat, Label: label,
			Severity: f.Severity.String(), Code: f.Code, Message: f.Message, Suggestions: readableSuggestions(f.Suggestions),
			Sources: findingSources(f)}
		if validSpan(text, f.Span) {
			n.Text = text[f.Start:f.End]
			spans = append(spans, i)
			cuts = append(cuts, f.Start, f.End)
		} else {
			n.Whole = true
		}
		notes[i] = n
	}
	sort.Ints(cuts)
	var b strings.Builder
	b.Grow(len(text) + len(text)/4)
	for k := 0; k+1 < len(cuts); k++ {
		a, z := cuts[k], cuts[k+1]
		if a == z {
			continue
		}
		seg := html.EscapeString(text[a:z])
		var cover []int
		for _, i := range spans {
			if findings[i].Start <= a && findings[i].End >= z {
				cover = append(cover, i)
			}
		}
		if len(cover) == 0 {
			b.WriteString(seg)
			continue
		}
		classes := []string{"hl"}
		var tips, ids []string
		seen := map[string]bool{}
		for _, i := range cover {
			n := notes[i]
			if !seen[n.Category] {
				seen[n.Category] = true
				classes = append(classes, "hl-"+n.Category)
			}
			tips = append(tips, tip(n))
			ids = append(ids, n.Anchor)
		}
		b.WriteString(`<mark class="` + strings.Join(classes, " ") + `" tabindex="0" data-tip="` +
			html.EscapeString(strings.Join(tips, " · ")) + `" aria-describedby="` + strings.Join(ids, " ") + `">`)
		b.WriteString(seg)
		b.WriteString(`</mark>`)
	}
	return template.HTML(b.String()), notes //nolint:gosec // every piece of text above is escaped
}

func sanitizeID(s string) string {
	var b strings.Builder
	for _, r := range s {
		if r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '_' {
			b.WriteRune(r)
		}
	}
	return b.String()
}
