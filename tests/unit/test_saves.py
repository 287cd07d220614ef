"""Saves: the format, atomic writes, bad files, migrations and replays."""

from __future__ import annotations

import json
import os
import shutil
import time
from pathlib import Path

import pytest

from game.content.loader import Content, load_content
from game.engine.game import Game
from game.saves.format import VERSION, SaveError, encode, parse
from game.saves.replay import replay
from game.saves.store import SaveStore, write_atomic
from game.sim.bots import BOTS, NicheProduct
from game.sim.simulate import play_game

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "saves"
WHEN = "2026-01-01T00:00:00Z"


@pytest.fixture
def store(tmp_path: Path) -> SaveStore:
    return SaveStore(tmp_path / "saves")


@pytest.fixture
def played(content: Content) -> Game:
    return play_game(content, "newcomer_2023", 31, NicheProduct(), "Acme AI")


def test_a_save_round_trips_byte_for_byte(content: Content, store: SaveStore,
                                          played: Game) -> None:
    path = store.save_as(played, "end of game")
    loaded = store.load(path, content)
    assert loaded.state == played.state
    assert encode(loaded, "manual", "end of game", WHEN) == encode(played, "manual",
                                                                  "end of game", WHEN)


def test_autosaves_keep_the_last_three_of_each_game(content: Content, store: SaveStore) -> None:
    game = Game.new(content, seed=5, company="Acme AI")
    other = Game.new(content, seed=6, company="Other Co")
    store.autosave(other)
    for _ in range(5):
        for event in game.begin_month():
            if event.id not in game.state.pending:
                continue  # an earlier choice made its condition false
            game.choose(event.id, next(c.model.id for c in event.choices
                                       if game.choice_lock(event.id, c.model.id) is None
                                       and not c.model.ending))
        game.end_month()
        store.autosave(game)
    names = sorted(p.name for p in store.files())
    mine = [n for n in names if game.state.game_id in n]
    assert mine == [f"acme-ai-{game.state.game_id}-auto-{m:03d}.json" for m in (4, 5, 6)]
    assert any(other.state.game_id in n for n in names)
    latest = store.latest()
    assert latest is not None and latest.meta is not None
    assert latest.meta["company"] == "Acme AI" and latest.meta["month"] == 6


def test_listing_reads_the_header(content: Content, store: SaveStore, played: Game) -> None:
    store.save_as(played, "finished")
    (info,) = store.list()
    assert info.meta is not None
    assert info.meta["company"] == "Acme AI"
    assert info.meta["scenario_title"] == "The well-funded newcomer"
    ending = played.state.ending
    assert ending is not None
    assert info.meta["ending"] == {"family": ending.family, "title": ending.title,
                                   "grade": ending.grade}


BAD_FILES = {
    "empty": (b"", "the file is empty"),
    "truncated": (None, "the file is cut short (damaged or truncated)"),
    "not json": (b"hello, world\n", "this is not a Moat save"),
    "foreign json": (b'{"name": "a package.json"}', "this is not a Moat save (it was written "
                                                     "by something else)"),
    "binary": (b"\x89PNG\r\n\x1a\n\x00\x00", "this is not a Moat save (it is not text)"),
    "edited": (None, "the save has been changed since it was written"),
    "newer": (None, f"save format {VERSION + 1}; this game reads formats up to {VERSION}"),
}


