package api

import (
	"crypto/rand"
	"encoding/base64"
	"errors"
	"net/http"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/gin-gonic/gin"

	"github.com/clio-history/clio/api/problem"
	"github.com/clio-history/clio/api/store"
)

// OrgJSON is an organisation as the API shows it.
type OrgJSON struct {
	ID       string    `json:"id"`
	Name     string    `json:"name"`
	Operator bool      `json:"operator"`
	Created  time.Time `json:"created"`
}

func orgJSON(o store.Org) OrgJSON {
	return OrgJSON{ID: o.ID, Name: o.Name, Operator: o.Operator, Created: o.Created}
}

// UserJSON is a user as the API shows it.
type UserJSON struct {
	ID             string    `json:"id"`
	OrganisationID string    `json:"organisation_id"`
	Name           string    `json:"name"`
	Email          string    `json:"email,omitempty"`
	Role           string    `json:"role"`
	Created        time.Time `json:"created"`
}

func userJSON(u store.User) UserJSON {
	return UserJSON{ID: u.ID, OrganisationID: u.OrgID, Name: u.Name, Email: u.Email, Role: string(u.Role), Created: u.Created}
}

// KeyJSON describes a key; the secret appears only once, when it is made.
type KeyJSON struct {
	ID      string     `json:"id"`
	UserID  string     `json:"user_id"`
	Name    string     `json:"name,omitempty"`
	Prefix  string     `json:"prefix"`
	Created time.Time  `json:"created"`
	Revoked *time.Time `json:"revoked,omitempty"`
	Secret  string     `json:"key,omitempty"`
}

func keyJSON(k store.Key) KeyJSON {
	return KeyJSON{ID: k.ID, UserID: k.UserID, Name: k.Name, Prefix: k.Prefix, Created: k.Created, Revoked: k.Revoked}
}

// NewKey makes a key for user: the secret to hand over once, and the record
// to store (which holds only the secret's hash).
func NewKey(orgID, userID, name string) (secret string, k store.Key) {
	var b [32]byte
	_, _ = rand.Read(b[:])
	secret = KeyPrefix + base64.RawURLEncoding.EncodeToString(b[:])
	return secret, KeyFor(secret, orgID, userID, name)
}

// KeyFor is the stored record of a given secret.
func KeyFor(secret, orgID, userID, name string) store.Key {
	prefix := secret
	if len(prefix) > 12 {
		prefix = prefix[:12]
	}
	return store.Key{ID: store.NewID("key"), OrgID: orgID, UserID: userID, Name: name, Prefix: prefix,
		Hash: HashKey(secret), Created: store.Now()}
}

// checkName validates a one-line name field.
func checkName(field, v string, required bool) (string, error) {
	v = strings.TrimSpace(v)
	switch {
	case v == "" && required:
		return "", problem.OnField(problem.Invalid, field, "%s is required.", field)
	case len(v) > maxNameBytes:
		return "", problem.OnField(problem.Invalid, field, "%s is over %d bytes.", field, maxNameBytes)
	case strings.ContainsFunc(v, func(r rune) bool { return r < 0x20 || r == 0x7f || r == utf8.RuneError }):
		return "", problem.OnField(problem.Invalid, field, "%s must be one line of text without control characters.", field)
	}
	return v, nil
}

func (s *Server) getMe(c *gin.Context) {
	p := caller(c)
	o, err := s.store.GetOrg(c.Request.Context(), p.User.OrgID)
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, gin.H{"user": userJSON(p.User), "organisation": orgJSON(o), "key": keyJSON(p.Key)})
}

func (s *Server) getOrganisation(c *gin.Context) {
	o, err := s.store.GetOrg(c.Request.Context(), caller(c).User.OrgID)
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, orgJSON(o))
}

type orgRequest struct {
	Name       string `json:"name"`
	AdminName  string `json:"admin_name"`
	AdminEmail string `json:"admin_email"`
}

