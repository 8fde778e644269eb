package lti_test

import (
	"encoding/json"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/clio-history/clio/api/lti"
)

func TestAdminPlatforms(t *testing.T) {
	e := newEnv(t, "sqlite")
	reg := e.plat.registration()
	with := func(k string, v any) map[string]any {
		m := map[string]any{}
		for kk, vv := range reg {
			m[kk] = vv
		}
		m[k] = v
		return m
	}
	tests := []struct {
		name string
		body any
		code int
	}{
		{"Duplicate", reg, http.StatusConflict},
		{"UnknownField", with("jwks", "x"), http.StatusUnprocessableEntity},
		{"NotJSON", "{not json", http.StatusBadRequest},
		{"NoDeployments", with("deployment_ids", []string{}), http.StatusUnprocessableEntity},
		{"BlankDeployment", with("deployment_ids", []string{" "}), http.StatusUnprocessableEntity},
		{"NoClientID", with("client_id", ""), http.StatusUnprocessableEntity},
		{"PlainHTTPElsewhere", with("jwks_url", "http://moodle.example.org/mod/lti/certs.php"), http.StatusUnprocessableEntity},
		{"RelativeURL", with("token_url", "/token"), http.StatusUnprocessableEntity},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			rec := e.adminDo(http.MethodPost, "/v1/lti/platforms", "org_1", tc.body)
			assert.Equal(t, tc.code, rec.Code, rec.Body.String())
			assert.Equal(t, "application/problem+json", rec.Header().Get("Content-Type"))
		})
	}

	t.Run("ListGetUpdateDelete", func(t *testing.T) {
		rec := e.adminDo(http.MethodGet, "/v1/lti/platforms", "org_1", nil)
		require.Equal(t, http.StatusOK, rec.Code)
		var list struct{ Platforms []lti.Platform }
		require.NoError(t, json.Unmarshal(rec.Body.Bytes(), &list))
		require.Len(t, list.Platforms, 1)
		id := list.Platforms[0].ID

		rec = e.adminDo(http.MethodGet, "/v1/lti/platforms", "org_2", nil)
		assert.JSONEq(t, `{"platforms":[]}`, rec.Body.String(), "another organisation sees none")
		assert.Equal(t, http.StatusNotFound, e.adminDo(http.MethodGet, "/v1/lti/platforms/"+id, "org_2", nil).Code)
		assert.Equal(t, http.StatusNotFound, e.adminDo(http.MethodPut, "/v1/lti/platforms/"+id, "org_2", reg).Code)
		assert.Equal(t, http.StatusNotFound, e.adminDo(http.MethodDelete, "/v1/lti/platforms/"+id, "org_2", nil).Code)

		rec = e.adminDo(http.MethodPut, "/v1/lti/platforms/"+id, "org_1", with("deployment_ids", []string{"deploy-1", "deploy-2"}))
		require.Equal(t, http.StatusOK, rec.Code, rec.Body.String())
		var p lti.Platform
		require.NoError(t, json.Unmarshal(rec.Body.Bytes(), &p))
		assert.Equal(t, []string{"deploy-1", "deploy-2"}, p.DeploymentIDs)

		assert.Equal(t, http.StatusNoContent, e.adminDo(http.MethodDelete, "/v1/lti/platforms/"+id, "org_1", nil).Code)
		e.markLog()
		resp, err := e.browser.Get(e.tool.URL + "/lti/login?iss=" + e.plat.issuer + "&login_hint=u1&target_link_uri=x")
		require.NoError(t, err)
		defer resp.Body.Close()
		assertRefused(t, e, launchResult{Status: resp.StatusCode, Location: resp.Header.Get("Location"), Body: readAll(t, resp)}, "login.unknown-platform")
	})

	t.Run("Config", func(t *testing.T) {
		rec := e.adminDo(http.MethodGet, "/v1/lti/config", "org_1", nil)
		require.Equal(t, http.StatusOK, rec.Code)
		var c map[string]any
		require.NoError(t, json.Unmarshal(rec.Body.Bytes(), &c))
		assert.Equal(t, e.tool.URL+"/lti/login", c["login_initiation_url"])
		assert.Equal(t, e.tool.URL+"/lti/jwks", c["public_keyset_url"])
		assert.Equal(t, e.tool.URL+"/lti/launch", c["tool_url"])
	})

	t.Run("WebhookURLChecked", func(t *testing.T) {
		rec := e.adminDo(http.MethodPost, "/v1/lti/webhooks", "org_1", map[string]any{"url": "ftp://example.org/x"})
		assert.Equal(t, http.StatusUnprocessableEntity, rec.Code)
	})
}
