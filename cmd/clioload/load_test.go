package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestCheckLoopback(t *testing.T) {
	tests := []struct {
		url string
		ok  bool
	}{
		{"http://127.0.0.1:8080", true},
		{"http://127.9.9.9:80/", true},
		{"http://[::1]:8080", true},
		{"http://localhost:8080", true},
		{"https://127.0.0.1", true},
		{"http://10.0.0.5:8080", false},
		{"http://example.org", false},
		{"http://0.0.0.0:8080", false},
		{"http://127.0.0.1.example.org", false},
		{"ftp://127.0.0.1", false},
		{"127.0.0.1:8080", false},
		{"http://[::ffff:8.8.8.8]:80", false},
	}
	for _, tt := range tests {
		t.Run(tt.url, func(t *testing.T) {
			_, err := checkLoopback(tt.url)
			if tt.ok {
				assert.NoError(t, err)
			} else {
				assert.Error(t, err)
			}
		})
	}
}

func TestReadRSS(t *testing.T) {
	tests := []struct {
		name, in string
		want     uint64
		err      bool
	}{
		{"Linux status", "Name:\tclio\nVmPeak:\t  900000 kB\nVmRSS:\t   40960 kB\nRssAnon:\t 30000 kB\n", 40960 * 1024, false},
		{"ErrNoLine", "Name:\tclio\nState:\tZ (zombie)\n", 0, true},
		{"ErrUnit", "VmRSS:\t 12 MB\n", 0, true},
		{"ErrNumber", "VmRSS:\t twelve kB\n", 0, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := readRSS(strings.NewReader(tt.in))
			if tt.err {
				assert.Error(t, err)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tt.want, got)
		})
	}
}

func TestRSSOfThisProcess(t *testing.T) {
	if _, err := os.Stat("/proc/self/status"); err != nil {
		t.Skip("no /proc on this system")
	}
	b, err := rssOf(os.Getpid())
	require.NoError(t, err)
	assert.Greater(t, b, uint64(1<<20), "a Go test binary holds more than a MiB")
}

func TestMemoryTraceGrowth(t *testing.T) {
	flat := traceOf([]float64{100, 120, 118, 121, 119, 120, 122, 118, 121})
	require.NotNil(t, flat)
	assert.Equal(t, 9, flat.Samples)
	assert.InDelta(t, 3, flat.GrowthMiB, 0.01, "medians: one low warm-up sample does not count as growth")
	assert.Equal(t, 122.0, flat.MaxMiB)

	leak := traceOf([]float64{100, 110, 120, 130, 140, 150, 160, 170, 180})
	assert.InDelta(t, 60, leak.GrowthMiB, 0.01)
	assert.Equal(t, 100.0, leak.FirstMiB)
	assert.Equal(t, 180.0, leak.LastMiB)

	assert.Nil(t, traceOf(nil))
	one := traceOf([]float64{50})
	assert.Equal(t, 0.0, one.GrowthMiB)
}

func TestStepRates(t *testing.T) {
	assert.Equal(t, []float64{2, 4, 6, 8}, stepRates(2, 2, 8, 10))
	assert.Equal(t, []float64{5, 10, 15}, stepRates(5, 5, 100, 3), "bounded by the number of steps")
	assert.Empty(t, stepRates(10, 5, 5, 10))
}

func TestFindRateStopsAtTheFirstFailingStep(t *testing.T) {
	bound := 100 * time.Millisecond
	tests := []struct {
		name     string
		p99      map[float64]float64
		errs     map[float64]int
		wantBest float64
		wantRun  int
	}{
		{"latency crosses the bound", map[float64]float64{2: 20, 4: 40, 6: 99, 8: 150, 10: 30}, nil, 6, 4},
		{"an error fails a fast step", map[float64]float64{2: 20, 4: 20, 6: 20, 8: 20, 10: 20}, map[float64]int{4: 1}, 2, 2},
		{"every step passes", map[float64]float64{2: 1, 4: 1, 6: 1, 8: 1, 10: 1}, nil, 10, 5},
		{"even the first fails", map[float64]float64{2: 500}, nil, 0, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var ran []float64
			steps, best := findRate(context.Background(), []float64{2, 4, 6, 8, 10}, bound, func(r float64) StepResult {
				ran = append(ran, r)
				return StepResult{TargetRate: r, Requests: 100, P99MS: tt.p99[r], Errors: tt.errs[r]}
			})
			assert.Equal(t, tt.wantBest, best)
			assert.Len(t, steps, tt.wantRun)
			assert.Len(t, ran, tt.wantRun)
		})
	}
}

