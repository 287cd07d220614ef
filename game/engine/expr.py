"""A small, safe expression language for content conditions and computed effects.

Pack authors write expressions such as ``cash > 2000 and flag("lawsuit_filed")`` or
``max(valuation * 0.4, 20000)``. They are tokenised and parsed by hand here, checked against
the names the game knows, and turned into Python source built only from this module's own
syntax tree — never from the author's text — so nothing but arithmetic, comparisons and the
listed functions can run.
"""

from __future__ import annotations

import difflib
import math
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from game.engine.numbers import LIMIT

MAX_LENGTH = 400
"""Longest expression accepted, in characters."""
MAX_TOKENS = 200
"""Most tokens in one expression."""
MAX_DEPTH = 20
"""Deepest nesting of parentheses, calls and operators."""

ID_ARGUMENT = re.compile(r"[A-Za-z0-9_.:-]{1,64}\Z")
INF = math.inf


class ExprError(ValueError):
    """An expression that cannot be compiled; ``column`` is 1-based within the expression."""

    def __init__(self, message: str, column: int = 0) -> None:
        super().__init__(message)
        self.message = message
        self.column = column

    def __str__(self) -> str:
        if self.column:
            return f"{self.message} (column {self.column})"
        return self.message


@dataclass(frozen=True)
class Namespace:
    """The names an expression may use.

    Attributes:
        stats: stat names readable in expressions.
        domains: scorecard domain ids accepted by ``cap()``, ``frontier()`` and friends.
        products: product ids accepted by ``product()``.
        rivals: rival ids accepted by ``rival()``.
    """

    stats: frozenset[str]
    domains: frozenset[str] = frozenset()
    products: frozenset[str] = frozenset()
    rivals: frozenset[str] = frozenset()
    events: frozenset[str] = frozenset()
    """Event ids accepted by ``fired()`` (empty: any id is accepted)."""
    ranges: Mapping[str, tuple[float, float]] = field(default_factory=dict)
    """The values each stat can take, for finding conditions that can never hold."""


# name -> (argument kinds, result kind, description). Kinds: "num", "bool", or an id set name.
FUNCTIONS: dict[str, tuple[tuple[str, ...], str, str]] = {
    "flag": (("flag",), "bool", "true when the named flag is set"),
    "cap": (("domain",), "num", "your best model's capability in a domain (0-100)"),
    "frontier": (("domain",), "num", "the closed labs' frontier in a domain (0-100)"),
    "open_best": (("domain",), "num", "the best open rival model in a domain (0-100)"),
    "lead": (("domain",), "num", "cap minus the better of frontier and open_best"),
    "product": (("product",), "bool", "true while the named product is live"),
    "rival": (("rival",), "bool", "true while the named rival is still in the market"),
    "fired": (("event",), "num", "how many times the named event has happened in this game; "
              "in that event's own text it counts the time being shown (`fired(\"x\") >= 2` "
              "is a repeat). Name another pack's event `pack:id`"),
    "min": (("num", "num"), "num", "the smaller of two numbers"),
    "max": (("num", "num"), "num", "the larger of two numbers"),
    "abs": (("num",), "num", "the absolute value"),
    "clamp": (("num", "num", "num"), "num", "clamp(x, lo, hi) keeps x between lo and hi"),
    "round": (("num",), "num", "the nearest whole number"),
}

_TOKEN = re.compile(
    r"""(?P<ws>\s+)
      | (?P<num>\d+(?:\.\d+)?|\.\d+)
      | (?P<name>[A-Za-z_][A-Za-z0-9_]*)
      | (?P<str>"[^"\\\n]*"|'[^'\\\n]*')
      | (?P<op><=|>=|==|!=|<|>|\+|-|\*|/|\(|\)|,)
    """,
    re.VERBOSE,
)
_KEYWORDS = {"and", "or", "not", "true", "false"}
_COMPARISONS = {"<", "<=", ">", ">=", "==", "!="}


