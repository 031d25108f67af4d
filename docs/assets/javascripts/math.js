// Render pymdownx.arithmatex formulas with the site's own copy of KaTeX.
// KaTeX runs in a worker (math-worker.js): the page receives finished HTML, so parsing and
// running the library never blocks scrolling or typing. The stylesheet and fonts are
// fetched only when a formula comes near the viewport, so pages without formulas, and the
// first screen of pages with them, never pay for them. Runs through Material's document$
// observable (once per page load).
(function () {
  "use strict";
  var here = document.currentScript.src;
  var css = new URL("../vendor/katex/katex.min.css", here).href;
  var workerUrl = new URL("math-worker.js", here).href;
  var worker = null;
  var pending = {};
  var next = 0;

  function start() {
    if (worker) return worker;
    var link = document.createElement("link");
    link.rel = "stylesheet";
    link.href = css;
    document.head.appendChild(link);
    worker = new Worker(workerUrl);
    worker.onmessage = function (event) {
      event.data.forEach(function (result) {
        var el = pending[result.id];
        delete pending[result.id];
        if (result.error) {
          console.error("KaTeX could not render " + el.textContent.trim() + ": " + result.error);
          return;
        }
        el.innerHTML = result.html;
        el.classList.add("mlsd-math-rendered");
      });
    };
    worker.onerror = function (event) {
      console.error("math worker failed: " + (event.message || workerUrl));
    };
    return worker;
  }

  function render(elements) {
    start().postMessage(elements.map(function (el) {
      var tex = el.textContent.trim();
      var id = next++;
      pending[id] = el;
      return {
        id: id,
        display: tex.startsWith("\\["),
        tex: tex.replace(/^\\[\[(]/, "").replace(/\\[\])]$/, ""),
      };
    }));
  }

  function typeset() {
    var elements = document.querySelectorAll(".arithmatex:not(.mlsd-math-rendered)");
    if (!elements.length) return;
    var observer = new IntersectionObserver(function (entries) {
      var near = entries.filter(function (e) { return e.isIntersecting; }).map(function (e) {
        observer.unobserve(e.target);
        return e.target;
      });
      if (near.length) render(near);
    }, { rootMargin: "400px 0px" });
    elements.forEach(function (el) { observer.observe(el); });
  }

  if (window.document$) {
    window.document$.subscribe(typeset);
  } else {
    document.addEventListener("DOMContentLoaded", typeset);
  }
})();
