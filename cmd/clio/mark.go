package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/clio-history/clio/analysis"
	"github.com/clio-history/clio/analysis/standard"
	"github.com/clio-history/clio/rubric"
	"github.com/clio-history/clio/rubric/marking"
)

func runMark(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("mark", flag.ContinueOnError)
	fs.SetOutput(stderr)
	question := fs.String("question", "", "the essay question (default: the \"question\" of FILE's sidecar FILE.json, if any)")
	rubricID := fs.String("rubric", "", "rubric id (see 'clio rubrics'); default aqa-a-level-essay-25")
	topic := fs.String("topic", "", "topic pack id (see 'clio topics'); default: detected")
	locale := fs.String("locale", "en-GB", "spelling locale: en-GB or en-US")
	format := fs.String("format", "text", "output format: text or json")
	color := fs.String("color", "auto", "colour in text output: auto, always or never")
	profilePath := fs.String("profile", "", "a calibration profile from 'clio calibrate' to place the mark")
	profileSet := fs.String("profile-set", "", "the profile's set to use (needed when it has more than one)")
	if err := fs.Parse(args); err != nil {
		return errUsage
	}
	if *format != "text" && *format != "json" {
		return fmt.Errorf("%w: --format must be text or json, not %q", errUsage, *format)
	}
	if fs.NArg() > 1 {
		return fmt.Errorf("%w: one essay at a time (got %d files)", errUsage, fs.NArg())
	}
	path := fs.Arg(0)
	text, err := readEssay(path, stdin)
	if err != nil {
		return err
	}
	if *question == "" && path != "" && path != "-" {
		*question = sidecarQuestion(path)
	}
	var profile *rubric.Profile
	if *profilePath != "" {
		if profile, err = rubric.LoadProfile(*profilePath); err != nil {
			return fmt.Errorf("profile %s: %w", *profilePath, err)
		}
	}
	svc, err := marking.New(standard.Options{})
	if err != nil {
		return err
	}
	rep, err := svc.Mark(ctx, marking.Request{Text: text, Question: *question, Rubric: *rubricID, Topic: *topic,
		Locale: *locale, Profile: profile, ProfileSet: *profileSet})
	if err != nil {
		return err
	}
	if *format == "json" {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(rep)
	}
	return renderText(stdout, text, rep, useColour(*color, stdout))
}

// readEssay reads FILE, or standard input for "" and "-". It reads at most
// one byte past the parser's limit, so a huge file is refused without being
// held in memory.
func readEssay(path string, stdin io.Reader) (string, error) {
	var r io.Reader = stdin
	name := "standard input"
	if path != "" && path != "-" {
		f, err := os.Open(path)
		if err != nil {
			return "", fmt.Errorf("reading the essay: %w", err)
		}
		defer f.Close()
		r, name = f, path
	}
	b, err := io.ReadAll(io.LimitReader(r, analysis.DefaultMaxBytes+1))
	if err != nil {
		return "", fmt.Errorf("reading %s: %w", name, err)
	}
	if len(b) > analysis.DefaultMaxBytes {
		return "", &analysis.InputError{Err: analysis.ErrTooLong, Offset: -1,
			Detail: fmt.Sprintf("%s is over the limit of %d bytes", name, analysis.DefaultMaxBytes)}
	}
	return string(b), nil
}

// sidecarQuestion returns the "question" field of FILE.json (FILE without its
// extension, plus .json), the layout of Clio's fixtures and shared essays.
func sidecarQuestion(path string) string {
	base := strings.TrimSuffix(path, ".txt")
	b, err := os.ReadFile(base + ".json")
	if err != nil {
		return ""
	}
	var side struct {
		Question string `json:"question"`
	}
	if json.Unmarshal(b, &side) != nil {
		return ""
	}
	return side.Question
}

func useColour(mode string, w io.Writer) bool {
	switch mode {
	case "always":
		return true
	case "never":
		return false
	}
	if os.Getenv("NO_COLOR") != "" {
		return false
	}
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}

var errNoRubrics = errors.New("no rubrics loaded")

func runRubrics(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	svc, err := marking.New(standard.Options{})
	if err != nil {
		return err
	}
	all := svc.Rubrics().All()
	if len(all) == 0 {
		return errNoRubrics
	}
	width := 0
	for _, r := range all {
		width = max(width, len(r.ID))
	}
	for _, r := range all {
		fmt.Fprintf(stdout, "%-*s  %3d marks  %d levels  %s\n", width, r.ID, r.MaxMark, r.MaxLevel(), r.Name)
	}
	return nil
}

func runVersion(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	fmt.Fprintf(stdout, "clio %s\n", marking.Version)
	return nil
}
