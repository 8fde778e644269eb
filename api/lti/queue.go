package lti

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"math/rand/v2"
	"net/http"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/clio-history/clio/api/store"
)

// SubmissionEvent is what the server tells the LTI side when it has marked
// a submission.
type SubmissionEvent struct {
	OrgID        string    `json:"org_id"`
	SubmissionID string    `json:"submission_id"`
	StudentID    string    `json:"student_id"`
	AssignmentID string    `json:"assignment_id,omitempty"`
	Draft        int       `json:"draft"`
	Level        int       `json:"suggested_level"`
	Mark         int       `json:"suggested_mark"`
	MaxMark      int       `json:"max_mark"`
	Created      time.Time `json:"created"`
}

// ReviewEvent is what the server tells the LTI side when a tutor has
// reviewed a submission.
type ReviewEvent struct {
	OrgID         string    `json:"org_id"`
	SubmissionID  string    `json:"submission_id"`
	StudentID     string    `json:"student_id"`
	AssignmentID  string    `json:"assignment_id,omitempty"`
	ReviewerID    string    `json:"reviewer_id"`
	SuggestedMark int       `json:"suggested_mark"`
	FinalLevel    int       `json:"final_level"`
	FinalMark     int       `json:"final_mark"`
	MaxMark       int       `json:"max_mark"`
	Overridden    bool      `json:"overridden"`
	Comment       string    `json:"comment,omitempty"`
	Created       time.Time `json:"created"`
}

// Webhook event names.
const (
	EventSubmissionMarked = "submission.marked"
	EventReviewCompleted  = "review.completed"
)

const maxCommentRunes = 1000

// SubmissionMarked queues, for each LMS activity linked to the
// submission's assignment, a score telling the LMS the work is in and
// awaits a tutor (Submitted, PendingManual, no score), and a
// submission.marked webhook to each of the organisation's webhooks.
// Calling it twice for one submission queues nothing new.
func (s *Service) SubmissionMarked(ctx context.Context, ev SubmissionEvent) error {
	score := Score{Timestamp: scoreTime(ev.Created), ActivityProgress: "Submitted", GradingProgress: "PendingManual"}
	if err := s.queueScores(ctx, ev.OrgID, ev.AssignmentID, ev.StudentID, ev.SubmissionID, "submitted:"+ev.SubmissionID, ev.MaxMark, score); err != nil {
		return err
	}
	return s.queueWebhooks(ctx, ev.OrgID, EventSubmissionMarked, ev.SubmissionID, ev)
}

// ReviewCompleted queues the final mark for the LMS (Completed,
// FullyGraded, scoreGiven, scoreMaximum, a short comment) and a
// review.completed webhook. One review (a submission and the review's
// time) is posted once however often this is called; a later review of the
// same submission is posted again and replaces the mark in the LMS.
func (s *Service) ReviewCompleted(ctx context.Context, ev ReviewEvent) error {
	given, maximum := float64(ev.FinalMark), float64(ev.MaxMark)
	score := Score{ScoreGiven: &given, ScoreMaximum: &maximum, Comment: reviewComment(ev),
		Timestamp: scoreTime(ev.Created), ActivityProgress: "Completed", GradingProgress: "FullyGraded"}
	if ev.MaxMark <= 0 {
		return fmt.Errorf("lti: review of %s has no maximum mark", ev.SubmissionID)
	}
	key := "graded:" + ev.SubmissionID + ":" + strconv.FormatInt(ev.Created.UnixMicro(), 10)
	if err := s.queueScores(ctx, ev.OrgID, ev.AssignmentID, ev.StudentID, ev.SubmissionID, key, ev.MaxMark, score); err != nil {
		return err
	}
	return s.queueWebhooks(ctx, ev.OrgID, EventReviewCompleted, ev.SubmissionID+":"+strconv.FormatInt(ev.Created.UnixMicro(), 10), ev)
}

func scoreTime(t time.Time) string {
	if t.IsZero() {
		t = time.Now()
	}
	return t.UTC().Format("2006-01-02T15:04:05.000000Z07:00")
}

