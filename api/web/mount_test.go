package web

import (
	"context"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/gin-gonic/gin"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/clio-history/clio/api"
)

// The pages mount on the API's own router beside /v1 without a clash.
func TestMountsBesideTheAPI(t *testing.T) {
	e := newEnv(t)
	m, err := sharedMarker()
	require.NoError(t, err)
	srv, err := api.New(api.Config{Store: e.store, Marker: m})
	require.NoError(t, err)
	engine, ok := srv.Handler().(*gin.Engine)
	require.True(t, ok, "the API's handler is a Gin engine")
	h, err := New(Deps{Store: e.store, Marker: srv.Marker()})
	require.NoError(t, err)
	require.NotPanics(t, func() { h.Register(engine) })
	for _, tc := range []struct {
		path string
		want int
	}{
		{"/healthz", http.StatusOK},
		{"/practice", http.StatusOK},
		{"/login", http.StatusOK},
		{"/static/clio.css", http.StatusOK},
		{"/v1/me", http.StatusUnauthorized},
		{"/", http.StatusSeeOther},
		{"/favicon.ico", http.StatusMovedPermanently},
		{"/static/favicon.svg", http.StatusOK},
	} {
		rec := httptest.NewRecorder()
		engine.ServeHTTP(rec, httptest.NewRequestWithContext(context.Background(), http.MethodGet, tc.path, nil))
		assert.Equal(t, tc.want, rec.Code, tc.path)
	}
}

func TestAddressesNamesThePages(t *testing.T) {
	for _, tc := range []struct{ base, want string }{
		{"http://localhost:8080", "Web pages: http://localhost:8080/practice (practise an essay, no account) and http://localhost:8080/login (students and tutors sign in)"},
		{"https://clio.school.example/", "Web pages: https://clio.school.example/practice (practise an essay, no account) and https://clio.school.example/login (students and tutors sign in)"},
	} {
		t.Run(tc.base, func(t *testing.T) { assert.Equal(t, tc.want, Addresses(tc.base)) })
	}
}

// TestFavicon: every page names the icon, and the icon is an SVG image.
func TestFavicon(t *testing.T) {
	e := newEnv(t)
	c := e.client()
	_, body := c.get("/login")
	assert.Contains(t, body, `<link rel="icon" href="/static/favicon.svg" type="image/svg+xml">`)
	resp, err := c.c.Get(e.srv.URL + "/favicon.ico")
	require.NoError(t, err)
	resp.Body.Close()
	assert.Equal(t, http.StatusMovedPermanently, resp.StatusCode)
	assert.Equal(t, "/static/favicon.svg", resp.Header.Get("Location"))
	resp, err = c.c.Get(e.srv.URL + "/static/favicon.svg")
	require.NoError(t, err)
	defer resp.Body.Close()
	assert.Equal(t, http.StatusOK, resp.StatusCode)
	assert.Equal(t, "image/svg+xml", resp.Header.Get("Content-Type"))
}
