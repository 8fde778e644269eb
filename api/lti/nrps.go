package lti

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/clio-history/clio/api/problem"
)

// Names and Role Provisioning Services 2.0: a launch from a course names
// the course's memberships URL; an admin asks Clio to read the roster from
// it and make (or find) a Clio student for each learner, so that a tutor
// can see the class before anyone has launched.
const (
	claimNRPS        = "https://purl.imsglobal.org/spec/lti-nrps/claim/namesroleservice"
	ScopeMemberships = "https://purl.imsglobal.org/spec/lti-nrps/scope/contextmembership.readonly"
	mediaMemberships = "application/vnd.ims.lti-nrps.v2.membershipcontainer+json"

	// LinkMemberships maps a course (context id) to its memberships URL.
	LinkMemberships = "memberships"

	// maxRosterPages caps how many pages of one roster Clio follows, so a
	// platform whose next link loops cannot keep it busy for ever.
	maxRosterPages = 200
)

type nrpsClaim struct {
	MembershipsURL  string   `json:"context_memberships_url"`
	ServiceVersions []string `json:"service_versions,omitempty"`
}

// member is one entry of an NRPS membership container.
type member struct {
	UserID     string   `json:"user_id"`
	Status     string   `json:"status,omitempty"`
	Name       string   `json:"name,omitempty"`
	GivenName  string   `json:"given_name,omitempty"`
	FamilyName string   `json:"family_name,omitempty"`
	Email      string   `json:"email,omitempty"`
	Roles      []string `json:"roles"`
}

type membershipContainer struct {
	ID string `json:"id"`
	// Members is nil when the answer has no members array: not an NRPS 2.0
	// container (LTI 1.x's LIS v2 container, for one), which must not read
	// as an empty course.
	Members *[]member `json:"members"`
}

// RosterResult is what reading a course's roster did.
type RosterResult struct {
	ContextID string `json:"context_id"`
	// Members is how many members the platform listed.
	Members int `json:"members"`
	// Created and Matched count the learners given a new Clio student and
	// those already linked to one (by an earlier launch or roster read).
	Created int `json:"created"`
	Matched int `json:"matched"`
	// Skipped counts teaching staff (who become tutors on their first
	// launch) and members the platform marks inactive or deleted.
	Skipped int `json:"skipped"`
}

// rememberMemberships records a launch's memberships URL for its course.
func (s *Service) rememberMemberships(ctx context.Context, p Platform, t *idToken) {
	if t.NRPS == nil || t.NRPS.MembershipsURL == "" || t.contextID() == "" {
		return
	}
	if err := s.store.Link(ctx, p.ID, LinkMemberships, t.contextID(), t.NRPS.MembershipsURL); err != nil {
		s.log.Warn("lti: remembering the roster URL", "platform", p.ID, "context", t.contextID(), "error", err)
	}
}

// SyncRoster reads the roster of a course on platform platformID and finds
// or creates a Clio student for each active learner.
func (s *Service) SyncRoster(ctx context.Context, orgID, platformID, contextID string) (RosterResult, error) {
	res := RosterResult{ContextID: contextID}
	p, err := s.store.GetPlatform(ctx, platformID)
	if err == nil && p.OrgID != orgID {
		err = ErrNotFound
	}
	if err != nil {
		return res, storeProblem(err, "platform")
	}
	next, err := s.store.LinkedID(ctx, p.ID, LinkMemberships, contextID)
	if errors.Is(err, ErrNotFound) {
		return res, &problem.Error{Kind: problem.NotFound, Field: "context_id",
			Detail: "No launch from this course has told Clio where its roster is; open Clio from the course once, then try again.", Err: err}
	}
	if err != nil {
		return res, err
	}
	token, key, err := s.accessToken(ctx, p, []string{ScopeMemberships})
	if err != nil {
		return res, s.platformProblem(err)
	}
	seen := map[string]bool{}
	for page := 0; next != "" && page < maxRosterPages; page++ {
		if seen[next] {
			break
		}
		seen[next] = true
		var c membershipContainer
		link, err := s.getJSON(ctx, next, token, mediaMemberships, "reading the roster", &c)
		var he *httpError
		if errors.As(err, &he) && he.Code == http.StatusUnauthorized {
			s.tokens.drop(key)
		}
		if err != nil {
			return res, s.platformProblem(err)
		}
		if c.Members == nil {
			return res, s.platformProblem(errors.New("reading the roster: the answer is not an NRPS 2.0 membership container (it has no members array)"))
		}
		for _, m := range *c.Members {
			res.Members++
			if err := s.rosterMember(ctx, p, m, &res); err != nil {
				return res, err
			}
		}
		next = nextLink(link, next)
	}
	s.log.Info("lti: roster read", "platform", p.ID, "context", contextID, "members", res.Members, "created", res.Created, "matched", res.Matched)
	return res, nil
}