@dataclass(frozen=True)
class _Token:
    kind: str
    text: str
    column: int


def _tokenize(source: str) -> list[_Token]:
    tokens: list[_Token] = []
    pos = 0
    while pos < len(source):
        match = _TOKEN.match(source, pos)
        if match is None:
            raise ExprError(f"unexpected character {source[pos]!r}", pos + 1)
        kind = match.lastgroup or ""
        if kind != "ws":
            tokens.append(_Token(kind, match.group(), pos + 1))
            if len(tokens) > MAX_TOKENS:
                raise ExprError(f"expression has more than {MAX_TOKENS} tokens", pos + 1)
        pos = match.end()
    tokens.append(_Token("end", "", len(source) + 1))
    return tokens


@dataclass
class _Node:
    """A typed syntax-tree node rendered straight to Python source.

    It also carries what the node can be, for the pack validator: the interval a number
    lies in, or whether a condition can be true and can be false. The estimate is sound
    (it may say "possible" too often, never too rarely).
    """

    code: str
    kind: str  # "num" or "bool"
    column: int
    lo: float = -INF
    hi: float = INF
    can_true: bool = True
    can_false: bool = True


@dataclass
class _Parser:
    tokens: list[_Token]
    space: Namespace
    names: set[str] = field(default_factory=set)
    flags: set[str] = field(default_factory=set)
    pos: int = 0
    depth: int = 0

    def peek(self) -> _Token:
        return self.tokens[self.pos]

    def take(self) -> _Token:
        token = self.tokens[self.pos]
        self.pos += 1
        return token

    def expect(self, text: str) -> _Token:
        token = self.take()
        if token.text != text or token.kind in ("str", "end"):
            found = "the end" if token.kind == "end" else repr(token.text)
            raise ExprError(f"expected {text!r} but found {found}", token.column)
        return token

    def nest(self, column: int) -> None:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise ExprError(f"expression nested deeper than {MAX_DEPTH}", column)

    def parse(self) -> _Node:
        node = self.parse_or()
        token = self.peek()
        if token.kind != "end":
            raise ExprError(f"unexpected {token.text!r}", token.column)
        return node

    def parse_or(self) -> _Node:
        return self._logical("or", self.parse_and)

    def parse_and(self) -> _Node:
        return self._logical("and", self.parse_not)

    def _logical(self, word: str, operand: Callable[[], _Node]) -> _Node:
        left = operand()
        while self.peek().kind == "name" and self.peek().text == word:
            token = self.take()
            self.nest(token.column)
            right = operand()
            self.depth -= 1
            _need(left, "bool", word)
            _need(right, "bool", word)
            if word == "and":
                can_true = left.can_true and right.can_true
                can_false = left.can_false or right.can_false
            else:
                can_true = left.can_true or right.can_true
                can_false = left.can_false and right.can_false
            left = _Node(f"({left.code} {word} {right.code})", "bool", left.column,
                         can_true=can_true, can_false=can_false)
        return left

    def parse_not(self) -> _Node:
        token = self.peek()
        if token.kind == "name" and token.text == "not":
            self.take()
            self.nest(token.column)
            inner = self.parse_not()
            self.depth -= 1
            _need(inner, "bool", "not")
            return _Node(f"(not {inner.code})", "bool", token.column,
                         can_true=inner.can_false, can_false=inner.can_true)
        return self.parse_comparison()

    def parse_comparison(self) -> _Node:
        left = self.parse_sum()
        token = self.peek()
        if token.kind == "op" and token.text in _COMPARISONS:
            self.take()
            right = self.parse_sum()
            if "bool" in (left.kind, right.kind) and token.text not in ("==", "!="):
                raise ExprError(f"{token.text!r} needs two numbers", token.column)
            after = self.peek()
            if after.kind == "op" and after.text in _COMPARISONS:
                raise ExprError("comparisons cannot be chained; join them with 'and'",
                                after.column)
            can_true, can_false = _compare(left, token.text, right)
            return _Node(f"({left.code} {token.text} {right.code})", "bool", left.column,
                         can_true=can_true, can_false=can_false)
        return left

    def parse_sum(self) -> _Node:
        left = self.parse_product()
        while self.peek().kind == "op" and self.peek().text in "+-":
            token = self.take()
            self.nest(token.column)
            right = self.parse_product()
            self.depth -= 1
            _need(left, "num", token.text)
            _need(right, "num", token.text)
            if token.text == "+":
                lo, hi = _add(left.lo, right.lo), _add(left.hi, right.hi)
            else:
                lo, hi = _add(left.lo, -right.hi), _add(left.hi, -right.lo)
            left = _Node(f"({left.code} {token.text} {right.code})", "num", left.column,
                         lo, hi)
        return left

    def parse_product(self) -> _Node:
        left = self.parse_unary()
        while self.peek().kind == "op" and self.peek().text in "*/":
            token = self.take()
            self.nest(token.column)
            right = self.parse_unary()
            self.depth -= 1
            _need(left, "num", token.text)
            _need(right, "num", token.text)
            if token.text == "/":
                lo, hi = _divide(left, right)
                left = _Node(f"_div({left.code}, {right.code})", "num", left.column, lo, hi)
            else:
                lo, hi = _multiply(left, right)
                left = _Node(f"({left.code} * {right.code})", "num", left.column, lo, hi)
        return left

    def parse_unary(self) -> _Node:
        token = self.peek()
        if token.kind == "op" and token.text == "-":
            self.take()
            self.nest(token.column)
            inner = self.parse_unary()
            self.depth -= 1
            _need(inner, "num", "-")
            return _Node(f"(-{inner.code})", "num", token.column, -inner.hi, -inner.lo)
        return self.parse_atom()

    def parse_atom(self) -> _Node:
        token = self.take()
        if token.kind == "num":
            value = float(token.text)
            if not value <= LIMIT:
                raise ExprError(f"{token.text[:24]} is larger than any number a pack may hold "
                                f"({LIMIT:g})", token.column)
            return _Node(repr(value), "num", token.column, value, value)
        if token.kind == "op" and token.text == "(":
            self.nest(token.column)
            inner = self.parse_or()
            self.depth -= 1
            self.expect(")")
            return inner
        if token.kind == "name":
            if token.text in ("true", "false"):
                truth = token.text == "true"
                return _Node(str(truth), "bool", token.column, can_true=truth,
                             can_false=not truth)
            if token.text in _KEYWORDS:
                raise ExprError(f"{token.text!r} needs something before it", token.column)
            if self.peek().kind == "op" and self.peek().text == "(":
                return self.parse_call(token)
            return self.parse_name(token)
        if token.kind == "str":
            raise ExprError("text in quotes is only allowed as a function argument",
                            token.column)
        if token.kind == "end":
            raise ExprError("expression ends too early", token.column)
        raise ExprError(f"unexpected {token.text!r}", token.column)

    def parse_name(self, token: _Token) -> _Node:
        if token.text not in self.space.stats:
            hint = _suggest(token.text, self.space.stats)
            raise ExprError(f"unknown stat {token.text!r}{hint}", token.column)
        self.names.add(token.text)
        lo, hi = self.space.ranges.get(token.text, (-INF, INF))
        return _Node(f"s[{token.text!r}]", "num", token.column, lo, hi)

    def parse_call(self, name: _Token) -> _Node:
        spec = FUNCTIONS.get(name.text)
        if spec is None:
            hint = _suggest(name.text, FUNCTIONS)
            raise ExprError(f"unknown function {name.text!r}{hint}", name.column)
        kinds, result, _ = spec
        self.nest(name.column)
        self.expect("(")
        args: list[str] = []
        numbers: list[_Node] = []
        for index, kind in enumerate(kinds):
            if index:
                self.expect(",")
            args.append(self.parse_argument(name.text, kind, numbers))
        closing = self.peek()
        if closing.text == ",":
            raise ExprError(f"{name.text}() takes {len(kinds)} argument(s)", closing.column)
        self.expect(")")
        self.depth -= 1
        lo, hi = _function_range(name.text, numbers)
        return _Node(f"_{name.text}(s, g, {', '.join(args)})", result, name.column, lo, hi)

    def parse_argument(self, function: str, kind: str, numbers: list[_Node]) -> str:
        if kind == "num":
            node = self.parse_or()
            _need(node, "num", function + "()")
            numbers.append(node)
            return node.code
        token = self.take()
        if token.kind != "str":
            raise ExprError(f'{function}() needs a quoted {kind} id, like {function}("x")',
                            token.column)
        value = token.text[1:-1]
        if not ID_ARGUMENT.match(value):
            raise ExprError(f"{value!r} is not a valid {kind} id", token.column)
        known = {
            "domain": self.space.domains,
            "product": self.space.products,
            "rival": self.space.rivals,
            "event": self.space.events or None,
        }.get(kind)
        if known is not None and value not in known:
            raise ExprError(f"unknown {kind} {value!r}{_suggest(value, known)}", token.column)
        if kind == "flag":
            self.flags.add(value)
        return repr(value)


