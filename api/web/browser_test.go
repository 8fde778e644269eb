package web

import (
	"context"
	_ "embed"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/clio-history/clio/api/store"
)

//go:embed testdata/a11y.js
var a11yJS string

const chromiumPath = "/usr/bin/chromium"

// browser starts headless Chromium for one test. Outside CI a machine
// without Chromium skips; in CI (CI set) a missing browser fails.
func browser(t *testing.T) context.Context {
	t.Helper()
	if _, err := os.Stat(chromiumPath); err != nil {
		if os.Getenv("CI") == "" {
			t.Skipf("browser tests need %s (apt-get install chromium); skipped because CI is unset", chromiumPath)
		}
		t.Fatalf("browser tests need %s in CI: %v", chromiumPath, err)
	}
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(chromiumPath),
		chromedp.Flag("headless", true), chromedp.NoSandbox, chromedp.DisableGPU,
		chromedp.Flag("disable-quic", true), chromedp.NoFirstRun, chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true), chromedp.Flag("disable-sync", true), chromedp.Flag("hide-scrollbars", true),
		chromedp.UserDataDir(t.TempDir()), chromedp.WindowSize(1100, 900),
	}
	alloc, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancel := chromedp.NewContext(alloc)
	t.Cleanup(func() { cancel(); cancelAlloc() })
	require.NoError(t, chromedp.Do(ctx), "starting Chromium")
	return ctx
}

// tab opens a tab with cookies of its own (a separate person), with a
// deadline so a stuck page fails the test instead of hanging it.
func tab(t *testing.T, b context.Context) context.Context {
	t.Helper()
	ctx, cancel := chromedp.NewContext(b, chromedp.WithNewBrowserContext())
	ctx, cancel2 := context.WithTimeout(ctx, 90*time.Second)
	t.Cleanup(func() { cancel2(); cancel() })
	return ctx
}

// shot saves a PNG of the page under a temp dir, and in CLIO_SCREENSHOTS
// when it is set. Long pages are shot as the window shows them (full is
// false), which keeps the committed images small.
func shot(t *testing.T, ctx context.Context, name string, full bool) {
	t.Helper()
	a := chromedp.CaptureScreenshot()
	if full {
		a = chromedp.FullScreenshot(100)
	}
	png := get(t, ctx, a)
	dirs := []string{t.TempDir()}
	if d := os.Getenv("CLIO_SCREENSHOTS"); d != "" {
		require.NoError(t, os.MkdirAll(d, 0o755))
		dirs = append(dirs, d)
	}
	for _, d := range dirs {
		require.NoError(t, os.WriteFile(filepath.Join(d, name+".png"), png, 0o644))
	}
}

// accessible runs the in-browser accessibility check and the keyboard
// check: the first Tab lands on the skip link.
func accessible(t *testing.T, ctx context.Context, page string) {
	t.Helper()
	problems := get(t, ctx, chromedp.Evaluate[[]string](a11yJS))
	assert.Empty(t, problems, "accessibility problems on %s", page)
	get(t, ctx, chromedp.Evaluate[any](`document.activeElement && document.activeElement.blur(); window.scrollTo(0,0); null`))
	require.NoError(t, chromedp.Do(ctx, chromedp.KeyEvent(kb.Tab)))
	first := get(t, ctx, chromedp.Evaluate[string](`document.activeElement.className`))
	assert.Equal(t, "skip", first, "the first Tab on %s reaches the skip link", page)
}

func (e *env) url(path string) string { return e.srv.URL + path }

func loginStudent(e *env, ctx context.Context, next string) error {
	return chromedp.Do(ctx,
		chromedp.Navigate(e.url("/login?next="+url.QueryEscape(next))),
		chromedp.WaitVisible(chromedp.CSS(`#code`)),
		chromedp.SendKeys(chromedp.CSS(`#code`), e.code),
		chromedp.Submit(chromedp.CSS(`#code`)),
	)
}

