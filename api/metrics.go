package api

import (
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"
)

// latencyBuckets are the upper bounds, in seconds, of the histograms.
var latencyBuckets = []float64{0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10}

type histogram struct {
	counts []uint64 // per bucket, not cumulative; the last is +Inf
	sum    float64
	n      uint64
}

func newHistogram() *histogram { return &histogram{counts: make([]uint64, len(latencyBuckets)+1)} }

func (h *histogram) observe(v float64) {
	i := sort.SearchFloat64s(latencyBuckets, v)
	h.counts[i]++
	h.sum += v
	h.n++
}

func (h *histogram) write(w io.Writer, name, labels string) {
	sep := ""
	if labels != "" {
		sep = ","
	}
	var cum uint64
	for i, ub := range latencyBuckets {
		cum += h.counts[i]
		fmt.Fprintf(w, "%s_bucket{%s%sle=\"%s\"} %d\n", name, labels, sep, strconv.FormatFloat(ub, 'g', -1, 64), cum)
	}
	cum += h.counts[len(latencyBuckets)]
	fmt.Fprintf(w, "%s_bucket{%s%sle=\"+Inf\"} %d\n", name, labels, sep, cum)
	if labels != "" {
		labels = "{" + labels + "}"
	}
	fmt.Fprintf(w, "%s_sum%s %s\n%s_count%s %d\n", name, labels, strconv.FormatFloat(h.sum, 'g', -1, 64), name, labels, h.n)
}

type requestKey struct {
	route, method string
	status        int
}

// metrics are the Prometheus series /metrics exposes, written by hand in the
// text exposition format.
type metrics struct {
	mu          sync.Mutex
	requests    map[requestKey]uint64
	latency     map[string]*histogram // by route
	marking     *histogram
	marked      uint64
	markFailed  uint64
	shed        uint64
	limited     uint64
	markingBusy int
	waiting     int
}

func newMetrics() *metrics {
	return &metrics{requests: map[requestKey]uint64{}, latency: map[string]*histogram{}, marking: newHistogram()}
}

func (m *metrics) request(route, method string, status int, d time.Duration) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.requests[requestKey{route, method, status}]++
	h, ok := m.latency[route]
	if !ok {
		h = newHistogram()
		m.latency[route] = h
	}
	h.observe(d.Seconds())
}

func (m *metrics) markStart() {
	m.mu.Lock()
	m.markingBusy++
	m.mu.Unlock()
}

func (m *metrics) markDone(d time.Duration, ok bool) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.markingBusy--
	if ok {
		m.marked++
		m.marking.observe(d.Seconds())
	} else {
		m.markFailed++
	}
}

// waitStart and waitDone count the essays waiting for a marking slot.
func (m *metrics) waitStart() {
	m.mu.Lock()
	m.waiting++
	m.mu.Unlock()
}

func (m *metrics) waitDone() {
	m.mu.Lock()
	m.waiting--
	m.mu.Unlock()
}

func (m *metrics) shedOne() {
	m.mu.Lock()
	m.shed++
	m.mu.Unlock()
}

func (m *metrics) rateLimited() {
	m.mu.Lock()
	m.limited++
	m.mu.Unlock()
}

func escapeLabel(s string) string {
	return strings.NewReplacer(`\`, `\\`, `"`, `\"`, "\n", `\n`).Replace(s)
}

// write renders every series, sorted so the output is stable.
func (m *metrics) write(w io.Writer) {
	m.mu.Lock()
	defer m.mu.Unlock()
	fmt.Fprintln(w, "# HELP clio_http_requests_total HTTP requests handled, by route, method and status.")
	fmt.Fprintln(w, "# TYPE clio_http_requests_total counter")
	keys := make([]requestKey, 0, len(m.requests))
	for k := range m.requests {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		a, b := keys[i], keys[j]
		if a.route != b.route {
			return a.route < b.route
		}
		if a.method != b.method {
			return a.method < b.method
		}
		return a.status < b.status
	})
	for _, k := range keys {
		fmt.Fprintf(w, "clio_http_requests_total{route=\"%s\",method=\"%s\",status=\"%d\"} %d\n",
			escapeLabel(k.route), escapeLabel(k.method), k.status, m.requests[k])
	}
	fmt.Fprintln(w, "# HELP clio_http_request_duration_seconds Time to handle a request, by route.")
	fmt.Fprintln(w, "# TYPE clio_http_request_duration_seconds histogram")
	routes := make([]string, 0, len(m.latency))
	for r := range m.latency {
		routes = append(routes, r)
	}
	sort.Strings(routes)
	for _, r := range routes {
		m.latency[r].write(w, "clio_http_request_duration_seconds", fmt.Sprintf("route=\"%s\"", escapeLabel(r)))
	}
	fmt.Fprintln(w, "# HELP clio_marking_duration_seconds Time to analyse and mark one essay.")
	fmt.Fprintln(w, "# TYPE clio_marking_duration_seconds histogram")
	m.marking.write(w, "clio_marking_duration_seconds", "")
	fmt.Fprintln(w, "# HELP clio_essays_marked_total Essays analysed and marked.")
	fmt.Fprintln(w, "# TYPE clio_essays_marked_total counter")
	fmt.Fprintf(w, "clio_essays_marked_total %d\n", m.marked)
	fmt.Fprintln(w, "# HELP clio_marking_failures_total Essays that could not be marked (bad text, unknown rubric, errors).")
	fmt.Fprintln(w, "# TYPE clio_marking_failures_total counter")
	fmt.Fprintf(w, "clio_marking_failures_total %d\n", m.markFailed)
	fmt.Fprintln(w, "# HELP clio_marking_in_progress Essays being marked now.")
	fmt.Fprintln(w, "# TYPE clio_marking_in_progress gauge")
	fmt.Fprintf(w, "clio_marking_in_progress %d\n", m.markingBusy)
	fmt.Fprintln(w, "# HELP clio_marking_waiting Essays waiting for a marking slot.")
	fmt.Fprintln(w, "# TYPE clio_marking_waiting gauge")
	fmt.Fprintf(w, "clio_marking_waiting %d\n", m.waiting)
	fmt.Fprintln(w, "# HELP clio_marking_shed_total Requests refused with 503 because every marking slot stayed busy.")
	fmt.Fprintln(w, "# TYPE clio_marking_shed_total counter")
	fmt.Fprintf(w, "clio_marking_shed_total %d\n", m.shed)
	fmt.Fprintln(w, "# HELP clio_rate_limited_total Requests refused with 429.")
	fmt.Fprintln(w, "# TYPE clio_rate_limited_total counter")
	fmt.Fprintf(w, "clio_rate_limited_total %d\n", m.limited)
}
