"""The packs as ``moat serve`` hands them to its games: the same games, without the readers."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from game.content.loader import Content
from game.content.packs import load, shipped_packs
from game.content.snapshot import FORMAT, dumps, loads, read, write
from game.engine.game import Game
from game.saves.format import encode
from game.sim.simulate import make_bot, play_game


@pytest.mark.parametrize("bot", ["generalist-open", "random"])
def test_a_game_on_the_snapshot_is_the_game_on_the_packs(content: Content, bot: str) -> None:
    again = loads(dumps(content))
    for seed in (3, 11):
        ours = play_game(content, content.default_scenario, seed, make_bot(bot))
        theirs = play_game(again, content.default_scenario, seed, make_bot(bot))
        assert theirs.state.ending is not None
        assert saved(theirs) == saved(ours)


def saved(game: Game) -> dict[str, Any]:
    """What a save of the game holds, but for its identity (drawn afresh for every game)."""
    document = json.loads(encode(game, "auto", saved_at="2026-01-01T00:00:00Z"))
    assert isinstance(document, dict)
    for table in (document, document["meta"], document["state"]):
        table.pop("game_id", None)
    document.pop("state_hash")  # it covers the identity too
    return document


def test_extra_packs_come_through(tmp_path: Path) -> None:
    packs = load(shipped_packs())
    path = tmp_path / "content.pickle"
    write(packs, path)
    again = read(path)
    assert again is not None
    assert [p.id for p in again.packs] == [p.id for p in packs.packs]
    assert set(again.events) == set(packs.events)
    event = next(e for e in again.events.values() if e.pack != "base")
    assert event.model.title == packs.events[event.qid].model.title
    with pytest.raises(AttributeError, match="read-only"):
        event.model.title = "changed"


def test_anything_else_is_not_read(tmp_path: Path) -> None:
    path = tmp_path / "content.pickle"
    assert read(path) is None  # missing
    path.write_bytes(b"moat-content-0 python-0\n...")
    assert read(path) is None  # another version
    path.write_bytes(FORMAT + b"not a pickle")
    assert read(path) is None
    with pytest.raises(ValueError):
        loads(FORMAT + dumps(load())[len(FORMAT):][:100])  # cut short


def test_a_game_process_reading_it_loads_no_pack_reader(tmp_path: Path) -> None:
    """What the snapshot is for: the pack schema (pydantic) stays out of the game process."""
    path = tmp_path / "content.pickle"
    write(load(), path)
    script = ("import sys; from pathlib import Path; import game.web.session; "
              "from game.content.snapshot import read; "
              f"c = read(Path({str(path)!r})); assert c is not None; "
              "print(sorted(m for m in sys.modules if m.split('.')[0] in "
              "('pydantic', 'tomli') or m == 'game.content.loader'))")
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                            timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"
