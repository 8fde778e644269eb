package lti_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/lestrrat-go/jwx/v3/jwk"
	"github.com/lestrrat-go/jwx/v3/jws"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func deepLinkingRequest(returnURL string) func(map[string]any) {
	return func(c map[string]any) {
		asInstructor(c)
		c["https://purl.imsglobal.org/spec/lti/claim/message_type"] = "LtiDeepLinkingRequest"
		delete(c, "https://purl.imsglobal.org/spec/lti/claim/resource_link")
		c["https://purl.imsglobal.org/spec/lti-dl/claim/deep_linking_settings"] = map[string]any{
			"deep_link_return_url":                 returnURL,
			"accept_types":                         []string{"ltiResourceLink"},
			"accept_presentation_document_targets": []string{"iframe", "window"},
			"accept_multiple":                      false,
			"data":                                 "opaque-platform-data",
			"title":                                "Essay on the Cold War",
		}
	}
}

type dlResponse struct {
	Iss          string `json:"iss"`
	Aud          string `json:"aud"`
	Nonce        string `json:"nonce"`
	MessageType  string `json:"https://purl.imsglobal.org/spec/lti/claim/message_type"`
	Version      string `json:"https://purl.imsglobal.org/spec/lti/claim/version"`
	DeploymentID string `json:"https://purl.imsglobal.org/spec/lti/claim/deployment_id"`
	Data         string `json:"https://purl.imsglobal.org/spec/lti-dl/claim/data"`
	Items        []struct {
		Type     string            `json:"type"`
		Title    string            `json:"title"`
		URL      string            `json:"url"`
		Custom   map[string]string `json:"custom"`
		LineItem *struct {
			ScoreMaximum float64 `json:"scoreMaximum"`
			Label        string  `json:"label"`
		} `json:"lineItem"`
	} `json:"https://purl.imsglobal.org/spec/lti-dl/claim/content_items"`
}

// verifyFromTool checks a JWT against the tool's published keys, as the
// platform does with a deep-linking response.
func (e *env) verifyFromTool(token string) dlResponse {
	set, err := jwk.Fetch(context.Background(), e.tool.URL+"/lti/jwks", jwk.WithHTTPClient(e.tool.Client()))
	require.NoError(e.t, err)
	payload, err := jws.Verify([]byte(token), jws.WithKeySet(set, jws.WithRequireKid(true)))
	require.NoError(e.t, err)
	var r dlResponse
	require.NoError(e.t, json.Unmarshal(payload, &r))
	return r
}

