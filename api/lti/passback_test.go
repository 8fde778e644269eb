package lti_test

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/clio-history/clio/api/lti"
)

// TestGradePassback is the whole journey: a student launches and submits,
// the LMS learns the work awaits a tutor; a tutor launches and reviews,
// and the LMS receives the final mark exactly once although it fails the
// first two posts.
func TestGradePassback(t *testing.T) {
	for _, backend := range backends() {
		t.Run(backend, func(t *testing.T) {
			e := newEnv(t, backend)
			ctx := context.Background()

			res := e.launch("lms-student-1", nil)
			require.Equal(t, http.StatusSeeOther, res.Status, res.Body)
			student, err := e.session(res.Location)
			require.NoError(t, err)

			submitted := time.Now().UTC().Truncate(time.Microsecond)
			sub := lti.SubmissionEvent{OrgID: "org_1", SubmissionID: "sub_1", StudentID: student.UserID,
				AssignmentID: student.AssignmentID, Draft: 1, Level: 3, Mark: 13, MaxMark: 25, Created: submitted}
			require.NoError(t, e.svc.SubmissionMarked(ctx, sub))
			require.NoError(t, e.svc.SubmissionMarked(ctx, sub), "a repeated hook queues nothing new")
			e.drain()

			posts := e.plat.acceptedPosts()
			require.Len(t, posts, 1)
			assert.Equal(t, "lms-student-1", posts[0].UserID)
			assert.Equal(t, "Submitted", posts[0].ActivityProgress)
			assert.Equal(t, "PendingManual", posts[0].GradingProgress)
			assert.Nil(t, posts[0].ScoreGiven, "a suggested mark is never sent")
			assert.True(t, strings.HasSuffix(posts[0].LineItem, "?type_id=3"), "Moodle's query survives: %s", posts[0].LineItem)
			e.plat.mu.Lock()
			require.Len(t, e.plat.lineItems, 1, "the worker created one line item")
			for _, li := range e.plat.lineItems {
				assert.Equal(t, "rl-42", li.ResourceLinkID)
				assert.Equal(t, 25.0, li.ScoreMaximum)
			}
			e.plat.mu.Unlock()

			res = e.launch("lms-teacher-1", asInstructor)
			require.Equal(t, http.StatusSeeOther, res.Status, res.Body)
			tutor, err := e.session(res.Location)
			require.NoError(t, err)
			require.Equal(t, lti.RoleTutor, tutor.Role)

			e.plat.mu.Lock()
			e.plat.failPosts = 2
			e.plat.mu.Unlock()
			review := lti.ReviewEvent{OrgID: "org_1", SubmissionID: "sub_1", StudentID: student.UserID,
				AssignmentID: tutor.AssignmentID, ReviewerID: tutor.UserID, SuggestedMark: 13, FinalLevel: 4,
				FinalMark: 18, MaxMark: 25, Overridden: true, Comment: "  A sustained judgement on Stalin's tactics.  ",
				Created: submitted.Add(time.Hour)}
			require.NoError(t, e.svc.ReviewCompleted(ctx, review))
			require.NoError(t, e.svc.ReviewCompleted(ctx, review), "the same review twice is one post")
			e.drain()

			var graded []recordedScore
			for _, p := range e.plat.acceptedPosts() {
				if p.GradingProgress == "FullyGraded" {
					graded = append(graded, p)
				}
			}
			require.Len(t, graded, 1, "FullyGraded exactly once")
			g := graded[0]
			require.NotNil(t, g.ScoreGiven)
			require.NotNil(t, g.ScoreMaximum)
			assert.Equal(t, 18.0, *g.ScoreGiven)
			assert.Equal(t, 25.0, *g.ScoreMaximum)
			assert.Equal(t, "Completed", g.ActivityProgress)
			assert.Equal(t, "A sustained judgement on Stalin's tactics.", g.Comment)
			assert.Equal(t, "lms-student-1", g.UserID)

			failed := 0
			for _, p := range e.plat.allPosts() {
				if p.Status == http.StatusServiceUnavailable {
					failed++
				}
			}
			assert.Equal(t, 2, failed, "the platform refused two posts")

			scores, err := e.store.ListScores(ctx, "org_1")
			require.NoError(t, err)
			require.Len(t, scores, 2)
			last := scores[1]
			assert.Equal(t, lti.StatusDone, last.Status)
			assert.Equal(t, 3, last.Attempts)
			attempts, err := e.store.Attempts(ctx, last.ID)
			require.NoError(t, err)
			require.Len(t, attempts, 3)
			assert.Equal(t, http.StatusServiceUnavailable, attempts[0].Code)
			assert.Contains(t, attempts[0].Error, "503")
			assert.Equal(t, http.StatusOK, attempts[2].Code)
			assert.Contains(t, e.logs.String(), "score post failed; will retry")

			t.Run("OlderReviewIsSuperseded", func(t *testing.T) {
				stale := review
				stale.FinalMark, stale.Created = 10, submitted.Add(30*time.Minute)
				require.NoError(t, e.svc.ReviewCompleted(ctx, stale))
				e.drain()
				scores, err := e.store.ListScores(ctx, "org_1")
				require.NoError(t, err)
				require.Len(t, scores, 3)
				assert.Equal(t, lti.StatusDone, scores[2].Status, "409 is final, not retried")
				assert.Contains(t, scores[2].LastError, "409")
				assert.Equal(t, 1, scores[2].Attempts)
				e.plat.mu.Lock()
				defer e.plat.mu.Unlock()
				for _, kept := range e.plat.accepted {
					assert.Equal(t, 18.0, *kept["lms-student-1"].ScoreGiven, "the newer mark stands")
				}
			})

			t.Run("FreeStandingAndUnlinkedWorkIsNotPosted", func(t *testing.T) {
				before := len(e.plat.allPosts())
				require.NoError(t, e.svc.SubmissionMarked(ctx, lti.SubmissionEvent{OrgID: "org_1", SubmissionID: "sub_2", StudentID: student.UserID, MaxMark: 25, Created: time.Now()}))
				require.NoError(t, e.svc.SubmissionMarked(ctx, lti.SubmissionEvent{OrgID: "org_1", SubmissionID: "sub_3", StudentID: "usr_never_launched", AssignmentID: student.AssignmentID, MaxMark: 25, Created: time.Now()}))
				e.drain()
				assert.Equal(t, before, len(e.plat.allPosts()))
			})

			t.Run("PlatformDownForGoodGivesUp", func(t *testing.T) {
				e.plat.mu.Lock()
				e.plat.failPosts = 100
				e.plat.mu.Unlock()
				defer func() { e.plat.mu.Lock(); e.plat.failPosts = 0; e.plat.mu.Unlock() }()
				r := review
				r.Created = submitted.Add(2 * time.Hour)
				require.NoError(t, e.svc.ReviewCompleted(ctx, r))
				e.drain()
				scores, err := e.store.ListScores(ctx, "org_1")
				require.NoError(t, err)
				lastJob := scores[len(scores)-1]
				assert.Equal(t, lti.StatusFailed, lastJob.Status)
				assert.Equal(t, 6, lastJob.Attempts, "MaxAttempts")
				assert.Contains(t, e.logs.String(), "score abandoned")
			})
		})
	}
}

