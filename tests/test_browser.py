"""The built site in a real browser: search, diagrams, formulas, navigation,
accessibility, page weight, and no request to any host but the site's."""

from __future__ import annotations

import re
import time
from pathlib import Path
from urllib.parse import parse_qs, urlsplit
from xml.etree import ElementTree

import pytest
import yaml

from conftest import SITE_ALIAS
from guidekit import DOCS
from guidekit.concepts import load_concepts
from guidekit.snippetrefs import pages
from serve_site import site_url as configured_site_url

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[1]
AXE_EXCEPTIONS = yaml.safe_load((Path(__file__).parent / "axe_exceptions.yml").read_text()) or []
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
HOME_BUDGET_BYTES = 500 * 1024  # home page, gzipped, including the search index
CONCEPTS = load_concepts()
SEARCH_CASES = [(c, term) for c in CONCEPTS for term in c.search_terms]


class Visit:
    """A browser tab that records what a reader's browser would do behind the scenes."""

    def __init__(self, context, site_url: str) -> None:
        self.site_url = site_url
        self.page = context.new_page()
        self.offsite: list[str] = []
        self.errors: list[str] = []
        self.inflight: set = set()
        self.quiet_since = time.monotonic()
        self.page.on("request", self._request)
        self.page.on("requestfinished", self._done)
        self.page.on("requestfailed", self._done)
        self.page.on("console", lambda m: m.type == "error" and self.errors.append(m.text))
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))

    def _request(self, request) -> None:
        self.inflight.add(request)
        host = urlsplit(request.url).hostname
        if request.url.startswith(("data:", "blob:")) or host in {"127.0.0.1", SITE_ALIAS}:
            return
        self.offsite.append(request.url)

    def goto(self, path: str, status: int = 200):
        response = self.page.goto(self.site_url + path, wait_until="load")
        assert response is not None and response.status == status, (
            f"{path}: {response and response.status}"
        )
        self.settle()
        return response

    def _done(self, request) -> None:
        self.inflight.discard(request)
        if not self.inflight:
            self.quiet_since = time.monotonic()

    def settle(self, quiet: float = 0.15, timeout: float = 15) -> None:
        """Wait until no request has been open for ``quiet`` seconds: what the page fetches
        after ``load`` (practice data, scripts loaded on demand, fonts) has arrived and been
        used. Playwright's "networkidle" does the same with a fixed 500 ms window."""
        deadline = time.monotonic() + timeout
        while self.inflight or time.monotonic() - self.quiet_since < quiet:
            assert time.monotonic() < deadline, f"requests still open: {self.inflight}"
            self.page.wait_for_timeout(25)

    def assert_clean(self) -> None:
        assert not self.offsite, f"requests left 127.0.0.1: {self.offsite}"
        assert not self.errors, f"console errors: {self.errors}"


