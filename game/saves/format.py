"""The save file: versioned JSON with a pack lock, the player's decisions and the state.

A file is read in three steps: bytes to JSON (a damaged file is named and described), the
migration chain up to the current format version (a newer format is refused), then the
state is checked — its checksum, its shape, and that the packs loaded now know every id it
uses. Every failure is a :class:`SaveError` with a message for the player.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from game.engine.content import Content, PackInfo
from game.engine.game import Game, month_label
from game.saves import FORMAT, VERSION
from game.saves.check import check_state
from game.saves.codec import StateError, canonical, digest, state_from_dict, state_to_dict
from game.saves.store import header_problem
from game.terminal import clean_line, has_control

__all__ = ["FORMAT", "VERSION", "SaveError", "decode", "encode", "parse"]


class SaveError(ValueError):
    """A save that cannot be used; ``str()`` names the file and the problem."""

    def __init__(self, path: Path | str, problem: str) -> None:
        self.path = Path(path)
        self.problem = problem
        super().__init__(f"{self.path.name}: {problem}")


@dataclass(frozen=True)
class PackDifference:
    """A pack the save was made with that is now different, missing or extra."""

    id: str
    saved: str
    """``version (digest)`` in the save, or ``not used``."""
    now: str
    """``version (digest)`` loaded now, or ``not loaded``."""

    def __str__(self) -> str:
        return f"{self.id}: saved with {self.saved}, now {self.now}"


def pack_lock(content: Content) -> list[dict[str, str]]:
    return [{"id": p.id, "version": p.version, "digest": p.digest} for p in content.packs]


def lock_differences(saved: list[dict[str, str]], packs: tuple[PackInfo, ...]
                     ) -> list[PackDifference]:
    """How the packs in use differ from the ones a save was made with."""
    now = {p.id: f"{p.version} ({p.digest[:8]})" for p in packs}
    then = {p["id"]: f"{p['version']} ({p['digest'][:8] or 'unknown'})" for p in saved}
    return [PackDifference(pid, then.get(pid, "not used"), now.get(pid, "not loaded"))
            for pid in sorted(set(now) | set(then)) if now.get(pid) != then.get(pid)]


def month_hashes(journal: list[Any], months: int) -> list[str]:
    """A hash of each month's ledger lines, to find where two runs of a game part ways."""
    by_month: dict[int, list[list[object]]] = {}
    for entry in journal:
        by_month.setdefault(int(entry[0]), []).append(list(entry))
    return [digest(by_month.get(month, [])) for month in range(1, months + 1)]


def encode(game: Game, kind: str, name: str = "", saved_at: str | None = None) -> bytes:
    """The bytes of a save of ``game``: ``kind`` is ``auto`` or ``manual``."""
    state = game.state
    body = state_to_dict(state)
    decisions = body.pop("decisions")
    ending = state.ending
    meta = {
        "game_id": state.game_id,
        "kind": kind,
        "name": name,
        "company": state.company,
        "scenario": state.scenario,
        "scenario_title": game.content.scenarios[state.scenario].title,
        "seed": state.seed,
        "month": state.month,
        "date": month_label(state.start, state.month),
        "ending": {"family": ending.family, "title": ending.title, "grade": ending.grade}
        if ending else None,
        "saved_at": saved_at or datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
    }
    document = {
        "format": FORMAT,
        "version": VERSION,
        "meta": meta,
        "scenario": state.scenario,
        "seed": state.seed,
        "company": state.company,
        "packs": pack_lock(game.content),
        "decisions": decisions,
        "state_hash": digest(body),
        "state": body,
    }
    if game.card is not None:
        document["class"] = game.card
    return canonical(document)


def parse(raw: bytes, path: Path | str) -> dict[str, Any]:
    """Bytes to an upgraded save document, or :class:`SaveError` saying what is wrong."""
    if not raw.strip():
        raise SaveError(path, "the file is empty (the game may have stopped while saving)")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise SaveError(path, "this is not a Moat save (it is not text)") from None
    if not text.lstrip().startswith("{"):
        raise SaveError(path, "this is not a Moat save (it is not a save file's JSON)")
    try:
        document = json.loads(text, parse_constant=_not_finite, parse_float=_finite)
    except _NotFinite as error:
        raise SaveError(path, f"the file holds {error}, which is not a number the game can "
                              "use") from None
    except json.JSONDecodeError as error:
        if not text.rstrip().endswith("}") or error.pos >= len(text.rstrip()) - 1:
            raise SaveError(path, "the file is cut short (damaged or truncated)") from None
        raise SaveError(path, f"the file is damaged at line {error.lineno}, column "
                              f"{error.colno}: {error.msg}") from None
    except RecursionError:
        raise SaveError(path, "the file is damaged (nested too deeply)") from None
    except ValueError:  # a whole number of thousands of digits
        raise SaveError(path, "the file holds a number too long to read") from None
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise SaveError(path, "this is not a Moat save (it was written by something else)")
    version = document.get("version")
    if isinstance(version, bool) or not isinstance(version, int) or version < 1:
        raise SaveError(path, "the save has no valid format version")
    if version > VERSION:
        raise SaveError(path, f"this save was written by a newer version of Moat (save format "
                              f"{version}; this game reads formats up to {VERSION}). "
                              "Update the game to load it.")
    while version < VERSION:
        try:
            document = MIGRATIONS[version](document)
        except (KeyError, TypeError, ValueError, AttributeError):
            raise SaveError(path, f"the save (format {version}) is damaged and cannot be "
                                  "upgraded") from None
        version = document["version"]
    assert isinstance(document, dict)
    return document


