package storetest

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/clio-history/clio/api/store"
)

const scopeScore = "https://purl.imsglobal.org/spec/lti-ags/scope/score"

func ltiNow() time.Time { return time.Now().UTC().Truncate(time.Microsecond) }

func testLTIStates(t *testing.T, s store.Store) {
	ctx := context.Background()
	now := ltiNow()
	require.NoError(t, s.SaveState(ctx, store.LoginState{State: "s1", Nonce: "n1", Binding: "b1", PlatformID: "p1", Expires: now.Add(time.Minute)}))
	got, err := s.TakeState(ctx, "s1", now)
	require.NoError(t, err)
	assert.Equal(t, "n1", got.Nonce)
	assert.Equal(t, "b1", got.Binding)
	_, err = s.TakeState(ctx, "s1", now)
	assert.ErrorIs(t, err, store.ErrUsed)

	require.NoError(t, s.SaveState(ctx, store.LoginState{State: "s2", Nonce: "n2", Binding: "b2", PlatformID: "p1", Expires: now.Add(time.Minute)}))
	_, err = s.TakeState(ctx, "s2", now.Add(2*time.Minute))
	assert.ErrorIs(t, err, store.ErrNotFound, "expired")
	_, err = s.TakeState(ctx, "nope", now)
	assert.ErrorIs(t, err, store.ErrNotFound)

	// Taken once under a race.
	require.NoError(t, s.SaveState(ctx, store.LoginState{State: "race", Nonce: "n", Binding: "b", PlatformID: "p1", Expires: now.Add(time.Minute)}))
	var wg sync.WaitGroup
	var mu sync.Mutex
	wins := 0
	for range 8 {
		wg.Go(func() {
			if _, err := s.TakeState(ctx, "race", now); err == nil {
				mu.Lock()
				wins++
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	assert.Equal(t, 1, wins)

	require.NoError(t, s.UseNonce(ctx, "nonce-1", now.Add(time.Hour)))
	assert.ErrorIs(t, s.UseNonce(ctx, "nonce-1", now.Add(time.Hour)), store.ErrUsed)
	require.NoError(t, s.Sweep(ctx, now.Add(48*time.Hour)))
	assert.NoError(t, s.UseNonce(ctx, "nonce-1", now.Add(time.Hour)), "swept after expiry")
}

func testLTILinks(t *testing.T, s store.Store) {
	ctx := context.Background()
	now := ltiNow()
	_, err := s.LinkedID(ctx, "p1", store.LinkUser, "sub-1")
	assert.ErrorIs(t, err, store.ErrNotFound)
	require.NoError(t, s.Link(ctx, "p1", store.LinkUser, "sub-1", "usr_1"))
	require.NoError(t, s.Link(ctx, "p1", store.LinkUser, "sub-1", "usr_1"), "idempotent")
	id, err := s.LinkedID(ctx, "p1", store.LinkUser, "sub-1")
	require.NoError(t, err)
	assert.Equal(t, "usr_1", id)
	sub, err := s.LMSID(ctx, "p1", store.LinkUser, "usr_1")
	require.NoError(t, err)
	assert.Equal(t, "sub-1", sub)
	_, err = s.LMSID(ctx, "p2", store.LinkUser, "usr_1")
	assert.ErrorIs(t, err, store.ErrNotFound, "links are per platform")

	rl := store.ResourceLink{PlatformID: "p1", ResourceLinkID: "rl1", OrgID: "org_1", AssignmentID: "asg_1",
		LineItemsURL: "https://lms/li", Scopes: []string{scopeScore}, Updated: now}
	require.NoError(t, s.SaveResourceLink(ctx, rl))
	require.NoError(t, s.SetLineItem(ctx, "p1", "rl1", "https://lms/li/5"))
	require.NoError(t, s.SaveResourceLink(ctx, rl), "a later launch without a line item")
	got, err := s.GetResourceLink(ctx, "p1", "rl1")
	require.NoError(t, err)
	assert.Equal(t, "https://lms/li/5", got.LineItemURL, "the line item found is kept")
	assert.Equal(t, []string{scopeScore}, got.Scopes)
	links, err := s.ResourceLinksForAssignment(ctx, "org_1", "asg_1")
	require.NoError(t, err)
	assert.Len(t, links, 1)
	links, err = s.ResourceLinksForAssignment(ctx, "org_2", "asg_1")
	require.NoError(t, err)
	assert.Empty(t, links, "organisations are isolated")
	_, err = s.GetResourceLink(ctx, "p1", "rl-none")
	assert.ErrorIs(t, err, store.ErrNotFound)
}

func testLTIScoreQueue(t *testing.T, s store.Store) {
	ctx := context.Background()
	now := ltiNow()
	job := store.ScoreJob{ID: "j1", DedupeKey: "k1", OrgID: "org_1", PlatformID: "p1", ResourceLinkID: "rl1",
		SubmissionID: "sub_1", MaxMark: 25, Score: []byte(`{"userId":"u"}`), NextAttempt: now, Created: now}
	ok, err := s.EnqueueScore(ctx, job)
	require.NoError(t, err)
	assert.True(t, ok)
	job.ID = "j2"
	ok, err = s.EnqueueScore(ctx, job)
	require.NoError(t, err)
	assert.False(t, ok, "same dedupe key")

	_, err = s.ClaimScore(ctx, now.Add(-time.Second), now.Add(time.Minute))
	assert.ErrorIs(t, err, store.ErrNotFound, "not yet due")
	got, err := s.ClaimScore(ctx, now, now.Add(time.Minute))
	require.NoError(t, err)
	assert.Equal(t, "j1", got.ID)
	assert.Equal(t, 25, got.MaxMark)
	assert.JSONEq(t, `{"userId":"u"}`, string(got.Score))
	_, err = s.ClaimScore(ctx, now, now.Add(time.Minute))
	assert.ErrorIs(t, err, store.ErrNotFound, "leased to the first worker")

	got.Attempts, got.Status, got.LastError, got.NextAttempt = 1, store.StatusPending, "503", now.Add(time.Second)
	require.NoError(t, s.FinishScore(ctx, got, store.Attempt{JobID: "j1", N: 1, At: now, Code: 503, Error: "503"}))
	again, err := s.ClaimScore(ctx, now.Add(2*time.Second), now.Add(time.Minute))
	require.NoError(t, err)
	assert.Equal(t, 1, again.Attempts)
	done := now.Add(3 * time.Second)
	again.Attempts, again.Status, again.Done = 2, store.StatusDone, &done
	require.NoError(t, s.FinishScore(ctx, again, store.Attempt{JobID: "j1", N: 2, At: done, Code: 200}))
	_, err = s.ClaimScore(ctx, now.Add(time.Hour), now.Add(2*time.Hour))
	assert.ErrorIs(t, err, store.ErrNotFound, "done jobs are never claimed")
	attempts, err := s.Attempts(ctx, "j1")
	require.NoError(t, err)
	require.Len(t, attempts, 2)
	assert.Equal(t, 503, attempts[0].Code)
	list, err := s.ListScores(ctx, "org_1")
	require.NoError(t, err)
	require.Len(t, list, 1)
	require.NotNil(t, list[0].Done)
	assert.True(t, list[0].Done.Equal(done))
	other, err := s.ListScores(ctx, "org_2")
	require.NoError(t, err)
	assert.Empty(t, other)

	// Several workers (servers) claim each job once.
	for i := range 20 {
		id := "c" + string(rune('a'+i))
		_, err := s.EnqueueScore(ctx, store.ScoreJob{ID: id, DedupeKey: id, OrgID: "org_c", PlatformID: "p1",
			ResourceLinkID: "rl1", SubmissionID: id, Score: []byte(`{}`), NextAttempt: now, Created: now})
		require.NoError(t, err)
	}
	var mu sync.Mutex
	seen := map[string]int{}
	var wg sync.WaitGroup
	for range 4 {
		wg.Go(func() {
			for {
				j, err := s.ClaimScore(ctx, now, now.Add(time.Hour))
				if err != nil {
					return
				}
				mu.Lock()
				seen[j.ID]++
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	assert.Len(t, seen, 20)
	for id, n := range seen {
		assert.Equal(t, 1, n, id)
	}
}

func testLTIToolKeysAndPlatforms(t *testing.T, s store.Store) {
	ctx := context.Background()
	now := ltiNow()
	require.NoError(t, s.AddToolKey(ctx, store.ToolKey{KID: "k-old", PrivatePEM: []byte("pem1"), Created: now}))
	require.NoError(t, s.AddToolKey(ctx, store.ToolKey{KID: "k-new", PrivatePEM: []byte("pem2"), Created: now.Add(time.Second)}))
	require.NoError(t, s.RetireToolKey(ctx, "k-old", now.Add(time.Second)))
	keys, err := s.ToolKeys(ctx)
	require.NoError(t, err)
	require.Len(t, keys, 2)
	assert.Equal(t, "k-new", keys[0].KID, "newest first")
	assert.Equal(t, []byte("pem2"), keys[0].PrivatePEM)
	assert.Nil(t, keys[0].Retired)
	require.NotNil(t, keys[1].Retired)
	assert.ErrorIs(t, s.AddToolKey(ctx, store.ToolKey{KID: "k-new", PrivatePEM: []byte("x"), Created: now}), store.ErrConflict)

	p := store.Platform{ID: "plat_1", OrgID: "org_1", Issuer: "https://moodle.example.org", ClientID: "c1",
		DeploymentIDs: []string{"1"}, JWKSURL: "https://m/certs", AuthURL: "https://m/auth", TokenURL: "https://m/token", Created: now}
	require.NoError(t, s.CreatePlatform(ctx, p))
	p2 := p
	p2.ID = "plat_2"
	assert.ErrorIs(t, s.CreatePlatform(ctx, p2), store.ErrConflict, "one registration per issuer and client id")
	p2.ClientID = "c2"
	require.NoError(t, s.CreatePlatform(ctx, p2))
	list, err := s.PlatformsByIssuer(ctx, "https://moodle.example.org")
	require.NoError(t, err)
	assert.Len(t, list, 2)
	got, err := s.GetPlatform(ctx, "plat_1")
	require.NoError(t, err)
	assert.Equal(t, p, got)
	assert.True(t, got.HasDeployment("1"))
	p.DeploymentIDs, p.Name = []string{"1", "2"}, "Moodle"
	require.NoError(t, s.UpdatePlatform(ctx, p))
	got, err = s.GetPlatform(ctx, "plat_1")
	require.NoError(t, err)
	assert.Equal(t, p, got)
	p2.ClientID = "c1"
	assert.ErrorIs(t, s.UpdatePlatform(ctx, p2), store.ErrConflict, "an update cannot take another's issuer and client id")
	wrongOrg := p
	wrongOrg.OrgID = "org_2"
	assert.ErrorIs(t, s.UpdatePlatform(ctx, wrongOrg), store.ErrNotFound)
	mine, err := s.ListPlatforms(ctx, "org_2")
	require.NoError(t, err)
	assert.Empty(t, mine)
	assert.ErrorIs(t, s.DeletePlatform(ctx, "org_2", "plat_1"), store.ErrNotFound)
	require.NoError(t, s.DeletePlatform(ctx, "org_1", "plat_1"))
	_, err = s.GetPlatform(ctx, "plat_1")
	assert.ErrorIs(t, err, store.ErrNotFound)
}

func testLTIWebhooks(t *testing.T, s store.Store) {
	ctx := context.Background()
	now := ltiNow()
	w := store.Webhook{ID: "hook_1", OrgID: "org_1", URL: "https://hooks.example/clio", Secret: "whsec_x", Created: now}
	require.NoError(t, s.CreateWebhook(ctx, w))
	got, err := s.GetWebhook(ctx, "org_1", "hook_1")
	require.NoError(t, err)
	assert.Equal(t, w, got)
	_, err = s.GetWebhook(ctx, "org_2", "hook_1")
	assert.ErrorIs(t, err, store.ErrNotFound)
	hooks, err := s.ListWebhooks(ctx, "org_1")
	require.NoError(t, err)
	assert.Equal(t, []store.Webhook{w}, hooks)

	d := store.Delivery{ID: "dlv_1", DedupeKey: "review.completed:hook_1:sub_1", WebhookID: "hook_1", OrgID: "org_1",
		Event: "review.completed", Body: []byte(`{"id":"dlv_1"}`), NextAttempt: now, Created: now}
	ok, err := s.EnqueueDelivery(ctx, d)
	require.NoError(t, err)
	assert.True(t, ok)
	d2 := d
	d2.ID = "dlv_2"
	ok, err = s.EnqueueDelivery(ctx, d2)
	require.NoError(t, err)
	assert.False(t, ok, "same dedupe key")
	claimed, err := s.ClaimDelivery(ctx, now, now.Add(time.Minute))
	require.NoError(t, err)
	assert.Equal(t, d.Body, claimed.Body)
	_, err = s.ClaimDelivery(ctx, now, now.Add(time.Minute))
	assert.ErrorIs(t, err, store.ErrNotFound)
	claimed.Attempts, claimed.Status, claimed.LastCode, claimed.Done = 1, store.StatusDone, 204, &now
	require.NoError(t, s.FinishDelivery(ctx, claimed, store.Attempt{JobID: "dlv_1", N: 1, At: now, Code: 204}))
	log, err := s.ListDeliveries(ctx, "org_1", "hook_1")
	require.NoError(t, err)
	require.Len(t, log, 1)
	assert.Equal(t, store.StatusDone, log[0].Status)
	assert.Equal(t, 204, log[0].LastCode)
	all, err := s.ListDeliveries(ctx, "org_1", "")
	require.NoError(t, err)
	assert.Len(t, all, 1)
	none, err := s.ListDeliveries(ctx, "org_2", "")
	require.NoError(t, err)
	assert.Empty(t, none)

	assert.ErrorIs(t, s.DeleteWebhook(ctx, "org_2", "hook_1"), store.ErrNotFound)
	require.NoError(t, s.DeleteWebhook(ctx, "org_1", "hook_1"))
	hooks, err = s.ListWebhooks(ctx, "org_1")
	require.NoError(t, err)
	assert.Empty(t, hooks)
}
