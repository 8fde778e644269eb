package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os"
	"os/exec"
	"regexp"
	"sort"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/clio-history/clio/api/lti"
	"github.com/clio-history/clio/api/store"
	"github.com/clio-history/clio/api/store/postgres"
)

// holdingGradebook is a gradebook (see outbox_crash_test.go) that can hold
// one score post without answering, so the server making it can be killed
// mid-post. A post cut off that way is not recorded: only posts answered
// count.
type holdingGradebook struct {
	*gradebook
	holdUser  string
	held      chan struct{} // closed when the post is held
	cancelled chan struct{} // closed when its client went away
	release   chan struct{}
	once      sync.Once
}

func newHoldingGradebook(t *testing.T, holdUser string) *holdingGradebook {
	g := &holdingGradebook{holdUser: holdUser,
		held: make(chan struct{}), cancelled: make(chan struct{}), release: make(chan struct{})}
	g.gradebook = newGradebookWith(t, func(next http.Handler) http.Handler { return g.hold(next) })
	return g
}

func (g *holdingGradebook) hold(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/lineitems/1/scores" {
			body, _ := io.ReadAll(r.Body)
			var s postedScore
			_ = json.Unmarshal(body, &s)
			if s.UserID == g.holdUser && s.GradingProgress == "FullyGraded" {
				first := false
				g.once.Do(func() { first = true })
				if first {
					close(g.held)
					select {
					case <-r.Context().Done():
						close(g.cancelled)
						return
					case <-g.release:
					}
				}
			}
			r.Body = io.NopCloser(strings.NewReader(string(body)))
		}
		next.ServeHTTP(w, r)
	})
}