def _add(a: float, b: float) -> float:
    total = a + b
    return 0.0 if math.isnan(total) else total  # inf - inf: no information, but not NaN


def _times(a: float, b: float) -> float:
    return 0.0 if a == 0 or b == 0 else a * b


def _multiply(a: _Node, b: _Node) -> tuple[float, float]:
    corners = [_times(x, y) for x in (a.lo, a.hi) for y in (b.lo, b.hi)]
    return min(corners), max(corners)


def _divide(a: _Node, b: _Node) -> tuple[float, float]:
    if b.lo <= 0 <= b.hi:  # division by zero gives 0; anything else is possible
        return -INF, INF
    corners = [x / y if not (math.isinf(x) and math.isinf(y)) else 0.0
               for x in (a.lo, a.hi) for y in (b.lo, b.hi)]
    if math.isinf(b.lo) or math.isinf(b.hi):  # x / inf tends to 0 from either side
        corners.append(0.0)
    return min(corners), max(corners)


def _compare(a: _Node, op: str, b: _Node) -> tuple[bool, bool]:
    """Whether ``a op b`` can be true, and whether it can be false."""
    if a.kind == "bool" or b.kind == "bool":
        return True, True
    if op == "<":
        return a.lo < b.hi, a.hi >= b.lo
    if op == "<=":
        return a.lo <= b.hi, a.hi > b.lo
    if op == ">":
        return a.hi > b.lo, a.lo <= b.hi
    if op == ">=":
        return a.hi >= b.lo, a.lo < b.hi
    overlap = a.lo <= b.hi and b.lo <= a.hi
    single = a.lo == a.hi == b.lo == b.hi
    return (overlap, not single) if op == "==" else (not single, overlap)


