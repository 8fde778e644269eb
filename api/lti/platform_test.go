package lti_test

import (
	"context"
	"crypto/rand"
	"crypto/rsa"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/lestrrat-go/jwx/v3/jwa"
	"github.com/lestrrat-go/jwx/v3/jwk"
	"github.com/lestrrat-go/jwx/v3/jws"
	"github.com/stretchr/testify/require"
)

// testPlatform is an LMS inside the tests: it publishes its keys, answers
// OIDC logins with signed id_tokens, issues access tokens for checked
// client assertions and keeps line items and scores as Moodle and Canvas
// do (the newest timestamp wins; an older one gets 409).
type testPlatform struct {
	t        *testing.T
	srv      *httptest.Server
	issuer   string
	clientID string
	deploy   string

	mu        sync.Mutex
	keys      []jwk.Key // published
	signer    jwk.Key   // signs id_tokens
	toolJWKS  string    // the tool's key set URL, for client assertions
	toolHTTP  *http.Client
	launch    func(claims map[string]any) // mutates the next id_token's claims
	lastToken string                      // the last id_token issued
	seenJTI   map[string]bool
	tokens    map[string][]string // access token -> scopes
	lineItems map[string]*platLineItem
	nextItem  int
	failPosts int // score posts to fail with 503 before accepting
	posts     []recordedScore
	accepted  map[string]map[string]recordedScore // line item -> user -> latest score
	tokenReqs int
	jwksDown  bool
	// authMethods records how each authorisation request came (GET, POST).
	authMethods []string
	// members is the course roster served at /course/7/memberships, two
	// to a page; legacyRoster serves it in LTI 1.x's LIS v2 container.
	members      []map[string]any
	legacyRoster bool
}

type platLineItem struct {
	ID             string  `json:"id"`
	ScoreMaximum   float64 `json:"scoreMaximum"`
	Label          string  `json:"label"`
	ResourceID     string  `json:"resourceId,omitempty"`
	ResourceLinkID string  `json:"resourceLinkId,omitempty"`
	Tag            string  `json:"tag,omitempty"`
}

type recordedScore struct {
	LineItem         string
	Status           int
	UserID           string   `json:"userId"`
	ScoreGiven       *float64 `json:"scoreGiven"`
	ScoreMaximum     *float64 `json:"scoreMaximum"`
	Comment          string   `json:"comment"`
	Timestamp        string   `json:"timestamp"`
	ActivityProgress string   `json:"activityProgress"`
	GradingProgress  string   `json:"gradingProgress"`
}

func newRSA(t *testing.T, kid string) jwk.Key {
	t.Helper()
	raw, err := rsa.GenerateKey(rand.Reader, 2048)
	require.NoError(t, err)
	k, err := jwk.Import(raw)
	require.NoError(t, err)
	require.NoError(t, k.Set(jwk.KeyIDKey, kid))
	require.NoError(t, k.Set(jwk.AlgorithmKey, jwa.RS256()))
	return k
}

func newTestPlatform(t *testing.T) *testPlatform {
	p := &testPlatform{t: t, clientID: "clio-client-1", deploy: "deploy-1", seenJTI: map[string]bool{},
		tokens: map[string][]string{}, lineItems: map[string]*platLineItem{}, accepted: map[string]map[string]recordedScore{}}
	k := newRSA(t, "plat-key-1")
	p.keys, p.signer = []jwk.Key{k}, k
	mux := http.NewServeMux()
	mux.HandleFunc("GET /jwks", p.serveJWKS)
	mux.HandleFunc("GET /auth", p.serveAuth)
	mux.HandleFunc("POST /auth", p.serveAuth)
	mux.HandleFunc("GET /course/7/memberships", p.serveMemberships)
	mux.HandleFunc("POST /token", p.serveToken)
	mux.HandleFunc("GET /course/7/lineitems", p.listLineItems)
	mux.HandleFunc("POST /course/7/lineitems", p.createLineItem)
	mux.HandleFunc("POST /course/7/lineitems/{id}/scores", p.postScore)
	p.srv = httptest.NewServer(mux)
	t.Cleanup(p.srv.Close)
	p.issuer = p.srv.URL
	return p
}

func (p *testPlatform) url(path string) string { return p.srv.URL + path }

