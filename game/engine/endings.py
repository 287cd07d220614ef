"""Endings: bust, acquisition, niche win and the board's verdict at the horizon, with a grade
and the causes that mattered most, read from the ledger."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any, NamedTuple

from game.engine.content import Content, EndingRule
from game.engine.grades import grade_letter
from game.engine.state import EndingResult
from game.engine.stats import money_text

if TYPE_CHECKING:
    from game.engine.game import Game

CAUSE_STATS = ("cash", "exit_price", "reputation", "community", "hype", "legal_risk", "valuation")
ROUTINE = frozenset({"time", "niche_lead", "valuation_drift", "hype_fades", "reputation_settles",
                     "community"})


def check(game: Game) -> None:
    """End the game if an ending's condition holds now (bust first), or at the horizon."""
    state = game.state
    if state.ending is not None:
        return
    if state.accepted:
        finish(game, state.accepted)
        return
    for family in ("bust", "niche_win"):
        if _first(game, family, require=True) is not None:
            finish(game, family)
            return
    if state.month >= state.horizon:
        verdict(game)


def verdict(game: Game) -> None:
    """The board's verdict at the horizon: niche win, else a sale while solvent, else bust."""
    s = game.s
    if _first(game, "niche_win", require=True) is not None:
        finish(game, "niche_win")
    elif s["cash"] > 0:
        price = s["valuation"] * game.rules.funding.horizon_sale_share
        game.change("exit_price", price, "rule", "board_verdict")
        finish(game, "acquisition")
    else:
        finish(game, "bust")


def _first(game: Game, family: str, require: bool) -> EndingRule | None:
    candidates = game.content.endings_by_family.get(family, ())
    for ending in candidates:
        if ending.when.function(game.s, game.state):
            return ending
    if require or not candidates:
        return None
    return candidates[-1]


def finish(game: Game, family: str) -> None:
    """Close the game with the first ending of ``family`` whose condition holds."""
    state = game.state
    if state.ending is not None:
        return
    game.refresh()
    if family == "acquisition" and game.s["exit_price"] < game.s["cash"]:
        # a buyer gets the cash in the bank with the company, so it pays at least that
        game.change("exit_price", sale_price(game, game.s["exit_price"]) - game.s["exit_price"],
                    "rule", "cash_in_the_bank")
    ending = _first(game, family, require=False)
    if ending is None:  # the loader guarantees every family exists
        raise RuntimeError(f"no ending of family {family}")
    raw = float(ending.score(game.s, state))
    score = max(0.0, min(100.0, raw)) if raw == raw else 0.0  # NaN scores 0, never an A
    state.ending = EndingResult(
        id=ending.model.id, family=family, title=ending.model.title,
        text=ending.text.render(game.s, state, state.company) if ending.text is not None
        else ending.model.text.replace("{company}", state.company),
        month=state.month, score=round(score, 1), grade=grade(game, score),
        causes=tuple(_with_trigger(game, family)) if game.record else ())
    state.phase = "over"
    state.pending = []


def sale_price(game: Game, price: float) -> float:
    """What a buyer pays for the company: the price offered, and never less than the cash
    that comes with it."""
    return max(price, game.s["cash"], 0.0)


def grade(game: Game, score: float) -> str:
    return grade_letter(score, game.content.grades)


def _with_trigger(game: Game, family: str) -> list[str]:
    """The change that crossed the ending's threshold first, then the biggest movers."""
    first = trigger(game, family)
    return [first, *causes(game, 3)] if first else causes(game)


def trigger(game: Game, family: str) -> str | None:
    """The change that ended the game, in words: for a bust, the month's cash loss without
    which cash would have stayed above zero (else its largest); for a niche win, the product,
    its domains and its months in the lead; for a sale, who bought and for how much."""
    state, s = game.state, game.s
    month = state.month
    if state.accepted and family != "acquisition":
        chosen = [e for e in state.journal if e.month == month and e.kind == "event"]
        if chosen:
            return (f"You chose to end it: {describe_source(game, 'event', chosen[-1].source)}"
                    f" in month {month}")
    if family == "bust":
        sums: dict[tuple[str, str], float] = defaultdict(float)
        for entry in state.journal:
            if entry.month == month and entry.stat == "cash":
                sums[(entry.kind, entry.source)] += entry.delta
        losses = sorted((delta, key) for key, delta in sums.items() if delta < 0)
        if not losses:
            return None
        decisive = [(d, k) for d, k in losses if s["cash"] - d >= 0]
        delta, (kind, source) = (decisive or losses)[0]
        return (f"What took cash below zero: {describe_source(game, kind, source)} in month "
                f"{month}, {money_text(delta)}; cash ended the month at "
                f"{money_text(s['cash'])}")
    if family == "niche_win":
        leaders = [(game.content.products[pid], live) for pid, live in state.products.items()
                   if live.leading and pid in game.content.products]
        if not leaders:
            return None
        product, live = leaders[0]
        domains = ", ".join(game.content.domain_names[d] for d in product.domains)
        return (f"{product.name} led the world in {domains} for "
                f"{s['niche_lead_months']:.0f} months in a row, earning "
                f"{money_text(live.revenue)} a month, while revenue of "
                f"{money_text(s['revenue'])} covered burn of {money_text(s['burn'])}")
    if family == "acquisition":
        sources = [e for e in state.journal if e.stat == "exit_price" and e.month == month]
        if not sources:
            return None
        first = sources[0]
        return (f"The sale: {describe_source(game, first.kind, first.source)} in month "
                f"{month}, for {money_text(s['exit_price'])}")
    return None


