"""Practice mode's data, built from the guide's single sources.

- The drill timer's checkpoints come from the 45-minute plan in
  ``snippets/framework/index/time_plan.py`` (the same data the framework page shows).
- The self-scoring rubric is ``docs/practice/rubric.yml``; the drill bank is
  ``docs/practice/prompts.yml``.
- Flashcards are the concept file's definitions and every follow-up question's model answer.
- Cheat sheets are each chapter's sections, reduced to the answer each section opens with.

Everything is written to ``practice/data.json`` in the built site; the practice pages read
it in the browser and keep the reader's progress in ``localStorage``.
"""

from __future__ import annotations

import posixpath
import re
from pathlib import Path

import yaml

from guidekit import DOCS, ContentError
from guidekit.casestudies import DOMAINS, case_study_pages, load_case_study
from guidekit.concepts import Concept
from guidekit.prose import FENCE, is_prose, outline
from guidekit.snippetrefs import load_snippet, pages

RUBRIC_FILE = DOCS / "practice" / "rubric.yml"
PROMPTS_FILE = DOCS / "practice" / "prompts.yml"
PLAN_SNIPPET = "framework/index/time_plan.py"
MIN_PROMPTS = 30
QUESTION = re.compile(r'^(?P<indent>\s*)\?\?\?\+?\s+question\s+"(?P<q>[^"]+)"')


def page_url(src_uri: str) -> str:
    """The URL of a page below the site root: ``a/b.md`` -> ``a/b/``, ``a/index.md`` -> ``a/``."""
    stem = src_uri.removesuffix(".md").removesuffix(".py")
    if stem == "index":
        return ""
    return stem.removesuffix("/index") + "/"


def _load_list(path: Path, required: set[str]) -> list[tuple[dict, int]]:
    """A YAML list of mappings with ``required`` keys, each with its line."""
    text = path.read_text(encoding="utf-8")
    try:
        root = yaml.compose(text)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        raise ContentError(path, mark.line + 1 if mark else 1, f"invalid YAML: {error}") from None
    if not isinstance(root, yaml.SequenceNode):
        raise ContentError(path, 1, "expected a list")
    entries = []
    for node in root.value:
        line = node.start_mark.line + 1
        entry = yaml.safe_load(yaml.serialize(node))
        if not isinstance(entry, dict):
            raise ContentError(path, line, "each entry must be a mapping")
        if missing := required - set(entry):
            raise ContentError(path, line, f"missing {', '.join(sorted(missing))}")
        entries.append((entry, line))
    return entries


def rubric(path: Path = RUBRIC_FILE) -> list[dict]:
    """The five signals with their four score levels and what a strong answer said."""
    signals = []
    for entry, line in _load_list(path, {"id", "name", "chapter", "levels", "strong"}):
        levels = entry["levels"]
        if not (isinstance(levels, list) and len(levels) == 4):
            raise ContentError(path, line, "levels must list four descriptions, for scores 1-4")
        if not (DOCS / entry["chapter"]).is_file():
            raise ContentError(path, line, f"chapter docs/{entry['chapter']} does not exist")
        signals.append(
            {
                "id": entry["id"],
                "name": entry["name"],
                "url": page_url(entry["chapter"]),
                "levels": levels,
                "strong": " ".join(entry["strong"].split()),
            }
        )
    if len(signals) != 5:
        raise ContentError(path, 1, f"the rubric scores five signals, found {len(signals)}")
    return signals


def prompts(path: Path = PROMPTS_FILE) -> list[dict]:
    """The drill bank's prompts, checked: unique ids, known domains, at least two hints."""
    found, seen = [], {}
    for entry, line in _load_list(path, {"id", "prompt", "domain", "hints"}):
        if entry["id"] in seen:
            raise ContentError(
                path, line, f"id {entry['id']!r} already used on line {seen[entry['id']]}"
            )
        seen[entry["id"]] = line
        if entry["domain"] not in DOMAINS:
            raise ContentError(
                path,
                line,
                f"unknown domain {entry['domain']!r}; choose one of: {', '.join(DOMAINS)}",
            )
        hints = entry["hints"]
        if not (isinstance(hints, list) and len(hints) >= 2):
            raise ContentError(path, line, "give at least two hints")
        if not all(isinstance(hint, str) for hint in hints):
            raise ContentError(
                path, line, 'each hint must be text (quote a hint that contains ": ")'
            )
        found.append({k: entry[k] for k in ("id", "prompt", "domain", "hints")})
    if len(found) < MIN_PROMPTS:
        raise ContentError(path, 1, f"the drill bank needs at least {MIN_PROMPTS} prompts")
    return found


