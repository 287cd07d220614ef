"""Why a month went as it did, read from the ledger and the month-end numbers.

Headless: the month summary, the dashboard's look back at any past month, the property tests
and a classroom debrief all read :func:`month_breakdown`. Every stat the ledger tracks is
broken into its ledger lines, which add up exactly to the change between two month ends; the
derived numbers (revenue, burn, capability) are explained from what they are made of.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from game.engine.display import MONEY, label, money_text, step, value_text
from game.engine.endings import RULE_NAMES, describe_source

if TYPE_CHECKING:
    from game.engine.game import Game

LEDGER_STATS = ("cash", "reputation", "community", "hype", "legal_risk", "valuation",
                "researchers", "engineers", "gtm", "compute", "owned_compute", "transparency",
                "ecosystem", "ownership", "raised", "exit_price", "deal_revenue")
"""Stats that change only through the ledger, so their lines add up to their change."""
SHOWN_STATS = ("cash", "revenue", "burn", "valuation", "cap_avg", "reputation", "community",
               "hype", "legal_risk", "researchers", "engineers", "gtm", "compute", "ecosystem",
               "transparency", "ownership")
"""The stats the month summary lists when they changed, in this order."""
COST_SOURCES = ("salaries_research", "salaries_engineering", "salaries_gtm", "overhead",
                "compute_contract", "preference_tuning", "legal_costs", "serving_costs")
COST_NAMES = {source: RULE_NAMES.get(source, source.replace("_", " ").capitalize())
              for source in COST_SOURCES}
"""Each cost by the name the cash waterfall gives the same ledger source."""


@dataclass(frozen=True)
class Line:
    """One reason a stat changed, with how much (the ledger lines of one source, summed)."""

    kind: str
    """``rule``, ``event`` or ``decision``; ``derived`` for a part of a derived number."""
    source: str
    text: str
    """The reason in words."""
    delta: float


@dataclass(frozen=True)
class Change:
    """A stat from one month end to the next, with the lines that moved it."""

    stat: str
    before: float
    after: float
    lines: tuple[Line, ...]

    @property
    def delta(self) -> float:
        return self.after - self.before

    @property
    def shown_delta(self) -> float:
        """The change as the player reads it: the difference of the two shown values."""
        return step(self.stat, self.before, self.after)


@dataclass(frozen=True)
class DomainRow:
    """One scorecard domain at the end of the month, and its change over it."""

    domain: str
    name: str
    cap: float
    frontier: float
    open_best: float
    cap_change: float
    frontier_change: float
    open_best_change: float

    @property
    def lead(self) -> float:
        """Your lead over the best model anywhere, as the scorecard shows it (the
        difference of the shown whole numbers)."""
        return round(self.cap) - round(max(self.frontier, self.open_best))


@dataclass(frozen=True)
class Breakdown:
    """Everything that changed in one month, and why."""

    month: int
    changes: tuple[Change, ...]
    """Each shown stat that changed (see :data:`SHOWN_STATS`), with its lines."""
    revenue_notes: tuple[str, ...]
    """Why revenue moved: products gaining or losing the lead, adoption, rival releases."""
    domains: tuple[DomainRow, ...]
    pool_notes: tuple[str, ...] = ()
    """What the open ecosystem pool did this month: its part in a released model's
    capability, and what it took off rented compute."""

    def change(self, stat: str) -> Change | None:
        return next((c for c in self.changes if c.stat == stat), None)


def rows(game: Game, month: int) -> tuple[Mapping[str, float], Mapping[str, float]] | None:
    """The month-end numbers before and after game month ``month`` (None if not kept)."""
    history = game.state.history
    if not 1 <= month <= len(history):
        return None
    after = history[month - 1]
    before = history[month - 2] if month >= 2 else game.state.opening
    if not before:
        return None
    return before, after


def ledger_lines(game: Game, month: int, stat: str) -> tuple[Line, ...]:
    """The month's ledger lines for ``stat``, one per source, in the order they first came."""
    sums: dict[tuple[str, str], float] = {}
    for entry in game.state.journal:
        if entry.month == month and entry.stat == stat:
            key = (entry.kind, entry.source)
            sums[key] = sums.get(key, 0.0) + entry.delta
    return tuple(Line(kind, source, describe_source(game, kind, source), delta)
                 for (kind, source), delta in sums.items() if delta)


def month_breakdown(game: Game, month: int) -> Breakdown | None:
    """Why month ``month`` went as it did; None when the game kept no numbers for it."""
    found = rows(game, month)
    if found is None:
        return None
    before, after = found
    changes = []
    for stat in SHOWN_STATS:
        then, now = before.get(stat), after.get(stat)
        if then is None or now is None or now == then:
            continue
        if stat in LEDGER_STATS:
            lines = ledger_lines(game, month, stat)
        elif stat == "revenue":
            lines = _revenue_lines(game, before, after)
        elif stat == "burn":
            lines = _burn_lines(before, after)
        else:
            lines = _capability_lines(game, before, after)
        changes.append(Change(stat, then, now, lines))
    return Breakdown(month, tuple(changes), _revenue_notes(game, month, before, after),
                     _domains(game, before, after), _pool_notes(game, month, after))


