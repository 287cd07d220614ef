"""A saved state checked as fully as a pack: every value in range, every id known, every
table complete, the phase consistent, the decisions ones the game could have recorded.

The type check (pydantic, in :mod:`game.saves.codec`) says a state has the right shape; this
says it is a game the engine can play on. A state that passes can be played to its end;
the first problem found is raised as a :class:`~game.saves.codec.StateError`, naming where.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

from game.engine.grades import LETTERS
from game.engine.numbers import STATE_LIMIT as LIMIT
from game.engine.stats import STATS
from game.saves.codec import StateError

if TYPE_CHECKING:
    from game.engine.content import Content
    from game.engine.state import GameState

GAME_ID = re.compile(r"^(?:[0-9a-f]{12}|v1-[0-9]{1,20})$")
"""What a game id looks like: twelve hex digits (or ``v1-SEED`` for an upgraded first-format
save). Ids name save files, so nothing else is accepted."""
MAX_NAME = 40
"""The longest company name (the new-game screen allows as many characters)."""
MAX_FOLLOW_UPS = 200
"""Follow-ups waiting at once; the engine never schedules more (see game/engine/events.py)."""
MAX_LIST = 100_000
"""Ledger lines, news items or decisions a save may hold (a long game writes a few thousand)."""
PHASES = ("world", "events", "plan", "over")
FAMILIES = ("bust", "acquisition", "niche_win")
GRADES = LETTERS
RIVAL_STATUS = ("active", "acquired", "bust", "absent")
CHANNELS = ("", "launch", "stunt")
NEWS_KINDS = ("world", "company")


def _fail(where: str, problem: str) -> StateError:
    return StateError(f"the saved game is damaged at {where}: {problem}")


def number(where: str, value: float, low: float = -LIMIT, high: float = LIMIT) -> None:
    """A finite number within ``low``..``high`` (and never beyond :data:`LIMIT`)."""
    if not math.isfinite(value):
        raise _fail(where, f"{value} is not a number the game can use")
    low, high = max(low, -LIMIT), min(high, LIMIT)
    if not low <= value <= high:
        raise _fail(where, f"{value:g} is outside {low:g} to {high:g}")


def _domains(where: str, table: Mapping[str, float], domains: Iterable[str]) -> None:
    expected = set(domains)
    missing = sorted(expected - set(table))
    if missing:
        raise _fail(where, f"the scorecard has no {missing[0]!r}")
    extra = sorted(set(table) - expected)
    if extra:
        raise _fail(where, f"{extra[0]!r} is not on the scorecard of the packs in use")
    for domain, value in table.items():
        number(f"{where}.{domain}", value, 0.0, 100.0)


def _one_of(where: str, value: object, allowed: Iterable[object]) -> None:
    options = tuple(allowed)
    if value not in options:
        shown = ", ".join(repr(o) for o in options[:8])
        raise _fail(where, f"{value!r} is not one of {shown}")


def _month(where: str, value: int, state: GameState, low: int = 1) -> None:
    number(where, value, low, state.horizon)


def check_state(state: GameState, content: Content) -> None:
    """Raise :class:`StateError` at the first thing in ``state`` the game could not play."""
    _identity(state, content)
    _world(state, content)
    _company(state, content)
    _events(state, content)
    _records(state, content)


def _identity(state: GameState, content: Content) -> None:
    if not GAME_ID.match(state.game_id):
        raise _fail("game_id", "not a game id (twelve hex digits)")
    name = state.company
    if not name.strip() or len(name) > MAX_NAME:
        raise _fail("company", f"a company name has 1 to {MAX_NAME} characters")
    if not re.fullmatch(r"[0-9]{4}-(0[1-9]|1[0-2])", state.start):
        raise _fail("start", f"{state.start!r} is not a month (YYYY-MM)")
    number("seed", state.seed, -(2**63), 2**63 - 1)
    number("horizon", state.horizon, 6, 120)
    _month("month", state.month, state)
    _one_of("phase", state.phase, PHASES)
    if (state.phase == "over") != (state.ending is not None):
        raise _fail("phase", f"{state.phase!r} does not fit "
                             + ("a game that has ended" if state.ending else "a game in play"))
    if (state.phase == "events") != bool(state.pending):
        raise _fail("pending", "the events waiting do not fit the phase "
                               f"{state.phase!r}")
    if state.accepted is not None:
        _one_of("accepted", state.accepted, FAMILIES)
        if state.ending is None:
            raise _fail("accepted", "an accepted ending but the game goes on")
    ending = state.ending
    if ending is not None:
        _one_of("ending.family", ending.family, FAMILIES)
        _one_of("ending.grade", ending.grade, GRADES)
        number("ending.score", ending.score, 0, 100)
        _month("ending.month", ending.month, state)


def _world(state: GameState, content: Content) -> None:
    missing = sorted(set(STATS) - set(state.stats))
    if missing:
        raise _fail("stats", f"the stat {missing[0]!r} is missing")
    extra = sorted(set(state.stats) - set(STATS))
    if extra:
        raise _fail("stats", f"{extra[0]!r} is not a stat")
    for name, value in state.stats.items():
        stat = STATS[name]
        low = -LIMIT if stat.low is None else stat.low
        high = LIMIT if stat.high is None else stat.high
        number(f"stats.{name}", value, low, high)
    domains = content.domains
    _domains("cap", state.cap, domains)
    _domains("frontier", state.frontier, domains)
    _domains("open_best", state.open_best, domains)
    if state.closed_caps is not None:
        _domains("closed_caps", state.closed_caps, domains)
    for rival_id, rival in state.rivals.items():
        where = f"rivals.{rival_id}"
        known = content.rivals.get(rival_id)
        if known is None:
            raise _fail(where, "not a rival of the packs in use")
        if rival.id != rival_id:
            raise _fail(f"{where}.id", f"{rival.id!r} is not {rival_id!r}")
        _one_of(f"{where}.kind", rival.kind, (known.kind,))
        _one_of(f"{where}.status", rival.status, RIVAL_STATUS)
        number(f"{where}.cash", rival.cash)
        number(f"{where}.strength", rival.strength)
        number(f"{where}.hype", rival.hype, 0, 100)
        number(f"{where}.sharing", rival.sharing, 0, 1)
        number(f"{where}.next_release", rival.next_release, -LIMIT, state.horizon + 1000)
        if rival.caps is not None:
            _domains(f"{where}.caps", rival.caps, domains)


def _company(state: GameState, content: Content) -> None:
    rules = content.rules
    domains = content.domains
    for product_id, product in state.products.items():
        where = f"products.{product_id}"
        if product_id not in content.products:
            raise _fail(where, "not a product of the packs in use")
        _month(f"{where}.launched", product.launched, state)
        number(f"{where}.adoption", product.adoption, 0)
        number(f"{where}.revenue", product.revenue, 0)
    run = state.run
    if run is not None:
        _one_of("run.size", run.size, rules.training.sizes)
        _one_of("run.data", run.data, rules.training.data_bonus)
        for domain in run.focus:
            _one_of("run.focus", domain, domains)
        if len(run.focus) > 3 or len(set(run.focus)) != len(run.focus):
            raise _fail("run.focus", "a run focuses on up to three different domains")
        _month("run.started", run.started, state)
        number("run.months_left", run.months_left, 0, 120)
    for index, model in enumerate(state.models):
        where = f"models.{index}"
        if not model.name.strip() or len(model.name) > 100:
            raise _fail(f"{where}.name", "a model needs a short name")
        number(f"{where}.month", model.month, -120, state.horizon)
        _domains(f"{where}.caps", model.caps, domains)
        for domain in model.focus:
            _one_of(f"{where}.focus", domain, domains)
        _one_of(f"{where}.data", model.data, rules.training.data_bonus)
        _one_of(f"{where}.openness", model.openness, ("", *rules.release))
        _one_of(f"{where}.channel", model.channel, CHANNELS)
        number(f"{where}.pool", model.pool, 0)
        number(f"{where}.released", model.released, 0, state.horizon)
    funding = state.funding
    if funding is not None:
        _one_of("funding.size", funding.size, rules.funding.sizes)
        number("funding.amount", funding.amount, 0)
        number("funding.pre_money", funding.pre_money, 0)
        number("funding.odds", funding.odds, 0, 1)
        number("funding.months_left", funding.months_left, 0, 12)
        _month("funding.started", funding.started, state)
    number("tuning_months", state.tuning_months, 0, 120)
    number("last_share", state.last_share, -99, state.horizon)


def _event_id(where: str, event_id: str, content: Content) -> None:
    if event_id not in content.events:
        raise _fail(where, f"{event_id!r} is not an event of the packs in use")


def _choice(where: str, event_id: str, choice_id: str, content: Content) -> None:
    _event_id(where, event_id, content)
    choices = [c.model.id for c in content.events[event_id].choices]
    _one_of(where, choice_id, choices)


def _events(state: GameState, content: Content) -> None:
    if len(state.follow_ups) > MAX_FOLLOW_UPS:
        raise _fail("follow_ups", f"more than {MAX_FOLLOW_UPS} events are waiting")
    for index, (when, event_id) in enumerate(state.follow_ups):
        _event_id(f"follow_ups.{index}", event_id, content)
        number(f"follow_ups.{index}", when, 1, state.month + 60)
    for event_id, month in state.fired.items():
        _event_id(f"fired.{event_id}", event_id, content)
        _month(f"fired.{event_id}", month, state)
    for event_id, count in state.fire_counts.items():
        _event_id(f"fire_counts.{event_id}", event_id, content)
        number(f"fire_counts.{event_id}", count, 0, state.horizon * 20)
    if len(set(state.pending)) != len(state.pending) or len(state.pending) > 20:
        raise _fail("pending", "the same event waits twice")
    for event_id in state.pending:
        _event_id("pending", event_id, content)
    for event_id, choice_id in state.chosen:
        _choice("chosen", event_id, choice_id, content)


def _records(state: GameState, content: Content) -> None:
    from game.engine.decisions import from_record

    for name in ("decisions", "journal", "news", "history"):
        if len(getattr(state, name)) > MAX_LIST:
            raise _fail(name, f"more than {MAX_LIST:,} entries")
    last = 1
    for index, (month, record) in enumerate(state.decisions):
        where = f"decisions.{index}"
        _month(where, month, state, low=last)
        last = month
        _plain(where, record)
        if record.get("kind") == "choose":
            event, choice = record.get("event"), record.get("choice")
            if not isinstance(event, str) or not isinstance(choice, str) or len(record) != 3:
                raise _fail(where, "a choice names its event and choice")
            _choice(where, event, choice, content)
            continue
        try:
            from_record(record)
        except (ValueError, TypeError) as error:
            raise _fail(where, str(error)) from None
    for index, entry in enumerate(state.journal):
        _month(f"journal.{index}", entry.month, state)
        number(f"journal.{index}.delta", entry.delta, -2 * LIMIT, 2 * LIMIT)
    for index, news in enumerate(state.news):
        _month(f"news.{index}", news.month, state)
        _one_of(f"news.{index}.kind", news.kind, NEWS_KINDS)
    from game.engine.game import HISTORY_STATS

    for index, row in enumerate(state.history):
        missing = [name for name in HISTORY_STATS if name not in row]
        if missing:
            raise _fail(f"history.{index}", f"{missing[0]!r} is missing")
        for name, value in row.items():
            number(f"history.{index}.{name}", value)


def _plain(where: str, record: Mapping[str, Any]) -> None:
    """A decision record holds only short strings, whole numbers and lists of strings."""
    for key, value in record.items():
        if isinstance(value, bool):
            continue
        if isinstance(value, int | float):
            number(f"{where}.{key}", value)
        elif isinstance(value, str):
            if len(value) > 200:
                raise _fail(f"{where}.{key}", "too long")
        elif isinstance(value, list) and len(value) <= 10 and all(
                isinstance(item, str) and len(item) <= 200 for item in value):
            continue
        else:
            raise _fail(f"{where}.{key}", "not a value a decision holds")