func (p *testPlatform) serveJWKS(w http.ResponseWriter, _ *http.Request) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.jwksDown {
		http.Error(w, "maintenance", http.StatusServiceUnavailable)
		return
	}
	set := jwk.NewSet()
	for _, k := range p.keys {
		pub, err := k.PublicKey()
		if err != nil {
			http.Error(w, err.Error(), 500)
			return
		}
		_ = set.AddKey(pub)
	}
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(set)
}

func sign(t *testing.T, key jwk.Key, claims map[string]any) string {
	t.Helper()
	payload, err := json.Marshal(claims)
	require.NoError(t, err)
	hdr := jws.NewHeaders()
	require.NoError(t, hdr.Set(jws.TypeKey, "JWT"))
	kid, _ := key.KeyID()
	require.NoError(t, hdr.Set(jws.KeyIDKey, kid))
	out, err := jws.Sign(payload, jws.WithKey(jwa.RS256(), key, jws.WithProtectedHeaders(hdr)))
	require.NoError(t, err)
	return string(out)
}

// serveAuth is the platform's OIDC authorisation endpoint: it checks the
// request as a platform would and answers with a form that posts a signed
// id_token to the redirect URI.
func (p *testPlatform) serveAuth(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		http.Error(w, "bad form", http.StatusBadRequest)
		return
	}
	q := r.Form
	p.mu.Lock()
	p.authMethods = append(p.authMethods, r.Method)
	p.mu.Unlock()
	for name, want := range map[string]string{"scope": "openid", "response_type": "id_token", "response_mode": "form_post",
		"prompt": "none", "client_id": p.clientID} {
		if q.Get(name) != want {
			http.Error(w, "bad "+name, http.StatusBadRequest)
			return
		}
	}
	if q.Get("state") == "" || q.Get("nonce") == "" || q.Get("redirect_uri") == "" {
		http.Error(w, "missing state, nonce or redirect_uri", http.StatusBadRequest)
		return
	}
	now := time.Now()
	claims := map[string]any{
		"iss": p.issuer, "aud": p.clientID, "sub": q.Get("login_hint"), "iat": now.Unix(), "exp": now.Add(5 * time.Minute).Unix(),
		"nonce": q.Get("nonce"), "name": "Ada Lovelace", "email": "ada@example.org",
		"https://purl.imsglobal.org/spec/lti/claim/message_type":    "LtiResourceLinkRequest",
		"https://purl.imsglobal.org/spec/lti/claim/version":         "1.3.0",
		"https://purl.imsglobal.org/spec/lti/claim/deployment_id":   p.deploy,
		"https://purl.imsglobal.org/spec/lti/claim/target_link_uri": q.Get("redirect_uri"),
		"https://purl.imsglobal.org/spec/lti/claim/resource_link":   map[string]any{"id": "rl-42", "title": "Causes of the First World War"},
		"https://purl.imsglobal.org/spec/lti/claim/context":         map[string]any{"id": "course-7", "label": "HIST-A2", "title": "A-level History"},
		"https://purl.imsglobal.org/spec/lti/claim/roles":           []string{"http://purl.imsglobal.org/vocab/lis/v2/membership#Learner"},
		"https://purl.imsglobal.org/spec/lti-ags/claim/endpoint": map[string]any{
			"scope":     []string{"https://purl.imsglobal.org/spec/lti-ags/scope/lineitem", "https://purl.imsglobal.org/spec/lti-ags/scope/score"},
			"lineitems": p.url("/course/7/lineitems?type_id=3"),
		},
	}
	p.mu.Lock()
	mutate, signer := p.launch, p.signer
	p.mu.Unlock()
	if mutate != nil {
		mutate(claims)
	}
	tok := sign(p.t, signer, claims)
	p.mu.Lock()
	p.lastToken = tok
	p.mu.Unlock()
	w.Header().Set("Content-Type", "text/html")
	fmt.Fprintf(w, `<form method="post" action="%s"><input type="hidden" name="id_token" value="%s"><input type="hidden" name="state" value="%s"></form>`,
		q.Get("redirect_uri"), tok, q.Get("state"))
}

