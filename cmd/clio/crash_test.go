package main

// Fault tests: the real clio binary as a child process, killed with SIGKILL
// mid-stream and stopped with SIGTERM. Slow (a build and several server
// starts), so skipped with -short. CLIO_TEST_BIN names a prebuilt binary to
// use instead of building one.

import (
	"bufio"
	"bytes"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	_ "modernc.org/sqlite"
)

// clioBinary builds this package once per test run.
var clioBinary = sync.OnceValues(func() (string, error) {
	if bin := os.Getenv("CLIO_TEST_BIN"); bin != "" {
		return bin, nil
	}
	dir, err := os.MkdirTemp("", "clio-crash-")
	if err != nil {
		return "", err
	}
	bin := filepath.Join(dir, "clio")
	out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput()
	if err != nil {
		return "", fmt.Errorf("go build: %v\n%s", err, out)
	}
	return bin, nil
})

// serverBinary returns the clio binary, skipping the test when it cannot be
// built or has no serve command.
func serverBinary(t *testing.T) string {
	t.Helper()
	if testing.Short() {
		t.Skip("starts and kills real servers; skipped with -short")
	}
	bin, err := clioBinary()
	if err != nil {
		t.Skipf("cannot build clio: %v", err)
	}
	out, _ := exec.Command(bin, "help").CombinedOutput()
	if !bytes.Contains(out, []byte("serve")) {
		t.Skip("this clio has no serve command yet")
	}
	return bin
}

// child is a clio serve process.
type child struct {
	t      *testing.T
	cmd    *exec.Cmd
	url    string
	stderr *syncBuffer
	exited chan struct{}
	err    error // from Wait, once exited is closed
}

type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// startServer runs clio serve on a free loopback port over dataDir and waits
// until /readyz answers.
func startServer(t *testing.T, bin, dataDir, key string, extra ...string) *child {
	t.Helper()
	args := append([]string{"serve", "--addr", "127.0.0.1:0", "--data", dataDir, "--rate", "0", "--log-level", "warn"}, extra...)
	c := &child{t: t, cmd: exec.Command(bin, args...), stderr: &syncBuffer{}, exited: make(chan struct{})}
	c.cmd.Env = append(os.Environ(), "CLIO_ADMIN_KEY="+key)
	c.cmd.Stderr = c.stderr
	stdout, err := c.cmd.StdoutPipe()
	require.NoError(t, err)
	require.NoError(t, c.cmd.Start())
	addr := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			if _, after, ok := strings.Cut(sc.Text(), "listening on "); ok {
				select {
				case addr <- strings.Fields(after)[0]:
				default:
				}
			}
		}
		c.err = c.cmd.Wait()
		close(c.exited)
	}()
	t.Cleanup(func() {
		select {
		case <-c.exited:
		default:
			_ = c.cmd.Process.Kill()
			<-c.exited
		}
		if t.Failed() {
			t.Logf("server stderr:\n%s", c.stderr.String())
		}
	})
	select {
	case c.url = <-addr:
	case <-c.exited:
		t.Fatalf("clio serve exited at start: %v\n%s", c.err, c.stderr.String())
	case <-time.After(60 * time.Second):
		t.Fatalf("clio serve did not say where it listens within 60s\n%s", c.stderr.String())
	}
	deadline := time.Now().Add(30 * time.Second)
	for {
		resp, err := http.Get(c.url + "/readyz")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return c
			}
		}
		require.True(t, time.Now().Before(deadline), "clio serve not ready within 30s: %v", err)
		time.Sleep(50 * time.Millisecond)
	}
}

// wait waits for the process to exit, at most d; it reports whether it did.
func (c *child) wait(d time.Duration) bool {
	select {
	case <-c.exited:
		return true
	case <-time.After(d):
		return false
	}
}

// call sends one JSON request and decodes a JSON answer into out.
func call(client *http.Client, method, url, key string, in, out any) (int, error) {
	var body io.Reader
	if in != nil {
		b, err := json.Marshal(in)
		if err != nil {
			return 0, err
		}
		body = bytes.NewReader(b)
	}
	req, err := http.NewRequest(method, url, body)
	if err != nil {
		return 0, err
	}
	req.Header.Set("Authorization", "Bearer "+key)
	if in != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := client.Do(req)
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		return resp.StatusCode, err
	}
	if out != nil && resp.StatusCode < 300 {
		if err := json.Unmarshal(b, out); err != nil {
			return resp.StatusCode, fmt.Errorf("decoding %s: %w", b, err)
		}
	}
	return resp.StatusCode, nil
}