@pytest.mark.parametrize("kind", sorted(BAD_FILES))
def test_bad_files_are_named_left_untouched_and_an_autosave_offered(
        content: Content, store: SaveStore, kind: str) -> None:
    game = Game.new(content, seed=9, company="Acme AI")
    good = store.autosave(game)
    raw, message = BAD_FILES[kind]
    good_bytes = good.read_bytes()
    if kind == "truncated":
        raw = good_bytes[: len(good_bytes) // 2]
    elif kind == "edited":
        raw = good_bytes.replace(b'"cash":110000.0', b'"cash":990000.0', 1)
        assert raw != good_bytes
    elif kind == "newer":
        raw = good_bytes.replace(f'"version":{VERSION},'.encode(),
                                 f'"version":{VERSION + 1},'.encode(), 1)
    assert raw is not None
    bad = store.folder / f"acme-ai-{game.state.game_id}-auto-002.json"
    bad.write_bytes(raw)
    with pytest.raises(SaveError) as caught:
        store.load(bad, content)
    assert str(caught.value).startswith(f"{bad.name}: ")
    assert message in str(caught.value)
    assert bad.read_bytes() == raw
    assert store.fallback(bad, content) == good
    listed = {info.path: info for info in store.list()}
    assert listed[bad].ok == (kind in ("edited",))  # its header is fine; its body is not


def test_a_save_from_other_packs_is_refused(content: Content, store: SaveStore,
                                            played: Game) -> None:
    path = store.save_as(played, "x")
    document = json.loads(path.read_bytes())
    document["state"]["rivals"]["nova"] = document["state"]["rivals"]["brise"] | {"id": "nova"}
    from game.saves.codec import digest

    document["state_hash"] = digest(document["state"])
    path.write_text(json.dumps(document))
    with pytest.raises(SaveError, match="made with packs that are not loaded now: rival 'nova'"):
        store.load(path, content)


def test_atomic_write_leaves_no_temporary_file(tmp_path: Path) -> None:
    target = tmp_path / "a.json"
    write_atomic(target, b"one")
    write_atomic(target, b"two")
    assert target.read_bytes() == b"two"
    assert [p.name for p in tmp_path.iterdir()] == ["a.json"]


def test_leftover_temporary_files_are_swept(store: SaveStore) -> None:
    store.ensure()
    old = store.folder / ".moat-tmp-1234abcd-x.json"
    old.write_bytes(b"{half")
    os.utime(old, (time.time() - 3600, time.time() - 3600))
    young = store.folder / ".moat-tmp-5678abcd-y.json"
    young.write_bytes(b"{being written by another copy of the game")
    assert store.sweep() == 1
    assert list(store.folder.iterdir()) == [young]


def test_first_format_loads_through_the_migration_chain(content: Content,
                                                        tmp_path: Path) -> None:
    source = FIXTURES / "format1-newcomer.json"
    original = source.read_bytes()
    document = parse(original, source)
    assert document["version"] == VERSION
    assert document["packs"] == [{"id": "base", "version": "1.0.0", "digest": ""}]
    store = SaveStore(tmp_path)
    copy = tmp_path / source.name
    shutil.copy(source, copy)
    game = store.load(copy, content)
    assert game.state.company == "Firstsave Ltd"
    assert game.state.ending is not None and game.state.ending.family == "niche_win"
    assert copy.read_bytes() == original  # loading never rewrites a file
    info = store.info(copy)
    assert info.meta is not None and info.meta["company"] == "Firstsave Ltd"


@pytest.mark.parametrize("policy", sorted(BOTS))
def test_replay_reproduces_the_saved_state(content: Content, policy: str) -> None:
    game = play_game(content, "image_pivot", 77, BOTS[policy]())
    report = replay(parse(encode(game, "auto"), "x.json"), content)
    assert report.same and report.packs == [] and report.diverged_month is None


def test_replay_names_the_changed_pack_and_the_month_it_diverges(
        content: Content, base_path: Path, tmp_path: Path) -> None:
    game = play_game(content, "newcomer_2023", 8, NicheProduct())
    document = parse(encode(game, "auto"), "x.json")
    changed = tmp_path / "base"
    shutil.copytree(base_path, changed)
    rules = changed / "rules.toml"
    text = rules.read_text()
    assert "max_per_month = 2" in text
    rules.write_text(text.replace("max_per_month = 2", "max_per_month = 1"))
    edited = load_content([changed])
    report = replay(document, edited)
    assert not report.same
    assert [d.id for d in report.packs] == ["base"]
    # the first month in which the original game drew two events is where they part
    chosen = [month for month, record in game.state.decisions if record["kind"] == "choose"]
    first_double = min(m for m in chosen if chosen.count(m) >= 2)
    assert report.diverged_month == first_double


def test_fork_stops_at_the_start_of_a_month(content: Content) -> None:
    from game.saves.replay import fork

    game = play_game(content, "newcomer_2023", 8, NicheProduct())
    report = replay(parse(encode(game, "auto"), "x.json"), content, until=4)
    forked = fork(report)
    assert forked.state.month == 4 and forked.state.phase == "world"
    assert forked.state.game_id != game.state.game_id
    assert all(month < 4 for month, _ in forked.state.decisions)
