package web

import (
	"encoding/json"
	"fmt"
	"html/template"
	"regexp"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/clio-history/clio/analysis"
	"github.com/clio-history/clio/analysis/argument"
	"github.com/clio-history/clio/analysis/dates"
	"github.com/clio-history/clio/analysis/evidence"
	"github.com/clio-history/clio/analysis/mechanics"
	"github.com/clio-history/clio/analysis/spelling"
	"github.com/clio-history/clio/analysis/structure"
	"github.com/clio-history/clio/api/store"
	"github.com/clio-history/clio/rubric"
)

// resultView is a marked essay as the pages show it.
type resultView struct {
	Essay      template.HTML
	Notes      []Note
	Legend     []legendItem
	ShowMarks  bool
	Question   string
	Level      int
	MaxLevel   int
	Mark       int
	MaxMark    int
	Confidence float64
	Borderline bool
	Feedback   rubric.Feedback
	Criteria   []criterionView
	Draft      int
	Change     *changeView
	Review     *store.Review
	Words      int
	ElapsedMS  float64
}

type legendItem struct {
	Category, Label string
	Count           int
}

type criterionView struct {
	ID, Name, Comment string
	Level             int
	Score             float64
	Delta             float64
	HasDelta          bool
}

type changeView struct {
	FromDraft   int
	Level, Mark int
	// From and To name the marks compared: "your tutor's" when the draft
	// was reviewed, else "Clio's suggested".
	From, To            string
	FromMark, FromLevel int
	Criteria            []criterionView
	Improved            []string
	Slipped             []string
}

func newResult(text string, rep *rubric.Report, showMarks bool) *resultView {
	essay, notes := Highlight(text, rep.Findings)
	v := &resultView{Essay: essay, Notes: notes, ShowMarks: showMarks, Question: rep.Question.Text,
		Level: rep.Level, MaxLevel: rep.MaxLevel, Mark: rep.Mark, MaxMark: rep.MaxMark, Confidence: rep.Confidence,
		Borderline: rep.Borderline, Feedback: rep.Feedback, Words: rep.Stats.Words, ElapsedMS: rep.Stats.ElapsedMS}
	if !showMarks {
		v.Feedback.Summary, v.Feedback.NextLevel = markFree(rep)
	}
	for _, c := range rep.Criteria {
		v.Criteria = append(v.Criteria, criterionView{ID: c.ID, Name: c.Name, Comment: c.Comment, Level: c.Level, Score: c.Score})
	}
	counts := map[string]*legendItem{}
	for _, n := range notes {
		if n.Whole {
			continue
		}
		if counts[n.Category] == nil {
			counts[n.Category] = &legendItem{Category: n.Category, Label: n.Label}
		}
		counts[n.Category].Count++
	}
	for _, cat := range []string{"spelling", "date", "unsupported", "judgement", "strength", "other"} {
		if li := counts[cat]; li != nil {
			v.Legend = append(v.Legend, *li)
		}
	}
	return v
}

var nextLevelPrefix = regexp.MustCompile(`^Level \d+ \(\d+[–-]\d+ marks\): `)

// markFree rewrites the summary and the next step without a level or mark,
// for assignments whose tutor hides marks.
func markFree(rep *rubric.Report) (summary, next string) {
	if len(rep.Criteria) >= 2 {
		cs := append([]rubric.CriterionResult(nil), rep.Criteria...)
		sort.SliceStable(cs, func(a, b int) bool { return cs[a].Score > cs[b].Score })
		best, worst := cs[0], cs[len(cs)-1]
		if best.Score-worst.Score >= 0.1 {
			summary = fmt.Sprintf("Your strongest area is %s; %s is where you can gain most.", lowerFirst(best.Name), lowerFirst(worst.Name))
		}
	}
	if len(rep.Caps) > 0 {
		summary = strings.TrimSpace(summary + " Holding this essay back: " + lowerFirst(rep.Caps[0].Reason))
	}
	const top = "This is the top level. To secure it, s"
	switch nl := rep.Feedback.NextLevel; {
	case nextLevelPrefix.MatchString(nl):
		next = nextLevelPrefix.ReplaceAllString(nl, "")
	case strings.HasPrefix(nl, top):
		next = "S" + strings.TrimPrefix(nl, top)
	default:
		next = nl
	}
	return summary, next
}

func lowerFirst(s string) string {
	if s == "" {
		return s
	}
	r, n := utf8.DecodeRuneInString(s)
	return string(unicode.ToLower(r)) + s[n:]
}

func decodeReport(b []byte) (*rubric.Report, error) {
	var r rubric.Report
	if err := json.Unmarshal(b, &r); err != nil {
		return nil, fmt.Errorf("web: reading a stored report: %w", err)
	}
	return &r, nil
}

