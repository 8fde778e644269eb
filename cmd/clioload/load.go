package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"net"
	"net/http"
	"net/url"
	"os"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	vegeta "github.com/tsenart/vegeta/v12/lib"
)

// Modes of load.
const (
	modeFeedback    = "feedback"    // POST /v1/feedback: marked, not stored
	modeSubmissions = "submissions" // POST /v1/submissions: marked and stored
)

// checkLoopback refuses any target but this machine: clioload is for
// measuring a local server, never for loading someone else's.
func checkLoopback(raw string) (*url.URL, error) {
	u, err := url.Parse(raw)
	if err != nil {
		return nil, fmt.Errorf("--url %q: %w", raw, err)
	}
	if u.Scheme != "http" && u.Scheme != "https" {
		return nil, fmt.Errorf("--url %q: the scheme must be http or https", raw)
	}
	host := u.Hostname()
	if host == "localhost" {
		return u, nil
	}
	ip := net.ParseIP(host)
	if ip == nil || !ip.IsLoopback() {
		return nil, fmt.Errorf("--url %q: clioload only loads a server on this machine (127.0.0.1, [::1] or localhost)", raw)
	}
	return u, nil
}

// StepResult is one run at one rate.
type StepResult struct {
	TargetRate   float64        `json:"target_rate"`
	DurationS    float64        `json:"duration_s"`
	Requests     uint64         `json:"requests"`
	Rate         float64        `json:"rate"`       // requests sent per second
	Throughput   float64        `json:"throughput"` // successful responses per second
	Success      float64        `json:"success"`    // fraction of 2xx/3xx responses
	P50MS        float64        `json:"p50_ms"`
	P90MS        float64        `json:"p90_ms"`
	P99MS        float64        `json:"p99_ms"`
	MaxMS        float64        `json:"max_ms"`
	Status       map[string]int `json:"status"` // "0" counts transport errors
	Errors       int            `json:"errors"`
	ErrorSamples []string       `json:"error_samples,omitempty"`
	Memory       *MemoryTrace   `json:"memory,omitempty"`
	// LoadAvg is the machine's 1-minute load average at the end of the
	// step; above the core count, other work competed with the server.
	LoadAvg float64 `json:"load_avg"`
}

// Passed reports whether the step met the bound: no errors and p99 below it.
func (s StepResult) Passed(p99 time.Duration) bool {
	return s.Requests > 0 && s.Errors == 0 && s.P99MS < msOf(p99)
}

func msOf(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

// target is what every request of a run sends.
type target struct {
	URL    string
	Key    string
	Body   []byte
	Expect int // the status of success: 200 for feedback, 201 for submissions
}

// attack sends tgt at rate for d and summarises the responses.
func attack(ctx context.Context, tgt target, rate float64, d, timeout time.Duration, maxWorkers uint64) StepResult {
	h := http.Header{}
	h.Set("Content-Type", "application/json")
	h.Set("Authorization", "Bearer "+tgt.Key)
	atk := vegeta.NewAttacker(vegeta.Timeout(timeout), vegeta.Redirects(vegeta.NoFollow), vegeta.KeepAlive(true),
		vegeta.MaxWorkers(maxWorkers), vegeta.MaxBody(1<<20))
	tr := vegeta.NewStaticTargeter(vegeta.Target{Method: http.MethodPost, URL: tgt.URL, Body: tgt.Body, Header: h})
	pacer := vegeta.ConstantPacer{Freq: max(1, int(math.Round(rate*1000))), Per: 1000 * time.Second} // fractional rates too
	stop := context.AfterFunc(ctx, func() { atk.Stop() })
	defer stop()

	var m vegeta.Metrics
	errs := 0
	samples := map[string]bool{}
	for res := range atk.Attack(tr, pacer, d, "clioload") {
		m.Add(res)
		if int(res.Code) != tgt.Expect {
			errs++
			msg := res.Error
			if msg == "" {
				msg = fmt.Sprintf("status %d", res.Code)
			}
			if body := strings.TrimSpace(string(res.Body)); body != "" && res.Code >= 400 {
				msg += ": " + truncate(body, 200)
			}
			if len(samples) < 5 {
				samples[msg] = true
			}
		}
	}
	m.Close()
	out := StepResult{TargetRate: rate, DurationS: m.Duration.Seconds(), Requests: m.Requests, Rate: m.Rate,
		Throughput: m.Throughput, Success: m.Success, P50MS: msOf(m.Latencies.P50), P90MS: msOf(m.Latencies.P90),
		P99MS: msOf(m.Latencies.P99), MaxMS: msOf(m.Latencies.Max), Status: m.StatusCodes, Errors: errs}
	out.LoadAvg = loadAvg()
	for s := range samples {
		out.ErrorSamples = append(out.ErrorSamples, s)
	}
	sort.Strings(out.ErrorSamples)
	return out
}

// loadAvg is the 1-minute load average, or 0 where /proc/loadavg is missing.
func loadAvg() float64 {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return 0
	}
	f := strings.Fields(string(b))
	if len(f) == 0 {
		return 0
	}
	v, _ := strconv.ParseFloat(f[0], 64)
	return v
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "…"
}

// MemoryTrace is the server's resident memory sampled during a run.
type MemoryTrace struct {
	Samples  int     `json:"samples"`
	FirstMiB float64 `json:"first_mib"`
	LastMiB  float64 `json:"last_mib"`
	MaxMiB   float64 `json:"max_mib"`
	// GrowthMiB is the median of the last third of the samples minus the
	// median of the first third: near 0 when memory is flat.
	GrowthMiB float64   `json:"growth_mib"`
	SeriesMiB []float64 `json:"series_mib"`
}