func randomKey(t *testing.T) string {
	var b [24]byte
	_, err := rand.Read(b[:])
	require.NoError(t, err)
	return "crash-test-" + hex.EncodeToString(b[:])
}

func benchFixture(t *testing.T, words string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "..", "fixtures", "bench", "essay-"+words+".txt"))
	require.NoError(t, err)
	return string(b)
}

// integrityCheck opens the SQLite database as SQLite itself would after a
// crash (replaying the WAL) and runs PRAGMA integrity_check.
func integrityCheck(t *testing.T, dataDir string) {
	t.Helper()
	path := filepath.Join(dataDir, "clio.db")
	_, err := os.Stat(path)
	require.NoError(t, err, "the database file")
	db, err := sql.Open("sqlite", "file:"+path)
	require.NoError(t, err)
	defer db.Close()
	rows, err := db.Query("PRAGMA integrity_check")
	require.NoError(t, err)
	defer rows.Close()
	var got []string
	for rows.Next() {
		var s string
		require.NoError(t, rows.Scan(&s))
		got = append(got, s)
	}
	require.NoError(t, rows.Err())
	assert.Equal(t, []string{"ok"}, got, "PRAGMA integrity_check")
}

type acked struct {
	ID   string
	Text string
	Mark int
}

func TestCrashKeepsAcknowledgedSubmissions(t *testing.T) {
	bin := serverBinary(t)
	dataDir := t.TempDir()
	key := randomKey(t)
	srv := startServer(t, bin, dataDir, key)
	client := &http.Client{Timeout: 60 * time.Second}

	var student struct {
		ID string `json:"id"`
	}
	code, err := call(client, http.MethodPost, srv.url+"/v1/users", key, map[string]string{"name": "Crash Test", "role": "student"}, &student)
	require.NoError(t, err)
	require.Equal(t, http.StatusCreated, code)
	require.NotEmpty(t, student.ID)

	base := benchFixture(t, "250")
	const senders = 6
	var (
		mu       sync.Mutex
		acks     []acked
		failures int
		wg       sync.WaitGroup
	)
	stop := make(chan struct{})
	for w := range senders {
		wg.Go(func() {
			for n := 0; ; n++ {
				select {
				case <-stop:
					return
				default:
				}
				text := fmt.Sprintf("%s\n\nSubmission %d from sender %d.", base, n, w)
				var sub struct {
					ID   string `json:"id"`
					Text string `json:"text"`
					Mark int    `json:"mark"`
				}
				code, err := call(client, http.MethodPost, srv.url+"/v1/submissions", key,
					map[string]string{"student_id": student.ID, "text": text}, &sub)
				mu.Lock()
				if err == nil && code == http.StatusCreated {
					acks = append(acks, acked{ID: sub.ID, Text: text, Mark: sub.Mark})
				} else {
					failures++
				}
				mu.Unlock()
				if err != nil { // the server is gone
					return
				}
			}
		})
	}
	// Kill once some submissions are acknowledged, with others in flight.
	deadline := time.Now().Add(60 * time.Second)
	for {
		mu.Lock()
		n := len(acks)
		mu.Unlock()
		if n >= 24 || time.Now().After(deadline) {
			break
		}
		time.Sleep(10 * time.Millisecond)
	}
	require.NoError(t, srv.cmd.Process.Signal(syscall.SIGKILL))
	require.True(t, srv.wait(10*time.Second), "the server exits on SIGKILL")
	close(stop)
	wg.Wait()
	mu.Lock()
	got := append([]acked(nil), acks...)
	mu.Unlock()
	require.NotEmpty(t, got, "submissions were acknowledged before the kill")
	t.Logf("%d submissions acknowledged, %d cut off by the kill", len(got), failures)

	integrityCheck(t, dataDir)

	again := startServer(t, bin, dataDir, key)
	for _, a := range got {
		var sub struct {
			ID     string          `json:"id"`
			Text   string          `json:"text"`
			Mark   int             `json:"mark"`
			Report json.RawMessage `json:"report"`
		}
		code, err := call(client, http.MethodGet, again.url+"/v1/submissions/"+a.ID, key, nil, &sub)
		require.NoError(t, err)
		if !assert.Equal(t, http.StatusOK, code, "acknowledged submission %s is kept", a.ID) {
			continue
		}
		assert.Equal(t, a.Text, sub.Text, "submission %s text", a.ID)
		assert.Equal(t, a.Mark, sub.Mark, "submission %s mark", a.ID)
		var rep struct {
			Version string `json:"version"`
			Mark    int    `json:"mark"`
		}
		require.NoError(t, json.Unmarshal(sub.Report, &rep), "submission %s report", a.ID)
		assert.Equal(t, "1", rep.Version, "submission %s has its report", a.ID)
		assert.Equal(t, a.Mark, rep.Mark)
	}
	var list struct {
		Submissions []struct {
			ID string `json:"id"`
		} `json:"submissions"`
	}
	code, err = call(client, http.MethodGet, again.url+"/v1/submissions?limit=500&student="+student.ID, key, nil, &list)
	require.NoError(t, err)
	require.Equal(t, http.StatusOK, code)
	assert.GreaterOrEqual(t, len(list.Submissions), len(got), "the list holds every acknowledged submission")

	require.NoError(t, again.cmd.Process.Signal(syscall.SIGTERM))
	require.True(t, again.wait(30*time.Second), "the restarted server stops on SIGTERM")
	integrityCheck(t, dataDir)
}

