package main

import (
	"bufio"
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"text/tabwriter"
	"time"
)

// Bounds on a run, so that a mistyped flag cannot load the machine for hours.
const (
	maxDuration = 10 * time.Minute
	maxRate     = 5000
	maxSteps    = 50
)

var errUsage = errors.New("usage")

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	if err := load(ctx, args, stdout, stderr); err != nil {
		fmt.Fprintf(stderr, "clioload: %v\n", err)
		if errors.Is(err, errUsage) {
			return 2
		}
		return 1
	}
	return 0
}

// Report is what clioload prints (as JSON with --format json).
type Report struct {
	Mode       string       `json:"mode"`
	URL        string       `json:"url"`
	EssayBytes int          `json:"essay_bytes"`
	EssayWords int          `json:"essay_words"`
	P99BoundMS float64      `json:"p99_bound_ms,omitempty"`
	Steps      []StepResult `json:"steps"`
	// BestRate is, when searching, the highest rate that met the bound (0
	// if none did).
	BestRate float64 `json:"best_rate,omitempty"`
}

type options struct {
	url, key, mode, essay, question, format, serveBin string
	rate, from, step, maxRate                         float64
	find                                              bool
	duration, stepDuration, timeout, p99              time.Duration
	steps, pid                                        int
	maxWorkers                                        uint64
}

func parseFlags(args []string, stderr io.Writer) (*options, error) {
	o := &options{}
	fs := flag.NewFlagSet("clioload", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprintln(stderr, "Usage: clioload [flags]\n\nLoads clio serve on this machine with a 1,000-word essay and reports latency, errors and memory.\n\nFlags:")
		fs.PrintDefaults()
	}
	fs.StringVar(&o.url, "url", "http://127.0.0.1:8080", "the server's base URL (loopback only)")
	fs.StringVar(&o.key, "key", os.Getenv("CLIO_ADMIN_KEY"), "API key (default env CLIO_ADMIN_KEY); an admin's for --mode submissions")
	fs.StringVar(&o.mode, "mode", modeFeedback, "feedback (POST /v1/feedback) or submissions (POST /v1/submissions, stored)")
	fs.StringVar(&o.essay, "essay", "", "essay file (default fixtures/bench/essay-1000.txt in the enclosing repository)")
	fs.StringVar(&o.question, "question", "", "the essay question sent with it (default none)")
	fs.StringVar(&o.format, "format", "text", "output format: text or json")
	fs.StringVar(&o.serveBin, "serve", "", "start this clio binary as the server (clio serve on 127.0.0.1, a fresh temporary database, no per-key rate limit), load it, then stop it; --url, --key and --pid are then set for you")
	fs.Float64Var(&o.rate, "rate", 10, "requests per second")
	fs.DurationVar(&o.duration, "duration", 10*time.Second, "how long to load at --rate")
	fs.BoolVar(&o.find, "find", false, "step the rate up from --from by --step until p99 reaches --p99 or a request fails")
	fs.Float64Var(&o.from, "from", 2, "first rate of --find")
	fs.Float64Var(&o.step, "step", 2, "rate added at each step of --find")
	fs.Float64Var(&o.maxRate, "max-rate", 100, "highest rate --find tries")
	fs.IntVar(&o.steps, "max-steps", 25, "most steps --find runs")
	fs.DurationVar(&o.stepDuration, "step-duration", 10*time.Second, "how long each step of --find lasts")
	fs.DurationVar(&o.p99, "p99", 100*time.Millisecond, "latency bound for --find")
	fs.DurationVar(&o.timeout, "timeout", 10*time.Second, "per-request timeout")
	fs.IntVar(&o.pid, "pid", 0, "the server's process id, to sample its memory (VmRSS) during the run")
	fs.Uint64Var(&o.maxWorkers, "max-workers", 512, "most requests in flight at once")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return nil, err
		}
		return nil, fmt.Errorf("%w: %v", errUsage, err)
	}
	bad := func(format string, a ...any) error {
		return fmt.Errorf("%w: "+format, append([]any{errUsage}, a...)...)
	}
	switch {
	case fs.NArg() > 0:
		return nil, bad("unexpected argument %q", fs.Arg(0))
	case o.mode != modeFeedback && o.mode != modeSubmissions:
		return nil, bad("--mode must be feedback or submissions, not %q", o.mode)
	case o.format != "text" && o.format != "json":
		return nil, bad("--format must be text or json, not %q", o.format)
	case o.rate <= 0 || o.rate > maxRate || o.from <= 0 || o.from > maxRate || o.maxRate > maxRate:
		return nil, bad("rates must be above 0 and at most %d per second", maxRate)
	case o.step <= 0:
		return nil, bad("--step must be above 0")
	case o.duration <= 0 || o.duration > maxDuration || o.stepDuration <= 0 || o.stepDuration > maxDuration:
		return nil, bad("durations must be above 0 and at most %v", maxDuration)
	case o.steps < 1 || o.steps > maxSteps:
		return nil, bad("--max-steps must be from 1 to %d", maxSteps)
	case o.timeout <= 0 || o.p99 <= 0:
		return nil, bad("--timeout and --p99 must be above 0")
	case o.maxWorkers < 1 || o.maxWorkers > 10000:
		return nil, bad("--max-workers must be from 1 to 10000")
	case o.pid < 0:
		return nil, bad("--pid must not be negative")
	}
	if o.serveBin == "" {
		if _, err := checkLoopback(o.url); err != nil {
			return nil, fmt.Errorf("%w: %v", errUsage, err)
		}
		if o.key == "" {
			return nil, bad("an API key is needed: --key or CLIO_ADMIN_KEY")
		}
	}
	return o, nil
}

