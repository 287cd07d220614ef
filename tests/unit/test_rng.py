"""Seeded streams: the same key gives the same numbers; streams do not disturb each other."""

from __future__ import annotations

from game.engine.rng import Stream, derive, month_words, spread


def test_streams_repeat_and_differ() -> None:
    a = [Stream(derive(1, "world", 3)).random() for _ in range(3)]
    b = [Stream(derive(1, "world", 3)).random() for _ in range(3)]
    assert a == b
    assert Stream(derive(1, "world", 3)).next64() != Stream(derive(2, "world", 3)).next64()


def test_known_values_are_stable_across_machines() -> None:
    # BLAKE2b and SplitMix64 are fixed algorithms: these numbers must never change, or every
    # saved seed would replay differently.
    assert derive(42, "events", 1) == int.from_bytes(
        __import__("hashlib").blake2b(b"42\x1fevents\x1f1", digest_size=8).digest(), "little")
    stream = Stream(0)
    assert stream.next64() == 0xE220A8397B1DCDAF


def test_draw_helpers_stay_in_range() -> None:
    stream = Stream(derive(9, "x"))
    for _ in range(1000):
        assert 0 <= stream.random() < 1
        assert 3 <= stream.randint(3, 5) <= 5
    values = spread(123, 40)
    assert len(values) == 40 and all(-1 <= v < 1 for v in values)
    words = month_words(5, 54)
    assert len(words) == 54 and all(0 <= w < 2**32 for w in words)
