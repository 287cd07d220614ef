"""The expression language: what compiles, what it computes, and the errors authors see."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from game.engine.expr import MAX_DEPTH, MAX_LENGTH, ExprError, Namespace, compile_expr

SPACE = Namespace(stats=frozenset({"cash", "reputation", "hype", "burn"}),
                  domains=frozenset({"code", "chat"}), products=frozenset({"pocket"}),
                  rivals=frozenset({"brise"}))
GAME = SimpleNamespace(
    flags={"lawsuit_filed"}, cap={"code": 70.0, "chat": 50.0},
    frontier={"code": 65.0, "chat": 60.0}, open_best={"code": 60.0, "chat": 55.0},
    products={"pocket"}, rival_active=lambda r: r == "brise")
STATS = {"cash": 1000.0, "reputation": 42.0, "hype": 10.0, "burn": 0.0}


@pytest.mark.parametrize(("source", "value"), [
    ("cash > 500 and reputation >= 42", True),
    ("not (hype < 5) or cash < 0", True),
    ("cash / burn", 0.0),
    ("-cash + 2 * 3", -994.0),
    ('flag("lawsuit_filed") and not flag("other")', True),
    ('lead("code")', 5.0),
    ('cap("chat") - frontier("chat")', -10.0),
    ('product("pocket") and rival("brise")', True),
    ('product("pocket") == 1', True),
    ("clamp(cash, 0, 100) + max(1, 2) + min(1, 2) + abs(-3) + round(2.6)", 109.0),
    ("true == false", False),
])
def test_expressions_compute_what_they_say(source: str, value: object) -> None:
    assert compile_expr(source, SPACE)(STATS, GAME) == value


@pytest.mark.parametrize(("source", "message", "column"), [
    ("reputaton > 5", "unknown stat 'reputaton' — did you mean 'reputation'?", 1),
    ("cash > 5 and hyp < 3", "unknown stat 'hyp' — did you mean 'hype'?", 14),
    ('cap("cod") > 1', "unknown domain 'cod' — did you mean 'code'?", 5),
    ("maxx(1, 2)", "unknown function 'maxx' — did you mean 'max'?", 1),
    ("cash.real", "unexpected character '.'", 5),
    ("__import__('os')", "unknown function '__import__'", 1),
    ("1 < cash < 3", "comparisons cannot be chained; join them with 'and'", 10),
    ("cash and true", "'and' needs a condition (true/false)", 1),
    ("cash >", "expression ends too early", 7),
    ("'text'", "text in quotes is only allowed as a function argument", 1),
    ("flag(x)", 'flag() needs a quoted flag id, like flag("x")', 6),
    ("min(1)", "expected ',' but found ')'", 6),
])
def test_bad_expressions_name_the_problem_and_column(source: str, message: str,
                                                      column: int) -> None:
    with pytest.raises(ExprError) as caught:
        compile_expr(source, SPACE)
    assert caught.value.message == message
    assert caught.value.column == column


def test_limits_on_length_and_nesting() -> None:
    with pytest.raises(ExprError, match="longer than"):
        compile_expr("1 + " * (MAX_LENGTH // 4) + "1", SPACE)
    with pytest.raises(ExprError, match="nested deeper"):
        compile_expr("(" * (MAX_DEPTH + 1) + "1" + ")" * (MAX_DEPTH + 1), SPACE)


def test_condition_or_number_is_enforced() -> None:
    with pytest.raises(ExprError, match="must be a condition"):
        compile_expr("cash + 1", SPACE, "bool")
    with pytest.raises(ExprError, match="must be a number"):
        compile_expr("cash > 1", SPACE, "num")


def test_compiled_expression_records_what_it_reads() -> None:
    expr = compile_expr('cash > 1 and flag("x") and hype < 3', SPACE)
    assert expr.names == {"cash", "hype"}
    assert expr.flags == {"x"}
