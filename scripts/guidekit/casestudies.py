"""Case studies: the front matter every case study carries, and the sections it must have.

A case study is a page ``docs/case-studies/SLUG.md`` whose front matter holds a
``case_study`` mapping (domain, problem type, difficulty, techniques and the snippet of
its mini-system). The catalogue page is generated from that front matter, and
``scripts/validate_content.py`` checks it together with the required sections below.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from guidekit import DOCS, ContentError

CASE_STUDIES = DOCS / "case-studies"

#: Allowed values of ``case_study.domain`` (they are also allowed Material tags).
DOMAINS = (
    "feed and social",
    "e-commerce",
    "ads",
    "search",
    "media",
    "trust and safety",
    "generative AI",
)
#: Allowed values of ``case_study.problem_type``.
PROBLEM_TYPES = ("ranking", "recommendation", "retrieval", "classification", "evaluation")
#: Allowed values of ``case_study.difficulty`` (they are also allowed Material tags).
DIFFICULTIES = ("beginner", "intermediate", "advanced")
#: Keys of the ``case_study`` mapping.
KEYS = ("domain", "problem_type", "difficulty", "techniques", "mini_system")

#: The sections every case study has, in order: (heading, anchor).
SECTIONS: tuple[tuple[str, str], ...] = (
    ("Problem and clarifying questions", "problem-and-clarifying-questions"),
    ("Requirements and scale estimate", "requirements-and-scale-estimate"),
    ("ML framing and metrics", "ml-framing-and-metrics"),
    ("Training data and labels", "training-data-and-labels"),
    ("Features", "features"),
    ("Model", "model"),
    ("Architecture", "architecture"),
    ("Evaluation", "evaluation"),
    ("Deployment and monitoring", "deployment-and-monitoring"),
    ("Failure modes and mitigations", "failure-modes-and-mitigations"),
    ("Mini-system", "mini-system"),
    ("Pushback drills", "pushback-drills"),
    ("Follow-up questions", "follow-up-questions"),
    ("What each level adds", "what-each-level-adds"),
    ("45-minute plan", "45-minute-plan"),
    ("Further reading", "further-reading"),
)
MIN_SECTION_WORDS = 100
MIN_FEATURE_ROWS = 8
MIN_DRILLS = 4
MIN_FOLLOW_UPS = 5
MIN_TECHNIQUES = 2
SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
FRONT_MATTER = re.compile(r"\A---[ \t]*\n(?P<body>.*?\n)---[ \t]*\n", re.DOTALL)


@dataclass(frozen=True)
class CaseStudy:
    """The catalogue entry of one case study, read from its front matter.

    Attributes:
        path: The page.
        title: The page's first-level heading.
        description: The front matter ``description``.
        domain: One of `DOMAINS`.
        problem_type: One of `PROBLEM_TYPES`.
        difficulty: One of `DIFFICULTIES`.
        techniques: Concept names from ``docs/concepts.yml``.
        mini_system: The mini-system's snippet, relative to ``snippets/``.
        lines: Line of each front matter key, for error messages.
    """

    path: Path
    title: str
    description: str
    domain: str
    problem_type: str
    difficulty: str
    techniques: tuple[str, ...]
    mini_system: str
    lines: dict[str, int] = field(default_factory=dict, compare=False)

    @property
    def slug(self) -> str:
        """The page's file name without ``.md``."""
        return self.path.stem

    @property
    def src_uri(self) -> str:
        """The page relative to ``docs/``, as MkDocs names it."""
        return f"case-studies/{self.path.name}"


def is_case_study(path: Path) -> bool:
    """Whether ``path`` is a case study: a page in a ``case-studies`` folder but its index."""
    return path.suffix == ".md" and path.parent.name == "case-studies" and path.name != "index.md"


