"""The game: one state, the content it plays, and the month loop.

A month goes ``begin_month()`` (the world moves and events are drawn) → ``choose()`` for each
drawn event → any number of ``apply(decision)`` → ``end_month()`` (accounting, training,
funding, moods, endings). Every stat change goes through :meth:`Game.change`, which writes the
causal ledger.
"""

from __future__ import annotations

import functools
import secrets
from dataclasses import dataclass
from operator import itemgetter, sub
from typing import Any

from game.engine import endings, events, resolve, world
from game.engine.content import Content, EventRule
from game.engine.numbers import STATE_LIMIT, finite, round_to
from game.engine.rng import Stream, derive, mix64
from game.engine.state import Entry, GameState, Model, News
from game.engine.stats import STATS


class IllegalDecision(ValueError):
    """A decision or choice that is not possible now; the message says why, for the player."""


class UnknownScenario(ValueError):
    """A scenario id the packs do not define."""


@dataclass(frozen=True)
class MonthSummary:
    """What changed over one month, for the end-of-month report."""

    month: int
    changes: dict[str, float]
    news: tuple[str, ...]


def month_label(start: str, month: int) -> str:
    """The calendar month (``2024-03``) of game month ``month`` (1 is the start)."""
    year, mon = (int(part) for part in start.split("-"))
    index = year * 12 + (mon - 1) + (month - 1)
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


_BOUNDS = {
    name: (-STATE_LIMIT if stat.low is None else float(stat.low),
           STATE_LIMIT if stat.high is None else float(stat.high), stat.money)
    for name, stat in STATS.items()
}

@functools.cache
def _domain_key(table: str, domain: str) -> str:
    """The ledger's name for one domain of a table: ``frontier.code``."""
    return f"{table}.{domain}"


_NAME_KEYS: dict[tuple[str | int, ...], int] = {}
"""Stream names to their keys; the same on every machine (BLAKE2b, never ``hash()``)."""


