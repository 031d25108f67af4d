// Practice mode: the drill (timer, checkpoints, answer revealed section by section,
// self-scoring), the progress page (history, weakest signal, export, import, reset) and
// flashcards (spaced repetition by keyboard). Loaded on demand by site.js on pages with a
// [data-practice] element. All state stays in this browser's localStorage.
(function () {
  "use strict";
  var ROOT = new URL("../../", document.currentScript.src);
  var SCORES_KEY = "mlsd-practice";
  var CARDS_KEY = "mlsd-flashcards";
  var MINUTE = 60 * 1000;
  var DAY = 24 * 60 * MINUTE;
  var INTERVAL_DAYS = [0, 0, 1, 3, 7, 14, 30]; // by box: 1 = learning ... 6 = long term
  var dataPromise = null;

  function data() {
    if (!dataPromise) {
      dataPromise = fetch(new URL("practice/data.json", ROOT)).then(function (r) {
        if (!r.ok) throw new Error("practice data: HTTP " + r.status);
        return r.json();
      });
    }
    return dataPromise;
  }

  function load(key, fallback) {
    try {
      var value = JSON.parse(localStorage.getItem(key));
      return value && typeof value === "object" ? value : fallback;
    } catch (e) {
      return fallback;
    }
  }

  function save(key, value) {
    localStorage.setItem(key, JSON.stringify(value));
  }

  function history() {
    var stored = load(SCORES_KEY, null);
    return stored && Array.isArray(stored.drills) ? stored : { version: 1, drills: [] };
  }

  // A tiny element builder: el("p", {className: "x"}, "text", child, ...).
  function el(tag, props) {
    var node = document.createElement(tag);
    Object.keys(props || {}).forEach(function (key) {
      if (key === "text") node.textContent = props[key];
      else if (key in node && key.indexOf("-") < 0) node[key] = props[key];
      else node.setAttribute(key, props[key]);
    });
    for (var i = 2; i < arguments.length; i++) {
      var child = arguments[i];
      if (child == null) continue;
      node.appendChild(typeof child === "string" ? document.createTextNode(child) : child);
    }
    return node;
  }

  function clock(ms) {
    var total = Math.max(0, Math.floor(ms / 1000));
    var m = Math.floor(total / 60), s = total % 60;
    return (m < 10 ? "0" : "") + m + ":" + (s < 10 ? "0" : "") + s;
  }

  // ---- drill -----------------------------------------------------------------------

  function drill(root, d) {
    var params = new URLSearchParams(location.search);
    var study = d.cases.filter(function (c) { return c.id === params.get("case"); })[0];
    var prompt = d.prompts.filter(function (p) { return p.id === params.get("prompt"); })[0];
    root.textContent = "";
    if (!study && !prompt) return chooser(root, d);
    var item = study
      ? { kind: "case", id: study.id, title: study.title,
          text: "Design " + study.title.charAt(0).toLowerCase() + study.title.slice(1) + ". You have 45 minutes." }
      : { kind: "prompt", id: prompt.id, title: prompt.prompt, text: prompt.prompt + " You have 45 minutes." };
    root.appendChild(el("h2", { id: "drill-prompt" }, "The prompt"));
    root.appendChild(el("p", { className: "mlsd-drill__prompt" }, item.text));
    timer(root, d.plan);
    root.appendChild(el("h2", { id: "drill-answer" }, "The answer"));
    if (study) revealCase(root, study);
    else revealHints(root, prompt, d);
    scoring(root, d, item);
  }

  function chooser(root, d) {
    root.appendChild(el("h2", { id: "choose-a-prompt" }, "Choose a prompt"));
    root.appendChild(el("h3", { id: "drill-case-studies" }, "Case studies (with a worked answer)"));
    var cases = el("ul", { className: "mlsd-drill__choices" });
    d.cases.forEach(function (c) {
      cases.appendChild(el("li", null, el("a", { href: "?case=" + encodeURIComponent(c.id) }, c.title)));
    });
    root.appendChild(cases);
    root.appendChild(el("h3", { id: "drill-prompt-bank" }, "Prompt bank (with hints)"));
    var prompts = el("ul", { className: "mlsd-drill__choices" });
    d.prompts.forEach(function (p) {
      prompts.appendChild(el("li", null, el("a", { href: "?prompt=" + encodeURIComponent(p.id) }, p.prompt)));
    });
    root.appendChild(prompts);
  }

  function timer(root, plan) {
    var total = plan[plan.length - 1].end * MINUTE;
    var display = el("p", { className: "mlsd-drill__clock", role: "timer", "aria-label": "Elapsed time" },
      "00:00 / " + clock(total));
    var announce = el("p", { className: "mlsd-drill__announce", "aria-live": "polite" });
    var start = el("button", { type: "button", className: "md-button md-button--primary" }, "Start");
    var reset = el("button", { type: "button", className: "md-button" }, "Reset");
    var list = el("ol", { className: "mlsd-drill__checkpoints" });
    var items = plan.map(function (phase) {
      var status = el("span", { className: "mlsd-drill__status" }, "");
      var li = el("li", { "data-end": String(phase.end) },
        el("strong", null, "Minute " + phase.end + ": " + phase.name + ". "), phase.checkpoint + " ", status);
      list.appendChild(li);
      return { phase: phase, li: li, status: status, reached: false };
    });
    var elapsedBefore = 0, startedAt = null, tick = null;

    function elapsed() {
      return elapsedBefore + (startedAt === null ? 0 : Date.now() - startedAt);
    }
    function update() {
      var now = elapsed();
      display.textContent = clock(now) + " / " + clock(total);
      items.forEach(function (item) {
        if (!item.reached && now >= item.phase.end * MINUTE) {
          item.reached = true;
          item.li.classList.add("mlsd-drill__reached");
          item.status.textContent = "(checkpoint reached)";
          announce.textContent = "Minute " + item.phase.end + " checkpoint: " + item.phase.checkpoint;
        }
      });
      if (now >= total) {
        stop();
        announce.textContent = "Time is up: 45 minutes. Reveal the answer and score yourself.";
      }
    }
    function stop() {
      if (startedAt !== null) elapsedBefore += Date.now() - startedAt;
      startedAt = null;
      clearInterval(tick);
      start.textContent = elapsed() >= total ? "Done" : "Resume";
    }
    start.addEventListener("click", function () {
      if (startedAt !== null) return stop();
      if (elapsed() >= total) return;
      startedAt = Date.now();
      start.textContent = "Pause";
      tick = setInterval(update, 1000);
    });
    reset.addEventListener("click", function () {
      stop();
      elapsedBefore = 0;
      start.textContent = "Start";
      items.forEach(function (item) {
        item.reached = false;
        item.li.classList.remove("mlsd-drill__reached");
        item.status.textContent = "";
      });
      announce.textContent = "";
      update();
    });
    root.appendChild(el("h2", { id: "drill-timer" }, "Timer and checkpoints"));
    root.appendChild(el("div", { className: "mlsd-drill__timer" }, display, start, " ", reset));
    root.appendChild(announce);
    root.appendChild(list);
  }

  function revealer(root, parts, label) {
    var shown = 0;
    var count = el("p", { className: "mlsd-drill__count", "aria-live": "polite" });
    var button = el("button", { type: "button", className: "md-button" }, "Reveal the next " + label);
    var box = el("div", { className: "mlsd-drill__revealed" });
    function status() {
      count.textContent = shown + " of " + parts.length + " " + label + "s revealed";
      button.disabled = shown >= parts.length;
    }
    button.addEventListener("click", function () {
      if (shown >= parts.length) return;
      var part = parts[shown++];
      box.appendChild(part);
      var focus = part.querySelector("h3") || part;
      focus.setAttribute("tabindex", "-1");
      focus.focus();
      status();
    });
    root.appendChild(box);
    root.appendChild(el("div", { className: "mlsd-drill__controls" }, button, count));
    status();
  }

  function revealCase(root, study) {
    var holder = el("div");
    root.appendChild(holder);
    var url = new URL(study.url, ROOT);
    holder.appendChild(el("p", null, "Loading the worked answer…"));
    fetch(url).then(function (r) { return r.text(); }).then(function (html) {
      var doc = new DOMParser().parseFromString(html, "text/html");
      var article = doc.querySelector("article");
      var parts = [], current = el("section", { className: "mlsd-drill__section" },
        el("h3", null, "The answer in two sentences"));
      Array.prototype.slice.call(article.children).forEach(function (node) {
        if (node.tagName === "H1" || node.classList.contains("md-content__button")) return;
        if (node.tagName === "H2") {
          parts.push(current);
          var title = node.cloneNode(true);
          title.querySelectorAll(".headerlink").forEach(function (a) { a.remove(); });
          current = el("section", { className: "mlsd-drill__section" }, el("h3", null, title.textContent));
          return;
        }
        current.appendChild(document.importNode(node, true));
      });
      parts.push(current);
      parts.forEach(function (part) {
        // Keep ids unique on the drill page (content tabs pair inputs and labels by id).
        part.querySelectorAll("[id]").forEach(function (n) { n.id = "drill-" + n.id; });
        part.querySelectorAll("label[for]").forEach(function (n) { n.htmlFor = "drill-" + n.htmlFor; });
        part.querySelectorAll("h2, h3, h4").forEach(function (h, i) {
          if (i === 0 && h.parentNode === part) return;
          var level = Math.min(6, Number(h.tagName[1]) + 1);
          var heading = el("h" + level, null, h.textContent);
          h.replaceWith(heading);
        });
        part.querySelectorAll(".headerlink").forEach(function (a) { a.remove(); });
        part.querySelectorAll("a[href]").forEach(function (a) {
          var href = a.getAttribute("href");
          a.href = href.charAt(0) === "#" ? "#drill-" + href.slice(1) : new URL(href, url).href;
        });
        part.querySelectorAll("img[src]").forEach(function (i) { i.src = new URL(i.getAttribute("src"), url).href; });
      });
      holder.textContent = "";
      holder.appendChild(el("p", null, "Reveal the worked answer of ",
        el("a", { href: url.href }, study.title), " one section at a time, after you have answered."));
      revealer(holder, parts, "section");
    }).catch(function (error) {
      holder.textContent = "Could not load the worked answer (" + error.message + ").";
    });
  }

  function revealHints(root, prompt, d) {
    var parts = prompt.hints.map(function (hint, i) {
      return el("section", { className: "mlsd-drill__section" },
        el("h3", null, "Hint " + (i + 1)), el("p", null, hint));
    });
    var related = d.cases.filter(function (c) { return c.domain === prompt.domain; });
    if (related.length) {
      var list = el("ul");
      related.forEach(function (c) { list.appendChild(el("li", null, el("a", { href: new URL(c.url, ROOT).href }, c.title))); });
      parts.push(el("section", { className: "mlsd-drill__section" },
        el("h3", null, "Worked case studies in the same domain"), list));
    }
    revealer(root, parts, "hint");
  }

  function scoring(root, d, item) {
    root.appendChild(el("h2", { id: "drill-score" }, "Score yourself"));
    var form = el("form", { className: "mlsd-drill__score" });
    d.signals.forEach(function (signal) {
      var fieldset = el("fieldset", null, el("legend", null, signal.name));
      signal.levels.forEach(function (level, i) {
        var id = "score-" + signal.id + "-" + (i + 1);
        fieldset.appendChild(el("div", { className: "mlsd-drill__level" },
          el("input", { type: "radio", name: signal.id, value: String(i + 1), id: id, required: true }),
          el("label", { htmlFor: id }, (i + 1) + ": " + level)));
      });
      fieldset.appendChild(el("p", { className: "mlsd-drill__strong" },
        el("strong", null, "What a strong answer said: "), signal.strong + " ",
        el("a", { href: new URL(signal.url, ROOT).href }, "Read the chapter")));
      form.appendChild(fieldset);
    });
    var message = el("p", { className: "mlsd-drill__saved", role: "status" });
    form.appendChild(el("button", { type: "submit", className: "md-button md-button--primary" }, "Save my scores"));
    form.appendChild(message);
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var scores = {};
      d.signals.forEach(function (signal) {
        var checked = form.querySelector('input[name="' + signal.id + '"]:checked');
        scores[signal.id] = Number(checked.value);
      });
      var store = history();
      store.drills.push({ kind: item.kind, id: item.id, title: item.title,
        date: new Date().toISOString(), scores: scores });
      save(SCORES_KEY, store);
      message.textContent = "";
      message.appendChild(document.createTextNode("Saved (drill " + store.drills.length + "). "));
      message.appendChild(el("a", { href: new URL("practice/progress/", ROOT).href }, "See your progress"));
    });
    root.appendChild(form);
  }

  // ---- progress --------------------------------------------------------------------

  function weakest(drills, signals) {
    var recent = drills.slice(-5);
    var best = null;
    signals.forEach(function (signal) {
      var values = recent.map(function (r) { return r.scores[signal.id]; }).filter(Number.isFinite);
      if (!values.length) return;
      var mean = values.reduce(function (a, b) { return a + b; }, 0) / values.length;
      if (!best || mean < best.mean) best = { signal: signal, mean: mean };
    });
    return best;
  }

  function chart(drills, signals) {
    var w = 560, h = 200, pad = 30;
    var ns = "http://www.w3.org/2000/svg";
    var svg = document.createElementNS(ns, "svg");
    svg.setAttribute("viewBox", "0 0 " + w + " " + h);
    svg.setAttribute("role", "img");
    svg.setAttribute("aria-label", "Scores per signal over your drills, from 1 to 4");
    svg.classList.add("mlsd-progress__chart");
    function x(i) { return pad + (drills.length < 2 ? 0 : i * (w - 2 * pad) / (drills.length - 1)); }
    function y(v) { return h - pad - (v - 1) * (h - 2 * pad) / 3; }
    for (var v = 1; v <= 4; v++) {
      var line = document.createElementNS(ns, "line");
      line.setAttribute("x1", pad); line.setAttribute("x2", w - pad);
      line.setAttribute("y1", y(v)); line.setAttribute("y2", y(v));
      line.setAttribute("class", "mlsd-progress__grid");
      svg.appendChild(line);
      var label = document.createElementNS(ns, "text");
      label.setAttribute("x", 8); label.setAttribute("y", y(v) + 4);
      label.textContent = String(v);
      svg.appendChild(label);
    }
    signals.forEach(function (signal, s) {
      var points = drills.map(function (r, i) { return x(i) + "," + y(r.scores[signal.id]); }).join(" ");
      var poly = document.createElementNS(ns, "polyline");
      poly.setAttribute("points", points);
      poly.setAttribute("class", "mlsd-progress__line mlsd-progress__line--" + s);
      svg.appendChild(poly);
    });
    return svg;
  }

  function progress(root, d) {
    root.textContent = "";
    var store = history();
    var drills = store.drills;
    var status = el("p", { role: "status", className: "mlsd-progress__status" });
    if (!drills.length) {
      root.appendChild(el("p", null, "No drills scored yet in this browser. ",
        el("a", { href: new URL("practice/drill/", ROOT).href }, "Start a drill"), ", or import a history you exported."));
    } else {
      var weak = weakest(drills, d.signals);
      root.appendChild(el("p", { className: "mlsd-progress__summary" },
        el("strong", null, "Drills done: " + drills.length + ". "),
        "Weakest signal over your last " + Math.min(5, drills.length) + " drills: ",
        el("strong", { className: "mlsd-progress__weakest" }, weak.signal.name),
        " (mean " + weak.mean.toFixed(1) + " of 4). Practise it next: ",
        el("a", { href: new URL(weak.signal.url, ROOT).href }, "read the chapter"), "."));
      var head = el("tr", null, el("th", { scope: "col" }, "Date"), el("th", { scope: "col" }, "Prompt"));
      d.signals.forEach(function (s) { head.appendChild(el("th", { scope: "col" }, s.name)); });
      var body = el("tbody");
      drills.forEach(function (r) {
        var row = el("tr", null, el("td", null, r.date.slice(0, 10)), el("td", null, r.title));
        d.signals.forEach(function (s) { row.appendChild(el("td", null, String(r.scores[s.id] || "–"))); });
        body.appendChild(row);
      });
      root.appendChild(el("h2", { id: "scores-over-time" }, "Scores per signal over time"));
      var legend = el("ul", { className: "mlsd-progress__legend" });
      d.signals.forEach(function (s, i) {
        legend.appendChild(el("li", { className: "mlsd-progress__key--" + i }, s.name));
      });
      root.appendChild(chart(drills, d.signals));
      root.appendChild(legend);
      root.appendChild(el("div", { className: "md-typeset__scrollwrap" },
        el("div", { className: "md-typeset__table" }, el("table", { className: "mlsd-progress__table" }, el("thead", null, head), body))));
    }
    root.appendChild(el("h2", { id: "keep-your-history" }, "Export, import, reset"));
    var exportButton = el("button", { type: "button", className: "md-button" }, "Export my history");
    exportButton.addEventListener("click", function () {
      var blob = new Blob([JSON.stringify({ scores: history(), flashcards: load(CARDS_KEY, null) }, null, 2)],
        { type: "application/json" });
      var a = el("a", { href: URL.createObjectURL(blob), download: "mlsd-practice-" + new Date().toISOString().slice(0, 10) + ".json" });
      document.body.appendChild(a);
      a.click();
      a.remove();
      status.textContent = "Exported " + history().drills.length + " drills.";
    });
    var input = el("input", { type: "file", accept: "application/json,.json", id: "mlsd-import", className: "mlsd-progress__file" });
    input.addEventListener("change", function () {
      var file = input.files[0];
      if (!file) return;
      file.text().then(function (text) {
        var parsed = JSON.parse(text);
        var scores = parsed.scores || parsed;
        if (!scores || !Array.isArray(scores.drills)) throw new Error("not a practice export");
        save(SCORES_KEY, { version: 1, drills: scores.drills });
        if (parsed.flashcards) save(CARDS_KEY, parsed.flashcards);
        progress(root, d);
        root.querySelector(".mlsd-progress__status").textContent = "Imported " + scores.drills.length + " drills.";
      }).catch(function (error) {
        status.textContent = "Import failed: " + error.message;
      });
    });
    var resetButton = el("button", { type: "button", className: "md-button" }, "Reset everything");
    resetButton.addEventListener("click", function () {
      if (!window.confirm("Delete your drill scores and flashcard progress from this browser?")) return;
      localStorage.removeItem(SCORES_KEY);
      localStorage.removeItem(CARDS_KEY);
      progress(root, d);
      root.querySelector(".mlsd-progress__status").textContent = "Your history was deleted.";
    });
    root.appendChild(el("div", { className: "mlsd-progress__actions" }, exportButton, " ",
      el("label", { htmlFor: "mlsd-import", className: "md-button" }, "Import a history file"), input, " ", resetButton));
    root.appendChild(status);
  }

  // ---- flashcards ------------------------------------------------------------------

  var active = null; // the flashcards view on screen, for the keyboard handler

  function flashcards(root, d) {
    root.textContent = "";
    var state = load(CARDS_KEY, { version: 1, cards: {}, reviewed: 0 });
    state.cards = state.cards || {};
    var deckSelect = el("select", { id: "mlsd-deck" },
      el("option", { value: "all" }, "All cards"),
      el("option", { value: "concepts" }, "Concepts"),
      el("option", { value: "questions" }, "Follow-up questions"));
    var stats = el("p", { className: "mlsd-cards__stats", role: "status" });
    var front = el("p", { className: "mlsd-cards__front" });
    var back = el("div", { className: "mlsd-cards__back", hidden: true });
    var flip = el("button", { type: "button", className: "md-button md-button--primary", "aria-expanded": "false" }, "Show answer (Space)");
    var grades = el("div", { className: "mlsd-cards__grades", hidden: true });
    [["again", "Again (1)"], ["good", "Good (2)"], ["easy", "Easy (3)"]].forEach(function (g) {
      var b = el("button", { type: "button", className: "md-button", "data-grade": g[0] }, g[1]);
      b.addEventListener("click", function () { grade(g[0]); });
      grades.appendChild(b);
    });
    var card = el("div", { className: "mlsd-cards__card", "aria-live": "polite" }, front, back);
    root.appendChild(el("p", null, el("label", { htmlFor: "mlsd-deck" }, "Deck "), deckSelect));
    root.appendChild(stats);
    root.appendChild(card);
    root.appendChild(el("div", { className: "mlsd-cards__controls" }, flip, grades));
    var current = null;

    function deck() {
      return d.cards.filter(function (c) { return deckSelect.value === "all" || c.deck === deckSelect.value; });
    }
    function next() {
      var now = Date.now();
      var cards = deck();
      var due = cards.filter(function (c) { var s = state.cards[c.id]; return s && s.due <= now; })
        .sort(function (a, b) { return state.cards[a.id].due - state.cards[b.id].due; });
      var fresh = cards.filter(function (c) { return !state.cards[c.id]; });
      var learned = cards.filter(function (c) { var s = state.cards[c.id]; return s && s.box >= 3; }).length;
      stats.textContent = "Due now: " + due.length + " · New: " + fresh.length + " · Learned: " + learned +
        " of " + cards.length + " · Reviewed: " + (state.reviewed || 0);
      current = due[0] || fresh[0] || null;
      back.hidden = true;
      grades.hidden = true;
      flip.hidden = !current;
      flip.setAttribute("aria-expanded", "false");
      back.textContent = "";
      front.textContent = current ? current.front : "Nothing due. Come back tomorrow, or pick another deck.";
    }
    function show() {
      if (!current || !back.hidden) return;
      back.appendChild(el("p", null, current.back));
      back.appendChild(el("p", null, el("a", { href: new URL(current.url, ROOT).href }, "Read the section")));
      back.hidden = false;
      grades.hidden = false;
      flip.setAttribute("aria-expanded", "true");
    }
    function grade(kind) {
      if (!current || back.hidden) return;
      var s = state.cards[current.id] || { box: 1 }; // a new card starts in the learning box
      var box = kind === "again" ? 1 : Math.min(6, s.box + (kind === "easy" ? 2 : 1));
      var due = kind === "again" ? Date.now() + MINUTE : Date.now() + INTERVAL_DAYS[box] * DAY;
      state.cards[current.id] = { box: box, due: due };
      state.reviewed = (state.reviewed || 0) + 1;
      save(CARDS_KEY, state);
      next();
      front.focus();
    }
    front.setAttribute("tabindex", "-1");
    flip.addEventListener("click", show);
    deckSelect.addEventListener("change", next);
    active = { root: root, show: show, grade: grade };
    next();
  }

  document.addEventListener("keydown", function (event) {
    if (!active || !document.body.contains(active.root)) return;
    if (event.altKey || event.ctrlKey || event.metaKey) return;
    var tag = (event.target.tagName || "").toLowerCase();
    if (tag === "input" || tag === "select" || tag === "textarea") return;
    if (event.key === " " || event.key === "Enter") {
      if (tag === "button" || tag === "a") return; // let the focused control act
      event.preventDefault();
      active.show();
    } else if (event.key === "1" || event.key === "2" || event.key === "3") {
      event.preventDefault();
      active.grade(["again", "good", "easy"][Number(event.key) - 1]);
    }
  });

  var VIEWS = { drill: drill, progress: progress, flashcards: flashcards };

  window.mlsdPractice = {
    init: function () {
      document.querySelectorAll("[data-practice]").forEach(function (root) {
        var view = VIEWS[root.getAttribute("data-practice")];
        if (!view) return;
        data().then(function (d) { view(root, d); }).catch(function (error) {
          root.textContent = "Practice mode could not start: " + error.message;
          console.error(error);
        });
      });
    },
  };
})();
