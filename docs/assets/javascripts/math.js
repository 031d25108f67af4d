// Render pymdownx.arithmatex formulas with the site's own copy of KaTeX.
// KaTeX (JS, CSS, fonts) is fetched only when a formula comes near the viewport, so pages
// without formulas, and the first screen of pages with them, never pay for it. Runs through
// Material's document$ observable (once per page load).
(function () {
  "use strict";
  var base = new URL("../vendor/katex/", document.currentScript.src).href;
  var ready = null;

  function load() {
    if (ready) return ready;
    ready = new Promise(function (resolve, reject) {
      var css = document.createElement("link");
      css.rel = "stylesheet";
      css.href = base + "katex.min.css";
      document.head.appendChild(css);
      var script = document.createElement("script");
      script.src = base + "katex.min.js";
      script.onload = resolve;
      script.onerror = function () { reject(new Error("could not load " + script.src)); };
      document.head.appendChild(script);
    });
    return ready;
  }

  function render(elements) {
    elements.forEach(function (el) {
      var tex = el.textContent.trim();
      var display = tex.startsWith("\\[");
      tex = tex.replace(/^\\[\[(]/, "").replace(/\\[\])]$/, "");
      window.katex.render(tex, el, { displayMode: display, throwOnError: true });
      el.classList.add("mlsd-math-rendered");
    });
  }

  function typeset() {
    var elements = document.querySelectorAll(".arithmatex:not(.mlsd-math-rendered)");
    if (!elements.length) return;
    var observer = new IntersectionObserver(function (entries) {
      var near = entries.filter(function (e) { return e.isIntersecting; }).map(function (e) {
        observer.unobserve(e.target);
        return e.target;
      });
      if (!near.length) return;
      load().then(function () { render(near); }).catch(function (error) { console.error(error); });
    }, { rootMargin: "400px 0px" });
    elements.forEach(function (el) { observer.observe(el); });
  }

  if (window.document$) {
    window.document$.subscribe(typeset);
  } else {
    document.addEventListener("DOMContentLoaded", typeset);
  }
})();
