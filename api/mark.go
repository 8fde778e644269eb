package api

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/clio-history/clio/analysis"
	"github.com/clio-history/clio/analysis/standard"
	"github.com/clio-history/clio/api/problem"
	"github.com/clio-history/clio/api/store"
	"github.com/clio-history/clio/rubric"
	"github.com/clio-history/clio/rubric/marking"
)

// essay is one essay to mark, as the API received it.
type essay struct {
	Text, Question, Rubric, Topic, Locale string
}

// marked is a report with what produced it.
type marked struct {
	Report        *rubric.Report
	JSON          []byte
	RubricVersion string
}

// resolveRubric finds a rubric by id: built in, or uploaded by the caller's
// organisation.
func (s *Server) resolveRubric(ctx context.Context, orgID, id string) (*rubric.Rubric, bool, error) {
	if id == "" {
		id = rubric.DefaultID
	}
	if r, ok := s.marker.Rubrics().Get(id); ok {
		return r, true, nil
	}
	if orgID == "" {
		return nil, false, unknownRubric(id)
	}
	cr, err := s.store.GetRubric(ctx, orgID, id)
	if errors.Is(err, store.ErrNotFound) {
		return nil, false, unknownRubric(id)
	}
	if err != nil {
		return nil, false, err
	}
	r, err := rubric.Parse(cr.Body)
	if err != nil {
		return nil, false, fmt.Errorf("stored rubric %s no longer parses: %w", id, err)
	}
	return r, false, nil
}

func unknownRubric(id string) error {
	return problem.OnField(problem.Invalid, "rubric", "There is no rubric %q; GET /v1/rubrics lists them.", id)
}

// rubricVersion names a rubric's exact content: its id and a hash of it.
func rubricVersion(r *rubric.Rubric) string {
	b, _ := json.Marshal(r)
	h := sha256.Sum256(b)
	return r.ID + "@" + hex.EncodeToString(h[:6])
}

func (s *Server) checkEssay(e essay) error {
	if strings.TrimSpace(e.Text) == "" {
		return problem.OnField(problem.InvalidText, "text", "The essay text is empty.")
	}
	if len(e.Text) > s.cfg.MaxEssay {
		return problem.OnField(problem.TooLarge, "text", "The essay is %d bytes; the limit is %d.", len(e.Text), s.cfg.MaxEssay)
	}
	if len(e.Question) > maxQuestionBytes {
		return problem.OnField(problem.Invalid, "question", "The question is over %d bytes.", maxQuestionBytes)
	}
	if err := analysis.Validate(e.Question, analysis.Limits{MaxBytes: maxQuestionBytes, MaxTokenBytes: analysis.DefaultMaxTokenBytes}); err != nil &&
		!errors.Is(err, analysis.ErrEmpty) {
		return &problem.Error{Kind: problem.Invalid, Field: "question", Detail: "The question cannot be read: " + err.Error(), Err: err}
	}
	return nil
}

// mark analyses and marks one essay through the server's one marking
// service: a slot within --mark-slots, or 503 after --mark-wait.
func (s *Server) mark(ctx context.Context, orgID string, e essay) (*marked, error) {
	if err := s.checkEssay(e); err != nil {
		return nil, err
	}
	if e.Rubric == "" {
		// The question chooses: a GCSE question gets its board's scheme.
		e.Rubric = s.marker.ChooseRubric(e.Question)
	}
	r, builtin, err := s.resolveRubric(ctx, orgID, e.Rubric)
	if err != nil {
		return nil, err
	}
	var profile *rubric.Profile
	if p := s.cfg.Profile; p != nil && p.Rubric == r.ID {
		profile = p
	}
	var rep *rubric.Report
	err = s.marking.Do(ctx, func(ctx context.Context) error {
		var err error
		if builtin {
			rep, err = s.marker.Mark(ctx, marking.Request{Text: e.Text, Question: e.Question, Rubric: r.ID, Topic: e.Topic, Locale: e.Locale,
				Profile: profile})
		} else {
			rep, err = s.markCustom(ctx, r, e, profile)
		}
		return err
	})
	if err != nil {
		return nil, err
	}
	b, err := json.Marshal(rep)
	if err != nil {
		return nil, fmt.Errorf("encoding the report: %w", err)
	}
	return &marked{Report: rep, JSON: b, RubricVersion: rubricVersion(r)}, nil
}

// markCustom marks against a rubric the marking service does not hold (an
// organisation's own), with the same engine.
func (s *Server) markCustom(ctx context.Context, r *rubric.Rubric, e essay, profile *rubric.Profile) (*rubric.Report, error) {
	began := time.Now()
	res, err := s.marker.Engine().Analyze(ctx, standard.Request{Text: e.Text, Question: e.Question, Topic: e.Topic, Locale: e.Locale})
	if err != nil {
		return nil, err
	}
	rep := rubric.Mark(res, r, rubric.Options{ClioVersion: marking.Version, Profile: profile})
	rep.Stats.ElapsedMS = float64(time.Since(began).Microseconds()) / 1000
	return rep, nil
}