func load(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	o, err := parseFlags(args, stderr)
	if errors.Is(err, flag.ErrHelp) {
		return nil
	}
	if err != nil {
		return err
	}
	essayPath := o.essay
	if essayPath == "" {
		if essayPath, err = findEssay(); err != nil {
			return err
		}
	}
	text, err := os.ReadFile(essayPath)
	if err != nil {
		return fmt.Errorf("reading the essay: %w", err)
	}

	if o.serveBin != "" {
		srv, err := startServer(ctx, o.serveBin, stderr)
		if err != nil {
			return err
		}
		defer srv.stop(stderr)
		o.url, o.key, o.pid = srv.url, srv.key, srv.cmd.Process.Pid
	}

	c := &client{base: strings.TrimRight(o.url, "/"), key: o.key, http: &http.Client{Timeout: 30 * time.Second}}
	tgt := target{Key: o.key}
	body := map[string]string{"text": string(text)}
	if o.question != "" {
		body["question"] = o.question
	}
	switch o.mode {
	case modeFeedback:
		tgt.URL, tgt.Expect = c.base+"/v1/feedback", http.StatusOK
	case modeSubmissions:
		id, err := c.createStudent(ctx)
		if err != nil {
			return err
		}
		body["student_id"] = id
		tgt.URL, tgt.Expect = c.base+"/v1/submissions", http.StatusCreated
	}
	if tgt.Body, err = json.Marshal(body); err != nil {
		return err
	}
	// One request first: a wrong key or a broken server is reported plainly
	// instead of as thousands of failures.
	if _, err := c.do(ctx, http.MethodPost, strings.TrimPrefix(tgt.URL, c.base), body, nil); err != nil {
		return fmt.Errorf("the first request failed, so no load was sent: %w", err)
	}

	runStep := func(rate float64, d time.Duration) StepResult {
		var stop func() *MemoryTrace
		if o.pid > 0 {
			stop = sampleRSS(o.pid, time.Second)
		}
		fmt.Fprintf(stderr, "clioload: %s at %g/s for %v\n", o.mode, rate, d)
		s := attack(ctx, tgt, rate, d, o.timeout, o.maxWorkers)
		if stop != nil {
			s.Memory = stop()
		}
		return s
	}
	rep := &Report{Mode: o.mode, URL: tgt.URL, EssayBytes: len(text), EssayWords: len(strings.Fields(string(text)))}
	if o.find {
		rep.P99BoundMS = msOf(o.p99)
		rep.Steps, rep.BestRate = findRate(ctx, stepRates(o.from, o.step, o.maxRate, o.steps), o.p99,
			func(r float64) StepResult { return runStep(r, o.stepDuration) })
	} else {
		rep.Steps = []StepResult{runStep(o.rate, o.duration)}
	}
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("interrupted: %w", err)
	}
	if o.format == "json" {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(rep)
	}
	render(stdout, rep)
	return nil
}

