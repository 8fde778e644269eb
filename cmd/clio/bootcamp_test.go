package main

import (
	"crypto/x509"
	"encoding/base64"
	"encoding/json"
	"encoding/pem"
	"fmt"
	"html"
	"io"
	"net"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/lestrrat-go/jwx/v3/jwk"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/clio-history/clio/fixtures"
)

// The LTI Bootcamp platform (../shared/lti-platforms/ltibootcamp, Apache-2.0,
// Python/Flask) is an LTI 1.3 platform no one on this project wrote. These
// tests run it unchanged from ../shared beside a real `clio serve`, register
// each with the other as their administrators would, and act as the browser
// between them.
//
// Where the platform departs from the LTI 1.3 specifications,
// testdata/bootcamp/run_platform.py can correct it around the unchanged
// code; each correction is named after the departure:
//
//	message-type        it sends LTIResourceLinkLaunch and LTIDeepLinkingRequest, not
//	                    LtiResourceLinkRequest and LtiDeepLinkingRequest (LTI Core 1.3)
//	target-link-uri     its resource link launches lack the required target_link_uri claim
//	deep-link-settings  its deep linking settings lack deep_link_return_url and offer
//	                    "ltiLink", not "ltiResourceLink" (Deep Linking 2.0)
//	deep-link-jwt       it reads the deep linking response from jws_token, not JWT (Deep Linking 2.0)
//	bearer              it base64-decodes the bearer token, which RFC 6750 sends as issued
//	delete-line-item    DELETE of a line item answers 200 and deletes nothing
//	nrps-v2             its memberships are LTI 1.x's LIS v2 container, not NRPS 2.0's
//
// TestBootcampDeviations shows, one departure at a time, what Clio does
// when the correction is off; the other tests run with all of them on.
// One departure Clio meets by a setting instead: the platform takes the
// OpenID Connect authorisation request only by POST, where OpenID Connect
// Core §3.1.2.1 requires both GET and POST, so it is registered in Clio
// with auth_method "post".
var allCorrections = []string{"message-type", "target-link-uri", "deep-link-settings", "deep-link-jwt",
	"bearer", "delete-line-item", "nrps-v2"}

// bootcampPython is Debian's interpreter, which sees the Debian packages
// (python3-flask, python3-jwt, python3-cryptography, python3-pycryptodome,
// python3-dateutil) the platform needs; .ci/run installs them.
const bootcampPython = "/usr/bin/python3"

// needBootcamp returns the platform's server directory, or skips (fails
// under CI) when the shared copy or its Python packages are missing.
func needBootcamp(t *testing.T) string {
	t.Helper()
	dir := fixtures.NeedShared(t, "lti-platforms", "ltibootcamp", "server")
	out, err := exec.Command(bootcampPython, "-c", "import flask, jwt, Cryptodome, dateutil").CombinedOutput()
	if err != nil {
		msg := fmt.Sprintf("the LTI Bootcamp platform needs %s with Debian's python3-flask, python3-jwt, python3-cryptography, python3-pycryptodome and python3-dateutil: %v\n%s", bootcampPython, err, out)
		if os.Getenv("CI") != "" {
			t.Fatal(msg)
		}
		t.Skip(msg)
	}
	return dir
}

// bootcamp is a running LTI Bootcamp platform.
type bootcamp struct {
	url    string // also its issuer
	cmd    *exec.Cmd
	log    *syncBuffer
	exited chan struct{}
}

func freePort(t *testing.T) int {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port
}

// startBootcamp starts the platform from serverDir on a free loopback port,
// from a temporary working directory, with the named corrections.
func startBootcamp(t *testing.T, serverDir string, corrections ...string) *bootcamp {
	t.Helper()
	return startBootcampOn(t, serverDir, freePort(t), corrections...)
}

func startBootcampOn(t *testing.T, serverDir string, port int, corrections ...string) *bootcamp {
	t.Helper()
	launcher, err := filepath.Abs(filepath.Join("testdata", "bootcamp", "run_platform.py"))
	require.NoError(t, err)
	b := &bootcamp{url: "http://127.0.0.1:" + strconv.Itoa(port), log: &syncBuffer{}, exited: make(chan struct{})}
	b.cmd = exec.Command(bootcampPython, launcher, serverDir, strconv.Itoa(port), strings.Join(corrections, ","))
	b.cmd.Dir = t.TempDir()
	// Python must not write bytecode beside the read-only shared copy.
	b.cmd.Env = append(os.Environ(), "PYTHONDONTWRITEBYTECODE=1", "PYTHONUNBUFFERED=1")
	b.cmd.Stdout, b.cmd.Stderr = b.log, b.log
	require.NoError(t, b.cmd.Start())
	go func() {
		_ = b.cmd.Wait()
		close(b.exited)
	}()
	t.Cleanup(func() {
		b.stop()
		if t.Failed() {
			t.Logf("LTI Bootcamp platform log:\n%s", b.log.String())
		}
	})
	deadline := time.Now().Add(60 * time.Second)
	for {
		resp, err := http.Get(b.url + "/ping")
		if err == nil {
			body, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if string(body) == "pong!" {
				return b
			}
		}
		select {
		case <-b.exited:
			t.Fatalf("the LTI Bootcamp platform exited at start:\n%s", b.log.String())
		default:
		}
		require.True(t, time.Now().Before(deadline), "the LTI Bootcamp platform did not answer /ping within 60s:\n%s", b.log.String())
		time.Sleep(100 * time.Millisecond)
	}
}