@pytest.fixture(scope="module")
def context(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    yield context
    context.close()


@pytest.fixture
def visit(context, site_url):
    tab = Visit(context, site_url)
    yield tab
    tab.assert_clean()
    tab.page.close()


def site_pages(site_dir: Path) -> list[str]:
    """Every page in the sitemap, as a path below the site's root."""
    tree = ElementTree.parse(site_dir / "sitemap.xml")
    locs = [el.text or "" for el in tree.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")]
    return [loc.removeprefix(configured_site_url()) for loc in locs]


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "search_case" in metafunc.fixturenames:
        metafunc.parametrize(
            "search_case", SEARCH_CASES, ids=[f"{c.name}:{term}" for c, term in SEARCH_CASES]
        )


#: Rules whose outcome depends on the colour scheme; dark runs check only these.
SCHEME_RULES = ["color-contrast", "link-in-text-block"]
#: Highlighted code: thousands of token spans on a long page, the same markup and colours on
#: every page. Per-page runs leave it out; `CODE_SAMPLE_PAGES` check it in full.
CODE_BLOCKS = ["div.highlight", ".jp-InputArea"]
CODE_SAMPLE_PAGES = ["foundations/logistic-regression-vs-svm/", "labs/baseline-first/"]


def axe_violations(
    page, rules: list[str] | None = None, skip: list[str] = (), inject: bool = True
) -> list[str]:
    """Run axe-core on the page: WCAG 2.1 A/AA rules, or only ``rules``; never ``skip``.

    ``inject=False`` reuses the axe-core already in the page (a second run, same page).
    """
    from axe_playwright_python.sync_playwright import Axe

    options: dict = (
        {"runOnly": {"type": "rule", "values": rules}}
        if rules
        else {"runOnly": {"type": "tag", "values": WCAG_TAGS}}
    )
    options["resultTypes"] = ["violations"]  # skip collecting passes: much faster
    excused_rules = {e["rule"] for e in AXE_EXCEPTIONS if "selector" not in e}
    if excused_rules:
        options["rules"] = {rule: {"enabled": False} for rule in excused_rules}
    excluded = [[e["selector"]] for e in AXE_EXCEPTIONS if "selector" in e]
    excluded += [[selector] for selector in skip]
    context = {"include": [["html"]], "exclude": excluded} if excluded else None
    if inject:
        # Blocks whose rendering is deferred (content-visibility: auto) would escape the
        # colour-contrast rule: render everything before checking.
        page.add_style_tag(content="* { content-visibility: visible !important; }")
        page.evaluate(Axe().axe_script)
    results = page.evaluate(
        "([context, options]) => axe.run(context || document, options)", [context, options]
    )
    return [
        f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:5]}"
        for v in results["violations"]
    ]


def check_page(browser, site_url: str, path: str, skip: list[str], dark: bool) -> list[str]:
    """Every WCAG rule on ``path`` in the light scheme; then, if ``dark``, the colour rules
    in the dark scheme (Material follows the system scheme live: no reload)."""
    context = browser.new_context(color_scheme="light", viewport={"width": 1280, "height": 900})
    tab = Visit(context, site_url)
    tab.goto(path)
    problems = [f"/{path} [light]: {v}" for v in axe_violations(tab.page, skip=skip)]
    if dark:
        tab.page.emulate_media(color_scheme="dark")
        tab.page.wait_for_function("document.body.dataset.mdColorScheme === 'slate'")
        dark_problems = axe_violations(tab.page, SCHEME_RULES, skip=skip, inject=False)
        problems += [f"/{path} [dark]: {v}" for v in dark_problems]
    problems += [f"/{path}: request left the site: {u}" for u in tab.offsite]
    problems += [f"/{path}: console error: {e}" for e in tab.errors]
    context.close()
    return problems


def page_url(source: str) -> str:
    """The URL path, below the site root, of the page built from ``source``."""
    stem = source.removesuffix(".md").removesuffix(".py")
    if stem == "index":
        return ""
    return stem.removesuffix("/index") + "/"


def built_pages() -> list[str]:
    """Every page of the nav, as a URL path below the site root (collected from docs/)."""
    sources = [p.relative_to(DOCS).as_posix() for p in pages()] + [
        lab.relative_to(DOCS).as_posix() for lab in sorted((DOCS / "labs").glob("*.py"))
    ]
    return [page_url(source) for source in sources]


def page_type(path: str) -> str:
    """What a page is built from: its section, and for practice pages the view it shows."""
    parts = path.strip("/").split("/")
    if parts[0] == "practice" and len(parts) > 1:
        return "/".join(parts[:2])
    if parts[0] in {"case-studies", "reference", "labs", "foundations", "framework"}:
        return parts[0] + ("/*" if len(parts) > 1 else "")
    return parts[0]


#: The dark scheme swaps colours, not markup: its colour rules run on one page of each page
#: type (``page_type``), chosen for the widest mix of elements (admonitions, tabs, tables,
#: formulas, diagrams, abbreviations, practice widgets). Every page gets every rule in light.
DARK_SAMPLE_PAGES = [
    "",
    "how-this-guide-works/",
    "framework/",
    "framework/modeling/",
    "foundations/",
    "foundations/trees-and-boosting/",
    "tradeoffs/",
    "case-studies/",
    "case-studies/news-feed-ranking/",
    "glossary/",
    "reference/",
    "reference/metrics/",
    "labs/",
    "labs/baseline-first/",
    "practice/",
    "practice/drill/",
    "practice/prompts/",
    "practice/progress/",
    "practice/flashcards/",
    "practice/cheat-sheets/",
    "contributing/",
]


