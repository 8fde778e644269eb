package api

import (
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/clio-history/clio/api/problem"
	"github.com/clio-history/clio/api/store"
)

const (
	ctxRequestID = "clio.request_id"
	ctxPrincipal = "clio.principal"
	ctxProblem   = "clio.problem"
)

// principal is who is calling: the key and its user.
type principal struct {
	Key  store.Key
	User store.User
}

func (p principal) is(roles ...store.Role) bool { return slices.Contains(roles, p.User.Role) }

func caller(c *gin.Context) principal {
	v, _ := c.Get(ctxPrincipal)
	p, _ := v.(principal)
	return p
}

var requestIDPattern = regexp.MustCompile(`^[A-Za-z0-9._:-]{1,64}$`)

func requestID(c *gin.Context) string { return c.GetString(ctxRequestID) }

func newRequestID() string {
	var b [8]byte
	_, _ = rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

// observe assigns the request id (keeping a well-formed X-Request-ID from the
// client), then logs the request and counts it once it is done.
func (s *Server) observe(c *gin.Context) {
	began := time.Now()
	rid := c.GetHeader("X-Request-ID")
	if !requestIDPattern.MatchString(rid) {
		rid = newRequestID()
	}
	c.Set(ctxRequestID, rid)
	c.Header("X-Request-ID", rid)
	if s.draining.Load() {
		// Shutting down: the client should take its next request elsewhere.
		c.Header("Connection", "close")
	}
	c.Next()
	elapsed := time.Since(began)
	route := c.FullPath()
	if route == "" {
		route = "unmatched"
	}
	status := c.Writer.Status()
	s.metrics.request(route, c.Request.Method, status, elapsed)
	attrs := []slog.Attr{
		slog.String("request_id", rid),
		slog.String("method", c.Request.Method),
		slog.String("route", route),
		slog.String("path", c.Request.URL.Path),
		slog.Int("status", status),
		slog.Float64("ms", float64(elapsed.Microseconds())/1000),
		slog.Int("bytes", c.Writer.Size()),
	}
	if p := caller(c); p.Key.ID != "" {
		attrs = append(attrs, slog.String("org", p.User.OrgID), slog.String("key", p.Key.ID), slog.String("role", string(p.User.Role)))
	}
	if k := c.GetString(ctxProblem); k != "" {
		attrs = append(attrs, slog.String("problem", k))
	}
	level := slog.LevelInfo
	if status >= 500 {
		level = slog.LevelError
	}
	s.log.LogAttrs(c.Request.Context(), level, "request", attrs...)
}

// recoverPanic turns a panic in a handler into a logged 500.
func (s *Server) recoverPanic(c *gin.Context) {
	defer func() {
		if r := recover(); r != nil {
			s.fail(c, fmt.Errorf("panic: %v", r))
		}
	}()
	c.Next()
}

// KeyPrefix starts every API key Clio issues.
const KeyPrefix = "clio_"

// HashKey is how a key's secret is stored: its SHA-256.
func HashKey(secret string) []byte {
	h := sha256.Sum256([]byte(secret))
	return h[:]
}

// authenticate resolves "Authorization: Bearer KEY". The key is looked up by
// its SHA-256 hash, so the database never compares secrets; the hash found is
// then checked again in constant time.
func (s *Server) authenticate(c *gin.Context) {
	h := c.GetHeader("Authorization")
	scheme, secret, ok := strings.Cut(h, " ")
	if h == "" {
		s.throttleAnonymous(c)
		if !c.IsAborted() {
			s.fail(c, problem.New(problem.Unauthorized, "Send your API key as 'Authorization: Bearer KEY'."))
		}
		return
	}
	secret = strings.TrimSpace(secret)
	if !ok || !strings.EqualFold(scheme, "Bearer") || secret == "" || len(secret) > 200 {
		s.throttleAnonymous(c)
		if !c.IsAborted() {
			s.fail(c, problem.New(problem.Unauthorized, "The Authorization header must be 'Bearer KEY'."))
		}
		return
	}
	want := HashKey(secret)
	key, user, err := s.store.KeyByHash(c.Request.Context(), want)
	if errors.Is(err, store.ErrNotFound) || (err == nil && subtle.ConstantTimeCompare(key.Hash, want) != 1) {
		s.throttleAnonymous(c)
		if !c.IsAborted() {
			s.fail(c, problem.New(problem.Unauthorized, "This API key is not valid or has been revoked."))
		}
		return
	}
	if err != nil {
		s.fail(c, fmt.Errorf("looking up a key: %w", err))
		return
	}
	c.Set(ctxPrincipal, principal{Key: key, User: user})
	if s.limiter != nil {
		if ok, wait := s.limiter.allow("key:" + key.ID); !ok {
			s.metrics.rateLimited()
			s.fail(c, &problem.Error{Kind: problem.RateLimited, RetryAfter: wait,
				Detail: fmt.Sprintf("This key is limited to %g requests a second; retry after %d s.", s.cfg.Rate, wait)})
			return
		}
	}
	c.Next()
}

// throttleAnonymous rate-limits failed authentication by client address, so
// guessing keys is slow.
func (s *Server) throttleAnonymous(c *gin.Context) {
	if s.limiter == nil {
		return
	}
	host, _, err := net.SplitHostPort(c.Request.RemoteAddr)
	if err != nil {
		host = c.Request.RemoteAddr
	}
	if ok, wait := s.limiter.allow("ip:" + host); !ok {
		s.metrics.rateLimited()
		s.fail(c, &problem.Error{Kind: problem.RateLimited, RetryAfter: wait, Detail: "Too many requests without a valid key."})
	}
}

// allow lets only the given roles through.
func (s *Server) allow(roles ...store.Role) gin.HandlerFunc {
	names := make([]string, len(roles))
	for i, r := range roles {
		names[i] = string(r)
	}
	return func(c *gin.Context) {
		if !caller(c).is(roles...) {
			s.fail(c, problem.New(problem.Forbidden, "This needs the role %s; your key's role is %s.",
				strings.Join(names, " or "), caller(c).User.Role))
			return
		}
		c.Next()
	}
}
