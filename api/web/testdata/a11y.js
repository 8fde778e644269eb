// A small accessibility check run in the page; returns a list of problems.
(() => {
  const problems = [];
  const visible = el => !!(el.offsetWidth || el.offsetHeight || el.getClientRects().length);
  for (const el of document.querySelectorAll('input:not([type=hidden]), select, textarea')) {
    const lab = el.id && document.querySelector('label[for="' + CSS.escape(el.id) + '"]');
    if (!lab && !el.closest('label') && !el.getAttribute('aria-label') && !el.getAttribute('aria-labelledby')) {
      problems.push('no label: ' + el.outerHTML.slice(0, 80));
    }
  }
  for (const el of document.querySelectorAll('img')) {
    if (!el.hasAttribute('alt')) problems.push('image without alt: ' + el.outerHTML.slice(0, 80));
  }
  const h1 = document.querySelectorAll('h1').length;
  if (h1 !== 1) problems.push('expected one h1, found ' + h1);
  if (!document.documentElement.lang) problems.push('no lang on <html>');
  for (const sel of ['header', 'nav', 'main', 'footer']) {
    if (!document.querySelector(sel)) problems.push('no ' + sel + ' landmark');
  }
  const ids = new Set();
  for (const el of document.querySelectorAll('[id]')) {
    if (ids.has(el.id)) problems.push('duplicate id ' + el.id);
    ids.add(el.id);
  }
  // Contrast of every visible run of text against its background.
  const parse = s => (s.match(/[\d.]+/g) || []).map(Number);
  const lum = c => {
    const v = c.slice(0, 3).map(x => { x /= 255; return x <= 0.03928 ? x / 12.92 : Math.pow((x + 0.055) / 1.055, 2.4); });
    return 0.2126 * v[0] + 0.7152 * v[1] + 0.0722 * v[2];
  };
  const background = el => {
    for (; el; el = el.parentElement) {
      const c = parse(getComputedStyle(el).backgroundColor);
      if (c.length === 3 || (c.length === 4 && c[3] > 0)) return c;
    }
    return [255, 255, 255];
  };
  const ratio = (a, b) => { const x = lum(a), y = lum(b); return (Math.max(x, y) + 0.05) / (Math.min(x, y) + 0.05); };
  const checked = new Set();
  for (const el of document.querySelectorAll('body *')) {
    if (!visible(el)) continue;
    const hasText = Array.from(el.childNodes).some(n => n.nodeType === 3 && n.textContent.trim() !== '');
    if (!hasText) continue;
    const fg = parse(getComputedStyle(el).color), bg = background(el);
    const key = fg.join() + '/' + bg.join();
    if (checked.has(key)) continue;
    checked.add(key);
    const r = ratio(fg, bg);
    if (r < 4.5) problems.push('contrast ' + r.toFixed(2) + ' for ' + el.tagName.toLowerCase() + '.' + el.className + ' ' + key);
  }
  // Focus order follows the document: no positive tabindex; every
  // focusable control is visible and named.
  for (const el of document.querySelectorAll('a[href], button, input:not([type=hidden]), select, textarea, [tabindex]')) {
    const ti = parseInt(el.getAttribute('tabindex') || '0', 10);
    if (ti > 0) problems.push('positive tabindex on ' + el.tagName);
    if (ti < 0 || el.classList.contains('skip')) continue;
    if (!visible(el)) problems.push('hidden focusable ' + el.outerHTML.slice(0, 60));
    const name = (el.getAttribute('aria-label') || el.textContent || el.value || '').trim();
    if ((el.tagName === 'A' || el.tagName === 'BUTTON') && name === '') problems.push('unnamed ' + el.outerHTML.slice(0, 60));
  }
  return problems;
})()
