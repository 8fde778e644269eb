package main

import (
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/clio-history/clio/analysis"
	"github.com/clio-history/clio/rubric"
)

// palette holds terminal escapes; empty strings when colour is off.
type palette struct{ bold, dim, red, yellow, green, cyan, reset string }

func newPalette(on bool) palette {
	if !on {
		return palette{}
	}
	return palette{bold: "\x1b[1m", dim: "\x1b[2m", red: "\x1b[31m", yellow: "\x1b[33m",
		green: "\x1b[32m", cyan: "\x1b[36m", reset: "\x1b[0m"}
}

func (p palette) severity(s analysis.Severity) string {
	switch s {
	case analysis.SeverityError:
		return p.red
	case analysis.SeverityWarning:
		return p.yellow
	case analysis.SeverityStrength:
		return p.green
	}
	return p.cyan
}

// renderText writes the report for a person at a terminal: the verdict, the
// criteria, the feedback, then each finding shown in the words around it.
func renderText(w io.Writer, text string, rep *rubric.Report, colour bool) error {
	p := newPalette(colour)
	var b strings.Builder
	fmt.Fprintf(&b, "%sClio report%s  %s\n", p.bold, p.reset, rep.Rubric.Name)
	if rep.Question.Text != "" {
		fmt.Fprintf(&b, "Question: %s\n", rep.Question.Text)
	} else {
		fmt.Fprintf(&b, "Question: none given (pass --question for feedback on focus and judgement)\n")
	}
	fmt.Fprintf(&b, "Suggested: %sLevel %d of %d, %d/%d%s  (confidence %.0f%%%s)\n",
		p.bold, rep.Level, rep.MaxLevel, rep.Mark, rep.MaxMark, p.reset, rep.Confidence*100, borderline(rep))
	fmt.Fprintf(&b, "%d words, %d sentences, %d paragraphs, marked in %.1f ms\n\n",
		rep.Stats.Words, rep.Stats.Sentences, rep.Stats.Paragraphs, rep.Stats.ElapsedMS)

	fmt.Fprintf(&b, "%sCriteria%s\n", p.bold, p.reset)
	for _, c := range rep.Criteria {
		fmt.Fprintf(&b, "  %-26s L%d  %3.0f%%  %s\n", c.Name, c.Level, c.Score*100, c.Comment)
	}
	if rep.Feedback.Summary != "" {
		fmt.Fprintf(&b, "\n%sSummary%s\n  %s\n", p.bold, p.reset, rep.Feedback.Summary)
	}
	list := func(title string, items []string) {
		if len(items) == 0 {
			return
		}
		fmt.Fprintf(&b, "\n%s%s%s\n", p.bold, title, p.reset)
		for _, it := range items {
			fmt.Fprintf(&b, "  - %s\n", it)
		}
	}
	list("What went well", rep.Feedback.WWW)
	list("Even better if", rep.Feedback.EBI)
	if rep.Feedback.NextLevel != "" {
		fmt.Fprintf(&b, "\n%sFor the next level%s\n  %s\n", p.bold, p.reset, rep.Feedback.NextLevel)
	}
	if len(rep.Dates) > 0 {
		fmt.Fprintf(&b, "\n%sDates%s\n", p.bold, p.reset)
		for _, d := range rep.Dates {
			ev := ""
			if d.Event != "" {
				ev = " — " + d.Event
			}
			fmt.Fprintf(&b, "  %-22q %-12s %s%s\n", d.Text, d.Value, d.Verdict, ev)
		}
	}
	if len(rep.Findings) > 0 {
		fmt.Fprintf(&b, "\n%sFindings%s\n", p.bold, p.reset)
		for _, f := range rep.Findings {
			where := "whole essay"
			if f.Paragraph >= 0 {
				where = fmt.Sprintf("¶%d", f.Paragraph+1)
			}
			fmt.Fprintf(&b, "  %s%-8s%s %-30s %s%s%s\n", p.severity(f.Severity), f.Severity, p.reset, f.Code, p.dim, where, p.reset)
			if ctx := excerpt(text, f.Span, p); ctx != "" {
				fmt.Fprintf(&b, "           %s\n", ctx)
			}
			msg := f.Message
			if len(f.Suggestions) > 0 {
				msg += " Try: " + quoteAll(f.Suggestions) + "."
			}
			fmt.Fprintf(&b, "           %s\n", msg)
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

func borderline(rep *rubric.Report) string {
	if rep.Borderline {
		return ", borderline: a tutor should check"
	}
	return ""
}

// excerpt shows the span in up to 40 characters of context on either side,
// on one line, with the span marked.
func excerpt(text string, s analysis.Span, p palette) string {
	if s.Len() == 0 || s.Len() > 300 {
		return ""
	}
	const around = 40
	start := s.Start
	for n := 0; start > 0 && n < around; n++ {
		_, size := utf8.DecodeLastRuneInString(text[:start])
		if text[start-size] == '\n' {
			break
		}
		start -= size
	}
	end := s.End
	for n := 0; end < len(text) && n < around; n++ {
		_, size := utf8.DecodeRuneInString(text[end:])
		if text[end] == '\n' {
			break
		}
		end += size
	}
	flat := func(x string) string { return strings.Join(strings.Fields(x), " ") }
	mark := p.bold + p.yellow
	open, closing := "[", "]"
	if p.reset != "" {
		open, closing = mark, p.reset
	}
	pre, post := "", ""
	if start > 0 {
		pre = "…"
	}
	if end < len(text) {
		post = "…"
	}
	inside := flat(text[s.Start:s.End])
	if inside == "" {
		// A span of spaces would vanish when flattened: show each one.
		inside = strings.Repeat("␣", utf8.RuneCountInString(text[s.Start:s.End]))
	}
	return pre + flat(text[start:s.Start]) + " " + open + inside + closing + " " + flat(text[s.End:end]) + post
}

func quoteAll(xs []string) string {
	q := make([]string, len(xs))
	for i, x := range xs {
		q[i] = fmt.Sprintf("%q", x)
	}
	return strings.Join(q, ", ")
}