@pytest.mark.parametrize("path", built_pages())
def test_every_page_is_clean_and_accessible(browser, site_url, site_dir, path) -> None:
    assert path in site_pages(site_dir), f"/{path} is not in the sitemap"
    dark = path in DARK_SAMPLE_PAGES
    problems = check_page(browser, site_url, path, skip=CODE_BLOCKS, dark=dark)
    assert not problems, "\n".join(problems)


def test_dark_samples_cover_every_page_type() -> None:
    assert set(DARK_SAMPLE_PAGES) <= set(built_pages())
    missing = {page_type(p) for p in built_pages()} - {page_type(p) for p in DARK_SAMPLE_PAGES}
    assert not missing, f"no dark-scheme sample for page types {sorted(missing)}"


@pytest.mark.parametrize("path", CODE_SAMPLE_PAGES)
def test_code_blocks_are_accessible(browser, site_url, path) -> None:
    problems = check_page(browser, site_url, path, skip=[], dark=True)
    assert not problems, "\n".join(problems)


def search(page, text: str) -> list[str]:
    """Type into Material's search box as a reader does; return result links in order."""
    box = page.locator("input.md-search__input")
    box.click()
    # Material searches on keyboard events, not on fill(): set all but the last character
    # silently, then type the last one, so the worker answers one query, not one per key.
    box.fill(text[:-1])
    box.press(text[-1])
    # Results arrive from the search worker one set per keystroke: read them once they
    # have stopped changing for a while, so that a half-typed query's results are never
    # taken for the full query's. Sections folded under "more on this page" do not count;
    # the ?h= highlight parameter is dropped.
    page.wait_for_function(
        "() => document.querySelector('.md-search-result__meta')"
        "?.textContent.match(/\\d|No matching/)"
    )
    script = """els => els.filter(e => !e.closest('details:not([open])'))
                      .map(e => e.href)"""
    last_word = [w for w in re.split(r"[\s\-_,:!=\[\]()\"`/]+", text.lower()) if w][-1]
    links: list[str] | None = None
    stable_since, deadline = time.monotonic(), time.monotonic() + 15
    while time.monotonic() < deadline:
        current = page.eval_on_selector_all(
            ".md-search-result__list a.md-search-result__link", script
        )
        if current != links:
            links, stable_since = current, time.monotonic()
        # Results for the full query carry its last word in their ?h= highlight parameter.
        highlighted = " ".join(parse_qs(urlsplit(link).query).get("h", [""])[0] for link in links)
        complete = bool(links) and last_word in highlighted.lower()
        # A query whose last word the highlighter spells differently (camel case such as
        # "MMoE") never looks complete: accept its results once they stop changing.
        if time.monotonic() - stable_since >= (0.05 if complete else 1.0):
            break
        page.wait_for_timeout(25)
    return [urlsplit(link)._replace(query="").geturl() for link in links or []]


@pytest.fixture(scope="module")
def search_tab(context, site_url):
    tab = Visit(context, site_url)
    tab.goto("")
    yield tab
    tab.assert_clean()
    tab.page.close()


def test_search_finds_the_defining_section(search_tab, search_case) -> None:
    concept, term = search_case
    links = search(search_tab.page, term)
    wanted = f"{search_tab.site_url}{page_url(concept.page)}#{concept.anchor}"
    top = links[:5]
    assert wanted in top, f"searching {term!r}: {wanted} not in the first five results {top}"


def visible_diagram_box(page) -> dict:
    """Scroll the diagram shown in the current scheme into view; return its box once loaded."""
    find = """() => [...document.querySelectorAll('figure.mlsd-diagram img')]
                   .find(i => i.offsetParent !== null)"""
    page.evaluate(f"() => ({find})()?.scrollIntoView()")
    page.wait_for_function(f"() => ({find})()?.complete")
    box = page.evaluate(
        """() => {
          const img = [...document.querySelectorAll('figure.mlsd-diagram img')]
            .find(i => i.offsetParent !== null);
          if (!img) return null;
          const r = img.getBoundingClientRect();
          return {w: r.width, h: r.height, loaded: img.complete && img.naturalWidth > 0,
                  src: img.getAttribute('src')};
        }"""
    )
    assert box is not None, "no visible diagram"
    return box


