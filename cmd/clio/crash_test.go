package main

// Fault tests: the real clio binary as a child process, killed with SIGKILL
// mid-stream and stopped with SIGTERM. Slow (a build and several server
// starts), so skipped with -short. CLIO_TEST_BIN names a prebuilt binary to
// use instead of building one.

import (
	"bufio"
	"bytes"
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	_ "modernc.org/sqlite"
)

// serverBinary builds the clio binary into the test's temporary directory
// (the build cache makes the second and later builds quick), skipping the
// test when it cannot be built or has no serve command.
func serverBinary(t *testing.T) string {
	t.Helper()
	if testing.Short() {
		t.Skip("starts and kills real servers; skipped with -short")
	}
	bin := os.Getenv("CLIO_TEST_BIN")
	if bin == "" {
		bin = filepath.Join(t.TempDir(), "clio")
		if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
			t.Skipf("cannot build clio: %v\n%s", err, out)
		}
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
	addr   chan string
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

// startServer runs clio serve on a free loopback port over db (a data
// directory for SQLite or a postgres:// URL) and waits until /readyz answers.
func startServer(t *testing.T, bin, db, key string, extra ...string) *child {
	t.Helper()
	c := launchServer(t, bin, db, key, extra...)
	c.ready(t)
	return c
}

// launchServer starts clio serve without waiting for it; ready waits.
func launchServer(t *testing.T, bin, db, key string, extra ...string) *child {
	t.Helper()
	storeFlag := "--data"
	if strings.HasPrefix(db, "postgres://") {
		storeFlag = "--database"
	}
	args := append([]string{"serve", "--addr", "127.0.0.1:0", storeFlag, db, "--rate", "0", "--log-level", "warn"}, extra...)
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
	c.addr = addr
	return c
}

// ready waits until the server says where it listens and /readyz answers.
func (c *child) ready(t *testing.T) {
	t.Helper()
	select {
	case c.url = <-c.addr:
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
				return
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
	return callCtx(context.Background(), client, method, url, key, in, out)
}

func callCtx(ctx context.Context, client *http.Client, method, url, key string, in, out any) (int, error) {
	var body io.Reader
	if in != nil {
		b, err := json.Marshal(in)
		if err != nil {
			return 0, err
		}
		body = bytes.NewReader(b)
	}
	req, err := http.NewRequestWithContext(ctx, method, url, body)
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
	t.Run("SQLite", func(t *testing.T) {
		dir := t.TempDir()
		crashAndRestart(t, bin, dir, func() { integrityCheck(t, dir) })
	})
	t.Run("PostgreSQL", func(t *testing.T) {
		url, _ := throwawayPostgres(t)
		crashAndRestart(t, bin, url, func() {})
	})
}

// crashAndRestart submits essays concurrently, kills the server with
// SIGKILL, runs check on the database left behind, restarts the server on
// it and checks that every acknowledged submission is there.
func crashAndRestart(t *testing.T, bin, db string, check func()) {
	key := randomKey(t)
	srv := startServer(t, bin, db, key)
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

	check()

	again := startServer(t, bin, db, key)
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
	check()
}

func TestGracefulShutdownFinishesRequestsInFlight(t *testing.T) {
	bin := serverBinary(t)
	const grace = 20 * time.Second
	key := randomKey(t)
	// Marking is held (the binary's test gate) until the hold file is
	// removed, so the essays are in flight when SIGTERM arrives on any
	// machine, however fast it marks.
	hold := filepath.Join(t.TempDir(), "hold")
	require.NoError(t, os.WriteFile(hold, nil, 0o600))
	t.Setenv("CLIO_TEST_HOLD_MARKING", hold)
	// One marking slot and a long wait: one essay is being marked and the
	// others queue for the slot.
	srv := startServer(t, bin, t.TempDir(), key, "--mark-slots", "1", "--mark-wait", "60s",
		"--shutdown-timeout", grace.String())
	text := benchFixture(t, "1000")

	const inFlight = 8
	type result struct {
		code int
		err  error
		mark int
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
			results <- result{code: code, err: err, mark: rep.Mark}
		}()
	}
	// In flight means the server holds every request: one being marked and
	// the rest waiting for the slot, as its metrics say.
	require.Eventually(t, func() bool {
		resp, err := http.Get(srv.url + "/metrics")
		if err != nil {
			return false
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return bytes.Contains(b, []byte("\nclio_marking_in_progress 1\n")) &&
			bytes.Contains(b, []byte(fmt.Sprintf("\nclio_marking_waiting %d\n", inFlight-1)))
	}, 60*time.Second, 5*time.Millisecond, "every essay is held in the server")
	require.NoError(t, srv.cmd.Process.Signal(syscall.SIGTERM))

	// New connections are refused while the held requests wait.
	fresh := &http.Client{Timeout: 2 * time.Second, Transport: &http.Transport{DisableKeepAlives: true}}
	refused := false
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); {
		resp, err := fresh.Get(srv.url + "/healthz")
		if err != nil {
			refused = true
			break
		}
		resp.Body.Close()
		time.Sleep(2 * time.Millisecond)
	}
	require.True(t, refused, "new connections are refused after SIGTERM")
	select {
	case r := <-results:
		t.Fatalf("a held request ended before marking was released: %+v", r)
	default:
	}

	// Release marking: every request in flight at SIGTERM is answered.
	require.NoError(t, os.Remove(hold))
	for range inFlight {
		r := <-results
		if assert.NoError(t, r.err) {
			assert.Equal(t, http.StatusOK, r.code, "a request in flight at SIGTERM is answered")
			assert.Positive(t, r.mark)
		}
	}
	require.True(t, srv.wait(grace+10*time.Second), "the server exits within its shutdown timeout")
	assert.NoError(t, srv.err, "a graceful stop exits with status 0")
}

// TestDrainBeforeShutdown: with a drain delay, SIGTERM first makes /readyz
// fail while the server keeps answering, so that a load balancer can move
// traffic away; then the listener closes and the process exits cleanly.
func TestDrainBeforeShutdown(t *testing.T) {
	bin := serverBinary(t)
	key := randomKey(t)
	const delay = 10 * time.Second
	srv := startServer(t, bin, t.TempDir(), key, "--drain-delay", delay.String())
	fresh := &http.Client{Timeout: 5 * time.Second, Transport: &http.Transport{DisableKeepAlives: true}}
	status := func(path string) int {
		resp, err := fresh.Get(srv.url + path)
		if err != nil {
			return 0
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	require.Equal(t, http.StatusOK, status("/readyz"))

	require.NoError(t, srv.cmd.Process.Signal(syscall.SIGTERM))
	require.Eventually(t, func() bool { return status("/readyz") == http.StatusServiceUnavailable },
		delay/2, 10*time.Millisecond, "/readyz fails as soon as shutdown begins")
	assert.Equal(t, http.StatusOK, status("/healthz"), "the server still answers during the drain delay")
	code, err := call(fresh, http.MethodPost, srv.url+"/v1/feedback", key, map[string]string{"text": benchFixture(t, "250")}, nil)
	require.NoError(t, err)
	assert.Equal(t, http.StatusOK, code, "essays are still marked during the drain delay")

	require.True(t, srv.wait(delay+30*time.Second), "the server exits after the drain delay")
	assert.NoError(t, srv.err, "a drained stop exits with status 0")
	assert.Zero(t, status("/healthz"), "the listener is closed")
}

// rawPost sends body as-is, so that tests can send what no JSON encoder would.
func rawPost(client *http.Client, url, key string, body io.Reader) (int, []byte, error) {
	req, err := http.NewRequest(http.MethodPost, url, body)
	if err != nil {
		return 0, nil, err
	}
	req.Header.Set("Authorization", "Bearer "+key)
	req.Header.Set("Content-Type", "application/json")
	resp, err := client.Do(req)
	if err != nil {
		return 0, nil, err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	return resp.StatusCode, b, err
}

func TestHostileClientsAgainstTheRealServer(t *testing.T) {
	bin := serverBinary(t)
	key := randomKey(t)
	srv := startServer(t, bin, t.TempDir(), key)
	client := &http.Client{Timeout: 60 * time.Second}

	jsonText := func(text string) io.Reader {
		b, err := json.Marshal(map[string]string{"text": text})
		require.NoError(t, err)
		return bytes.NewReader(b)
	}
	tests := []struct {
		name string
		body func() io.Reader
		want []int // any of these statuses
	}{
		{"SQLLikeEssay", func() io.Reader {
			return jsonText("Stalin's rivals underestimated him'); DROP TABLE submissions; --\n\nSELECT * FROM users WHERE 1=1; Trotsky was exiled in 1929.")
		}, []int{http.StatusOK}},
		{"HTMLLikeEssay", func() io.Reader {
			return jsonText("<script>alert('Stalin')</script> rose to power.\n\n<img src=x onerror=alert(1)> Lenin died in 1924.")
		}, []int{http.StatusOK}},
		{"TwentyThousandTinyParagraphs", func() io.Reader { return jsonText(strings.Repeat("War.\n\n", 20000)) },
			[]int{http.StatusOK, http.StatusRequestEntityTooLarge, http.StatusUnprocessableEntity}},
		{"TenMegabyteBody", func() io.Reader { return jsonText(strings.Repeat("Stalin rose. ", 800000)) },
			[]int{http.StatusRequestEntityTooLarge}},
		{"DeeplyNestedJSON", func() io.Reader { return strings.NewReader(`{"text":` + strings.Repeat(`{"a":`, 40000)) },
			[]int{http.StatusBadRequest}},
		{"InvalidUTF8", func() io.Reader { return strings.NewReader("{\"text\":\"Stalin \xff\xfe rose\"}") },
			[]int{http.StatusUnprocessableEntity}},
		// NUL is a control character: refused with a clear 422, as the CLI
		// refuses it, rather than marked as if it were text.
		{"NULBytes", func() io.Reader { return jsonText("Stalin\x00rose\x00to\x00power.") },
			[]int{http.StatusUnprocessableEntity}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			began := time.Now()
			code, body, err := rawPost(client, srv.url+"/v1/feedback", key, tt.body())
			t.Logf("status %d after %v", code, time.Since(began).Round(time.Millisecond))
			if tt.name == "TenMegabyteBody" && err != nil {
				// The server may answer 413 and close before reading the whole
				// upload; the client then sees a broken pipe. Either way it is alive.
				t.Logf("upload cut short: %v", err)
				return
			}
			require.NoError(t, err)
			assert.Contains(t, tt.want, code, "status; body %.300s", body)
			if code == http.StatusOK {
				var rep struct {
					Version string `json:"version"`
				}
				require.NoError(t, json.Unmarshal(body, &rep))
				assert.Equal(t, "1", rep.Version)
			}
		})
	}

	t.Run("SlowHeaders", func(t *testing.T) {
		// A slowloris client sends a request line and then nothing; the
		// server drops it instead of holding the connection for ever.
		conn, err := (&net.Dialer{Timeout: 5 * time.Second}).Dial("tcp", strings.TrimPrefix(srv.url, "http://"))
		require.NoError(t, err)
		defer conn.Close()
		_, err = io.WriteString(conn, "POST /v1/feedback HTTP/1.1\r\nHost: x\r\n")
		require.NoError(t, err)
		require.NoError(t, conn.SetReadDeadline(time.Now().Add(60*time.Second)))
		_, err = io.ReadAll(conn)
		var ne net.Error
		assert.False(t, errors.As(err, &ne) && ne.Timeout(), "the server closed the idle half-sent request before our 60 s deadline: %v", err)
	})

	resp, err := client.Get(srv.url + "/healthz")
	require.NoError(t, err)
	resp.Body.Close()
	assert.Equal(t, http.StatusOK, resp.StatusCode, "the server is still up after the hostile requests")
	select {
	case <-srv.exited:
		t.Fatalf("the server died: %v", srv.err)
	default:
	}
}

// throwawayPostgres creates an empty database on the server named by
// CLIO_TEST_DATABASE_URL (skipping the test when it is not set) and drops it
// when the test ends. It returns the new database's URL and a connection to
// the original database for administration.
func throwawayPostgres(t *testing.T) (string, *pgx.Conn) {
	t.Helper()
	base := os.Getenv("CLIO_TEST_DATABASE_URL")
	if base == "" {
		t.Skip("CLIO_TEST_DATABASE_URL is not set")
	}
	ctx := context.Background()
	admin, err := pgx.Connect(ctx, base)
	require.NoError(t, err)
	var b [6]byte
	_, err = rand.Read(b[:])
	require.NoError(t, err)
	name := "clio_fault_" + hex.EncodeToString(b[:])
	_, err = admin.Exec(ctx, "CREATE DATABASE "+name)
	require.NoError(t, err)
	t.Cleanup(func() {
		_, _ = admin.Exec(ctx, "DROP DATABASE IF EXISTS "+name+" WITH (FORCE)")
		admin.Close(ctx)
	})
	u, err := url.Parse(base)
	require.NoError(t, err)
	u.Path = "/" + name
	return u.String(), admin
}

// TestPostgresOutage cuts the server off from its PostgreSQL database (new
// connections refused, open ones terminated, as in a database restart):
// /readyz must say so, and once the database is back the server must
// reconnect by itself and keep what it had stored.
func TestPostgresOutage(t *testing.T) {
	bin := serverBinary(t)
	db, admin := throwawayPostgres(t)
	name := strings.TrimPrefix(mustParseURL(t, db).Path, "/")
	ctx := context.Background()
	key := randomKey(t)
	srv := startServer(t, bin, db, key)
	client := &http.Client{Timeout: 30 * time.Second}

	var student struct {
		ID string `json:"id"`
	}
	code, err := call(client, http.MethodPost, srv.url+"/v1/users", key, map[string]string{"name": "Outage Test", "role": "student"}, &student)
	require.NoError(t, err)
	require.Equal(t, http.StatusCreated, code)
	submit := func() (int, string) {
		var sub struct {
			ID string `json:"id"`
		}
		code, err := call(client, http.MethodPost, srv.url+"/v1/submissions", key,
			map[string]string{"student_id": student.ID, "text": benchFixture(t, "250")}, &sub)
		require.NoError(t, err)
		return code, sub.ID
	}
	code, before := submit()
	require.Equal(t, http.StatusCreated, code)
	readyz := func() int {
		resp, err := client.Get(srv.url + "/readyz")
		if err != nil {
			return 0
		}
		resp.Body.Close()
		return resp.StatusCode
	}

	_, err = admin.Exec(ctx, "ALTER DATABASE "+name+" ALLOW_CONNECTIONS false")
	require.NoError(t, err)
	restored := false
	restore := func() {
		if !restored {
			_, err := admin.Exec(ctx, "ALTER DATABASE "+name+" ALLOW_CONNECTIONS true")
			require.NoError(t, err)
			restored = true
		}
	}
	t.Cleanup(restore)
	_, err = admin.Exec(ctx, "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1", name)
	require.NoError(t, err)

	assert.Eventually(t, func() bool { return readyz() == http.StatusServiceUnavailable }, 20*time.Second, 100*time.Millisecond,
		"/readyz reports 503 while the database is unreachable")
	code, _ = submit()
	t.Logf("a submission during the outage: status %d", code)
	assert.Equal(t, http.StatusServiceUnavailable, code,
		"a submission during the outage fails as the server's problem, not as acknowledged")
	select {
	case <-srv.exited:
		t.Fatalf("the server exited during the outage: %v", srv.err)
	default:
	}

	restore()
	require.Eventually(t, func() bool { return readyz() == http.StatusOK }, 30*time.Second, 100*time.Millisecond,
		"/readyz recovers once the database is back")
	code, after := submit()
	assert.Equal(t, http.StatusCreated, code, "submissions work again without a restart")
	for _, id := range []string{before, after} {
		if id == "" {
			continue
		}
		code, err := call(client, http.MethodGet, srv.url+"/v1/submissions/"+id, key, nil, nil)
		require.NoError(t, err)
		assert.Equal(t, http.StatusOK, code, "submission %s", id)
	}
}

func mustParseURL(t *testing.T, s string) *url.URL {
	u, err := url.Parse(s)
	require.NoError(t, err)
	return u
}

// TestOverloadIsShed sends far more essays at once than one marking slot can
// take within its wait: the excess is refused at once with 503 and
// Retry-After instead of queueing, the rest are marked, and the server stays
// up.
func TestOverloadIsShed(t *testing.T) {
	bin := serverBinary(t)
	key := randomKey(t)
	srv := startServer(t, bin, t.TempDir(), key, "--mark-slots", "1", "--mark-wait", "50ms")
	text := benchFixture(t, "4000")
	body, err := json.Marshal(map[string]string{"text": text})
	require.NoError(t, err)

	const burst = 16
	type result struct {
		code       int
		retryAfter string
		err        error
	}
	results := make(chan result, burst)
	client := &http.Client{Timeout: 60 * time.Second}
	for range burst {
		go func() {
			req, err := http.NewRequest(http.MethodPost, srv.url+"/v1/feedback", bytes.NewReader(body))
			if err != nil {
				results <- result{err: err}
				return
			}
			req.Header.Set("Authorization", "Bearer "+key)
			req.Header.Set("Content-Type", "application/json")
			resp, err := client.Do(req)
			if err != nil {
				results <- result{err: err}
				return
			}
			_, _ = io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			results <- result{code: resp.StatusCode, retryAfter: resp.Header.Get("Retry-After")}
		}()
	}
	counts := map[int]int{}
	for range burst {
		r := <-results
		require.NoError(t, r.err)
		counts[r.code]++
		if r.code == http.StatusServiceUnavailable {
			assert.NotEmpty(t, r.retryAfter, "a shed request says when to retry")
		}
	}
	t.Logf("statuses: %v", counts)
	assert.Positive(t, counts[http.StatusOK], "some essays are marked")
	assert.Positive(t, counts[http.StatusServiceUnavailable], "the excess is shed with 503")
	assert.Equal(t, burst, counts[http.StatusOK]+counts[http.StatusServiceUnavailable], "nothing but 200 and 503")

	resp, err := http.Get(srv.url + "/metrics")
	require.NoError(t, err)
	m, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	require.NoError(t, err)
	assert.Contains(t, string(m), fmt.Sprintf("clio_marking_shed_total %d", counts[http.StatusServiceUnavailable]), "shed requests are counted")
}
