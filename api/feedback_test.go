package api_test

import (
	"encoding/json"
	"strings"
	"testing"
	"unicode/utf16"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/clio-history/clio/api"
	"github.com/clio-history/clio/api/problem"
)

func TestHealthAndReadiness(t *testing.T) {
	e := newEnv(t)
	assert.Equal(t, "ok", e.ok("GET", "/healthz", "", nil, 200)["status"])
	assert.Equal(t, "ready", e.ok("GET", "/readyz", "", nil, 200)["status"])

	require.NoError(t, e.st.Close())
	w := e.do("GET", "/readyz", "", nil)
	wantProblem(t, w, problem.Unavailable)
	assert.NotEmpty(t, w.Header().Get("Retry-After"))
}

func TestAuthentication(t *testing.T) {
	e := newEnv(t)
	tests := []struct {
		name   string
		header string
	}{
		{"NoHeader", ""},
		{"NotBearer", "Basic " + e.admin},
		{"BearerWithoutKey", "Bearer "},
		{"UnknownKey", "Bearer clio_thisisnotakeythatexists"},
		{"HugeKey", "Bearer " + strings.Repeat("k", 5000)},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			w := e.do("GET", "/v1/me", "", nil, "Authorization", tc.header)
			b := wantProblem(t, w, problem.Unauthorized)
			assert.NotContains(t, b.Detail, e.admin)
		})
	}
	t.Run("ValidKey", func(t *testing.T) {
		me := e.ok("GET", "/v1/me", e.pupil, nil, 200)
		assert.Equal(t, "student", me["user"].(map[string]any)["role"])
		assert.Equal(t, true, me["organisation"].(map[string]any)["operator"])
		assert.NotContains(t, me["key"], "key", "the secret is never shown again")
	})
}

func TestFeedback(t *testing.T) {
	e := newEnv(t)
	rep := e.ok("POST", "/v1/feedback", e.pupil, map[string]any{
		"text": essayDraft2, "question": "Why did Stalin become leader of the USSR by 1929?", "locale": "en-GB"}, 200)
	assert.Equal(t, "1", rep["version"])
	assert.Equal(t, "aqa-a-level-essay-25", rep["rubric"].(map[string]any)["id"])
	assert.EqualValues(t, 25, rep["max_mark"])
	mark := rep["mark"].(float64)
	assert.GreaterOrEqual(t, mark, 0.0)
	assert.LessOrEqual(t, mark, 25.0)
	findings := rep["findings"].([]any)
	require.NotEmpty(t, findings)
	for _, f := range findings {
		f := f.(map[string]any)
		start, end := int(f["start"].(float64)), int(f["end"].(float64))
		assert.Equal(t, essayDraft2[start:end], f["text"], "byte offsets slice the text as submitted")
	}
	assert.NotContains(t, rep, "offsets")

	t.Run("AnyRoleMayAsk", func(t *testing.T) {
		for _, key := range []string{e.admin, e.tutor, e.integ} {
			e.ok("POST", "/v1/feedback", key, map[string]any{"text": essayDraft1}, 200)
		}
	})
	t.Run("NoStateKept", func(t *testing.T) {
		list := e.ok("GET", "/v1/submissions", e.admin, nil, 200)
		assert.Empty(t, list["submissions"])
	})
}

// utf16At is the UTF-16 offset of byte offset off in s.
func utf16At(s string, off int) int { return len(utf16.Encode([]rune(s[:off]))) }

func TestFeedbackUTF16Offsets(t *testing.T) {
	e := newEnv(t)
	// Curly quotes, an accent and a character outside the BMP before the
	// findings make byte, rune and UTF-16 offsets all differ.
	text := "“Stalin” 𝄞 became leader, déjà vu, because he controlled the party machine.\n\n" +
		"In conclusion, Stalin won because of his power in the party."
	req := map[string]any{"text": text}
	utf8Rep := e.ok("POST", "/v1/feedback", e.pupil, req, 200)
	req["offsets"] = "utf16"
	utf16Rep := e.ok("POST", "/v1/feedback", e.pupil, req, 200)
	assert.Equal(t, "utf16", utf16Rep["offsets"])
	for _, list := range []string{"findings", "dates"} {
		a, b := utf8Rep[list].([]any), utf16Rep[list].([]any)
		require.Len(t, b, len(a))
		for i := range a {
			fa, fb := a[i].(map[string]any), b[i].(map[string]any)
			for _, k := range []string{"start", "end"} {
				assert.Equal(t, utf16At(text, int(fa[k].(float64))), int(fb[k].(float64)), "%s[%d].%s", list, i, k)
			}
			assert.Equal(t, fa["text"], fb["text"])
		}
	}
	require.NotEmpty(t, utf8Rep["findings"])
}

