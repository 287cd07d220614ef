"""Saves that were edited, damaged or placed in the folder to break the game: each is refused
with its reason and left as it is, and nothing in the folder is lost or blocks the game."""

from __future__ import annotations

import errno
import json
import os
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from game.content.loader import Content
from game.engine.game import Game
from game.saves.codec import digest
from game.saves.format import SaveError, encode, parse
from game.saves.store import SaveStore, write_atomic
from game.sim.bots import BOTS
from tests.conftest import answer_events
from tests.states import with_state


def played(content: Content, months: int = 5, seed: int = 3, company: str = "Acme AI"
           ) -> Game:
    game = Game.new(content, seed=seed, company=company)
    bot = BOTS["generalist-open"]()
    while game.state.month <= months and not game.state.over:
        answer_events(game)
        if game.state.over:
            break
        bot.plan(game)
        game.end_month()
    return game


def edited(content: Content, change: Callable[[dict[str, Any]], None],
           recompute: bool = True) -> bytes:
    """A real save with ``change`` made to its document and its checksum made to match."""
    document = json.loads(encode(played(content), "auto"))
    change(document)
    if recompute:
        document["state_hash"] = digest(document["state"])
    return json.dumps(document).encode()


def refused(store: SaveStore, content: Content, raw: bytes, name: str = "edited.json") -> str:
    store.ensure()
    path = store.folder / name
    path.write_bytes(raw)
    with pytest.raises(SaveError) as caught:
        store.load(path, content)
    assert path.read_bytes() == raw, "a refused save must be left as it was"
    return caught.value.problem


@pytest.fixture
def store(tmp_path: Path) -> SaveStore:
    return SaveStore(tmp_path / "saves")


@pytest.mark.parametrize("literal", ["NaN", "Infinity", "-Infinity", "1e400"])
def test_numbers_that_are_not_finite_are_refused_wherever_they_are(
        content: Content, store: SaveStore, literal: str) -> None:
    raw = encode(played(content), "auto")
    for target in (b'"cash":', b'"decisions":[[1,'):
        at = raw.index(target) + len(target)
        end = raw.index(b",", at) if target.endswith(b":") else raw.index(b",", at)
        damaged = raw[:at] + literal.encode() + raw[end:]
        problem = refused(store, content, damaged)
        assert "not a number the game can use" in problem


def test_a_whole_number_of_thousands_of_digits_is_refused(content: Content,
                                                          store: SaveStore) -> None:
    raw = encode(played(content), "auto")
    at = raw.index(b'"month":') + len(b'"month":')
    damaged = raw[:at] + b"9" * 5000 + raw[raw.index(b",", at):]
    assert "too long" in refused(store, content, damaged)


def _set(path: str, value: Any) -> Callable[[dict[str, Any]], None]:
    def change(document: dict[str, Any]) -> None:
        *parents, last = path.split(".")
        table = document
        for key in parents:
            table = table[key]
        if value is KeyError:
            del table[last]
        else:
            table[last] = value
    return change


@pytest.mark.parametrize(("path", "value", "words"), [
    ("state.stats.cash", KeyError, "the stat 'cash' is missing"),
    ("state.stats.wealth", 5, "'wealth' is not a stat"),
    ("state.stats.researchers", -1e15, "stats.researchers"),
    ("state.stats.reputation", 250, "stats.reputation"),
    ("state.stats.cash", 1e300, "stats.cash"),
    ("state.cap.code", KeyError, "scorecard"),
    ("state.frontier.astrology", 50, "astrology"),
    ("state.run", {"size": "galactic", "focus": [], "data": "licensed", "tuning": False,
                   "started": 1, "months_left": 3}, "run.size"),
    ("state.phase", "over", "phase"),
    ("state.phase", "events", "pending"),
    ("state.phase", "finished", "phase"),
    ("state.month", 10**15, "month"),
    ("state.month", 0, "month"),
    ("state.horizon", 100000, "horizon"),
    ("state.game_id", "*", "game_id"),
    ("state.game_id", "../../etc", "game_id"),
    ("state.game_id", "a\x00b", "game_id"),
    ("state.company", "   ", "company"),
    ("state.company", "x" * 5000, "company"),
    ("state.follow_ups", [[500, "lm_lawsuit_authors"]], "follow_ups"),
    ("state.follow_ups", [[7, "lm_lawsuit_authors"]] * 201, "follow_ups"),
    ("state.ending", {"id": "x", "family": "win", "title": "t", "text": "t", "month": 2,
                      "score": 50, "grade": "A", "causes": []}, "phase"),
    ("state.decisions", None, "no game"),
])
def test_edits_with_a_recomputed_checksum_are_checked_like_a_pack(
        content: Content, store: SaveStore, path: str, value: Any, words: str) -> None:
    if path == "state.decisions":
        raw = edited(content, _set("decisions", "many"))
    else:
        raw = edited(content, _set(path, value))
    assert words in refused(store, content, raw)


def test_a_decision_that_could_never_have_been_made_is_refused(content: Content,
                                                               store: SaveStore) -> None:
    def change(document: dict[str, Any]) -> None:
        document["decisions"].append([document["state"]["month"], {"kind": "teleport"}])
    assert "unknown decision kind 'teleport'" in refused(store, content, edited(content, change))


