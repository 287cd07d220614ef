"""Seeded randomness, split into independent streams.

Every random draw in the game comes from a stream named by what it is for (``"world"``,
``"events"``, a rival's id …) and the month, mixed with the game's seed by BLAKE2b. A stream
is a SplitMix64 counter, so drawing is cheap and two streams never disturb each other: adding
an event to a pack does not change how the rivals behave. The global ``random`` module and
``hash()`` are never used.
"""

from __future__ import annotations

import hashlib
from array import array

_MASK = (1 << 64) - 1
_GOLDEN = 0x9E3779B97F4A7C15
_UNIT = 1.0 / (1 << 53)


def mix64(value: int) -> int:
    """SplitMix64's finaliser: a well-spread 64-bit number from any 64-bit number."""
    value = (value ^ (value >> 30)) * 0xBF58476D1CE4E5B9 & _MASK
    value = (value ^ (value >> 27)) * 0x94D049BB133111EB & _MASK
    return value ^ (value >> 31)


def derive(seed: int, *parts: str | int) -> int:
    """A 64-bit key from the seed and a stream's name parts: BLAKE2b of their text joined
    by ``\x1f`` (several a month, so the text is put together in the fewest steps)."""
    text = str(seed)
    for part in parts:
        text += f"\x1f{part}"
    return int.from_bytes(hashlib.blake2b(text.encode(), digest_size=8).digest(), "little")


class Stream:
    """A sequence of random numbers from one 64-bit key."""

    __slots__ = ("_state",)

    def __init__(self, key: int) -> None:
        self._state = key & _MASK

    def next64(self) -> int:
        """The next raw 64-bit value (:func:`mix64` of the advanced counter, written out)."""
        value = self._state = (self._state + _GOLDEN) & _MASK
        value = (value ^ (value >> 30)) * 0xBF58476D1CE4E5B9 & _MASK
        value = (value ^ (value >> 27)) * 0x94D049BB133111EB & _MASK
        return value ^ (value >> 31)

    def random(self) -> float:
        """A float in [0, 1)."""
        return (self.next64() >> 11) * _UNIT

    def uniform(self, low: float, high: float) -> float:
        """A float in [low, high) (``random()`` written out: it runs every month)."""
        return low + (high - low) * ((self.next64() >> 11) * _UNIT)

    def randint(self, low: int, high: int) -> int:
        """An integer in [low, high], both ends included."""
        return low + self.next64() % (high - low + 1)

    def chance(self, probability: float) -> bool:
        """True with the given probability (``random()`` written out, as in ``uniform``)."""
        return (self.next64() >> 11) * _UNIT < probability


def spread(key: int, count: int) -> list[float]:
    """``count`` values in [-1, 1) from one key, in one hash call (for per-domain noise)."""
    if count <= 0:
        return []
    digest = hashlib.blake2b(key.to_bytes(8, "little"), digest_size=min(64, 2 * count)).digest()
    while len(digest) < 2 * count:
        digest += hashlib.blake2b(digest, digest_size=64).digest()
    values = memoryview(digest[: 2 * count]).cast("H")
    return [v / 32768.0 - 1.0 for v in values]


def month_words(key: int, count: int) -> array[int]:
    """``count`` random 32-bit words from one key in a single hash call (SHAKE-128).

    Used for the month's event draws: one word per drawable event, in pack order; an event
    fires when its word is below its threshold, ``chance * 2**32``.
    """
    return array("I", hashlib.shake_128(key.to_bytes(8, "little")).digest(4 * count))
