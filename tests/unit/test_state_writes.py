"""Only the engine changes a game's state: the screens, the tools and the tests go through its
calls (``Game``'s own, and ``game.engine.hand`` for changes made by hand).

The check reads the syntax tree of every module under game/ and tests/ and finds writes to
``<anything>.state.<field>`` and ``<anything>.s[...]`` (the state's stats): assignment,
augmented assignment, ``del``, and calls of a mutating method such as ``.append`` or ``.add``.
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
ENGINE = ROOT / "game" / "engine"
MUTATORS = frozenset({"add", "append", "clear", "difference_update", "discard", "extend",
                      "insert", "intersection_update", "pop", "popitem", "remove", "setdefault",
                      "symmetric_difference_update", "update", "sort", "reverse"})


def _reaches_state(node: ast.expr) -> bool:
    """Whether ``node`` is (part of) a field of a game's state: ``x.state.f``, ``x.state.f[k]``,
    ``x.state.f.g``, or the stats ``x.s[k]`` / ``x.state.stats[k]``."""
    while isinstance(node, ast.Attribute | ast.Subscript):
        inner = node.value
        if isinstance(node, ast.Subscript) and isinstance(inner, ast.Attribute) \
                and inner.attr == "s":
            return True
        if isinstance(inner, ast.Attribute) and inner.attr == "state":
            return True
        node = inner
    return False


def _targets(node: ast.AST) -> list[ast.expr]:
    if isinstance(node, ast.Assign):
        targets = list(node.targets)
    elif isinstance(node, ast.AugAssign | ast.AnnAssign):
        targets = [node.target]
    elif isinstance(node, ast.Delete):
        targets = list(node.targets)
    else:
        return []
    flat: list[ast.expr] = []
    while targets:
        target = targets.pop()
        if isinstance(target, ast.Tuple | ast.List):
            targets.extend(target.elts)
        elif isinstance(target, ast.Starred):
            targets.append(target.value)
        else:
            flat.append(target)
    return flat


def state_writes(source: str) -> list[int]:
    """The line numbers of every write to a game's state in ``source``."""
    lines = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.stmt) and any(_reaches_state(t) for t in _targets(node)):
            lines.append(node.lineno)
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) \
                and node.func.attr in MUTATORS and _reaches_state(node.func.value):
            lines.append(node.lineno)
    return sorted(lines)


def test_the_check_finds_every_kind_of_write() -> None:
    source = """
game.state.phase = "events"
game.state.pending, game.state.phase = [e], "events"
app.game.state.products["vault"] = live
game.state.run.months_left -= 1
game.s["hype"] = 80
game.state.stats["hype"] = 80
del game.state.fired["x"]
game.state.flags.add("pact")
self.game.state.pending.clear()
phase = game.state.phase
game.state.flags.copy()
game.s.get("hype")
"""
    assert state_writes(source) == [2, 3, 4, 5, 6, 7, 8, 9, 10]


def test_nothing_outside_the_engine_writes_the_state() -> None:
    found = []
    for folder in ("game", "tests"):
        for path in sorted((ROOT / folder).rglob("*.py")):
            if path.is_relative_to(ENGINE):
                continue
            found += [f"{path.relative_to(ROOT)}:{line}"
                      for line in state_writes(path.read_text(encoding="utf-8"))]
    assert not found, "the state is written outside the engine (use its calls): " + \
        ", ".join(found)
