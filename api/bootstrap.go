package api

import (
	"context"
	"errors"
	"fmt"

	"github.com/clio-history/clio/api/store"
)

// MinAdminKeyLen is the shortest CLIO_ADMIN_KEY accepted.
const MinAdminKeyLen = 24

// Bootstrap makes sure a fresh store has an operator organisation with an
// admin. On the first start it creates them with a key: the given secret
// when not empty (CLIO_ADMIN_KEY), else a new random one, which is returned
// so the caller can print it once; it is stored only as a hash. Later starts
// change nothing and return "".
func Bootstrap(ctx context.Context, st store.Store, secret string) (created bool, newSecret string, err error) {
	if secret != "" && len(secret) < MinAdminKeyLen {
		return false, "", fmt.Errorf("CLIO_ADMIN_KEY must be at least %d characters", MinAdminKeyLen)
	}
	org := store.Org{ID: store.NewID("org"), Name: "Operator", Created: store.Now()}
	u := store.User{ID: store.NewID("usr"), OrgID: org.ID, Name: "Administrator", Role: store.RoleAdmin, Created: store.Now()}
	var k store.Key
	if secret == "" {
		newSecret, k = NewKey(org.ID, u.ID, "first admin key")
	} else {
		k = KeyFor(secret, org.ID, u.ID, "CLIO_ADMIN_KEY")
	}
	created, err = st.Bootstrap(ctx, org, u, k)
	if err != nil {
		return false, "", err
	}
	if !created {
		return false, "", nil
	}
	if secret != "" {
		return true, "", nil
	}
	return true, newSecret, nil
}

// KnownKey reports whether secret is a valid, unrevoked key.
func KnownKey(ctx context.Context, st store.Store, secret string) (bool, error) {
	_, _, err := st.KeyByHash(ctx, HashKey(secret))
	if errors.Is(err, store.ErrNotFound) {
		return false, nil
	}
	return err == nil, err
}
