package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/clio-history/clio/analysis"
	"github.com/clio-history/clio/analysis/spelling"
)

// spellOutput is `clio spell --format json`: the findings in the report's
// finding schema.
type spellOutput struct {
	Findings []analysis.Finding `json:"findings"`
}

// runSpell implements `clio spell [--format text|json] [--locale en-GB|en-US] [FILE|-]`.
func runSpell(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("spell", flag.ContinueOnError)
	fs.SetOutput(stderr)
	format := fs.String("format", "text", "output format: text or json")
	locale := fs.String("locale", spelling.LocaleGB, "spelling locale: en-GB or en-US")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "Usage: clio spell [--format text|json] [--locale en-GB|en-US] [FILE|-]")
		fmt.Fprintln(stderr, "Checks the spelling of an essay (or a list of words, one to a line) and prints the findings.")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return nil
		}
		return fmt.Errorf("%w: %w", errUsage, err)
	}
	if *format != "text" && *format != "json" {
		return fmt.Errorf("%w: --format must be text or json, not %q", errUsage, *format)
	}
	if err := spelling.ValidLocale(*locale); err != nil {
		return fmt.Errorf("%w: %w", errUsage, err)
	}
	if fs.NArg() > 1 {
		return fmt.Errorf("%w: give one file, or - for standard input", errUsage)
	}
	text, err := readSpellInput(fs.Arg(0), stdin)
	if err != nil {
		return err
	}
	doc, err := analysis.Parse(ctx, text)
	if err != nil {
		return fmt.Errorf("reading the text: %w", err)
	}
	checker, err := spelling.New(spelling.Options{})
	if err != nil {
		return err
	}
	pipe, err := analysis.NewPipeline(checker)
	if err != nil {
		return err
	}
	res, err := pipe.Run(ctx, doc, analysis.Task{Locale: *locale})
	if err != nil {
		return err
	}
	findings := res.Findings
	if findings == nil {
		findings = []analysis.Finding{}
	}
	if *format == "json" {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		if err := enc.Encode(spellOutput{Findings: findings}); err != nil {
			return fmt.Errorf("writing the findings: %w", err)
		}
		return nil
	}
	return writeSpellText(stdout, doc, findings)
}

// maxSpellInput bounds what `clio spell` reads; analysis.Parse applies the
// essay limit after it.
const maxSpellInput = 4 << 20

func readSpellInput(name string, stdin io.Reader) (string, error) {
	var r io.Reader = stdin
	if name != "" && name != "-" {
		f, err := os.Open(name)
		if err != nil {
			return "", fmt.Errorf("opening the text: %w", err)
		}
		defer f.Close()
		r = f
	}
	b, err := io.ReadAll(io.LimitReader(r, maxSpellInput+1))
	if err != nil {
		return "", fmt.Errorf("reading the text: %w", err)
	}
	if len(b) > maxSpellInput {
		return "", fmt.Errorf("reading the text: more than %d bytes", maxSpellInput)
	}
	return string(b), nil
}

// writeSpellText prints one finding a line: line:column, the code, the
// word, the message and the suggestions.
func writeSpellText(w io.Writer, doc *analysis.Document, findings []analysis.Finding) error {
	if len(findings) == 0 {
		_, err := fmt.Fprintln(w, "No spelling problems found.")
		return err
	}
	for _, f := range findings {
		line, col := spellLineCol(doc.Text, f.Start)
		s := fmt.Sprintf("%d:%d %s %s %q: %s", line, col, f.Severity, f.Code, f.Text, f.Message)
		if len(f.Suggestions) > 1 {
			s += fmt.Sprintf(" (suggestions: %s)", spellJoin(f.Suggestions))
		}
		if _, err := fmt.Fprintln(w, s); err != nil {
			return err
		}
	}
	_, err := fmt.Fprintf(w, "%d finding(s).\n", len(findings))
	return err
}

func spellJoin(list []string) string {
	out := ""
	for i, s := range list {
		if i > 0 {
			out += ", "
		}
		out += s
	}
	return out
}

// spellLineCol turns a byte offset into a 1-based line and column (in runes).
func spellLineCol(text string, off int) (int, int) {
	line, col := 1, 1
	for i, r := range text {
		if i >= off {
			break
		}
		if r == '\n' {
			line, col = line+1, 1
		} else {
			col++
		}
	}
	return line, col
}
