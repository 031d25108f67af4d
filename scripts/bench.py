"""Measure what readers and contributors feel (``make bench``).

- cold and warm strict builds (cold: no notebook cache, no previous site);
- ``make test`` wall time per phase, and each snippet's run time (budget: 5 s);
- bytes a browser transfers to open the home page, gzipped and raw, search index included;
- Lighthouse (mobile) scores for every page type.

Prints a table and writes ``benchmarks/results.md`` (and ``results.json``). Exits 1 when a
budget is missed. Timings vary from machine to machine; that is why they live here and
not in the tests.
"""

from __future__ import annotations

import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from browser import CHROMIUM_ARGS, chromium_path
from guidekit import ROOT, relative
from guidekit.snippetrefs import snippet_files
from serve_site import site_prefix, start

BIN = Path(sys.executable).parent
OUT = ROOT / "benchmarks"
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "OMP_NUM_THREADS": "1", "MPLBACKEND": "Agg"}
PAGE_TYPES = {
    "home": "",
    "chapter (snippets, figure, diagram, formula)": "how-this-guide-works/",
    "lab (notebook)": "labs/baseline-first/",
    "section index": "labs/",
    "glossary": "glossary/",
    "API reference": "reference/outputs/",
    "404 (its HTML; Lighthouse refuses a 404 status)": "404.html",
    "long chapter": "framework/modeling/",
    "case study": "case-studies/news-feed-ranking/",
    "case-study catalogue": "case-studies/",
    "practice drill": "practice/drill/?case=news-feed-ranking",
    "flashcards": "practice/flashcards/",
    "cheat sheet": "practice/cheat-sheets/",
}
BUDGETS = {
    "cold build s": 60.0,
    "make test s": 360.0,
    "snippet s": 5.0,
    "home KiB gzipped": 500.0,
    "lighthouse": 95,
}


def timed(command: list[str], **kwargs) -> float:
    start = time.perf_counter()
    subprocess.run(command, cwd=ROOT, env=ENV, check=True, **kwargs)
    return time.perf_counter() - start


def builds(site: Path) -> dict[str, float]:
    shutil.rmtree(ROOT / ".cache" / "mkdocs-jupyter", ignore_errors=True)
    shutil.rmtree(site, ignore_errors=True)
    command = [str(BIN / "mkdocs"), "build", "--strict", "-d", str(site)]
    quiet = {"stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL}
    return {"cold build s": timed(command, **quiet), "warm build s": timed(command, **quiet)}


def test_phases() -> dict[str, float]:
    result = subprocess.run(
        ["make", "--no-print-directory", "test"], cwd=ROOT, env=ENV, capture_output=True, text=True
    )
    if result.returncode != 0:
        raise SystemExit(f"make test failed:\n{result.stdout[-5000:]}\n{result.stderr[-2000:]}")
    rows = (ROOT / ".cache" / "phases.tsv").read_text().splitlines()
    phases = {name: float(seconds) for name, seconds in (row.split("\t") for row in rows)}
    phases["make test s"] = sum(phases.values())
    return phases


def snippet_times() -> dict[str, float]:
    times = {}
    with tempfile.TemporaryDirectory() as tmp:
        for snippet in snippet_files():
            env = {**ENV, "MLSD_OUTPUT_DIR": tmp}
            start = time.perf_counter()
            subprocess.run(
                [sys.executable, str(snippet)], cwd=ROOT, env=env, check=True, capture_output=True
            )
            times[relative(snippet)] = time.perf_counter() - start
    return times


def home_weight(url: str, browser_path: str) -> dict[str, float]:
    from playwright.sync_api import sync_playwright

    encoded, raw = {}, {}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=browser_path, args=CHROMIUM_ARGS)
        page = browser.new_page()

        def record(request) -> None:
            response = request.response()
            sizes = request.sizes()
            encoded[request.url] = sizes["responseBodySize"] + sizes["responseHeadersSize"]
            raw[request.url] = len(response.body()) if response else 0

        page.on("requestfinished", record)
        page.goto(url)
        page.wait_for_load_state("networkidle")
        # The search index loads once the reader reaches for search: count it too.
        with page.expect_request_finished(lambda r: r.url.endswith("search_index.json")):
            page.locator("input.md-search__input").click()
        browser.close()
    return {
        "home KiB gzipped": sum(encoded.values()) / 1024,
        "home KiB raw": sum(raw.values()) / 1024,
        "home requests": len(encoded),
    }


LIGHTHOUSE_RUNS = 3  # scores vary run to run on a shared 2-core machine: report the median


