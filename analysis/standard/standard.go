package standard

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/clio-history/clio/analysis"
	"github.com/clio-history/clio/analysis/argument"
	"github.com/clio-history/clio/analysis/dates"
	"github.com/clio-history/clio/analysis/evidence"
	"github.com/clio-history/clio/analysis/history"
	"github.com/clio-history/clio/analysis/mechanics"
	"github.com/clio-history/clio/analysis/question"
	"github.com/clio-history/clio/analysis/spelling"
	"github.com/clio-history/clio/analysis/structure"
)

// Engine analyses essays with the default analyzers. It is safe for concurrent
// use; build one per process.
type Engine struct {
	pipeline  *analysis.Pipeline
	analyzers []analysis.Analyzer
	library   *history.Library
	limits    analysis.Limits
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
	// Library is the topic packs to judge essays against; nil takes every
	// pack built into the binary (history.Default).
	Library *history.Library
}

// Errors for requests the engine cannot serve; both are the caller's
// mistake, not Clio's.
var (
	ErrBadLocale    = errors.New("unsupported locale")
	ErrUnknownTopic = errors.New("unknown topic")
)

// New loads the shared models and data and registers the default analyzers.
func New(opts Options) (*Engine, error) {
	lim := analysis.DefaultLimits()
	if opts.Limits.MaxBytes > 0 {
		lim.MaxBytes = opts.Limits.MaxBytes
	}
	if opts.Limits.MaxTokenBytes > 0 {
		lim.MaxTokenBytes = opts.Limits.MaxTokenBytes
	}
	// The spelling snapshot decodes on another core while the topic packs
	// load: the two are most of a process's first mark.
	preloaded := make(chan struct{})
	go func() {
		defer close(preloaded)
		spelling.Preload()
	}()
	lib := opts.Library
	if lib == nil {
		var err error
		if lib, err = history.Default(); err != nil {
			<-preloaded
			return nil, fmt.Errorf("standard engine: %w", err)
		}
	}
	<-preloaded
	speller, err := spelling.New(spelling.Options{ExtraNames: lib.Names()})
	if err != nil {
		return nil, fmt.Errorf("standard engine: %w", err)
	}
	analyzers := []analysis.Analyzer{
		structure.New(),
		speller,
		mechanics.New(),
		dates.New(lib),
		argument.New(),
		evidence.New(lib),
	}
	p, err := analysis.NewPipeline(analyzers...)
	if err != nil {
		return nil, fmt.Errorf("standard engine: %w", err)
	}
	return &Engine{pipeline: p, analyzers: analyzers, library: lib, limits: lim}, nil
}

// Analyzers names the registered analyzers in the order they run.
func (e *Engine) Analyzers() []string { return e.pipeline.Analyzers() }

// Library is the topic packs the engine judges essays against.
func (e *Engine) Library() *history.Library { return e.library }

// Analyze parses the essay and runs every analyzer over it.
func (e *Engine) Analyze(ctx context.Context, req Request) (*analysis.Result, error) {
	locale, err := normaliseLocale(req.Locale)
	if err != nil {
		return nil, err
	}
	req.Locale = locale
	if req.Topic != "" {
		if _, ok := e.library.Pack(req.Topic); !ok {
			return nil, fmt.Errorf("%w %q: see 'clio topics' for the ids", ErrUnknownTopic, req.Topic)
		}
	}
	doc, err := analysis.ParseWithLimits(ctx, req.Text, e.limits)
	if err != nil {
		return nil, err
	}
	return e.pipeline.Run(ctx, doc, e.task(req, doc))
}

// task parses the question and settles the topic once for every analyzer:
// the one asked for, else the pack the question and essay are detected to be
// about, else none (history.DetectTopic says no pack rather than a doubtful
// one, and the analyzers then give no knowledge-based findings).
func (e *Engine) task(req Request, doc *analysis.Document) analysis.Task {
	q := question.Parse(req.Question)
	if p, ok := e.library.Pack(req.Topic); ok {
		q.TopicChoice = p.Chosen()
	} else {
		q.TopicChoice = e.library.DetectQuestion(q, doc.Text).Choice()
	}
	q.Topic = q.TopicChoice.ID
	return analysis.Task{Question: q, Topic: q.Topic, Locale: req.Locale}
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
