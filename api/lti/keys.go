package lti

import (
	"context"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/json"
	"encoding/pem"
	"errors"
	"fmt"
	"io"
	"net/http"
	"sync"
	"time"

	"github.com/lestrrat-go/jwx/v3/jwa"
	"github.com/lestrrat-go/jwx/v3/jwk"
	"github.com/lestrrat-go/jwx/v3/jws"
)

// keyring holds Clio's signing keys, read from the store and cached for a
// minute so that a rotation by another server is seen soon.
type keyring struct {
	store Store
	now   func() time.Time

	mu      sync.Mutex
	loaded  time.Time
	current jwk.Key
	public  jwk.Set
}

const keyringTTL = time.Minute

func newRSAKey(now time.Time) (ToolKey, error) {
	priv, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		return ToolKey{}, fmt.Errorf("lti: generating a key: %w", err)
	}
	der, err := x509.MarshalPKCS8PrivateKey(priv)
	if err != nil {
		return ToolKey{}, fmt.Errorf("lti: encoding a key: %w", err)
	}
	return ToolKey{
		KID:        "clio-" + now.UTC().Format("20060102T150405Z") + "-" + randomToken(4),
		PrivatePEM: pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: der}),
		Created:    now,
	}, nil
}

func parseToolKey(k ToolKey) (jwk.Key, error) {
	block, _ := pem.Decode(k.PrivatePEM)
	if block == nil {
		return nil, fmt.Errorf("lti: tool key %s is not PEM", k.KID)
	}
	raw, err := x509.ParsePKCS8PrivateKey(block.Bytes)
	if err != nil {
		return nil, fmt.Errorf("lti: tool key %s: %w", k.KID, err)
	}
	key, err := jwk.Import(raw)
	if err != nil {
		return nil, fmt.Errorf("lti: tool key %s: %w", k.KID, err)
	}
	for name, v := range map[string]any{jwk.KeyIDKey: k.KID, jwk.AlgorithmKey: jwa.RS256(), jwk.KeyUsageKey: "sig"} {
		if err := key.Set(name, v); err != nil {
			return nil, fmt.Errorf("lti: tool key %s: %w", k.KID, err)
		}
	}
	return key, nil
}

// load reads the keys, creating one when none is current.
func (r *keyring) load(ctx context.Context, force bool) (jwk.Key, jwk.Set, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	now := r.now()
	if !force && r.current != nil && now.Sub(r.loaded) < keyringTTL {
		return r.current, r.public, nil
	}
	for range 2 {
		keys, err := r.store.ToolKeys(ctx)
		if err != nil {
			return nil, nil, err
		}
		current, public, err := publishable(keys)
		if err != nil {
			return nil, nil, err
		}
		if current != nil {
			r.current, r.public, r.loaded = current, public, now
			return current, public, nil
		}
		k, err := newRSAKey(now)
		if err != nil {
			return nil, nil, err
		}
		if err := r.store.AddToolKey(ctx, k); err != nil {
			return nil, nil, err
		}
	}
	return nil, nil, errors.New("lti: no current signing key")
}

// publishable picks the signing key (the newest unretired one) and the
// public set: every unretired key and the most recently retired one. keys
// are newest first.
func publishable(keys []ToolKey) (jwk.Key, jwk.Set, error) {
	var current jwk.Key
	public := jwk.NewSet()
	var previous *ToolKey
	for i, k := range keys {
		if k.Retired != nil {
			if previous == nil || k.Retired.After(*previous.Retired) {
				previous = &keys[i]
			}
			continue
		}
		key, err := parseToolKey(k)
		if err != nil {
			return nil, nil, err
		}
		if current == nil {
			current = key
		}
		if err := addPublic(public, key); err != nil {
			return nil, nil, err
		}
	}
	if previous != nil {
		key, err := parseToolKey(*previous)
		if err != nil {
			return nil, nil, err
		}
		if err := addPublic(public, key); err != nil {
			return nil, nil, err
		}
	}
	return current, public, nil
}

func addPublic(set jwk.Set, key jwk.Key) error {
	pub, err := key.PublicKey()
	if err != nil {
		return fmt.Errorf("lti: public key: %w", err)
	}
	return set.AddKey(pub)
}

// rotateLocked adds a new key and retires the others; it does not touch
// the cache.
func (r *keyring) rotateLocked(ctx context.Context) error {
	now := r.now()
	k, err := newRSAKey(now)
	if err != nil {
		return err
	}
	old, err := r.store.ToolKeys(ctx)
	if err != nil {
		return err
	}
	if err := r.store.AddToolKey(ctx, k); err != nil {
		return err
	}
	for _, o := range old {
		if o.Retired == nil {
			if err := r.store.RetireToolKey(ctx, o.KID, now); err != nil {
				return err
			}
		}
	}
	return nil
}

// Rotate makes a new signing key current. The previous key stays published
// until the next rotation so tokens it signed still verify.
func (r *keyring) Rotate(ctx context.Context) (string, error) {
	if err := r.rotateLocked(ctx); err != nil {
		return "", err
	}
	key, _, err := r.load(ctx, true)
	if err != nil {
		return "", err
	}
	kid, _ := key.KeyID()
	return kid, nil
}