def test_a_save_without_its_checksum_is_refused(content: Content, store: SaveStore) -> None:
    raw = edited(content, _set("state_hash", None), recompute=False)
    assert "no checksum" in refused(store, content, raw)


def test_a_valid_hand_edit_with_a_recomputed_checksum_loads_and_plays_on(
        content: Content, store: SaveStore) -> None:
    raw = edited(content, _set("state.stats.cash", 5_000_000))
    store.ensure()
    path = store.folder / "rich.json"
    path.write_bytes(raw)
    game = store.load(path, content)
    assert game.s["cash"] == 5_000_000
    for _ in range(3):
        answer_events(game)
        if game.state.over:
            break
        game.end_month()
        encode(game, "auto")


def test_an_autosave_prunes_only_its_own_games_files(content: Content,
                                                     store: SaveStore) -> None:
    other = played(content, months=4, seed=8, company="Other Co")
    for month in (2, 3, 4):
        store.autosave(with_state(other, month=month))
    theirs = sorted(p.name for p in store.files())
    assert len(theirs) == 3
    hostile = played(content, months=2, seed=9)
    for game_id in ("*", "?", "[a-z]*", "../x", "a" * 300, "x\x00y", ""):
        for month in range(1, 6):
            path = store.autosave(with_state(hostile, game_id=game_id, month=month))
            assert path.parent == store.folder and path.exists()
            assert len(path.name) < 100
    names = sorted(p.name for p in store.files())
    assert set(theirs) <= set(names)


def test_pruning_leaves_another_writers_temporary_file(content: Content,
                                                       store: SaveStore) -> None:
    game = played(content, months=2)
    store.ensure()
    stem = store.autosave_path(game).name
    in_progress = store.folder / f".moat-tmp-0badf00d-{stem}"
    in_progress.write_bytes(b"{half written")
    for month in range(1, 6):
        store.autosave(with_state(game, month=month))
    assert in_progress.exists()
    assert store.sweep() == 0, "a young temporary file may belong to a running game"


def test_two_games_autosaving_to_one_folder_at_once(content: Content,
                                                    store: SaveStore) -> None:
    games = [played(content, months=1, seed=seed, company=f"Co {seed}") for seed in (1, 2)]
    errors: list[BaseException] = []
    start = threading.Barrier(len(games))

    def run(game: Game) -> None:
        try:
            start.wait()
            for month in range(1, 25):
                store.autosave(with_state(game, month=month))
        except BaseException as error:  # pragma: no cover - the failure is reported below
            errors.append(error)

    threads = [threading.Thread(target=run, args=(game,)) for game in games]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    for game in games:
        mine = sorted(p.name for p in store.files() if game.state.game_id in p.name)
        assert [name[-8:-5] for name in mine] == ["022", "023", "024"]
        for name in mine:
            store.load(store.folder / name, content)
    assert not [p for p in store.folder.iterdir() if p.name.startswith(".moat-tmp-")]


def test_a_full_disk_leaves_the_old_file_whole(tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "a.json"
    write_atomic(target, b"old")

    def full(fd: int) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "fsync", full)
    with pytest.raises(OSError, match="No space left"):
        write_atomic(target, b"new")
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["a.json"]


def test_odd_files_in_the_folder_are_listed_with_their_problem_without_blocking(
        content: Content, store: SaveStore) -> None:
    store.ensure()
    good = store.autosave(played(content, months=2))
    os.mkfifo(store.folder / "pipe.json")
    (store.folder / "zero.json").symlink_to("/dev/zero")
    (store.folder / "folder.json").mkdir()
    (store.folder / "dangling.json").symlink_to(store.folder / "nowhere")
    with (store.folder / "sparse.json").open("wb") as handle:
        handle.truncate(6 * 1024**3)
    header = json.loads(good.read_bytes())
    header["meta"]["ending"] = 7
    header["meta"]["company"] = {"not": "text"}
    (store.folder / "bad-header.json").write_text(json.dumps(header))
    started = time.monotonic()
    listing = {info.path.name: info for info in store.list()}
    assert time.monotonic() - started < 5
    assert listing[good.name].ok
    for name in ("pipe.json", "zero.json", "folder.json", "dangling.json", "sparse.json",
                 "bad-header.json"):
        assert not listing[name].ok and listing[name].problem, name
        with pytest.raises(SaveError):
            store.load(store.folder / name, content)
    assert "special file" in listing["pipe.json"].problem
    assert "header" in listing["bad-header.json"].problem
    assert store.latest() is not None and store.latest().path == good  # type: ignore[union-attr]


def test_a_folder_that_cannot_be_changed_does_not_stop_the_game(
        store: SaveStore, monkeypatch: pytest.MonkeyPatch) -> None:
    store.ensure()
    leftover = store.folder / ".moat-tmp-1234abcd-x.json"
    leftover.write_bytes(b"{")
    os.utime(leftover, (time.time() - 3600, time.time() - 3600))

    def denied(path: object, *args: object, **kwargs: object) -> None:
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(os, "unlink", denied)
    assert store.sweep() == 0
    assert leftover.exists()


def test_a_first_format_save_is_upgraded_with_a_checksum() -> None:
    fixture = Path(__file__).parent.parent / "fixtures" / "saves" / "format1-newcomer.json"
    document = parse(fixture.read_bytes(), fixture)
    assert document["state_hash"] == digest(document["state"])
