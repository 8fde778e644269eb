package api_test

import (
	"context"
	"crypto/rand"
	"crypto/rsa"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/lestrrat-go/jwx/v3/jwa"
	"github.com/lestrrat-go/jwx/v3/jwk"
	"github.com/lestrrat-go/jwx/v3/jws"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/clio-history/clio/api"
	"github.com/clio-history/clio/api/lti"
	"github.com/clio-history/clio/api/problem"
	"github.com/clio-history/clio/api/store"
)

// withLTI turns the LMS integration on.
func withLTI(publicURL string, tune func(*lti.Config)) func(*api.Config) {
	return func(c *api.Config) { c.LTI = &api.LTIOptions{PublicURL: publicURL, Tune: tune} }
}

// clock is a settable clock for the LTI queue's retries.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) Add(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// lms is a small LTI 1.3 platform: it signs id_tokens with its own key,
// publishes it, checks Clio's client assertions against the keys Clio
// publishes, keeps line items and records every score post.
type lms struct {
	t        *testing.T
	srv      *httptest.Server
	key      jwk.Key
	clientID string
	deploy   string
	toolJWKS string

	mu        sync.Mutex
	failPosts int
	posts     []scorePost
	items     map[string]float64 // line item URL -> scoreMaximum
	tokens    int
}

type scorePost struct {
	Status           int
	LineItem         string
	UserID           string   `json:"userId"`
	ScoreGiven       *float64 `json:"scoreGiven"`
	ScoreMaximum     *float64 `json:"scoreMaximum"`
	Comment          string   `json:"comment"`
	ActivityProgress string   `json:"activityProgress"`
	GradingProgress  string   `json:"gradingProgress"`
}

func newLMS(t *testing.T) *lms {
	raw, err := rsa.GenerateKey(rand.Reader, 2048)
	require.NoError(t, err)
	k, err := jwk.Import(raw)
	require.NoError(t, err)
	require.NoError(t, k.Set(jwk.KeyIDKey, "lms-key-1"))
	require.NoError(t, k.Set(jwk.AlgorithmKey, jwa.RS256()))
	p := &lms{t: t, key: k, clientID: "clio-in-moodle", deploy: "3", items: map[string]float64{}}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /jwks", func(w http.ResponseWriter, _ *http.Request) {
		pub, _ := p.key.PublicKey()
		set := jwk.NewSet()
		_ = set.AddKey(pub)
		_ = json.NewEncoder(w).Encode(set)
	})
	mux.HandleFunc("POST /token", p.token)
	mux.HandleFunc("GET /course/1/lineitems", func(w http.ResponseWriter, _ *http.Request) { _, _ = io.WriteString(w, "[]") })
	mux.HandleFunc("POST /course/1/lineitems", p.createLineItem)
	mux.HandleFunc("POST /course/1/lineitems/{n}/scores", p.score)
	p.srv = httptest.NewServer(mux)
	t.Cleanup(p.srv.Close)
	return p
}

func (p *lms) url(path string) string { return p.srv.URL + path }

// token issues an access token for a client assertion signed with a key
// Clio publishes at its real /lti/jwks.
func (p *lms) token(w http.ResponseWriter, r *http.Request) {
	set, err := jwk.Fetch(r.Context(), p.toolJWKS)
	if err != nil {
		http.Error(w, "fetching the tool's keys: "+err.Error(), http.StatusBadRequest)
		return
	}
	payload, err := jws.Verify([]byte(r.PostFormValue("client_assertion")), jws.WithKeySet(set, jws.WithRequireKid(true)))
	if err != nil {
		http.Error(w, "bad assertion: "+err.Error(), http.StatusBadRequest)
		return
	}
	var c struct{ Iss, Sub, Aud string }
	if json.Unmarshal(payload, &c) != nil || c.Iss != p.clientID || c.Sub != p.clientID || c.Aud != p.url("/token") {
		http.Error(w, "wrong iss, sub or aud", http.StatusBadRequest)
		return
	}
	p.mu.Lock()
	p.tokens++
	p.mu.Unlock()
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(map[string]any{"access_token": "at", "token_type": "Bearer", "expires_in": 3600})
}