func (b *bootcamp) stop() {
	select {
	case <-b.exited:
	default:
		_ = b.cmd.Process.Kill()
		<-b.exited
	}
}

// registration is what the platform tells the tool's administrator.
type registration struct {
	ClientID      string `json:"client_id"`
	KeysetURL     string `json:"keyset_url"`
	TokenURL      string `json:"accesstoken_endpoint"`
	AuthURL       string `json:"oidc_auth_endpoint"`
	DeploymentID  string `json:"-"`
	ClioPlatform  string `json:"-"` // the registration's id in Clio
	AuthMethod    string `json:"-"` // how Clio is told to reach AuthURL; default post
	ClioLaunchURL string `json:"-"`
}

// registerClio registers Clio's current public key and launch URL with the
// platform, as its administrator would.
func (b *bootcamp) registerClio(t *testing.T, clioURL string) registration {
	t.Helper()
	set, err := jwk.Fetch(t.Context(), clioURL+"/lti/jwks")
	require.NoError(t, err)
	require.Equal(t, 1, set.Len(), "a fresh Clio publishes one key")
	key, _ := set.Key(0)
	var pub any
	require.NoError(t, jwk.Export(key, &pub))
	der, err := x509.MarshalPKIXPublicKey(pub)
	require.NoError(t, err)
	pemKey := pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: der})
	resp, err := http.PostForm(b.url+"/newtool", url.Values{"public_key_pem": {string(pemKey)},
		"redirect_uris": {clioURL + "/lti/launch"}})
	require.NoError(t, err)
	defer resp.Body.Close()
	require.Equal(t, http.StatusOK, resp.StatusCode)
	var reg registration
	require.NoError(t, json.NewDecoder(resp.Body).Decode(&reg))
	require.NotEmpty(t, reg.ClientID)
	// The platform does not say its deployment id when a tool registers;
	// it is "deployment_" and the client id (ltiplatform/tool.py), and a
	// launch's deployment_id claim shows it.
	reg.DeploymentID = "deployment_" + reg.ClientID
	reg.ClioLaunchURL = clioURL + "/lti/launch"
	return reg
}

// registerInClio registers the platform with Clio through the admin API.
func (b *bootcamp) registerInClio(t *testing.T, clio *child, adminKey string, reg *registration, deployments ...string) {
	t.Helper()
	if len(deployments) == 0 {
		deployments = []string{reg.DeploymentID}
	}
	if reg.AuthMethod == "" {
		reg.AuthMethod = "post"
	}
	var out map[string]any
	status, err := call(http.DefaultClient, "POST", clio.url+"/v1/lti/platforms", adminKey, map[string]any{
		"name": "LTI Bootcamp " + b.url, "issuer": b.url, "client_id": reg.ClientID, "deployment_ids": deployments,
		"jwks_url": reg.KeysetURL, "auth_url": reg.AuthURL, "token_url": reg.TokenURL, "auth_method": reg.AuthMethod,
	}, &out)
	require.NoError(t, err)
	require.Equal(t, http.StatusCreated, status, "%v", out)
	reg.ClioPlatform = out["id"].(string)
}

// browser is a person's browser: it keeps cookies, follows redirects and
// submits the auto-posting forms LTI uses to carry tokens between sites.
type browser struct {
	t *testing.T
	c *http.Client
	// stopAt, when set, makes the browser stop before posting a form to a
	// URL it matches, so a test can hold or replay what it carries.
	stopAt func(action string) bool
}

func newBrowser(t *testing.T) *browser {
	jar, err := cookiejar.New(nil)
	require.NoError(t, err)
	return &browser{t: t, c: &http.Client{Jar: jar, Timeout: 60 * time.Second}}
}

// page is where the browser ended: the last response's URL, status and
// body, and any form on it.
type page struct {
	URL    *url.URL
	Status int
	Body   string
}

var (
	formTag    = regexp.MustCompile(`(?is)<form\b[^>]*>`)
	inputTag   = regexp.MustCompile(`(?is)<input\b[^>]*>`)
	textareaRe = regexp.MustCompile(`(?is)<textarea\b[^>]*name="([^"]+)"`)
	attrRe     = regexp.MustCompile(`(?is)\b(name|value|action|method|type)="([^"]*)"`)
)

// htmlForm is a form on a page: its action (resolved), its fields' values
// and its markup.
type htmlForm struct {
	Action string
	Fields url.Values
	HTML   string
}

// forms are the page's forms, in order.
func (p page) forms() []htmlForm {
	var out []htmlForm
	for _, loc := range formTag.FindAllStringIndex(p.Body, -1) {
		tag := p.Body[loc[0]:loc[1]]
		inner := p.Body[loc[0]:]
		if end := strings.Index(strings.ToLower(inner), "</form>"); end >= 0 {
			inner = inner[:end]
		}
		attrs := map[string]string{}
		for _, m := range attrRe.FindAllStringSubmatch(tag, -1) {
			attrs[strings.ToLower(m[1])] = html.UnescapeString(m[2])
		}
		ref, err := url.Parse(attrs["action"])
		if err != nil {
			continue
		}
		f := htmlForm{Action: p.URL.ResolveReference(ref).String(), Fields: url.Values{}, HTML: inner}
		for _, in := range inputTag.FindAllString(inner, -1) {
			a := map[string]string{}
			for _, m := range attrRe.FindAllStringSubmatch(in, -1) {
				a[strings.ToLower(m[1])] = html.UnescapeString(m[2])
			}
			if a["name"] != "" {
				f.Fields.Add(a["name"], a["value"])
			}
		}
		out = append(out, f)
	}
	return out
}

