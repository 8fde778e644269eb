package lti_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/lestrrat-go/jwx/v3/jwk"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/clio-history/clio/api/lti"
)

func TestLaunch(t *testing.T) {
	for _, backend := range backends() {
		t.Run(backend, func(t *testing.T) {
			e := newEnv(t, backend)

			t.Run("StudentLandsOnSubmissionPage", func(t *testing.T) {
				res := e.launch("lms-student-1", nil)
				require.Equal(t, http.StatusSeeOther, res.Status, res.Body)
				require.True(t, strings.HasPrefix(res.Location, studentURL+"?launch="), res.Location)
				s, err := e.session(res.Location)
				require.NoError(t, err)
				assert.Equal(t, lti.RoleStudent, s.Role)
				assert.Equal(t, "org_1", s.OrgID)
				assert.Equal(t, "usr_1", s.UserID)
				assert.Equal(t, "asg_1", s.AssignmentID, "a new resource link gets a new assignment")
				assert.Equal(t, "course-7", s.ContextID)

				_, err = e.session(res.Location)
				assert.ErrorIs(t, err, lti.ErrBadLaunchToken, "a launch token works once")
			})

			t.Run("SecondLaunchReusesUserAndAssignment", func(t *testing.T) {
				res := e.launch("lms-student-1", nil)
				require.Equal(t, http.StatusSeeOther, res.Status, res.Body)
				s, err := e.session(res.Location)
				require.NoError(t, err)
				assert.Equal(t, "usr_1", s.UserID)
				assert.Equal(t, "asg_1", s.AssignmentID)
				assert.Equal(t, 1, e.clio.created, "the assignment was created once")
			})

			t.Run("TutorLandsOnReviewQueue", func(t *testing.T) {
				res := e.launch("lms-teacher-1", asInstructor)
				require.Equal(t, http.StatusSeeOther, res.Status, res.Body)
				require.True(t, strings.HasPrefix(res.Location, tutorURL+"?launch="), res.Location)
				s, err := e.session(res.Location)
				require.NoError(t, err)
				assert.Equal(t, lti.RoleTutor, s.Role)
				assert.Equal(t, "asg_1", s.AssignmentID)
			})

			t.Run("PlatformKeyRotationIsFollowed", func(t *testing.T) {
				k := newRSA(t, "plat-key-2")
				e.plat.mu.Lock()
				e.plat.keys = append(e.plat.keys, k)
				e.plat.signer = k
				e.plat.mu.Unlock()
				res := e.launch("lms-student-1", nil)
				assert.Equal(t, http.StatusSeeOther, res.Status, res.Body)
			})
		})
	}
}

// TestLaunchRefused checks that each broken launch gets an error page and
// a log line, and never a session.
func TestLaunchRefused(t *testing.T) {
	e := newEnv(t, "sqlite")
	unpublished := newRSA(t, "plat-key-secret")
	impostor := newRSA(t, "plat-key-1") // the published kid, another key
	del := func(names ...string) func(map[string]any) {
		return func(c map[string]any) {
			for _, n := range names {
				delete(c, n)
			}
		}
	}
	set := func(name string, v any) func(map[string]any) {
		return func(c map[string]any) { c[name] = v }
	}
	tests := []struct {
		name   string
		mutate func(map[string]any)
		signer jwk.Key // a key to sign with instead of the platform's
		code   string
	}{
		{name: "WrongSignature", signer: impostor, code: "launch.signature"},
		{name: "UnknownKid", signer: unpublished, code: "launch.unknown-key"},
		{name: "Expired", mutate: func(c map[string]any) {
			c["iat"] = time.Now().Add(-20 * time.Minute).Unix()
			c["exp"] = time.Now().Add(-10 * time.Minute).Unix()
		}, code: "launch.expired"},
		{name: "IssuedInFuture", mutate: set("iat", time.Now().Add(time.Hour).Unix()), code: "launch.issued-in-future"},
		{name: "WrongAudience", mutate: set("aud", "another-tool"), code: "launch.audience"},
		{name: "SeveralAudiencesWithoutAZP", mutate: set("aud", []string{"clio-client-1", "another-tool"}), code: "launch.azp"},
		{name: "WrongAZP", mutate: set("azp", "another-tool"), code: "launch.azp"},
		{name: "WrongIssuer", mutate: set("iss", "https://evil.example"), code: "launch.issuer"},
		{name: "WrongNonce", mutate: set("nonce", "not-the-nonce"), code: "launch.nonce"},
		{name: "WrongDeployment", mutate: set("https://purl.imsglobal.org/spec/lti/claim/deployment_id", "deploy-other"), code: "launch.deployment"},
		{name: "WrongVersion", mutate: set("https://purl.imsglobal.org/spec/lti/claim/version", "1.1"), code: "launch.version"},
		{name: "WrongMessageType", mutate: set("https://purl.imsglobal.org/spec/lti/claim/message_type", "LtiSubmissionReviewRequest"), code: "launch.message-type"},
		{name: "MissingMessageType", mutate: del("https://purl.imsglobal.org/spec/lti/claim/message_type"), code: "launch.message-type"},
		{name: "MissingDeployment", mutate: del("https://purl.imsglobal.org/spec/lti/claim/deployment_id"), code: "launch.missing-claim"},
		{name: "MissingRoles", mutate: del("https://purl.imsglobal.org/spec/lti/claim/roles"), code: "launch.missing-claim"},
		{name: "MissingResourceLink", mutate: del("https://purl.imsglobal.org/spec/lti/claim/resource_link"), code: "launch.missing-claim"},
		{name: "MissingTargetLink", mutate: del("https://purl.imsglobal.org/spec/lti/claim/target_link_uri"), code: "launch.missing-claim"},
		{name: "MissingSub", mutate: del("sub"), code: "launch.missing-claim"},
		{name: "MissingExp", mutate: del("exp"), code: "launch.missing-claim"},
		{name: "MissingNonce", mutate: del("nonce"), code: "launch.nonce"},
		{name: "DeepLinkingWithoutSettings", mutate: set("https://purl.imsglobal.org/spec/lti/claim/message_type", "LtiDeepLinkingRequest"), code: "launch.missing-claim"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			users := e.clio.userCount()
			e.plat.mu.Lock()
			saved := e.plat.signer
			if tc.signer != nil {
				e.plat.signer = tc.signer
			}
			e.plat.mu.Unlock()
			defer func() { e.plat.mu.Lock(); e.plat.signer = saved; e.plat.mu.Unlock() }()

			res := e.launch("lms-student-9", tc.mutate)
			assertRefused(t, e, res, tc.code)
			assert.Equal(t, users, e.clio.userCount(), "no user was created")
		})
	}
}

