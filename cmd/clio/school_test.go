package main

import (
	"context"
	"crypto/sha256"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/clio-history/clio/api/store"
	"github.com/clio-history/clio/api/store/sqlite"
)

// schoolData makes a data directory with a tutor, a student and two drafts.
func schoolData(t *testing.T) (dir string, tutor, pupil store.User) {
	t.Helper()
	ctx := context.Background()
	dir = t.TempDir()
	st, err := sqlite.Open(ctx, dir)
	require.NoError(t, err)
	defer st.Close()
	org := store.Org{ID: store.NewID("org"), Name: "CLI College", Created: store.Now()}
	tutor = store.User{ID: store.NewID("usr"), OrgID: org.ID, Name: "Tess Tutor", Role: store.RoleTutor, Created: store.Now()}
	pupil = store.User{ID: store.NewID("usr"), OrgID: org.ID, Name: "Pat Pupil", Role: store.RoleStudent, Created: store.Now()}
	h := sha256.Sum256([]byte("k"))
	_, err = st.Bootstrap(ctx, org, tutor, store.Key{ID: store.NewID("key"), OrgID: org.ID, UserID: tutor.ID, Prefix: "p", Hash: h[:], Created: store.Now()})
	require.NoError(t, err)
	require.NoError(t, st.CreateUser(ctx, pupil))
	asg := store.Assignment{ID: store.NewID("asg"), OrgID: org.ID, Title: "Stalin", Question: "Why did Stalin rise?", Rubric: "r", CreatedBy: tutor.ID, Created: store.Now()}
	require.NoError(t, st.CreateAssignment(ctx, asg))
	for _, text := range []string{essay, essay + "\n\nA second draft adds this."} {
		require.NoError(t, st.CreateSubmission(ctx, &store.Submission{ID: store.NewID("sub"), OrgID: org.ID, StudentID: pupil.ID,
			AssignmentID: asg.ID, Text: text, Question: asg.Question, Rubric: "r", Report: []byte(`{"mark":9}`), Created: store.Now()}))
	}
	return dir, tutor, pupil
}

func TestStudentExportAndDelete(t *testing.T) {
	dir, tutor, pupil := schoolData(t)

	code, out, _ := clio(t, "", "student", "export", "--data", dir, "--id", pupil.ID)
	require.Equal(t, 0, code)
	var doc struct {
		User        struct{ ID string }
		Submissions []struct {
			Text   string
			Draft  int
			Report map[string]any
		}
	}
	require.NoError(t, json.Unmarshal([]byte(out), &doc))
	assert.Equal(t, pupil.ID, doc.User.ID)
	require.Len(t, doc.Submissions, 2)
	assert.Equal(t, essay, doc.Submissions[0].Text)
	assert.Equal(t, 2, doc.Submissions[1].Draft)
	assert.EqualValues(t, 9, doc.Submissions[1].Report["mark"])

	outDir := filepath.Join(t.TempDir(), "sar")
	code, _, errOut := clio(t, "", "student", "export", "--data", dir, "--id", pupil.ID, "--out", outDir)
	require.Equal(t, 0, code, errOut)
	text, err := os.ReadFile(filepath.Join(outDir, pupil.ID+"-essays.txt"))
	require.NoError(t, err)
	assert.Contains(t, string(text), "A second draft adds this.")
	assert.Contains(t, string(text), "Question: Why did Stalin rise?")
	fi, err := os.Stat(filepath.Join(outDir, pupil.ID+".json"))
	require.NoError(t, err)
	assert.Equal(t, os.FileMode(0o600), fi.Mode().Perm())

	tests := []struct {
		name string
		args []string
		code int
		err  string
	}{
		{"DeleteNeedsYes", []string{"student", "delete", "--data", dir, "--id", pupil.ID}, 2, "--yes"},
		{"NoID", []string{"student", "export", "--data", dir}, 2, "usage"},
		{"NotAStudent", []string{"student", "export", "--data", dir, "--id", tutor.ID}, 1, "only students"},
		{"Unknown", []string{"student", "delete", "--yes", "--data", dir, "--id", "usr_nobody"}, 1, "no user usr_nobody"},
		{"NoDatabase", []string{"student", "export", "--data", t.TempDir(), "--id", pupil.ID}, 1, "no Clio database"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			code, _, errOut := clio(t, "", tc.args...)
			assert.Equal(t, tc.code, code)
			assert.Contains(t, errOut, tc.err)
		})
	}

	code, out, errOut = clio(t, "", "student", "delete", "--yes", "--data", dir, "--id", pupil.ID)
	require.Equal(t, 0, code, errOut)
	assert.Contains(t, out, "2 submissions")
	code, _, errOut = clio(t, "", "student", "export", "--data", dir, "--id", pupil.ID)
	assert.Equal(t, 1, code)
	assert.Contains(t, errOut, "no user")
}

func TestBackupCommand(t *testing.T) {
	dir, _, pupil := schoolData(t)
	dest := filepath.Join(t.TempDir(), "clio-backup.db")
	code, out, errOut := clio(t, "", "backup", "--data", dir, dest)
	require.Equal(t, 0, code, errOut)
	assert.Contains(t, out, "integrity checked")

	// Restore into a fresh directory and read the student's work back.
	restored := t.TempDir()
	b, err := os.ReadFile(dest)
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(filepath.Join(restored, sqlite.FileName), b, 0o600))
	code, out, errOut = clio(t, "", "student", "export", "--data", restored, "--id", pupil.ID)
	require.Equal(t, 0, code, errOut)
	assert.Contains(t, out, "A second draft adds this.")

	for name, args := range map[string][]string{
		"Exists":     {"backup", "--data", dir, dest},
		"NoFile":     {"backup", "--data", dir},
		"PostgreSQL": {"backup", "--database", "postgres://x@127.0.0.1/db", dest + "2"},
	} {
		t.Run(name, func(t *testing.T) {
			code, _, errOut := clio(t, "", args...)
			assert.NotEqual(t, 0, code)
			assert.NotEmpty(t, errOut)
		})
	}
	_, _, errOut = clio(t, "", "backup", "--database", "postgres://x@127.0.0.1/db", dest+"2")
	assert.Contains(t, errOut, "pg_dump")
}