// formWith is the first form whose markup contains s.
func (p page) formWith(t *testing.T, s string) htmlForm {
	t.Helper()
	for _, f := range p.forms() {
		if strings.Contains(f.HTML, s) {
			return f
		}
	}
	t.Fatalf("no form on %s contains %q:\n%s", p.URL, s, p.Body)
	return htmlForm{}
}

// autoForm is the form the page submits as soon as it loads, if any.
func (p page) autoForm() (htmlForm, bool) {
	fs := p.forms()
	if len(fs) == 0 || !strings.Contains(p.Body, "document.forms[0].submit()") {
		return htmlForm{}, false
	}
	return fs[0], true
}

// open requests a URL and follows redirects and auto-posting forms.
func (b *browser) open(method, target string, form url.Values) page {
	b.t.Helper()
	for range 10 {
		var resp *http.Response
		var err error
		if method == http.MethodPost {
			resp, err = b.c.PostForm(target, form)
		} else {
			resp, err = b.c.Get(target)
		}
		require.NoError(b.t, err)
		body, err := io.ReadAll(resp.Body)
		resp.Body.Close()
		require.NoError(b.t, err)
		p := page{URL: resp.Request.URL, Status: resp.StatusCode, Body: string(body)}
		f, auto := p.autoForm()
		if !auto || (b.stopAt != nil && b.stopAt(f.Action)) {
			return p
		}
		method, target, form = http.MethodPost, f.Action, f.Fields
	}
	b.t.Fatal("the browser went round more than ten auto-posting forms")
	return page{}
}

// login starts an LTI launch at Clio as the platform's page would: the
// third-party initiated login of the IMS Security Framework that LTI 1.3
// uses (the platform has no page that does it, so the test is that page).
// Extra name, value pairs replace the usual parameters; an empty value
// leaves one out.
func (b *browser) login(bc *bootcamp, reg registration, loginHint, messageHint string, extra ...string) page {
	b.t.Helper()
	q := url.Values{"iss": {bc.url}, "login_hint": {loginHint}, "lti_message_hint": {messageHint},
		"target_link_uri": {reg.ClioLaunchURL}, "client_id": {reg.ClientID}, "lti_deployment_id": {reg.DeploymentID}}
	for i := 0; i+1 < len(extra); i += 2 {
		if extra[i+1] == "" {
			q.Del(extra[i])
		} else {
			q.Set(extra[i], extra[i+1])
		}
	}
	return b.open(http.MethodGet, strings.TrimSuffix(reg.ClioLaunchURL, "/launch")+"/login?"+q.Encode(), nil)
}

var refCode = regexp.MustCompile(`Reference: <code>([^<]+)</code>`)

// refusal is the reference code on a Clio error page, or "".
func (p page) refusal() string {
	if m := refCode.FindStringSubmatch(p.Body); m != nil {
		return m[1]
	}
	return ""
}

// bcCell is what the platform's gradebook shows for one student and
// one line item: the scaled result ("None" when there is none) and NG when
// the last score awaited grading.
type bcCell struct {
	Score string
	NG    bool
}

type bcGradebook struct {
	Columns map[string]float64 // line item label → maximum
	Labels  []string
	Rows    map[string][]bcCell // student name → cells, in column order
}

var (
	gbHeader = regexp.MustCompile(`<th scope="col">(.*?) \(([0-9.]+) pts\)</th>`)
	gbRow    = regexp.MustCompile(`(?s)<tr>\s*<th scope="row">([^<]+)</th>(.*?)</tr>`)
	gbCell   = regexp.MustCompile(`(?s)<td>(.*?)</td>`)
)

// readGradebook reads the platform's gradebook page for a course.
func (bc *bootcamp) readGradebook(t *testing.T, course string) bcGradebook {
	t.Helper()
	resp, err := http.Get(bc.url + "/course/" + course + "/gradebook")
	require.NoError(t, err)
	body, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	require.NoError(t, err)
	require.Equal(t, http.StatusOK, resp.StatusCode, string(body))
	gb := bcGradebook{Columns: map[string]float64{}, Rows: map[string][]bcCell{}}
	for _, m := range gbHeader.FindAllStringSubmatch(string(body), -1) {
		label := html.UnescapeString(m[1])
		v, err := strconv.ParseFloat(m[2], 64)
		require.NoError(t, err)
		gb.Columns[label] = v
		gb.Labels = append(gb.Labels, label)
	}
	for _, m := range gbRow.FindAllStringSubmatch(string(body), -1) {
		var cells []bcCell
		for _, c := range gbCell.FindAllStringSubmatch(m[2], -1) {
			text := strings.TrimSpace(c[1])
			ng := strings.HasSuffix(text, "NG")
			cells = append(cells, bcCell{Score: strings.TrimSpace(strings.TrimSuffix(text, "NG")), NG: ng})
		}
		gb.Rows[html.UnescapeString(strings.TrimSpace(m[1]))] = cells
	}
	return gb
}

// eventually polls f every 200 ms until it returns true, for at most d.
func eventually(t *testing.T, d time.Duration, what string, f func() bool) {
	t.Helper()
	deadline := time.Now().Add(d)
	for !f() {
		if time.Now().After(deadline) {
			t.Fatalf("not within %s: %s", d, what)
		}
		time.Sleep(200 * time.Millisecond)
	}
}