func (s *Service) rosterMember(ctx context.Context, p Platform, m member, res *RosterResult) error {
	status := strings.ToLower(m.Status)
	if m.UserID == "" || (status != "" && status != "active") || roleFromLTI(m.Roles) != RoleStudent {
		res.Skipped++
		return nil
	}
	linked, err := s.store.LinkedID(ctx, p.ID, LinkUser, m.UserID)
	if err != nil && !errors.Is(err, ErrNotFound) {
		return err
	}
	name := m.Name
	if name == "" {
		name = strings.TrimSpace(m.GivenName + " " + m.FamilyName)
	}
	id, err := s.clio.FindOrCreateUser(ctx, LMSUser{OrgID: p.OrgID, PlatformID: p.ID, Subject: m.UserID,
		Name: name, Email: m.Email, Role: RoleStudent, LinkedID: linked})
	if err != nil {
		return fmt.Errorf("lti: roster member: %w", err)
	}
	if id == linked {
		res.Matched++
		return nil
	}
	res.Created++
	return s.store.Link(ctx, p.ID, LinkUser, m.UserID, id)
}

// getJSON GETs a platform service URL with a bearer token and returns the
// answer's Link header.
func (s *Service) getJSON(ctx context.Context, target, token, accept, op string, out any) (string, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, target, nil)
	if err != nil {
		return "", fmt.Errorf("%s: %w", op, err)
	}
	req.Header.Set("Authorization", "Bearer "+token)
	req.Header.Set("Accept", accept)
	var link string
	err = s.doWith(req, op, out, func(h http.Header) { link = strings.Join(h.Values("Link"), ",") })
	return link, err
}

// nextLink is the rel="next" URL of a Link header (RFC 8288), resolved
// against the page it came with, or "". A target may hold commas (in its
// query), so links are split at their angle brackets, not at commas.
func nextLink(header, base string) string {
	rest := header
	for {
		i := strings.IndexByte(rest, '<')
		if i < 0 {
			return ""
		}
		j := strings.IndexByte(rest[i:], '>')
		if j < 0 {
			return ""
		}
		target := rest[i+1 : i+j]
		rest = rest[i+j+1:]
		params := rest
		if k := strings.IndexByte(rest, '<'); k >= 0 {
			params = rest[:k]
		}
		for _, p := range strings.Split(params, ";") {
			k, v, _ := strings.Cut(strings.TrimSpace(p), "=")
			if strings.EqualFold(strings.TrimSpace(k), "rel") && hasToken(strings.Trim(v, `" ,`), "next") {
				u, err := url.Parse(target)
				b, berr := url.Parse(base)
				if err != nil || berr != nil {
					return ""
				}
				return b.ResolveReference(u).String()
			}
		}
	}
}

func hasToken(list, want string) bool {
	for _, f := range strings.Fields(list) {
		if strings.EqualFold(f, want) {
			return true
		}
	}
	return false
}

// platformProblem says that the LMS, not Clio or the admin, failed.
func (s *Service) platformProblem(err error) error {
	var pe *problem.Error
	if errors.As(err, &pe) {
		return err
	}
	return &problem.Error{Kind: problem.Unavailable, Detail: "The LMS did not answer as expected: " + err.Error(), Err: err}
}

// rosterInput is the body of POST /platforms/:id/roster.
type rosterInput struct {
	ContextID string `json:"context_id"`
}

func (s *Service) syncRoster(c *gin.Context) {
	var in rosterInput
	if err := s.decode(c, &in); err != nil {
		s.adminFail(c, err)
		return
	}
	if strings.TrimSpace(in.ContextID) == "" || len(in.ContextID) > 255 {
		s.adminFail(c, problem.OnField(problem.Invalid, "context_id", "context_id (the LMS's course id, 1 to 255 characters) is required."))
		return
	}
	res, err := s.SyncRoster(c.Request.Context(), s.cfg.OrgOf(c), c.Param("id"), in.ContextID)
	if err != nil {
		s.adminFail(c, err)
		return
	}
	c.JSON(http.StatusOK, res)
}
