"""Setting ``rules.toml`` values from outside the pack, for what-if runs.

A value is named by its dotted path in the file (``costs.cost_growth_per_year``,
``training.sizes.large.units``, ``release.open_code.community``). Only a value the file
holds can be set, and only to a value of the same kind: a whole number stays whole, a
decimal takes a whole or decimal number, true/false stays true/false, text stays text.
"""

from __future__ import annotations

import copy
import math
from collections.abc import Iterator, Mapping
from typing import Any

from game.engine.expr import suggest


class OverrideError(ValueError):
    """A path the rules do not have, or a value of the wrong kind."""


def leaf_paths(data: Mapping[str, Any], prefix: str = "") -> Iterator[tuple[str, Any]]:
    """Every settable value of a rules table: (dotted path, value), in file order."""
    for key, value in data.items():
        path = f"{prefix}{key}"
        if isinstance(value, Mapping):
            yield from leaf_paths(value, path + ".")
        else:
            yield path, value


def _kind(value: object) -> str:
    if isinstance(value, bool):
        return "true or false"
    if isinstance(value, int):
        return "a whole number"
    if isinstance(value, float):
        return "a number"
    if isinstance(value, str):
        return "text"
    if isinstance(value, list):
        return "a list"
    return type(value).__name__


def parse_value(path: str, text: str, current: object) -> object:
    """``text`` as a value of the kind ``current`` is, or :class:`OverrideError`."""
    text = text.strip()
    if isinstance(current, bool):
        if text.lower() in ("true", "false"):
            return text.lower() == "true"
    elif isinstance(current, int):
        try:
            return int(text)
        except ValueError:
            pass
    elif isinstance(current, float):
        try:
            number = float(text)
        except ValueError:
            number = math.nan
        if math.isfinite(number):
            return number
    elif isinstance(current, str):
        return text
    else:
        raise OverrideError(f"{path} is {_kind(current)}, which --set cannot change")
    raise OverrideError(f"{path} is {_kind(current)} (now {show(current)}), not {text!r}")


def show(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return repr(value) if isinstance(value, str) else f"{value}"


def check_path(path: str, rules: Mapping[str, Any]) -> object:
    """The current value at ``path``, or :class:`OverrideError` naming the valid paths."""
    paths = dict(leaf_paths(rules))
    if path in paths:
        return paths[path]
    tables = sorted({p.rsplit(".", 1)[0] for p in paths if "." in p})
    if path in tables:
        inside = [p for p in paths if p.startswith(path + ".")]
        raise OverrideError(f"{path} is a table; set one of its values: {', '.join(inside)}")
    head = path.split(".", 1)[0]
    near = [p for p in paths if p.startswith(head + ".")]
    if near:
        raise OverrideError(f"rules.toml has no value {path!r}{suggest(path, paths)}; "
                            f"valid paths under {head}: {', '.join(near)}")
    top = list(dict.fromkeys(p.split(".", 1)[0] for p in paths))
    raise OverrideError(f"rules.toml has no value {path!r}{suggest(path, paths)}; its tables "
                        f"are {', '.join(top)} (--set TABLE= lists the values of one)")


def apply(data: dict[str, Any], overrides: Mapping[str, object]) -> dict[str, Any]:
    """A copy of the rules table ``data`` with each dotted path set to its value."""
    if not overrides:
        return data
    result = copy.deepcopy(data)
    for path, value in overrides.items():
        table = result
        *parents, last = path.split(".")
        for part in parents:
            table = table[part]
        table[last] = value
    return result
