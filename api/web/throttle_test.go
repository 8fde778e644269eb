package web

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/crypto/bcrypt"

	"github.com/clio-history/clio/api/store"
	"github.com/clio-history/clio/api/store/sqlite"
)

// postFrom posts a form as a browser at the client address addr (the test
// server's router trusts X-Forwarded-For; clio serve trusts it only from
// the proxies named by --trusted-proxies).
func (c *client) postFrom(addr, path string, form url.Values) (*http.Response, string) {
	c.t.Helper()
	req, err := http.NewRequest(http.MethodPost, c.e.srv.URL+path, strings.NewReader(form.Encode()))
	require.NoError(c.t, err)
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("X-Forwarded-For", addr)
	resp, err := c.c.Do(req)
	require.NoError(c.t, err)
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	require.NoError(c.t, err)
	return resp, string(b)
}

// memoryBackedDir is a directory for a database that is written thousands
// of times: in memory (/dev/shm) where the machine has it, so the flood
// costs no disk syncs, else a temporary directory.
func memoryBackedDir(t *testing.T) string {
	t.Helper()
	if fi, err := os.Stat("/dev/shm"); err == nil && fi.IsDir() {
		if dir, err := os.MkdirTemp("/dev/shm", "clio-web-test-"); err == nil {
			t.Cleanup(func() { os.RemoveAll(dir) })
			return dir
		}
	}
	return t.TempDir()
}

