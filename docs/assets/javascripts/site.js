// Small enhancements for every page, run once per page load through Material's document$:
// - filters for the case-study catalogue: one drop-down per column (domain, problem type,
//   difficulty, technique), built from the table itself, so the catalogue stays a plain
//   table without JavaScript;
// - practice mode (practice.js), loaded only on pages that have a [data-practice] element;
// - keyboard access to tables that scroll sideways.
(function () {
  "use strict";
  var practiceScript = new URL("practice.js", document.currentScript.src).href;
  var practiceLoaded = null;

  function practice() {
    if (!document.querySelector("[data-practice]")) return;
    if (!practiceLoaded) {
      practiceLoaded = new Promise(function (resolve, reject) {
        var script = document.createElement("script");
        script.src = practiceScript;
        script.onload = resolve;
        script.onerror = function () { reject(new Error("could not load " + practiceScript)); };
        document.head.appendChild(script);
      });
    }
    practiceLoaded.then(function () { window.mlsdPractice.init(); });
  }
  var COLUMNS = [
    { index: 1, label: "Domain" },
    { index: 2, label: "Problem type" },
    { index: 3, label: "Difficulty" },
    { index: 4, label: "Technique", many: true },
  ];

  function values(cell, many) {
    var text = cell.textContent.trim();
    return many ? text.split(/\s*,\s*/).filter(Boolean) : [text];
  }

  function setup() {
    var wrapper = document.querySelector(".mlsd-catalogue");
    if (!wrapper || wrapper.querySelector(".mlsd-filters")) return;
    var table = wrapper.querySelector("table");
    if (!table) return;
    var rows = Array.prototype.slice.call(table.tBodies[0].rows);
    var form = document.createElement("form");
    form.className = "mlsd-filters";
    form.setAttribute("role", "search");
    form.setAttribute("aria-label", "Filter case studies");
    var status = document.createElement("p");
    status.className = "mlsd-filters__status";
    status.setAttribute("role", "status");
    var selects = COLUMNS.map(function (column) {
      var seen = {};
      rows.forEach(function (row) {
        values(row.cells[column.index], column.many).forEach(function (v) { seen[v] = true; });
      });
      var label = document.createElement("label");
      label.textContent = column.label + " ";
      var select = document.createElement("select");
      select.name = column.label.toLowerCase().replace(/ /g, "-");
      select.add(new Option("Any", ""));
      Object.keys(seen).sort().forEach(function (v) { select.add(new Option(v, v)); });
      label.appendChild(select);
      form.appendChild(label);
      return { column: column, select: select };
    });

    function apply() {
      var shown = 0;
      rows.forEach(function (row) {
        var match = selects.every(function (s) {
          return !s.select.value ||
            values(row.cells[s.column.index], s.column.many).indexOf(s.select.value) >= 0;
        });
        row.hidden = !match;
        if (match) shown += 1;
      });
      status.textContent = shown + " of " + rows.length + " case studies shown";
    }

    form.addEventListener("change", apply);
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    form.appendChild(status);
    wrapper.insertBefore(form, wrapper.firstChild);
    apply();
  }

  // Wide tables scroll sideways inside Material's wrapper: make the wrappers reachable by
  // keyboard (and name them), as Material does for code blocks. Whether a table scrolls
  // depends on the screen and on deferred rendering (content-visibility), so every
  // wrapper gets it.
  function scrollableTables() {
    document.querySelectorAll(".md-typeset__scrollwrap").forEach(function (wrap) {
      if (wrap.hasAttribute("tabindex")) return;
      wrap.setAttribute("tabindex", "0");
      wrap.setAttribute("role", "region");
      wrap.setAttribute("aria-label", "Table (scrolls sideways)");
    });
  }

  function enhance() {
    setup();
    practice();
    scrollableTables();
  }

  if (window.document$) window.document$.subscribe(enhance);
  else document.addEventListener("DOMContentLoaded", enhance);
})();