def assert_rendered(page, scheme: str = "light") -> None:
    box = visible_diagram_box(page)
    assert box["loaded"] and box["w"] >= 100 and box["h"] >= 100, box
    assert box["src"].endswith(f"#only-{scheme}"), box
    page.locator(".arithmatex").first.scroll_into_view_if_needed()
    page.wait_for_selector(".arithmatex .katex", timeout=5000)
    assert page.locator(".arithmatex .katex-display").count() >= 1


def test_diagram_and_formula_render_on_direct_load(visit) -> None:
    visit.goto("how-this-guide-works/")
    assert_rendered(visit.page)
    # KaTeX runs in math-worker.js, never on the page's main thread.
    assert visit.page.evaluate("typeof window.katex") == "undefined"


def test_diagram_and_formula_render_after_following_a_link(visit) -> None:
    visit.goto("")
    visit.page.evaluate("window.__stillTheSameDocument = true")
    visit.page.locator("article a[href*='how-this-guide-works']").first.click()
    visit.page.wait_for_url(re.compile(r".*/how-this-guide-works/(#.*)?$"))
    # Links load pages in full: Material's instant navigation is off for page speed
    # (see mkdocs.yml); its link rewriting restyled every link on every load.
    assert visit.page.evaluate("window.__stillTheSameDocument === undefined"), (
        "an instant navigation: navigation.instant is back on"
    )
    assert_rendered(visit.page)


def test_dark_scheme_shows_the_dark_diagram(browser, site_url) -> None:
    context = browser.new_context(color_scheme="dark")
    tab = Visit(context, site_url)
    tab.goto("how-this-guide-works/")
    assert_rendered(tab.page, scheme="dark")
    tab.assert_clean()
    context.close()


def test_palette_toggle_cycles_and_remembers_the_choice(browser, site_url) -> None:
    """The site's own palette toggle (overrides/partials/palette.html): system, light, dark,
    by click or Enter; the choice survives a reload; "system" follows the system live."""
    context = browser.new_context(color_scheme="dark")
    tab = Visit(context, site_url)
    page = tab.page
    tab.goto("glossary/")

    def state() -> tuple[str, str]:
        shown = page.locator("form[data-mlsd-palette] label:not([hidden])")
        assert shown.count() == 1, "exactly one toggle button is shown"
        return page.evaluate("document.body.dataset.mdColorScheme"), shown.get_attribute("title")

    assert state() == ("slate", "Switch to light mode"), "follows the system (dark) at first"
    page.locator("form[data-mlsd-palette] label:not([hidden])").click()
    assert state() == ("default", "Switch to dark mode")
    page.locator("form[data-mlsd-palette] input:checked").press("Enter")
    assert state() == ("slate", "Switch to system preference")
    page.reload()
    assert state() == ("slate", "Switch to system preference"), "choice lost on reload"
    page.locator("form[data-mlsd-palette] label:not([hidden])").click()
    assert state() == ("slate", "Switch to light mode"), "back to following the system"
    page.emulate_media(color_scheme="light")
    page.wait_for_function("document.body.dataset.mdColorScheme === 'default'")
    theme = page.evaluate("document.querySelector('meta[name=theme-color]').content")
    assert re.fullmatch(r"#[0-9a-f]{6}", theme), theme
    tab.assert_clean()
    context.close()


LAYOUT_SHIFTS = """window.__shifts = [];
new PerformanceObserver(list => { for (const e of list.getEntries()) window.__shifts.push(
  [e.value, e.sources.map(s => s.node ? s.node.nodeName + "." + s.node.className : "?")]);
}).observe({type: "layout-shift", buffered: true});"""


