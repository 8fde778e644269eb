package web

import (
	"sync"
	"time"
)

// Sign-in attempts are limited: after a number of failed attempts for one
// key within failureWindow, that key is refused until the window has passed.
// A tutor's login allows maxFailures; the address access codes are typed
// from allows maxCodeFailures, because a whole classroom often shares one
// address and a code (60 random bits) cannot be guessed in a few tries.
const (
	maxFailures     = 5
	maxCodeFailures = 50
	failureWindow   = 15 * time.Minute
	maxTracked      = 10000
)

type throttle struct {
	mu       sync.Mutex
	failures map[string][]time.Time
}

func newThrottle() *throttle { return &throttle{failures: map[string][]time.Time{}} }

// recent drops failures older than the window and returns those left.
func (t *throttle) recent(key string, now time.Time) []time.Time {
	fs := t.failures[key]
	i := 0
	for i < len(fs) && now.Sub(fs[i]) >= failureWindow {
		i++
	}
	fs = fs[i:]
	if len(fs) == 0 {
		delete(t.failures, key)
		return nil
	}
	t.failures[key] = fs
	return fs
}

// blocked reports whether key has used up its limit of attempts.
func (t *throttle) blocked(key string, limit int, now time.Time) bool {
	t.mu.Lock()
	defer t.mu.Unlock()
	return len(t.recent(key, now)) >= limit
}

// fail records a failed attempt.
func (t *throttle) fail(key string, now time.Time) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if len(t.failures) >= maxTracked {
		for k := range t.failures {
			t.recent(k, now)
		}
		if len(t.failures) >= maxTracked {
			return // under a flood, forget nothing but track nothing new
		}
	}
	t.failures[key] = append(t.recent(key, now), now)
}

// clear forgets a key's failures after a successful sign-in.
func (t *throttle) clear(key string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	delete(t.failures, key)
}
