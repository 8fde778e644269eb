package lti

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"sync"
	"time"
)

// Score is an AGS score post.
type Score struct {
	UserID           string   `json:"userId"`
	ScoreGiven       *float64 `json:"scoreGiven,omitempty"`
	ScoreMaximum     *float64 `json:"scoreMaximum,omitempty"`
	Comment          string   `json:"comment,omitempty"`
	Timestamp        string   `json:"timestamp"`
	ActivityProgress string   `json:"activityProgress"`
	GradingProgress  string   `json:"gradingProgress"`
}

// lineItem is an AGS line item.
type lineItem struct {
	ID             string  `json:"id,omitempty"`
	ScoreMaximum   float64 `json:"scoreMaximum"`
	Label          string  `json:"label"`
	ResourceID     string  `json:"resourceId,omitempty"`
	ResourceLinkID string  `json:"resourceLinkId,omitempty"`
	Tag            string  `json:"tag,omitempty"`
}

// tokenCache keeps access tokens per platform and scope set until shortly
// before they expire.
type tokenCache struct {
	mu sync.Mutex
	m  map[string]cachedToken
}

type cachedToken struct {
	token   string
	expires time.Time
}

func (tc *tokenCache) get(key string, now time.Time) (string, bool) {
	tc.mu.Lock()
	defer tc.mu.Unlock()
	t, ok := tc.m[key]
	if !ok || !now.Before(t.expires) {
		return "", false
	}
	return t.token, true
}

func (tc *tokenCache) put(key, token string, expires time.Time) {
	tc.mu.Lock()
	defer tc.mu.Unlock()
	if tc.m == nil {
		tc.m = map[string]cachedToken{}
	}
	tc.m[key] = cachedToken{token, expires}
}

func (tc *tokenCache) drop(key string) {
	tc.mu.Lock()
	defer tc.mu.Unlock()
	delete(tc.m, key)
}

// httpError is a platform's answer other than success.
type httpError struct {
	Op   string
	Code int
	Body string
}

func (e *httpError) Error() string {
	return fmt.Sprintf("%s: the server answered %d: %s", e.Op, e.Code, e.Body)
}

type assertionClaims struct {
	Issuer   string `json:"iss"`
	Subject  string `json:"sub"`
	Audience string `json:"aud"`
	IssuedAt int64  `json:"iat"`
	Expires  int64  `json:"exp"`
	ID       string `json:"jti"`
}

