"""Every bot plays to an ending under any rules the validator accepts, not only the base."""

from __future__ import annotations

import re
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from game.content.loader import load_content
from game.sim.bots import BOTS
from game.sim.simulate import play_game

BASE = Path(__file__).resolve().parents[2] / "content" / "base"
RULES = (BASE / "rules.toml").read_text()
NAMES = st.sampled_from(["tiny", "small", "medium", "large", "huge", "seed", "bridge",
                         "standard", "big", "mega"])
OPTIONAL_RELEASES = ["open_restrictive", "open_permissive", "open_code", "open_data"]


@pytest.fixture(scope="module")
def pack() -> Iterator[Path]:
    with tempfile.TemporaryDirectory() as folder:
        copy = Path(folder) / "base"
        shutil.copytree(BASE, copy)
        yield copy


def table(entries: dict[str, str]) -> str:
    return "{ " + ", ".join(f"{key} = {value}" for key, value in entries.items()) + " }"


run_sizes = st.dictionaries(NAMES, st.tuples(st.integers(1, 10), st.integers(1, 6),
                                             st.integers(0, 30)), min_size=1, max_size=4)
round_sizes = st.dictionaries(NAMES, st.floats(0.05, 0.5).map(lambda x: round(x, 2)),
                              min_size=1, max_size=4)
releases = st.sets(st.sampled_from(OPTIONAL_RELEASES))


def varied_rules(runs: dict[str, tuple[int, int, int]], rounds: dict[str, float],
                 kept: set[str]) -> str:
    text = re.sub(r"^sizes\.\w+ = .*\n", "", RULES, flags=re.M)
    lines = "".join(f"sizes.{name} = {table({'units': str(u), 'months': str(m), 'gap': str(g)})}\n"
                    for name, (u, m, g) in runs.items())
    text = text.replace("[training]\n", "[training]\n" + lines, 1)
    text = re.sub(r"^sizes = \{ bridge.*$", "sizes = " + table(
        {name: str(share) for name, share in rounds.items()}), text, count=1, flags=re.M)
    text = re.sub(r"^size_odds = \{ bridge.*$", "size_odds = " + table(
        {name: str(round(0.2 - share, 2)) for name, share in rounds.items()}), text, count=1,
        flags=re.M)
    for option in OPTIONAL_RELEASES:
        if option not in kept:
            text = re.sub(rf"^{option} = .*\n", "", text, flags=re.M)
    return text


@settings(max_examples=12, deadline=None)
@given(runs=run_sizes, rounds=round_sizes, kept=releases, seed=st.integers(1, 10_000))
def test_every_bot_finishes_a_game_under_varied_rules(
        pack: Path, runs: dict[str, tuple[int, int, int]], rounds: dict[str, float],
        kept: set[str], seed: int) -> None:
    (pack / "rules.toml").write_text(varied_rules(runs, rounds, kept))
    content = load_content([pack])
    assert set(content.rules.funding.sizes) == set(rounds)
    assert set(content.rules.training.sizes) == set(runs)
    for name, make in BOTS.items():
        game = play_game(content, content.default_scenario, seed, make(), record=False)
        assert game.state.ending is not None, name