func (p *lms) createLineItem(w http.ResponseWriter, r *http.Request) {
	var li struct {
		ScoreMaximum float64 `json:"scoreMaximum"`
		Label        string  `json:"label"`
	}
	if r.Header.Get("Authorization") != "Bearer at" || json.NewDecoder(r.Body).Decode(&li) != nil || li.ScoreMaximum <= 0 {
		http.Error(w, "bad line item", http.StatusBadRequest)
		return
	}
	p.mu.Lock()
	id := p.url(fmt.Sprintf("/course/1/lineitems/%d", len(p.items)+1))
	p.items[id] = li.ScoreMaximum
	p.mu.Unlock()
	w.Header().Set("Content-Type", "application/vnd.ims.lis.v2.lineitem+json")
	w.WriteHeader(http.StatusCreated)
	_ = json.NewEncoder(w).Encode(map[string]any{"id": id, "scoreMaximum": li.ScoreMaximum, "label": li.Label})
}

func (p *lms) score(w http.ResponseWriter, r *http.Request) {
	var s scorePost
	if r.Header.Get("Authorization") != "Bearer at" || r.Header.Get("Content-Type") != "application/vnd.ims.lis.v1.score+json" ||
		json.NewDecoder(r.Body).Decode(&s) != nil {
		http.Error(w, "bad score", http.StatusBadRequest)
		return
	}
	s.LineItem = p.url("/course/1/lineitems/" + r.PathValue("n"))
	p.mu.Lock()
	defer p.mu.Unlock()
	s.Status = http.StatusOK
	if p.failPosts > 0 {
		p.failPosts--
		s.Status = http.StatusServiceUnavailable
	}
	p.posts = append(p.posts, s)
	w.WriteHeader(s.Status)
}

func (p *lms) accepted() []scorePost {
	p.mu.Lock()
	defer p.mu.Unlock()
	var out []scorePost
	for _, s := range p.posts {
		if s.Status == http.StatusOK {
			out = append(out, s)
		}
	}
	return out
}

func (p *lms) postCount() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return len(p.posts)
}

// idToken signs the id_token answering a login, as the LMS would.
func (p *lms) idToken(t *testing.T, nonce, sub, name, role string) string {
	now := time.Now()
	claims := map[string]any{
		"iss": p.srv.URL, "aud": p.clientID, "sub": sub, "iat": now.Unix(), "exp": now.Add(5 * time.Minute).Unix(), "nonce": nonce, "name": name,
		"https://purl.imsglobal.org/spec/lti/claim/message_type":    "LtiResourceLinkRequest",
		"https://purl.imsglobal.org/spec/lti/claim/version":         "1.3.0",
		"https://purl.imsglobal.org/spec/lti/claim/deployment_id":   p.deploy,
		"https://purl.imsglobal.org/spec/lti/claim/target_link_uri": "https://clio.example.org/lti/launch",
		"https://purl.imsglobal.org/spec/lti/claim/resource_link":   map[string]any{"id": "rl-stalin", "title": "Stalin's rise to power"},
		"https://purl.imsglobal.org/spec/lti/claim/context":         map[string]any{"id": "course-1", "title": "A-level History 13X"},
		"https://purl.imsglobal.org/spec/lti/claim/roles":           []string{"http://purl.imsglobal.org/vocab/lis/v2/membership#" + role},
		"https://purl.imsglobal.org/spec/lti-ags/claim/endpoint": map[string]any{
			"scope":     []string{"https://purl.imsglobal.org/spec/lti-ags/scope/lineitem", "https://purl.imsglobal.org/spec/lti-ags/scope/score"},
			"lineitems": p.url("/course/1/lineitems"),
		},
	}
	payload, err := json.Marshal(claims)
	require.NoError(t, err)
	hdr := jws.NewHeaders()
	require.NoError(t, hdr.Set(jws.KeyIDKey, "lms-key-1"))
	out, err := jws.Sign(payload, jws.WithKey(jwa.RS256(), p.key, jws.WithProtectedHeaders(hdr)))
	require.NoError(t, err)
	return string(out)
}

// ltiServer is the real router behind a real listener, so that the LMS can
// fetch Clio's keys and the public URL is the listener's.
type ltiServer struct {
	*env
	url   string
	clock *clock
	lms   *lms
}

