"""How numbers read on screen: money, signed changes and trends, never carried by colour."""

from __future__ import annotations

from game.engine.stats import STAT_LIST, money_text

MONEY = frozenset(stat.name for stat in STAT_LIST if stat.money)
"""The stats shown as money: those the engine's stat table marks as money."""
LABELS = {
    "cash": "Cash", "revenue": "Revenue/mo", "burn": "Burn/mo", "runway": "Runway",
    "reputation": "Reputation", "community": "Community", "hype": "Hype",
    "legal_risk": "Legal risk", "valuation": "Valuation", "cap_avg": "Capability",
    "transparency": "Transparency", "ownership": "Ownership", "researchers": "Researchers",
    "engineers": "Engineers", "gtm": "Go-to-market", "compute": "Compute",
    "deal_revenue": "Hosting deals/mo", "owned_compute": "Owned compute",
}


def value_text(stat: str, value: float) -> str:
    """A stat's value as a player reads it."""
    if stat in MONEY:
        return money_text(value)
    if stat == "runway":
        return "99+ mo" if value >= 99 else f"{value:.0f} mo"
    if stat == "ownership":
        return f"{value:.0f}%"
    return f"{value:.0f}"


def change_text(stat: str, delta: float) -> str:
    """A change as an arrow and its size (``▲$1.2M``, ``▼3``): it reads without colour."""
    if abs(delta) < (0.5 if stat not in MONEY else 1):
        return "="
    arrow = "▲" if delta > 0 else "▼"
    if stat in MONEY:
        return f"{arrow}{money_text(abs(delta))}"
    return f"{arrow}{abs(delta):.0f}"


def label(stat: str) -> str:
    if stat in LABELS:
        return LABELS[stat]
    table, _, domain = stat.partition(".")
    if domain:
        return f"{table.replace('_', ' ')} in {domain.replace('_', ' ')}"
    return stat.replace("_", " ").capitalize()