def decode(document: dict[str, Any], content: Content, path: Path | str) -> Game:
    """A save document to a game ready to continue, checked against the packs in use."""
    body = document.get("state")
    decisions = document.get("decisions")
    if not isinstance(body, dict) or not isinstance(decisions, list):
        raise SaveError(path, "the save has no game in it")
    header = header_problem(document.get("meta"))
    if header:
        raise SaveError(path, header)
    stored_hash = document.get("state_hash")
    if not isinstance(stored_hash, str):
        raise SaveError(path, "the save has no checksum, so damage to it could not be found")
    if stored_hash != digest(body):
        raise SaveError(path, "the save has been changed since it was written (its checksum "
                              "does not match), so it may be damaged")
    shown = _control_text(body)
    if shown is not None:
        raise SaveError(path, f"the save holds a control character (such as an escape "
                              f"sequence) in {shown}")
    try:
        state = state_from_dict(body | {"decisions": decisions})
    except StateError as error:
        raise SaveError(path, str(error)) from None
    problems = mismatches(state, content)
    if problems:
        raise SaveError(path, "the save was made with packs that are not loaded now: "
                              + "; ".join(problems[:3]))
    try:
        check_state(state, content)
    except StateError as error:
        raise SaveError(path, str(error)) from None
    game = Game(content, state)
    card = document.get("class")
    game.card = card if isinstance(card, dict) else None
    game.refresh()
    return game


def mismatches(state: Any, content: Content) -> list[str]:
    """Ids the state uses that the loaded packs do not define."""
    found = []
    if state.scenario not in content.scenarios:
        found.append(f"scenario {state.scenario!r}")
    if set(state.cap) != set(content.domains):
        found.append("a different scorecard")
    found += [f"rival {r!r}" for r in state.rivals if r not in content.rivals]
    found += [f"product {p!r}" for p in state.products if p not in content.products]
    found += [f"event {e!r}" for e in state.pending if e not in content.events]
    found += [f"event {e!r}" for _, e in state.follow_ups if e not in content.events]
    return found


def _from_version_1(document: dict[str, Any]) -> dict[str, Any]:
    """Format 1 (the first release) to format 2.

    Format 1 kept decisions as records carrying their own ``month``, listed packs as
    ``{id: version}`` with no digest, and had neither a header nor checksums. The packs'
    digests are unknown, so a replay reports every pack as possibly changed.
    """
    state = dict(document["state"])
    decisions = [[record["month"], {k: v for k, v in record.items() if k != "month"}]
                 for record in document["decisions"]]
    state.setdefault("game_id", f"v1-{document['seed']}")
    ending = state.get("ending")
    meta = {
        "game_id": state["game_id"], "kind": "manual", "name": "saved by an earlier version",
        "company": document["company"], "scenario": document["scenario"],
        "scenario_title": document["scenario"], "month": state["month"],
        "date": month_label(state["start"], state["month"]),
        "ending": {"family": ending["family"], "title": ending["title"],
                   "grade": ending["grade"]} if ending else None,
        "saved_at": document.get("saved_at", ""),
    }
    return {
        "format": FORMAT, "version": 2, "meta": meta, "scenario": document["scenario"],
        "seed": document["seed"], "company": document["company"],
        "packs": [{"id": pid, "version": version, "digest": ""}
                  for pid, version in document["packs"].items()],
        "decisions": decisions, "state_hash": digest(state), "state": state,
    }


def _control_text(value: Any, where: str = "the state") -> str | None:
    """Where a string of ``value`` holds a character that would change the terminal."""
    if isinstance(value, str):
        return where if has_control(value.replace("\n", "")) else None
    if isinstance(value, dict):
        for key, item in value.items():
            found = _control_text(key, where) or _control_text(item, f"{clean_line(key)}")
            if found:
                return found
    elif isinstance(value, list):
        for item in value:
            found = _control_text(item, where)
            if found:
                return found
    return None


class _NotFinite(ValueError):
    """``NaN``, ``Infinity`` or a number too large for a float, in a save's JSON."""


def _not_finite(text: str) -> float:
    raise _NotFinite(text)


def _finite(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise _NotFinite(text[:20])
    return value


MIGRATIONS: dict[int, Callable[[dict[str, Any]], dict[str, Any]]] = {1: _from_version_1}
"""Each function upgrades a document of its version by one step."""