var (
	courseLink  = regexp.MustCompile(`/course/([0-9a-f-]+)`)
	courseEntry = regexp.MustCompile(`(?s)>\s*([^<>]*?) &nbsp;<small class="text-muted">([0-9a-f-]+)</small>`)
	subLink     = regexp.MustCompile(`/s/(sub_[A-Za-z0-9_-]+)`)
)

// deepLink adds a new Clio assignment to the course through Deep Linking,
// as the course's instructor: the platform's request, Clio's picker, the
// response back to the platform. It returns the course id and the new
// resource link's id.
func deepLink(t *testing.T, bc *bootcamp, reg registration, title string) (course, link string) {
	t.Helper()
	br := newBrowser(t)
	picker := br.login(bc, reg, "instructor", "deeplink")
	require.Equal(t, http.StatusOK, picker.Status, picker.Body)
	require.Contains(t, picker.Body, "Choose a Clio assignment", picker.Body)
	// The picker's form with a title creates a new assignment.
	create := picker.formWith(t, `name="title"`)
	create.Fields.Set("title", title)
	outline := br.open(http.MethodPost, create.Action, create.Fields)
	require.Equal(t, http.StatusOK, outline.Status, outline.Body)
	m := courseLink.FindStringSubmatch(outline.URL.Path)
	require.NotNil(t, m, "the platform returns to the course outline: %s", outline.URL)
	course = m[1]
	for _, e := range courseEntry.FindAllStringSubmatch(outline.Body, -1) {
		if html.UnescapeString(strings.TrimSpace(e[1])) == title {
			link = e[2]
		}
	}
	require.NotEmpty(t, link, "the resource link %q appears in the course:\n%s", title, outline.Body)
	return course, link
}

// studentLaunch launches a student (the platform picks one of the course's
// learners) into the resource link and returns where Clio landed them.
func studentLaunch(t *testing.T, bc *bootcamp, reg registration, course, link string) (*browser, page) {
	t.Helper()
	br := newBrowser(t)
	return br, br.login(bc, reg, "student", course+"rlid"+link)
}

// submitEssay submits text on the assignment page the browser is on and
// returns the new submission's id.
func submitEssay(t *testing.T, br *browser, on page, text string) string {
	t.Helper()
	require.True(t, strings.Contains(on.URL.Path, "/a/asg_"), "the student lands on the assignment page: %s\n%s", on.URL, on.Body)
	require.Regexp(t, textareaRe, on.Body)
	essay := on.formWith(t, `name="text"`)
	essay.Fields.Set("text", text)
	done := br.open(http.MethodPost, essay.Action, essay.Fields)
	require.Equal(t, http.StatusOK, done.Status, done.Body)
	m := subLink.FindStringSubmatch(done.URL.Path)
	require.NotNil(t, m, "the draft is stored and shown: %s", done.URL)
	return m[1]
}

// launchedName is the name the platform gave the student Clio signed in.
func launchedName(t *testing.T, clio *child, key, subID string) string {
	t.Helper()
	var sub map[string]any
	status, err := call(http.DefaultClient, "GET", clio.url+"/v1/submissions/"+subID, key, nil, &sub)
	require.NoError(t, err)
	require.Equal(t, http.StatusOK, status)
	var user map[string]any
	status, err = call(http.DefaultClient, "GET", clio.url+"/v1/users/"+sub["student_id"].(string), key, nil, &user)
	require.NoError(t, err)
	require.Equal(t, http.StatusOK, status)
	return user["name"].(string)
}

// bootcampEnv is what every scenario needs: the platform's code and a
// clio binary, built once.
type bootcampEnv struct {
	serverDir string
	bin       string
}

// TestBootcamp runs Clio against the LTI Bootcamp platform, each scenario
// with its own platform and its own clio serve.
func TestBootcamp(t *testing.T) {
	env := bootcampEnv{serverDir: needBootcamp(t), bin: serverBinary(t)}
	t.Run("GradePassback", func(t *testing.T) { testBootcampGradePassback(t, env) })
	t.Run("DeletedLineItem", func(t *testing.T) { testBootcampDeletedLineItem(t, env) })
	t.Run("Refusals", func(t *testing.T) { testBootcampRefusals(t, env) })
	t.Run("RotatedKey", func(t *testing.T) { testBootcampRotatedKey(t, env) })
	t.Run("Deviations", func(t *testing.T) { testBootcampDeviations(t, env) })
}

// clioWithBootcamp starts Clio and the platform and registers each with the
// other.
func clioWithBootcamp(t *testing.T, env bootcampEnv, corrections ...string) (*child, string, *bootcamp, registration) {
	t.Helper()
	bc := startBootcamp(t, env.serverDir, corrections...)
	key := randomKey(t)
	clio := startServer(t, env.bin, filepath.Join(t.TempDir(), "clio-data"), key)
	reg := bc.registerClio(t, clio.url)
	bc.registerInClio(t, clio, key, &reg)
	return clio, key, bc, reg
}

// rubricMax is the maximum mark of an assignment's rubric, and a mark in
// the band of a level the tutor may choose.
func rubricFor(t *testing.T, clio *child, key, assignmentID string) (maxMark float64, levels []map[string]any) {
	t.Helper()
	var asg, rb map[string]any
	status, err := call(http.DefaultClient, "GET", clio.url+"/v1/assignments/"+assignmentID, key, nil, &asg)
	require.NoError(t, err)
	require.Equal(t, http.StatusOK, status)
	status, err = call(http.DefaultClient, "GET", clio.url+"/v1/rubrics/"+asg["rubric"].(string), key, nil, &rb)
	require.NoError(t, err)
	require.Equal(t, http.StatusOK, status)
	for _, l := range rb["levels"].([]any) {
		levels = append(levels, l.(map[string]any))
	}
	return rb["max_mark"].(float64), levels
}