func assertRefused(t *testing.T, e *env, res launchResult, code string) {
	t.Helper()
	assert.GreaterOrEqual(t, res.Status, 400, res.Body)
	assert.Less(t, res.Status, 500, res.Body)
	assert.Empty(t, res.Location, "no redirect to Clio")
	assert.NotContains(t, res.Location+res.Body, "launch=")
	assert.Contains(t, res.Body, "<h1>", "an HTML error page")
	assert.Contains(t, res.Body, code, "the page quotes the reference")
	assert.Contains(t, e.logSince(), `"code":"`+code+`"`, "a log line names the reason")
}

func TestLaunchStateAndReplay(t *testing.T) {
	e := newEnv(t, "sqlite")

	t.Run("ReplayedIDTokenAndState", func(t *testing.T) {
		res := e.launch("lms-student-1", nil)
		require.Equal(t, http.StatusSeeOther, res.Status, res.Body)
		again := e.post(e.browser, e.tool.URL+"/lti/launch", res.Form)
		assertRefused(t, e, again, "launch.state")
	})

	t.Run("ReplayedIDTokenWithFreshState", func(t *testing.T) {
		res := e.launch("lms-student-1", nil)
		require.Equal(t, http.StatusSeeOther, res.Status, res.Body)
		// A new login gives a new state and nonce; the old token answers
		// the old nonce.
		action, form := e.loginAndAuth(e.browser, "lms-student-1")
		form.Set("id_token", res.Form.Get("id_token"))
		assertRefused(t, e, e.post(e.browser, action, form), "launch.nonce")
	})

	t.Run("StateFromAnotherBrowser", func(t *testing.T) {
		action, form := e.loginAndAuth(e.browser, "lms-student-1")
		other := e.newBrowser()
		assertRefused(t, e, e.post(other, action, form), "launch.state-cookie")
		// The state is spent: the right browser cannot use it afterwards.
		assertRefused(t, e, e.post(e.browser, action, form), "launch.state")
	})

	t.Run("UnknownState", func(t *testing.T) {
		action, form := e.loginAndAuth(e.browser, "lms-student-1")
		form.Set("state", "made-up-state")
		assertRefused(t, e, e.post(e.browser, action, form), "launch.state")
	})

	t.Run("MissingIDToken", func(t *testing.T) {
		action, form := e.loginAndAuth(e.browser, "lms-student-1")
		form.Del("id_token")
		assertRefused(t, e, e.post(e.browser, action, form), "launch.incomplete")
	})

	t.Run("NotAJWT", func(t *testing.T) {
		action, form := e.loginAndAuth(e.browser, "lms-student-1")
		form.Set("id_token", "\xff\xfe binary junk")
		assertRefused(t, e, e.post(e.browser, action, form), "launch.token-format")
	})

	t.Run("PlatformError", func(t *testing.T) {
		res := e.post(e.browser, e.tool.URL+"/lti/launch", url.Values{"error": {"login_required"}, "error_description": {"not signed in"}})
		assertRefused(t, e, res, "launch.platform-error")
	})
}