// TestSeveralServersOnOneDatabase runs three clio serve processes on one
// PostgreSQL database, as behind a load balancer, all started at once, and
// sends a class's work to them in turn: drafts stay numbered, reviews,
// sign-in sessions and CSRF tokens hold on every server, each grade reaches
// the LMS exactly once although every server runs the queue and one is
// killed mid-post, and the sign-in throttle is shared. The per-key rate
// limit is per process, as the README says.
func TestSeveralServersOnOneDatabase(t *testing.T) {
	if os.Getenv("CLIO_TEST_DATABASE_URL") == "" {
		if os.Getenv("CI") != "" {
			t.Fatal("CLIO_TEST_DATABASE_URL is not set; CI must run the multi-server test")
		}
		t.Skip("CLIO_TEST_DATABASE_URL is not set")
	}
	bin := serverBinary(t)
	db, _ := throwawayPostgres(t)
	ctx := context.Background()
	key := randomKey(t)
	// Longer than finding and killing the server holding a post takes, so
	// the post is taken over only after the kill.
	t.Setenv("CLIO_TEST_LTI_LEASE", "10s")
	client := &http.Client{Timeout: 60 * time.Second}
	must := func(code int, err error) {
		t.Helper()
		require.NoError(t, err)
		require.Less(t, code, 300)
	}

	// All three start at once, on an empty database: one applies each
	// migration, one creates the operator organisation.
	var servers []*child
	for range 3 {
		servers = append(servers, launchServer(t, bin, db, key))
	}
	for _, s := range servers {
		s.ready(t)
	}
	var n, distinct, orgs int
	conn, err := pgx.Connect(ctx, db)
	require.NoError(t, err)
	defer conn.Close(ctx)
	require.NoError(t, conn.QueryRow(ctx, `SELECT COUNT(*), COUNT(DISTINCT version) FROM schema_migrations`).Scan(&n, &distinct))
	assert.Equal(t, distinct, n, "each migration applied once")
	assert.GreaterOrEqual(t, n, 5)
	require.NoError(t, conn.QueryRow(ctx, `SELECT COUNT(*) FROM orgs`).Scan(&orgs))
	assert.Equal(t, 1, orgs, "one operator organisation, whichever server made it")
	at := func(i int) string { return servers[i%len(servers)].url }
	top := t

	// The class, set up through the servers in turn.
	var org, tutor, tutorKey, assignment, platform struct {
		ID  string `json:"id"`
		Key string `json:"key"`
	}
	must(call(client, "GET", at(0)+"/v1/organisation", key, nil, &org))
	must(call(client, "POST", at(1)+"/v1/users", key, map[string]string{"name": "Ms Tutor", "role": "tutor"}, &tutor))
	must(call(client, "POST", at(2)+"/v1/users/"+tutor.ID+"/keys", key, map[string]string{}, &tutorKey))
	must(call(client, "POST", at(0)+"/v1/assignments", tutorKey.Key, map[string]string{"title": "Stalin", "question": "Why did Stalin rise?"}, &assignment))
	const students = 6
	type pupil struct{ ID, Key, LMS string }
	var class []pupil
	for i := range students {
		var u, k struct {
			ID  string `json:"id"`
			Key string `json:"key"`
		}
		must(call(client, "POST", at(i)+"/v1/users", key, map[string]string{"name": fmt.Sprintf("Pupil %d", i), "role": "student"}, &u))
		must(call(client, "POST", at(i+1)+"/v1/users/"+u.ID+"/keys", key, map[string]string{}, &k))
		class = append(class, pupil{u.ID, k.Key, fmt.Sprintf("lms-user-%d", i)})
	}
	lms := newHoldingGradebook(t, class[0].LMS)
	must(call(client, "POST", at(1)+"/v1/lti/platforms", key, map[string]any{"name": "Moodle", "issuer": lms.srv.URL,
		"client_id": "clio", "deployment_ids": []string{"1"}, "jwks_url": lms.srv.URL + "/jwks", "auth_url": lms.srv.URL + "/auth",
		"token_url": lms.srv.URL + "/token"}, &platform))
	// What the students' launches would have stored.
	st, err := postgres.Open(ctx, db)
	require.NoError(t, err)
	defer st.Close()
	require.NoError(t, st.SaveResourceLink(ctx, store.ResourceLink{PlatformID: platform.ID, ResourceLinkID: "rl-1", OrgID: org.ID,
		DeploymentID: "1", AssignmentID: assignment.ID, Title: "Stalin", LineItemURL: lms.srv.URL + "/lineitems/1",
		Scopes: []string{lti.ScopeScore}, Updated: store.Now()}))
	for _, p := range class {
		require.NoError(t, st.Link(ctx, platform.ID, store.LinkUser, p.LMS, p.ID))
	}

	t.Run("DraftsNumberedAcrossServers", func(t *testing.T) {
		// Every student sends three drafts at once, each to another server.
		const drafts = 3
		essay := benchFixture(t, "250")
		type result struct {
			student int
			draft   int
			code    int
			err     error
		}
		results := make(chan result, students*drafts)
		var wg sync.WaitGroup
		for i, p := range class {
			for d := range drafts {
				wg.Add(1)
				go func() {
					defer wg.Done()
					var sub struct {
						Draft int `json:"draft"`
					}
					code, err := call(client, "POST", at(i+d)+"/v1/submissions", p.Key,
						map[string]string{"assignment_id": assignment.ID, "text": essay + fmt.Sprintf("\n\nDraft %d.", d)}, &sub)
					results <- result{i, sub.Draft, code, err}
				}()
			}
		}
		wg.Wait()
		close(results)
		got := map[int][]int{}
		for r := range results {
			require.NoError(t, r.err)
			require.Equal(t, http.StatusCreated, r.code)
			got[r.student] = append(got[r.student], r.draft)
		}
		for i, p := range class {
			sort.Ints(got[i])
			assert.Equal(t, []int{1, 2, 3}, got[i], "student %d's drafts", i)
			var rev struct {
				Drafts []struct {
					Draft int `json:"draft"`
				} `json:"drafts"`
			}
			var list struct {
				Submissions []struct {
					ID string `json:"id"`
				} `json:"submissions"`
			}
			must(call(client, "GET", at(i+2)+"/v1/submissions?student="+p.ID, tutorKey.Key, nil, &list))
			require.Len(t, list.Submissions, drafts)
			must(call(client, "GET", at(i)+"/v1/submissions/"+list.Submissions[0].ID+"/revisions", p.Key, nil, &rev))
			assert.Len(t, rev.Drafts, drafts)
		}
	})

	// Each submission told the LMS once that work awaits grading.
	require.Eventually(t, func() bool {
		for _, p := range class {
			if lms.posted(p.LMS)["PendingManual"] < 3 {
				return false
			}
		}
		return true
	}, 90*time.Second, 50*time.Millisecond, "every submission reaches the LMS")

	t.Run("ReviewsOnAnyServer", func(t *testing.T) {
		for i, p := range class {
			var list struct {
				Submissions []struct {
					ID    string `json:"id"`
					Draft int    `json:"draft"`
				} `json:"submissions"`
			}
			must(call(client, "GET", at(i)+"/v1/submissions?student="+p.ID, tutorKey.Key, nil, &list))
			latest := list.Submissions[0]
			for _, s := range list.Submissions {
				if s.Draft > latest.Draft {
					latest = s
				}
			}
			must(call(client, "PUT", at(i+1)+"/v1/submissions/"+latest.ID+"/review", tutorKey.Key,
				map[string]string{"decision": "accept", "comment": fmt.Sprintf("Reviewed on server %d.", (i+1)%3)}, nil))
			var rv struct {
				Comment string `json:"comment"`
			}
			must(call(client, "GET", at(i+2)+"/v1/submissions/"+latest.ID+"/review", p.Key, nil, &rv))
			assert.Equal(t, fmt.Sprintf("Reviewed on server %d.", (i+1)%3), rv.Comment)
		}
	})

	t.Run("GradePostedOnceThoughItsServerIsKilled", func(t *testing.T) {
		// The first reviewed grade of student 0 is held by the LMS. Which
		// server is posting it is found by killing servers in turn until
		// the held post's connection drops.
		select {
		case <-lms.held:
		case <-time.After(90 * time.Second):
			t.Fatal("no server posted the review's grade")
		}
		// Kill only once every other grade is in and marked sent, so that no
		// other post is cut off between the LMS's answer and the server
		// recording it (a post cut off there is sent again: at least once).
		require.Eventually(t, func() bool {
			for _, p := range class[1:] {
				if lms.posted(p.LMS)["FullyGraded"] < 1 {
					return false
				}
			}
			return pendingScores(client, at(0), key) == 1
		}, 90*time.Second, 50*time.Millisecond, "the other grades are sent")
		killed := -1
		for i, s := range servers {
			require.NoError(t, s.cmd.Process.Signal(syscall.SIGKILL))
			require.True(t, s.wait(10*time.Second))
			select {
			case <-lms.cancelled:
				killed = i
			case <-time.After(2 * time.Second):
			}
			if killed >= 0 {
				break
			}
		}
		require.GreaterOrEqual(t, killed, 0, "the held post dropped when its server was killed")
		t.Logf("killed servers 0..%d; server %d was posting", killed, killed)
		close(lms.release)
		// Start the killed ones again, so three servers run the queue.
		for i := 0; i <= killed; i++ {
			servers[i] = launchServer(top, bin, db, key) // to outlive this subtest
		}
		for i := 0; i <= killed; i++ {
			servers[i].ready(t)
		}
		require.Eventually(t, func() bool {
			for _, p := range class {
				if lms.posted(p.LMS)["FullyGraded"] < 1 {
					return false
				}
			}
			n, err := st.PendingEvents(ctx)
			return err == nil && n == 0 && scoresDone(client, at(0), key, students*4)
		}, 90*time.Second, 100*time.Millisecond, "every reviewed grade posted, the outbox empty and every score sent")
		// Let every server's queue run again: nothing more may be posted.
		time.Sleep(2500 * time.Millisecond)
		lms.mu.Lock()
		defer lms.mu.Unlock()
		seen := map[string]int{}
		for _, s := range lms.scores {
			seen[s.UserID+" "+s.GradingProgress+" "+s.Timestamp]++
		}
		for k, n := range seen {
			assert.Equal(t, 1, n, "posted more than once: %s", k)
		}
		assert.Len(t, lms.scores, students*4, "three drafts and one review per student")
	})

	t.Run("WebSessionsAndCSRFOnEveryServer", func(t *testing.T) {
		addTutor(t, bin, db, org.ID, "Web Tutor", "web.tutor@school.example", "correct horse battery")
		jar, err := cookiejar.New(nil)
		require.NoError(t, err)
		// One jar for every server: a browser sees one site (cookies are
		// not kept apart by port), as behind a load balancer.
		browser := &http.Client{Jar: jar, Timeout: 30 * time.Second,
			CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
		csrf := formToken(t, browser, at(0)+"/login")
		code, loc := postForm(t, browser, at(1)+"/login", url.Values{"login": {"web.tutor@school.example"},
			"password": {"correct horse battery"}, "csrf": {csrf}})
		require.Equal(t, http.StatusSeeOther, code)
		assert.Equal(t, "/tutor", loc)
		// The session, made on server 1, is good on server 2 and 0.
		sessionCSRF := formToken(t, browser, at(2)+"/tutor")
		assert.Equal(t, sessionCSRF, formToken(t, browser, at(0)+"/tutor"), "one session, one token")
		code, _ = postForm(t, browser, at(0)+"/logout", url.Values{"csrf": {"not-the-token"}})
		assert.Equal(t, http.StatusForbidden, code, "a wrong CSRF token is refused")
		code, _ = postForm(t, browser, at(1)+"/logout", url.Values{"csrf": {sessionCSRF}})
		assert.Equal(t, http.StatusSeeOther, code, "the token from server 2 is good on server 1")
		resp, err := browser.Get(at(2) + "/tutor")
		require.NoError(t, err)
		resp.Body.Close()
		assert.NotEqual(t, http.StatusOK, resp.StatusCode, "signed out on every server")
	})

	t.Run("SignInThrottleShared", func(t *testing.T) {
		addTutor(t, bin, db, org.ID, "Target Tutor", "target@school.example", "the real password")
		jar, err := cookiejar.New(nil)
		require.NoError(t, err)
		browser := &http.Client{Jar: jar, Timeout: 30 * time.Second,
			CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
		csrf := formToken(t, browser, at(0)+"/login")
		// Five wrong passwords, one server after another, use up the
		// account's allowance on all of them.
		for i := range 5 {
			code, _ := postForm(t, browser, at(i)+"/login", url.Values{"login": {"target@school.example"}, "password": {"guess"}, "csrf": {csrf}})
			require.Equal(t, http.StatusUnauthorized, code)
		}
		for i := range 3 {
			code, _ := postForm(t, browser, at(i)+"/login", url.Values{"login": {"target@school.example"}, "password": {"the real password"}, "csrf": {csrf}})
			assert.Equal(t, http.StatusTooManyRequests, code, "server %d knows of the failures on the others", i)
		}
	})

	t.Run("RateLimitIsPerProcess", func(t *testing.T) {
		a := launchServer(t, bin, db, key, "--rate", "1")
		b := launchServer(t, bin, db, key, "--rate", "1")
		a.ready(t)
		b.ready(t)
		limited := false
		for range 10 {
			code, err := call(client, "GET", a.url+"/v1/me", tutorKey.Key, nil, nil)
			require.NoError(t, err)
			if code == http.StatusTooManyRequests {
				limited = true
				break
			}
		}
		require.True(t, limited, "ten requests at once exceed --rate 1 on one server")
		code, err := call(client, "GET", b.url+"/v1/me", tutorKey.Key, nil, nil)
		require.NoError(t, err)
		assert.Equal(t, http.StatusOK, code, "another server has its own allowance for the key")
	})
}

// addTutor runs clio tutor add against the shared database.
func addTutor(t *testing.T, bin, db, org, name, email, password string) {
	t.Helper()
	cmd := exec.Command(bin, "tutor", "add", "--database", db, "--org", org, "--name", name, "--email", email)
	cmd.Stdin = strings.NewReader(password + "\n")
	out, err := cmd.CombinedOutput()
	require.NoError(t, err, "clio tutor add: %s", out)
}

var csrfField = regexp.MustCompile(`name="csrf" value="([^"]+)"`)

// formToken reads the CSRF token of the first form on a page.
func formToken(t *testing.T, c *http.Client, page string) string {
	t.Helper()
	resp, err := c.Get(page)
	require.NoError(t, err)
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	require.Equal(t, http.StatusOK, resp.StatusCode, "%s: %s", page, body)
	m := csrfField.FindSubmatch(body)
	require.NotNil(t, m, "no form token on %s", page)
	return string(m[1])
}

// postForm posts a form and returns the status and Location.
func postForm(t *testing.T, c *http.Client, to string, form url.Values) (int, string) {
	t.Helper()
	resp, err := c.PostForm(to, form)
	require.NoError(t, err)
	defer resp.Body.Close()
	_, _ = io.Copy(io.Discard, resp.Body)
	return resp.StatusCode, resp.Header.Get("Location")
}

// pendingScores counts the grade queue's jobs not yet sent (-1 on error).
func pendingScores(client *http.Client, base, key string) int {
	var q struct {
		Scores []struct{ Status string } `json:"scores"`
	}
	code, err := call(client, "GET", base+"/v1/lti/scores", key, nil, &q)
	if err != nil || code != http.StatusOK {
		return -1
	}
	n := 0
	for _, s := range q.Scores {
		if s.Status != store.StatusDone {
			n++
		}
	}
	return n
}
