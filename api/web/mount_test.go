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
	} {
		rec := httptest.NewRecorder()
		engine.ServeHTTP(rec, httptest.NewRequestWithContext(context.Background(), http.MethodGet, tc.path, nil))
		assert.Equal(t, tc.want, rec.Code, tc.path)
	}
}