// serveMemberships serves the roster two members to a page, linking each
// page to the next with a Link header as NRPS 2.0 asks.
func (p *testPlatform) serveMemberships(w http.ResponseWriter, r *http.Request) {
	if !p.authorised(r, "https://purl.imsglobal.org/spec/lti-nrps/scope/contextmembership.readonly") {
		http.Error(w, "unauthorised", http.StatusUnauthorized)
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.legacyRoster {
		_ = json.NewEncoder(w).Encode(map[string]any{"@type": "Page", "pageOf": map[string]any{
			"membershipSubject": map[string]any{"contextId": "course-7", "membership": p.members}}})
		return
	}
	page := 0
	fmt.Sscan(r.URL.Query().Get("page"), &page)
	from, to := min(2*page, len(p.members)), min(2*page+2, len(p.members))
	if to < len(p.members) {
		w.Header().Set("Link", fmt.Sprintf(`<%s>; rel="next"`, fmt.Sprintf("/course/7/memberships?page=%d", page+1)))
	}
	w.Header().Set("Content-Type", "application/vnd.ims.lti-nrps.v2.membershipcontainer+json")
	_ = json.NewEncoder(w).Encode(map[string]any{"id": p.url("/course/7/memberships"),
		"context": map[string]any{"id": "course-7"}, "members": p.members[from:to]})
}

// serveToken checks the tool's client assertion against the tool's
// published keys and issues an access token.
func (p *testPlatform) serveToken(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		http.Error(w, err.Error(), 400)
		return
	}
	fail := func(msg string) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusBadRequest)
		_ = json.NewEncoder(w).Encode(map[string]string{"error": "invalid_client", "error_description": msg})
	}
	if r.PostForm.Get("grant_type") != "client_credentials" ||
		r.PostForm.Get("client_assertion_type") != "urn:ietf:params:oauth:client-assertion-type:jwt-bearer" {
		fail("bad grant")
		return
	}
	p.mu.Lock()
	jwksURL, client := p.toolJWKS, p.toolHTTP
	p.mu.Unlock()
	set, err := jwk.Fetch(r.Context(), jwksURL, jwk.WithHTTPClient(client))
	if err != nil {
		fail("fetching tool keys: " + err.Error())
		return
	}
	payload, err := jws.Verify([]byte(r.PostForm.Get("client_assertion")), jws.WithKeySet(set, jws.WithRequireKid(true)))
	if err != nil {
		fail("assertion signature: " + err.Error())
		return
	}
	var c struct {
		Iss, Sub, Aud, Jti string
		Exp, Iat           int64
	}
	if err := json.Unmarshal(payload, &c); err != nil {
		fail(err.Error())
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	switch {
	case c.Iss != p.clientID || c.Sub != p.clientID:
		fail("iss and sub must be the client id")
	case c.Aud != p.url("/token"):
		fail("aud must be the token endpoint")
	case c.Exp < time.Now().Unix() || c.Jti == "" || p.seenJTI[c.Jti]:
		fail("expired or replayed assertion")
	default:
		p.seenJTI[c.Jti] = true
		p.tokenReqs++
		tok := "at-" + strconv.Itoa(len(p.tokens)+1)
		p.tokens[tok] = strings.Fields(r.PostForm.Get("scope"))
		w.Header().Set("Content-Type", "application/json")
		_ = json.NewEncoder(w).Encode(map[string]any{"access_token": tok, "token_type": "Bearer", "expires_in": 3600, "scope": r.PostForm.Get("scope")})
	}
}