func newLTIServer(t *testing.T, tweak ...func(*api.Config)) *ltiServer {
	var h atomic.Value
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { h.Load().(http.Handler).ServeHTTP(w, r) }))
	t.Cleanup(ts.Close)
	clk := &clock{t: time.Now()}
	e := newEnv(t, append([]func(*api.Config){withLTI(ts.URL, func(c *lti.Config) { c.Now = clk.Now })}, tweak...)...)
	h.Store(e.h)
	p := newLMS(t)
	p.toolJWKS = ts.URL + "/lti/jwks"
	e.ok("POST", "/v1/lti/platforms", e.admin, map[string]any{"name": "Moodle", "issuer": p.srv.URL, "client_id": p.clientID,
		"deployment_ids": []string{p.deploy}, "jwks_url": p.url("/jwks"), "auth_url": p.url("/auth"), "token_url": p.url("/token")}, 201)
	return &ltiServer{env: e, url: ts.URL, clock: clk, lms: p}
}

var landingLink = regexp.MustCompile(`<a class="button" href="([^"]+)">`)

// launch performs a browser's LTI launch: login initiation, the LMS's
// signed id_token posted back, and the landing page. It returns the
// landing page's response and body.
func (s *ltiServer) launch(t *testing.T, sub, name, role string) (*http.Response, string) {
	jar, err := cookiejar.New(nil)
	require.NoError(t, err)
	browser := &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	q := url.Values{"iss": {s.lms.srv.URL}, "login_hint": {sub}, "target_link_uri": {s.url + "/lti/launch"},
		"client_id": {s.lms.clientID}, "lti_deployment_id": {s.lms.deploy}}
	resp, err := browser.Get(s.url + "/lti/login?" + q.Encode())
	require.NoError(t, err)
	resp.Body.Close()
	require.Equal(t, http.StatusFound, resp.StatusCode)
	auth, err := url.Parse(resp.Header.Get("Location"))
	require.NoError(t, err)
	require.Equal(t, s.lms.url("/auth"), auth.Scheme+"://"+auth.Host+auth.Path)
	aq := auth.Query()
	require.Equal(t, s.url+"/lti/launch", aq.Get("redirect_uri"))
	resp, err = browser.PostForm(aq.Get("redirect_uri"), url.Values{"state": {aq.Get("state")},
		"id_token": {s.lms.idToken(t, aq.Get("nonce"), sub, name, role)}})
	require.NoError(t, err)
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	require.Equal(t, http.StatusSeeOther, resp.StatusCode, string(body))
	land := resp.Header.Get("Location")
	require.True(t, strings.HasPrefix(land, s.url+"/lti/land?launch="), land)
	resp, err = browser.Get(land)
	require.NoError(t, err)
	body, _ = io.ReadAll(resp.Body)
	resp.Body.Close()
	// The landing token works once.
	again, err := browser.Get(land)
	require.NoError(t, err)
	again.Body.Close()
	assert.Equal(t, http.StatusBadRequest, again.StatusCode, "a landing link used twice")
	return resp, string(body)
}

func (s *ltiServer) userNamed(t *testing.T, name string) string {
	users := s.ok("GET", "/v1/users", s.admin, nil, 200)["users"].([]any)
	for _, u := range users {
		if m := u.(map[string]any); m["name"] == name {
			return m["id"].(string)
		}
	}
	t.Fatalf("no user %q", name)
	return ""
}

