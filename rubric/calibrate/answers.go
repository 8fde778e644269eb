package calibrate

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Answer is one marked answer to an exam question: what a teacher or an
// examiner gave it, read from a JSONL or CSV file for `clio eval --answers`.
type Answer struct {
	// Line is where the answer starts in its file (a CSV's header is line 1).
	Line     int
	ID       string
	Question string
	Text     string
	Mark     int
	MinMark  int
	MaxMark  int
	// Level is the level the marker gave (0: not given).
	Level int
	// Type is the question type the file gives ("judgement", "account"…),
	// or "" when it gives none.
	Type string
	// Rubric is the rubric the file names for this answer, or "".
	Rubric string
}

// AnswerColumns name the fields of a marked answer. The first spelling is
// the one documented; the others are accepted so that files written for
// other tools (ASAP's "essay", a spreadsheet's "answer") read as they are.
var AnswerColumns = map[string][]string{
	"id":            {"id"},
	"question":      {"question", "prompt"},
	"text":          {"text", "answer", "essay"},
	"mark":          {"mark", "score"},
	"max_mark":      {"max_mark", "out_of"},
	"min_mark":      {"min_mark"},
	"level":         {"level"},
	"question_type": {"question_type", "type", "set"},
	"rubric":        {"rubric"},
}

// ReadAnswers reads marked answers as JSON lines (one object a line) or as a
// CSV with a header row, whichever the first non-blank byte says ('{' for
// JSON). Required: text, mark, max_mark; the rest are optional. Answers that
// cannot be used are reported in problems by line, and the rest returned.
func ReadAnswers(r io.Reader) ([]Answer, []Problem, error) {
	br := bufio.NewReader(r)
	for {
		b, err := br.Peek(1)
		if err != nil {
			if errors.Is(err, io.EOF) {
				return nil, nil, fmt.Errorf("%w: the file is empty", ErrBadCSV)
			}
			return nil, nil, fmt.Errorf("reading answers: %w", err)
		}
		switch b[0] {
		case ' ', '\t', '\r', '\n':
			br.ReadByte()
			continue
		case '{':
			return readAnswersJSONL(br)
		}
		return readAnswersCSV(br)
	}
}

func readAnswersJSONL(r io.Reader) ([]Answer, []Problem, error) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 64<<10), MaxEssayBytes*2)
	var out []Answer
	var problems []Problem
	line := 0
	for sc.Scan() {
		line++
		b := bytes.TrimSpace(sc.Bytes())
		if len(b) == 0 {
			continue
		}
		var raw map[string]json.RawMessage
		if err := json.Unmarshal(b, &raw); err != nil {
			problems = append(problems, Problem{Line: line, Err: fmt.Errorf("not a JSON object: %w", err)})
			continue
		}
		fields := map[string]string{}
		for name, alts := range AnswerColumns {
			for _, k := range alts {
				v, ok := raw[k]
				if !ok || string(v) == "null" {
					continue
				}
				var s string
				if err := json.Unmarshal(v, &s); err != nil {
					s = string(v) // a number
				}
				fields[name] = s
				break
			}
		}
		a, err := answerFrom(fields)
		if err != nil {
			problems = append(problems, Problem{Line: line, Err: err})
			continue
		}
		a.Line = line
		out = append(out, a)
	}
	if err := sc.Err(); err != nil {
		return out, problems, fmt.Errorf("%w: line %d: %w", ErrBadCSV, line+1, err)
	}
	return out, problems, nil
}

func readAnswersCSV(r io.Reader) ([]Answer, []Problem, error) {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1
	header, err := cr.Read()
	if err != nil {
		return nil, nil, fmt.Errorf("%w: reading the header: %w", ErrBadCSV, err)
	}
	col := map[string]int{}
	for i, h := range header {
		h = strings.ToLower(strings.TrimSpace(strings.TrimPrefix(h, "\ufeff")))
		for name, alts := range AnswerColumns {
			for _, k := range alts {
				if h == k {
					if _, dup := col[name]; !dup {
						col[name] = i
					}
				}
			}
		}
	}
	var missing []string
	for _, c := range []string{"text", "mark", "max_mark"} {
		if _, ok := col[c]; !ok {
			missing = append(missing, c)
		}
	}
	if len(missing) > 0 {
		return nil, nil, fmt.Errorf("%w: the header lacks column(s) %s (need text, mark and max_mark; question, id, level, question_type, min_mark and rubric are optional)",
			ErrBadCSV, strings.Join(missing, ", "))
	}
	var out []Answer
	var problems []Problem
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		line, _ := cr.FieldPos(0)
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				problems = append(problems, Problem{Line: pe.StartLine, Err: pe.Err})
				if errors.Is(pe.Err, csv.ErrQuote) || errors.Is(pe.Err, csv.ErrBareQuote) {
					return out, problems, nil
				}
				continue
			}
			return nil, nil, fmt.Errorf("%w: %w", ErrBadCSV, err)
		}
		fields := map[string]string{}
		for name, i := range col {
			if i < len(rec) {
				fields[name] = rec[i]
			}
		}
		a, err := answerFrom(fields)
		if err != nil {
			problems = append(problems, Problem{Line: line, Err: err})
			continue
		}
		a.Line = line
		out = append(out, a)
	}
	return out, problems, nil
}

// answerFrom checks one answer's fields.
func answerFrom(f map[string]string) (Answer, error) {
	a := Answer{ID: strings.TrimSpace(f["id"]), Question: f["question"], Text: f["text"],
		Type: strings.TrimSpace(f["question_type"]), Rubric: strings.TrimSpace(f["rubric"])}
	whole := func(name string, required bool) (int, error) {
		s := strings.TrimSpace(f[name])
		if s == "" {
			if required {
				return 0, fmt.Errorf("%s is missing", name)
			}
			return 0, nil
		}
		v, err := strconv.Atoi(s)
		if err != nil {
			fl, ferr := strconv.ParseFloat(s, 64)
			if ferr != nil || fl != float64(int(fl)) {
				return 0, fmt.Errorf("%s %q is not a whole number", name, s)
			}
			v = int(fl)
		}
		return v, nil
	}
	var err error
	if a.Mark, err = whole("mark", true); err != nil {
		return a, err
	}
	if a.MaxMark, err = whole("max_mark", true); err != nil {
		return a, err
	}
	if a.MinMark, err = whole("min_mark", false); err != nil {
		return a, err
	}
	if a.Level, err = whole("level", false); err != nil {
		return a, err
	}
	switch {
	case a.MaxMark <= a.MinMark:
		return a, fmt.Errorf("max_mark %d must be above min_mark %d", a.MaxMark, a.MinMark)
	case a.MaxMark-a.MinMark > 1000:
		return a, fmt.Errorf("the mark range %d to %d is too wide (at most 1000 marks)", a.MinMark, a.MaxMark)
	case a.Mark < a.MinMark || a.Mark > a.MaxMark:
		return a, fmt.Errorf("mark %d is outside the range %d to %d", a.Mark, a.MinMark, a.MaxMark)
	case a.Level < 0 || a.Level > 10:
		return a, fmt.Errorf("level %d is not a level (1 to 10)", a.Level)
	case strings.TrimSpace(a.Text) == "":
		return a, errors.New("the answer text is empty")
	case len(a.Text) > MaxEssayBytes:
		return a, fmt.Errorf("the answer is %d bytes, over the limit of %d", len(a.Text), MaxEssayBytes)
	case !utf8.ValidString(a.Text) || !utf8.ValidString(a.Question):
		return a, errors.New("the answer or question is not valid UTF-8")
	}
	return a, nil
}
