"""Every stat that content can read, and the ones its effects may change.

This table is the single source for the expression language's names, the effect checker and
the generated reference for pack authors. Money is in thousands of dollars ($k).
"""

from __future__ import annotations

import math
from dataclasses import dataclass


@dataclass(frozen=True)
class Stat:
    """One named number of the game state."""

    name: str
    description: str
    settable: bool = False
    """Whether an event's effects may change it."""
    low: float | None = None
    high: float | None = None
    """Bounds the engine keeps it within (None: unbounded)."""
    money: bool = False
    """Kept as a whole number of $k."""


def _s(name: str, description: str, settable: bool = False, low: float | None = None,
       high: float | None = None, money: bool = False) -> Stat:
    return Stat(name, description, settable, low, high, money)


def _pct(name: str, description: str) -> Stat:
    """A settable stat kept between 0 and 100."""
    return Stat(name, description, True, 0.0, 100.0)



STAT_LIST: tuple[Stat, ...] = (
    # the company's money
    _s("cash", "cash in the bank, $k", True, money=True),
    _s("revenue", "total monthly revenue, $k", money=True),
    _s("product_revenue", "monthly revenue from products, $k", money=True),
    _s("api_revenue", "monthly revenue from selling a closed model by API, $k", money=True),
    _s("deal_revenue", "monthly revenue from hosting deals, $k", True, low=0, money=True),
    _s("burn", "monthly costs at the current plan, $k", money=True),
    _s("runway", "months of cash left at current net burn (99 when not burning)"),
    _s("valuation", "what investors think the company is worth, $k", True, low=0, money=True),
    _pct("ownership", "the founders' share of the company, %"),
    _s("raised", "money raised from investors so far, $k", money=True),
    _s("exit_price", "the price of an accepted acquisition, $k", True, low=0, money=True),
    # people and compute
    _s("researchers", "researchers on the team", True, low=0),
    _s("engineers", "engineers on the team", True, low=0),
    _s("gtm", "go-to-market staff (sales, support, partnerships)", True, low=0),
    _s("staff", "everyone on the team"),
    _s("compute", "compute units you can train on, rented or owned", True, low=0),
    _s("owned_compute", "compute units you own outright: no monthly rent", True, low=0),
    _s("compute_free", "compute units not used by a training run"),
    # standing
    _pct("reputation", "standing with researchers, press and customers, 0-100"),
    _pct("community", "developers building on your models, 0-100"),
    _pct("hype", "attention right now, 0-100; it fades"),
    _pct("legal_risk", "exposure to lawsuits and regulators, 0-100"),
    _pct("transparency", "how much you have disclosed about data and methods, 0-100"),
    # models
    _s("cap_avg", "your best model's average capability across the scorecard"),
    _s("best_lead", "your largest lead over the closed frontier in any domain"),
    _s("open_lead", "your largest lead over the best open rival model in any domain"),
    _s("niche_lead_months", "consecutive months a live product has led the frontier"),
    _s("training", "1 while a training run is in progress"),
    _s("fundraising", "1 while a funding round is open"),
    _s("open_models", "models you have released with open weights"),
    _s("closed_models", "models you have kept closed (API only)"),
    _s("grey_models", "models you have trained on grey sources such as pirated books"),
    _s("models_trained", "models you have trained during the game (not the one you started with)"),
    _s("releases", "models you have released during the game, open or closed"),
    _s("code_models", "models you have released with their training code"),
    _s("data_models", "models you have released with their training data (fully open)"),
    _s("products_launched", "products you have launched, including any since shut"),
    _s("shares", "times you have published data recipes and code"),
    _s("products_live", "products on the market"),
    _s("stunts", "stunt releases you have made"),
    _s("tuning", "1 while a preference-tuning contract is active"),
    _s("model_age", "months since your last release (99 before the first)"),
    # the world
    _s("month", "the month of the game, from 1"),
    _s("months_left", "months until the board's verdict"),
    _s("cost_index", "price of compute against 2023-01 (x5 a year)", True, low=0.1),
    _pct("climate", "the funding climate, 0 (frozen) to 100 (froth)"),
    _pct("ecosystem", "shared open knowledge: data, recipes and code, 0-100"),
    _s("frontier_avg", "the closed frontier's average capability"),
    _s("open_best_avg", "the best open rival models' average capability"),
    _s("rivals_active", "rivals still in the market"),
)

STATS: dict[str, Stat] = {stat.name: stat for stat in STAT_LIST}
STAT_NAMES: frozenset[str] = frozenset(STATS)
SETTABLE: frozenset[str] = frozenset(s.name for s in STAT_LIST if s.settable)
MONEY: frozenset[str] = frozenset(s.name for s in STAT_LIST if s.money)
DOMAIN_STATS: tuple[str, ...] = ("cap", "frontier", "open_best")
"""Per-domain values an effect may change, written ``"cap.code"``."""


def money_text(amount_k: float) -> str:
    """$k as a short money string: ``$1.2M``, ``$850k``, ``$3.4B``."""
    value = abs(amount_k)
    sign = "-" if amount_k < 0 else ""
    if value >= 1_000_000:
        return f"{sign}${value / 1_000_000:.1f}B"
    if value >= 1000:
        return f"{sign}${value / 1000:.1f}M"
    return f"{sign}${value:.0f}k"


def _range(stat: Stat) -> tuple[float, float]:
    low = -math.inf if stat.low is None else stat.low
    high = math.inf if stat.high is None else stat.high
    return low, high


RANGES: dict[str, tuple[float, float]] = {s.name: _range(s) for s in STAT_LIST} | {
    # derived stats whose bounds the engine keeps by construction
    "runway": (0.0, 99.0), "month": (1.0, 120.0), "months_left": (0.0, 120.0),
    "training": (0.0, 1.0), "fundraising": (0.0, 1.0), "tuning": (0.0, 1.0),
    "cap_avg": (0.0, 100.0), "frontier_avg": (0.0, 100.0), "open_best_avg": (0.0, 100.0),
    "best_lead": (-100.0, 100.0), "open_lead": (-100.0, 100.0),
    "niche_lead_months": (0.0, 120.0), "staff": (0.0, math.inf),
    "compute_free": (0.0, math.inf), "open_models": (0.0, math.inf),
    "closed_models": (0.0, math.inf), "grey_models": (0.0, math.inf),
    "models_trained": (0.0, math.inf), "releases": (0.0, math.inf),
    "code_models": (0.0, math.inf), "data_models": (0.0, math.inf),
    "products_launched": (0.0, math.inf),
    "shares": (0.0, math.inf), "products_live": (0.0, math.inf), "stunts": (0.0, math.inf),
    "model_age": (0.0, math.inf), "rivals_active": (0.0, math.inf), "raised": (0.0, math.inf),
    "revenue": (0.0, math.inf), "product_revenue": (0.0, math.inf),
    "api_revenue": (0.0, math.inf), "burn": (0.0, math.inf),
}
"""The values each stat can take, used by the pack validator to find conditions that can
never hold (a stat without bounds may take any value)."""