func TestFeedbackBadInput(t *testing.T) {
	e := newEnv(t, func(c *api.Config) { c.MaxBody = 64 << 10 })
	huge := strings.Repeat("Stalin rose to power. ", 4000) // ~88 KB: over the body cap
	long := strings.Repeat("Stalin rose to power. ", 1000) // ~22 KB: under the body cap, over the essay cap
	tests := []struct {
		name    string
		body    any
		headers []string
		kind    problem.Kind
		field   string
	}{
		{"EmptyBody", "", nil, problem.BadRequest, ""},
		{"WhitespaceBody", "   \n", nil, problem.BadRequest, ""},
		{"MissingText", `{"question":"Why?"}`, nil, problem.InvalidText, "text"},
		{"EmptyText", `{"text":""}`, nil, problem.InvalidText, "text"},
		{"BlankText", `{"text":"  \n\t "}`, nil, problem.InvalidText, "text"},
		{"BinaryText", `{"text":"PK\u0003\u0004\u0000\u0000binary"}`, nil, problem.InvalidText, "text"},
		{"RawBinaryBody", []byte{0x89, 'P', 'N', 'G', 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0xff, 0xfe}, nil, problem.InvalidText, ""},
		{"NotUTF8", []byte("{\"text\":\"caf\xe9 au lait\"}"), nil, problem.InvalidText, ""},
		{"HugeBody", map[string]any{"text": huge}, nil, problem.TooLarge, ""},
		{"EssayOverLimit", map[string]any{"text": long}, nil, problem.TooLarge, "text"},
		{"BrokenJSON", `{"text": "Stalin`, nil, problem.BadRequest, ""},
		{"SyntaxError", `{"text" "x"}`, nil, problem.BadRequest, ""},
		{"WrongType", `{"text": 42}`, nil, problem.Invalid, "text"},
		{"ArrayBody", `["text"]`, nil, problem.BadRequest, ""},
		{"UnknownField", `{"text":"Stalin rose.","essay":"x"}`, nil, problem.UnknownField, "essay"},
		{"TrailingData", `{"text":"Stalin rose."} {"text":"again"}`, nil, problem.BadRequest, ""},
		{"NoContentType", `{"text":"Stalin rose."}`, []string{"Content-Type", ""}, problem.UnsupportedMedia, ""},
		{"FormContentType", `text=Stalin`, []string{"Content-Type", "application/x-www-form-urlencoded"}, problem.UnsupportedMedia, ""},
		{"Latin1Charset", `{"text":"Stalin rose."}`, []string{"Content-Type", "application/json; charset=latin1"}, problem.UnsupportedMedia, ""},
		{"UnknownRubric", `{"text":"Stalin rose to power.","rubric":"no-such-rubric"}`, nil, problem.Invalid, "rubric"},
		{"BadLocale", `{"text":"Stalin rose to power.","locale":"fr-FR"}`, nil, problem.Invalid, "locale"},
		{"BadOffsets", `{"text":"Stalin rose to power.","offsets":"utf32"}`, nil, problem.Invalid, "offsets"},
		{"UnknownTopic", `{"text":"Stalin rose to power.","topic":"atlantis"}`, nil, problem.Invalid, "topic"},
		{"NullBody", `null`, nil, problem.InvalidText, "text"},
		{"DeepNesting", `{"text":` + strings.Repeat("[", 20000) + `}`, nil, problem.BadRequest, ""},
		{"HugeNumberForString", `{"text":"Stalin rose.","locale":1e999}`, nil, problem.Invalid, "locale"},
		{"HugeQuestion", map[string]any{"text": "Stalin rose.", "question": strings.Repeat("Why? ", 1000)}, nil, problem.Invalid, "question"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			w := e.do("POST", "/v1/feedback", e.pupil, tc.body, tc.headers...)
			b := wantProblem(t, w, tc.kind)
			assert.Equal(t, tc.field, b.Field)
			assert.NotEmpty(t, b.Detail)
			assert.Less(t, w.Code, 500, "a client's mistake is never a 500")
		})
	}
	t.Run("UnknownFieldIsNamed", func(t *testing.T) {
		b := wantProblem(t, e.do("POST", "/v1/feedback", e.pupil, `{"text":"x","colour":"red"}`), problem.UnknownField)
		assert.Contains(t, b.Detail, `"colour"`)
	})
	t.Run("WrongMethod", func(t *testing.T) {
		wantProblem(t, e.do("GET", "/v1/feedback", e.pupil, nil), problem.MethodNotAllowed)
	})
	t.Run("NoSuchRoute", func(t *testing.T) {
		wantProblem(t, e.do("GET", "/v1/nothing-here", e.pupil, nil), problem.NotFound)
	})
}