func render(w io.Writer, r *Report) {
	fmt.Fprintf(w, "%s: %s, a %d-word essay (%d bytes)\n\n", r.Mode, r.URL, r.EssayWords, r.EssayBytes)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "target/s\tsent/s\tok/s\tp50 ms\tp90 ms\tp99 ms\tmax ms\terrors\tstatus\tRSS MiB first/max/last (growth)\tload\t")
	for _, s := range r.Steps {
		mem := "-"
		if m := s.Memory; m != nil {
			mem = fmt.Sprintf("%.0f/%.0f/%.0f (%+.1f)", m.FirstMiB, m.MaxMiB, m.LastMiB, m.GrowthMiB)
		}
		fmt.Fprintf(tw, "%g\t%.1f\t%.1f\t%.1f\t%.1f\t%.1f\t%.1f\t%d\t%s\t%s\t%.1f\t\n", s.TargetRate, s.Rate, s.Throughput,
			s.P50MS, s.P90MS, s.P99MS, s.MaxMS, s.Errors, statusLine(s.Status), mem, s.LoadAvg)
	}
	tw.Flush()
	for _, s := range r.Steps {
		for _, e := range s.ErrorSamples {
			fmt.Fprintf(w, "  at %g/s: %s\n", s.TargetRate, e)
		}
	}
	if r.P99BoundMS > 0 {
		if r.BestRate > 0 {
			fmt.Fprintf(w, "\nHighest rate with no errors and p99 under %.0f ms: %g/s\n", r.P99BoundMS, r.BestRate)
		} else {
			fmt.Fprintf(w, "\nNo rate tried met p99 under %.0f ms with no errors.\n", r.P99BoundMS)
		}
	}
}

func statusLine(m map[string]int) string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	parts := make([]string, len(keys))
	for i, k := range keys {
		parts[i] = fmt.Sprintf("%s×%d", k, m[k])
	}
	return strings.Join(parts, " ")
}

// findEssay walks up from the working directory to fixtures/bench.
func findEssay() (string, error) {
	wd, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for d := wd; ; d = filepath.Dir(d) {
		p := filepath.Join(d, "fixtures", "bench", "essay-1000.txt")
		if _, err := os.Stat(p); err == nil {
			return p, nil
		}
		if filepath.Dir(d) == d {
			return "", fmt.Errorf("no fixtures/bench/essay-1000.txt in %s or above it; pass --essay", wd)
		}
	}
}

// server is a clio serve child process started by --serve.
type server struct {
	cmd  *exec.Cmd
	dir  string
	url  string
	key  string
	done chan error
}

// startServer runs BIN serve on a free loopback port with a fresh database
// in a temporary directory and waits until it is ready.
func startServer(ctx context.Context, bin string, stderr io.Writer) (*server, error) {
	dir, err := os.MkdirTemp("", "clioload-")
	if err != nil {
		return nil, err
	}
	var k [24]byte
	_, _ = rand.Read(k[:])
	s := &server{dir: dir, key: "clioload-" + hex.EncodeToString(k[:]), done: make(chan error, 1)}
	s.cmd = exec.Command(bin, "serve", "--addr", "127.0.0.1:0", "--data", filepath.Join(dir, "data"), "--rate", "0", "--log-level", "warn")
	s.cmd.Env = append(os.Environ(), "CLIO_ADMIN_KEY="+s.key)
	s.cmd.Stderr = stderr
	out, err := s.cmd.StdoutPipe()
	if err != nil {
		os.RemoveAll(dir)
		return nil, err
	}
	if err := s.cmd.Start(); err != nil {
		os.RemoveAll(dir)
		return nil, fmt.Errorf("starting %s serve: %w", bin, err)
	}
	addr := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(out)
		for sc.Scan() {
			if _, after, ok := strings.Cut(sc.Text(), "listening on "); ok {
				select {
				case addr <- strings.Fields(after)[0]:
				default:
				}
			}
		}
		s.done <- s.cmd.Wait()
	}()
	wctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	select {
	case s.url = <-addr:
	case err := <-s.done:
		os.RemoveAll(dir)
		return nil, fmt.Errorf("%s serve exited before listening: %v", bin, err)
	case <-wctx.Done():
		s.stop(stderr)
		return nil, fmt.Errorf("%s serve did not say where it listens within 30s", bin)
	}
	if _, err := checkLoopback(s.url); err != nil {
		s.stop(stderr)
		return nil, err
	}
	c := &client{base: s.url, http: &http.Client{Timeout: 2 * time.Second}}
	if err := c.waitReady(wctx); err != nil {
		s.stop(stderr)
		return nil, err
	}
	fmt.Fprintf(stderr, "clioload: started %s serve at %s (pid %d)\n", bin, s.url, s.cmd.Process.Pid)
	return s, nil
}

// stop ends the server with SIGTERM (SIGKILL after 30 s) and removes its data.
func (s *server) stop(stderr io.Writer) {
	defer os.RemoveAll(s.dir)
	_ = s.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-s.done:
	case <-time.After(30 * time.Second):
		fmt.Fprintln(stderr, "clioload: the server did not stop within 30s of SIGTERM; killing it")
		_ = s.cmd.Process.Kill()
		<-s.done
	}
}
