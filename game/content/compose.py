"""Packs that compose: version ranges, load order and qualified event ids.

The base pack loads first. Other packs follow in dependency order (a pack after the packs it
requires), ties broken by id. A base event keeps its plain id (``lm_acq_acquihire``); an
event of another pack is known everywhere as ``pack:id``. Inside a pack, a reference
without a colon means that pack's own event.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

BASE = "base"
"""The id of the pack that defines the world; its event ids carry no prefix."""

_CLAUSE = re.compile(r"^\s*(>=|<=|==|!=|>|<|~=)?\s*(\d+(?:\.\d+){0,2})\s*$")


class VersionRangeError(ValueError):
    """A version range that cannot be read."""


def version_tuple(text: str) -> tuple[int, int, int]:
    parts = [int(p) for p in text.split(".")]
    while len(parts) < 3:
        parts.append(0)
    return parts[0], parts[1], parts[2]


def satisfies(version: str, spec: str) -> bool:
    """Whether ``version`` (``1.2.0``) meets ``spec`` (``>=1.0,<2``; empty means any)."""
    have = version_tuple(version)
    for clause in filter(None, (c.strip() for c in spec.split(","))):
        match = _CLAUSE.match(clause)
        if match is None:
            raise VersionRangeError(f"cannot read version range {clause!r}; "
                                    "write it like '>=1.0,<2'")
        op, want = match[1] or "==", version_tuple(match[2])
        ok = {">=": have >= want, "<=": have <= want, ">": have > want, "<": have < want,
              "==": have == want, "!=": have != want,
              "~=": have >= want and have[0] == want[0]}[op]
        if not ok:
            return False
    return True


def qualify(pack: str, name: str) -> str:
    """The id everyone uses for ``name`` written inside ``pack``."""
    if ":" in name:
        owner, _, local = name.partition(":")
        return local if owner == BASE else name
    return name if pack == BASE else f"{pack}:{name}"


def load_order(requires: Mapping[str, Mapping[str, str]]) -> tuple[list[str], list[str]]:
    """Pack ids in load order, and any packs caught in a cycle of requirements."""
    order: list[str] = [BASE] if BASE in requires else []
    placed = set(order)
    remaining = sorted(p for p in requires if p not in placed)
    while remaining:
        ready = [p for p in remaining
                 if all(dep in placed or dep not in requires for dep in requires[p])]
        if not ready:
            return order, remaining
        for pack in ready:
            order.append(pack)
            placed.add(pack)
        remaining = [p for p in remaining if p not in placed]
    return order, []