// TestGradePassbackCanvasLineItem covers a launch that names its line item
// (Canvas and Moodle do when the activity is graded): no line item is
// created and scores go to the named one; the access token is reused.
func TestGradePassbackCanvasLineItem(t *testing.T) {
	e := newEnv(t, "sqlite")
	ctx := context.Background()
	item := e.plat.url("/course/7/lineitems/77")
	e.plat.mu.Lock()
	e.plat.lineItems[item] = &platLineItem{ID: item, ScoreMaximum: 25, Label: "Essay", ResourceLinkID: "rl-42"}
	e.plat.mu.Unlock()
	res := e.launch("lms-student-1", func(c map[string]any) {
		c["https://purl.imsglobal.org/spec/lti-ags/claim/endpoint"] = map[string]any{
			"scope":    []string{"https://purl.imsglobal.org/spec/lti-ags/scope/score"},
			"lineitem": item,
		}
	})
	require.Equal(t, http.StatusSeeOther, res.Status, res.Body)
	s, err := e.session(res.Location)
	require.NoError(t, err)
	for i := range 3 {
		require.NoError(t, e.svc.SubmissionMarked(ctx, lti.SubmissionEvent{OrgID: "org_1", SubmissionID: "sub_" + string(rune('a'+i)),
			StudentID: s.UserID, AssignmentID: s.AssignmentID, MaxMark: 25, Created: time.Now().Add(time.Duration(i) * time.Second)}))
	}
	e.drain()
	posts := e.plat.acceptedPosts()
	require.Len(t, posts, 3)
	for _, p := range posts {
		assert.Equal(t, item, p.LineItem)
	}
	e.plat.mu.Lock()
	assert.Len(t, e.plat.lineItems, 1, "no line item created")
	assert.Equal(t, 1, e.plat.tokenReqs, "one access token for all posts")
	e.plat.mu.Unlock()
}

// TestGradePassbackNoScoreScope: a platform that grants no score scope
// gets nothing.
func TestGradePassbackNoScoreScope(t *testing.T) {
	e := newEnv(t, "sqlite")
	ctx := context.Background()
	res := e.launch("lms-student-1", func(c map[string]any) {
		delete(c, "https://purl.imsglobal.org/spec/lti-ags/claim/endpoint")
	})
	require.Equal(t, http.StatusSeeOther, res.Status, res.Body)
	s, err := e.session(res.Location)
	require.NoError(t, err)
	require.NoError(t, e.svc.SubmissionMarked(ctx, lti.SubmissionEvent{OrgID: "org_1", SubmissionID: "sub_1",
		StudentID: s.UserID, AssignmentID: s.AssignmentID, MaxMark: 25, Created: time.Now()}))
	scores, err := e.store.ListScores(ctx, "org_1")
	require.NoError(t, err)
	assert.Empty(t, scores)
}
