package standard

import (
	"context"
	"fmt"
	"strings"

	"github.com/clio-history/clio/analysis"
	"github.com/clio-history/clio/analysis/structure"
)

// Engine analyses essays with the default analyzers. It is safe for concurrent
// use; build one per process.
type Engine struct {
	pipeline *analysis.Pipeline
	limits   analysis.Limits
}

// Request is one essay to analyse.
type Request struct {
	Text     string
	Question string
	// Topic is a topic pack id; "" detects it from the question and essay.
	Topic string
	// Locale is "en-GB" (default) or "en-US".
	Locale string
}

// Options configure an Engine.
type Options struct {
	// Limits bound the essays accepted; zero values take the defaults.
	Limits analysis.Limits
}

// New loads the shared models and data and registers the default analyzers.
func New(opts Options) (*Engine, error) {
	lim := analysis.DefaultLimits()
	if opts.Limits.MaxBytes > 0 {
		lim.MaxBytes = opts.Limits.MaxBytes
	}
	if opts.Limits.MaxTokenBytes > 0 {
		lim.MaxTokenBytes = opts.Limits.MaxTokenBytes
	}
	p, err := analysis.NewPipeline(
		structure.New(),
	)
	if err != nil {
		return nil, fmt.Errorf("standard engine: %w", err)
	}
	return &Engine{pipeline: p, limits: lim}, nil
}

// Analyzers names the registered analyzers in the order they run.
func (e *Engine) Analyzers() []string { return e.pipeline.Analyzers() }

// ErrBadLocale is returned for a locale other than en-GB or en-US.
var ErrBadLocale = fmt.Errorf("unsupported locale")

// Analyze parses the essay and runs every analyzer over it.
func (e *Engine) Analyze(ctx context.Context, req Request) (*analysis.Result, error) {
	locale, err := normaliseLocale(req.Locale)
	if err != nil {
		return nil, err
	}
	doc, err := analysis.ParseWithLimits(ctx, req.Text, e.limits)
	if err != nil {
		return nil, err
	}
	task := analysis.Task{
		Question: analysis.Question{Text: strings.TrimSpace(req.Question)},
		Topic:    req.Topic,
		Locale:   locale,
	}
	return e.pipeline.Run(ctx, doc, task)
}

func normaliseLocale(l string) (string, error) {
	switch strings.ToLower(strings.ReplaceAll(l, "_", "-")) {
	case "", "en-gb", "en":
		return "en-GB", nil
	case "en-us":
		return "en-US", nil
	}
	return "", fmt.Errorf("%w %q: use en-GB or en-US", ErrBadLocale, l)
}
