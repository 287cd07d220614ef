"""Packs built to break the game: each is a problem the validator reports, in bounded time,
or a pack the game plays to the end."""

from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest

from game.content.authoring import scaffold
from game.content.loader import Problem, load_content, validate_packs
from game.content.packs import base_pack
from game.sim.bots import BOTS
from game.sim.simulate import play_game

CHOICE = 'effects = { reputation = 3, hype = 2, transparency = 4 }'


def a_pack(tmp_path: Path, name: str = "hostile") -> Path:
    folder = tmp_path / name
    scaffold(folder)
    return folder


def events_file(pack: Path) -> Path:
    return pack / "events" / "events.toml"


def edit(pack: Path, old: str, new: str) -> None:
    path = events_file(pack)
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new, 1))


def problems_within(pack: Path, seconds: float = 20) -> list[Problem]:
    found: list[list[Problem]] = []
    thread = threading.Thread(target=lambda: found.append(validate_packs([base_pack(), pack])),
                              daemon=True)
    thread.start()
    thread.join(seconds)
    assert found, f"validating {pack} did not finish in {seconds} s"
    return found[0]


def messages(problems: list[Problem]) -> str:
    return "\n".join(str(p) for p in problems)


@pytest.mark.parametrize(("effects", "words"), [
    ("effects = { cash = nan }", "not a number a pack may hold"),
    ("effects = { cash = inf }", "not a number a pack may hold"),
    ("effects = { cash = -inf }", "not a number a pack may hold"),
    ("effects = { cash = 1e400 }", "not a number a pack may hold"),
    ("effects = { cash = 5e12 }", "not a number a pack may hold"),
    ("effects = { cash = " + "9" * 309 + " }", "not a number a pack may hold"),
    ("effects = { cash = " + "9" * 5000 + " }", "too long to read"),
    ('effects = { cash = "cash * 1' + "0" * 309 + '" }', "larger than any number a pack"),
])
def test_wild_numbers_are_problems(tmp_path: Path, effects: str, words: str) -> None:
    pack = a_pack(tmp_path)
    edit(pack, CHOICE, effects)
    assert words in messages(problems_within(pack))


def test_special_files_links_and_folders_are_problems_in_bounded_time(tmp_path: Path) -> None:
    pack = a_pack(tmp_path)
    events = pack / "events"
    os.mkfifo(events / "pipe.toml")
    (events / "zero.toml").symlink_to("/dev/zero")
    (events / "folder.toml").mkdir()
    outside = tmp_path / "outside.toml"
    outside.write_text("")
    (events / "outside.toml").symlink_to(outside)
    with (events / "sparse.toml").open("wb") as handle:
        handle.truncate(6 * 1024**3)
    text = messages(problems_within(pack))
    assert "pipe.toml" in text and "special file" in text
    assert "zero.toml" in text
    assert "folder.toml" in text and "a folder" in text
    assert "outside.toml" in text and "outside the pack" in text
    assert "sparse.toml" in text and "too large" in text


def test_too_many_files_are_reported_not_silently_ignored(tmp_path: Path) -> None:
    pack = a_pack(tmp_path)
    for index in range(501):
        (pack / "events" / f"e{index:03d}.toml").write_text("")
    assert "the limit is 500" in messages(problems_within(pack, 60))


def test_an_unreadable_events_folder_is_reported(tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    pack = a_pack(tmp_path)
    real = os.scandir

    def denied(path: object = ".") -> object:
        if str(path).endswith("events"):
            raise PermissionError(13, "Permission denied")
        return real(path)  # type: ignore[call-overload]

    monkeypatch.setattr(os, "scandir", denied)
    assert "cannot read the events folder: Permission denied" in messages(
        problems_within(pack))


def test_a_choice_that_schedules_itself_stays_bounded(tmp_path: Path) -> None:
    pack = a_pack(tmp_path)
    edit(pack, "once = true\n", "")
    edit(pack, 'chance = 0.2', 'chance = 1.0')
    edit(pack, 'when = "month >= 2 and hype >= 20"\n', "")
    follow = '\nfollow_ups = [' + ", ".join(['{ event = "first_event", months = 1 }'] * 40) + "]"
    edit(pack, CHOICE, CHOICE + follow)
    edit(pack, 'effects = { hype = -3 }', 'effects = { hype = -3 }' + follow)
    content = load_content([base_pack(), pack])
    for name, bot in BOTS.items():
        game = play_game(content, "newcomer_2023", 3, bot())
        assert game.state.over, name
        assert len(game.state.follow_ups) <= 200
        assert max(game.state.fire_counts.values()) <= game.state.month


def test_computed_effects_that_overflow_are_held_to_the_limit(tmp_path: Path) -> None:
    pack = a_pack(tmp_path)
    edit(pack, "once = true\n", "")
    edit(pack, 'chance = 0.2', 'chance = 1.0')
    edit(pack, 'when = "month >= 2 and hype >= 20"\n', "")
    huge = "cash * cash * cash * cash * cash * cash * cash * cash * cash * cash"
    edit(pack, CHOICE, f'effects = {{ cash = "{huge}", valuation = "{huge} - {huge}" }}')
    edit(pack, 'effects = { hype = -3 }', f'effects = {{ cash = "-{huge}" }}')
    content = load_content([base_pack(), pack])
    for name, bot in BOTS.items():
        game = play_game(content, "newcomer_2023", 5, bot())
        assert game.state.over, name
        assert all(v == v and abs(v) <= 1e18 for v in game.s.values()), name
        assert game.state.ending is not None and 0 <= game.state.ending.score <= 100


def test_the_validator_warns_about_a_self_scheduling_chain(tmp_path: Path) -> None:
    pack = a_pack(tmp_path)
    edit(pack, "once = true\n", "")
    edit(pack, CHOICE, CHOICE + '\nfollow_ups = [{ event = "first_event", months = 2 }]')
    text = messages(problems_within(pack))
    assert "schedules hostile:first_event → hostile:first_event again" in text
    assert "events.toml:" in text
