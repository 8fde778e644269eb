package web

import (
	"context"
	"net/http"
	"net/url"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/clio-history/clio/api/store"
)

// overflowJS measures the page at the window's width: the document's
// width, and the elements (outside a scrolling container) that reach past
// the right edge, to name in a failure.
const overflowJS = `(() => {
  const w = window.innerWidth, out = [];
  for (const el of document.body.querySelectorAll('*')) {
    const r = el.getBoundingClientRect();
    if (r.right <= w + 1 || r.width === 0) continue;
    let p = el.parentElement, inside = false;
    for (; p && p !== document.body; p = p.parentElement) {
      const o = getComputedStyle(p).overflowX;
      if (o === 'auto' || o === 'scroll' || o === 'hidden') { inside = true; break; }
    }
    if (!inside) out.push(el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') + (el.className && typeof el.className === 'string' ? '.' + el.className.split(' ').join('.') : '') + ' ' + Math.round(r.right) + 'px');
  }
  return {doc: document.documentElement.scrollWidth, win: w, wide: out.slice(0, 8)};
})()`

type overflow struct {
	Doc  int      `json:"doc"`
	Win  int      `json:"win"`
	Wide []string `json:"wide"`
}

// TestBrowserPhoneLayout: on a phone 375 px wide no page is wider than the
// screen: long links wrap, and tables scroll inside their own container
// instead of widening the page. Every page is visited with realistic data:
// a long title, a reviewed draft and a second one.
func TestBrowserPhoneLayout(t *testing.T) {
	b := browser(t)
	e := newEnv(t)
	ctx := context.Background()
	a := store.Assignment{ID: store.NewID("asg"), OrgID: e.org.ID, Title: "Mary I and the problems of her reign, 1553–58: religion, marriage and rebellion",
		Question: maryQuestion, Rubric: "aqa-a-level-essay-25", Class: "12B History", CreatedBy: e.tutor.ID, Created: store.Now()}
	require.NoError(t, e.store.CreateAssignment(ctx, a))
	require.NoError(t, e.store.PutAssignmentOptions(ctx, store.AssignmentOptions{OrgID: e.org.ID, AssignmentID: a.ID}))
	sc := e.client()
	sc.loginStudent()
	essay := fixture(t, "mary-spelling.txt")
	first := sc.submit(a.ID, essay)
	tc := e.client()
	tc.loginTutor()
	resp, _ := tc.post("/tutor/review/"+first, url.Values{"csrf": {tc.token("/tutor")}, "action": {"override"}, "level": {"3"},
		"mark": {"12"}, "comment": {"A clear start; now explain how each piece of evidence answers the question."}})
	require.Equal(t, http.StatusSeeOther, resp.StatusCode)
	second := sc.submit(a.ID, essay+"\n\nIn conclusion, Mary was more successful than her reputation suggests, above all in restoring Catholic worship.")

	check := func(t *testing.T, tab context.Context, name string) {
		t.Helper()
		o := get(t, tab, chromedp.Evaluate[overflow](overflowJS))
		assert.LessOrEqual(t, o.Doc, o.Win, "%s is wider than a %d px phone; too wide: %v", name, o.Win, o.Wide)
	}
	visit := func(t *testing.T, tab context.Context, path, ready string) {
		t.Helper()
		require.NoError(t, chromedp.Do(tab, chromedp.Navigate(e.url(path)), chromedp.WaitVisible(chromedp.CSS(ready))))
		check(t, tab, path)
	}
	phone := func() context.Context {
		c := tab(t, b)
		require.NoError(t, chromedp.Do(c, chromedp.EmulateViewport(375, 740)))
		return c
	}

	anon := phone()
	visit(t, anon, "/login", "#code")
	visit(t, anon, "/practice", "#text")
	require.NoError(t, chromedp.Do(anon, chromedp.SetValue(chromedp.CSS(`#text`), essay),
		chromedp.Submit(chromedp.CSS(`#text`)), chromedp.WaitVisible(chromedp.CSS(`#essay`))))
	check(t, anon, "practice feedback")

	student := phone()
	require.NoError(t, loginStudent(e, student, "/me"))
	require.NoError(t, chromedp.Do(student, chromedp.WaitVisible(chromedp.CSS(`#subs-h`))))
	check(t, student, "/me")
	visit(t, student, "/a/"+a.ID, "#text")
	visit(t, student, "/s/"+first, "#final-mark")
	visit(t, student, "/s/"+second, "#change")
	visit(t, student, "/s/sub_000000000000000000000000", "main")

	tutor := phone()
	require.NoError(t, loginTutor(e, tutor))
	visit(t, tutor, "/tutor", "#new-h")
	fits := get(t, tutor, chromedp.Evaluate[bool](`document.querySelector('a.share').getBoundingClientRect().right <= window.innerWidth`))
	assert.True(t, fits, "the link to share wraps to the screen, so it can be read and copied without scrolling")
	shot(t, tutor, "tutor-assignments-phone", false)
	visit(t, tutor, "/tutor/queue", "table.queue")
	visit(t, tutor, "/tutor/review/"+second, "#override")
	visit(t, tutor, "/tutor/class", "#markbook")
}
