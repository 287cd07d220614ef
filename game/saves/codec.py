"""The game state as plain JSON values, and back, exactly.

Written by hand rather than with ``dataclasses.asdict`` because an autosave happens every
month and must stay well under a few milliseconds; floats survive the round trip exactly
(Python's JSON writes the shortest text that reads back to the same float).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import fields
from functools import cache
from typing import TYPE_CHECKING, Any

from game.engine.state import GameState

if TYPE_CHECKING:
    from pydantic import TypeAdapter


class StateError(ValueError):
    """A saved state that does not fit the game's shape."""


def canonical(value: Any) -> bytes:
    """The one byte form of a JSON value used for hashes and files."""
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False,
                      allow_nan=False).encode()


def digest(value: Any) -> str:
    """A checksum of a JSON value that does not depend on the order of its keys."""
    text = json.dumps(value, separators=(",", ":"), ensure_ascii=False, allow_nan=False,
                      sort_keys=True)
    return hashlib.blake2b(text.encode(), digest_size=16).hexdigest()


def state_to_dict(state: GameState) -> dict[str, Any]:
    """Every field of the state as JSON values."""
    return {
        "scenario": state.scenario,
        "seed": state.seed,
        "company": state.company,
        "start": state.start,
        "horizon": state.horizon,
        "game_id": state.game_id,
        "month": state.month,
        "phase": state.phase,
        "stats": state.stats,
        "cap": state.cap,
        "frontier": state.frontier,
        "open_best": state.open_best,
        "flags": sorted(state.flags),
        "rivals": {k: _plain(r) for k, r in state.rivals.items()},
        "products": {k: _plain(v) for k, v in state.products.items()},
        "run": _plain(state.run) if state.run else None,
        "models": [_plain(m) | {"focus": list(m.focus)} for m in state.models],
        "funding": _plain(state.funding) if state.funding else None,
        "closed_caps": state.closed_caps,
        "tuning_months": state.tuning_months,
        "last_share": state.last_share,
        "follow_ups": [list(f) for f in state.follow_ups],
        "fired": state.fired,
        "fire_counts": state.fire_counts,
        "pending": state.pending,
        "chosen": [list(c) for c in state.chosen],
        "decisions": [[month, record] for month, record in state.decisions],
        "journal": [list(e) for e in state.journal],
        "news": [{"month": n.month, "text": n.text, "kind": n.kind} for n in state.news],
        "history": state.history,
        "opening": state.opening,
        "ending": _plain(state.ending) | {"causes": list(state.ending.causes)}
        if state.ending else None,
        "accepted": state.accepted,
    }


def _plain(obj: Any) -> dict[str, Any]:
    return {f.name: getattr(obj, f.name) for f in fields(obj)}


@cache
def _state_type() -> TypeAdapter[GameState]:
    """The state's type check, built the first time a save is read (writing needs none)."""
    from pydantic import TypeAdapter

    return TypeAdapter(GameState)


def state_from_dict(data: Any) -> GameState:
    """Rebuild a state, checking every field's type; raises :class:`StateError` if wrong."""
    if not isinstance(data, dict):
        raise StateError("the saved game has no state table")
    from pydantic import ValidationError

    try:
        state = _state_type().validate_python(data)
    except ValidationError as error:
        first = error.errors(include_url=False)[0]
        where = ".".join(str(part) for part in first["loc"]) or "state"
        raise StateError(f"the saved game is malformed at {where}: {first['msg']}") from None
    except (RecursionError, MemoryError):
        raise StateError("the saved game is malformed (nested too deeply)") from None
    _fill_new_stats(state)
    return state


def _fill_new_stats(state: GameState) -> None:
    """Stats added after a save was written, worked out from what the save holds."""
    stats, models = state.stats, state.models
    made = [m for m in models if m.month > 0]
    found = {
        "models_trained": float(len(made)),
        "releases": float(sum(1 for m in made if m.openness)),
        "code_models": float(sum(1 for m in made if m.openness in ("open_code", "open_data"))),
        "data_models": float(sum(1 for m in made if m.openness == "open_data")),
        "products_launched": float(len(state.products)),
    }
    for name, value in found.items():
        stats.setdefault(name, value)