func TestDeepLinking(t *testing.T) {
	for _, backend := range backends() {
		t.Run(backend, func(t *testing.T) {
			e := newEnv(t, backend)
			returnURL := e.plat.url("/deep-link-return")

			pick := func(t *testing.T, choice url.Values) dlResponse {
				res := e.launch("lms-teacher-1", deepLinkingRequest(returnURL))
				require.Equal(t, http.StatusOK, res.Status, res.Body)
				assert.Contains(t, res.Body, "Why did Stalin win the power struggle?", "existing assignments are offered")
				action, form := formFields(res.Body)
				require.Equal(t, e.tool.URL+"/lti/deep-link", action)
				require.NotEmpty(t, form.Get("session"))
				choice.Set("session", form.Get("session"))
				out := e.post(e.browser, action, choice)
				require.Equal(t, http.StatusOK, out.Status, out.Body)
				back, fields := formFields(out.Body)
				assert.Equal(t, returnURL, back, "the response goes to the platform's return URL")
				require.NotEmpty(t, fields.Get("JWT"))
				return e.verifyFromTool(fields.Get("JWT"))
			}

			t.Run("ExistingAssignment", func(t *testing.T) {
				r := pick(t, url.Values{"assignment": {"asg_existing"}})
				assert.Equal(t, e.plat.clientID, r.Iss)
				assert.Equal(t, e.plat.issuer, r.Aud)
				assert.NotEmpty(t, r.Nonce)
				assert.Equal(t, "LtiDeepLinkingResponse", r.MessageType)
				assert.Equal(t, "1.3.0", r.Version)
				assert.Equal(t, e.plat.deploy, r.DeploymentID)
				assert.Equal(t, "opaque-platform-data", r.Data, "data is echoed")
				require.Len(t, r.Items, 1)
				it := r.Items[0]
				assert.Equal(t, "ltiResourceLink", it.Type)
				assert.Equal(t, "Why did Stalin win the power struggle?", it.Title)
				assert.Equal(t, e.tool.URL+"/lti/launch", it.URL)
				assert.Equal(t, "asg_existing", it.Custom["clio_assignment_id"])
				require.NotNil(t, it.LineItem)
				assert.Equal(t, 25.0, it.LineItem.ScoreMaximum, "the rubric's maximum mark")

				// Launching the new link opens that assignment; none is created.
				created := e.clio.created
				res := e.launch("lms-student-1", func(c map[string]any) {
					c["https://purl.imsglobal.org/spec/lti/claim/resource_link"] = map[string]any{"id": "rl-new"}
					c["https://purl.imsglobal.org/spec/lti/claim/custom"] = map[string]any{"clio_assignment_id": "asg_existing"}
				})
				require.Equal(t, http.StatusSeeOther, res.Status, res.Body)
				s, err := e.session(res.Location)
				require.NoError(t, err)
				assert.Equal(t, "asg_existing", s.AssignmentID)
				assert.Equal(t, created, e.clio.created)
			})

			t.Run("NewAssignment", func(t *testing.T) {
				r := pick(t, url.Values{"title": {"Assess the causes of the Cold War"}})
				require.Len(t, r.Items, 1)
				assert.Equal(t, "Assess the causes of the Cold War", r.Items[0].Title)
				assert.True(t, strings.HasPrefix(r.Items[0].Custom["clio_assignment_id"], "asg_"))
			})

			t.Run("ForeignAssignmentRefused", func(t *testing.T) {
				res := e.launch("lms-teacher-1", deepLinkingRequest(returnURL))
				_, form := formFields(res.Body)
				out := e.post(e.browser, e.tool.URL+"/lti/deep-link", url.Values{"session": {form.Get("session")}, "assignment": {"asg_of_another_org"}})
				assertRefused(t, e, out, "deep-link.unknown-assignment")
			})

			t.Run("ForgedSessionRefused", func(t *testing.T) {
				out := e.post(e.browser, e.tool.URL+"/lti/deep-link", url.Values{"session": {"eyJhbGciOiJub25lIn0.e30."}, "assignment": {"asg_existing"}})
				assertRefused(t, e, out, "deep-link.session")
			})

			t.Run("EmptyTitleRefused", func(t *testing.T) {
				res := e.launch("lms-teacher-1", deepLinkingRequest(returnURL))
				_, form := formFields(res.Body)
				out := e.post(e.browser, e.tool.URL+"/lti/deep-link", url.Values{"session": {form.Get("session")}, "title": {"   "}})
				assertRefused(t, e, out, "deep-link.title")
			})

			t.Run("StudentRefused", func(t *testing.T) {
				res := e.launch("lms-student-1", func(c map[string]any) {
					deepLinkingRequest(returnURL)(c)
					c["https://purl.imsglobal.org/spec/lti/claim/roles"] = []string{roleLearner}
				})
				assertRefused(t, e, res, "deep-link.not-tutor")
			})
		})
	}
}

func TestDeepLinkingRefusesPlacementsWithoutResourceLinks(t *testing.T) {
	e := newEnv(t, "sqlite")
	res := e.launch("lms-teacher-1", func(c map[string]any) {
		deepLinkingRequest(e.plat.url("/return"))(c)
		c["https://purl.imsglobal.org/spec/lti-dl/claim/deep_linking_settings"].(map[string]any)["accept_types"] = []string{"html", "link"}
	})
	assertRefused(t, e, res, "deep-link.type")
}