func reviewComment(ev ReviewEvent) string {
	c := strings.TrimSpace(ev.Comment)
	if c == "" {
		return fmt.Sprintf("Level %d, %d out of %d, reviewed by your tutor in Clio.", ev.FinalLevel, ev.FinalMark, ev.MaxMark)
	}
	if utf8.RuneCountInString(c) > maxCommentRunes {
		r := []rune(c)
		c = string(r[:maxCommentRunes-1]) + "…"
	}
	return c
}

func (s *Service) queueScores(ctx context.Context, orgID, assignmentID, studentID, submissionID, key string, maxMark int, score Score) error {
	if assignmentID == "" {
		return nil // free-standing work has no LMS activity
	}
	links, err := s.store.ResourceLinksForAssignment(ctx, orgID, assignmentID)
	if err != nil {
		return err
	}
	queued := false
	for _, rl := range links {
		if !containsScope(rl.Scopes, ScopeScore) {
			continue
		}
		sub, err := s.store.LMSID(ctx, rl.PlatformID, LinkUser, studentID)
		if errors.Is(err, ErrNotFound) {
			continue // the student never came from this LMS
		}
		if err != nil {
			return err
		}
		sc := score
		sc.UserID = sub
		body, err := json.Marshal(sc)
		if err != nil {
			return fmt.Errorf("lti: encoding score: %w", err)
		}
		now := s.now()
		ok, err := s.store.EnqueueScore(ctx, ScoreJob{ID: newID("score"), DedupeKey: key + ":" + rl.PlatformID + ":" + rl.ResourceLinkID,
			OrgID: orgID, PlatformID: rl.PlatformID, ResourceLinkID: rl.ResourceLinkID, SubmissionID: submissionID,
			MaxMark: maxMark, Score: body, NextAttempt: now, Created: now})
		if err != nil {
			return err
		}
		queued = queued || ok
	}
	if queued {
		s.poke()
	}
	return nil
}

func containsScope(scopes []string, want string) bool {
	for _, s := range scopes {
		if s == want {
			return true
		}
	}
	return false
}

// webhookEnvelope is the body of every webhook.
type webhookEnvelope struct {
	ID      string    `json:"id"`
	Event   string    `json:"event"`
	Created time.Time `json:"created"`
	Data    any       `json:"data"`
}

func (s *Service) queueWebhooks(ctx context.Context, orgID, event, key string, data any) error {
	hooks, err := s.store.ListWebhooks(ctx, orgID)
	if err != nil {
		return err
	}
	queued := false
	for _, w := range hooks {
		now := s.now()
		id := newID("dlv")
		body, err := json.Marshal(webhookEnvelope{ID: id, Event: event, Created: now, Data: data})
		if err != nil {
			return fmt.Errorf("lti: encoding webhook: %w", err)
		}
		ok, err := s.store.EnqueueDelivery(ctx, Delivery{ID: id, DedupeKey: event + ":" + w.ID + ":" + key, WebhookID: w.ID,
			OrgID: orgID, Event: event, Body: body, NextAttempt: now, Created: now})
		if err != nil {
			return err
		}
		queued = queued || ok
	}
	if queued {
		s.poke()
	}
	return nil
}

func (s *Service) poke() {
	select {
	case s.wake <- struct{}{}:
	default:
	}
}

// backoff is the delay before attempt n+1 after n failures: RetryBase
// doubled each time, capped at RetryMax, with up to a fifth of jitter.
func (s *Service) backoff(n int) time.Duration {
	d := s.cfg.RetryBase
	for i := 1; i < n && d < s.cfg.RetryMax; i++ {
		d *= 2
	}
	d = min(d, s.cfg.RetryMax)
	return d + time.Duration(rand.Int64N(int64(d)/5+1))
}

// leaseTime is the default Config.JobLease.
const leaseTime = 2 * time.Minute

// eventLease is how long a claimed outbox event is hidden from other
// workers. Handling an event only queues jobs, in milliseconds, and doing it
// twice queues nothing new (the dedupe keys), so the lease can be short:
// when a server dies holding one, another takes it over within seconds
// rather than leaving the LMS waiting.
const eventLease = 15 * time.Second