func TestGracefulShutdownFinishesRequestsInFlight(t *testing.T) {
	bin := serverBinary(t)
	const grace = 20 * time.Second
	key := randomKey(t)
	// One marking slot and a long wait, so that the essays queue and are in
	// flight together when SIGTERM arrives.
	srv := startServer(t, bin, t.TempDir(), key, "--mark-slots", "1", "--mark-wait", "60s",
		"--shutdown-timeout", grace.String())
	text := benchFixture(t, "4000")

	const inFlight = 8
	type result struct {
		code  int
		err   error
		mark  int
		ended time.Time
	}
	results := make(chan result, inFlight)
	client := &http.Client{Timeout: 2 * grace}
	for range inFlight {
		go func() {
			var rep struct {
				Version string `json:"version"`
				Mark    int    `json:"mark"`
			}
			code, err := call(client, http.MethodPost, srv.url+"/v1/feedback", key, map[string]string{"text": text}, &rep)
			if err == nil && rep.Version != "1" {
				err = fmt.Errorf("no report (version %q)", rep.Version)
			}
			results <- result{code: code, err: err, mark: rep.Mark, ended: time.Now()}
		}()
	}
	// Wait until marking has begun, then ask the server to stop.
	require.Eventually(t, func() bool {
		resp, err := http.Get(srv.url + "/metrics")
		if err != nil {
			return false
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return bytes.Contains(b, []byte("\nclio_marking_in_progress 1"))
	}, 30*time.Second, 5*time.Millisecond, "marking starts")
	signalled := time.Now()
	require.NoError(t, srv.cmd.Process.Signal(syscall.SIGTERM))

	// New connections are refused while the old requests finish.
	fresh := &http.Client{Timeout: 2 * time.Second, Transport: &http.Transport{DisableKeepAlives: true}}
	var refused time.Time
	for time.Since(signalled) < 10*time.Second {
		resp, err := fresh.Get(srv.url + "/healthz")
		if err != nil {
			refused = time.Now()
			break
		}
		resp.Body.Close()
		time.Sleep(2 * time.Millisecond)
	}
	require.False(t, refused.IsZero(), "new connections are refused after SIGTERM")

	var last time.Time
	for range inFlight {
		r := <-results
		if assert.NoError(t, r.err) {
			assert.Equal(t, http.StatusOK, r.code, "a request in flight at SIGTERM is answered")
			assert.Positive(t, r.mark)
		}
		if r.ended.After(last) {
			last = r.ended
		}
	}
	assert.True(t, refused.Before(last), "new connections were refused while requests in flight were still being marked")
	require.True(t, srv.wait(grace+10*time.Second), "the server exits within its shutdown timeout")
	assert.NoError(t, srv.err, "a graceful stop exits with status 0")
	assert.WithinDuration(t, signalled, time.Now(), grace+10*time.Second)
}
