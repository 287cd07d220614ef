"""The engine's fast rounding gives exactly what ``round(value, digits)`` gives."""

from __future__ import annotations

import math
import struct

from hypothesis import example, given
from hypothesis import strategies as st

from game.engine.numbers import round_to


def same(a: float, b: float) -> bool:
    """The same float to the last bit (so 0.0 and -0.0 differ, and nan equals nan)."""
    return struct.pack("<d", a) == struct.pack("<d", b)


@given(st.floats(allow_nan=True, allow_infinity=True), st.integers(0, 15))
@example(0.25, 1)  # a tie that is exact in binary: half to even gives 0.2
@example(1.25, 1)
@example(0.15, 1)  # just below a tie in binary, though it reads as one
@example(2.675, 2)
@example(-0.04, 1)  # rounds to -0.0
@example(99.95, 1)
@example(2.0 ** 52 + 1, 4)
@example(5e-324, 4)
def test_round_to_matches_round(value: float, digits: int) -> None:
    assert same(round_to(value, digits), round(value, digits))


@given(st.integers(0, 10**7), st.integers(1, 6))
def test_round_to_matches_round_near_ties(whole: int, digits: int) -> None:
    """Values one float away from a decimal half, where a careless shortcut goes wrong."""
    tie = (whole + 0.5) / 10**digits
    for value in (math.nextafter(tie, -math.inf), tie, math.nextafter(tie, math.inf)):
        assert same(round_to(value, digits), round(value, digits))


@given(st.integers(0, 99_000), st.integers(1, 500_000))
def test_round_to_matches_round_on_runway_ratios(cash: int, net: int) -> None:
    """The runway is whole dollars over whole dollars, rounded to a tenth of a month."""
    months = cash / net
    assert same(round_to(months, 1), round(months, 1))