// TestLTIEndToEnd: a student launches from the LMS and submits; the LMS
// hears the work is in (PendingManual); a tutor launches and reviews; the
// LMS receives the final mark exactly once, although its gradebook failed
// the first two posts.
func TestLTIEndToEnd(t *testing.T) {
	s := newLTIServer(t)
	ctx := context.Background()
	svc := s.srv.LTI()
	require.NotNil(t, svc)

	// Clio's keys are public at /lti/jwks, without the private parts.
	resp, err := http.Get(s.url + "/lti/jwks")
	require.NoError(t, err)
	var set struct{ Keys []map[string]any }
	require.NoError(t, json.NewDecoder(resp.Body).Decode(&set))
	resp.Body.Close()
	require.Equal(t, http.StatusOK, resp.StatusCode)
	require.NotEmpty(t, set.Keys)
	assert.Equal(t, "RSA", set.Keys[0]["kty"])
	assert.NotEmpty(t, set.Keys[0]["kid"])
	assert.NotContains(t, set.Keys[0], "d", "a private exponent must never be published")

	// The student lands with a link to the assignment the launch created.
	resp, page := s.launch(t, "moodle-user-17", "Ada Lovelace", "Learner")
	require.Equal(t, http.StatusOK, resp.StatusCode, page)
	assert.Contains(t, page, "Ada Lovelace")
	assert.Equal(t, "no-referrer", resp.Header.Get("Referrer-Policy"))
	m := landingLink.FindStringSubmatch(page)
	require.NotNil(t, m, page)
	require.True(t, strings.HasPrefix(m[1], "/a/asg_"), m[1])
	assignmentID := strings.TrimPrefix(m[1], "/a/")
	asg := s.ok("GET", "/v1/assignments/"+assignmentID, s.tutor, nil, 200)
	assert.Equal(t, "Stalin's rise to power", asg["title"])
	studentID := s.userNamed(t, "Ada Lovelace")

	// An integration submits her essay through the API.
	sub := s.ok("POST", "/v1/submissions", s.integ, map[string]any{"student_id": studentID, "assignment_id": assignmentID, "text": essayDraft2}, 201)
	subID := sub["id"].(string)
	_, err = svc.ProcessQueue(ctx)
	require.NoError(t, err)
	got := s.lms.accepted()
	require.Len(t, got, 1)
	assert.Equal(t, "moodle-user-17", got[0].UserID)
	assert.Equal(t, "Submitted", got[0].ActivityProgress)
	assert.Equal(t, "PendingManual", got[0].GradingProgress)
	assert.Nil(t, got[0].ScoreGiven, "a suggested mark is never sent")
	s.lms.mu.Lock()
	assert.Equal(t, map[string]float64{got[0].LineItem: 25}, s.lms.items, "one gradebook column, out of the rubric's maximum")
	s.lms.mu.Unlock()

	// The tutor lands on the review queue and overrides the suggestion.
	resp, page = s.launch(t, "moodle-user-2", "Grace Hopper", "Instructor")
	require.Equal(t, http.StatusOK, resp.StatusCode, page)
	assert.Contains(t, page, `href="/tutor/queue"`)
	tutorID := s.userNamed(t, "Grace Hopper")
	tutorKey := s.ok("POST", "/v1/users/"+tutorID+"/keys", s.admin, map[string]any{"name": "laptop"}, 201)["key"].(string)
	rb := s.ok("GET", "/v1/rubrics/aqa-a-level-essay-25", tutorKey, nil, 200)
	level := int(sub["level"].(float64)) + 1
	if level > 5 {
		level = 4
	}
	mark := int(rb["levels"].([]any)[level-1].(map[string]any)["band"].(map[string]any)["min"].(float64))
	s.lms.mu.Lock()
	s.lms.failPosts = 2
	s.lms.mu.Unlock()
	s.ok("PUT", "/v1/submissions/"+subID+"/review", tutorKey,
		map[string]any{"decision": "override", "level": level, "mark": mark, "comment": "Weigh the factors against each other."}, 200)

	// Two failures, then success after the backoff; nothing more after that.
	for range 5 {
		_, err = svc.ProcessQueue(ctx)
		require.NoError(t, err)
		s.clock.Add(2 * time.Hour)
	}
	assert.Equal(t, 4, s.lms.postCount(), "one PendingManual, two failed and one accepted FullyGraded")
	got = s.lms.accepted()
	require.Len(t, got, 2)
	final := got[1]
	assert.Equal(t, "FullyGraded", final.GradingProgress)
	assert.Equal(t, "Completed", final.ActivityProgress)
	assert.Equal(t, "moodle-user-17", final.UserID)
	require.NotNil(t, final.ScoreGiven)
	require.NotNil(t, final.ScoreMaximum)
	assert.Equal(t, float64(mark), *final.ScoreGiven)
	assert.Equal(t, 25.0, *final.ScoreMaximum)
	assert.Equal(t, "Weigh the factors against each other.", final.Comment)

	scores := s.ok("GET", "/v1/lti/scores", s.admin, nil, 200)["scores"].([]any)
	require.Len(t, scores, 2)
	for _, sc := range scores {
		assert.Equal(t, "done", sc.(map[string]any)["status"])
	}
}

