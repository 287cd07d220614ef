"""How numbers read: the one place every screen and debrief rounds and writes a number.

Headless (no terminal code), so the month screen, the ending, the journal and a classroom
debrief built on the ledger all show the same figure for the same value. Three rules:

- A value is rounded once, by :func:`shown`, to what its text shows (a whole number, or money
  to the digits of :func:`money_text`).
- A change between two values is the difference of their *shown* values (:func:`step`), so
  ``95`` then ``96`` reads ``▲1``, never ``▲2`` from unrounded values.
- Money always carries its unit and is never cut: ``$1.2M``, ``-$850k``; exact sums (the
  cash waterfall) are written in whole $k with :func:`money_exact`.
"""

from __future__ import annotations

from collections.abc import Mapping

from game.engine.stats import STAT_LIST, money_text

__all__ = ["LABELS", "MONEY", "change_text", "factor_text", "label", "money_exact",
           "money_text", "plural", "range_text", "shown", "signed_money", "step", "step_text",
           "value_text"]

MONEY = frozenset({stat.name for stat in STAT_LIST if stat.money} | {"exit_price", "raised"})
"""The stats shown as money: those the stat table marks as money, and the sale's figures."""
LABELS = {
    "cash": "Cash", "revenue": "Revenue/mo", "burn": "Burn/mo", "runway": "Runway",
    "reputation": "Reputation", "community": "Community", "hype": "Hype",
    "legal_risk": "Legal risk", "valuation": "Valuation", "cap_avg": "Capability",
    "transparency": "Transparency", "ownership": "Ownership", "researchers": "Researchers",
    "engineers": "Engineers", "gtm": "Go-to-market", "compute": "Compute",
    "deal_revenue": "Hosting deals/mo", "owned_compute": "Owned compute",
    "exit_price": "Sale price", "raised": "Raised", "ecosystem": "Open ecosystem",
    "product_revenue": "Product revenue/mo", "api_revenue": "API revenue/mo",
    "climate": "Funding climate", "cost_index": "Compute price index",
    "frontier_avg": "Frontier", "open_best_avg": "Best open model",
    "niche_lead_months": "Months leading",
}
TABLE_NAMES = {"cap": "Capability", "frontier": "Frontier", "open_best": "Best open model"}
def money_shown(amount_k: float) -> float:
    """Money rounded to what :func:`money_text` shows, in $k."""
    value = abs(amount_k)
    if value >= 1_000_000:
        unit = 100_000.0
    elif value >= 1000:
        unit = 100.0
    else:
        unit = 1.0
    rounded = round(value / unit) * unit
    return -rounded if amount_k < 0 else rounded


def shown(stat: str, value: float) -> float:
    """``value`` rounded to what its text shows."""
    if stat in MONEY:
        return money_shown(value)
    if stat == "runway" and value >= 99:
        return 99.0
    return float(round(value))


def value_text(stat: str, value: float) -> str:
    """A stat's value as a player reads it."""
    if stat in MONEY:
        return money_text(value)
    if stat == "runway":
        return "99+ mo" if value >= 99 else f"{value:.0f} mo"
    if stat == "ownership":
        return f"{value:.0f}%"
    return f"{value:.0f}"


def step(stat: str, before: float, after: float) -> float:
    """The change a player sees between two values: the difference of their shown values."""
    return shown(stat, after) - shown(stat, before)


def change_text(stat: str, delta: float) -> str:
    """A change as an arrow and its size (``▲$1.2M``, ``▼3``, ``=``): it reads without colour.

    ``delta`` is written as it is (rounded to its unit); for the change between two shown
    values use :func:`step_text`.
    """
    if stat in MONEY:
        amount = money_shown(delta)
        if not amount:
            return "="
        return ("▲" if amount > 0 else "▼") + money_text(abs(amount))
    rounded = round(delta)
    if not rounded:
        return "="
    return f"{'▲' if rounded > 0 else '▼'}{abs(rounded):.0f}"


def step_text(stat: str, before: float, after: float) -> str:
    """The change between two values as the player reads it (see :func:`step`)."""
    delta = step(stat, before, after)
    if stat in MONEY and abs(delta) >= 1000 and delta % 100:
        # from $950k to $2.0M: a change money_text would round; write it exactly
        return ("▲" if delta > 0 else "▼") + money_exact(abs(delta))
    return change_text(stat, delta)


def money_exact(amount_k: float) -> str:
    """Money to the last $k with thousands separators (``$1,234k``): exact sums add up."""
    value = round(amount_k)
    return f"{'-' if value < 0 else ''}${abs(value):,}k"


def signed_money(amount_k: float) -> str:
    """An exact money change with its sign (``+$1,234k``, ``-$56k``)."""
    value = round(amount_k)
    return f"{'+' if value > 0 else '-' if value < 0 else ''}${abs(value):,}k"


def label(stat: str, domains: Mapping[str, str] | None = None) -> str:
    """A stat's name as a player reads it (``cap.code``: ``Capability in Code``, with the
    packs' domain names in ``domains``)."""
    if stat in LABELS:
        return LABELS[stat]
    table, _, domain = stat.partition(".")
    if domain:
        name = (domains or {}).get(domain) or domain.replace("_", " ")
        return f"{TABLE_NAMES.get(table, table.replace('_', ' '))} in {name}"
    return stat.replace("_", " ").capitalize()


def plural(count: float, word: str, many: str | None = None) -> str:
    """``1 researcher``, ``3 researchers``, ``1 month``."""
    whole = f"{count:g}"
    return f"{whole} {word if count == 1 else (many or word + 's')}"


def range_text(stat: str, low: float, high: float) -> str:
    """A range of a stat as shown (``62–68``; one value when both ends show the same)."""
    low_text, high_text = value_text(stat, low), value_text(stat, high)
    return low_text if low_text == high_text else f"{low_text}–{high_text}"


def factor_text(factor: float) -> str:
    """A multiplier as a player reads it (``x1.5``, ``x0.2``)."""
    return f"x{factor:.1f}"