def _function_range(name: str, args: list[_Node]) -> tuple[float, float]:
    if name in ("cap", "frontier", "open_best"):
        return 0.0, 100.0
    if name == "lead":
        return -100.0, 100.0
    if name == "fired":
        return 0.0, INF
    if name == "min":
        return min(args[0].lo, args[1].lo), min(args[0].hi, args[1].hi)
    if name == "max":
        return max(args[0].lo, args[1].lo), max(args[0].hi, args[1].hi)
    if name == "abs":
        a = args[0]
        low = 0.0 if a.lo <= 0 <= a.hi else min(abs(a.lo), abs(a.hi))
        return low, max(abs(a.lo), abs(a.hi))
    if name == "clamp":
        x, floor, ceiling = args
        return min(max(x.lo, floor.lo), ceiling.hi), max(min(x.hi, ceiling.hi), floor.lo)
    if name == "round":
        a = args[0]
        return (math.floor(a.lo) if math.isfinite(a.lo) else a.lo,
                math.ceil(a.hi) if math.isfinite(a.hi) else a.hi)
    return -INF, INF


def _need(node: _Node, kind: str, where: str) -> None:
    if node.kind != kind:
        wanted = "a number" if kind == "num" else "a condition (true/false)"
        raise ExprError(f"{where!r} needs {wanted}", node.column)