def front_matter(path: Path, text: str) -> tuple[dict, dict[str, int], int]:
    """Parse a page's YAML front matter.

    Returns:
        ``(meta, lines, end)``: the mapping, the file line of each top-level key and of
        each key under ``case_study`` (as ``case_study.key``), and the line after the
        closing ``---``.

    Raises:
        ContentError: If the front matter is missing, not closed, not YAML or not a mapping.
    """
    if not text.startswith("---"):
        raise ContentError(path, 1, "missing front matter: the page must start with '---'")
    match = FRONT_MATTER.match(text)
    if not match:
        raise ContentError(path, 1, "front matter is not closed by a '---' line")
    body = match["body"]
    try:
        root = yaml.compose(body)
    except yaml.YAMLError as error:
        # Where the broken construct starts (an unclosed bracket or quote), else where
        # the parser gave up.
        mark = getattr(error, "context_mark", None) or getattr(error, "problem_mark", None)
        line = mark.line + 2 if mark else 1
        problem = getattr(error, "problem", None) or str(error).splitlines()[0]
        raise ContentError(path, line, f"front matter is not valid YAML: {problem}") from None
    if not isinstance(root, yaml.MappingNode):
        raise ContentError(path, 2, "front matter must be a mapping of keys to values")
    lines: dict[str, int] = {}
    for key_node, value_node in root.value:
        lines[str(key_node.value)] = key_node.start_mark.line + 2
        if key_node.value == "case_study" and isinstance(value_node, yaml.MappingNode):
            for sub_key, _ in value_node.value:
                lines[f"case_study.{sub_key.value}"] = sub_key.start_mark.line + 2
    meta = yaml.safe_load(body)
    end = text.count("\n", 0, match.end()) + 1
    return meta, lines, end


def title_of(text: str, start: int = 1) -> tuple[str, int] | None:
    """The first ``# `` heading of a page at or after line ``start``, with its line."""
    for number, row in enumerate(text.splitlines(), 1):
        if number >= start and row.startswith("# "):
            return row[2:].strip(), number
    return None


def load_case_study(path: Path) -> CaseStudy:
    """Read a case study's catalogue entry, checking the shape of its front matter.

    The checks that need other files (that techniques are known concepts, that the
    mini-system exists) are the validator's.

    Raises:
        ContentError: On the first problem, with the file and line.
    """
    text = path.read_text(encoding="utf-8")
    meta, lines, end = front_matter(path, text)
    entry = meta.get("case_study")
    if entry is None:
        raise ContentError(
            path, 2, f"front matter has no 'case_study' mapping (keys: {', '.join(KEYS)})"
        )
    here = lines["case_study"]
    if not isinstance(entry, dict):
        raise ContentError(path, here, "'case_study' must be a mapping")
    if missing := [key for key in KEYS if key not in entry]:
        raise ContentError(path, here, f"case_study is missing: {', '.join(missing)}")
    if unknown := sorted(set(entry) - set(KEYS)):
        raise ContentError(
            path,
            lines.get(f"case_study.{unknown[0]}", here),
            f"case_study has unknown key(s): {', '.join(unknown)} (allowed: {', '.join(KEYS)})",
        )
    for key, allowed in (
        ("domain", DOMAINS),
        ("problem_type", PROBLEM_TYPES),
        ("difficulty", DIFFICULTIES),
    ):
        if entry[key] not in allowed:
            raise ContentError(
                path,
                lines[f"case_study.{key}"],
                f"unknown {key} {entry[key]!r}; choose one of: {', '.join(allowed)}",
            )
    techniques = entry["techniques"]
    if not isinstance(techniques, list) or not all(
        isinstance(t, str) and t.strip() for t in techniques
    ):
        raise ContentError(
            path, lines["case_study.techniques"], "techniques must be a list of concept names"
        )
    if len(techniques) < MIN_TECHNIQUES:
        raise ContentError(
            path,
            lines["case_study.techniques"],
            f"list at least {MIN_TECHNIQUES} techniques (concept names from docs/concepts.yml)",
        )
    mini_system = entry["mini_system"]
    if not isinstance(mini_system, str) or not mini_system.endswith(".py"):
        raise ContentError(
            path,
            lines["case_study.mini_system"],
            "mini_system must be the snippet path under snippets/, e.g. "
            f"case-studies/{path.stem}/mini_system.py",
        )
    description = meta.get("description")
    if not isinstance(description, str) or not description.strip():
        raise ContentError(path, lines.get("description", 2), "front matter needs a description")
    title = title_of(text, end)
    if title is None:
        raise ContentError(path, end, "the page has no '# Title' heading")
    return CaseStudy(
        path=path,
        title=title[0],
        description=" ".join(description.split()),
        domain=entry["domain"],
        problem_type=entry["problem_type"],
        difficulty=entry["difficulty"],
        techniques=tuple(t.strip() for t in techniques),
        mini_system=mini_system,
        lines=lines,
    )


def case_study_pages(docs_dir: Path = DOCS) -> list[Path]:
    """Every case study page, sorted by file name."""
    folder = docs_dir / "case-studies"
    return sorted(p for p in folder.glob("*.md") if p.name != "index.md")
