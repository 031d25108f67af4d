// Renders formulas to HTML off the main thread, for math.js. KaTeX's renderToString needs
// no DOM, so the 270 KB library is parsed and run here, where it cannot block the page.
/* global katex */
importScripts("../vendor/katex/katex.min.js");

self.onmessage = function (event) {
  self.postMessage(event.data.map(function (formula) {
    try {
      return { id: formula.id, html: katex.renderToString(formula.tex, {
        displayMode: formula.display, throwOnError: true
      }) };
    } catch (error) {
      return { id: formula.id, error: String(error && error.message || error) };
    }
  }));
};
