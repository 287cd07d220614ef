"""The essay's claims, and the moments of one game that showed each.

Each claim has a finder that reads the game's own records (the ledger, the monthly history
and the decisions) and returns the months and what happened in them. A claim this game did
not show gets no moments: the debrief says so rather than inventing one.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from game.engine.stats import money_text

if TYPE_CHECKING:
    from game.engine.game import Game

Moment = tuple[int, str]
"""A month and what happened in it."""


@dataclass(frozen=True)
class Claim:
    id: str
    claim: str
    """The essay's claim, in a sentence."""
    mechanic: str
    """How the game makes a player feel it."""
    find: Callable[[Game], list[Moment]]


def _costs(game: Game) -> list[Moment]:
    history = game.state.history
    if len(history) < 2:
        return []
    first, last = history[0], history[-1]
    if last["cost_index"] <= first["cost_index"]:
        return []
    ratio = last["cost_index"] / first["cost_index"]
    return [(int(last["month"]), f"a unit of compute cost {ratio:.1f}x what it did in month "
                                 f"{int(first['month'])}")]


def _overtaken(game: Game) -> list[Moment]:
    """Months when the best open rival passed you, and releases whose edge faded within a
    quarter."""
    moments = []
    ahead = False
    for row in game.state.history:
        now = row["cap_avg"] >= row["open_best_avg"]
        if ahead and not now:
            moments.append((int(row["month"]), "the best open rival model passed yours on "
                                               "the scorecard average"))
        ahead = now
    for month, record in game.state.decisions:
        if record.get("kind") != "release":
            continue
        then, later = _row(game, month), _row(game, month + 3)
        if not then or not later:
            continue
        gap = then["cap_avg"] - then["open_best_avg"]
        gap_later = later["cap_avg"] - later["open_best_avg"]
        if gap_later < gap - 0.5:  # a visible fall, not rounding
            moments.append((month, f"released a model {gap:+.0f} points against the best open "
                                   f"model; three months later it stood at {gap_later:+.0f}"))
    return sorted(moments)[:4]


def _generalist(game: Game) -> list[Moment]:
    moments = []
    for month, record in game.state.decisions:
        if record.get("kind") == "train" and not record.get("focus"):
            moments.append((month, f"started a general {record.get('size')} run against "
                                   "the frontier labs"))
    ending = game.state.ending
    if moments and ending is not None and ending.family != "niche_win":
        moments.append((ending.month, f"the game ended in {ending.family.replace('_', ' ')}"))
    return moments[:4]


def _specialise(game: Game) -> list[Moment]:
    moments = []
    names = game.content.domain_names
    for month, record in game.state.decisions:
        focus = record.get("focus")
        if record.get("kind") == "train" and isinstance(focus, list) and focus:
            moments.append((month, "trained a model focused on "
                                   + ", ".join(names.get(str(d), str(d)) for d in focus)))
            break
    for month, record in game.state.decisions:
        if record.get("kind") == "launch":
            product = game.content.products.get(str(record.get("product")))
            name = product.name if product else str(record.get("product"))
            moments.append((month, f"launched {name}"))
    best = max((row["niche_lead_months"] for row in game.state.history), default=0)
    if best:
        month = next(int(r["month"]) for r in game.state.history if r["niche_lead_months"] == best)
        moments.append((month, f"a product led its niche for {best:.0f} months in a row"))
    return moments[:4]


def _sharing(game: Game) -> list[Moment]:
    moments = []
    for entry in game.state.journal:
        if entry.stat == "ecosystem" and entry.kind != "rule" and entry.delta > 0:
            moments.append((entry.month, f"the shared open pool grew by {entry.delta:.0f} "
                                         f"({_source(game, entry.kind, entry.source)})"))
    return moments[:4]


def _litigation(game: Game) -> list[Moment]:
    moments = []
    for month, record in game.state.decisions:
        if record.get("kind") == "train" and record.get("data") == "grey":
            moments.append((month, "trained on grey data (legal risk up)"))
            break
    for month, record in game.state.decisions:
        event = game.content.events.get(str(record.get("event", "")))
        if record.get("kind") == "choose" and event and event.model.theme in ("lawsuit",
                                                                                 "ruling"):
            moments.append((month, f"'{event.model.title}'"))
    return moments[:4]