// TestLTILandingStartsAWebSession: with the web pages' sign-in handed to
// the server, the landing signs the launched user in and goes straight to
// their page; a failure to start the session is an error page, not a
// redirect.
func TestLTILandingStartsAWebSession(t *testing.T) {
	for _, tc := range []struct {
		name       string
		fail       bool
		sub, who   string
		role       string
		status     int
		wantPrefix string
	}{
		{"Student", false, "moodle-user-17", "Ada Lovelace", "Learner", http.StatusSeeOther, "/a/asg_"},
		{"Tutor", false, "moodle-user-2", "Grace Hopper", "Instructor", http.StatusSeeOther, "/tutor/queue"},
		{"SessionFails", true, "moodle-user-17", "Ada Lovelace", "Learner", http.StatusInternalServerError, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var mu sync.Mutex
			var signedIn []store.User
			s := newLTIServer(t, func(c *api.Config) {
				c.LTI.StartSession = func(c *gin.Context, u store.User) error {
					if tc.fail {
						return errors.New("the sessions table is locked")
					}
					mu.Lock()
					signedIn = append(signedIn, u)
					mu.Unlock()
					c.SetCookie("clio_session", "session-of-"+u.ID, 3600, "/", "", false, true)
					return nil
				}
			})
			resp, page := s.launch(t, tc.sub, tc.who, tc.role)
			require.Equal(t, tc.status, resp.StatusCode, page)
			mu.Lock()
			defer mu.Unlock()
			if tc.fail {
				assert.Contains(t, page, "land.session")
				assert.Empty(t, resp.Header.Get("Location"))
				assert.Empty(t, signedIn)
				return
			}
			assert.True(t, strings.HasPrefix(resp.Header.Get("Location"), tc.wantPrefix), resp.Header.Get("Location"))
			require.Len(t, signedIn, 1)
			assert.Equal(t, tc.who, signedIn[0].Name)
			assert.Equal(t, s.userNamed(t, tc.who), signedIn[0].ID)
			assert.Contains(t, resp.Header.Get("Set-Cookie"), "clio_session=session-of-"+signedIn[0].ID)
		})
	}
}

// TestLTIWebhooks: the server's submissions and reviews reach an
// organisation's webhook, signed.
func TestLTIWebhooks(t *testing.T) {
	s := newLTIServer(t)
	type got struct {
		event, sig string
		body       []byte
		at         time.Time
	}
	var mu sync.Mutex
	var received []got
	hook := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		mu.Lock()
		received = append(received, got{r.Header.Get("Clio-Event"), r.Header.Get(lti.SignatureHeader), b, s.clock.Now()})
		mu.Unlock()
	}))
	t.Cleanup(hook.Close)
	wh := s.ok("POST", "/v1/lti/webhooks", s.admin, map[string]any{"url": hook.URL}, 201)
	secret := wh["secret"].(string)
	require.NotEmpty(t, secret)
	asg := s.assignment(s.tutor, nil)
	sub := s.ok("POST", "/v1/submissions", s.pupil, map[string]any{"assignment_id": asg, "text": essayDraft1}, 201)
	s.ok("PUT", "/v1/submissions/"+sub["id"].(string)+"/review", s.tutor, map[string]any{"decision": "accept"}, 200)
	_, err := s.srv.LTI().ProcessQueue(context.Background())
	require.NoError(t, err)

	mu.Lock()
	defer mu.Unlock()
	require.Len(t, received, 2)
	events := map[string]bool{}
	for _, r := range received {
		events[r.event] = true
		assert.NoError(t, lti.VerifySignature(secret, r.sig, r.body, r.at, 5*time.Minute), r.event)
		assert.Contains(t, string(r.body), sub["id"].(string))
	}
	assert.Equal(t, map[string]bool{"submission.marked": true, "review.completed": true}, events)
	assert.Empty(t, s.lms.accepted(), "an assignment no LMS activity points at sends no score")
	mu.Unlock()

	// A review written straight to the store (as the web pages write it)
	// reaches the webhook too: the store records the event itself.
	ctx := context.Background()
	orgID := s.ok("GET", "/v1/organisation", s.admin, nil, 200)["id"].(string)
	stored, err := s.st.GetSubmission(ctx, orgID, sub["id"].(string))
	require.NoError(t, err)
	require.NoError(t, s.st.PutReview(ctx, store.Review{SubmissionID: stored.ID, OrgID: orgID, ReviewerID: s.ids["tutor"],
		SuggestedLevel: stored.Level, SuggestedMark: stored.Mark, FinalLevel: stored.Level, FinalMark: stored.Mark,
		Comment: "Written by the pages.", Created: store.Now()}))
	_, err = s.srv.LTI().ProcessQueue(ctx)
	require.NoError(t, err)
	mu.Lock()
	require.Len(t, received, 3)
	assert.Equal(t, "review.completed", received[2].event)
	assert.Contains(t, string(received[2].body), "Written by the pages.")
}

