package lti_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/clio-history/clio/api/lti"
)

// receiver is an integration's webhook endpoint: it checks every
// signature and fails the first few deliveries.
type receiver struct {
	mu       sync.Mutex
	secret   string
	failNext int
	valid    []map[string]any
	invalid  int
	calls    int
}

func (rc *receiver) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	rc.mu.Lock()
	defer rc.mu.Unlock()
	rc.calls++
	if err := lti.VerifySignature(rc.secret, r.Header.Get(lti.SignatureHeader), body, time.Now(), 5*time.Minute); err != nil {
		rc.invalid++
		http.Error(w, err.Error(), http.StatusUnauthorized)
		return
	}
	if rc.failNext > 0 {
		rc.failNext--
		http.Error(w, "busy", http.StatusInternalServerError)
		return
	}
	var m map[string]any
	_ = json.Unmarshal(body, &m)
	m["header_event"] = r.Header.Get("Clio-Event")
	rc.valid = append(rc.valid, m)
	w.WriteHeader(http.StatusNoContent)
}

func TestWebhooks(t *testing.T) {
	for _, backend := range backends() {
		t.Run(backend, func(t *testing.T) {
			e := newEnv(t, backend)
			ctx := context.Background()
			rc := &receiver{failNext: 2}
			srv := httptest.NewServer(rc)
			t.Cleanup(srv.Close)

			rec := e.adminDo(http.MethodPost, "/v1/lti/webhooks", "org_1", map[string]any{"url": srv.URL + "/hooks/clio"})
			require.Equal(t, http.StatusCreated, rec.Code, rec.Body.String())
			var hook lti.Webhook
			require.NoError(t, json.Unmarshal(rec.Body.Bytes(), &hook))
			require.NotEmpty(t, hook.Secret, "the secret is shown on creation")
			rc.mu.Lock()
			rc.secret = hook.Secret
			rc.mu.Unlock()

			list := e.adminDo(http.MethodGet, "/v1/lti/webhooks", "org_1", nil)
			require.Equal(t, http.StatusOK, list.Code)
			assert.NotContains(t, list.Body.String(), hook.Secret, "the secret is not listed")

			ev := lti.SubmissionEvent{OrgID: "org_1", SubmissionID: "sub_1", StudentID: "usr_1", AssignmentID: "asg_1",
				Draft: 1, Level: 3, Mark: 13, MaxMark: 25, Created: time.Now().UTC()}
			require.NoError(t, e.svc.SubmissionMarked(ctx, ev))
			require.NoError(t, e.svc.SubmissionMarked(ctx, ev), "deduplicated")
			e.drain()
			require.NoError(t, e.svc.ReviewCompleted(ctx, lti.ReviewEvent{OrgID: "org_1", SubmissionID: "sub_1", StudentID: "usr_1",
				AssignmentID: "asg_1", ReviewerID: "usr_2", FinalLevel: 4, FinalMark: 18, MaxMark: 25, Created: time.Now().UTC()}))
			// Another organisation's events never reach this webhook.
			require.NoError(t, e.svc.SubmissionMarked(ctx, lti.SubmissionEvent{OrgID: "org_2", SubmissionID: "sub_9", StudentID: "usr_9", MaxMark: 25, Created: time.Now()}))
			e.drain()

			rc.mu.Lock()
			require.Len(t, rc.valid, 2, "each event delivered once")
			assert.Equal(t, 0, rc.invalid, "every signature verified")
			assert.Equal(t, 4, rc.calls, "two failures, then two deliveries")
			assert.Equal(t, "submission.marked", rc.valid[0]["event"])
			assert.Equal(t, "submission.marked", rc.valid[0]["header_event"])
			data := rc.valid[0]["data"].(map[string]any)
			assert.Equal(t, "sub_1", data["submission_id"])
			assert.Equal(t, 13.0, data["suggested_mark"])
			assert.Equal(t, "review.completed", rc.valid[1]["event"])
			assert.Equal(t, 18.0, rc.valid[1]["data"].(map[string]any)["final_mark"])
			rc.mu.Unlock()

			log := e.adminDo(http.MethodGet, "/v1/lti/webhooks/"+hook.ID+"/deliveries", "org_1", nil)
			require.Equal(t, http.StatusOK, log.Code, log.Body.String())
			var out struct {
				Deliveries []struct {
					Event      string
					Status     string
					Attempts   int
					AttemptLog []lti.Attempt `json:"attempt_log"`
				}
			}
			require.NoError(t, json.Unmarshal(log.Body.Bytes(), &out))
			require.Len(t, out.Deliveries, 2)
			first := out.Deliveries[0]
			assert.Equal(t, "done", first.Status)
			assert.Equal(t, 3, first.Attempts)
			require.Len(t, first.AttemptLog, 3, "retries are logged")
			assert.Equal(t, 500, first.AttemptLog[0].Code)
			assert.Equal(t, 500, first.AttemptLog[1].Code)
			assert.Contains(t, first.AttemptLog[0].Error, "500")
			assert.Equal(t, 200, first.AttemptLog[2].Code)

			other := e.adminDo(http.MethodGet, "/v1/lti/webhooks/"+hook.ID+"/deliveries", "org_2", nil)
			assert.Equal(t, http.StatusNotFound, other.Code, "another organisation cannot read the log")
			del := e.adminDo(http.MethodDelete, "/v1/lti/webhooks/"+hook.ID, "org_2", nil)
			assert.Equal(t, http.StatusNotFound, del.Code)
			del = e.adminDo(http.MethodDelete, "/v1/lti/webhooks/"+hook.ID, "org_1", nil)
			assert.Equal(t, http.StatusNoContent, del.Code)
		})
	}
}

