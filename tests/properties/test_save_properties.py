"""Saves under attack: random bytes, mutated files, round trips and replays."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from game.content.packs import load
from game.engine.game import Game
from game.saves.format import SaveError, decode, encode, parse
from game.saves.replay import replay
from game.sim.bots import BOTS
from game.sim.simulate import play_game

CONTENT = load()
SAMPLE = encode(play_game(CONTENT, "newcomer_2023", 4, BOTS["random"]()), "auto",
                saved_at="2026-01-01T00:00:00Z")


def load_bytes(raw: bytes) -> Game | None:
    try:
        return decode(parse(raw, "fuzz.json"), CONTENT, "fuzz.json")
    except SaveError as error:
        assert str(error).startswith("fuzz.json: ")
        return None


@given(st.binary(max_size=2000))
def test_any_bytes_give_a_save_error_or_a_game(raw: bytes) -> None:
    load_bytes(raw)


@given(st.integers(0, len(SAMPLE) - 1), st.binary(min_size=1, max_size=8))
def test_a_damaged_save_gives_a_save_error_or_a_game(position: int, noise: bytes) -> None:
    load_bytes(SAMPLE[:position] + noise + SAMPLE[position + len(noise):])


@given(st.integers(0, len(SAMPLE)))
def test_a_truncated_save_gives_a_save_error(length: int) -> None:
    game = load_bytes(SAMPLE[:length])
    assert game is None or length == len(SAMPLE)


@given(st.integers(0, 2**31 - 1), st.sampled_from(sorted(BOTS)),
       st.sampled_from(sorted(CONTENT.scenarios)))
def test_round_trip_and_replay(seed: int, policy: str, scenario: str) -> None:
    game = play_game(CONTENT, scenario, seed, BOTS[policy]())
    raw = encode(game, "auto", saved_at="2026-01-01T00:00:00Z")
    loaded = load_bytes(raw)
    assert loaded is not None and loaded.state == game.state
    assert encode(loaded, "auto", saved_at="2026-01-01T00:00:00Z") == raw
    report = replay(parse(raw, "x.json"), CONTENT)
    assert report.same, report.problem or report.diverged_month