// TestLTIAdminAndLanding: the admin API needs an admin of the same
// organisation; the landing page refuses missing and forged tokens.
func TestLTIAdminAndLanding(t *testing.T) {
	e := newEnv(t, withLTI("https://clio.example.org", nil))
	plat := e.ok("POST", "/v1/lti/platforms", e.admin, map[string]any{"issuer": "https://moodle.school.example", "client_id": "c1",
		"deployment_ids": []string{"1"}, "jwks_url": "https://moodle.school.example/mod/lti/certs.php",
		"auth_url": "https://moodle.school.example/mod/lti/auth.php", "token_url": "https://moodle.school.example/mod/lti/token.php"}, 201)
	platID := plat["id"].(string)
	cfg := e.ok("GET", "/v1/lti/config", e.admin, nil, 200)
	assert.Equal(t, "https://clio.example.org/lti/launch", cfg["tool_url"])
	assert.Equal(t, "https://clio.example.org/lti/jwks", cfg["public_keyset_url"])

	other := e.ok("POST", "/v1/organisations", e.admin, map[string]any{"name": "Other College", "admin_name": "Bea"}, 201)
	otherAdmin := other["key"].(map[string]any)["key"].(string)
	for _, tc := range []struct {
		name, key string
		status    int
	}{
		{"NoKey", "", http.StatusUnauthorized},
		{"Tutor", e.tutor, http.StatusForbidden},
		{"Student", e.pupil, http.StatusForbidden},
		{"Integration", e.integ, http.StatusForbidden},
		{"OtherOrganisation", otherAdmin, http.StatusNotFound},
		{"Admin", e.admin, http.StatusOK},
	} {
		t.Run(tc.name, func(t *testing.T) {
			w := e.do("GET", "/v1/lti/platforms/"+platID, tc.key, nil)
			assert.Equal(t, tc.status, w.Code, w.Body.String())
		})
	}
	list := e.ok("GET", "/v1/lti/platforms", otherAdmin, nil, 200)
	assert.Empty(t, list["platforms"])

	for _, tc := range []struct{ name, query, code string }{
		{"Missing", "", "land.missing-token"},
		{"Forged", "?launch=eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.", "land.bad-token"},
		{"Huge", "?launch=" + strings.Repeat("a", 9000), "land.missing-token"},
	} {
		t.Run("Landing"+tc.name, func(t *testing.T) {
			w := e.do("GET", "/lti/land"+tc.query, "", nil)
			assert.Equal(t, http.StatusBadRequest, w.Code)
			assert.Contains(t, w.Header().Get("Content-Type"), "text/html")
			assert.Contains(t, w.Body.String(), tc.code)
			assert.Empty(t, w.Header().Get("Set-Cookie"), "a refused landing signs no one in")
		})
	}
}

