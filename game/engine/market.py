"""The market as a player sees it: each rival's research staff against yours, and what the
shared open ecosystem does for you and for them.

Headless, like :mod:`game.engine.breakdown`: the month screen's rivals tab and scorecard, and
any debrief, read these, and every number goes through :mod:`game.engine.display`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from game.engine.display import money_text, plural, value_text
from game.engine.resolve import compute_saving, open_discount, pool_capability

if TYPE_CHECKING:
    from game.engine.game import Game

KIND_NAMES = {"closed_lab": "closed lab", "platform": "platform", "open_startup": "startup"}
"""Each kind of rival in a word or two."""
STATUS_NAMES = {"active": "", "acquired": "acquired", "bust": "bust", "absent": "not here"}


@dataclass(frozen=True)
class RivalRow:
    """One rival on the rivals tab."""

    id: str
    name: str
    kind: str
    """In words: ``closed lab``, ``platform`` or ``startup``."""
    status: str
    """Empty while it competes; else ``acquired``, ``bust`` or ``not here``."""
    researchers: int
    """Its research staff (people), from the packs (0 when a pack does not say)."""
    times_yours: float | None
    """Its research staff over yours (None when either is unknown or zero)."""
    model: float | None
    """Its latest open model's capability, averaged over the scorecard (None for a closed
    lab, whose models are the frontier, and before its first release)."""
    sharing: float
    """How readily it publishes data and recipes (0-1)."""

    @property
    def staff_text(self) -> str:
        return f"{self.researchers:,}" if self.researchers else "?"

    @property
    def times_text(self) -> str:
        """``x21``: how many times your research staff it has (``x0.5`` when fewer)."""
        if self.times_yours is None:
            return "?"
        factor = self.times_yours
        return f"x{factor:.0f}" if factor >= 9.5 else f"x{factor:.1f}"

    @property
    def model_text(self) -> str:
        if self.model is None:
            return "frontier" if self.kind == "closed lab" else "-"
        return value_text("cap_avg", self.model)


def rival_rows(game: Game) -> list[RivalRow]:
    """Every rival of the packs, in pack order, as the rivals tab lists them."""
    yours = game.s["researchers"]
    rows = []
    for rival_id, state in game.state.rivals.items():
        rival = game.content.rivals[rival_id]
        model = None
        if state.caps is not None:
            model = sum(game.content.domain_values(state.caps)) / len(game.content.domains)
        staff = rival.researchers
        rows.append(RivalRow(
            rival_id, rival.name, KIND_NAMES.get(rival.kind, rival.kind),
            STATUS_NAMES.get(state.status, state.status), staff,
            staff / yours if staff and yours else None, model, state.sharing))
    return rows


def staff_summary(game: Game) -> str:
    """Your research staff against the big players' (the essay's 1/20th), in a sentence."""
    yours = game.s["researchers"]
    big = [row for row in rival_rows(game)
           if row.kind in ("closed lab", "platform") and row.researchers and not row.status]
    you = f"You have {plural(yours, 'researcher')}"
    if not big or not yours:
        return you + "."
    least = min(row.researchers for row in big)
    most = max(row.researchers for row in big)
    low, high = least / yours, most / yours
    times = f"{low:.0f}" if round(low) == round(high) else f"{low:.0f} to {high:.0f}"
    return (f"{you}; each closed lab and the platform has {times} times as many "
            f"({least:,}–{most:,}). Alone you cannot out-research them: share, or pick a "
            f"niche.") if round(low) != round(high) else (
        f"{you}; the closed labs and the platform have {times} times as many "
        f"({least:,} each). Alone you cannot out-research them: share, or pick a niche.")


def pool_summary(game: Game) -> str:
    """What the open ecosystem pool does this month: for your next model and your compute
    bill if you build in the open (else what it would do), and for rivals' open models."""
    s = game.s
    pool = value_text("ecosystem", s["ecosystem"])
    training = game.rules.training
    boost = training.ecosystem_scale * s["ecosystem"]
    discount = min(game.rules.costs.ecosystem_discount * s["ecosystem"],
                   game.rules.costs.ecosystem_discount_cap, 0.6)
    if game.builds_in_the_open():
        saving = compute_saving(game)
        you = (f"it adds +{pool_capability(game):.1f} to every domain of a model you train "
               f"now and takes {open_discount(game):.0%} off " + (
                   f"rented compute ({money_text(saving)} this month)" if saving >= 0.5
                   else "any compute you rent"))
    else:
        you = (f"you build closed, so it does nothing for you; an open release or a share "
               f"would add +{boost:.1f} to every domain of your next model and take "
               f"{discount:.0%} off rented compute")
    return (f"Open ecosystem {pool}: the data, recipes and code open labs have shared. "
            f"{you[0].upper()}{you[1:]}. Rivals' open models draw on it too; it grows "
            f"only while someone shares.")


def field_note(game: Game) -> str:
    """Who the scorecard's columns are: the closed labs behind the frontier and the rival
    whose model is the best open one in most domains, with research staff against yours."""
    rows = {row.id: row for row in rival_rows(game)}
    labs = [row for row in rows.values() if row.kind == "closed lab" and not row.status]
    holders: dict[str, int] = {}
    open_best = game.state.open_best
    for rival_id, state in game.state.rivals.items():
        if state.caps is None:
            continue
        held = sum(1 for domain, value in state.caps.items()
                   if domain in open_best and value >= open_best[domain])
        if held:
            holders[rival_id] = held
    parts = []
    if labs:
        names = ", ".join(f"{row.name} {row.staff_text}" for row in labs)
        parts.append(f"Front: the closed labs ({names} researchers)")
    if holders:
        top = max(holders, key=lambda rival_id: holders[rival_id])
        row = rows[top]
        parts.append(f"Open: the best model anyone can download; {row.name}'s in "
                     f"{plural(holders[top], 'domain')} ({row.staff_text} researchers)")
    parts.append(f"You: {plural(game.s['researchers'], 'researcher')} (tab 5: rivals)")
    return ". ".join(parts) + "."


GROUPS = (("closed lab", "Closed labs"), ("platform", "The platform"),
          ("startup", "Open startups"))


def rivals_table(game: Game) -> list[str]:
    """The rivals as lines of fixed columns, 39 wide so they fit beside the dashboard at 80
    columns: you first, then each kind of rival with its research staff, how many times
    yours that is, and how readily it shares (or what became of it)."""
    shares = "yes" if game.s["shares"] else "no"
    lines = [f"{'':<14}{'Research':>9}{'vs you':>8}{'Shares':>8}",
             f"{'You':<14}{game.s['researchers']:>9,.0f}{'x1':>8}{shares:>8}"]
    rows = rival_rows(game)
    for kind, title in GROUPS:
        group = [row for row in rows if row.kind == kind]
        if not group:
            continue
        lines.append(title)
        for row in group:
            name = row.name if len(row.name) <= 12 else row.name[:11] + "…"
            lines.append(f"  {name:<12}{row.staff_text:>9}{row.times_text:>8}"
                         f"{row.status or f'{row.sharing:.0%}':>8}")
    return lines


def rivals_text(game: Game) -> str:
    """The rivals tab: the table, then your staff against theirs and the pool's effect."""
    return "\n".join([*rivals_table(game), "", staff_summary(game), "", pool_summary(game)])