func TestLoginRefused(t *testing.T) {
	e := newEnv(t, "sqlite")
	good := url.Values{"iss": {e.plat.issuer}, "login_hint": {"u1"}, "target_link_uri": {e.tool.URL + "/lti/launch"},
		"client_id": {e.plat.clientID}, "lti_deployment_id": {e.plat.deploy}}
	with := func(k, v string) url.Values {
		q := url.Values{}
		for kk, vv := range good {
			q[kk] = vv
		}
		if v == "" {
			q.Del(k)
		} else {
			q.Set(k, v)
		}
		return q
	}
	tests := []struct {
		name string
		q    url.Values
		code string
	}{
		{"MissingIssuer", with("iss", ""), "login.missing-iss"},
		{"MissingLoginHint", with("login_hint", ""), "login.missing-login_hint"},
		{"MissingTarget", with("target_link_uri", ""), "login.missing-target_link_uri"},
		{"UnknownIssuer", with("iss", "https://unknown.example"), "login.unknown-platform"},
		{"UnknownClient", with("client_id", "other-client"), "login.unknown-platform"},
		{"UnknownDeployment", with("lti_deployment_id", "deploy-9"), "login.unknown-deployment"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			e.markLog()
			resp, err := e.browser.PostForm(e.tool.URL+"/lti/login", tc.q)
			require.NoError(t, err)
			defer resp.Body.Close()
			res := launchResult{Status: resp.StatusCode, Location: resp.Header.Get("Location"), Body: readAll(t, resp)}
			assertRefused(t, e, res, tc.code)
			assert.Empty(t, resp.Cookies(), "no state cookie")
		})
	}

	t.Run("CookieIsCrossSiteSafe", func(t *testing.T) {
		resp, err := e.browser.PostForm(e.tool.URL+"/lti/login", good)
		require.NoError(t, err)
		resp.Body.Close()
		require.Equal(t, http.StatusFound, resp.StatusCode)
		require.Len(t, resp.Cookies(), 1)
		c := resp.Cookies()[0]
		assert.True(t, c.Secure)
		assert.True(t, c.HttpOnly)
		assert.Equal(t, http.SameSiteNoneMode, c.SameSite)
		loc, err := url.Parse(resp.Header.Get("Location"))
		require.NoError(t, err)
		assert.Equal(t, e.tool.URL+"/lti/launch", loc.Query().Get("redirect_uri"))
		assert.Equal(t, "form_post", loc.Query().Get("response_mode"))
	})
}

func TestJWKSAndRotation(t *testing.T) {
	e := newEnv(t, "sqlite")
	ctx := context.Background()
	keys := func() []string {
		resp, err := e.browser.Get(e.tool.URL + "/lti/jwks")
		require.NoError(t, err)
		defer resp.Body.Close()
		require.Equal(t, http.StatusOK, resp.StatusCode)
		body := readAll(t, resp)
		assert.NotContains(t, body, `"d":`, "no private key material")
		var set struct {
			Keys []struct {
				Kid, Kty, Alg, Use string
			}
		}
		require.NoError(t, jsonUnmarshal(body, &set))
		var kids []string
		for _, k := range set.Keys {
			assert.Equal(t, "RSA", k.Kty)
			assert.Equal(t, "RS256", k.Alg)
			kids = append(kids, k.Kid)
		}
		return kids
	}
	first := keys()
	require.Len(t, first, 1)

	// A launch signed before a rotation still verifies afterwards.
	res := e.launch("lms-student-1", nil)
	require.Equal(t, http.StatusSeeOther, res.Status, res.Body)

	rec := e.adminDo(http.MethodPost, "/v1/lti/keys/rotate", "org_1", nil)
	require.Equal(t, http.StatusOK, rec.Code, rec.Body.String())
	second := keys()
	assert.Len(t, second, 2, "current and previous")
	assert.Contains(t, second, first[0])

	_, err := e.session(res.Location)
	assert.NoError(t, err)

	_, err = e.svc.RotateKey(ctx)
	require.NoError(t, err)
	third := keys()
	assert.Len(t, third, 2)
	assert.NotContains(t, third, first[0], "keys older than the previous one are withdrawn")
}

func TestLaunchPlatformKeysUnreachable(t *testing.T) {
	e := newEnv(t, "sqlite")
	e.plat.mu.Lock()
	e.plat.jwksDown = true
	e.plat.mu.Unlock()
	res := e.launch("lms-student-1", nil)
	assert.Equal(t, http.StatusBadGateway, res.Status)
	assert.Empty(t, res.Location)
	assert.Contains(t, res.Body, "launch.platform-keys")
	assert.Contains(t, e.logSince(), `"level":"ERROR"`)
	assert.Zero(t, e.clio.userCount())

	e.plat.mu.Lock()
	e.plat.jwksDown = false
	e.plat.mu.Unlock()
	res = e.launch("lms-student-1", nil)
	assert.Equal(t, http.StatusSeeOther, res.Status, "works again once the platform is back")
}

func TestLaunchHugeBodyRefused(t *testing.T) {
	e := newEnv(t, "sqlite")
	res := e.post(e.browser, e.tool.URL+"/lti/launch", url.Values{"state": {"s"}, "id_token": {strings.Repeat("a", 1<<20)}})
	assertRefused(t, e, res, "launch.bad-request")
}