func (p *testPlatform) authorised(r *http.Request, scope string) bool {
	tok, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
	if !ok {
		return false
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	for _, s := range p.tokens[tok] {
		if s == scope || (scope == "https://purl.imsglobal.org/spec/lti-ags/scope/lineitem.readonly" && s == "https://purl.imsglobal.org/spec/lti-ags/scope/lineitem") {
			return true
		}
	}
	return false
}

func (p *testPlatform) listLineItems(w http.ResponseWriter, r *http.Request) {
	if !p.authorised(r, "https://purl.imsglobal.org/spec/lti-ags/scope/lineitem.readonly") {
		http.Error(w, "unauthorised", http.StatusUnauthorized)
		return
	}
	if r.URL.Query().Get("type_id") != "3" {
		http.Error(w, "the query of the line items URL was lost", http.StatusBadRequest)
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	out := []*platLineItem{}
	for _, li := range p.lineItems {
		if rl := r.URL.Query().Get("resource_link_id"); rl == "" || rl == li.ResourceLinkID {
			out = append(out, li)
		}
	}
	w.Header().Set("Content-Type", "application/vnd.ims.lis.v2.lineitemcontainer+json")
	_ = json.NewEncoder(w).Encode(out)
}

func (p *testPlatform) createLineItem(w http.ResponseWriter, r *http.Request) {
	if !p.authorised(r, "https://purl.imsglobal.org/spec/lti-ags/scope/lineitem") {
		http.Error(w, "unauthorised", http.StatusUnauthorized)
		return
	}
	if r.Header.Get("Content-Type") != "application/vnd.ims.lis.v2.lineitem+json" {
		http.Error(w, "wrong content type", http.StatusUnsupportedMediaType)
		return
	}
	var li platLineItem
	if err := json.NewDecoder(r.Body).Decode(&li); err != nil || li.ScoreMaximum <= 0 || li.Label == "" {
		http.Error(w, "bad line item", http.StatusBadRequest)
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	p.nextItem++
	li.ID = p.url(fmt.Sprintf("/course/7/lineitems/%d?type_id=3", p.nextItem))
	p.lineItems[li.ID] = &li
	w.Header().Set("Content-Type", "application/vnd.ims.lis.v2.lineitem+json")
	w.WriteHeader(http.StatusCreated)
	_ = json.NewEncoder(w).Encode(li)
}

func (p *testPlatform) postScore(w http.ResponseWriter, r *http.Request) {
	if !p.authorised(r, "https://purl.imsglobal.org/spec/lti-ags/scope/score") {
		http.Error(w, "unauthorised", http.StatusUnauthorized)
		return
	}
	if r.Header.Get("Content-Type") != "application/vnd.ims.lis.v1.score+json" {
		http.Error(w, "wrong content type", http.StatusUnsupportedMediaType)
		return
	}
	body, _ := io.ReadAll(r.Body)
	var s recordedScore
	if err := json.Unmarshal(body, &s); err != nil || s.UserID == "" || s.Timestamp == "" {
		http.Error(w, "bad score", http.StatusBadRequest)
		return
	}
	item := p.url("/course/7/lineitems/" + r.PathValue("id"))
	if r.URL.RawQuery != "" {
		item += "?" + r.URL.RawQuery
	}
	s.LineItem = item
	p.mu.Lock()
	defer p.mu.Unlock()
	if _, ok := p.lineItems[item]; !ok {
		s.Status = http.StatusNotFound
		p.posts = append(p.posts, s)
		http.Error(w, "no such line item", http.StatusNotFound)
		return
	}
	if p.failPosts > 0 {
		p.failPosts--
		s.Status = http.StatusServiceUnavailable
		p.posts = append(p.posts, s)
		http.Error(w, "the gradebook is down", http.StatusServiceUnavailable)
		return
	}
	if p.accepted[item] == nil {
		p.accepted[item] = map[string]recordedScore{}
	}
	if prev, ok := p.accepted[item][s.UserID]; ok && s.Timestamp < prev.Timestamp {
		s.Status = http.StatusConflict
		p.posts = append(p.posts, s)
		http.Error(w, "a newer score exists", http.StatusConflict)
		return
	}
	s.Status = http.StatusOK
	p.posts = append(p.posts, s)
	p.accepted[item][s.UserID] = s
	w.WriteHeader(http.StatusOK)
}

// acceptedScores returns the scores the platform kept, in post order.
func (p *testPlatform) acceptedPosts() []recordedScore {
	p.mu.Lock()
	defer p.mu.Unlock()
	var out []recordedScore
	for _, s := range p.posts {
		if s.Status == http.StatusOK {
			out = append(out, s)
		}
	}
	return out
}

func (p *testPlatform) allPosts() []recordedScore {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]recordedScore(nil), p.posts...)
}

func (p *testPlatform) setLaunch(f func(map[string]any)) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.launch = f
}

// registration is the body an admin posts to register this platform.
func (p *testPlatform) registration() map[string]any {
	return map[string]any{"name": "Test Moodle", "issuer": p.issuer, "client_id": p.clientID,
		"deployment_ids": []string{p.deploy}, "jwks_url": p.url("/jwks"), "auth_url": p.url("/auth"), "token_url": p.url("/token")}
}

var _ = context.Background
var _ = url.Values{}