class Cause(NamedTuple):
    """A source in the ledger that moved the company, with when and by how much."""

    kind: str
    source: str
    label: str
    """The source in words (an event's title and choice, a decision, a rule)."""
    first: int
    last: int
    peak: int
    """The month it moved the company most."""
    effects: tuple[tuple[str, float], ...]
    """Its total change to each stat that counts (cash, reputation ...)."""

    @property
    def text(self) -> str:
        span = f"month {self.peak}" if self.first == self.last else \
            f"months {self.first}-{self.last}, most in month {self.peak}"
        effects = ", ".join(_effect_text(stat, total) for stat, total in self.effects)
        return f"{self.label} ({span}): {effects}"


def causes(game: Game, count: int = 4) -> list[str]:
    """The few sources in the ledger that moved the company most, with their months."""
    return [cause.text for cause in ranked_causes(game, count)]


def ranked_causes(game: Game, count: int = 4) -> list[Cause]:
    """The few sources in the ledger that moved the company most, largest first."""
    opening = game.state.opening.get("cash")
    start_cash = (opening if opening is not None else
                  game.state.history[0]["cash"] if game.state.history else game.s["cash"])
    return rank_ledger(game.state.journal, start_cash, game.content, count)


def rank_ledger(journal: Iterable[Sequence[Any]], start_cash: float, content: Content,
                count: int = 4) -> list[Cause]:
    """:func:`ranked_causes` for a ledger read from a save, without a game around it.

    Money counts relative to the starting cash, so a $1M swing matters as much in a small
    company as $10M in a large one.
    """
    money_scale = 100 / max(1.0, start_cash)
    scales = {stat: 1.0 for stat in CAUSE_STATS}
    scales.update(cash=money_scale, exit_price=money_scale, valuation=0.2 * money_scale)
    weight: dict[tuple[str, str], float] = defaultdict(float)
    totals: dict[tuple[str, str, str], float] = defaultdict(float)
    months: dict[tuple[str, str], dict[int, float]] = defaultdict(lambda: defaultdict(float))
    for month, stat, delta, kind, source in journal:
        scale = scales.get(stat)
        if scale is None or source in ROUTINE:
            continue
        impact = abs(delta) * scale
        key = (kind, source)
        weight[key] += impact
        totals[(kind, source, stat)] += delta
        months[key][month] += impact
    ranked = sorted(weight, key=lambda k: (-weight[k], k))[:count]
    found = []
    for kind, source in ranked:
        by_month = months[(kind, source)]
        peak = min(by_month, key=lambda m: (-by_month[m], m))
        effects = tuple((stat, totals[(kind, source, stat)]) for stat in CAUSE_STATS
                        if totals.get((kind, source, stat)))
        found.append(Cause(kind, source, describe(content, kind, source), min(by_month),
                           max(by_month), peak, effects))
    return found


def _effect_text(stat: str, total: float) -> str:
    if stat == "exit_price":
        return f"sale price {money_text(total)}"
    if stat in ("cash", "valuation"):
        return f"{stat} {'+' if total > 0 else ''}{money_text(total)}"
    return f"{stat.replace('_', ' ')} {total:+.0f}"


def describe_source(game: Game, kind: str, source: str) -> str:
    """A ledger source in words: an event's title and choice, a decision, or a rule."""
    return describe(game.content, kind, source)


def describe(content: Content, kind: str, source: str) -> str:
    """:func:`describe_source` with only the packs at hand."""
    if kind == "event":
        event_id, _, choice_id = source.partition(":")
        event = content.events.get(event_id)
        if event is not None:
            return f"Event '{event.model.title}' ({choice_id.replace('_', ' ')})"
    return RULE_NAMES.get(source, source.replace("_", " ").capitalize())


def source_detail(game: Game, kind: str, source: str) -> str:
    """A ledger source written out in full: whose doing it was, then
    :func:`describe_source` (an event's title and the choice taken, a decision, a rule)."""
    what = describe_source(game, kind, source)
    who = {"decision": "Your decision", "rule": "The month's rules"}
    return f"{who[kind]}: {what}" if kind in who else what


RULE_NAMES = {
    "salaries_research": "Researchers' salaries",
    "salaries_engineering": "Engineers' salaries",
    "salaries_gtm": "Go-to-market salaries",
    "compute_contract": "Compute contracts",
    "product_revenue": "Product revenue",
    "api_revenue": "API revenue",
    "hosting_deals": "Hosting deals",
    "hosting_overtaken": "Hosting customers leaving for a better open model",
    "hype_fades": "Hype fading",
    "reputation_settles": "Reputation settling",
    "legal_exposure": "Legal exposure",
    "legal_costs": "Legal costs",
    "board_verdict": "The board's verdict",
    "cash_in_the_bank": "The cash that came with the company",
    "overhead": "Office and overhead",
    "serving_costs": "Serving customers",
    "preference_tuning": "Preference tuning",
    "licensed_data": "Licensed training data",
    "hiring": "Recruiting fees",
    "severance": "Severance",
    "frontier_advance": "The frontier's monthly climb",
    "compute_costs_rise": "Compute getting dearer",
    "funding_climate": "The funding climate",
    "open_ecosystem": "The open ecosystem",
    "grey_data": "Training on grey data",
}
