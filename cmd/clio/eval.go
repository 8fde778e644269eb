package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"text/tabwriter"

	"github.com/clio-history/clio/analysis/standard"
	"github.com/clio-history/clio/rubric"
	"github.com/clio-history/clio/rubric/calibrate"
	"github.com/clio-history/clio/rubric/marking"
)

// runEval measures agreement between Clio's marks and people's:
//
//	clio eval --csv FILE [--rubric ID] [--profile PROFILE.json] [--format text|json]
func runEval(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("eval", flag.ContinueOnError)
	fs.SetOutput(stderr)
	csvPath := fs.String("csv", "", "marked essays: CSV with columns id, set, prompt, min_mark, max_mark, mark, essay")
	rubricID := fs.String("rubric", "", "mark with this rubric and compare on its scale (default: the CSV's own scale)")
	profilePath := fs.String("profile", "", "a profile from 'clio calibrate' to place the marks")
	format := fs.String("format", "text", "output format: text or json")
	workers := fs.Int("workers", 0, "essays analysed at once (default: one per CPU)")
	if err := fs.Parse(args); err != nil {
		return errUsage
	}
	if *csvPath == "" {
		return fmt.Errorf("%w: --csv is required", errUsage)
	}
	if *format != "text" && *format != "json" {
		return fmt.Errorf("%w: --format must be text or json, not %q", errUsage, *format)
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("%w: unexpected argument %q", errUsage, fs.Arg(0))
	}
	svc, err := marking.New(standard.Options{})
	if err != nil {
		return err
	}
	opts := calibrate.EvalOptions{Workers: *workers}
	var r *rubric.Rubric
	if *rubricID != "" {
		var ok bool
		if r, ok = svc.Rubrics().Get(*rubricID); !ok {
			return fmt.Errorf("%w %q (see 'clio rubrics')", marking.ErrUnknownRubric, *rubricID)
		}
		opts.Rubric, opts.RubricScale = r, true
	}
	if *profilePath != "" {
		if opts.Profile, err = rubric.LoadProfile(*profilePath); err != nil {
			return fmt.Errorf("%s: %w", *profilePath, err)
		}
	}
	data, err := readMarkedCSV(*csvPath, r)
	if err != nil {
		return err
	}
	ag, problems, err := calibrate.Evaluate(ctx, data.Rows, engineAnalyze(svc), opts)
	if err != nil {
		return err
	}
	reportProblems(stderr, append(data.Problems, problems...))
	if *format == "json" {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(ag)
	}
	fmt.Fprintf(stdout, "Agreement with the people's marks (%d essays; QWK averaged over %d set(s)):\n", ag.N, len(ag.Sets))
	writeAgreementTable(stdout, ag)
	for _, id := range ag.SetIDs() {
		writeConfusion(stdout, id, ag.Sets[id])
	}
	return nil
}

// writeConfusion prints a set's confusion matrix: rows are the people's
// marks, columns Clio's.
func writeConfusion(w io.Writer, id string, s *calibrate.SetAgreement) {
	fmt.Fprintf(w, "\nSet %s: people's mark (rows) against Clio's (columns)\n", id)
	tw := tabwriter.NewWriter(w, 0, 0, 1, ' ', tabwriter.AlignRight)
	fmt.Fprint(tw, "\t")
	for j := range s.Confusion {
		fmt.Fprintf(tw, "%d\t", s.MinMark+j)
	}
	fmt.Fprintln(tw)
	for i, row := range s.Confusion {
		fmt.Fprintf(tw, "%d\t", s.MinMark+i)
		for _, n := range row {
			if n == 0 {
				fmt.Fprint(tw, ".\t")
			} else {
				fmt.Fprintf(tw, "%d\t", n)
			}
		}
		fmt.Fprintln(tw)
	}
	tw.Flush()
}