// testBootcampGradePassback: Deep Linking puts a Clio assignment in the
// platform's course with a gradebook column out of the rubric's maximum; a
// student launched from the course submits an essay, and the gradebook
// shows it awaiting grading; the tutor's review puts the tutor's mark
// there, fully graded.
func testBootcampGradePassback(t *testing.T, env bootcampEnv) {
	clio, key, bc, reg := clioWithBootcamp(t, env, allCorrections...)

	const title = "Why did Stalin win the power struggle?"
	course, link := deepLink(t, bc, reg, title)
	gb := bc.readGradebook(t, course)
	require.Contains(t, gb.Columns, title, "the deep link made a gradebook column")

	br, landed := studentLaunch(t, bc, reg, course, link)
	require.Equal(t, http.StatusOK, landed.Status, landed.Body)
	subID := submitEssay(t, br, landed, benchFixture(t, "1000"))
	assignmentID := strings.TrimPrefix(landed.URL.Path, "/a/")
	maxMark, levels := rubricFor(t, clio, key, assignmentID)
	assert.Equal(t, maxMark, gb.Columns[title], "the line item's maximum is the rubric's")
	student := launchedName(t, clio, key, subID)

	// Names and Roles: Clio reads the course's roster and makes a student
	// for each learner, matching the one who has launched already.
	roster := readRoster(t, clio, key, reg, course)
	assert.Equal(t, map[string]float64{"members": 16, "created": 13, "matched": 1, "skipped": 2}, roster,
		"the platform's courses have an instructor, a teaching assistant and fourteen learners")
	roster = readRoster(t, clio, key, reg, course)
	assert.Equal(t, map[string]float64{"members": 16, "created": 0, "matched": 14, "skipped": 2}, roster, "read again, nobody is created twice")
	students := studentNames(t, clio, key)
	assert.Len(t, students, 14)
	assert.Contains(t, students, student)

	col := slicesIndex(gb.Labels, title)
	eventually(t, 60*time.Second, "the gradebook shows the essay awaiting grading", func() bool {
		row := bc.readGradebook(t, course).Rows[student]
		return len(row) > col && row[col].NG
	})
	row := bc.readGradebook(t, course).Rows[student]
	assert.Equal(t, "None", row[col].Score, "a suggested mark is never sent")

	// The tutor overrides Clio's suggestion with a mark from another level.
	var sub map[string]any
	status, err := call(http.DefaultClient, "GET", clio.url+"/v1/submissions/"+subID, key, nil, &sub)
	require.NoError(t, err)
	require.Equal(t, http.StatusOK, status)
	level := int(sub["level"].(float64))%len(levels) + 1
	band := levels[level-1]["band"].(map[string]any)
	mark := int(band["max"].(float64))
	var review map[string]any
	status, err = call(http.DefaultClient, "PUT", clio.url+"/v1/submissions/"+subID+"/review", key,
		map[string]any{"decision": "override", "level": level, "mark": mark, "comment": "Compare the factors directly."}, &review)
	require.NoError(t, err)
	require.Equal(t, http.StatusOK, status, "%v", review)

	eventually(t, 60*time.Second, "the gradebook shows the tutor's mark", func() bool {
		row := bc.readGradebook(t, course).Rows[student]
		return len(row) > col && !row[col].NG && row[col].Score != "None"
	})
	gb = bc.readGradebook(t, course)
	got, err := strconv.ParseFloat(gb.Rows[student][col].Score, 64)
	require.NoError(t, err, gb.Rows[student][col].Score)
	assert.Equal(t, float64(mark), got, "the tutor's mark, out of the column's maximum")
	assert.Equal(t, maxMark, gb.Columns[title])
	for name, cells := range gb.Rows {
		if name != student {
			assert.Equal(t, "None", cells[col].Score, "%s has no mark", name)
		}
	}
}

func slicesIndex(list []string, v string) int {
	for i, s := range list {
		if s == v {
			return i
		}
	}
	return -1
}

// readRoster asks Clio to read a course's roster through NRPS and returns
// the counts it reports.
func readRoster(t *testing.T, clio *child, key string, reg registration, course string) map[string]float64 {
	t.Helper()
	var out map[string]any
	status, err := call(http.DefaultClient, "POST", clio.url+"/v1/lti/platforms/"+reg.ClioPlatform+"/roster", key,
		map[string]any{"context_id": course}, &out)
	require.NoError(t, err)
	require.Equal(t, http.StatusOK, status, "%v", out)
	counts := map[string]float64{}
	for _, k := range []string{"members", "created", "matched", "skipped"} {
		counts[k] = out[k].(float64)
	}
	return counts
}

// studentNames are the names of the organisation's students in Clio.
func studentNames(t *testing.T, clio *child, key string) []string {
	t.Helper()
	var out struct {
		Users []struct{ Name, Role string }
	}
	status, err := call(http.DefaultClient, "GET", clio.url+"/v1/users", key, nil, &out)
	require.NoError(t, err)
	require.Equal(t, http.StatusOK, status)
	var names []string
	for _, u := range out.Users {
		if u.Role == "student" {
			names = append(names, u.Name)
		}
	}
	return names
}