def plan() -> list[dict]:
    """The 45-minute plan's phases with their start and end minutes and checkpoints."""
    module = load_snippet(PLAN_SNIPPET)
    return [
        {
            "name": phase.name,
            "signal": phase.signal,
            "start": start,
            "end": end,
            "checkpoint": phase.checkpoint,
        }
        for phase, start, end in module.schedule(module.PLAN)
    ]


def case_studies(docs_dir: Path = DOCS) -> list[dict]:
    """Every case study a drill can start from."""
    studies = [load_case_study(path) for path in case_study_pages(docs_dir)]
    return [
        {"id": s.slug, "title": s.title, "url": page_url(s.src_uri), "domain": s.domain}
        for s in sorted(studies, key=lambda s: s.title.casefold())
    ]


def plain(markdown: str) -> str:
    """Markdown reduced to readable plain text (links keep their text)."""
    text = re.sub(r"!\[[^\]]*\]\([^)]*\)", "", markdown)
    text = re.sub(r"\[([^\]]+)\]\([^)]*\)", r"\1", text)
    text = re.sub(r"\$\$?([^$]+)\$\$?", r"\1", text)
    text = re.sub(r"[*_`]{1,3}([^*_`]+)[*_`]{1,3}", r"\1", text)
    text = re.sub(r"\{[^}]*\}", "", text)
    return " ".join(text.split())


def follow_up_questions(page: Path) -> list[tuple[str, str]]:
    """Every ``??? question "..."`` block of a page: (question, model answer as text)."""
    rows = page.read_text(encoding="utf-8").splitlines()
    found = []
    for index, row in enumerate(rows):
        match = QUESTION.match(row)
        if not match:
            continue
        indent = len(match["indent"]) + 4
        answer: list[str] = []
        in_fence = False
        for line in rows[index + 1 :]:
            if line.strip() and len(line) - len(line.lstrip()) < indent:
                break
            if FENCE.match(line):
                in_fence = not in_fence
                continue
            if not in_fence and not line.strip().startswith(("--8<--", "|", "![", "<")):
                answer.append(line.strip())
        text = plain(" ".join(answer))
        if text:
            found.append((plain(match["q"]), text))
    return found


def cards(concepts: list[Concept], docs_dir: Path = DOCS) -> list[dict]:
    """Flashcards: each concept (name -> definition) and each follow-up question."""
    deck = [
        {
            "id": f"concept:{c.name}",
            "deck": "concepts",
            "front": c.name + (f" ({c.abbr})" if c.abbr else ""),
            "back": c.definition,
            "url": page_url(c.page) + "#" + c.anchor,
        }
        for c in concepts
    ]
    for page in pages(docs_dir):
        src = page.relative_to(docs_dir).as_posix()
        for question, answer in follow_up_questions(page):
            deck.append(
                {
                    "id": f"question:{src}:{question}",
                    "deck": "questions",
                    "front": question,
                    "back": answer,
                    "url": page_url(src),
                }
            )
    return deck


def first_sentences(paragraph: str, count: int = 2) -> str:
    """The first ``count`` sentences of a paragraph of plain text."""
    sentences = re.split(r"(?<=[.!?])\s+(?=[A-Z\"'(])", paragraph)
    return " ".join(sentences[:count])


def cheat_sheet(
    page: Path, page_uri: str, docs_dir: Path = DOCS, levels: tuple[int, ...] = (2,)
) -> str:
    """A chapter reduced to its sections and the answer each opens with, as Markdown.

    Every section of the guide starts with the interview answer in two sentences; the cheat
    sheet keeps exactly that, linked to the full section.
    """
    text = page.read_text(encoding="utf-8")
    start = 1
    if text.startswith("---"):
        start = text.index("\n---", 3)
        start = text.count("\n", 0, start) + 2
    lines: list[str] = []
    target = posixpath.relpath(page.relative_to(docs_dir).as_posix(), posixpath.dirname(page_uri))
    for section in outline(text, start):
        if section.level not in levels:
            continue
        paragraph: list[str] = []
        in_fence = False
        for _, row in section.lines:
            if FENCE.match(row):
                in_fence = not in_fence
                continue
            stripped = row.strip()
            if in_fence or not is_prose(row) or stripped.startswith("#"):
                if paragraph:
                    break
                continue
            paragraph.append(stripped)
        summary = first_sentences(plain(" ".join(paragraph)))
        anchor = f"#{section.anchor}" if section.anchor else ""
        link = f"{target}{anchor}"
        lines.append(f"- **[{section.text}]({link})** {summary}")
    return "\n".join(lines)