@pytest.mark.parametrize("path", ["labs/baseline-first/", "framework/modeling/", "glossary/"])
def test_page_does_not_shift_as_it_loads(browser, site_url, path) -> None:
    """Blocks that render late (content-visibility: auto in extra.css) keep a reserved size;
    one that starts on the first screen must not push the rest of the page down. Lighthouse
    counts a layout shift above 0.1 as poor; a lab's notebook once shifted its page 0.19."""
    context = browser.new_context(viewport={"width": 412, "height": 823})
    tab = Visit(context, site_url)
    tab.page.add_init_script(LAYOUT_SHIFTS)
    tab.goto(path)
    shifts = tab.page.evaluate("window.__shifts")
    total = sum(value for value, _ in shifts)
    assert total < 0.02, f"/{path} shifted {total:.3f} as it loaded: {shifts}"
    context.close()


def test_shared_search_link_opens_with_results(visit) -> None:
    """A ?q= link (search.share) needs the index at once, before the reader touches search."""
    visit.goto("?q=calibration")
    visit.page.wait_for_selector(".md-search-result__list li.md-search-result__item")


def test_missing_page_shows_the_404_page(browser, site_url) -> None:
    context = browser.new_context()
    tab = Visit(context, site_url)
    tab.goto("no/such/page/", status=404)
    assert tab.page.locator("h1").inner_text() == "Page not found"
    assert tab.page.locator(".md-header").is_visible(), "404 page rendered without the theme"
    assert not tab.offsite
    context.close()


def test_home_page_weight_with_search_index(browser, site_url) -> None:
    context = browser.new_context(extra_http_headers={"Accept-Encoding": "gzip"})
    tab = Visit(context, site_url)
    sizes: dict[str, int] = {}

    def record(response) -> None:
        request_sizes = response.request.sizes()
        sizes[response.url] = (
            request_sizes["responseBodySize"] + request_sizes["responseHeadersSize"]
        )

    tab.page.on("requestfinished", lambda request: record(request.response()))
    tab.goto("")
    assert not any(url.endswith("search_index.json") for url in sizes), (
        "the search index loaded before the reader reached for search"
    )
    # The index loads once the reader reaches for search; the budget includes it.
    with tab.page.expect_request_finished(lambda r: r.url.endswith("search_index.json")):
        tab.page.locator("input.md-search__input").click()
    total = sum(sizes.values())
    assert any(url.endswith("search_index.json") for url in sizes), "search index not loaded"
    assert total < HOME_BUDGET_BYTES, f"home page transfers {total / 1024:.0f} KiB: {sizes}"
    tab.assert_clean()
    context.close()


def test_lab_offers_its_source_for_download(visit) -> None:
    visit.goto("labs/baseline-first/")
    link = visit.page.locator("a.md-content__button[download]")
    assert link.count() == 1, "no download button on the lab"
    text = visit.page.evaluate(
        "url => fetch(url).then(r => r.ok ? r.text() : '')", link.get_attribute("href")
    )
    assert "# %%" in text, "the download link does not serve the lab's source"


def test_accessibility_check_covers_every_page(site_dir) -> None:
    assert sorted(built_pages()) == sorted(site_pages(site_dir))


def test_catalogue_filters_case_studies(visit) -> None:
    visit.goto("case-studies/")
    page = visit.page
    rows = page.locator(".mlsd-catalogue table tbody tr")
    total = rows.count()
    assert total >= 12, f"the catalogue lists {total} case studies"
    page.get_by_label("Domain").select_option("ads")
    visible = [r for r in rows.all() if r.is_visible()]
    assert visible and len(visible) < total
    assert all(r.locator("td").nth(1).inner_text() == "ads" for r in visible)
    status = page.locator(".mlsd-filters__status").inner_text()
    assert status == f"{len(visible)} of {total} case studies shown"
    page.get_by_label("Domain").select_option("")
    assert sum(r.is_visible() for r in rows.all()) == total
    technique = page.get_by_label("Technique")
    choice = technique.locator("option").nth(1).get_attribute("value")
    technique.select_option(choice)
    visible = [r for r in rows.all() if r.is_visible()]
    assert visible and all(choice in r.locator("td").nth(4).inner_text() for r in visible)
