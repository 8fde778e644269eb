package marking

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/clio-history/clio/analysis/question"
	"github.com/clio-history/clio/analysis/standard"
	"github.com/clio-history/clio/rubric"
)

// Version is Clio's version, recorded in every report. Set at build time with
// -ldflags "-X github.com/clio-history/clio/rubric/marking.Version=v1.2.3".
var Version = "0.1.0-dev"

// ErrUnknownRubric is returned when a request names a rubric that is not
// loaded.
var ErrUnknownRubric = errors.New("unknown rubric")

// Service marks essays. Safe for concurrent use.
type Service struct {
	engine  *standard.Engine
	rubrics *rubric.Set
}

// Request is one essay to mark.
type Request struct {
	Text     string
	Question string
	Rubric   string
	Topic    string
	Locale   string
	// Profile, when set, places the mark by a calibrated model (see
	// rubric.Profile); ProfileSet names its set ("" for a one-set profile).
	Profile    *rubric.Profile
	ProfileSet string
}

// New builds a Service with the standard engine and the built-in rubrics.
func New(opts standard.Options) (*Service, error) {
	eng, err := standard.New(opts)
	if err != nil {
		return nil, err
	}
	rs, err := rubric.Builtin()
	if err != nil {
		return nil, err
	}
	return &Service{engine: eng, rubrics: rs}, nil
}

// Rubrics returns the loaded rubrics.
func (s *Service) Rubrics() *rubric.Set { return s.rubrics }

// Engine returns the analysis engine.
func (s *Service) Engine() *standard.Engine { return s.engine }

// Mark analyses and marks one essay.
func (s *Service) Mark(ctx context.Context, req Request) (*rubric.Report, error) {
	began := time.Now()
	// Without a rubric, the question chooses one (a GCSE question its
	// board's scheme), once it has been read.
	var r *rubric.Rubric
	if id := req.Rubric; id != "" {
		var ok bool
		if r, ok = s.rubrics.Get(id); !ok {
			return nil, fmt.Errorf("%w %q", ErrUnknownRubric, id)
		}
	}
	if req.Profile != nil {
		if _, err := req.Profile.Set(req.ProfileSet); err != nil {
			return nil, err
		}
	}
	res, err := s.engine.Analyze(ctx, standard.Request{
		Text: req.Text, Question: req.Question, Topic: req.Topic, Locale: req.Locale,
	})
	if err != nil {
		return nil, err
	}
	if r == nil {
		r = rubric.Choose(s.rubrics, res.Task.Question, 0)
	}
	rep := rubric.Mark(res, r, rubric.Options{ClioVersion: Version, Profile: req.Profile, ProfileSet: req.ProfileSet})
	rep.Stats.ElapsedMS = float64(time.Since(began).Microseconds()) / 1000
	return rep, nil
}

// ChooseRubric returns the id of the built-in rubric a question calls for
// when the caller names none (see rubric.Choose).
func (s *Service) ChooseRubric(questionText string) string {
	return rubric.Choose(s.rubrics, question.Parse(questionText), 0).ID
}
