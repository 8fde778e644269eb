package main

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/clio-history/clio/api/store"
	"github.com/clio-history/clio/api/store/sqlite"
)

func TestTutorAdd(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	st, err := sqlite.Open(ctx, dir)
	require.NoError(t, err)
	require.NoError(t, st.CreateOrg(ctx, store.Org{ID: "org_school", Name: "Riverside Sixth Form", Created: store.Now()}))
	require.NoError(t, st.Close())

	code, out, errOut := clio(t, "correct horse battery\n", "tutor", "add", "--data", dir,
		"--org", "org_school", "--name", "Ms Patel", "--email", "Patel@School.example")
	require.Equal(t, 0, code, errOut)
	assert.Contains(t, out, "patel@school.example")

	st, err = sqlite.Open(ctx, dir)
	require.NoError(t, err)
	defer st.Close()
	cred, err := st.CredentialByLogin(ctx, "patel@school.example")
	require.NoError(t, err)
	assert.Equal(t, "org_school", cred.OrgID)
	assert.NotContains(t, cred.Hash, "correct horse", "only a hash is stored")
	tutor, err := st.GetUser(ctx, "org_school", cred.UserID)
	require.NoError(t, err)
	assert.Equal(t, "Ms Patel", tutor.Name)
	assert.Equal(t, store.RoleTutor, tutor.Role)

	tests := []struct {
		name  string
		stdin string
		args  []string
		code  int
		want  string
	}{
		{"ErrNoSubcommand", "", nil, 2, "clio tutor add"},
		{"ErrMissingEmail", "correct horse battery\n", []string{"add", "--org", "org_school", "--name", "X"}, 2, "--email"},
		{"ErrShortPassword", "short\n", []string{"add", "--org", "org_school", "--name", "X", "--email", "x@s.example"}, 1, "password"},
		{"ErrUnknownOrg", "correct horse battery\n", []string{"add", "--org", "org_nope", "--name", "X", "--email", "y@s.example"}, 1, "org_nope"},
		{"ErrLoginTaken", "correct horse battery\n", []string{"add", "--org", "org_school", "--name", "X", "--email", "patel@school.example"}, 1, "patel@school.example"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			args := append([]string{"tutor"}, tc.args...)
			if len(tc.args) > 0 {
				args = append(args, "--data", dir)
			}
			code, _, errOut := clio(t, tc.stdin, args...)
			assert.Equal(t, tc.code, code)
			assert.Contains(t, errOut, tc.want)
		})
	}
}
