"""Text that depends on the state: ``{if condition}…{elif condition}…{else}…{end}``.

A story, a choice's text or result, or an ending's text may hold conditional segments. Each
condition is an expression of the pack language, checked when the pack loads; the text is
put together when it is shown, from the state at that moment, so a story never says what the
state does not hold. ``{company}`` becomes the company's name. Segments may nest.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from game.engine.expr import Expr, StatReader

_TAG = re.compile(r"\{(if|elif)\s+([^{}]*)\}|\{(else|end)\}")


class TextError(ValueError):
    """Markup that cannot be read; ``snippet`` is the tag at fault, to find it in the file."""

    def __init__(self, message: str, snippet: str) -> None:
        super().__init__(message)
        self.message = message
        self.snippet = snippet


@dataclass(frozen=True)
class Choose:
    """A conditional segment: the first branch whose condition holds (None: ``else``)."""

    branches: tuple[tuple[Expr | None, tuple[Part, ...]], ...]


Part = str | Choose


@dataclass(frozen=True)
class Template:
    """A text with its conditional segments compiled."""

    source: str
    parts: tuple[Part, ...]

    @property
    def plain(self) -> bool:
        """True when the text has no conditions (it reads the same in every state)."""
        return all(isinstance(part, str) for part in self.parts)

    def render(self, stats: StatReader, state: Any, company: str) -> str:
        return _render(self.parts, stats, state).replace("{company}", company)

    def conditions(self) -> list[Expr]:
        """Every condition in the text, outermost first."""
        found: list[Expr] = []
        _walk(self.parts, found)
        return found

    def word_range(self) -> tuple[int, int]:
        """The fewest and most words the text can come to."""
        return _words(self.parts)


def _render(parts: tuple[Part, ...], stats: StatReader, state: Any) -> str:
    out: list[str] = []
    for part in parts:
        if isinstance(part, str):
            out.append(part)
            continue
        for when, body in part.branches:
            if when is None or when.function(stats, state):
                out.append(_render(body, stats, state))
                break
    return "".join(out)


def _walk(parts: tuple[Part, ...], found: list[Expr]) -> None:
    for part in parts:
        if isinstance(part, Choose):
            for when, body in part.branches:
                if when is not None:
                    found.append(when)
                _walk(body, found)


def _words(parts: tuple[Part, ...]) -> tuple[int, int]:
    """Fewest and most words, counting text split across segments as it would join."""
    # Render every choice of branches is exponential; a segment's words are close enough
    # to additive (a word split by a tag is counted twice at worst).
    low = high = 0
    for part in parts:
        if isinstance(part, str):
            count = len(part.split())
            low, high = low + count, high + count
            continue
        ranges = [_words(body) for _, body in part.branches]
        if part.branches[-1][0] is not None:  # no else: the segment may be empty
            ranges.append((0, 0))
        low += min(r[0] for r in ranges)
        high += max(r[1] for r in ranges)
    return low, high


def compile_text(source: str, condition: Callable[[str], Expr]) -> Template:
    """Read the markup of ``source``; ``condition`` compiles one condition (it raises the
    expression language's own error, which the caller reports)."""
    stack: list[tuple[list[Part], list[tuple[Expr | None, list[Part]]], str]] = []
    current: list[Part] = []
    position = 0
    for match in _TAG.finditer(source):
        if match.start() > position:
            current.append(source[position:match.start()])
        position = match.end()
        word = match[1] or match[3]
        snippet = match[0]
        if word == "if":
            branch: list[Part] = []
            stack.append((current, [(condition(match[2].strip()), branch)], snippet))
            current = branch
        elif not stack:
            raise TextError(f"{snippet} without an {{if ...}} before it", snippet)
        elif word == "elif" or word == "else":
            _, branches, _ = stack[-1]
            if branches[-1][0] is None:
                raise TextError(f"{snippet} after {{else}}; {{else}} comes last", snippet)
            current = []
            branches.append((condition(match[2].strip()) if word == "elif" else None, current))
        else:  # end
            outer, branches, _ = stack.pop()
            outer.append(Choose(tuple((when, tuple(body)) for when, body in branches)))
            current = outer
    if stack:
        raise TextError(f"{stack[-1][2]} has no {{end}}", stack[-1][2])
    if position < len(source):
        current.append(source[position:])
    return Template(source, tuple(current))


def strip_markup(source: str) -> str:
    """The text with its conditional tags taken out (``{company}`` stays)."""
    return _TAG.sub("", source)


def plain_text(source: str) -> Template:
    """A text without markup (for content built in code)."""
    return Template(source, (source,))
