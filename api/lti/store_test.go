package lti_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/clio-history/clio/api/lti"
)

func TestStore(t *testing.T) {
	for _, backend := range backends() {
		t.Run(backend, func(t *testing.T) {
			st := openStore(t, backend)
			ctx := context.Background()
			now := time.Now().UTC().Truncate(time.Microsecond)

			t.Run("StatesAreSingleUseAndExpire", func(t *testing.T) {
				require.NoError(t, st.SaveState(ctx, lti.LoginState{State: "s1", Nonce: "n1", Binding: "b1", PlatformID: "p1", Expires: now.Add(time.Minute)}))
				got, err := st.TakeState(ctx, "s1", now)
				require.NoError(t, err)
				assert.Equal(t, "n1", got.Nonce)
				assert.Equal(t, "b1", got.Binding)
				_, err = st.TakeState(ctx, "s1", now)
				assert.ErrorIs(t, err, lti.ErrUsed)

				require.NoError(t, st.SaveState(ctx, lti.LoginState{State: "s2", Nonce: "n2", Binding: "b2", PlatformID: "p1", Expires: now.Add(time.Minute)}))
				_, err = st.TakeState(ctx, "s2", now.Add(2*time.Minute))
				assert.ErrorIs(t, err, lti.ErrNotFound, "expired")
				_, err = st.TakeState(ctx, "nope", now)
				assert.ErrorIs(t, err, lti.ErrNotFound)
			})

			t.Run("StateTakenOnceUnderRace", func(t *testing.T) {
				require.NoError(t, st.SaveState(ctx, lti.LoginState{State: "race", Nonce: "n", Binding: "b", PlatformID: "p1", Expires: now.Add(time.Minute)}))
				var wg sync.WaitGroup
				var mu sync.Mutex
				wins := 0
				for range 8 {
					wg.Go(func() {
						if _, err := st.TakeState(ctx, "race", now); err == nil {
							mu.Lock()
							wins++
							mu.Unlock()
						}
					})
				}
				wg.Wait()
				assert.Equal(t, 1, wins)
			})

			t.Run("NoncesAreSingleUse", func(t *testing.T) {
				require.NoError(t, st.UseNonce(ctx, "nonce-1", now.Add(time.Hour)))
				assert.ErrorIs(t, st.UseNonce(ctx, "nonce-1", now.Add(time.Hour)), lti.ErrUsed)
				require.NoError(t, st.Sweep(ctx, now.Add(48*time.Hour)))
				assert.NoError(t, st.UseNonce(ctx, "nonce-1", now.Add(time.Hour)), "swept after expiry")
			})

			t.Run("Links", func(t *testing.T) {
				_, err := st.LinkedID(ctx, "p1", lti.LinkUser, "sub-1")
				assert.ErrorIs(t, err, lti.ErrNotFound)
				require.NoError(t, st.Link(ctx, "p1", lti.LinkUser, "sub-1", "usr_1"))
				require.NoError(t, st.Link(ctx, "p1", lti.LinkUser, "sub-1", "usr_1"), "idempotent")
				id, err := st.LinkedID(ctx, "p1", lti.LinkUser, "sub-1")
				require.NoError(t, err)
				assert.Equal(t, "usr_1", id)
				sub, err := st.LMSID(ctx, "p1", lti.LinkUser, "usr_1")
				require.NoError(t, err)
				assert.Equal(t, "sub-1", sub)
				_, err = st.LMSID(ctx, "p2", lti.LinkUser, "usr_1")
				assert.ErrorIs(t, err, lti.ErrNotFound, "links are per platform")
			})

			t.Run("ResourceLinkKeepsFoundLineItem", func(t *testing.T) {
				rl := lti.ResourceLink{PlatformID: "p1", ResourceLinkID: "rl1", OrgID: "org_1", AssignmentID: "asg_1",
					LineItemsURL: "https://lms/li", Scopes: []string{lti.ScopeScore}, Updated: now}
				require.NoError(t, st.SaveResourceLink(ctx, rl))
				require.NoError(t, st.SetLineItem(ctx, "p1", "rl1", "https://lms/li/5"))
				require.NoError(t, st.SaveResourceLink(ctx, rl), "a later launch without a line item")
				got, err := st.GetResourceLink(ctx, "p1", "rl1")
				require.NoError(t, err)
				assert.Equal(t, "https://lms/li/5", got.LineItemURL)
				assert.Equal(t, []string{lti.ScopeScore}, got.Scopes)
				links, err := st.ResourceLinksForAssignment(ctx, "org_1", "asg_1")
				require.NoError(t, err)
				assert.Len(t, links, 1)
				links, err = st.ResourceLinksForAssignment(ctx, "org_2", "asg_1")
				require.NoError(t, err)
				assert.Empty(t, links, "organisations are isolated")
			})

			t.Run("ScoreQueue", func(t *testing.T) {
				job := lti.ScoreJob{ID: "j1", DedupeKey: "k1", OrgID: "org_1", PlatformID: "p1", ResourceLinkID: "rl1",
					SubmissionID: "sub_1", MaxMark: 25, Score: []byte(`{"userId":"u"}`), NextAttempt: now, Created: now}
				ok, err := st.EnqueueScore(ctx, job)
				require.NoError(t, err)
				assert.True(t, ok)
				job.ID = "j2"
				ok, err = st.EnqueueScore(ctx, job)
				require.NoError(t, err)
				assert.False(t, ok, "same dedupe key")

				_, err = st.ClaimScore(ctx, now.Add(-time.Second), now.Add(time.Minute))
				assert.ErrorIs(t, err, lti.ErrNotFound, "not yet due")
				got, err := st.ClaimScore(ctx, now, now.Add(time.Minute))
				require.NoError(t, err)
				assert.Equal(t, "j1", got.ID)
				assert.Equal(t, 25, got.MaxMark)
				assert.JSONEq(t, `{"userId":"u"}`, string(got.Score))
				_, err = st.ClaimScore(ctx, now, now.Add(time.Minute))
				assert.ErrorIs(t, err, lti.ErrNotFound, "leased to the first worker")

				got.Attempts, got.Status, got.LastError, got.NextAttempt = 1, lti.StatusPending, "503", now.Add(time.Second)
				require.NoError(t, st.FinishScore(ctx, got, lti.Attempt{JobID: "j1", N: 1, At: now, Code: 503, Error: "503"}))
				again, err := st.ClaimScore(ctx, now.Add(2*time.Second), now.Add(time.Minute))
				require.NoError(t, err)
				assert.Equal(t, 1, again.Attempts)
				done := now.Add(3 * time.Second)
				again.Attempts, again.Status, again.Done = 2, lti.StatusDone, &done
				require.NoError(t, st.FinishScore(ctx, again, lti.Attempt{JobID: "j1", N: 2, At: done, Code: 200}))
				_, err = st.ClaimScore(ctx, now.Add(time.Hour), now.Add(2*time.Hour))
				assert.ErrorIs(t, err, lti.ErrNotFound, "done jobs are never claimed")
				attempts, err := st.Attempts(ctx, "j1")
				require.NoError(t, err)
				require.Len(t, attempts, 2)
				assert.Equal(t, 503, attempts[0].Code)
				list, err := st.ListScores(ctx, "org_1")
				require.NoError(t, err)
				require.Len(t, list, 1)
				require.NotNil(t, list[0].Done)
				assert.True(t, list[0].Done.Equal(done))
			})

			t.Run("ConcurrentWorkersClaimEachJobOnce", func(t *testing.T) {
				for i := range 20 {
					id := "c" + string(rune('a'+i))
					_, err := st.EnqueueScore(ctx, lti.ScoreJob{ID: id, DedupeKey: id, OrgID: "org_c", PlatformID: "p1",
						ResourceLinkID: "rl1", SubmissionID: id, Score: []byte(`{}`), NextAttempt: now, Created: now})
					require.NoError(t, err)
				}
				var mu sync.Mutex
				seen := map[string]int{}
				var wg sync.WaitGroup
				for range 4 {
					wg.Go(func() {
						for {
							j, err := st.ClaimScore(ctx, now, now.Add(time.Hour))
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
			})

			t.Run("ToolKeys", func(t *testing.T) {
				require.NoError(t, st.AddToolKey(ctx, lti.ToolKey{KID: "k-old", PrivatePEM: []byte("pem1"), Created: now}))
				require.NoError(t, st.AddToolKey(ctx, lti.ToolKey{KID: "k-new", PrivatePEM: []byte("pem2"), Created: now.Add(time.Second)}))
				require.NoError(t, st.RetireToolKey(ctx, "k-old", now.Add(time.Second)))
				keys, err := st.ToolKeys(ctx)
				require.NoError(t, err)
				require.Len(t, keys, 2)
				assert.Equal(t, "k-new", keys[0].KID, "newest first")
				assert.Nil(t, keys[0].Retired)
				require.NotNil(t, keys[1].Retired)
			})

			t.Run("Platforms", func(t *testing.T) {
				p := lti.Platform{ID: "plat_1", OrgID: "org_1", Issuer: "https://moodle.example.org", ClientID: "c1",
					DeploymentIDs: []string{"1"}, JWKSURL: "https://m/certs", AuthURL: "https://m/auth", TokenURL: "https://m/token", Created: now}
				require.NoError(t, st.CreatePlatform(ctx, p))
				p2 := p
				p2.ID = "plat_2"
				assert.ErrorIs(t, st.CreatePlatform(ctx, p2), lti.ErrConflict)
				p2.ClientID = "c2"
				require.NoError(t, st.CreatePlatform(ctx, p2))
				list, err := st.PlatformsByIssuer(ctx, "https://moodle.example.org")
				require.NoError(t, err)
				assert.Len(t, list, 2)
				got, err := st.GetPlatform(ctx, "plat_1")
				require.NoError(t, err)
				assert.Equal(t, []string{"1"}, got.DeploymentIDs)
				assert.True(t, got.HasDeployment("1"))
				assert.ErrorIs(t, st.DeletePlatform(ctx, "org_2", "plat_1"), lti.ErrNotFound)
				require.NoError(t, st.DeletePlatform(ctx, "org_1", "plat_1"))
				_, err = st.GetPlatform(ctx, "plat_1")
				assert.ErrorIs(t, err, lti.ErrNotFound)
			})
		})
	}
}