// compare fills v.Change: how this draft differs from prev, whose review
// (nil when none) is the mark to compare with, as this draft's own review
// is (v.Review). Criteria are Clio's on both sides: a tutor gives no
// criterion scores.
func (v *resultView) compare(prev store.Submission, prevReview *store.Review) error {
	pr, err := decodeReport(prev.Report)
	if err != nil {
		return err
	}
	fromLevel, fromMark, from := pr.Level, pr.Mark, "Clio's suggested"
	if prevReview != nil {
		fromLevel, fromMark, from = prevReview.FinalLevel, prevReview.FinalMark, "your tutor's"
	}
	toLevel, toMark, to := v.Level, v.Mark, "Clio's suggested"
	if v.Review != nil {
		toLevel, toMark, to = v.Review.FinalLevel, v.Review.FinalMark, "your tutor's"
	}
	before := map[string]float64{}
	for _, c := range pr.Criteria {
		before[c.ID] = c.Score
	}
	ch := &changeView{FromDraft: prev.Draft, Level: toLevel - fromLevel, Mark: toMark - fromMark,
		From: from, To: to, FromLevel: fromLevel, FromMark: fromMark}
	for i, c := range v.Criteria {
		b, ok := before[c.ID]
		if !ok {
			continue
		}
		d := c.Score - b
		v.Criteria[i].Delta, v.Criteria[i].HasDelta = d, true
		ch.Criteria = append(ch.Criteria, v.Criteria[i])
		switch {
		case d >= 0.005:
			ch.Improved = append(ch.Improved, c.Name)
		case d <= -0.005:
			ch.Slipped = append(ch.Slipped, c.Name)
		}
	}
	v.Change = ch
	return nil
}

// flags are what the review queue shows beside a suggestion.
type flags struct {
	Borderline    bool
	Padding       bool
	DateConflicts int
}

func flagsOf(rep *rubric.Report) flags {
	f := flags{Borderline: rep.Borderline}
	for _, x := range rep.Findings {
		switch x.Code {
		case "argument.repetition", "argument.word-salad":
			f.Padding = true
		case "dates.conflict":
			f.DateConflicts++
		}
	}
	return f
}

// targets names, in a tutor's words, what a finding asks a student to do;
// the class view counts them to suggest whole-class feedback. Every code an
// analyzer reports as a warning or an error has a name here
// (TestEveryTargetHasAName), by the analyzers' own constants.
var targets = map[string]string{
	spelling.CodeMisspelled:        "Spelling slips",
	spelling.CodeConfusable:        "Easily confused words",
	spelling.CodeCapitalisation:    "Capital letters",
	spelling.CodeApostrophe:        "Apostrophes",
	spelling.CodeNameSlip:          "Names spelt slightly wrong",
	spelling.CodeNotEnglish:        "Write in English",
	spelling.CodeRunTogether:       "Words run together",
	mechanics.CodeSpacing:          "Spaces around punctuation",
	dates.CodeConflict:             "Dates that contradict the events",
	dates.CodeInconsistent:         "Dates that do not fit the event named",
	dates.CodeAnachronism:          "People acting after their death",
	dates.CodeImpossible:           "Impossible dates",
	dates.CodeOutOfPeriod:          "Dates outside the question's period",
	dates.CodeVague:                "Vague dating",
	evidence.CodeUnsupported:       "Support each paragraph with specific evidence",
	evidence.CodeFactorMissing:     "Factors the question needs",
	argument.CodeNarrative:         "Argue rather than narrate",
	argument.CodeNoJudgement:       "Reach a clear judgement",
	argument.CodeAssertedJudgement: "Argue for the judgement, not just state it",
	argument.CodeNoThesis:          "State a line of argument at the start",
	argument.CodeInconsistent:      "Keep the conclusion consistent with the introduction",
	argument.CodeOneSided:          "Weigh both sides",
	argument.CodeNoLink:            "Link paragraphs back to the question",
	argument.CodeNoExplanation:     "Explain what the evidence shows",
	argument.CodeNoPoint:           "Open each paragraph with a point",
	argument.CodeRepetition:        "Repeated points",
	argument.CodeWordSalad:         "Strings of words that do not make sense",
	argument.CodeOffTopic:          "Stay on the question",
	structure.CodeFewParagraphs:    "Organise the essay into paragraphs",
	structure.CodeNoConclusion:     "Write a conclusion",
	structure.CodeNoIntroduction:   "Write an introduction",
	structure.CodeShortParagraph:   "Develop short paragraphs",
	structure.CodeLongSentence:     "Overlong sentences",
	structure.CodeLongParagraph:    "Overlong paragraphs",
	structure.CodeRepeatedWord:     "Words repeated by mistake",
	structure.CodeDoubleSpace:      "Double spaces",
}

// targetCodes lists each weakness code of a report once.
func targetCodes(rep *rubric.Report) []string {
	seen := map[string]bool{}
	var out []string
	for _, f := range rep.Findings {
		if f.Severity != analysis.SeverityError && f.Severity != analysis.SeverityWarning {
			continue
		}
		if !seen[f.Code] {
			seen[f.Code] = true
			out = append(out, f.Code)
		}
	}
	return out
}

// targetName is a code's name for tutors; a code added to an analyzer
// after this list is still shown as words ("few-paragraphs" becomes "Few
// paragraphs"), never as a raw code.
func targetName(code string) string {
	if t, ok := targets[code]; ok {
		return t
	}
	if i := strings.LastIndexByte(code, '.'); i >= 0 {
		code = code[i+1:]
	}
	words := strings.TrimSpace(strings.NewReplacer("-", " ", "_", " ").Replace(code))
	if words == "" {
		return "Other"
	}
	r, n := utf8.DecodeRuneInString(words)
	return string(unicode.ToUpper(r)) + words[n:]
}
