"""The expression compiler, given any text, compiles it or raises its own error."""

from __future__ import annotations

from types import SimpleNamespace

from hypothesis import given
from hypothesis import strategies as st

from game.engine.expr import ExprError, Namespace, compile_expr

SPACE = Namespace(stats=frozenset({"cash", "hype", "month"}), domains=frozenset({"code"}),
                  products=frozenset({"pocket"}), rivals=frozenset({"brise"}),
                  ranges={"hype": (0.0, 100.0), "month": (1.0, 120.0)})
GAME = SimpleNamespace(flags=set(), cap={"code": 1.0}, frontier={"code": 2.0},
                       open_best={"code": 3.0}, products=set(), rival_active=lambda r: True)
STATS = {"cash": 5.0, "hype": 0.0, "month": 3.0}

PIECES = ["cash", "hype", "month", "1", "2.5", "0", "(", ")", "+", "-", "*", "/", "<", ">=",
          "round", "abs", "1e308", "99999999999999999999999999", "-",
          "==", "and", "or", "not", "true", ",", "max", "min", "clamp", 'flag("x")',
          'cap("code")', 'lead("code")', "__import__", "os", ".", "[", "'", '"', "lambda",
          "1e9", "**", "_", "open", "exec"]


def check(source: str) -> None:
    try:
        expr = compile_expr(source, SPACE)
    except ExprError:
        return
    value = expr(STATS, GAME)
    assert isinstance(value, (bool, float))


@given(st.text(max_size=120))
def test_any_text_compiles_or_raises_expr_error(source: str) -> None:
    check(source)


@given(st.lists(st.sampled_from(PIECES), max_size=40))
def test_token_soup_compiles_or_raises_expr_error(pieces: list[str]) -> None:
    check(" ".join(pieces))


@given(st.lists(st.sampled_from(PIECES), max_size=30),
       st.floats(-1e6, 1e6), st.floats(0, 100), st.floats(1, 120))
def test_never_true_really_is_never_true(pieces: list[str], cash: float, hype: float,
                                         month: float) -> None:
    """The validator's range analysis never calls a condition impossible that can hold."""
    try:
        expr = compile_expr(" ".join(pieces), SPACE, "bool")
    except ExprError:
        return
    value = expr({"cash": cash, "hype": hype, "month": month}, GAME)
    if value:
        assert expr.can_true
    else:
        assert expr.can_false