// awaitNG waits until the platform's gradebook shows the student's work in
// the column as awaiting grading.
func awaitNG(t *testing.T, bc *bootcamp, course, column, student string) {
	t.Helper()
	eventually(t, 60*time.Second, "the gradebook shows the essay awaiting grading", func() bool {
		gb := bc.readGradebook(t, course)
		col := slicesIndex(gb.Labels, column)
		row := gb.Rows[student]
		return col >= 0 && len(row) > col && row[col].NG
	})
}

// review records a tutor's override of a submission through the API and
// returns the mark.
func review(t *testing.T, clio *child, key, subID, assignmentID string) int {
	t.Helper()
	_, levels := rubricFor(t, clio, key, assignmentID)
	var sub map[string]any
	status, err := call(http.DefaultClient, "GET", clio.url+"/v1/submissions/"+subID, key, nil, &sub)
	require.NoError(t, err)
	require.Equal(t, http.StatusOK, status)
	level := int(sub["level"].(float64))%len(levels) + 1
	mark := int(levels[level-1]["band"].(map[string]any)["max"].(float64))
	var out map[string]any
	status, err = call(http.DefaultClient, "PUT", clio.url+"/v1/submissions/"+subID+"/review", key,
		map[string]any{"decision": "override", "level": level, "mark": mark, "comment": "Compare the factors directly."}, &out)
	require.NoError(t, err)
	require.Equal(t, http.StatusOK, status, "%v", out)
	return mark
}

// testBootcampDeletedLineItem: a teacher deletes the gradebook column
// after the essay was reported as awaiting grading; the tutor's mark is
// not lost: Clio sees the column has gone from the platform's line items,
// makes a new one out of the rubric's maximum and posts the mark there.
func testBootcampDeletedLineItem(t *testing.T, env bootcampEnv) {
	clio, key, bc, reg := clioWithBootcamp(t, env, allCorrections...)
	// Another activity's column comes first. The platform ignores the
	// resource_link_id filter when listing line items and names the link
	// in ltiLinkId, so a tool that took any listed column without a
	// resourceLinkId would put the mark there.
	const other = "Assess the impact of the Purges"
	course, _ := deepLink(t, bc, reg, other)
	const title = "How far was the New Economic Policy a retreat?"
	_, link := deepLink(t, bc, reg, title)
	br, landed := studentLaunch(t, bc, reg, course, link)
	subID := submitEssay(t, br, landed, benchFixture(t, "1000"))
	assignmentID := strings.TrimPrefix(landed.URL.Path, "/a/")
	student := launchedName(t, clio, key, subID)
	awaitNG(t, bc, course, title, student)

	// The platform numbers a course's line items by their count, 1, 2, ...:
	// this activity's is 2. (Deleting 1 instead would make the platform
	// give the next line item the id 2 again, two columns with one id.)
	req, err := http.NewRequest(http.MethodDelete, bc.url+"/course/"+course+"/lineitems/2", nil)
	require.NoError(t, err)
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	resp.Body.Close()
	require.Equal(t, http.StatusOK, resp.StatusCode)
	require.NotContains(t, bc.readGradebook(t, course).Columns, title, "the column is gone")

	mark := review(t, clio, key, subID, assignmentID)
	maxMark, _ := rubricFor(t, clio, key, assignmentID)
	eventually(t, 60*time.Second, "the tutor's mark reaches a new column", func() bool {
		gb := bc.readGradebook(t, course)
		col := slicesIndex(gb.Labels, title)
		row := gb.Rows[student]
		return col >= 0 && len(row) > col && row[col].Score != "None" && !row[col].NG
	})
	gb := bc.readGradebook(t, course)
	assert.Equal(t, maxMark, gb.Columns[title], "the new column is out of the rubric's maximum")
	assert.Equal(t, []string{other, title}, gb.Labels, "the other activity's column and the new one")
	assert.Equal(t, "None", gb.Rows[student][slicesIndex(gb.Labels, other)].Score, "nothing in the other activity's column")
	assert.Contains(t, bc.log.String(), `"POST /`+course+`/lineitems HTTP/1.1" 200`, "Clio made the new column through AGS")
	got, err := strconv.ParseFloat(gb.Rows[student][slicesIndex(gb.Labels, title)].Score, 64)
	require.NoError(t, err)
	assert.Equal(t, float64(mark), got)

	var scores struct{ Scores []map[string]any }
	status, err := call(http.DefaultClient, "GET", clio.url+"/v1/lti/scores", key, nil, &scores)
	require.NoError(t, err)
	require.Equal(t, http.StatusOK, status)
	require.Len(t, scores.Scores, 2)
	for _, sc := range scores.Scores {
		assert.Equal(t, "done", sc["status"], "%v", sc)
	}
}

