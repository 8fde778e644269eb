package clioadapter_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/clio-history/clio/api/lti"
	"github.com/clio-history/clio/api/lti/clioadapter"
	"github.com/clio-history/clio/api/store"
	"github.com/clio-history/clio/api/store/sqlite"
)

func TestAdapter(t *testing.T) {
	ctx := context.Background()
	st, err := sqlite.Open(ctx, t.TempDir())
	require.NoError(t, err)
	t.Cleanup(func() { st.Close() })
	require.NoError(t, st.CreateOrg(ctx, store.Org{ID: "org_a", Name: "Sixth Form", Created: store.Now()}))
	require.NoError(t, st.CreateOrg(ctx, store.Org{ID: "org_b", Name: "Other", Created: store.Now()}))
	a := &clioadapter.Adapter{Store: st, DefaultRubric: "aqa-a-level-essay-25",
		MaxMark: func(_ context.Context, _, rubric string) (int, error) {
			if rubric == "aqa-a-level-essay-25" {
				return 25, nil
			}
			return 0, store.ErrNotFound
		}}

	t.Run("Users", func(t *testing.T) {
		id, err := a.FindOrCreateUser(ctx, lti.LMSUser{OrgID: "org_a", Subject: "s1", Name: "Ada", Email: "ada@example.org", Role: lti.RoleTutor})
		require.NoError(t, err)
		u, err := st.GetUser(ctx, "org_a", id)
		require.NoError(t, err)
		assert.Equal(t, store.RoleTutor, u.Role)
		assert.Equal(t, "Ada", u.Name)

		again, err := a.FindOrCreateUser(ctx, lti.LMSUser{OrgID: "org_a", Subject: "s1", Role: lti.RoleTutor, LinkedID: id})
		require.NoError(t, err)
		assert.Equal(t, id, again, "a linked user is reused")

		anon, err := a.FindOrCreateUser(ctx, lti.LMSUser{OrgID: "org_a", Subject: "s2", Role: lti.RoleStudent})
		require.NoError(t, err)
		u, err = st.GetUser(ctx, "org_a", anon)
		require.NoError(t, err)
		assert.Equal(t, store.RoleStudent, u.Role)
		assert.Equal(t, "LMS user s2", u.Name)

		other, err := a.FindOrCreateUser(ctx, lti.LMSUser{OrgID: "org_b", Subject: "s1", LinkedID: id})
		require.NoError(t, err)
		assert.NotEqual(t, id, other, "a link never crosses organisations")
	})

	t.Run("Assignments", func(t *testing.T) {
		x, err := a.FindOrCreateAssignment(ctx, lti.LMSActivity{OrgID: "org_a", Title: "Causes of the First World War", ContextTitle: "A-level History"})
		require.NoError(t, err)
		assert.Equal(t, 25, x.MaxMark)
		got, err := st.GetAssignment(ctx, "org_a", x.ID)
		require.NoError(t, err)
		assert.Equal(t, "A-level History", got.Class)
		assert.Equal(t, "aqa-a-level-essay-25", got.Rubric)

		list, err := a.ListAssignments(ctx, "org_a")
		require.NoError(t, err)
		require.Len(t, list, 1)
		assert.Equal(t, lti.Assignment{ID: x.ID, Title: "Causes of the First World War", MaxMark: 25}, list[0])
		list, err = a.ListAssignments(ctx, "org_b")
		require.NoError(t, err)
		assert.Empty(t, list)
	})
}