// postOrganisation creates an organisation with its first admin and that
// admin's key. Only admins of the operator organisation may.
func (s *Server) postOrganisation(c *gin.Context) {
	ctx := c.Request.Context()
	var req orgRequest
	if err := s.decode(c, &req); err != nil {
		s.fail(c, err)
		return
	}
	me, err := s.store.GetOrg(ctx, caller(c).User.OrgID)
	if err != nil {
		s.fail(c, err)
		return
	}
	if !me.Operator {
		s.fail(c, problem.New(problem.Forbidden, "Only admins of the operator organisation can create organisations."))
		return
	}
	name, err := checkName("name", req.Name, true)
	if err != nil {
		s.fail(c, err)
		return
	}
	adminName, err := checkName("admin_name", req.AdminName, false)
	if err != nil {
		s.fail(c, err)
		return
	}
	if adminName == "" {
		adminName = "Administrator"
	}
	email, err := checkName("admin_email", req.AdminEmail, false)
	if err != nil {
		s.fail(c, err)
		return
	}
	o := store.Org{ID: store.NewID("org"), Name: name, Created: store.Now()}
	u := store.User{ID: store.NewID("usr"), OrgID: o.ID, Name: adminName, Email: email, Role: store.RoleAdmin, Created: store.Now()}
	secret, k := NewKey(o.ID, u.ID, "first admin key")
	if err := s.store.CreateOrgWithAdmin(ctx, o, u, k); err != nil {
		s.fail(c, err)
		return
	}
	kj := keyJSON(k)
	kj.Secret = secret
	c.JSON(http.StatusCreated, gin.H{"organisation": orgJSON(o), "admin": userJSON(u), "key": kj})
}

type userRequest struct {
	Name  string `json:"name"`
	Email string `json:"email"`
	Role  string `json:"role"`
}

func (s *Server) postUser(c *gin.Context) {
	var req userRequest
	if err := s.decode(c, &req); err != nil {
		s.fail(c, err)
		return
	}
	name, err := checkName("name", req.Name, true)
	if err != nil {
		s.fail(c, err)
		return
	}
	email, err := checkName("email", req.Email, false)
	if err != nil {
		s.fail(c, err)
		return
	}
	role := store.Role(req.Role)
	if !role.Valid() {
		s.fail(c, problem.OnField(problem.Invalid, "role", "role must be admin, tutor, student or integration, not %q.", req.Role))
		return
	}
	u := store.User{ID: store.NewID("usr"), OrgID: caller(c).User.OrgID, Name: name, Email: email, Role: role, Created: store.Now()}
	if err := s.store.CreateUser(c.Request.Context(), u); err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusCreated, userJSON(u))
}

func (s *Server) listUsers(c *gin.Context) {
	role := store.Role(c.Query("role"))
	if role != "" && !role.Valid() {
		s.fail(c, problem.OnField(problem.Invalid, "role", "role must be admin, tutor, student or integration, not %q.", role))
		return
	}
	us, err := s.store.ListUsers(c.Request.Context(), caller(c).User.OrgID, role)
	if err != nil {
		s.fail(c, err)
		return
	}
	out := make([]UserJSON, len(us))
	for i, u := range us {
		out[i] = userJSON(u)
	}
	c.JSON(http.StatusOK, gin.H{"users": out})
}

// getUser shows a user of the caller's organisation; a student may see only
// themself.
func (s *Server) getUser(c *gin.Context) {
	p := caller(c)
	id := c.Param("id")
	if p.is(student) && id != p.User.ID {
		s.fail(c, problem.New(problem.NotFound, "There is no user %s in your organisation.", id))
		return
	}
	u, err := s.store.GetUser(c.Request.Context(), p.User.OrgID, id)
	if errors.Is(err, store.ErrNotFound) {
		err = problem.New(problem.NotFound, "There is no user %s in your organisation.", id)
	}
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, userJSON(u))
}

type keyRequest struct {
	Name string `json:"name"`
}

func (s *Server) postKey(c *gin.Context) {
	var req keyRequest
	if err := s.decode(c, &req); err != nil {
		s.fail(c, err)
		return
	}
	name, err := checkName("name", req.Name, false)
	if err != nil {
		s.fail(c, err)
		return
	}
	secret, k := NewKey(caller(c).User.OrgID, c.Param("id"), name)
	if err := s.store.CreateKey(c.Request.Context(), k); err != nil {
		if errors.Is(err, store.ErrNotFound) {
			err = problem.New(problem.NotFound, "There is no user %s in your organisation.", c.Param("id"))
		}
		s.fail(c, err)
		return
	}
	kj := keyJSON(k)
	kj.Secret = secret
	c.JSON(http.StatusCreated, kj)
}

func (s *Server) listKeys(c *gin.Context) {
	ks, err := s.store.ListKeys(c.Request.Context(), caller(c).User.OrgID)
	if err != nil {
		s.fail(c, err)
		return
	}
	out := make([]KeyJSON, len(ks))
	for i, k := range ks {
		out[i] = keyJSON(k)
	}
	c.JSON(http.StatusOK, gin.H{"keys": out})
}

func (s *Server) deleteKey(c *gin.Context) {
	err := s.store.RevokeKey(c.Request.Context(), caller(c).User.OrgID, c.Param("id"), store.Now())
	if errors.Is(err, store.ErrNotFound) {
		err = problem.New(problem.NotFound, "There is no key %s in your organisation.", c.Param("id"))
	}
	if err != nil {
		s.fail(c, err)
		return
	}
	c.Status(http.StatusNoContent)
}