// testBootcampRefusals: launches Clio must refuse, made by the real
// platform: a launch posted twice, a platform's token under a later login,
// and launches from a deployment Clio's administrator has not registered.
func testBootcampRefusals(t *testing.T, env bootcampEnv) {
	clio, key, bc, reg := clioWithBootcamp(t, env, allCorrections...)
	course, link := deepLink(t, bc, reg, "Was collectivisation a success?")
	hint := course + "rlid" + link

	// Hold the platform's answer (the auto-posting form with the id_token)
	// as a person with access to the browser could.
	held := func() (*browser, htmlForm) {
		br := newBrowser(t)
		br.stopAt = func(action string) bool { return action == reg.ClioLaunchURL }
		p := br.login(bc, reg, "student", hint)
		f, ok := p.autoForm()
		require.True(t, ok, "the platform answers with a form posting the id_token:\n%s", p.Body)
		require.NotEmpty(t, f.Fields.Get("id_token"))
		br.stopAt = nil
		return br, f
	}
	br, f := held()
	first := br.open(http.MethodPost, f.Action, f.Fields)
	require.Equal(t, http.StatusOK, first.Status, first.Body)
	require.Contains(t, first.URL.Path, "/a/asg_", "the first post launches")
	again := br.open(http.MethodPost, f.Action, f.Fields)
	assert.Equal(t, http.StatusBadRequest, again.Status)
	assert.Equal(t, "launch.state", again.refusal(), "the same launch posted again")

	br2, f2 := held()
	f2.Fields.Set("id_token", f.Fields.Get("id_token"))
	stale := br2.open(http.MethodPost, f2.Action, f2.Fields)
	assert.Equal(t, http.StatusBadRequest, stale.Status)
	assert.Equal(t, "launch.nonce", stale.refusal(), "an old id_token under a new login")

	// Clio's administrator registered another deployment of this platform
	// than the one the course launches from.
	platformURL := clio.url + "/v1/lti/platforms/" + reg.ClioPlatform
	setDeployments := func(ids ...string) {
		var out map[string]any
		status, err := call(http.DefaultClient, "PUT", platformURL, key, map[string]any{
			"name": "LTI Bootcamp", "issuer": bc.url, "client_id": reg.ClientID, "deployment_ids": ids,
			"jwks_url": reg.KeysetURL, "auth_url": reg.AuthURL, "token_url": reg.TokenURL, "auth_method": "post",
		}, &out)
		require.NoError(t, err)
		require.Equal(t, http.StatusOK, status, "%v", out)
	}
	setDeployments("deployment_elsewhere")
	p := newBrowser(t).login(bc, reg, "student", hint)
	assert.Equal(t, "login.unknown-deployment", p.refusal(), "the login names the deployment")
	p = newBrowser(t).login(bc, reg, "student", hint, "lti_deployment_id", "")
	assert.Equal(t, "launch.deployment", p.refusal(), "the login does not name it; the id_token does")
	setDeployments("deployment_elsewhere", reg.DeploymentID)
	p = newBrowser(t).login(bc, reg, "student", hint, "lti_deployment_id", "")
	assert.Empty(t, p.refusal(), p.Body)
	assert.Contains(t, p.URL.Path, "/a/asg_", "once registered, the deployment launches")
}

// testBootcampRotatedKey: the platform's keys change (it makes new ones
// each time it starts); an id_token signed by a key it no longer publishes
// is refused, while launches signed by its new keys go through.
func testBootcampRotatedKey(t *testing.T, env bootcampEnv) {
	serverDir, bin := env.serverDir, env.bin
	port := freePort(t)
	before := startBootcampOn(t, serverDir, port, allCorrections...)
	key := randomKey(t)
	clio := startServer(t, bin, filepath.Join(t.TempDir(), "clio-data"), key)
	reg := before.registerClio(t, clio.url)
	before.registerInClio(t, clio, key, &reg)
	course, link := deepLink(t, before, reg, "Why did the Provisional Government fail?")
	fetched := time.Now() // Clio has fetched the platform's keys

	br := newBrowser(t)
	br.stopAt = func(action string) bool { return action == reg.ClioLaunchURL }
	held, ok := br.login(before, reg, "student", course+"rlid"+link).autoForm()
	require.True(t, ok)
	br.stopAt = nil
	oldKID := tokenHeaderKID(t, held.Fields.Get("id_token"))

	// The platform restarts on the same address with new keys (their ids
	// start with the second it started) and the administrator registers
	// Clio with it again; it is the same issuer and client id.
	before.stop()
	time.Sleep(1100 * time.Millisecond)
	after := startBootcampOn(t, serverDir, port, allCorrections...)
	again := after.registerClio(t, clio.url)
	require.Equal(t, reg.ClientID, again.ClientID)
	set, err := jwk.Fetch(t.Context(), after.url+"/.well-known/jwks.json")
	require.NoError(t, err)
	_, stillThere := set.LookupKeyID(oldKID)
	require.False(t, stillThere, "the old key is no longer published")

	// Clio refetches a platform's keys for an unknown key id at most every
	// 10 s; wait that out so the new keys are fetched at the next launch.
	time.Sleep(time.Until(fetched.Add(11 * time.Second)))
	course2, _ := deepLink(t, after, again, "Why did the Bolsheviks win the Civil War?")
	require.NotEmpty(t, course2, "a launch signed by the new keys works")

	stale := br.open(http.MethodPost, held.Action, held.Fields)
	assert.Equal(t, http.StatusBadRequest, stale.Status)
	assert.Equal(t, "launch.unknown-key", stale.refusal(), "signed by a key the platform has rotated away")
}

func tokenHeaderKID(t *testing.T, token string) string {
	t.Helper()
	head, _, ok := strings.Cut(token, ".")
	require.True(t, ok)
	b, err := base64.RawURLEncoding.DecodeString(head)
	require.NoError(t, err)
	var h struct{ Kid string }
	require.NoError(t, json.Unmarshal(b, &h))
	require.NotEmpty(t, h.Kid)
	return h.Kid
}

