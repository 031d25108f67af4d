"""The concept file: each concept of the guide, listed once.

``docs/concepts.yml`` holds one entry per concept with its name, synonyms, abbreviation,
a short definition and the one section of the guide that defines it (``home``). The
glossary page, the abbreviation tooltips on every page and the search tests all read
this file; nothing keeps a second list.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from guidekit import DOCS, ContentError

CONCEPTS_FILE = DOCS / "concepts.yml"
REQUIRED = {"name", "definition", "home"}
OPTIONAL = {"synonyms", "abbr"}
HOME = re.compile(r"^(?P<page>[\w./-]+\.(?:md|py))#(?P<anchor>[\w-]+)$")


@dataclass(frozen=True)
class Concept:
    """One concept and where the guide defines it.

    Attributes:
        name: The concept's name as a heading would say it.
        definition: One to three sentences.
        home: ``page.md#anchor`` of the defining section, relative to ``docs/``.
        synonyms: Other names readers search for.
        abbr: The abbreviation that gets a tooltip on every page, if any.
        line: Line of the entry in the concept file, for error messages.
    """

    name: str
    definition: str
    home: str
    synonyms: tuple[str, ...] = ()
    abbr: str | None = None
    line: int = 0

    @property
    def page(self) -> str:
        """The defining page, relative to ``docs/``."""
        return self.home.split("#", 1)[0]

    @property
    def anchor(self) -> str:
        """The defining section's anchor."""
        return self.home.split("#", 1)[1]

    @property
    def search_terms(self) -> tuple[str, ...]:
        """Everything a reader might type to find this concept."""
        terms = (self.name, *self.synonyms, *((self.abbr,) if self.abbr else ()))
        return tuple(dict.fromkeys(terms))


def load_concepts(path: Path = CONCEPTS_FILE, docs_dir: Path = DOCS) -> list[Concept]:
    """Read and validate the concept file.

    Args:
        path: The concept file.
        docs_dir: The folder that ``home`` pages are relative to.

    Returns:
        The concepts, in file order.

    Raises:
        ContentError: On the first malformed entry, naming the file and line.
    """
    text = path.read_text(encoding="utf-8")
    try:
        root = yaml.compose(text)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        raise ContentError(path, (mark.line + 1) if mark else 1, f"invalid YAML: {error}") from None
    if root is None or not isinstance(root, yaml.SequenceNode):
        raise ContentError(path, 1, "expected a list of concepts")
    concepts: list[Concept] = []
    seen: dict[str, int] = {}
    for node in root.value:
        line = node.start_mark.line + 1
        if not isinstance(node, yaml.MappingNode):
            raise ContentError(path, line, "each concept must be a mapping")
        entry = yaml.safe_load(yaml.serialize(node))
        keys = set(entry)
        if missing := REQUIRED - keys:
            raise ContentError(path, line, f"concept is missing {', '.join(sorted(missing))}")
        if unknown := keys - REQUIRED - OPTIONAL:
            raise ContentError(path, line, f"unknown key(s) {', '.join(sorted(unknown))}")
        for key in REQUIRED:
            if not isinstance(entry[key], str) or not entry[key].strip():
                raise ContentError(path, line, f"{key} must be a non-empty string")
        synonyms = entry.get("synonyms") or []
        if not isinstance(synonyms, list) or not all(isinstance(s, str) for s in synonyms):
            raise ContentError(path, line, "synonyms must be a list of strings")
        abbr = entry.get("abbr")
        if abbr is not None and not (isinstance(abbr, str) and re.fullmatch(r"[\w-]+", abbr)):
            raise ContentError(path, line, f"abbr must be a single word, got {abbr!r}")
        match = HOME.match(entry["home"])
        if not match:
            raise ContentError(
                path, line, f"home must look like page.md#anchor, got {entry['home']!r}"
            )
        if match["page"] == "glossary.md":
            raise ContentError(path, line, "home must be the defining section, not the glossary")
        if not (docs_dir / match["page"]).is_file():
            raise ContentError(path, line, f"home page docs/{match['page']} does not exist")
        concept = Concept(
            name=entry["name"].strip(),
            definition=" ".join(entry["definition"].split()),
            home=entry["home"],
            synonyms=tuple(s.strip() for s in synonyms),
            abbr=abbr,
            line=line,
        )
        for term in concept.search_terms:
            key = term.casefold()
            if key in seen:
                raise ContentError(path, line, f"{term!r} is already used on line {seen[key]}")
            seen[key] = line
        concepts.append(concept)
    return concepts


def concept_index(concepts: list[Concept]) -> dict[str, Concept]:
    """Every concept by each of its search terms, case-folded."""
    return {term.casefold(): c for c in concepts for term in c.search_terms}
