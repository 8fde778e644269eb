package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"text/tabwriter"

	"github.com/clio-history/clio/analysis"
	"github.com/clio-history/clio/analysis/standard"
	"github.com/clio-history/clio/rubric"
	"github.com/clio-history/clio/rubric/calibrate"
	"github.com/clio-history/clio/rubric/marking"
)

// runCalibrate fits a profile from a marked-essay CSV:
//
//	clio calibrate --csv FILE [--rubric ID] --out PROFILE.json
func runCalibrate(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("calibrate", flag.ContinueOnError)
	fs.SetOutput(stderr)
	csvPath := fs.String("csv", "", "marked essays: CSV with columns id, set, prompt, min_mark, max_mark, mark, essay")
	rubricID := fs.String("rubric", "", "the rubric the CSV's marks were given on (default: the CSV's own scale)")
	out := fs.String("out", "", "where to write the profile (JSON)")
	workers := fs.Int("workers", 0, "essays analysed at once (default: one per CPU)")
	if err := fs.Parse(args); err != nil {
		return errUsage
	}
	if *csvPath == "" || *out == "" {
		return fmt.Errorf("%w: --csv and --out are required", errUsage)
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("%w: unexpected argument %q", errUsage, fs.Arg(0))
	}
	svc, err := marking.New(standard.Options{})
	if err != nil {
		return err
	}
	var r *rubric.Rubric
	if *rubricID != "" {
		var ok bool
		if r, ok = svc.Rubrics().Get(*rubricID); !ok {
			return fmt.Errorf("%w %q (see 'clio rubrics')", marking.ErrUnknownRubric, *rubricID)
		}
	}
	data, err := readMarkedCSV(*csvPath, r)
	if err != nil {
		return err
	}
	samples, problems, err := calibrate.Measure(ctx, data.Rows, engineAnalyze(svc), calibrate.MeasureOptions{Workers: *workers})
	if err != nil {
		return err
	}
	reportProblems(stderr, append(data.Problems, problems...))
	prof, cv, skipped, err := calibrate.Fit(samples, calibrate.FitOptions{Rubric: *rubricID})
	if err != nil {
		return err
	}
	for _, s := range skipped {
		fmt.Fprintf(stderr, "set %s: skipped, fewer than %d usable essays\n", s, calibrate.MinSetSize)
	}
	b, err := json.MarshalIndent(prof, "", "  ")
	if err != nil {
		return fmt.Errorf("encoding the profile: %w", err)
	}
	if err := writeFileAtomic(*out, append(b, '\n')); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "Fitted %d essays in %d set(s); 5-fold cross-validated agreement:\n", cv.N, len(cv.Sets))
	writeAgreementTable(stdout, cv)
	fmt.Fprintf(stdout, "Profile written to %s\n", *out)
	return nil
}

// engineAnalyze adapts the marking service's engine for calibration, using
// each row's prompt as the question.
func engineAnalyze(svc *marking.Service) calibrate.AnalyzeFunc {
	eng := svc.Engine()
	return func(ctx context.Context, essay, prompt string) (*analysis.Result, error) {
		return eng.Analyze(ctx, standard.Request{Text: essay, Question: prompt})
	}
}

// readMarkedCSV reads the CSV; with a rubric, rows whose range does not fit
// the rubric's marks become problems.
func readMarkedCSV(path string, r *rubric.Rubric) (*calibrate.Data, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("reading the CSV: %w", err)
	}
	defer f.Close()
	data, err := calibrate.ReadCSV(f)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	if r != nil {
		kept := data.Rows[:0]
		for _, row := range data.Rows {
			if row.MinMark < 0 || row.MaxMark > r.MaxMark {
				data.Problems = append(data.Problems, calibrate.Problem{Line: row.Line,
					Err: fmt.Errorf("marks %d to %d do not fit rubric %s (0 to %d)", row.MinMark, row.MaxMark, r.ID, r.MaxMark)})
				continue
			}
			kept = append(kept, row)
		}
		data.Rows = kept
	}
	if len(data.Rows) == 0 {
		reportProblems(os.Stderr, data.Problems)
		return nil, fmt.Errorf("%s: %w: no usable rows", path, calibrate.ErrBadCSV)
	}
	return data, nil
}

// reportProblems lists the rows that were left out, the first twenty in
// full.
func reportProblems(w io.Writer, ps []calibrate.Problem) {
	for i, p := range ps {
		if i == 20 {
			fmt.Fprintf(w, "... and %d more rows left out\n", len(ps)-20)
			break
		}
		fmt.Fprintf(w, "line %d: %v (row left out)\n", p.Line, p.Err)
	}
}

func writeAgreementTable(w io.Writer, a *calibrate.Agreement) {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "set\tessays\tmarks\tQWK\texact\tadjacent\tMAE\t")
	for _, id := range a.SetIDs() {
		s := a.Sets[id]
		fmt.Fprintf(tw, "%s\t%d\t%d–%d\t%.3f\t%.3f\t%.3f\t%.2f\t\n", id, s.N, s.MinMark, s.MaxMark, s.QWK, s.Exact, s.Adjacent, s.MAE)
	}
	fmt.Fprintf(tw, "mean\t%d\t\t%.3f\t%.3f\t%.3f\t%.2f\t\n", a.N, a.QWK, a.Exact, a.Adjacent, a.MAE)
	tw.Flush()
}

// writeFileAtomic writes through a temporary file so a failed run never
// leaves half a profile.
func writeFileAtomic(path string, b []byte) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), ".clio-profile-*")
	if err != nil {
		return fmt.Errorf("writing %s: %w", path, err)
	}
	_, werr := tmp.Write(b)
	cerr := tmp.Close()
	if err := errors.Join(werr, cerr); err != nil {
		os.Remove(tmp.Name())
		return fmt.Errorf("writing %s: %w", path, err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		os.Remove(tmp.Name())
		return fmt.Errorf("writing %s: %w", path, err)
	}
	return nil
}
