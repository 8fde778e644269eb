package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"sort"
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
	var profile *rubric.Profile
	if *profilePath != "" {
		var err error
		if profile, err = rubric.LoadProfile(*profilePath); err != nil {
			return fmt.Errorf("profile %s: %w", *profilePath, err)
		}
	}
	opts := markOptions{question: *question, rubric: *rubricID, topic: *topic, locale: *locale,
		profile: profile, profileSet: *profileSet, json: *format == "json", colour: useColour(*color, stdout)}
	if fs.NArg() > 1 || (fs.NArg() == 1 && isDir(fs.Arg(0))) {
		return markMany(ctx, fs.Args(), opts, stdout, stderr)
	}
	path := fs.Arg(0)
	text, err := readEssay(path, stdin)
	if err != nil {
		return err
	}
	if opts.question == "" && path != "" && path != "-" {
		opts.question = sidecarQuestion(path)
	}
	svc, err := marking.New(standard.Options{})
	if err != nil {
		return err
	}
	rep, err := svc.Mark(ctx, opts.request(text))
	if err != nil {
		return err
	}
	if opts.json {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(rep)
	}
	return renderText(stdout, text, rep, opts.colour)
}

// markOptions are the flags of 'clio mark' that apply to every essay.
type markOptions struct {
	question, rubric, topic, locale string
	profile                         *rubric.Profile
	profileSet                      string
	json, colour                    bool
}

func (o markOptions) request(text string) marking.Request {
	return marking.Request{Text: text, Question: o.question, Rubric: o.rubric, Topic: o.topic,
		Locale: o.locale, Profile: o.profile, ProfileSet: o.profileSet}
}

func isDir(path string) bool {
	st, err := os.Stat(path)
	return err == nil && st.IsDir()
}

// essayFiles expands the command line's paths: a directory stands for the
// .txt files directly inside it, in name order. A path that does not exist
// is kept, so that its error is reported in its place with the others.
func essayFiles(paths []string) ([]string, error) {
	var out []string
	for _, p := range paths {
		if p == "-" || p == "" {
			return nil, fmt.Errorf("%w: standard input can only be marked alone", errUsage)
		}
		if !isDir(p) {
			out = append(out, p)
			continue
		}
		m, err := filepath.Glob(filepath.Join(p, "*.txt"))
		if err != nil {
			return nil, fmt.Errorf("listing %s: %w", p, err)
		}
		if len(m) == 0 {
			return nil, fmt.Errorf("%w: no .txt essays in %s", errUsage, p)
		}
		sort.Strings(m)
		out = append(out, m...)
	}
	return out, nil
}

// markedFile is one essay of a batch: its report printed, or its error.
type markedFile struct {
	out []byte
	err error
}

// markMany marks several essays (files, or the .txt files of directories)
// in parallel with one marking service, and prints their reports in the
// order given as each becomes ready: text reports under a heading naming the
// file, or one JSON object a line ({"file", "report"} or {"file", "error"}).
// A file that cannot be marked is reported in its place and does not stop
// the others; the command then fails.
func markMany(ctx context.Context, paths []string, opts markOptions, stdout, stderr io.Writer) error {
	files, err := essayFiles(paths)
	if err != nil {
		return err
	}
	svc, err := marking.New(standard.Options{})
	if err != nil {
		return err
	}
	results := make([]markedFile, len(files))
	ready := make([]chan struct{}, len(files))
	for i := range ready {
		ready[i] = make(chan struct{})
	}
	next := make(chan int)
	workers := min(runtime.GOMAXPROCS(0), len(files))
	for range workers {
		go func() {
			for i := range next {
				results[i] = markFile(ctx, svc, files[i], opts)
				close(ready[i])
			}
		}()
	}
	go func() {
		defer close(next)
		for i := range files {
			select {
			case next <- i:
			case <-ctx.Done():
				for ; i < len(files); i++ {
					results[i].err = ctx.Err()
					close(ready[i])
				}
				return
			}
		}
	}()
	failed := 0
	for i, path := range files {
		<-ready[i]
		r := results[i]
		if r.err != nil {
			failed++
			fmt.Fprintf(stderr, "clio mark: %s: %v\n", path, r.err)
			if opts.json {
				line, _ := json.Marshal(struct {
					File  string `json:"file"`
					Error string `json:"error"`
				}{path, r.err.Error()})
				fmt.Fprintf(stdout, "%s\n", line)
			}
			continue
		}
		if _, err := stdout.Write(r.out); err != nil {
			return err
		}
	}
	if failed > 0 {
		return fmt.Errorf("%d of %d essays could not be marked", failed, len(files))
	}
	return nil
}

// markFile reads, marks and renders one essay of a batch.
func markFile(ctx context.Context, svc *marking.Service, path string, opts markOptions) markedFile {
	text, err := readEssay(path, nil)
	if err != nil {
		return markedFile{err: err}
	}
	if opts.question == "" {
		opts.question = sidecarQuestion(path)
	}
	rep, err := svc.Mark(ctx, opts.request(text))
	if err != nil {
		return markedFile{err: err}
	}
	var b bytes.Buffer
	if opts.json {
		line, err := json.Marshal(struct {
			File   string         `json:"file"`
			Report *rubric.Report `json:"report"`
		}{path, rep})
		if err != nil {
			return markedFile{err: err}
		}
		b.Write(line)
		b.WriteByte('\n')
		return markedFile{out: b.Bytes()}
	}
	fmt.Fprintf(&b, "== %s ==\n", path)
	if err := renderText(&b, text, rep, opts.colour); err != nil {
		return markedFile{err: err}
	}
	b.WriteByte('\n')
	return markedFile{out: b.Bytes()}
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