// fakeClio answers the two endpoints clioload loads like clio serve does,
// failing some requests on purpose.
type fakeClio struct {
	t        *testing.T
	key      string
	mu       sync.Mutex
	feedback int
	subs     map[string]int // by student id
	failEach int            // every n-th feedback request gets 503
}

func (f *fakeClio) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Header.Get("Authorization") != "Bearer "+f.key {
		http.Error(w, `{"title":"no key"}`, http.StatusUnauthorized)
		return
	}
	if r.Method != http.MethodPost || r.Header.Get("Content-Type") != "application/json" {
		http.Error(w, "bad request", http.StatusBadRequest)
		return
	}
	var body map[string]string
	if err := json.NewDecoder(r.Body).Decode(&body); err != nil {
		http.Error(w, "bad json", http.StatusBadRequest)
		return
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	switch r.URL.Path {
	case "/v1/users":
		if body["role"] != "student" {
			http.Error(w, "not a student", http.StatusUnprocessableEntity)
			return
		}
		w.WriteHeader(http.StatusCreated)
		io.WriteString(w, `{"id":"usr_1","role":"student"}`)
	case "/v1/feedback":
		if !strings.Contains(body["text"], "Hastings") {
			http.Error(w, "wrong essay", http.StatusUnprocessableEntity)
			return
		}
		f.feedback++
		if f.failEach > 0 && f.feedback%f.failEach == 0 {
			w.Header().Set("Retry-After", "1")
			http.Error(w, `{"title":"busy"}`, http.StatusServiceUnavailable)
			return
		}
		io.WriteString(w, `{"version":"1"}`)
	case "/v1/submissions":
		if f.subs == nil {
			f.subs = map[string]int{}
		}
		f.subs[body["student_id"]]++
		w.WriteHeader(http.StatusCreated)
		io.WriteString(w, `{"id":"sub_1"}`)
	default:
		http.NotFound(w, r)
	}
}

func essayFile(t *testing.T) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "essay.txt")
	require.NoError(t, os.WriteFile(p, []byte("William won at Hastings in 1066.\n\nHarold's army was tired."), 0o600))
	return p
}

func runLoad(t *testing.T, args ...string) (Report, string, error) {
	t.Helper()
	var out, errOut bytes.Buffer
	err := load(context.Background(), args, &out, &errOut)
	var rep Report
	if err == nil && strings.Contains(strings.Join(args, " "), "--format json") {
		require.NoError(t, json.Unmarshal(out.Bytes(), &rep), out.String())
	}
	return rep, out.String() + errOut.String(), err
}

func TestLoadFeedbackCountsErrorsByStatus(t *testing.T) {
	f := &fakeClio{t: t, key: "test-key", failEach: 3}
	srv := httptest.NewServer(f)
	defer srv.Close()
	rep, _, err := runLoad(t, "--url", srv.URL, "--key", "test-key", "--essay", essayFile(t),
		"--rate", "40", "--duration", "500ms", "--format", "json")
	require.NoError(t, err)
	require.Len(t, rep.Steps, 1)
	s := rep.Steps[0]
	f.mu.Lock()
	served := f.feedback
	f.mu.Unlock()
	assert.Equal(t, uint64(served-1), s.Requests, "every request but the first check is counted")
	assert.Equal(t, int(s.Requests), s.Status["200"]+s.Status["503"])
	assert.Equal(t, s.Status["503"], s.Errors, "503s are errors")
	assert.Positive(t, s.Errors, "every third request was refused")
	require.NotEmpty(t, s.ErrorSamples)
	assert.Contains(t, s.ErrorSamples[0], "503")
	assert.Equal(t, "feedback", rep.Mode)
	assert.Nil(t, s.Memory, "no --pid, no memory trace")
	assert.False(t, s.Passed(time.Hour), "a step with errors never passes")
}

