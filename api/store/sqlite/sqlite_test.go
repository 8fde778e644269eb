package sqlite_test

import (
	"context"
	"crypto/sha256"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/clio-history/clio/api/store"
	"github.com/clio-history/clio/api/store/sqlite"
	"github.com/clio-history/clio/api/store/storetest"
)

func TestStore(t *testing.T) {
	storetest.Run(t, func(t *testing.T) store.Store {
		s, err := sqlite.Open(context.Background(), t.TempDir())
		require.NoError(t, err)
		return s
	})
}

func TestReopenKeepsDataAndMigratesOnce(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	s, err := sqlite.Open(ctx, filepath.Join(dir, "nested"))
	require.NoError(t, err)
	o := store.Org{ID: store.NewID("org"), Name: "Kept", Created: store.Now()}
	u := store.User{ID: store.NewID("usr"), OrgID: o.ID, Name: "a", Role: store.RoleAdmin, Created: store.Now()}
	h := sha256.Sum256([]byte("k"))
	created, err := s.Bootstrap(ctx, o, u, store.Key{ID: store.NewID("key"), OrgID: o.ID, UserID: u.ID, Prefix: "p", Hash: h[:], Created: store.Now()})
	require.NoError(t, err)
	require.True(t, created)
	require.NoError(t, s.Close())

	s, err = sqlite.Open(ctx, filepath.Join(dir, "nested"))
	require.NoError(t, err)
	defer s.Close()
	got, err := s.GetOrg(ctx, o.ID)
	require.NoError(t, err)
	assert.Equal(t, "Kept", got.Name)
	assert.NoError(t, s.Ping(ctx))

	fi, err := os.Stat(filepath.Join(dir, "nested", sqlite.FileName))
	require.NoError(t, err)
	assert.Equal(t, os.FileMode(0o600), fi.Mode().Perm(), "essays are readable by the owner only")
}

func TestOpenUnwritable(t *testing.T) {
	_, err := sqlite.Open(context.Background(), "/proc/clio-cannot-be-here")
	assert.Error(t, err)
}
