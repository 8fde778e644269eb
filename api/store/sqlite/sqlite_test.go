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

// TestFilesArePrivate: the data directory Clio creates and every file of
// the database (with its -wal and -shm) are its owner's alone: they hold
// essays, password hashes, webhook secrets and the LTI signing key.
func TestFilesArePrivate(t *testing.T) {
	ctx := context.Background()
	dir := filepath.Join(t.TempDir(), "clio-data")
	s, err := sqlite.Open(ctx, dir)
	require.NoError(t, err)
	require.NoError(t, s.CreateOrg(ctx, store.Org{ID: "org_1", Name: "Written", Created: store.Now()}))
	fi, err := os.Stat(dir)
	require.NoError(t, err)
	assert.Equal(t, os.FileMode(0o700), fi.Mode().Perm(), "the data directory")
	entries, err := os.ReadDir(dir)
	require.NoError(t, err)
	names := map[string]bool{}
	for _, e := range entries {
		names[e.Name()] = true
		info, err := e.Info()
		require.NoError(t, err)
		assert.Equal(t, os.FileMode(0o600), info.Mode().Perm(), e.Name())
	}
	assert.True(t, names[sqlite.FileName+"-wal"], "the write-ahead log exists while the store is open, and was checked")
	require.NoError(t, s.Close())

	// A database an older version left readable by others is made private.
	old := filepath.Join(t.TempDir(), "old")
	require.NoError(t, os.MkdirAll(old, 0o755))
	s, err = sqlite.Open(ctx, old)
	require.NoError(t, err)
	require.NoError(t, s.Close())
	require.NoError(t, os.Chmod(filepath.Join(old, sqlite.FileName), 0o644))
	s, err = sqlite.Open(ctx, old)
	require.NoError(t, err)
	defer s.Close()
	fi, err = os.Stat(filepath.Join(old, sqlite.FileName))
	require.NoError(t, err)
	assert.Equal(t, os.FileMode(0o600), fi.Mode().Perm())
}

func TestOpenUnwritable(t *testing.T) {
	_, err := sqlite.Open(context.Background(), "/proc/clio-cannot-be-here")
	assert.Error(t, err)
}