// testBootcampDeviations: each of the platform's departures from the
// specifications, with its correction left off, and what Clio does about
// it. Every departure is refused with a reason a person can act on, or
// (the bearer token) retried without losing the score; none is taken as
// success.
func testBootcampDeviations(t *testing.T, env bootcampEnv) {
	key := randomKey(t)
	clio := startServer(t, env.bin, filepath.Join(t.TempDir(), "clio-data"), key)
	without := func(off string) []string {
		var on []string
		for _, c := range allCorrections {
			if c != off {
				on = append(on, c)
			}
		}
		return on
	}
	for _, tc := range []struct {
		name, off, authMethod string
		check                 func(t *testing.T, bc *bootcamp, reg registration)
	}{
		{"AuthorisationRequestByGET", "", "get", func(t *testing.T, bc *bootcamp, reg registration) {
			// OpenID Connect Core §3.1.2.1: authorisation servers MUST take
			// GET and POST. The platform takes only POST; Clio's default
			// redirect (GET) is refused, hence auth_method "post".
			p := newBrowser(t).login(bc, reg, "instructor", "deeplink")
			assert.Equal(t, "/auth", p.URL.Path)
			assert.Equal(t, http.StatusMethodNotAllowed, p.Status)
		}},
		{"MessageType", "message-type", "", func(t *testing.T, bc *bootcamp, reg registration) {
			p := newBrowser(t).login(bc, reg, "instructor", "deeplink")
			assert.Equal(t, http.StatusBadRequest, p.Status)
			assert.Equal(t, "launch.message-type", p.refusal())
		}},
		{"DeepLinkingSettings", "deep-link-settings", "", func(t *testing.T, bc *bootcamp, reg registration) {
			p := newBrowser(t).login(bc, reg, "instructor", "deeplink")
			assert.Equal(t, http.StatusBadRequest, p.Status)
			assert.Equal(t, "launch.missing-claim", p.refusal())
			assert.Contains(t, p.Body, "return URL")
		}},
		{"DeepLinkingResponseField", "deep-link-jwt", "", func(t *testing.T, bc *bootcamp, reg registration) {
			br := newBrowser(t)
			picker := br.login(bc, reg, "instructor", "deeplink")
			create := picker.formWith(t, `name="title"`)
			create.Fields.Set("title", "Stalin and the Party")
			p := br.open(http.MethodPost, create.Action, create.Fields)
			assert.Contains(t, p.URL.Path, "/dlr", "Clio posted its response to the platform")
			assert.Equal(t, http.StatusBadRequest, p.Status, "which looks for jws_token, not JWT")
		}},
		{"TargetLinkURI", "target-link-uri", "", func(t *testing.T, bc *bootcamp, reg registration) {
			course, link := deepLink(t, bc, reg, "Stalin and the Party")
			_, p := studentLaunch(t, bc, reg, course, link)
			assert.Equal(t, http.StatusBadRequest, p.Status)
			assert.Equal(t, "launch.missing-claim", p.refusal())
			assert.Contains(t, p.Body, "target link URI")
		}},
		{"BearerToken", "bearer", "", func(t *testing.T, bc *bootcamp, reg registration) {
			course, link := deepLink(t, bc, reg, "Stalin and the Party")
			br, landed := studentLaunch(t, bc, reg, course, link)
			submitEssay(t, br, landed, benchFixture(t, "250"))
			var job map[string]any
			eventually(t, 60*time.Second, "Clio has tried to post the score", func() bool {
				var out struct{ Scores []map[string]any }
				status, err := call(http.DefaultClient, "GET", clio.url+"/v1/lti/scores", key, nil, &out)
				require.NoError(t, err)
				require.Equal(t, http.StatusOK, status)
				for _, sc := range out.Scores {
					if sc["platform_id"] == reg.ClioPlatform && sc["attempts"].(float64) >= 1 {
						job = sc
					}
				}
				return job != nil
			})
			assert.Equal(t, "pending", job["status"], "kept, to be retried")
			assert.Contains(t, job["last_error"], "500")
		}},
		{"Memberships", "nrps-v2", "", func(t *testing.T, bc *bootcamp, reg registration) {
			course, _ := deepLink(t, bc, reg, "Stalin and the Party")
			students := studentNames(t, clio, key)
			body, err := json.Marshal(map[string]string{"context_id": course})
			require.NoError(t, err)
			req, err := http.NewRequest("POST", clio.url+"/v1/lti/platforms/"+reg.ClioPlatform+"/roster", strings.NewReader(string(body)))
			require.NoError(t, err)
			req.Header.Set("Authorization", "Bearer "+key)
			req.Header.Set("Content-Type", "application/json")
			resp, err := http.DefaultClient.Do(req)
			require.NoError(t, err)
			answer, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			assert.Equal(t, http.StatusServiceUnavailable, resp.StatusCode)
			assert.Contains(t, string(answer), "not an NRPS 2.0 membership container", "not read as an empty course")
			assert.Equal(t, students, studentNames(t, clio, key), "no student made or changed")
		}},
		{"DeleteLineItem", "delete-line-item", "", func(t *testing.T, bc *bootcamp, reg registration) {
			const title = "Stalin and the Party"
			course, _ := deepLink(t, bc, reg, title)
			req, err := http.NewRequest(http.MethodDelete, bc.url+"/course/"+course+"/lineitems/1", nil)
			require.NoError(t, err)
			resp, err := http.DefaultClient.Do(req)
			require.NoError(t, err)
			resp.Body.Close()
			assert.Equal(t, http.StatusOK, resp.StatusCode)
			assert.Contains(t, bc.readGradebook(t, course).Columns, title, "answered 200, deleted nothing")
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			bc := startBootcamp(t, env.serverDir, without(tc.off)...)
			reg := bc.registerClio(t, clio.url)
			reg.AuthMethod = tc.authMethod
			bc.registerInClio(t, clio, key, &reg)
			tc.check(t, bc, reg)
		})
	}
}
