package lti

import (
	"net/url"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/clio-history/clio/api/store"
)

func TestRoleFromLTI(t *testing.T) {
	tests := []struct {
		name  string
		roles []string
		want  Role
	}{
		{"Learner", []string{"http://purl.imsglobal.org/vocab/lis/v2/membership#Learner"}, RoleStudent},
		{"Instructor", []string{"http://purl.imsglobal.org/vocab/lis/v2/membership#Instructor"}, RoleTutor},
		{"TeachingAssistant", []string{"http://purl.imsglobal.org/vocab/lis/v2/membership/Instructor#TeachingAssistant"}, RoleTutor},
		{"InstitutionInstructorOnly", []string{"http://purl.imsglobal.org/vocab/lis/v2/institution/person#Instructor"}, RoleTutor},
		{"SystemAdministrator", []string{"http://purl.imsglobal.org/vocab/lis/v2/system/person#Administrator"}, RoleTutor},
		{"ShortForm", []string{"Instructor"}, RoleTutor},
		{"LearnerAndInstructor", []string{"http://purl.imsglobal.org/vocab/lis/v2/membership#Learner", "http://purl.imsglobal.org/vocab/lis/v2/membership#Instructor"}, RoleTutor},
		{"Mentor", []string{"http://purl.imsglobal.org/vocab/lis/v2/membership#Mentor"}, RoleStudent},
		{"ForeignVocabulary", []string{"https://evil.example/roles#Instructor"}, RoleStudent},
		{"None", []string{}, RoleStudent},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			assert.Equal(t, tc.want, roleFromLTI(tc.roles))
		})
	}
}

func TestServiceURL(t *testing.T) {
	tests := []struct {
		name, base, suffix string
		query              url.Values
		want               string
	}{
		{"Canvas", "https://canvas.example/api/lti/courses/5/line_items/2", "/scores", nil, "https://canvas.example/api/lti/courses/5/line_items/2/scores"},
		{"MoodleKeepsQuery", "https://moodle.example/mod/lti/services.php/2/lineitems/7/lineitem?type_id=3", "/scores", nil, "https://moodle.example/mod/lti/services.php/2/lineitems/7/lineitem/scores?type_id=3"},
		{"TrailingSlash", "https://lms.example/items/9/", "/scores", nil, "https://lms.example/items/9/scores"},
		{"FilterAdded", "https://moodle.example/mod/lti/services.php/2/lineitems?type_id=3", "", url.Values{"resource_link_id": {"rl 1"}}, "https://moodle.example/mod/lti/services.php/2/lineitems?resource_link_id=rl+1&type_id=3"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := serviceURL(tc.base, tc.suffix, tc.query)
			require.NoError(t, err)
			assert.Equal(t, tc.want, got)
		})
	}
	_, err := serviceURL("http://[::1", "/scores", nil)
	assert.Error(t, err)
}

func TestBackoffGrowsAndIsCapped(t *testing.T) {
	s := &Service{cfg: Config{RetryBase: time.Second, RetryMax: time.Minute}}
	prev := time.Duration(0)
	for n := 1; n <= 5; n++ {
		d := s.backoff(n)
		assert.GreaterOrEqual(t, d, time.Second<<(n-1), "attempt %d", n)
		assert.Greater(t, d, prev)
		prev = d
	}
	for n := 7; n <= 40; n++ {
		d := s.backoff(n)
		assert.GreaterOrEqual(t, d, time.Minute)
		assert.LessOrEqual(t, d, time.Minute+time.Minute/5)
	}
}

func TestUnixTimeRejectsNonsense(t *testing.T) {
	assert.True(t, unixTime(1e300).IsZero())
	assert.Equal(t, int64(1_800_000_000), unixTime(1_800_000_000.5).Unix())
}

func TestReviewComment(t *testing.T) {
	assert.Equal(t, "Level 4, 18 out of 25, reviewed by your tutor in Clio.", reviewComment(ReviewEvent{FinalLevel: 4, FinalMark: 18, MaxMark: 25}))
	long := make([]rune, 3000)
	for i := range long {
		long[i] = 'é'
	}
	c := reviewComment(ReviewEvent{Comment: string(long)})
	assert.Equal(t, maxCommentRunes, len([]rune(c)))
}

func TestEventsOfStoredWork(t *testing.T) {
	now := time.Now().UTC()
	sub := store.Submission{ID: "sub_1", OrgID: "org_a", StudentID: "usr_s", AssignmentID: "asg_1", Draft: 2, Level: 3, Mark: 13, MaxMark: 25, Created: now}
	ev := SubmissionEventOf(sub)
	assert.Equal(t, SubmissionEvent{OrgID: "org_a", SubmissionID: "sub_1", StudentID: "usr_s", AssignmentID: "asg_1", Draft: 2, Level: 3, Mark: 13, MaxMark: 25, Created: now}, ev)
	rv := ReviewEventOf(store.Review{SubmissionID: "sub_1", OrgID: "org_a", ReviewerID: "usr_t", SuggestedMark: 13, FinalLevel: 4, FinalMark: 18, Overridden: true, Comment: "Good", Created: now}, sub)
	assert.Equal(t, ReviewEvent{OrgID: "org_a", SubmissionID: "sub_1", StudentID: "usr_s", AssignmentID: "asg_1", ReviewerID: "usr_t",
		SuggestedMark: 13, FinalLevel: 4, FinalMark: 18, MaxMark: 25, Overridden: true, Comment: "Good", Created: now}, rv)
}

func TestNextLink(t *testing.T) {
	const base = "https://lms.example/course/7/memberships?page=1"
	for _, tc := range []struct{ name, header, want string }{
		{"None", "", ""},
		{"Next", `<https://lms.example/m?page=2>; rel="next"`, "https://lms.example/m?page=2"},
		{"Relative", `</course/7/memberships?page=2>; rel="next"`, "https://lms.example/course/7/memberships?page=2"},
		{"AmongOthers", `<https://lms.example/m?page=1>; rel="first", <https://lms.example/m?page=2>; rel="next", <https://lms.example/m?page=9>; rel="last"`, "https://lms.example/m?page=2"},
		{"CommaInTarget", `<https://lms.example/m?roles=a,b&page=2>; rel="next"`, "https://lms.example/m?roles=a,b&page=2"},
		{"UnquotedAndListed", `<https://lms.example/m?page=2>; rel=next`, "https://lms.example/m?page=2"},
		{"SeveralRels", `<https://lms.example/m?page=2>; rel="prefetch next"`, "https://lms.example/m?page=2"},
		{"OnlyDifferences", `<https://lms.example/m?since=5>; rel="differences"`, ""},
		{"Broken", `<https://lms.example/m?page=2; rel="next"`, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := nextLink(tc.header, base); got != tc.want {
				t.Errorf("nextLink(%q) = %q, want %q", tc.header, got, tc.want)
			}
		})
	}
}