class Game:
    """A game in progress: the content in use and the state it advances."""

    def __init__(self, content: Content, state: GameState) -> None:
        self.content = content
        self.rules = content.play_rules
        """The rules in play: a plain copy of ``content.rules`` (see ``Content.play_rules``)."""
        self.state = state
        self.s = state.stats
        """The state's stats, read by expressions as ``s``."""
        self.models_changed = True
        """Set when capability, frontier or open-best values change, so ``refresh`` redoes them."""
        self._month_key = (-1, 0)
        self.memo: dict[tuple[str, str], Any] = {}
        """Values worked out from the content once per game (the engine's own cache)."""
        self.last_result = ""
        """The result text of the last event choice, as it read when the choice was taken."""
        self.record = True
        """Whether the game keeps its records: the ledger, the news, the monthly history and
        summaries, and the causes of the ending. The simulator, which reads only how games
        end, turns this off. Nothing in play reads the records and the news has its own
        random streams, so a game plays the same either way (a property test checks)."""
        self.card: dict[str, Any] | None = None
        """The class card the game was started from, as its saves record it (None if none)."""

    # -- starting ----------------------------------------------------------------------------

    @classmethod
    def new(cls, content: Content, scenario_id: str | None = None, seed: int = 1,
            company: str = "Moat Labs", *, horizon: int | None = None,
            game_id: str | None = None, record: bool = True) -> Game:
        """Start a game of ``scenario_id`` (the default scenario if None).

        ``horizon`` replaces the scenario's number of months (a class card may set its own);
        ``game_id`` is the identity its saves share (a fresh one if None; a replay passes the
        save's); ``record`` is :attr:`record` (a game without records keeps no opening row
        either).
        """
        scenario_id = scenario_id or content.default_scenario
        scenario = content.scenarios.get(scenario_id)
        if scenario is None:
            known = ", ".join(sorted(content.scenarios))
            raise UnknownScenario(f"unknown scenario {scenario_id!r}; choose one of: {known}")
        if horizon is not None and horizon < 1:
            raise IllegalDecision(f"a game lasts at least one month, not {horizon}")
        state = GameState(scenario=scenario.id, seed=seed, company=company,
                          start=scenario.start, horizon=horizon or scenario.horizon,
                          game_id=secrets.token_hex(6) if game_id is None else game_id)
        game = cls(content, state)
        game.record = record
        world.set_up(game, scenario)
        game.refresh()
        if record:
            state.opening = game.month_row()
        return game

    def renew_id(self) -> None:
        """Give the game an identity of its own, so its saves stand apart from the game it
        was forked from."""
        self.state.game_id = secrets.token_hex(6)

    # -- stats and the ledger ----------------------------------------------------------------

    def change(self, stat: str, delta: float, kind: str, source: str) -> float:
        """Add ``delta`` to a stat within its bounds, record it, and return what was applied."""
        s = self.s
        low, high, money = _BOUNDS[stat]
        if not -STATE_LIMIT <= delta <= STATE_LIMIT:  # a computed effect gone wild, or NaN
            delta = finite(delta)
        if money:
            delta = float(round(delta))
        before = s[stat]
        after = before + delta
        if after < low:
            after = low
        elif after > high:
            after = high
        applied = after - before
        if applied:
            s[stat] = after
            if self.record:
                self.state.journal.append(Entry(self.state.month, stat, applied, kind, source))
        return applied

    def change_cash(self, entries: list[tuple[str, float]], kind: str) -> None:
        """Several cash changes at once (the monthly accounts), each its own ledger line.

        The same as calling :meth:`change` for each; cash has no bounds, so this is only
        faster, which matters because it runs every month of every simulated game.
        """
        s, journal, month, record = self.s, self.state.journal, self.state.month, self.record
        cash = s["cash"]
        for source, delta in entries:
            if not delta:  # most months have several empty lines (no API, no tuning ...)
                continue
            applied = float(round(delta))
            if applied:
                cash += applied
                if record:
                    journal.append(Entry(month, "cash", applied, kind, source))
        s["cash"] = cash if -STATE_LIMIT <= cash <= STATE_LIMIT else finite(cash)

    def change_domain(self, table: str, domain: str, delta: float, kind: str,
                      source: str) -> None:
        """Change one domain of ``cap``, ``frontier`` or ``open_best`` (0-100)."""
        values: dict[str, float] = getattr(self.state, table)
        before = values[domain]
        after = before + (delta if delta == delta else 0.0)
        after = round_to(100.0 if after > 100.0 else 0.0 if after < 0.0 else after, 4)
        if after != before:
            values[domain] = after
            self.models_changed = True
            if self.record:
                self.state.journal.append(Entry(
                    self.state.month, _domain_key(table, domain), after - before, kind, source))

    def news(self, text: str, kind: str = "world") -> None:
        if self.record:
            self.state.news.append(News(self.state.month, text, kind))

    def stream(self, *parts: str | int) -> Stream:
        """A random stream for this game, named by ``parts`` and the month."""
        name_key = _NAME_KEYS.get(parts)
        if name_key is None:
            name_key = _NAME_KEYS[parts] = derive(0, "stream", *parts)
        month = self.state.month
        if self._month_key[0] != month:
            self._month_key = (month, derive(self.state.seed, "month", month))
        return Stream(mix64(name_key ^ self._month_key[1]))

    def refresh(self) -> None:
        """Recompute the derived stats from the state."""
        state, s = self.state, self.s
        if self.models_changed:
            self._refresh_models()
        run = state.run
        s["staff"] = s["researchers"] + s["engineers"] + s["gtm"]
        free = s["compute"] - (self.rules.training.sizes[run.size].units if run else 0)
        s["compute_free"] = free if free > 0.0 else 0.0
        s["training"] = 1.0 if run else 0.0
        s["fundraising"] = 1.0 if state.funding else 0.0
        s["tuning"] = 1.0 if state.tuning_months else 0.0
        s["products_live"] = float(len(state.products))
        s["month"] = float(state.month)
        s["months_left"] = float(state.horizon - state.month)
        burn = s["burn"] = float(round(resolve.monthly_burn(self)))
        net = burn - s["revenue"]
        if net <= 0:
            s["runway"] = 99.0
        else:
            cash = s["cash"]
            months = cash / net if cash > 0 else 0.0
            s["runway"] = round_to(99.0 if months > 99.0 else months, 1)

    def _refresh_models(self) -> None:
        state, s = self.state, self.s
        values = self.content.domain_values
        count = len(self.content.domains)
        cap, frontier, open_best = values(state.cap), values(state.frontier), \
            values(state.open_best)
        s["cap_avg"] = sum(state.cap.values()) / count
        s["frontier_avg"] = sum(state.frontier.values()) / count
        s["open_best_avg"] = sum(state.open_best.values()) / count
        s["best_lead"] = max(map(sub, cap, frontier))
        s["open_lead"] = max(map(sub, cap, open_best))
        self.models_changed = False

    # -- the month ---------------------------------------------------------------------------

    def begin_month(self) -> list[EventRule]:
        """Run the world phase and draw this month's events; returns the drawn events."""
        self._expect("world")
        world.advance(self)
        self.refresh()
        drawn = events.draw(self)
        self.state.pending = [event.id for event in drawn]
        self.state.chosen = []
        self.state.phase = "events" if drawn else "plan"
        return drawn

    @property
    def pending_events(self) -> list[EventRule]:
        return [self.content.events[event_id] for event_id in self.state.pending]

    def choice_lock(self, event_id: str, choice_id: str) -> str | None:
        """Why a choice is locked now, or None when it can be taken."""
        return events.lock_reason(self, self.content.events[event_id], choice_id)

    def story(self, event_id: str) -> str:
        """A drawn event's story as it reads in the current state."""
        return events.story(self, self.content.events[event_id])

    def choice_text(self, event_id: str, choice_id: str) -> str:
        """A choice's text as it reads in the current state."""
        return events.choice_text(self, self.content.events[event_id], choice_id)

    def choose(self, event_id: str, choice_id: str) -> dict[str, float]:
        """Take a choice of a drawn event; returns the stat changes it made. The events still
        waiting whose condition the choice made false are dropped (see
        :func:`events.still_true`): loops over the month's events read :attr:`pending_events`
        afresh, or skip an event no longer in ``state.pending``."""
        self._expect("events")
        if event_id not in self.state.pending:
            raise IllegalDecision(f"event {event_id!r} is not waiting for a choice")
        changes = events.choose(self, self.content.events[event_id], choice_id)
        self.state.pending.remove(event_id)
        self.state.chosen.append((event_id, choice_id))
        self.state.decisions.append(
            (self.state.month, {"kind": "choose", "event": event_id, "choice": choice_id}))
        self.refresh()
        events.still_true(self)
        if self.state.accepted:
            endings.finish(self, self.state.accepted)
        elif not self.state.pending:
            self.state.phase = "plan"
        return changes

    def check(self, decision: Decision) -> str | None:
        """Why ``decision`` is not possible now, or None when it is."""
        if self.state.phase != "plan":
            return "finish this month's events first" if self.state.phase == "events" \
                else "the month has not begun" if self.state.phase == "world" \
                else "the game is over"
        return decision.reason(self)

    def apply(self, decision: Decision) -> None:
        """Carry out a plan decision, or raise :class:`IllegalDecision` with the reason."""
        reason = self.check(decision)
        if reason:
            raise IllegalDecision(reason)
        decision.perform(self)
        self.state.decisions.append((self.state.month, decision.record()))
        self.refresh()

    def end_month(self) -> MonthSummary:
        """Resolve the month, check endings, and move to the next month.

        The summary lists what changed and the month's news; it is empty when the game keeps
        no records (see :attr:`record`).
        """
        self._expect("plan")
        state = self.state
        month = state.month
        if self.record:
            before = _summary_values(self.s)
            first_news = len(state.news)
        resolve.resolve_month(self)
        self.refresh()
        endings.check(self)
        if state.ending is not None:
            self.refresh()
        if self.record:
            last = state.history[-1] if state.history else state.opening
            row = self.month_row()
            state.history.append(row)
            # the change since the end of last month (the world phase and the events too),
            # the same the dashboard shows and the ledger adds up
            changes = {k: row[k] - last.get(k, then) for k, then in
                       zip(SUMMARY_STATS, before, strict=True) if row[k] != last.get(k, then)}
            summary = MonthSummary(month, changes,
                                   tuple(n.text for n in state.news[first_news:]))
        else:
            summary = MonthSummary(month, {}, ())
        if state.ending is None:
            state.month += 1
            state.phase = "world"
            self.s["month"] = float(state.month)
            self.s["months_left"] = float(state.horizon - state.month)
        return summary

    def _expect(self, phase: str) -> None:
        if self.state.phase != phase:
            if self.state.phase == "over":
                raise IllegalDecision("the game is over")
            raise IllegalDecision(f"that belongs to the {phase} phase; "
                                  f"the game is in the {self.state.phase} phase")

    # -- reading -------------------------------------------------------------------------------

    def month_row(self) -> dict[str, float]:
        """The numbers kept for the month just ended (see :data:`ROW_STATS`), with what
        the month's breakdown reads: costs by ledger source (``cost:salaries_gtm``), what
        the open ecosystem took off rented compute (``pool:compute``, $k), each
        product's revenue, adoption and lead (``rev:``, ``adopt:``, ``lead:``) and every
        domain of the scorecard (``cap.code``, ``frontier.code``, ``open_best.code``)."""
        state = self.state
        row = dict(zip(ROW_STATS, _history_values(self.s), strict=True))
        for source, amount in resolve.monthly_costs(self).items():
            row[f"cost:{source}"] = float(amount)
        row["pool:compute"] = resolve.compute_saving(self)
        for product_id, live in state.products.items():
            row[f"rev:{product_id}"] = float(live.revenue)
            row[f"adopt:{product_id}"] = live.adoption
            row[f"lead:{product_id}"] = 1.0 if live.leading else 0.0
        for table in ("cap", "frontier", "open_best"):
            values: dict[str, float] = getattr(state, table)
            for domain, value in values.items():
                row[_domain_key(table, domain)] = value
        return row

    @property
    def date(self) -> str:
        return month_label(self.state.start, self.state.month)

    def compute_price(self) -> float:
        """This month's list price of one compute unit, $k (before any discount)."""
        return self.rules.costs.compute_unit * self.s["cost_index"]

    def rent_price(self) -> float:
        """What one more rented unit adds to the monthly bill, $k: the list price less the
        discount for building in the open. Every menu quotes this one price, and the bill
        (``resolve.compute_bill``) is exactly rented units times it."""
        return resolve.rent_price(self)

    def builds_in_the_open(self) -> bool:
        return self.s["open_models"] > 0 or self.s["shares"] > 0

    def new_model_name(self) -> str:
        words = self.state.company.split()
        return f"{words[0] if words else 'Model'}-{len(self.state.models) + 1}"

    def add_model(self, model: Model) -> None:
        self.state.models.append(model)