// RunQueue turns stored submissions and reviews into scores and webhooks
// and delivers them, every PollInterval, until ctx ends. Run one per
// server; several servers sharing a database share the work safely.
func (s *Service) RunQueue(ctx context.Context) error {
	t := time.NewTicker(s.cfg.PollInterval)
	defer t.Stop()
	lastSweep := time.Time{}
	for {
		if _, err := s.ProcessQueue(ctx); err != nil && ctx.Err() == nil {
			s.log.Error("lti: queue", "error", err)
		}
		if now := s.now(); now.Sub(lastSweep) > 10*time.Minute {
			if err := s.store.Sweep(ctx, now); err != nil && ctx.Err() == nil {
				s.log.Warn("lti: sweeping", "error", err)
			}
			lastSweep = now
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-t.C:
		case <-s.wake:
		}
	}
}

// SubmissionEventOf is the event for a stored, marked submission.
func SubmissionEventOf(sub store.Submission) SubmissionEvent {
	return SubmissionEvent{OrgID: sub.OrgID, SubmissionID: sub.ID, StudentID: sub.StudentID, AssignmentID: sub.AssignmentID,
		Draft: sub.Draft, Level: sub.Level, Mark: sub.Mark, MaxMark: sub.MaxMark, Created: sub.Created}
}

// ReviewEventOf is the event for a stored review r of the submission sub.
func ReviewEventOf(r store.Review, sub store.Submission) ReviewEvent {
	return ReviewEvent{OrgID: r.OrgID, SubmissionID: r.SubmissionID, StudentID: sub.StudentID, AssignmentID: sub.AssignmentID,
		ReviewerID: r.ReviewerID, SuggestedMark: r.SuggestedMark, FinalLevel: r.FinalLevel, FinalMark: r.FinalMark,
		MaxMark: sub.MaxMark, Overridden: r.Overridden, Comment: r.Comment, Created: r.Created}
}

// handleEvent queues what one outbox event owes the LMSs and webhooks.
// Queueing is idempotent (each score and delivery has a dedupe key made from
// the event), so an event handled twice, by a worker that died before
// deleting it, queues nothing new.
func (s *Service) handleEvent(ctx context.Context, ev store.Event) error {
	switch ev.Kind {
	case store.EventSubmissionStored:
		return s.SubmissionMarked(ctx, SubmissionEventOf(ev.Submission))
	case store.EventReviewStored:
		if ev.Review == nil {
			return fmt.Errorf("lti: review event %s has no review", ev.ID)
		}
		return s.ReviewCompleted(ctx, ReviewEventOf(*ev.Review, ev.Submission))
	}
	// Written by a newer Clio sharing the database: leave it for that one.
	return fmt.Errorf("lti: event %s is of a kind this version does not know (%s)", ev.ID, ev.Kind)
}

// drainEvents turns every due outbox event into queued scores and webhook
// deliveries, deleting each event once that is done. An event that fails is
// retried with the same backoff as a score.
func (s *Service) drainEvents(ctx context.Context) (int, error) {
	n := 0
	for ctx.Err() == nil {
		now := s.now()
		ev, err := s.store.ClaimEvent(ctx, now, now.Add(eventLease))
		if errors.Is(err, ErrNotFound) {
			return n, nil
		}
		if err != nil {
			return n, err
		}
		n++
		if err := s.handleEvent(ctx, ev); err != nil {
			attempts := ev.Attempts + 1
			next := now.Add(s.backoff(attempts))
			s.log.Warn("lti: handling a stored event failed; will retry", "event", ev.ID, "kind", string(ev.Kind),
				"submission", ev.Submission.ID, "attempt", attempts, "next", next, "error", err)
			if err := s.store.RetryEvent(ctx, ev.ID, attempts, next, err.Error()); err != nil {
				return n, err
			}
			continue
		}
		if err := s.store.DeleteEvent(ctx, ev.ID); err != nil {
			return n, err
		}
	}
	return n, ctx.Err()
}

// ProcessQueue turns the outbox's events (stored submissions and reviews)
// into queued scores and webhooks, then delivers every score and webhook
// that is due now. It returns how many events it handled and delivery
// attempts it made.
func (s *Service) ProcessQueue(ctx context.Context) (int, error) {
	events, err := s.drainEvents(ctx)
	if err != nil {
		return events, err
	}
	scores, err := drain(ctx, s, s.store.ClaimScore, s.deliverScore)
	scores += events
	if err != nil {
		return scores, err
	}
	hooks, err := drain(ctx, s, s.store.ClaimDelivery, s.deliverWebhook)
	return scores + hooks, err
}

