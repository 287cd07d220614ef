"""Hand-edited saves: any change to a real save's state, with its checksum recomputed or not,
is refused with a reason or gives a game that plays on, through the app's own load path."""

from __future__ import annotations

import hashlib
import json
import tempfile
from pathlib import Path
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from game.content.packs import load
from game.engine.game import Game
from game.saves.format import SaveError, encode
from game.saves.store import SaveStore
from game.sim.bots import BOTS

CONTENT = load()
FOLDER = Path(tempfile.mkdtemp(prefix="moat-mutations-"))
STORE = SaveStore(FOLDER)


def _mid_game(seed: int, months: int) -> dict[str, Any]:
    game = Game.new(CONTENT, None, seed, "Acme AI")
    bot = BOTS["random"]()
    state = game.state
    while state.month < months and not state.over:
        for event in game.begin_month():
            if event.id not in game.state.pending:
                continue  # an earlier choice made its condition false
            game.choose(event.id, bot.choose(game, event))
            if state.over:
                break
        if state.over:
            break
        if state.month == months - 1:
            break  # saved in the plan phase
        bot.plan(game)
        game.end_month()
    document: dict[str, Any] = json.loads(encode(game, "auto"))
    return document


SAVES = [_mid_game(3, 9), _mid_game(11, 4)]


def _paths(value: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [path] if path else []
    if isinstance(value, dict):
        for key, item in value.items():
            found += _paths(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value[:6]):
            found += _paths(item, (*path, index))
    return found


PATHS = [sorted(_paths(save["state"]), key=repr) for save in SAVES]

HOSTILE = st.one_of(
    st.sampled_from([float("nan"), float("inf"), float("-inf"), -1e15, 1e300, 10**15, -1, 0,
                     True, None, "", "over", "events", "*", "../x", "\x1b[2J", [], {},
                     [1, "x"], {"a": 1}]),
    st.floats(allow_nan=True, allow_infinity=True),
    st.integers(-(2**70), 2**70),
    st.text(max_size=12),
)


def _checksum(state: Any) -> str:
    text = json.dumps(state, separators=(",", ":"), ensure_ascii=False, sort_keys=True)
    return hashlib.blake2b(text.encode(), digest_size=16).hexdigest()


@st.composite
def mutations(draw: st.DrawFn) -> bytes:
    which = draw(st.integers(0, len(SAVES) - 1))
    document = json.loads(json.dumps(SAVES[which]))
    for _ in range(draw(st.integers(1, 3))):
        path = draw(st.sampled_from(PATHS[which]))
        parent: Any = document["state"]
        try:
            for key in path[:-1]:
                parent = parent[key]
            last = path[-1]
            operation = draw(st.sampled_from(["replace", "replace", "delete", "add"]))
            if operation == "delete" and isinstance(parent, dict):
                del parent[last]
            elif operation == "delete" and isinstance(parent, list):
                del parent[last]
            elif operation == "add" and isinstance(parent, dict):
                parent[draw(st.text(min_size=1, max_size=8))] = draw(HOSTILE)
            else:
                parent[last] = draw(HOSTILE)
        except (KeyError, IndexError, TypeError):
            continue  # an earlier mutation removed the way there
    if draw(st.booleans()):
        document["state_hash"] = _checksum(document["state"])
    return json.dumps(document, allow_nan=True).encode()


def _play_on(game: Game, months: int) -> None:
    """Play on with the random bot, saving every month as the app does."""
    bot = BOTS["random"]()
    state = game.state
    for _ in range(months):
        if state.over:
            return
        events = game.pending_events if state.phase == "events" else (
            game.begin_month() if state.phase == "world" else [])
        for event in events:
            if event.id not in game.state.pending:
                continue  # an earlier choice made its condition false
            game.choose(event.id, bot.choose(game, event))
            if state.over:
                break
        if state.over:
            return
        bot.plan(game)
        game.end_month()
        encode(game, "auto")


@given(mutations())
def test_an_edited_save_is_refused_with_a_reason_or_plays_on(raw: bytes) -> None:
    path = FOLDER / "edited.json"
    path.write_bytes(raw)
    try:
        game = STORE.load(path, CONTENT)
    except SaveError as error:
        assert str(error).startswith("edited.json: ") and error.problem
        assert path.read_bytes() == raw
        return
    _play_on(game, 4)


@given(mutations())
def test_the_listing_reads_any_edited_save(raw: bytes) -> None:
    path = FOLDER / "listed.json"
    path.write_bytes(raw)
    info = STORE.info(path)
    assert info.ok or info.problem