def _pool_notes(game: Game, month: int, after: Mapping[str, float]) -> tuple[str, ...]:
    """Where the open ecosystem acted this month: the capability of a model released now
    (the pool's points went into it when it was trained) and the rented-compute bill."""
    notes = []
    count = len(game.content.domains)
    for model in game.state.models:
        if model.released != month or not model.pool:
            continue
        rises: dict[str, float] = {}
        for entry in game.state.journal:
            if entry.month == month and entry.kind == "decision" and \
                    entry.stat.startswith("cap.") and entry.source.startswith("release_"):
                rises[entry.stat] = rises.get(entry.stat, 0.0) + entry.delta
        share = sum(min(model.pool, rise) for rise in rises.values() if rise > 0) / count
        notes.append(f"The open ecosystem pool added +{model.pool:.1f} to every domain of "
                     f"{model.name} when it was trained: {share:+.1f} of your capability's "
                     f"rise this month.")
    saving = after.get("pool:compute", 0.0)
    if saving >= 0.5:
        notes.append(f"The open ecosystem took {money_text(saving)} off your rented compute "
                     f"this month (you build in the open).")
    return tuple(notes)


def _revenue_lines(game: Game, before: Mapping[str, float],
                   after: Mapping[str, float]) -> tuple[Line, ...]:
    lines = []
    products = game.content.products
    keys = sorted({k for k in (*before, *after) if k.startswith("rev:")})
    for key in keys:
        delta = after.get(key, 0.0) - before.get(key, 0.0)
        if delta:
            product_id = key.removeprefix("rev:")
            name = products[product_id].name if product_id in products else product_id
            lines.append(Line("derived", key, name, delta))
    for stat, text in (("api_revenue", "API sales of your closed model"),
                       ("deal_revenue", "Hosting deals")):
        delta = after.get(stat, 0.0) - before.get(stat, 0.0)
        if delta:
            lines.append(Line("derived", stat, text, delta))
    return tuple(lines)


def _burn_lines(before: Mapping[str, float], after: Mapping[str, float]) -> tuple[Line, ...]:
    lines = []
    for source, name in COST_NAMES.items():
        key = f"cost:{source}"
        delta = after.get(key, 0.0) - before.get(key, 0.0)
        if round(delta):
            lines.append(Line("derived", source, name, delta))
    return tuple(lines)


def _capability_lines(game: Game, before: Mapping[str, float],
                      after: Mapping[str, float]) -> tuple[Line, ...]:
    count = len(game.content.domains)
    lines = []
    for domain in game.content.domains:
        delta = after.get(f"cap.{domain}", 0.0) - before.get(f"cap.{domain}", 0.0)
        if delta:
            lines.append(Line("derived", domain, f"{game.content.domain_names[domain]} "
                              f"{before.get(f'cap.{domain}', 0.0):.0f} → "
                              f"{after.get(f'cap.{domain}', 0.0):.0f}", delta / count))
    return tuple(lines)


def _revenue_notes(game: Game, month: int, before: Mapping[str, float],
                   after: Mapping[str, float]) -> tuple[str, ...]:
    """Why each product's revenue moved, in words."""
    notes = []
    names = game.content.domain_names
    for product_id, product in game.content.products.items():
        key = f"rev:{product_id}"
        if key not in after and key not in before:
            continue
        if key not in after:
            notes.append(f"{product.name} is off the market.")
            continue
        then, now = before.get(key, 0.0), after[key]
        led, leads = before.get(f"lead:{product_id}", 0.0), after.get(f"lead:{product_id}", 0.0)
        parts = []
        if led and not leads:
            lost = [names[d] for d in product.domains
                    if after.get(f"cap.{d}", 0.0) < max(after.get(f"frontier.{d}", 0.0),
                                                         after.get(f"open_best.{d}", 0.0))]
            parts.append(f"lost the lead in {', '.join(lost) or 'its domains'}, so it no "
                         f"longer earns the leader's premium")
        elif leads and not led:
            parts.append("took the lead in " + ", ".join(names[d] for d in product.domains))
        adoption = after.get(f"adopt:{product_id}", 0.0) - before.get(f"adopt:{product_id}",
                                                                        0.0)
        if adoption > 0.0005:
            parts.append(f"adoption rose to {after.get(f'adopt:{product_id}', 0.0):.0%}")
        elif adoption < -0.0005:
            parts.append(f"adoption fell to {after.get(f'adopt:{product_id}', 0.0):.0%}: the "
                         f"best open model is too close for customers to pay")
        for domain in product.domains:
            rise = after.get(f"open_best.{domain}", 0.0) - before.get(f"open_best.{domain}",
                                                                       0.0)
            if rise >= 0.5:
                parts.append(f"a rival's free release lifted the best open model in "
                             f"{names[domain]} by {rise:.0f}")
        if parts or now != then:
            change = now - then
            moved = (f"{money_text(then)} → {money_text(now)} a month" if change
                     else f"steady at {money_text(now)} a month")
            notes.append(f"{product.name}: {moved}" + ("; " + "; ".join(parts) if parts
                                                       else "") + ".")
    hosting = sum(line.delta for line in ledger_lines(game, month, "deal_revenue")
                  if line.source == "hosting_overtaken")
    if hosting:
        then, now = before.get("deal_revenue", 0.0), after.get("deal_revenue", 0.0)
        notes.append(f"Hosting deals: {money_text(then)} → {money_text(now)} a month; your "
                     f"models lead the best open model in no domain, so the clouds' "
                     f"customers are moving to the better free one.")
    return tuple(notes)