// drain claims due jobs one at a time, each under a lease so that another
// server's worker does not take it too, and delivers them until none is due.
func drain[J any](ctx context.Context, s *Service,
	claim func(ctx context.Context, now, leaseUntil time.Time) (J, error),
	deliver func(ctx context.Context, job J) error) (int, error) {
	n := 0
	for ctx.Err() == nil {
		now := s.now()
		job, err := claim(ctx, now, now.Add(s.cfg.JobLease))
		if errors.Is(err, ErrNotFound) {
			return n, nil
		}
		if err != nil {
			return n, err
		}
		n++
		if err := deliver(ctx, job); err != nil {
			return n, err
		}
	}
	return n, ctx.Err()
}

// deliverScore makes one attempt at a score job and records the outcome;
// the error returned is only a failure to record it.
func (s *Service) deliverScore(ctx context.Context, j ScoreJob) error {
	err := s.sendScore(ctx, j)
	now := s.now()
	j.Attempts++
	a := Attempt{JobID: j.ID, N: j.Attempts, At: now}
	var he *httpError
	if errors.As(err, &he) {
		a.Code = he.Code
	}
	switch {
	case err == nil:
		a.Code = http.StatusOK
		j.Status, j.Done, j.LastError = StatusDone, &now, ""
		s.log.Info("lti: score posted", "job", j.ID, "platform", j.PlatformID, "resource_link", j.ResourceLinkID, "attempt", j.Attempts)
	case he != nil && he.Code == http.StatusConflict:
		// The platform holds a score with a later timestamp: ours is stale
		// and must not replace it.
		j.Status, j.Done, j.LastError = StatusDone, &now, "409: the platform holds a newer score"
		a.Error = j.LastError
		s.log.Info("lti: score superseded", "job", j.ID, "platform", j.PlatformID)
	default:
		j.LastError = err.Error()
		a.Error = j.LastError
		if j.Attempts >= s.cfg.MaxAttempts {
			j.Status = StatusFailed
			s.log.Error("lti: score abandoned", "job", j.ID, "platform", j.PlatformID, "attempts", j.Attempts, "error", err)
		} else {
			j.Status = StatusPending
			j.NextAttempt = now.Add(s.backoff(j.Attempts))
			s.log.Warn("lti: score post failed; will retry", "job", j.ID, "platform", j.PlatformID, "attempt", j.Attempts, "next", j.NextAttempt, "error", err)
		}
	}
	return s.store.FinishScore(ctx, j, a)
}

func (s *Service) sendScore(ctx context.Context, j ScoreJob) error {
	p, err := s.store.GetPlatform(ctx, j.PlatformID)
	if err != nil {
		return err
	}
	rl, err := s.store.GetResourceLink(ctx, j.PlatformID, j.ResourceLinkID)
	if err != nil {
		return err
	}
	var sc Score
	if err := json.Unmarshal(j.Score, &sc); err != nil {
		return fmt.Errorf("reading queued score: %w", err)
	}
	maxScore := float64(j.MaxMark)
	if sc.ScoreMaximum != nil && *sc.ScoreMaximum > 0 {
		maxScore = *sc.ScoreMaximum
	}
	if maxScore <= 0 {
		maxScore = 100 // a line item needs a positive maximum
	}
	li, err := s.findOrCreateLineItem(ctx, p, rl, maxScore)
	if err != nil {
		return err
	}
	err = s.postScore(ctx, p, li, j.Score)
	if err == nil || !mayBeGone(err) {
		return err
	}
	// A teacher may have deleted the gradebook column. Only when the
	// platform's own list of line items shows it has gone does Clio make a
	// new one and post there; otherwise the score is retried as usual, so
	// an outage never makes a second column.
	gone, cerr := s.lineItemGone(ctx, p, rl, li)
	if cerr != nil || !gone {
		return err
	}
	s.log.Warn("lti: the line item has gone from the platform; making a new one", "platform", p.ID, "resource_link", rl.ResourceLinkID, "lineitem", li)
	if err := s.store.SetLineItem(ctx, p.ID, rl.ResourceLinkID, ""); err != nil {
		return err
	}
	rl.LineItemURL = ""
	fresh, ferr := s.findOrCreateLineItem(ctx, p, rl, maxScore)
	if ferr != nil {
		return fmt.Errorf("the line item %s was deleted on the platform and no new one could be made: %w", li, ferr)
	}
	return s.postScore(ctx, p, fresh, j.Score)
}

