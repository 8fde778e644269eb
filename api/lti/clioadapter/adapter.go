package clioadapter

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/clio-history/clio/api/lti"
	"github.com/clio-history/clio/api/store"
)

// Adapter is lti.Clio over a store.Store.
type Adapter struct {
	Store store.Store
	// DefaultRubric is the rubric of assignments created from the LMS.
	DefaultRubric string
	// MaxMark returns a rubric's maximum mark (built-in or the
	// organisation's custom rubric); it sets the LMS gradebook column's
	// maximum. Nil or an error means no maximum, and deep-linked links then
	// carry no line item.
	MaxMark func(ctx context.Context, orgID, rubricID string) (int, error)
}

var _ lti.Clio = (*Adapter)(nil)

// FindOrCreateUser returns the user an earlier launch linked, or creates
// one: a tutor for teaching roles, otherwise a student. An existing user
// keeps the role they were created with.
func (a *Adapter) FindOrCreateUser(ctx context.Context, u lti.LMSUser) (string, error) {
	if u.LinkedID != "" {
		got, err := a.Store.GetUser(ctx, u.OrgID, u.LinkedID)
		if err == nil {
			return got.ID, nil
		}
		if !errors.Is(err, store.ErrNotFound) {
			return "", fmt.Errorf("clioadapter: reading user: %w", err)
		}
	}
	role := store.RoleStudent
	if u.Role == lti.RoleTutor {
		role = store.RoleTutor
	}
	name := strings.TrimSpace(u.Name)
	if name == "" {
		name = "LMS user " + truncate(u.Subject, 40)
	}
	usr := store.User{ID: store.NewID("usr"), OrgID: u.OrgID, Name: truncate(name, 200),
		Email: truncate(u.Email, 254), Role: role, Created: store.Now()}
	if err := a.Store.CreateUser(ctx, usr); err != nil {
		return "", fmt.Errorf("clioadapter: creating user: %w", err)
	}
	return usr.ID, nil
}

// FindOrCreateAssignment creates an assignment for an LMS activity: the LTI
// side calls it only for activities it has not mapped yet, and for new
// assignments a tutor asks for while deep linking. The class is the
// course's title.
func (a *Adapter) FindOrCreateAssignment(ctx context.Context, act lti.LMSActivity) (lti.Assignment, error) {
	title := truncate(strings.TrimSpace(act.Title), 200)
	if title == "" {
		title = "LMS activity"
	}
	asg := store.Assignment{ID: store.NewID("asg"), OrgID: act.OrgID, Title: title, Question: title,
		Rubric: a.DefaultRubric, Class: truncate(act.ContextTitle, 200), CreatedBy: act.CreatedBy, Created: store.Now()}
	if err := a.Store.CreateAssignment(ctx, asg); err != nil {
		return lti.Assignment{}, fmt.Errorf("clioadapter: creating assignment: %w", err)
	}
	return lti.Assignment{ID: asg.ID, Title: asg.Title, MaxMark: a.maxMark(ctx, asg.OrgID, asg.Rubric)}, nil
}

// ListAssignments lists the organisation's assignments with their
// rubrics' maximum marks.
func (a *Adapter) ListAssignments(ctx context.Context, orgID string) ([]lti.Assignment, error) {
	list, err := a.Store.ListAssignments(ctx, orgID, "")
	if err != nil {
		return nil, fmt.Errorf("clioadapter: listing assignments: %w", err)
	}
	out := make([]lti.Assignment, 0, len(list))
	for _, x := range list {
		out = append(out, lti.Assignment{ID: x.ID, Title: x.Title, MaxMark: a.maxMark(ctx, orgID, x.Rubric)})
	}
	return out, nil
}

func (a *Adapter) maxMark(ctx context.Context, orgID, rubricID string) int {
	if a.MaxMark == nil || rubricID == "" {
		return 0
	}
	m, err := a.MaxMark(ctx, orgID, rubricID)
	if err != nil || m < 0 {
		return 0
	}
	return m
}

func truncate(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n])
}