def _domains(game: Game, before: Mapping[str, float],
             after: Mapping[str, float]) -> tuple[DomainRow, ...]:
    found = []
    for domain in game.content.domains:
        values = [after.get(f"{table}.{domain}", 0.0)
                  for table in ("cap", "frontier", "open_best")]
        moves = [after.get(f"{table}.{domain}", 0.0) - before.get(f"{table}.{domain}", 0.0)
                 for table in ("cap", "frontier", "open_best")]
        found.append(DomainRow(domain, game.content.domain_names[domain], *values, *moves))
    return tuple(found)


def change_line(change: Change) -> str:
    """``Cash $12.3M (▼$1.2M)``: a change as the dashboard shows it."""
    from game.engine.display import step_text

    return (f"{label(change.stat)} {value_text(change.stat, change.after)} "
            f"({step_text(change.stat, change.before, change.after)})")


def report(game: Game, breakdown: Breakdown) -> list[str]:
    """The breakdown as lines of text (the month summary, a debrief): each changed stat with
    its reasons, cash as a waterfall that adds up to the last $k, the revenue notes and the
    scorecard by domain."""
    from game.engine.display import change_text, money_exact, signed_money, step_text

    out: list[str] = []
    for change in breakdown.changes:
        stat = change.stat
        shown_change = step_text(stat, change.before, change.after)
        if stat != "cash" and shown_change == "=" and stat not in ("revenue", "burn"):
            continue
        out.append(change_line(change))
        if stat == "cash":
            start = "when the game began" if breakdown.month == 1 else "at the end of last month"
            out.append(f"  {money_exact(change.before):>12}  {start}")
            for line in change.lines:
                out.append(f"  {signed_money(line.delta):>12}  {line.text}")
            out.append(f"  {money_exact(change.after):>12}  now "
                       f"({signed_money(change.delta)} in all)")
        elif stat in ("revenue", "burn") or stat in MONEY:
            if len(change.lines) > 1:  # the exact sum the lines add up to
                out.append(f"  {money_exact(change.before)} → {money_exact(change.after)} "
                           f"({signed_money(change.delta)}):")
            for line in change.lines:
                out.append(f"  {change_text(stat, line.delta):>12}  {line.text}")
        else:
            parts = [f"{line.text} {line.delta:+.1f}" for line in change.lines
                     if abs(line.delta) >= 0.05]
            if parts:
                out.append("  " + "; ".join(parts))
        if stat == "revenue":
            out.extend(f"  {note}" for note in breakdown.revenue_notes)
    if not any(c.stat == "revenue" for c in breakdown.changes):
        out.extend(breakdown.revenue_notes)
    out.extend(breakdown.pool_notes)
    out.append("")
    out.append(f"{'Domain':<18}{'You':>5}{'Front':>7}{'Open':>6}  vs best")
    for row in breakdown.domains:
        moved = step_text("cap", row.cap - row.cap_change, row.cap)
        moved = f" ({moved})" if moved != "=" else ""
        words = lead_words(row.lead) if row.lead else \
            "tied: LEADS" if row.cap >= max(row.frontier, row.open_best) else "level, just behind"
        out.append(f"{row.name[:18]:<18}{row.cap:>5.0f}{row.frontier:>7.0f}"
                   f"{row.open_best:>6.0f}  {words}{moved}")
    return out


def lead_words(lead: float) -> str:
    """A lead or gap of whole points in words as well as numbers (reads without colour)."""
    if lead > 0:
        return f"+{lead:.0f} LEADS"
    if lead < 0:
        return f"{lead:.0f} behind"
    return "level"


@dataclass(frozen=True)
class Standing:
    """One domain of the scorecard now, rounded as shown."""

    domain: str
    name: str
    cap: float
    frontier: float
    open_best: float
    leading: bool
    """The engine's rule: at or above both the frontier and the best open model."""

    @property
    def lead(self) -> float:
        return self.cap - max(self.frontier, self.open_best)

    @property
    def words(self) -> str:
        if self.lead == 0:
            return "tied: LEADS" if self.leading else "level, just behind"
        return lead_words(self.lead)


def standing(game: Game) -> list[Standing]:
    """The scorecard now: each domain's shown numbers and whether you lead there."""
    state = game.state
    found = []
    for domain in game.content.domains:
        cap, frontier, open_best = state.cap[domain], state.frontier[domain], \
            state.open_best[domain]
        found.append(Standing(domain, game.content.domain_names[domain], round(cap),
                              round(frontier), round(open_best),
                              cap >= max(frontier, open_best)))
    return found