SUMMARY_STATS = ("cash", "revenue", "burn", "reputation", "community", "hype", "legal_risk",
                 "valuation", "cap_avg", "researchers", "engineers", "gtm", "compute")
HISTORY_STATS = ("month", "cash", "revenue", "burn", "runway", "reputation", "community",
                 "hype", "legal_risk", "transparency", "valuation", "ownership", "cap_avg",
                 "frontier_avg", "open_best_avg", "best_lead", "climate", "ecosystem",
                 "cost_index", "niche_lead_months")
ROW_STATS = HISTORY_STATS + ("researchers", "engineers", "gtm", "compute", "owned_compute",
                             "product_revenue", "api_revenue", "deal_revenue", "raised",
                             "exit_price")
"""What a month-end row holds besides its breakdown keys; saves made before the breakdown
was kept hold :data:`HISTORY_STATS` only, so readers of the rest use ``row.get``."""
_summary_values = itemgetter(*SUMMARY_STATS)
_history_values = itemgetter(*ROW_STATS)


class Decision:
    """A plan decision: checked against the state, then performed (see decisions.py)."""

    def reason(self, game: Game) -> str | None:  # pragma: no cover - interface
        raise NotImplementedError

    def perform(self, game: Game) -> None:  # pragma: no cover - interface
        raise NotImplementedError

    def preview(self, game: Game) -> str:  # pragma: no cover - interface
        """What the decision costs and does, in a line a player can read."""
        raise NotImplementedError

    def record(self) -> dict[str, object]:  # pragma: no cover - interface
        raise NotImplementedError
