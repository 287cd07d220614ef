"""Decimal rounding that gives exactly what ``round(value, digits)`` gives, faster.

Python's ``round(x, 1)`` is exact: it rounds the float's true binary value, half to even,
by writing out its decimal digits. That is slow, and the engine rounds a few values many times
a month (the runway, capability). Scaling by ``10**digits`` and rounding to a whole number
gives the same answer whenever the scaled value is not within rounding error of a half, which
is almost always; the rare near-ties, and anything unusual (negative, huge, not a number), are
left to ``round`` itself. A property test checks the two agree.
"""

from __future__ import annotations

_SCALES = tuple(10.0 ** digits for digits in range(16))
_ERROR = 2.3e-16
"""A little more than the relative error of one multiplication (2**-53)."""
_WHOLE = 2.0 ** 52
"""At and above this every float is a whole number."""


def round_to(value: float, digits: int) -> float:
    """``round(value, digits)`` for ``0 <= digits < 16``, the same float to the last bit."""
    scale = _SCALES[digits]
    scaled = value * scale
    if 0.0 < scaled < _WHOLE and abs(scaled % 1.0 - 0.5) > scaled * _ERROR:
        return round(scaled) / scale
    return round(value, digits)


LIMIT = 1e12
"""The largest size of any number in a pack or a save: a thousand billion (in $k, a
quadrillion dollars). Larger ones are refused, so that no sum in a month can overflow."""
STATE_LIMIT = 1e18
"""The largest size of any number in the game state. The engine keeps every stat within it
(effects add up over months, so it is wider than :data:`LIMIT`) and a save beyond it is
refused: far from where a float overflows, so every sum and product stays finite."""


def finite(value: float, limit: float = STATE_LIMIT) -> float:
    """``value`` within ``-limit..limit``; 0 for a value that is not a number."""
    if value != value:  # NaN
        return 0.0
    return limit if value > limit else -limit if value < -limit else value