// sign serialises claims as a compact JWS signed with the current key.
func (r *keyring) sign(ctx context.Context, claims any) (string, error) {
	key, _, err := r.load(ctx, false)
	if err != nil {
		return "", err
	}
	payload, err := json.Marshal(claims)
	if err != nil {
		return "", fmt.Errorf("lti: encoding claims: %w", err)
	}
	hdr := jws.NewHeaders()
	if err := hdr.Set(jws.TypeKey, "JWT"); err != nil {
		return "", err
	}
	kid, _ := key.KeyID()
	if err := hdr.Set(jws.KeyIDKey, kid); err != nil {
		return "", err
	}
	out, err := jws.Sign(payload, jws.WithKey(jwa.RS256(), key, jws.WithProtectedHeaders(hdr)))
	if err != nil {
		return "", fmt.Errorf("lti: signing: %w", err)
	}
	return string(out), nil
}

// verifyOwn checks a token this tool signed (launch tokens, deep-linking
// sessions) and returns its payload.
func (r *keyring) verifyOwn(ctx context.Context, token string) ([]byte, error) {
	_, set, err := r.load(ctx, false)
	if err != nil {
		return nil, err
	}
	kid, err := tokenKID(token)
	if err != nil {
		return nil, err
	}
	key, ok := set.LookupKeyID(kid)
	if !ok {
		if _, set, err = r.load(ctx, true); err != nil {
			return nil, err
		}
		if key, ok = set.LookupKeyID(kid); !ok {
			return nil, fmt.Errorf("lti: token signed by an unknown key %q", kid)
		}
	}
	payload, err := jws.Verify([]byte(token), jws.WithKey(jwa.RS256(), key))
	if err != nil {
		return nil, fmt.Errorf("lti: token signature: %w", err)
	}
	return payload, nil
}

// tokenKID returns the kid of a compact JWS, refusing anything that is not
// RS256 with exactly one signature.
func tokenKID(token string) (string, error) {
	msg, err := jws.Parse([]byte(token))
	if err != nil {
		return "", fmt.Errorf("lti: the token is not a signed JWT: %w", err)
	}
	sigs := msg.Signatures()
	if len(sigs) != 1 {
		return "", errors.New("lti: the token must carry exactly one signature")
	}
	h := sigs[0].ProtectedHeaders()
	alg, _ := h.Algorithm()
	if alg != jwa.RS256() {
		return "", fmt.Errorf("lti: the token is signed with %q; only RS256 is accepted", alg.String())
	}
	kid, _ := h.KeyID()
	if kid == "" {
		return "", errors.New("lti: the token has no kid header")
	}
	return kid, nil
}

// platformKeys caches each platform's JWKS, refetching when a token names
// a kid the cache lacks (a key rotation) but no more often than minRefetch.
type platformKeys struct {
	client     *http.Client
	now        func() time.Time
	ttl        time.Duration
	minRefetch time.Duration

	mu      sync.Mutex
	entries map[string]*jwksEntry
}

type jwksEntry struct {
	mu      sync.Mutex
	set     jwk.Set
	fetched time.Time
}

const maxJWKSBytes = 1 << 20

var errUnknownKID = errors.New("unknown key id")

func (p *platformKeys) fetch(ctx context.Context, url string) (jwk.Set, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return nil, fmt.Errorf("lti: platform keys URL %q: %w", url, err)
	}
	req.Header.Set("Accept", "application/json")
	resp, err := p.client.Do(req)
	if err != nil {
		return nil, fmt.Errorf("lti: fetching platform keys: %w", err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, maxJWKSBytes))
	if err != nil {
		return nil, fmt.Errorf("lti: fetching platform keys: %w", err)
	}
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("lti: fetching platform keys: %s answered %d", url, resp.StatusCode)
	}
	set, err := jwk.Parse(body)
	if err != nil {
		return nil, fmt.Errorf("lti: platform keys at %s: %w", url, err)
	}
	return set, nil
}

// key returns the platform's key with the given kid.
func (p *platformKeys) key(ctx context.Context, url, kid string) (jwk.Key, error) {
	p.mu.Lock()
	if p.entries == nil {
		p.entries = map[string]*jwksEntry{}
	}
	e := p.entries[url]
	if e == nil {
		e = &jwksEntry{}
		p.entries[url] = e
	}
	p.mu.Unlock()

	e.mu.Lock()
	defer e.mu.Unlock()
	now := p.now()
	if e.set == nil || now.Sub(e.fetched) > p.ttl {
		set, err := p.fetch(ctx, url)
		switch {
		case err == nil:
			e.set, e.fetched = set, now
		case e.set == nil:
			return nil, err
		default:
			// Keep using the keys we have while the platform's key
			// endpoint is unreachable; try again at the next launch.
		}
	}
	if k, ok := e.set.LookupKeyID(kid); ok {
		return k, nil
	}
	if now.Sub(e.fetched) >= p.minRefetch {
		set, err := p.fetch(ctx, url)
		if err != nil {
			return nil, err
		}
		e.set, e.fetched = set, now
		if k, ok := e.set.LookupKeyID(kid); ok {
			return k, nil
		}
	}
	return nil, fmt.Errorf("lti: the platform's keys at %s have no key %q: %w", url, kid, errUnknownKID)
}
