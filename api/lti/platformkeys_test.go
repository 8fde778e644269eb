package lti

import (
	"context"
	"crypto/rand"
	"crypto/rsa"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/lestrrat-go/jwx/v3/jwk"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestPlatformKeysCache(t *testing.T) {
	raw, err := rsa.GenerateKey(rand.Reader, 2048)
	require.NoError(t, err)
	key, err := jwk.Import(raw)
	require.NoError(t, err)
	require.NoError(t, key.Set(jwk.KeyIDKey, "k1"))
	pub, err := key.PublicKey()
	require.NoError(t, err)

	var mu sync.Mutex
	fetches, down := 0, false
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		mu.Lock()
		defer mu.Unlock()
		fetches++
		if down {
			http.Error(w, "down", http.StatusServiceUnavailable)
			return
		}
		set := jwk.NewSet()
		_ = set.AddKey(pub)
		_ = json.NewEncoder(w).Encode(set)
	}))
	t.Cleanup(srv.Close)

	now := time.Unix(1_800_000_000, 0)
	pk := &platformKeys{client: srv.Client(), now: func() time.Time { return now }, ttl: time.Hour, minRefetch: 10 * time.Second}
	ctx := context.Background()
	count := func() int { mu.Lock(); defer mu.Unlock(); return fetches }

	_, err = pk.key(ctx, srv.URL, "k1")
	require.NoError(t, err)
	_, err = pk.key(ctx, srv.URL, "k1")
	require.NoError(t, err)
	assert.Equal(t, 1, count(), "cached")

	_, err = pk.key(ctx, srv.URL, "k2")
	assert.ErrorIs(t, err, errUnknownKID)
	assert.Equal(t, 1, count(), "no refetch within minRefetch")
	now = now.Add(11 * time.Second)
	_, err = pk.key(ctx, srv.URL, "k2")
	assert.ErrorIs(t, err, errUnknownKID)
	assert.Equal(t, 2, count(), "an unknown kid refetches once minRefetch has passed")

	mu.Lock()
	down = true
	mu.Unlock()
	now = now.Add(2 * time.Hour)
	_, err = pk.key(ctx, srv.URL, "k1")
	assert.NoError(t, err, "known keys keep working while the platform's endpoint is down")
	assert.Equal(t, 3, count())

	fresh := &platformKeys{client: srv.Client(), now: func() time.Time { return now }, ttl: time.Hour, minRefetch: time.Second}
	_, err = fresh.key(ctx, srv.URL, "k1")
	assert.Error(t, err)
	assert.NotErrorIs(t, err, errUnknownKID, "an outage is not an unknown key")
}