// readRSS reads VmRSS (in bytes) from a /proc/PID/status file.
func readRSS(r io.Reader) (uint64, error) {
	sc := bufio.NewScanner(r)
	for sc.Scan() {
		line := sc.Text()
		if !strings.HasPrefix(line, "VmRSS:") {
			continue
		}
		f := strings.Fields(strings.TrimPrefix(line, "VmRSS:"))
		if len(f) != 2 || f[1] != "kB" {
			return 0, fmt.Errorf("unexpected VmRSS line %q", line)
		}
		kb, err := strconv.ParseUint(f[0], 10, 64)
		if err != nil {
			return 0, fmt.Errorf("unexpected VmRSS line %q: %w", line, err)
		}
		return kb * 1024, nil
	}
	if err := sc.Err(); err != nil {
		return 0, err
	}
	return 0, errors.New("no VmRSS line (is the process a zombie?)")
}

func rssOf(pid int) (uint64, error) {
	f, err := os.Open(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0, err
	}
	defer f.Close()
	return readRSS(f)
}

// sampleRSS samples pid's memory every interval until stop is called.
func sampleRSS(pid int, every time.Duration) (stop func() *MemoryTrace) {
	var mu sync.Mutex
	var series []float64
	done := make(chan struct{})
	finished := make(chan struct{})
	take := func() {
		if b, err := rssOf(pid); err == nil {
			mu.Lock()
			series = append(series, float64(b)/(1<<20))
			mu.Unlock()
		}
	}
	go func() {
		defer close(finished)
		t := time.NewTicker(every)
		defer t.Stop()
		take()
		for {
			select {
			case <-done:
				take()
				return
			case <-t.C:
				take()
			}
		}
	}()
	return func() *MemoryTrace {
		close(done)
		<-finished
		mu.Lock()
		defer mu.Unlock()
		return traceOf(series)
	}
}

func traceOf(series []float64) *MemoryTrace {
	if len(series) == 0 {
		return nil
	}
	tr := &MemoryTrace{Samples: len(series), FirstMiB: series[0], LastMiB: series[len(series)-1], SeriesMiB: series}
	for _, v := range series {
		tr.MaxMiB = max(tr.MaxMiB, v)
	}
	third := max(1, len(series)/3)
	tr.GrowthMiB = median(series[len(series)-third:]) - median(series[:third])
	return tr
}

func median(v []float64) float64 {
	s := append([]float64(nil), v...)
	sort.Float64s(s)
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}

// stepRates lists the rates of a search: from, from+step, ... up to max,
// at most n of them.
func stepRates(from, step, maxRate float64, n int) []float64 {
	var out []float64
	for r := from; r <= maxRate+1e-9 && len(out) < n; r += step {
		out = append(out, r)
	}
	return out
}

// findRate runs the steps in order and stops at the first that fails the
// bound. It returns every step run and the highest rate that passed (0 if
// none did).
func findRate(ctx context.Context, rates []float64, p99 time.Duration, run func(rate float64) StepResult) ([]StepResult, float64) {
	var steps []StepResult
	best := 0.0
	for _, r := range rates {
		if ctx.Err() != nil {
			break
		}
		s := run(r)
		steps = append(steps, s)
		if !s.Passed(p99) {
			break
		}
		best = r
	}
	return steps, best
}

// client talks to the server for setup (creating a student) outside the
// measured load.
type client struct {
	base string
	key  string
	http *http.Client
}

func (c *client) do(ctx context.Context, method, path string, in, out any) (int, error) {
	var body io.Reader
	if in != nil {
		b, err := json.Marshal(in)
		if err != nil {
			return 0, err
		}
		body = bytes.NewReader(b)
	}
	req, err := http.NewRequestWithContext(ctx, method, c.base+path, body)
	if err != nil {
		return 0, err
	}
	req.Header.Set("Authorization", "Bearer "+c.key)
	if in != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := c.http.Do(req)
	if err != nil {
		return 0, fmt.Errorf("%s %s: %w", method, path, err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(io.LimitReader(resp.Body, 4<<20))
	if err != nil {
		return resp.StatusCode, fmt.Errorf("%s %s: reading the response: %w", method, path, err)
	}
	if resp.StatusCode >= 300 {
		return resp.StatusCode, fmt.Errorf("%s %s: %s: %s", method, path, resp.Status, truncate(strings.TrimSpace(string(b)), 300))
	}
	if out != nil {
		if err := json.Unmarshal(b, out); err != nil {
			return resp.StatusCode, fmt.Errorf("%s %s: decoding the response: %w", method, path, err)
		}
	}
	return resp.StatusCode, nil
}

// createStudent makes a student in the key's organisation to submit for.
func (c *client) createStudent(ctx context.Context) (string, error) {
	var u struct {
		ID string `json:"id"`
	}
	if _, err := c.do(ctx, http.MethodPost, "/v1/users", map[string]string{"name": "Load test student", "role": "student"}, &u); err != nil {
		return "", fmt.Errorf("creating a student for the submissions (the key must be an admin's): %w", err)
	}
	if u.ID == "" {
		return "", errors.New("creating a student: the response has no id")
	}
	return u.ID, nil
}

// waitReady polls /readyz until it answers 200 or ctx ends.
func (c *client) waitReady(ctx context.Context) error {
	for {
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, c.base+"/readyz", nil)
		if err != nil {
			return err
		}
		if resp, err := c.http.Do(req); err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return nil
			}
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("the server at %s was not ready: %w", c.base, ctx.Err())
		case <-time.After(100 * time.Millisecond):
		}
	}
}