def lighthouse(url: str, browser_path: str) -> dict[str, int]:
    runs = [lighthouse_once(url, browser_path) for _ in range(LIGHTHOUSE_RUNS)]
    return {key: sorted(run[key] for run in runs)[len(runs) // 2] for key in runs[0]}


def lighthouse_once(url: str, browser_path: str) -> dict[str, int]:
    flags = " ".join(CHROMIUM_ARGS)
    with tempfile.TemporaryDirectory() as tmp:
        report = Path(tmp) / "report.json"
        subprocess.run(
            [
                str(ROOT / "node_modules" / ".bin" / "lighthouse"),
                url,
                "--quiet",
                "--output=json",
                f"--output-path={report}",
                f"--chrome-flags={flags}",
                "--only-categories=performance,accessibility,best-practices,seo",
            ],
            cwd=ROOT,
            env={**ENV, "CHROME_PATH": browser_path},
            check=True,
        )
        categories = json.loads(report.read_text())["categories"]
    return {key: round(100 * value["score"]) for key, value in categories.items()}


def main() -> int:
    browser_path = chromium_path()
    if browser_path is None:
        print("make bench needs Chromium: apt-get install chromium", file=sys.stderr)
        return 1
    results: dict[str, object] = {
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, "
        f"Python {platform.python_version()}",
        "date": time.strftime("%Y-%m-%d"),
    }
    site = ROOT / ".cache" / "bench-site"
    print("building (cold, then warm)...")
    results["builds"] = builds(site)
    print("timing snippets...")
    results["snippets"] = snippet_times()
    print("running make test...")
    results["make test"] = test_phases()
    server, url = start(site, prefix=site_prefix())
    try:
        print("measuring the home page...")
        results["home"] = home_weight(url, browser_path)
        scores = {}
        for name, path in PAGE_TYPES.items():
            print(f"lighthouse: {name}...")
            scores[name] = lighthouse(url + path, browser_path)
        results["lighthouse"] = scores
    finally:
        server.shutdown()
    missed = report(results)
    OUT.mkdir(exist_ok=True)
    (OUT / "results.json").write_text(json.dumps(results, indent=2) + "\n")
    return 1 if missed else 0


def report(results: dict) -> list[str]:
    missed = []

    def check(name: str, value: float, budget: float, lower_is_better: bool = True) -> str:
        ok = value <= budget if lower_is_better else value >= budget
        if not ok:
            missed.append(f"{name}: {value:.1f} (budget {budget})")
        return "ok" if ok else "**MISSED**"

    b, home, lh = results["builds"], results["home"], results["lighthouse"]
    cold = check("cold build", b["cold build s"], BUDGETS["cold build s"])
    lines = [
        "# Benchmarks",
        "",
        f"Measured by `make bench` on {results['date']} ({results['machine']}). "
        "Regenerate with `make bench`; timings vary by machine, budgets do not.",
        "",
        "## Build and test times",
        "",
        "| what | seconds | budget | |",
        "| --- | ---: | ---: | --- |",
        f"| cold strict build | {b['cold build s']:.1f} | 60 | {cold} |",
        f"| warm strict build | {b['warm build s']:.1f} | | |",
    ]
    for name, seconds in results["make test"].items():
        if name == "make test s":
            mark = check("make test", seconds, BUDGETS["make test s"])
            lines.append(f"| **make test, total** | {seconds:.1f} | 360 | {mark} |")
        else:
            lines.append(f"| make test: {name} | {seconds:.1f} | | |")
    lines += [
        "",
        "## Snippets",
        "",
        "| snippet | seconds | budget | |",
        "| --- | ---: | ---: | --- |",
    ]
    for name, seconds in results["snippets"].items():
        lines.append(f"| `{name}` | {seconds:.2f} | 5 | {check(name, seconds, 5.0)} |")
    kib = home["home KiB gzipped"]
    lines += [
        "",
        "## Home page weight (search index included)",
        "",
        "| gzipped KiB | raw KiB | requests | budget | |",
        "| ---: | ---: | ---: | ---: | --- |",
        f"| {kib:.0f} | {home['home KiB raw']:.0f} | {home['home requests']} | 500 | "
        f"{check('home page KiB', kib, 500)} |",
        "",
        "## Lighthouse (mobile, served gzipped like GitHub Pages; "
        f"median of {LIGHTHOUSE_RUNS} runs)",
        "",
        "| page type | performance | accessibility | best practices | SEO |",
        "| --- | ---: | ---: | ---: | ---: |",
    ]
    for name, scores in lh.items():
        cells = []
        for key in ("performance", "accessibility", "best-practices", "seo"):
            mark = check(f"lighthouse {name} {key}", scores[key], 95, lower_is_better=False)
            cells.append(f"{scores[key]}" + ("" if mark == "ok" else " **MISSED**"))
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
    lines += ["", "Budgets missed: " + ("; ".join(missed) if missed else "none"), ""]
    text = "\n".join(lines)
    print("\n" + text)
    OUT.mkdir(exist_ok=True)
    (OUT / "results.md").write_text(text)
    return missed


if __name__ == "__main__":
    sys.exit(main())
