package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"text/tabwriter"

	"github.com/clio-history/clio/analysis/standard"
	"github.com/clio-history/clio/rubric"
	"github.com/clio-history/clio/rubric/calibrate"
	"github.com/clio-history/clio/rubric/marking"
)

// runEval measures agreement between Clio's marks and people's:
//
//	clio eval --csv FILE [--rubric ID] [--profile PROFILE.json] [--format text|json]
//	clio eval --answers FILE.jsonl|FILE.csv [--rubric ID] [--format text|json]
func runEval(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("eval", flag.ContinueOnError)
	fs.SetOutput(stderr)
	csvPath := fs.String("csv", "", "marked essays: CSV with columns id, set, prompt, min_mark, max_mark, mark, essay")
	answersPath := fs.String("answers", "", "marked answers: JSON lines or CSV with text, mark, max_mark and optionally question, id, level, question_type, min_mark, rubric")
	rubricID := fs.String("rubric", "", "mark with this rubric and compare on its scale (default: the CSV's own scale)")
	profilePath := fs.String("profile", "", "a profile from 'clio calibrate' to place the marks")
	format := fs.String("format", "text", "output format: text or json")
	workers := fs.Int("workers", 0, "essays analysed at once (default: one per CPU)")
	if err := fs.Parse(args); err != nil {
		return errUsage
	}
	if (*csvPath == "") == (*answersPath == "") {
		return fmt.Errorf("%w: give one of --csv or --answers", errUsage)
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
	if *answersPath != "" {
		if *profilePath != "" {
			return fmt.Errorf("%w: --profile works with --csv, whose sets it was fitted to", errUsage)
		}
		return evalAnswers(ctx, svc, *answersPath, *rubricID, *format, *workers, stdout, stderr)
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

// evalAnswers marks each answer (with the rubric given, the one the answer
// names, or the one its question calls for) and prints agreement per
// question type beside the word-count baseline.
func evalAnswers(ctx context.Context, svc *marking.Service, path, rubricID, format string, workers int, stdout, stderr io.Writer) error {
	opts := calibrate.AnswerOptions{Rubrics: svc.Rubrics(), Workers: workers}
	if rubricID != "" {
		r, ok := svc.Rubrics().Get(rubricID)
		if !ok {
			return fmt.Errorf("%w %q (see 'clio rubrics')", marking.ErrUnknownRubric, rubricID)
		}
		opts.Rubric = r
	}
	f, err := os.Open(path)
	if err != nil {
		return fmt.Errorf("reading the answers: %w", err)
	}
	defer f.Close()
	answers, problems, err := calibrate.ReadAnswers(f)
	if err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	if len(answers) == 0 {
		reportProblems(stderr, problems)
		return fmt.Errorf("%s: %w: no usable answers", path, calibrate.ErrBadCSV)
	}
	ag, more, err := calibrate.EvaluateAnswers(ctx, answers, engineAnalyze(svc), opts)
	if err != nil {
		return err
	}
	reportProblems(stderr, append(problems, more...))
	if format == "json" {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(ag)
	}
	fmt.Fprintf(stdout, "Agreement with the markers (%d answers), beside word count alone:\n", ag.All.N)
	writeAnswerTable(stdout, ag)
	return nil
}

// writeAnswerTable prints one row per question type and one over all.
func writeAnswerTable(w io.Writer, ag *calibrate.AnswerAgreement) {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "type/max\tn\tSpearman\twords\tQWK\tMAE\tlevels\texact\tadjacent\tbias\t")
	row := func(name string, g *calibrate.GroupAgreement) {
		lv := "\t-\t-\t-"
		if g.LevelN > 0 {
			lv = fmt.Sprintf("\t%.2f\t%.2f\t%+.2f", g.LevelExact, g.LevelAdjacent, g.LevelBias)
		}
		fmt.Fprintf(tw, "%s\t%d\t%.2f\t%.2f\t%.2f\t%.2f\t%d%s\t\n", name, g.N, g.Spearman, g.SpearmanWords, g.QWK, g.MAE, g.LevelN, lv)
	}
	for _, id := range ag.GroupIDs() {
		row(id, ag.Groups[id])
	}
	row("all (shares)", ag.All)
	tw.Flush()
}
