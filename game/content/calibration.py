"""Calibrated chances in the files: where an event's ``chance`` is a target such as
``"auto(30%)"``, and writing the chance found (by :mod:`game.sim.calibrate`) back onto that
line, keeping every other byte of the file and the author's comment."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import tomli

from game.content.locate import KeyPositions
from game.content.models import auto_target
from game.engine.content import Content

_CHANCE_LINE = re.compile(
    r"""^(?P<head>\s*chance\s*=\s*)(?P<value>"[^"\n]*"|'[^'\n]*'|[0-9.eE+-]+)"""
    r"""(?P<rest>[ \t]*(?:#.*)?)$""")
_COMMENT_TARGET = re.compile(r"#\s*(auto\([^)]*\))")
_OUR_NOTE = re.compile(r"^auto\([^)]*\)\s*(\[[^\]]*\])?\s*")
"""The calibrator's own part of a comment, replaced at each calibration."""


def target_of(line: str) -> float | None:
    """The target on a ``chance`` line: ``"auto(30%)"``, or a chance calibrated before (its
    comment keeps the target), else None."""
    match = _CHANCE_LINE.match(line.rstrip("\r\n"))
    if match is None:
        return None
    value = match["value"]
    if value[0] in "\"'":
        return auto_target(value[1:-1])
    comment = _COMMENT_TARGET.search(match["rest"])
    return auto_target(comment[1]) if comment else None


@dataclass(frozen=True)
class AutoChance:
    """An event whose chance is a target, and where its ``chance`` line is."""

    event: str
    path: Path
    line: int
    """1-based."""
    target: float


def find_auto_chances(content: Content, root: Path, pack: str) -> list[AutoChance]:
    """The events of ``pack`` (in folder ``root``) whose chance is a target, in file order."""
    found = []
    files = sorted((root / "events").glob("*.toml")) if (root / "events").is_dir() else []
    for path in files:
        text = path.read_text(encoding="utf-8-sig")
        positions = KeyPositions(text)
        lines = text.split("\n")
        for event in content.events.values():
            if event.pack != pack or not Path(event.file).name == path.name:
                continue
            index = _index_in(text, event.model.id)
            if index is None:
                continue
            line, _ = positions.find(("event", index, "chance"))
            target = target_of(lines[line - 1]) if line <= len(lines) else None
            if target is not None:
                found.append(AutoChance(event.qid, path, line, target))
    return sorted(found, key=lambda a: (str(a.path), a.line))


def _index_in(text: str, event_id: str) -> int | None:
    for index, table in enumerate(tomli.loads(text).get("event", [])):
        if isinstance(table, dict) and table.get("id") == event_id:
            return index
    return None


def write_back(auto: AutoChance, chance: float, fired: int, games: int,
               interval: tuple[float, float], seed: int) -> None:
    """Replace the value on the event's ``chance`` line, keeping every other byte."""
    raw = auto.path.read_bytes().decode("utf-8")
    lines = raw.split("\n")
    line = lines[auto.line - 1]
    ending = "\r" if line.endswith("\r") else ""
    match = _CHANCE_LINE.match(line.removesuffix("\r"))
    if match is None:
        raise ValueError(f"{auto.path}:{auto.line}: cannot find the chance to replace")
    low, high = interval
    own = _OUR_NOTE.sub("", match["rest"].strip().removeprefix("#").strip())
    note = (f"# auto({auto.target * 100:g}%) [calibrated: {fired / games:.0%} of "
            f"{games} games, 95% {low:.0%}-{high:.0%}, seed {seed}]")
    lines[auto.line - 1] = f"{match['head']}{chance:g}  {note}" \
        f"{' ' + own if own else ''}{ending}"
    auto.path.write_bytes("\n".join(lines).encode("utf-8"))
