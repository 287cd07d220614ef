"""Only the engine changes a game's state: the screens, the tools and the tests go through its
calls (``Game``'s own, and ``game.engine.hand`` for changes made by hand).

The check reads the syntax tree of every module under game/ and tests/ and finds writes to
``<anything>.state.<field>`` and ``<anything>.s[...]`` (the state's stats), directly or
through a local name bound to them (``s = game.s``): assignment, augmented assignment,
``del``, and calls of a mutating method such as ``.append`` or ``.add``.
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


def _is_state(node: ast.expr) -> bool:
    """``x.state``, ``x.s`` or a part of them (``x.state.products[k]``): what a local name
    bound to it writes through."""
    return _reaches_state(node) or (isinstance(node, ast.Attribute)
                                    and node.attr in ("state", "s"))


def _aliases(tree: ast.AST) -> set[str]:
    """Local names bound to a game's state or a part of it: ``s = game.s``,
    ``state = game.state``, ``live = game.state.products[k]``."""
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign) and _is_state(node.value):
            names.update(t.id for t in node.targets if isinstance(t, ast.Name))
    return names


def _through_alias(node: ast.expr, aliases: set[str]) -> bool:
    if not isinstance(node, ast.Attribute | ast.Subscript):
        return False
    while isinstance(node, ast.Attribute | ast.Subscript):
        node = node.value
    return isinstance(node, ast.Name) and node.id in aliases


def _writes(scope: ast.AST, aliases: set[str]) -> set[int]:
    def written(target: ast.expr) -> bool:
        return _reaches_state(target) or _through_alias(target, aliases)

    lines = set()
    for node in ast.walk(scope):
        if isinstance(node, ast.stmt) and any(written(t) for t in _targets(node)):
            lines.add(node.lineno)
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) \
                and node.func.attr in MUTATORS:
            changed = node.func.value
            if written(changed) or _is_state(changed) or (
                    isinstance(changed, ast.Name) and changed.id in aliases):
                lines.add(node.lineno)
    return lines


def state_writes(source: str) -> list[int]:
    """The line numbers of every write to a game's state in ``source``; a local name bound
    to the state counts within its own function (or the module's top level)."""
    tree = ast.parse(source)
    top = ast.Module(body=[n for n in tree.body if not isinstance(
        n, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef)], type_ignores=[])
    scopes: list[ast.AST] = [top, *(n for n in ast.walk(tree) if isinstance(
        n, ast.FunctionDef | ast.AsyncFunctionDef))]
    lines = _writes(tree, set())
    for scope in scopes:
        lines |= _writes(scope, _aliases(scope))
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
s = game.s
s["hype"] = 0
live = game.state.products["vault"]
live.adoption = 0.5
flags = game.state.flags
flags.add("pact")
s.update(hype=1)
copy = dict(game.s)
copy["hype"] = 1
"""
    assert state_writes(source) == [2, 3, 4, 5, 6, 7, 8, 9, 10, 15, 17, 19, 20]


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