// mayBeGone reports whether a failed score post could mean the line item
// no longer exists: 404 and 410 say so, and some platforms answer a
// missing line item with a server error.
func mayBeGone(err error) bool {
	var he *httpError
	return errors.As(err, &he) && (he.Code == http.StatusNotFound || he.Code == http.StatusGone || he.Code >= 500)
}

// SignatureHeader is the header carrying a webhook's signature.
const SignatureHeader = "Clio-Signature"

// Sign returns the Clio-Signature value for body sent at t:
// "t=UNIX,v1=HEX" where HEX is HMAC-SHA256(secret, "UNIX." + body).
func Sign(secret string, t time.Time, body []byte) string {
	ts := strconv.FormatInt(t.Unix(), 10)
	return "t=" + ts + ",v1=" + hex.EncodeToString(mac(secret, ts, body))
}

func mac(secret, ts string, body []byte) []byte {
	m := hmac.New(sha256.New, []byte(secret))
	m.Write([]byte(ts))
	m.Write([]byte("."))
	m.Write(body)
	return m.Sum(nil)
}

// VerifySignature checks a Clio-Signature header for body, refusing
// signatures older or newer than tolerance; receivers use it (or its
// recipe) to trust a webhook.
func VerifySignature(secret, header string, body []byte, now time.Time, tolerance time.Duration) error {
	var ts string
	var sigs [][]byte
	for _, part := range strings.Split(header, ",") {
		k, v, ok := strings.Cut(strings.TrimSpace(part), "=")
		if !ok {
			continue
		}
		switch k {
		case "t":
			ts = v
		case "v1":
			if b, err := hex.DecodeString(v); err == nil {
				sigs = append(sigs, b)
			}
		}
	}
	sec, err := strconv.ParseInt(ts, 10, 64)
	if err != nil || len(sigs) == 0 {
		return errors.New("lti: malformed signature header")
	}
	if d := now.Sub(time.Unix(sec, 0)); d > tolerance || d < -tolerance {
		return errors.New("lti: signature timestamp outside the tolerance")
	}
	want := mac(secret, ts, body)
	for _, sig := range sigs {
		if hmac.Equal(sig, want) {
			return nil
		}
	}
	return errors.New("lti: signature does not match")
}

func (s *Service) deliverWebhook(ctx context.Context, d Delivery) error {
	code, err := s.sendWebhook(ctx, d)
	now := s.now()
	d.Attempts++
	d.LastCode = code
	a := Attempt{JobID: d.ID, N: d.Attempts, At: now, Code: code}
	if err == nil {
		d.Status, d.Done, d.LastError = StatusDone, &now, ""
	} else {
		d.LastError, a.Error = err.Error(), err.Error()
		if d.Attempts >= s.cfg.MaxAttempts {
			d.Status = StatusFailed
			s.log.Error("lti: webhook abandoned", "delivery", d.ID, "webhook", d.WebhookID, "attempts", d.Attempts, "error", err)
		} else {
			d.Status = StatusPending
			d.NextAttempt = now.Add(s.backoff(d.Attempts))
			s.log.Warn("lti: webhook failed; will retry", "delivery", d.ID, "webhook", d.WebhookID, "attempt", d.Attempts, "error", err)
		}
	}
	return s.store.FinishDelivery(ctx, d, a)
}

func (s *Service) sendWebhook(ctx context.Context, d Delivery) (int, error) {
	w, err := s.store.GetWebhook(ctx, d.OrgID, d.WebhookID)
	if err != nil {
		return 0, err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, w.URL, strings.NewReader(string(d.Body)))
	if err != nil {
		return 0, err
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("User-Agent", "Clio-Webhooks/1")
	req.Header.Set("Clio-Event", d.Event)
	req.Header.Set("Clio-Delivery", d.ID)
	req.Header.Set(SignatureHeader, Sign(w.Secret, s.now(), d.Body))
	err = s.do(req, "webhook", nil)
	var he *httpError
	if errors.As(err, &he) {
		return he.Code, err
	}
	if err != nil {
		return 0, err
	}
	return http.StatusOK, nil
}