func TestRequestIDs(t *testing.T) {
	e := newEnv(t)
	w := e.do("GET", "/healthz", "", nil, "X-Request-ID", "lms-1234.abc")
	assert.Equal(t, "lms-1234.abc", w.Header().Get("X-Request-ID"))

	w = e.do("GET", "/healthz", "", nil, "X-Request-ID", "bad id with spaces\n")
	rid := w.Header().Get("X-Request-ID")
	assert.Regexp(t, `^[0-9a-f]{16}$`, rid, "a malformed client id is replaced")

	b := wantProblem(t, e.do("GET", "/v1/me", "", nil, "X-Request-ID", "trace-77"), problem.Unauthorized)
	assert.Equal(t, "trace-77", b.RequestID)

	var found bool
	for _, line := range strings.Split(e.logs.String(), "\n") {
		if line == "" {
			continue
		}
		var rec map[string]any
		require.NoError(t, json.Unmarshal([]byte(line), &rec), "logs are JSON: %s", line)
		if rec["request_id"] == "trace-77" {
			found = true
			assert.Equal(t, "/v1/me", rec["path"])
			assert.EqualValues(t, 401, rec["status"])
		}
	}
	assert.True(t, found, "the request id is in the access log")
}

func TestRateLimit(t *testing.T) {
	e := newEnv(t, func(c *api.Config) { c.Rate = 1 }) // bursts of 2
	var limited int
	for range 5 {
		w := e.do("GET", "/v1/me", e.tutor, nil)
		if w.Code == 429 {
			limited++
			wantProblem(t, w, problem.RateLimited)
			assert.NotEmpty(t, w.Header().Get("Retry-After"))
		}
	}
	assert.GreaterOrEqual(t, limited, 1)
	// Another key has its own allowance.
	e.ok("GET", "/v1/me", e.pupil, nil, 200)

	// Guessing keys is limited by address.
	var guessesRefused int
	for range 5 {
		if w := e.do("GET", "/v1/me", "clio_guess", nil); w.Code == 429 {
			guessesRefused++
			wantProblem(t, w, problem.RateLimited)
		} else {
			wantProblem(t, w, problem.Unauthorized)
		}
	}
	assert.GreaterOrEqual(t, guessesRefused, 1)
}

func TestMetrics(t *testing.T) {
	e := newEnv(t)
	e.ok("POST", "/v1/feedback", e.pupil, map[string]any{"text": essayDraft1}, 200)
	e.do("POST", "/v1/feedback", e.pupil, `{"text":""}`)
	w := e.do("GET", "/metrics", "", nil)
	require.Equal(t, 200, w.Code)
	assert.Contains(t, w.Header().Get("Content-Type"), "text/plain")
	body := w.Body.String()
	for _, want := range []string{
		`clio_http_requests_total{route="/v1/feedback",method="POST",status="200"} 1`,
		`clio_http_requests_total{route="/v1/feedback",method="POST",status="422"} 1`,
		`clio_http_request_duration_seconds_bucket{route="/v1/feedback",le="+Inf"} 2`,
		`clio_http_request_duration_seconds_count{route="/v1/feedback"} 2`,
		`clio_marking_duration_seconds_count 1`,
		`clio_essays_marked_total 1`,
		`# TYPE clio_marking_duration_seconds histogram`,
	} {
		assert.Contains(t, body, want)
	}
}
