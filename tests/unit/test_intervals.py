"""The Wilson score interval against published values."""

from __future__ import annotations

import pytest

from game.sim.intervals import wilson_interval


@pytest.mark.parametrize(("successes", "n", "low", "high"), [
    # Newcombe (1998), Statistics in Medicine 17:857, table I, method 3
    (81, 263, 0.2553, 0.3662),
    (15, 148, 0.0624, 0.1605),
    (0, 20, 0.0, 0.1611),
    (1, 29, 0.0061, 0.1718),
    (29, 29, 0.8830, 1.0),
    # a fair coin over 100 games
    (50, 100, 0.4038, 0.5962),
])
def test_known_values(successes: int, n: int, low: float, high: float) -> None:
    got = wilson_interval(successes, n)
    assert got == pytest.approx((low, high), abs=1e-4)


def test_no_games_knows_nothing() -> None:
    assert wilson_interval(0, 0) == (0.0, 1.0)


def test_wider_at_higher_confidence() -> None:
    low95, high95 = wilson_interval(30, 100)
    low99, high99 = wilson_interval(30, 100, z=2.576)
    assert low99 < low95 < 0.3 < high95 < high99


@pytest.mark.parametrize(("successes", "n"), [(-1, 10), (11, 10), (0, -1)])
def test_refuses_impossible_counts(successes: int, n: int) -> None:
    with pytest.raises(ValueError, match="successes"):
        wilson_interval(successes, n)