func loginTutor(e *env, ctx context.Context) error {
	return chromedp.Do(ctx,
		chromedp.Navigate(e.url("/login")),
		chromedp.WaitVisible(chromedp.CSS(`#login`)),
		chromedp.SendKeys(chromedp.CSS(`#login`), e.tutorLog),
		chromedp.SendKeys(chromedp.CSS(`#password`), tutorPassword),
		chromedp.Submit(chromedp.CSS(`#password`)),
		chromedp.WaitVisible(chromedp.CSS(`#new-h`)),
	)
}

// submitDraft types an essay into the assignment page and waits for the
// feedback page.
func submitDraft(ctx context.Context, text string) error {
	return chromedp.Do(ctx,
		chromedp.WaitVisible(chromedp.CSS(`#text`)),
		chromedp.SetValue(chromedp.CSS(`#text`), text),
		chromedp.Submit(chromedp.CSS(`#text`)),
		chromedp.WaitVisible(chromedp.CSS(`#essay`)),
	)
}

func TestBrowserStudentDraftTutorOverride(t *testing.T) {
	b := browser(t)
	e := newEnv(t)
	a := e.assignment("How successful was Mary I in dealing with the problems she faced in the years 1553–58?", false)
	essay := fixture(t, "mary-spelling.txt")
	student, tutor := tab(t, b), tab(t, b)

	// The student signs in with the code and lands on the assignment.
	require.NoError(t, loginStudent(e, student, "/a/"+a.ID))
	question := get(t, student, chromedp.Text(chromedp.CSS(`#assignment-question`)))
	assert.Contains(t, question, "Mary I")
	accessible(t, student, "assignment")
	require.NoError(t, submitDraft(student, essay))

	spelling := get(t, student, chromedp.Evaluate[[]string](`Array.from(document.querySelectorAll('#essay mark.hl-spelling')).map(m => m.textContent)`))
	describedOK := get(t, student, chromedp.Evaluate[bool](`Array.from(document.querySelectorAll('#essay mark')).every(m =>
			m.dataset.tip.length > 0 && m.getAttribute('aria-describedby').split(' ').every(id => !!document.getElementById(id)))`))
	loc := get(t, student, chromedp.Location())
	assert.Contains(t, spelling, "religous", "a misspelling is highlighted")
	assert.True(t, describedOK, "every highlight explains itself and points at its note")
	suggested := get(t, student, chromedp.Text(chromedp.CSS(`#suggested`)))
	assert.Regexp(t, `level \d of 5`, suggested)

	// Focus shows the explanation (the tooltip is CSS on :focus).
	accessible(t, student, "feedback")
	require.NoError(t, chromedp.Do(student, chromedp.Focus(chromedp.CSS(`#essay mark.hl-spelling`))))
	tip := get(t, student, chromedp.Evaluate[string](`getComputedStyle(document.activeElement, '::after').content`))
	assert.Contains(t, tip, "Spelling")
	shot(t, student, "student-feedback", false)
	subID := loc[strings.LastIndex(loc, "/")+1:]

	// The tutor overrides the mark from the queue.
	require.NoError(t, loginTutor(e, tutor))
	shot(t, tutor, "tutor-assignments", true)
	require.NoError(t, chromedp.Do(tutor,
		chromedp.Navigate(e.url("/tutor/queue")),
		chromedp.WaitVisible(chromedp.CSS(`table.queue`))))
	shot(t, tutor, "tutor-queue", true)
	accessible(t, tutor, "queue")
	require.NoError(t, chromedp.Do(tutor,
		chromedp.KeyEvent("j"), chromedp.KeyEvent(kb.Enter),
		chromedp.WaitVisible(chromedp.CSS(`#override`))))
	shot(t, tutor, "tutor-review", false)
	accessible(t, tutor, "review")
	require.NoError(t, chromedp.Do(tutor,
		chromedp.SetValue(chromedp.CSS(`#level`), "4"),
		chromedp.SetValue(chromedp.CSS(`#mark`), "17"),
		chromedp.SendKeys(chromedp.CSS(`#comment`), "Good range; check spellings."),
		chromedp.Click(chromedp.CSS(`#override`)),
		chromedp.WaitVisible(chromedp.CSS(`#queue-empty`))))
	r, err := e.store.GetReview(context.Background(), e.org.ID, subID)
	require.NoError(t, err)
	assert.Equal(t, 17, r.FinalMark)
	assert.True(t, r.Overridden)

	// The student sees the final mark and the comment.
	require.NoError(t, chromedp.Do(student,
		chromedp.Navigate(e.url("/s/"+subID)),
		chromedp.WaitVisible(chromedp.CSS(`#final-mark`))))
	final := get(t, student, chromedp.Text(chromedp.CSS(`#final-mark`)))
	assert.Contains(t, final, "Your tutor's mark: 17/25")
	assert.Contains(t, final, "check spellings")

	// A second draft with the slips corrected shows what changed.
	fixed := strings.NewReplacer("religous", "religious", "sucessful", "successful", "marrage", "marriage", "countrys", "country's").Replace(essay)
	require.NoError(t, chromedp.Do(student, chromedp.Navigate(e.url("/a/"+a.ID))))
	require.NoError(t, submitDraft(student, fixed))
	require.NoError(t, chromedp.Do(student, chromedp.WaitVisible(chromedp.CSS(`#change`))))
	change := get(t, student, chromedp.Text(chromedp.CSS(`#change`)))
	assert.Contains(t, change, "Since draft 1")
	assert.Contains(t, change, "Mark:")
	shot(t, student, "student-second-draft", false)

	// The tutor accepts the second draft with the keyboard: open it, press a.
	require.NoError(t, chromedp.Do(tutor,
		chromedp.Navigate(e.url("/tutor/queue")),
		chromedp.WaitVisible(chromedp.CSS(`table.queue`)),
		chromedp.KeyEvent("j"), chromedp.KeyEvent(kb.Enter),
		chromedp.WaitVisible(chromedp.CSS(`#accept`)),
		chromedp.KeyEvent("a"),
		chromedp.WaitVisible(chromedp.CSS(`#queue-empty`))))
	rows, err := e.store.ListMarkbook(context.Background(), e.org.ID, store.MarkbookFilter{LatestOnly: true})
	require.NoError(t, err)
	require.Len(t, rows, 1)
	require.NotNil(t, rows[0].Review)
	assert.False(t, rows[0].Review.Overridden, "a accepts the suggestion")
	assert.Equal(t, 2, rows[0].Draft)

	// A second student's essay, so the class view has a class.
	_, code2, err := AddStudent(context.Background(), e.store, e.org.ID, "Alex Other")
	require.NoError(t, err)
	alex := e.client()
	resp, _ := alex.post("/login/code", url.Values{"csrf": {alex.token("/login")}, "code": {code2}})
	require.Equal(t, http.StatusSeeOther, resp.StatusCode)
	alex.submit(a.ID, fixture(t, "mary-strong.txt"))

	// The class view.
	require.NoError(t, chromedp.Do(tutor,
		chromedp.Navigate(e.url("/tutor/class")),
		chromedp.WaitVisible(chromedp.CSS(`#markbook`))))
	levels := get(t, tutor, chromedp.Text(chromedp.CSS(`#levels`)))
	targets := get(t, tutor, chromedp.Text(chromedp.CSS(`#targets`)))
	assert.Contains(t, levels, fmt.Sprintf("Level %d", rows[0].Review.FinalLevel))
	markbook := get(t, tutor, chromedp.Text(chromedp.CSS(`#markbook`)))
	assert.Contains(t, markbook, "Alex Other")
	assert.Contains(t, markbook, "Sam Student")
	assert.NotEmpty(t, targets)
	shot(t, tutor, "tutor-class", true)
	accessible(t, tutor, "class")
}