// TestLTIOptionsChecked: a bad public URL is refused when the server is
// built.
func TestLTIOptionsChecked(t *testing.T) {
	m, err := sharedMarker()
	require.NoError(t, err)
	e := newEnv(t)
	for _, tc := range []struct {
		name string
		opt  api.LTIOptions
	}{
		{"NoURL", api.LTIOptions{}},
		{"Relative", api.LTIOptions{PublicURL: "clio.example.org"}},
		{"WithPath", api.LTIOptions{PublicURL: "https://example.org/clio"}},
		{"FTP", api.LTIOptions{PublicURL: "ftp://clio.example.org"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			opt := tc.opt
			_, err := api.New(api.Config{Store: e.st, Marker: m, LTI: &opt})
			assert.Error(t, err)
		})
	}
}

// TestLTIAdminErrorsAreProblems: the LMS admin endpoints answer like the
// rest of the API: problem+json with the request id, the field at fault,
// 422 for a body the strict decoder or the checks refuse, 404 and 409 from
// the store, 415 and 413 from the same body reader.
func TestLTIAdminErrorsAreProblems(t *testing.T) {
	e := newEnv(t, withLTI("https://clio.example.org", nil), func(c *api.Config) { c.MaxBody = 4 << 10 })
	reg := map[string]any{"issuer": "https://moodle.school.example", "client_id": "c1", "deployment_ids": []string{"1"},
		"jwks_url": "https://moodle.school.example/mod/lti/certs.php", "auth_url": "https://moodle.school.example/mod/lti/auth.php",
		"token_url": "https://moodle.school.example/mod/lti/token.php"}
	with := func(k string, v any) map[string]any {
		m := map[string]any{}
		for kk, vv := range reg {
			m[kk] = vv
		}
		m[k] = v
		return m
	}
	e.ok("POST", "/v1/lti/platforms", e.admin, reg, 201)
	for _, tc := range []struct {
		name        string
		method, url string
		body        any
		kind        problem.Kind
		field       string
	}{
		{"UnknownField", "POST", "/v1/lti/platforms", with("jwks", "x"), problem.UnknownField, "jwks"},
		{"WrongType", "POST", "/v1/lti/platforms", with("deployment_ids", "1"), problem.Invalid, "deployment_ids"},
		{"Malformed", "POST", "/v1/lti/platforms", `{"issuer":`, problem.BadRequest, ""},
		{"TwoValues", "POST", "/v1/lti/webhooks", `{"url":"https://a.example"} {}`, problem.BadRequest, ""},
		{"NoDeployments", "POST", "/v1/lti/platforms", with("deployment_ids", []string{}), problem.Invalid, "deployment_ids"},
		{"PlainHTTP", "POST", "/v1/lti/platforms", with("token_url", "http://moodle.school.example/token"), problem.Invalid, "token_url"},
		{"BadAuthMethod", "POST", "/v1/lti/platforms", with("auth_method", "redirect"), problem.Invalid, "auth_method"},
		{"Duplicate", "POST", "/v1/lti/platforms", reg, problem.Conflict, ""},
		{"RosterOfNoPlatform", "POST", "/v1/lti/platforms/plat_none/roster", map[string]any{"context_id": "c1"}, problem.NotFound, ""},
		{"RosterWithoutCourse", "POST", "/v1/lti/platforms/plat_none/roster", map[string]any{}, problem.Invalid, "context_id"},
		{"NoPlatform", "GET", "/v1/lti/platforms/plat_none", nil, problem.NotFound, ""},
		{"NoWebhook", "DELETE", "/v1/lti/webhooks/hook_none", nil, problem.NotFound, ""},
		{"BadWebhookURL", "POST", "/v1/lti/webhooks", map[string]any{"url": "ftp://hooks.example"}, problem.Invalid, "url"},
		{"TooLarge", "POST", "/v1/lti/webhooks", map[string]any{"url": "https://a.example/" + strings.Repeat("a", 5000)}, problem.TooLarge, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			b := wantProblem(t, e.do(tc.method, tc.url, e.admin, tc.body), tc.kind)
			assert.Equal(t, tc.field, b.Field)
			assert.Equal(t, tc.url, b.Instance)
		})
	}
	t.Run("NotJSON", func(t *testing.T) {
		wantProblem(t, e.do("POST", "/v1/lti/webhooks", e.admin, `{"url":"https://a.example"}`, "Content-Type", "text/plain"), problem.UnsupportedMedia)
	})
}