def _releases_without_product(game: Game) -> list[Moment]:
    moments = []
    launched = {m for m, r in game.state.decisions if r.get("kind") == "launch"}
    first_launch = min(launched, default=10**6)
    for month, record in game.state.decisions:
        if record.get("kind") == "release" and record.get("openness") != "closed" \
                and month < first_launch:
            revenue = _row(game, month).get("revenue", 0.0)
            moments.append((month, f"released a model openly: reputation and community up, "
                                   f"revenue {money_text(revenue)} a month"))
    return moments[:3]


def _froth(game: Game) -> list[Moment]:
    moments = []
    history = game.state.history
    if len(history) >= 2 and history[-1]["climate"] < history[0]["climate"]:
        moments.append((int(history[-1]["month"]), f"the funding climate fell from "
                                                   f"{history[0]['climate']:.0f} to "
                                                   f"{history[-1]['climate']:.0f} out of 100"))
    for entry in game.state.journal:
        if entry.stat == "raised" and entry.delta > 0:
            moments.append((entry.month, f"closed a round of {money_text(entry.delta)}"))
    return moments[:4]


def _hosting(game: Game) -> list[Moment]:
    moments = []
    for month, record in game.state.decisions:
        event = game.content.events.get(str(record.get("event", "")))
        if record.get("kind") == "choose" and event and event.model.theme == "hosting_deal":
            moments.append((month, f"'{event.model.title}': "
                                   f"{str(record.get('choice')).replace('_', ' ')}"))
    return moments[:3]


def _tuning(game: Game) -> list[Moment]:
    moments = []
    for month, record in game.state.decisions:
        if record.get("kind") == "train" and record.get("tuning"):
            moments.append((month, "bought a preference-tuning contract with a run"))
    for month, record in game.state.decisions:
        event = game.content.events.get(str(record.get("event", "")))
        if record.get("kind") == "choose" and event and event.model.theme == "tuning_vendor":
            moments.append((month, f"'{event.model.title}'"))
    return moments[:3]


def _source(game: Game, kind: str, source: str) -> str:
    from game.engine.endings import describe_source

    return describe_source(game, kind, source)


def _row(game: Game, month: int) -> dict[str, float]:
    for row in game.state.history:
        if int(row["month"]) == month:
            return row
    return {}


CLAIMS = (
    Claim("cost", "Training a state-of-the-art model costs about five times more every year.",
          "A cost index multiplies compute prices month by month.", _costs),
    Claim("quarter", "A release is state of the art only until the next one, about a quarter.",
          "Your model's lead fades as newer open and closed models pass it.", _overtaken),
    Claim("head_to_head", "Head-to-head general-purpose competition is not viable for a "
          "small lab.", "General runs chase a frontier that rises faster than your money.",
          _generalist),
    Claim("specialise", "Specialise: beat the frontier on part of the scorecard and lose "
          "the rest.", "Focused runs buy capability in a few domains; a product pays only "
          "while it leads its niche.", _specialise),
    Claim("sharing", "Sharing data and recipes lets open players pool many more people.",
          "A shared ecosystem pool speeds every open player's research.", _sharing),
    Claim("litigation", "Data transparency collides with litigation over book datasets.",
          "Grey data and disclosure add legal exposure; lawsuits and rulings change the "
          "risk.", _litigation),
    Claim("pr", "Releasing models without a product is PR and recruiting, not a business.",
          "Open releases grow reputation, community and hype, not revenue.",
          _releases_without_product),
    Claim("froth", "Cheap money makes everything frothy; the next phase is about products.",
          "The funding climate drifts down; rounds get harder unless revenue grows.", _froth),
    Claim("hosting", "Clouds host the best open models on revenue-share deals.",
          "Hosting-deal events come only to a model that is best in its class.", _hosting),
    Claim("tuning", "Preference tuning is costly, slow and depends on vendors.",
          "Tuning contracts improve assistant quality at a high monthly price.", _tuning),
)


def find_moments(game: Game) -> list[dict[str, object]]:
    """Every claim with the moments of ``game`` that showed it (possibly none)."""
    return [{"id": c.id, "claim": c.claim, "mechanic": c.mechanic,
             "moments": [{"month": m, "text": t} for m, t in sorted(c.find(game))]}
            for c in CLAIMS]