// TestSignInFloodCannotUnlockAnAccount: 10,000 failed sign-ins with junk
// logins from 10,000 addresses (what switched the old in-memory throttle
// off once it tracked 10,000 keys) leave a real account's count where it
// was: its sixth wrong password in the window is still refused, and so is
// its right one.
func TestSignInFloodCannotUnlockAnAccount(t *testing.T) {
	if raceDetector {
		t.Skip("10,000 sign-ins take minutes under the race detector; .ci/run runs this test without it")
	}
	ctx := context.Background()
	st, err := sqlite.Open(ctx, memoryBackedDir(t))
	require.NoError(t, err)
	e := newEnvOn(t, st)
	attacker := e.client()
	tok := attacker.token("/login")
	wrong := url.Values{"csrf": {tok}, "login": {e.tutorLog}, "password": {"not the password"}}
	for i := range 3 {
		resp, _ := attacker.postFrom(fmt.Sprintf("192.0.2.%d", i+1), "/login", wrong)
		require.Equal(t, http.StatusUnauthorized, resp.StatusCode)
	}

	// The flood: each junk login counted as the login handler counts it,
	// against its account and its address (without the password check,
	// which would take 10,000 bcrypt comparisons).
	const flood = 10000
	began := time.Now()
	var wg sync.WaitGroup
	errs := make(chan error, flood)
	for w := range 4 {
		wg.Go(func() {
			for i := w; i < flood; i += 4 {
				addr := fmt.Sprintf("10.%d.%d.%d", i>>16&255, i>>8&255, i&255)
				blocked, err := e.h.tries.begin(ctx, loginLimit(fmt.Sprintf("junk-%d@flood.example", i)), passwordAddressLimit(addr))
				if err != nil || blocked {
					errs <- fmt.Errorf("junk login %d: blocked %v, error %v", i, blocked, err)
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	t.Logf("%d junk sign-ins counted in %v", flood, time.Since(began).Round(time.Millisecond))
	n, err := st.SignIns(ctx, loginLimit("junk-9999@flood.example").key, time.Now(), signInWindow)
	require.NoError(t, err)
	assert.Equal(t, 1, n, "the flood's own attempts were counted, not dropped")

	for i := range 2 {
		resp, _ := attacker.postFrom(fmt.Sprintf("198.51.100.%d", i+1), "/login", wrong)
		require.Equal(t, http.StatusUnauthorized, resp.StatusCode, "attempts 4 and 5 are still counted")
	}
	resp, body := attacker.postFrom("203.0.113.9", "/login", wrong)
	assert.Equal(t, http.StatusTooManyRequests, resp.StatusCode, "the sixth guess, from a fresh address, is refused")
	assert.Contains(t, body, "Wait 15 minutes")
	right := url.Values{"csrf": {tok}, "login": {e.tutorLog}, "password": {tutorPassword}}
	resp, _ = attacker.postFrom("203.0.113.10", "/login", right)
	assert.Equal(t, http.StatusTooManyRequests, resp.StatusCode, "even the right password waits out the window")
}

// TestSignInLimitedPerAddress: one address spraying passwords across many
// accounts is stopped after its allowance, whoever it tries next, while
// other addresses and the access-code form are unaffected; a successful
// sign-in does not use up the address's allowance.
func TestSignInLimitedPerAddress(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	c := e.client()
	tok := c.token("/login")
	// The accounts sprayed exist, with one cheap hash between them, so the
	// test does not pay for fifty comparisons with the full-cost dummy.
	hash, err := bcrypt.GenerateFromPassword([]byte(tutorPassword), bcrypt.MinCost)
	require.NoError(t, err)
	for i := range maxAddressFailures {
		login := fmt.Sprintf("colleague-%d@school.example", i)
		u := store.User{ID: store.NewID("usr"), OrgID: e.org.ID, Name: "Colleague", Email: login, Role: store.RoleTutor, Created: store.Now()}
		require.NoError(t, e.store.CreateUserWithCredential(ctx, u, store.Credential{Login: login, OrgID: e.org.ID, UserID: u.ID, Hash: string(hash)}))
		resp, _ := c.postFrom("192.0.2.7", "/login", url.Values{"csrf": {tok}, "login": {login}, "password": {"Winter2026!"}})
		require.Equal(t, http.StatusUnauthorized, resp.StatusCode, "attempt %d", i+1)
	}
	right := url.Values{"csrf": {tok}, "login": {e.tutorLog}, "password": {tutorPassword}}
	resp, body := c.postFrom("192.0.2.7", "/login", right)
	assert.Equal(t, http.StatusTooManyRequests, resp.StatusCode, "the address has used its allowance")
	assert.Contains(t, body, "from this network")

	student := e.client()
	stok := student.token("/login")
	resp, _ = student.postFrom("192.0.2.7", "/login/code", url.Values{"csrf": {stok}, "code": {e.code}})
	assert.Equal(t, http.StatusSeeOther, resp.StatusCode, "access codes are counted apart from passwords")

	// Successes give their attempt back to the address, as postLogin does.
	for range maxAddressFailures + 5 {
		blocked, err := e.h.tries.begin(ctx, loginLimit(e.tutorLog), passwordAddressLimit("192.0.2.8"))
		require.NoError(t, err)
		require.False(t, blocked, "signing in successfully again and again is never blocked")
		require.NoError(t, e.h.tries.succeeded(ctx, []limit{loginLimit(e.tutorLog)}, []limit{passwordAddressLimit("192.0.2.8")}))
	}
	tutor := e.client()
	right.Set("csrf", tutor.token("/login"))
	resp, _ = tutor.postFrom("192.0.2.8", "/login", right)
	assert.Equal(t, http.StatusSeeOther, resp.StatusCode)
}

// TestUnknownLoginTakesAsLongAsAWrongPassword: refusing an unknown login
// costs a bcrypt comparison of the real cost, so the time does not say
// which accounts exist. Medians of five tries each, interleaved; the ratio
// allowed (0.5 to 2) is wide for a loaded machine, yet a dummy hash of
// bcrypt's minimum cost (the old one, about 1 ms against about 50 ms) is
// far outside it.
func TestUnknownLoginTakesAsLongAsAWrongPassword(t *testing.T) {
	if testing.Short() || raceDetector {
		t.Skip("times bcrypt at its real cost, which the race detector slows many times over; .ci/run runs this test without it")
	}
	e := newEnv(t)
	ctx := context.Background()
	_, err := AddTutor(ctx, e.store, e.org.ID, "Mr Real", "real@school.example", "a real password of his")
	require.NoError(t, err)
	c := e.client()
	tok := c.token("/login")
	timed := func(login string, i int) time.Duration {
		began := time.Now()
		resp, _ := c.postFrom(fmt.Sprintf("192.0.2.%d", 100+i), "/login", url.Values{"csrf": {tok}, "login": {login}, "password": {"wrong password"}})
		took := time.Since(began)
		require.Equal(t, http.StatusUnauthorized, resp.StatusCode)
		return took
	}
	const tries = 5 // the account's allowance: every try is checked, none refused early
	var known, unknown []time.Duration
	for i := range tries {
		known = append(known, timed("real@school.example", i))
		unknown = append(unknown, timed(fmt.Sprintf("nobody-%d@school.example", i), i))
	}
	median := func(d []time.Duration) time.Duration { slices.Sort(d); return d[len(d)/2] }
	k, u := median(known), median(unknown)
	ratio := float64(u) / float64(k)
	t.Logf("median known login, wrong password %v; unknown login %v; ratio %.2f", k, u, ratio)
	assert.True(t, ratio >= 0.5 && ratio <= 2, "an unknown login took %.2f times as long as a known one", ratio)
}
