package web

import (
	"context"
	"fmt"
	"sync"
	"time"

	"github.com/clio-history/clio/api/store"
)

// Sign-in attempts are limited per account and per client address, counted
// in the database (store.SignIns): every server behind a load balancer
// shares the counts, and there is no table in memory that a flood of junk
// logins could fill or push a real account's count out of.
//
// A tutor's login allows maxLoginFailures failed passwords in a window, and
// one address maxAddressFailures (a school often signs in from one address).
// Access codes are limited only by address, at maxCodeFailures: a code has
// 60 random bits, so a few guesses get nowhere, and a classroom mistyping
// codes must not lock out its tutors' passwords, so the two forms count
// apart. A blocked key waits until its window, which starts at its first
// attempt, has passed.
const (
	maxLoginFailures   = 5
	maxAddressFailures = 50
	maxCodeFailures    = 50
	signInWindow       = 15 * time.Minute
	// purgeEvery is how often a server deletes the counts of ended windows.
	purgeEvery = time.Minute
)

// limit is one key an attempt counts against, with its allowance.
type limit struct {
	key string
	max int
}

// loginLimit keys a login as typed; one longer than any real login (a form
// may carry a megabyte) is keyed by its hash, so the row stays small.
func loginLimit(login string) limit {
	if len(login) > maxName {
		login = "sha256:" + hashToken(login)
	}
	return limit{"login:" + login, maxLoginFailures}
}
func passwordAddressLimit(addr string) limit {
	return limit{"password-address:" + addr, maxAddressFailures}
}
func codeAddressLimit(addr string) limit { return limit{"code-address:" + addr, maxCodeFailures} }

type throttle struct {
	st  store.SignIns
	now func() time.Time

	mu     sync.Mutex
	purged time.Time
}

func newThrottle(st store.SignIns, now func() time.Time) *throttle {
	return &throttle{st: st, now: now}
}

// begin counts an attempt against every limit, before the password or code
// is checked, so that attempts made at once are each counted (none slips
// through while the others are being checked). It reports whether any
// limit is used up. A key already used up is refused without counting, so
// a flood from a blocked address costs a read each, not a write.
func (t *throttle) begin(ctx context.Context, limits ...limit) (blocked bool, err error) {
	now := t.now()
	for _, l := range limits {
		n, err := t.st.SignIns(ctx, l.key, now, signInWindow)
		if err != nil {
			return false, err
		}
		if n >= l.max {
			return true, nil
		}
	}
	keys := make([]string, len(limits))
	for i, l := range limits {
		keys[i] = l.key
	}
	counts, err := t.st.CountSignIns(ctx, keys, now, signInWindow)
	if err != nil {
		return false, err
	}
	for i, l := range limits {
		if counts[i] > l.max {
			blocked = true
		}
	}
	t.purge(ctx, now)
	return blocked, nil
}

// succeeded forgets the attempts of cleared (a tutor's own login after a
// right password) and takes this one attempt back from refunded (the
// address: a classroom's successful sign-ins must not use up its
// allowance for mistakes).
func (t *throttle) succeeded(ctx context.Context, cleared []limit, refunded []limit) error {
	for _, l := range cleared {
		if err := t.st.ClearSignIns(ctx, l.key); err != nil {
			return fmt.Errorf("clearing sign-in attempts: %w", err)
		}
	}
	for _, l := range refunded {
		if err := t.st.UncountSignIn(ctx, l.key); err != nil {
			return fmt.Errorf("taking back a sign-in attempt: %w", err)
		}
	}
	return nil
}

// purge deletes the counts of ended windows, at most once per purgeEvery
// on this server, so the table holds only the last window's keys.
func (t *throttle) purge(ctx context.Context, now time.Time) {
	t.mu.Lock()
	due := now.Sub(t.purged) >= purgeEvery
	if due {
		t.purged = now
	}
	t.mu.Unlock()
	if due {
		// Best effort: a failed purge is tried again a minute later.
		_ = t.st.PurgeSignIns(ctx, now, signInWindow)
	}
}
