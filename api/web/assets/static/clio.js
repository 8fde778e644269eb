// Clio pages: keyboard shortcuts for tutors and tap-to-explain highlights.
(function () {
  "use strict";
  function typing(e) {
    var t = e.target;
    return t && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName));
  }
  document.addEventListener("keydown", function (e) {
    if (e.altKey || e.ctrlKey || e.metaKey || typing(e)) return;
    var rows = document.querySelectorAll("[data-keys=rows] tbody tr");
    if (rows.length && (e.key === "j" || e.key === "k")) {
      var cur = document.querySelector("[data-keys=rows] tr.current");
      var i = Array.prototype.indexOf.call(rows, cur);
      i = e.key === "j" ? Math.min(i + 1, rows.length - 1) : Math.max(i - 1, 0);
      if (cur) cur.classList.remove("current");
      rows[i].classList.add("current");
      var a = rows[i].querySelector("a");
      if (a) a.focus();
      e.preventDefault();
      return;
    }
    var el = document.querySelector("[data-key='" + e.key + "']");
    if (!el) return;
    e.preventDefault();
    el.click();
  });
  // A tap on a highlight toggles its explanation (hover and focus show it too).
  document.addEventListener("click", function (e) {
    var open = document.querySelectorAll("mark.tip-open");
    var m = e.target.closest && e.target.closest("mark.hl");
    for (var i = 0; i < open.length; i++) if (open[i] !== m) open[i].classList.remove("tip-open");
    if (m) m.classList.toggle("tip-open");
  });
  document.addEventListener("keydown", function (e) {
    if (e.key === "Escape") {
      var open = document.querySelectorAll("mark.tip-open");
      for (var i = 0; i < open.length; i++) open[i].classList.remove("tip-open");
      if (document.activeElement && document.activeElement.matches("mark.hl")) document.activeElement.blur();
    }
  });
})();
