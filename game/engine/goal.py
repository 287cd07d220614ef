"""How close the company is to a niche win, in the numbers the win is decided on.

A niche win needs a product on the market that leads the frontier and the best open model
in all its domains for a run of months, while revenue covers burn (the base pack's
``niche_win`` ending). :func:`tracker` says, for each live product, where each of its domains
stands, the months of lead so far against the months needed, and whether revenue covers
burn; before any product exists, it does the same for the niche the player's training has
chosen (the focus of the run in progress, else of the newest model).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from game.engine.display import money_text

if TYPE_CHECKING:
    from game.engine.game import Game

DEFAULT_MONTHS = 8
"""Months of lead the win needs when the packs' condition does not say."""


@dataclass(frozen=True)
class DomainGap:
    domain: str
    name: str
    lead: float
    """Shown capability less the shown best of frontier and open model (whole points)."""
    leading: bool


@dataclass(frozen=True)
class Goal:
    """One product, or the chosen niche, against the niche win."""

    name: str
    """The product's name, or ``niche`` when no product is on the market."""
    domains: tuple[DomainGap, ...]
    months: int
    """Months in a row it has led so far (0 for a niche without a product)."""
    needed: int
    product: bool

    @property
    def leading(self) -> bool:
        return all(gap.leading for gap in self.domains)


def months_needed(game: Game) -> int:
    """The months of lead the packs' niche-win ending asks for."""
    for ending in game.content.endings_by_family.get("niche_win", ()):
        found = re.search(r"niche_lead_months\s*>=?\s*(\d+)", ending.model.when)
        if found:
            return int(found.group(1))
    return DEFAULT_MONTHS


def _gaps(game: Game, domains: tuple[str, ...] | list[str]) -> tuple[DomainGap, ...]:
    state = game.state
    found = []
    for domain in domains:
        cap, best = state.cap[domain], max(state.frontier[domain], state.open_best[domain])
        found.append(DomainGap(domain, game.content.domain_names[domain],
                               round(cap) - round(best), cap >= best))
    return tuple(found)


def chosen_niche(game: Game) -> tuple[str, ...]:
    """The domains the player's training aims at: the run's focus, else the newest model's."""
    state = game.state
    if state.run is not None and state.run.focus:
        return state.run.focus
    for model in reversed(state.models):
        if model.focus and model.month > 0:
            return model.focus
    return ()


def tracker(game: Game) -> list[Goal]:
    """Each live product against the niche win, or the chosen niche before a product."""
    needed = months_needed(game)
    goals = []
    for product_id, live in game.state.products.items():
        product = game.content.products.get(product_id)
        if product is None:
            continue
        months = int(game.s["niche_lead_months"]) if live.leading else 0
        goals.append(Goal(product.name, _gaps(game, product.domains), months, needed, True))
    if not goals:
        niche = chosen_niche(game)
        if niche:
            goals.append(Goal("niche", _gaps(game, niche), 0, needed, False))
    return goals


def tracker_text(game: Game) -> str:
    """The goal line of the month screen."""
    s = game.s
    covers = s["revenue"] >= s["burn"]
    money = (f"revenue {money_text(s['revenue'])} {'covers' if covers else 'below'} burn "
             f"{money_text(s['burn'])}")
    goals = tracker(game)
    if not goals:
        return (f"Goal: a product leading its domains {months_needed(game)} months in a row; "
                f"none yet. {money[0].upper()}{money[1:]}.")
    lines = []
    for goal in goals:
        gaps = ", ".join(f"{g.name} {'+' if g.lead > 0 else ''}{g.lead:.0f}"
                         + (" (leads)" if g.leading else "") for g in goal.domains)
        if goal.product:
            lines.append(f"Goal: {goal.name} ({gaps}): led {goal.months} of "
                         f"{goal.needed} months; {money}")
        else:
            lines.append(f"Goal: your niche ({gaps}) needs a product leading "
                         f"{goal.needed} months; {money}")
    return "\n".join(lines)
