package calibrate

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Row is one marked essay from the CSV.
type Row struct {
	// Line is the line of the CSV the row starts on (the header is line 1).
	Line    int
	ID      string
	Set     string
	Prompt  string
	MinMark int
	MaxMark int
	Mark    int
	Essay   string
}

// Problem is a row that could not be used, with its line and the reason.
type Problem struct {
	Line int
	Err  error
}

func (p Problem) Error() string { return fmt.Sprintf("line %d: %v", p.Line, p.Err) }

// Data is what ReadCSV found: the usable rows and the problems with the rest.
type Data struct {
	Rows     []Row
	Problems []Problem
}

// Columns the CSV must have (in any order; extra columns are ignored).
var Columns = []string{"id", "set", "prompt", "min_mark", "max_mark", "mark", "essay"}

// ErrBadCSV is wrapped by errors that make the whole file unusable.
var ErrBadCSV = errors.New("bad CSV")

// MaxEssayBytes bounds one essay in the CSV, as the parser does.
const MaxEssayBytes = 256 << 10

// ReadCSV reads a marked-essay CSV (design.md): a header row naming the
// columns, then one essay a row. Rows with missing fields, marks that are not
// whole numbers or lie outside their range, or empty essays are reported in
// Problems by line, and the rest are still returned.
func ReadCSV(r io.Reader) (*Data, error) {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1
	cr.ReuseRecord = false
	header, err := cr.Read()
	if err == io.EOF {
		return nil, fmt.Errorf("%w: the file is empty", ErrBadCSV)
	}
	if err != nil {
		return nil, fmt.Errorf("%w: reading the header: %w", ErrBadCSV, err)
	}
	col := map[string]int{}
	for i, h := range header {
		h = strings.ToLower(strings.TrimSpace(strings.TrimPrefix(h, "\ufeff")))
		if _, dup := col[h]; !dup {
			col[h] = i
		}
	}
	var missing []string
	for _, c := range Columns {
		if _, ok := col[c]; !ok {
			missing = append(missing, c)
		}
	}
	if len(missing) > 0 {
		return nil, fmt.Errorf("%w: the header lacks column(s) %s (need %s)", ErrBadCSV,
			strings.Join(missing, ", "), strings.Join(Columns, ", "))
	}
	d := &Data{}
	seen := map[string]int{}
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		line, _ := cr.FieldPos(0)
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				d.Problems = append(d.Problems, Problem{Line: pe.StartLine, Err: pe.Err})
				if errors.Is(pe.Err, csv.ErrQuote) || errors.Is(pe.Err, csv.ErrBareQuote) {
					// The reader cannot find the next record after a quoting
					// error reliably; stop here and keep what we have.
					return d, nil
				}
				continue
			}
			return nil, fmt.Errorf("%w: %w", ErrBadCSV, err)
		}
		row, err := parseRow(rec, col)
		if err != nil {
			d.Problems = append(d.Problems, Problem{Line: line, Err: err})
			continue
		}
		row.Line = line
		if prev, dup := seen[row.Set+"\x00"+row.ID]; dup && row.ID != "" {
			d.Problems = append(d.Problems, Problem{Line: line, Err: fmt.Errorf("id %q in set %q repeats line %d", row.ID, row.Set, prev)})
			continue
		}
		seen[row.Set+"\x00"+row.ID] = line
		d.Rows = append(d.Rows, row)
	}
	return d, nil
}

func parseRow(rec []string, col map[string]int) (Row, error) {
	get := func(name string) (string, error) {
		i := col[name]
		if i >= len(rec) {
			return "", fmt.Errorf("column %q is missing (the row has %d fields)", name, len(rec))
		}
		return rec[i], nil
	}
	var r Row
	var err error
	fields := map[string]*string{"id": &r.ID, "set": &r.Set, "prompt": &r.Prompt, "essay": &r.Essay}
	for _, name := range []string{"id", "set", "prompt", "essay"} {
		if *fields[name], err = get(name); err != nil {
			return r, err
		}
	}
	r.Set = strings.TrimSpace(r.Set)
	if r.Set == "" {
		return r, errors.New("set is empty")
	}
	ints := map[string]*int{"min_mark": &r.MinMark, "max_mark": &r.MaxMark, "mark": &r.Mark}
	for _, name := range []string{"min_mark", "max_mark", "mark"} {
		s, err := get(name)
		if err != nil {
			return r, err
		}
		s = strings.TrimSpace(s)
		v, err := strconv.Atoi(s)
		if err != nil {
			f, ferr := strconv.ParseFloat(s, 64)
			if ferr != nil || f != float64(int(f)) {
				return r, fmt.Errorf("%s %q is not a whole number", name, s)
			}
			v = int(f)
		}
		*ints[name] = v
	}
	if r.MinMark > r.MaxMark {
		return r, fmt.Errorf("min_mark %d is above max_mark %d", r.MinMark, r.MaxMark)
	}
	if r.MaxMark-r.MinMark > 1000 {
		return r, fmt.Errorf("the mark range %d to %d is too wide (at most 1000 marks)", r.MinMark, r.MaxMark)
	}
	if r.Mark < r.MinMark || r.Mark > r.MaxMark {
		return r, fmt.Errorf("mark %d is outside the range %d to %d", r.Mark, r.MinMark, r.MaxMark)
	}
	if strings.TrimSpace(r.Essay) == "" {
		return r, errors.New("the essay is empty")
	}
	if len(r.Essay) > MaxEssayBytes {
		return r, fmt.Errorf("the essay is %d bytes, over the limit of %d", len(r.Essay), MaxEssayBytes)
	}
	if !utf8.ValidString(r.Essay) {
		return r, errors.New("the essay is not valid UTF-8")
	}
	return r, nil
}