func TestBrowserScriptInEssayIsText(t *testing.T) {
	b := browser(t)
	e := newEnv(t)
	ctx := tab(t, b)
	hostile := "Mary I <script>window.pwned = 1</script> became queen in 1553.\n\n" +
		`<img src=x onerror="window.pwned = 2"> Her religous policy </mark><b>was</b> harsh.` + "\n\nIn conclusion, she was partly successful."
	require.NoError(t, chromedp.Do(ctx,
		chromedp.Navigate(e.url("/practice")),
		chromedp.WaitVisible(chromedp.CSS(`#text`))))
	accessible(t, ctx, "practice")
	shot(t, ctx, "practice", true)
	require.NoError(t, chromedp.Do(ctx,
		chromedp.SetValue(chromedp.CSS(`#question`), `Was Mary I <script>window.pwned = 3</script> successful?`),
		chromedp.SetValue(chromedp.CSS(`#text`), hostile),
		chromedp.Submit(chromedp.CSS(`#text`)),
		chromedp.WaitVisible(chromedp.CSS(`#essay`))))
	pwned := get(t, ctx, chromedp.Evaluate[bool](`window.pwned !== undefined`))
	shown := get(t, ctx, chromedp.Text(chromedp.CSS(`#essay`)))
	injected := get(t, ctx, chromedp.Evaluate[int](`document.querySelectorAll('#essay script, #essay img, #essay b, main script').length`))
	assert.False(t, pwned, "no script from the essay ran")
	assert.Contains(t, shown, "<script>window.pwned = 1</script>", "the essay is shown as text")
	assert.Contains(t, shown, `<img src=x onerror="window.pwned = 2">`)
	assert.Zero(t, injected, "no element was made from the essay")
	accessible(t, ctx, "practice feedback")

	// A tap (click) on a highlight opens its explanation; a second tap closes it.
	require.NoError(t, chromedp.Do(ctx, chromedp.Click(chromedp.CSS(`#essay mark.hl-spelling`))))
	open := get(t, ctx, chromedp.Evaluate[bool](`document.querySelector('#essay mark.hl-spelling').classList.contains('tip-open')`))
	assert.True(t, open)
	tip := get(t, ctx, chromedp.Evaluate[string](`getComputedStyle(document.querySelector('#essay mark.hl-spelling'), '::after').content`))
	assert.Contains(t, tip, "religious")
	require.NoError(t, chromedp.Do(ctx, chromedp.Click(chromedp.CSS(`#essay mark.hl-spelling`))))
	open = get(t, ctx, chromedp.Evaluate[bool](`document.querySelector('#essay mark.hl-spelling').classList.contains('tip-open')`))
	assert.False(t, open)
}

func TestBrowserLoginPage(t *testing.T) {
	b := browser(t)
	e := newEnv(t)
	ctx := tab(t, b)
	require.NoError(t, chromedp.Do(ctx, chromedp.Navigate(e.url("/login")), chromedp.WaitVisible(chromedp.CSS(`#code`))))
	accessible(t, ctx, "login")
	shot(t, ctx, "login", true)
	// A phone-sized window still shows the whole form without sideways scrolling.
	require.NoError(t, chromedp.Do(ctx, chromedp.EmulateViewport(375, 700)))
	get(t, ctx, chromedp.Evaluate[any](`document.activeElement.blur(); null`))
	overflow := get(t, ctx, chromedp.Evaluate[bool](`document.documentElement.scrollWidth > window.innerWidth + 1`))
	assert.False(t, overflow, "no horizontal scrolling on a phone")
	shot(t, ctx, "login-phone", true)
}

// get runs an action that returns a value, failing the test on error.
func get[T any](t *testing.T, ctx context.Context, a chromedp.Action[T]) T {
	t.Helper()
	v, err := chromedp.Run(ctx, a)
	require.NoError(t, err)
	return v
}