func TestLoadSubmissionsCreatesAStudent(t *testing.T) {
	f := &fakeClio{t: t, key: "test-key"}
	srv := httptest.NewServer(f)
	defer srv.Close()
	rep, _, err := runLoad(t, "--url", srv.URL, "--key", "test-key", "--essay", essayFile(t), "--mode", "submissions",
		"--rate", "30", "--duration", "400ms", "--pid", strconv.Itoa(os.Getpid()), "--format", "json")
	require.NoError(t, err)
	require.Len(t, rep.Steps, 1)
	s := rep.Steps[0]
	assert.Zero(t, s.Errors)
	f.mu.Lock()
	assert.Equal(t, map[string]int{"usr_1": s.Status["201"] + 1}, f.subs, "every submission names the student made for the run")
	f.mu.Unlock()
	require.NotNil(t, s.Memory, "--pid samples memory")
	assert.Positive(t, s.Memory.MaxMiB)
}

func TestLoadFindSteps(t *testing.T) {
	f := &fakeClio{t: t, key: "test-key"}
	srv := httptest.NewServer(f)
	defer srv.Close()
	rep, out, err := runLoad(t, "--url", srv.URL, "--key", "test-key", "--essay", essayFile(t), "--find",
		"--from", "10", "--step", "10", "--max-rate", "30", "--step-duration", "200ms", "--p99", "5s")
	require.NoError(t, err)
	assert.Empty(t, rep.Steps, "text output")
	assert.Contains(t, out, "Highest rate with no errors and p99 under 5000 ms: 30/s")
	assert.Equal(t, 3, strings.Count(out, "feedback at "), "three steps: 10, 20, 30")
}

func TestLoadRefusesBadRuns(t *testing.T) {
	f := &fakeClio{t: t, key: "test-key"}
	srv := httptest.NewServer(f)
	defer srv.Close()
	essay := essayFile(t)
	tests := []struct {
		name  string
		args  []string
		usage bool
		msg   string
	}{
		{"ErrNotLoopback", []string{"--url", "http://192.0.2.1:8080", "--key", "k"}, true, "only loads a server on this machine"},
		{"ErrNoKey", []string{"--url", srv.URL, "--key", ""}, true, "API key"},
		{"ErrMode", []string{"--url", srv.URL, "--key", "k", "--mode", "delete"}, true, "--mode"},
		{"ErrRate", []string{"--url", srv.URL, "--key", "k", "--rate", "0"}, true, "rates"},
		{"ErrTooLong", []string{"--url", srv.URL, "--key", "k", "--duration", "2h"}, true, "durations"},
		{"ErrSteps", []string{"--url", srv.URL, "--key", "k", "--max-steps", "500"}, true, "--max-steps"},
		{"ErrWrongKey", []string{"--url", srv.URL, "--key", "wrong", "--essay", essay}, false, "401"},
		{"ErrNoEssay", []string{"--url", srv.URL, "--key", "test-key", "--essay", filepath.Join(t.TempDir(), "none.txt")}, false, "reading the essay"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, _, err := runLoad(t, append([]string{"--duration", "100ms"}, tt.args...)...)
			require.Error(t, err)
			assert.Equal(t, tt.usage, errors.Is(err, errUsage), "%v", err)
			assert.Contains(t, err.Error(), tt.msg)
		})
	}
	f.mu.Lock()
	assert.Zero(t, f.feedback, "no load reached the server from a refused run")
	f.mu.Unlock()
}
