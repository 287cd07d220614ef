"""Confidence intervals for shares of games, for lecture slides and sweeps."""

from __future__ import annotations

import math


def wilson_interval(successes: int, n: int, z: float = 1.96) -> tuple[float, float]:
    """The Wilson score interval for a share of ``successes`` out of ``n`` games.

    With the default ``z`` it is the 95% interval. Unlike the textbook ``p ± z·se`` it stays
    inside 0..1 and is honest for small samples and for shares near 0% or 100%. With no
    games at all nothing is known, so the interval is the whole range ``(0.0, 1.0)``.
    """
    if n < 0 or successes < 0 or successes > n:
        raise ValueError(f"need 0 <= successes <= n, not {successes} of {n}")
    if n == 0:
        return (0.0, 1.0)
    p = successes / n
    z2 = z * z
    denominator = 1 + z2 / n
    centre = (p + z2 / (2 * n)) / denominator
    half = z * math.sqrt(p * (1 - p) / n + z2 / (4 * n * n)) / denominator
    low, high = centre - half, centre + half
    # exact at the ends: 0 successes has a lower bound of 0, all successes an upper of 1
    if successes == 0:
        low = 0.0
    if successes == n:
        high = 1.0
    return (max(0.0, low), min(1.0, high))
