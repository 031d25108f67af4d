"""A page's outline: its headings, their anchors and lines, and the prose under each.

Readers search by heading, so the chapter tests and the case-study validator both ask the
same questions of a page: does this heading exist, and how many words of prose stand
under it? Code fences, tables, includes, images and HTML lines are not prose; admonition
and question-block text is.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

HEADING = re.compile(
    r"^(?P<hashes>#{1,6})\s+(?P<text>.+?)\s*(?:\{[^}]*?#(?P<anchor>[\w-]+)[^}]*\})?\s*$"
)
FENCE = re.compile(r"^\s*(`{3,}|~{3,})")
NOT_PROSE = ("|", "--8<--", "<", "![", "*[", "===", "!!!", "???")


@dataclass
class Section:
    """One heading and what stands under it, up to the next heading of its level or above.

    Attributes:
        level: 1 for ``#``, 2 for ``##``, ...
        text: The heading's text, without its attribute list.
        anchor: The explicit ``{ #anchor }``, if any.
        line: The heading's line.
        words: Words of prose under the heading, subsections included.
        lines: ``(line number, text)`` of every line under the heading, subsections included.
    """

    level: int
    text: str
    anchor: str | None
    line: int
    words: int = 0
    lines: list[tuple[int, str]] = field(default_factory=list)


def is_prose(row: str) -> bool:
    """Whether a Markdown line (outside code fences) counts as prose."""
    stripped = row.strip()
    return bool(stripped) and not stripped.startswith(NOT_PROSE)


def prose_words(row: str) -> int:
    """Words in a prose line, with HTML tags and link targets removed."""
    return len(re.sub(r"<[^>]+>|\[([^\]]*)\]\([^)]*\)", r"\1", row).split())


def outline(text: str, start: int = 1) -> list[Section]:
    """Every heading of a Markdown text from line ``start`` on, in order."""
    found: list[Section] = []
    stack: list[Section] = []
    in_fence = False
    for number, row in enumerate(text.splitlines(), 1):
        if number < start:
            continue
        fence = FENCE.match(row)
        match = None if in_fence or fence else HEADING.match(row)
        if match:
            level = len(match["hashes"])
            while stack and stack[-1].level >= level:
                stack.pop()
            section = Section(level, match["text"].strip(), match["anchor"], number)
            found.append(section)
            stack.append(section)
            continue
        for section in stack:
            section.lines.append((number, row))
        if fence:
            in_fence = not in_fence
        elif not in_fence and is_prose(row):
            for section in stack:
                section.words += prose_words(row)
    return found


def sections(text: str) -> dict[str, tuple[int, int]]:
    """Map each heading's text (lower-cased) to (line number, prose word count)."""
    return {s.text.lower(): (s.line, s.words) for s in outline(text)}
