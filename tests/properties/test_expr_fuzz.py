"""The expression compiler, given any text, compiles it or raises its own error."""

from __future__ import annotations

from types import SimpleNamespace

from hypothesis import given
from hypothesis import strategies as st

from game.engine.expr import ExprError, Namespace, compile_expr

SPACE = Namespace(stats=frozenset({"cash", "hype", "month"}), domains=frozenset({"code"}),
                  products=frozenset({"pocket"}), rivals=frozenset({"brise"}))
GAME = SimpleNamespace(flags=set(), cap={"code": 1.0}, frontier={"code": 2.0},
                       open_best={"code": 3.0}, products=set(), rival_active=lambda r: True)
STATS = {"cash": 5.0, "hype": 0.0, "month": 3.0}

PIECES = ["cash", "hype", "month", "1", "2.5", "0", "(", ")", "+", "-", "*", "/", "<", ">=",
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