func TestVerifySignature(t *testing.T) {
	now := time.Unix(1_800_000_000, 0)
	body := []byte(`{"event":"review.completed"}`)
	good := lti.Sign("whsec_1", now, body)
	tests := []struct {
		name, secret, header string
		body                 []byte
		ok                   bool
	}{
		{"Valid", "whsec_1", good, body, true},
		{"WrongSecret", "whsec_2", good, body, false},
		{"TamperedBody", "whsec_1", good, []byte(`{"event":"review.completed "}`), false},
		{"Stale", "whsec_1", lti.Sign("whsec_1", now.Add(-time.Hour), body), body, false},
		{"Empty", "whsec_1", "", body, false},
		{"Garbage", "whsec_1", "t=abc,v1=zz", body, false},
		{"NoV1", "whsec_1", "t=1800000000", body, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			err := lti.VerifySignature(tc.secret, tc.header, tc.body, now, 5*time.Minute)
			if tc.ok {
				assert.NoError(t, err)
			} else {
				assert.Error(t, err)
			}
		})
	}
}

// TestRunQueue checks the background worker delivers without being asked.
func TestRunQueue(t *testing.T) {
	e := newEnv(t, "sqlite")
	rc := &receiver{}
	srv := httptest.NewServer(rc)
	t.Cleanup(srv.Close)
	rec := e.adminDo(http.MethodPost, "/v1/lti/webhooks", "org_1", map[string]any{"url": srv.URL})
	require.Equal(t, http.StatusCreated, rec.Code, rec.Body.String())
	var hook lti.Webhook
	require.NoError(t, json.Unmarshal(rec.Body.Bytes(), &hook))
	rc.secret = hook.Secret

	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- e.svc.RunQueue(ctx) }()
	require.NoError(t, e.svc.SubmissionMarked(context.Background(), lti.SubmissionEvent{OrgID: "org_1", SubmissionID: "sub_1",
		StudentID: "usr_1", MaxMark: 25, Created: time.Now()}))
	require.Eventually(t, func() bool {
		rc.mu.Lock()
		defer rc.mu.Unlock()
		return len(rc.valid) == 1
	}, 10*time.Second, 10*time.Millisecond)
	cancel()
	assert.ErrorIs(t, <-done, context.Canceled)
}