// accessToken obtains a token with the client-credentials grant and a JWT
// client assertion signed by Clio's key (RFC 7523).
func (s *Service) accessToken(ctx context.Context, p Platform, scopes []string) (string, string, error) {
	scopes = slices.Clone(scopes)
	slices.Sort(scopes)
	key := p.ID + " " + strings.Join(scopes, " ")
	now := s.now()
	if t, ok := s.tokens.get(key, now); ok {
		return t, key, nil
	}
	aud := p.Audience
	if aud == "" {
		aud = p.TokenURL
	}
	assertion, err := s.keys.sign(ctx, assertionClaims{Issuer: p.ClientID, Subject: p.ClientID, Audience: aud,
		IssuedAt: now.Unix(), Expires: now.Add(5 * time.Minute).Unix(), ID: randomToken(16)})
	if err != nil {
		return "", key, err
	}
	form := url.Values{
		"grant_type":            {"client_credentials"},
		"client_assertion_type": {"urn:ietf:params:oauth:client-assertion-type:jwt-bearer"},
		"client_assertion":      {assertion},
		"scope":                 {strings.Join(scopes, " ")},
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, p.TokenURL, strings.NewReader(form.Encode()))
	if err != nil {
		return "", key, fmt.Errorf("token request: %w", err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Accept", "application/json")
	var out struct {
		AccessToken string  `json:"access_token"`
		ExpiresIn   float64 `json:"expires_in"`
	}
	if err := s.do(req, "token request", &out); err != nil {
		return "", key, err
	}
	if out.AccessToken == "" {
		return "", key, errors.New("token request: the platform sent no access_token")
	}
	life := time.Duration(out.ExpiresIn) * time.Second
	if life <= 0 {
		life = time.Hour
	}
	s.tokens.put(key, out.AccessToken, now.Add(life-min(life/2, 30*time.Second)))
	return out.AccessToken, key, nil
}

// do sends req and decodes a JSON answer into out (when out is not nil).
func (s *Service) do(req *http.Request, op string, out any) error {
	return s.doWith(req, op, out, nil)
}

// doWith is do that also hands the answer's headers to header (when not
// nil) before the status is checked.
func (s *Service) doWith(req *http.Request, op string, out any, header func(http.Header)) error {
	resp, err := s.cfg.HTTPClient.Do(req)
	if err != nil {
		return fmt.Errorf("%s: %w", op, err)
	}
	defer resp.Body.Close()
	if header != nil {
		header(resp.Header)
	}
	body, err := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	if err != nil {
		return fmt.Errorf("%s: %w", op, err)
	}
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		snippet := string(body)
		if len(snippet) > 300 {
			snippet = snippet[:300]
		}
		return &httpError{Op: op, Code: resp.StatusCode, Body: snippet}
	}
	if out != nil && len(bytes.TrimSpace(body)) > 0 {
		if err := json.Unmarshal(body, out); err != nil {
			return fmt.Errorf("%s: reading the answer: %w", op, err)
		}
	}
	return nil
}

// serviceURL adds a path segment or query to an AGS URL, keeping the query
// Moodle puts on its line item URLs.
func serviceURL(base, suffix string, query url.Values) (string, error) {
	u, err := url.Parse(base)
	if err != nil {
		return "", fmt.Errorf("AGS URL %q: %w", base, err)
	}
	if suffix != "" {
		u.Path = strings.TrimRight(u.Path, "/") + suffix
		u.RawPath = ""
	}
	if len(query) > 0 {
		q := u.Query()
		for k, v := range query {
			q[k] = v
		}
		u.RawQuery = q.Encode()
	}
	return u.String(), nil
}

// findOrCreateLineItem returns the line item of a resource link: the one
// the launch named, else the first one the platform lists for the link,
// else a new one.
func (s *Service) findOrCreateLineItem(ctx context.Context, p Platform, rl ResourceLink, maxScore float64) (string, error) {
	if rl.LineItemURL != "" {
		return rl.LineItemURL, nil
	}
	if rl.LineItemsURL == "" {
		return "", errors.New("the platform gave no line item and no line items service for this activity")
	}
	canWrite := slices.Contains(rl.Scopes, ScopeLineItem)
	readScope := ScopeLineItemReadOnly
	if canWrite || !slices.Contains(rl.Scopes, ScopeLineItemReadOnly) {
		readScope = ScopeLineItem
	}
	token, _, err := s.accessToken(ctx, p, []string{readScope})
	if err != nil {
		return "", err
	}
	listURL, err := serviceURL(rl.LineItemsURL, "", url.Values{"resource_link_id": {rl.ResourceLinkID}})
	if err != nil {
		return "", err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, listURL, nil)
	if err != nil {
		return "", err
	}
	req.Header.Set("Authorization", "Bearer "+token)
	req.Header.Set("Accept", mediaLineItemContainer)
	var items []lineItem
	if err := s.do(req, "listing line items", &items); err != nil {
		return "", err
	}
	for _, it := range items {
		// A platform may ignore the resource_link_id filter: take only a
		// line item that names this link, or one Clio made for this
		// assignment, never another activity's column.
		if it.ID != "" && (it.ResourceLinkID == rl.ResourceLinkID || (it.ResourceLinkID == "" && it.ResourceID == rl.AssignmentID && rl.AssignmentID != "")) {
			return it.ID, s.store.SetLineItem(ctx, p.ID, rl.ResourceLinkID, it.ID)
		}
	}
	if !canWrite {
		return "", errors.New("the activity has no line item and the platform did not grant the lineitem scope")
	}
	title := rl.Title
	if title == "" {
		title = "Clio"
	}
	body, _ := json.Marshal(lineItem{ScoreMaximum: maxScore, Label: title, ResourceID: rl.AssignmentID,
		ResourceLinkID: rl.ResourceLinkID, Tag: "clio"})
	createURL, err := serviceURL(rl.LineItemsURL, "", nil)
	if err != nil {
		return "", err
	}
	token, _, err = s.accessToken(ctx, p, []string{ScopeLineItem})
	if err != nil {
		return "", err
	}
	req, err = http.NewRequestWithContext(ctx, http.MethodPost, createURL, bytes.NewReader(body))
	if err != nil {
		return "", err
	}
	req.Header.Set("Authorization", "Bearer "+token)
	req.Header.Set("Content-Type", mediaLineItem)
	req.Header.Set("Accept", mediaLineItem)
	var created lineItem
	if err := s.do(req, "creating a line item", &created); err != nil {
		return "", err
	}
	if created.ID == "" {
		return "", errors.New("creating a line item: the platform returned no id")
	}
	return created.ID, s.store.SetLineItem(ctx, p.ID, rl.ResourceLinkID, created.ID)
}

// lineItemGone reports whether the platform's list of line items for the
// activity's course no longer has li. It needs the line items URL and a
// line item scope; without them Clio cannot tell, and says so.
func (s *Service) lineItemGone(ctx context.Context, p Platform, rl ResourceLink, li string) (bool, error) {
	if rl.LineItemsURL == "" {
		return false, errors.New("the platform gave no line items service")
	}
	scope := ScopeLineItemReadOnly
	if slices.Contains(rl.Scopes, ScopeLineItem) {
		scope = ScopeLineItem
	} else if !slices.Contains(rl.Scopes, ScopeLineItemReadOnly) {
		return false, errors.New("the platform granted no line item scope")
	}
	token, _, err := s.accessToken(ctx, p, []string{scope})
	if err != nil {
		return false, err
	}
	next, seen := rl.LineItemsURL, map[string]bool{}
	for page := 0; next != "" && page < maxRosterPages && !seen[next]; page++ {
		seen[next] = true
		var items []lineItem
		link, err := s.getJSON(ctx, next, token, mediaLineItemContainer, "listing line items", &items)
		if err != nil {
			return false, err
		}
		for _, it := range items {
			if it.ID == li {
				return false, nil
			}
		}
		next = nextLink(link, next)
	}
	if next != "" {
		return false, errors.New("listing line items: too many pages to be sure")
	}
	return true, nil
}

// postScore sends one score to a line item.
func (s *Service) postScore(ctx context.Context, p Platform, lineItemURL string, score []byte) error {
	token, key, err := s.accessToken(ctx, p, []string{ScopeScore})
	if err != nil {
		return err
	}
	u, err := serviceURL(lineItemURL, "/scores", nil)
	if err != nil {
		return err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, u, bytes.NewReader(score))
	if err != nil {
		return err
	}
	req.Header.Set("Authorization", "Bearer "+token)
	req.Header.Set("Content-Type", mediaScore)
	err = s.do(req, "posting a score", nil)
	var he *httpError
	if errors.As(err, &he) && he.Code == http.StatusUnauthorized {
		s.tokens.drop(key)
	}
	return err
}
