// report.html: highlight what an anchor points at. The report reads and
// prints without this script; it only marks, it never fetches.
(function () {
  "use strict";
  function ids(el, attr) {
    return (el.getAttribute(attr) || "").split(" ").filter(function (s) {
      return s.length > 0;
    });
  }
  function show() {
    var old = document.querySelectorAll(".lit");
    for (var i = 0; i < old.length; i++) old[i].classList.remove("lit");
    var id = "";
    try {
      id = decodeURIComponent(location.hash.slice(1));
    } catch (e) {
      id = "";
    }
    var target = id ? document.getElementById(id) : null;
    var lit = 0;
    if (target) {
      // A finding lights its cells; a cell lights its findings and itself.
      var cells = ids(target, "data-cells");
      var findings = ids(target, "data-f");
      if (target.classList.contains("cited")) cells.push(id);
      cells.forEach(function (c) {
        var e = document.getElementById(c);
        if (e) {
          e.classList.add("lit");
          lit++;
        }
      });
      findings.forEach(function (f) {
        var e = document.getElementById(f);
        if (e) e.classList.add("lit");
      });
      // Reveal the first cell of a finding when it is off screen.
      if (cells.length > 0 && !target.classList.contains("cited")) {
        var first = document.getElementById(cells[0]);
        if (first) {
          var r = first.getBoundingClientRect();
          if (r.bottom < 0 || r.top > window.innerHeight) {
            first.scrollIntoView({ block: "center" });
          }
        }
      }
    }
    document.documentElement.setAttribute("data-lit", String(lit));
  }
  window.addEventListener("hashchange", show);
  show();
  document.documentElement.setAttribute("data-ready", "1");
})();