def _suggest(word: str, choices: Iterable[str]) -> str:
    close = difflib.get_close_matches(word, sorted(choices), n=1, cutoff=0.6)
    return f" — did you mean {close[0]!r}?" if close else ""


def suggest(word: str, choices: Iterable[str]) -> str:
    """A ``" — did you mean 'x'?"`` hint for a misspelled name, or an empty string."""
    return _suggest(word, choices)


StatReader = Mapping[str, float]


def _div(a: float, b: float) -> float:
    return a / b if b else 0.0


def _clamp(s: Any, g: Any, x: float, lo: float, hi: float) -> float:
    return min(max(x, lo), hi)


_HELPERS: dict[str, Any] = {
    "_div": _div,
    "_flag": lambda s, g, name: name in g.flags,
    "_cap": lambda s, g, d: g.cap[d],
    "_frontier": lambda s, g, d: g.frontier[d],
    "_open_best": lambda s, g, d: g.open_best[d],
    "_lead": lambda s, g, d: g.cap[d] - max(g.frontier[d], g.open_best[d]),
    "_product": lambda s, g, p: p in g.products,
    "_rival": lambda s, g, r: g.rival_active(r),
    "_fired": lambda s, g, e: float(g.fire_counts.get(e, 0)),
    "_min": lambda s, g, a, b: min(a, b),
    "_max": lambda s, g, a, b: max(a, b),
    "_abs": lambda s, g, a: abs(a),
    "_clamp": _clamp,
    "_round": lambda s, g, a: float(round(a)) if -1e300 < a < 1e300 else 0.0,
}


@dataclass(frozen=True)
class Expr:
    """A compiled expression.

    Attributes:
        source: the text as the author wrote it.
        kind: ``"bool"`` for a condition, ``"num"`` for a computed value.
        names: stats the expression reads.
        flags: flags it tests with ``flag()``.
    """

    source: str
    kind: str
    names: frozenset[str]
    flags: frozenset[str]
    function: Callable[[StatReader, Any], Any] = field(repr=False, compare=False)
    can_true: bool = True
    """For a condition: whether it can ever hold, given the stats' ranges."""
    can_false: bool = True
    low: float = -INF
    """For a number: the least and greatest value it can take."""
    high: float = INF

    def __call__(self, stats: StatReader, game: Any) -> Any:
        """Evaluate against a stat mapping and the game state (for flags, domains, rivals)."""
        return self.function(stats, game)


def compile_expr(source: object, space: Namespace, want: str | None = None) -> Expr:
    """Compile an expression, raising :class:`ExprError` for anything not allowed.

    Args:
        source: the expression text.
        space: the names the expression may use.
        want: ``"bool"`` for a condition, ``"num"`` for a value, ``None`` for either.
    """
    if not isinstance(source, str):
        raise ExprError("an expression must be text")
    if len(source) > MAX_LENGTH:
        raise ExprError(f"expression is longer than {MAX_LENGTH} characters")
    if not source.strip():
        raise ExprError("expression is empty")
    parser = _Parser(_tokenize(source), space)
    node = parser.parse()
    if want is not None and node.kind != want:
        wanted = "a number" if want == "num" else "a condition (true or false)"
        raise ExprError(f"this must be {wanted}", 1)
    code = compile(f"lambda s, g: {node.code}", "<expression>", "eval")
    function = eval(code, {"__builtins__": {}, **_HELPERS})  # noqa: S307 - own AST only
    return Expr(source, node.kind, frozenset(parser.names), frozenset(parser.flags), function,
                node.can_true, node.can_false, node.lo, node.hi)
