"""The player's plan decisions as command objects.

Each decision says why it is impossible now (:meth:`reason`, in words a player can read),
what it will cost and do (:meth:`preview`), and carries itself out (:meth:`perform`).
``Game.apply`` checks the reason first and raises ``IllegalDecision`` with it.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any, ClassVar

from game.engine.display import factor_text, plural
from game.engine.game import Decision, Game
from game.engine.resolve import (
    compute_bill,
    expected_capability,
    new_tuning_lands,
    rented_compute,
    tuning_lands,
)
from game.engine.state import FundingRound, ProductState, TrainingRun
from game.engine.stats import money_text

ROLES = ("researchers", "engineers", "gtm")
DATA_MIXES = ("licensed", "permissive", "grey")
CHANNELS = ("launch", "stunt")


def _cash_reason(game: Game, cost: float, what: str) -> str | None:
    if cost > game.s["cash"]:
        return f"{what} costs {money_text(cost)}; you have {money_text(game.s['cash'])}"
    return None


@dataclass(frozen=True)
class StartRun(Decision):
    """Start training a model."""

    size: str
    focus: tuple[str, ...] = ()
    data: str = "permissive"
    tuning: bool = False
    kind: ClassVar[str] = "train"

    def reason(self, game: Game) -> str | None:
        sizes = game.rules.training.sizes
        if game.state.run is not None:
            return "a training run is already in progress"
        if self.size not in sizes:
            return f"unknown run size {self.size!r}; choose {', '.join(sizes)}"
        if self.data not in DATA_MIXES:
            return f"unknown data mix {self.data!r}; choose {', '.join(DATA_MIXES)}"
        most = len(game.rules.training.focus_bonus)
        if len(self.focus) > most or len(set(self.focus)) != len(self.focus):
            words = {1: "one", 2: "two", 3: "three"}
            return f"focus on at most {words.get(most, str(most))} different domains"
        unknown = [d for d in self.focus if d not in game.content.domains]
        if unknown:
            return f"unknown domain {unknown[0]!r}"
        if self.tuning and game.state.tuning_months:
            return (f"your preference-tuning contract is still running; its ratings land "
                    f"in month {tuning_lands(game)}")
        units = sizes[self.size].units
        if game.s["compute_free"] < units:
            return (f"needs {units} free compute units; you have "
                    f"{game.s['compute_free']:g}")
        return _cash_reason(game, self.upfront(game), "licensing the data")

    def upfront(self, game: Game) -> float:
        """What is paid now: the data licence for a licensed mix."""
        if self.data != "licensed":
            return 0.0
        return game.rules.costs.licensed_data * math.sqrt(game.s["cost_index"])

    def preview(self, game: Game) -> str:
        size = game.rules.training.sizes.get(self.size)
        if size is None:
            return ""
        names = game.content.domain_names
        focus = ", ".join(names.get(x, x) for x in self.focus) if self.focus else "general"
        bill = compute_bill(game)
        text = (f"{size.months} months on {size.units} of your {game.s['compute']:g} compute "
                f"units; focus: {focus}; data: {self.data}")
        text += (f"; your compute bill stays {money_text(bill)} a month (rented units are paid "
                 f"whether they train or not)" if bill else
                 "; the units are yours: no compute bill")
        if self.upfront(game):
            text += f"; licence {money_text(self.upfront(game))} now"
        if self.data == "grey":
            text += f"; legal risk +{game.rules.training.grey_legal_risk:g}"
        if self.tuning:
            training = game.rules.training
            tuned = ", ".join(names[x] for x in training.tuning_domains)
            lands = new_tuning_lands(game, size.months)
            months = max(training.tuning_min_months, size.months)
            when = ("with the model" if training.tuning_min_months <= size.months else
                    plural(lands - (game.state.month + size.months - 1), "month", "months")
                    + " after the run ends")
            text += (f"; tuning contract {money_text(game.rules.costs.tuning_monthly)}/month "
                     f"for {months} months, +{training.tuning_bonus:g} in {tuned} landing in "
                     f"month {lands} ({when})")
        net = game.s["burn"] - game.s["revenue"] + (
            game.rules.costs.tuning_monthly if self.tuning and not game.state.tuning_months
            else 0.0)
        if net > 0 and game.s["cash"] - self.upfront(game) < net * size.months:
            text += (f"; WARNING: at today's burn your cash lasts "
                     f"{max(0.0, game.s['cash'] - self.upfront(game)) / net:.0f} of the "
                     f"{size.months} months the run needs")
        return text

    def expected(self, game: Game) -> dict[str, tuple[float, float]]:
        """The capability range to expect in each domain (see resolve.expected_capability)."""
        return expected_capability(game, self.size, tuple(self.focus), self.data, self.tuning)

    def perform(self, game: Game) -> None:
        months = game.rules.training.sizes[self.size].months
        game.state.run = TrainingRun(self.size, tuple(self.focus), self.data, self.tuning,
                                     game.state.month, months)
        if self.upfront(game):
            game.change("cash", -self.upfront(game), "decision", "licensed_data")
        if self.tuning:
            game.state.tuning_months = 1

    def record(self) -> dict[str, object]:
        return {"kind": self.kind, "size": self.size, "focus": list(self.focus),
                "data": self.data, "tuning": self.tuning}


@dataclass(frozen=True)
class Release(Decision):
    """Release the newest trained model."""

    openness: str
    channel: str = "launch"
    kind: ClassVar[str] = "release"

    def reason(self, game: Game) -> str | None:
        if game.state.pending_model is None:
            return "no finished model is waiting to be released"
        if self.openness not in game.rules.release:
            return f"unknown release {self.openness!r}; choose {', '.join(game.rules.release)}"
        if self.channel not in CHANNELS:
            return f"unknown channel {self.channel!r}; choose launch or stunt"
        if self.channel == "stunt" and not game.rules.release[self.openness].open:
            return "a stunt release needs open weights"
        return None

    def relevance(self, game: Game) -> float:
        """How much attention the model gets: a release that beats no open model is ignored.

        1.0 when it ties the best open model in its best domain, up to 1.5 when it leads by
        five points or more, down to 0.2 when it trails everywhere by eight or more.
        """
        model = game.state.pending_model
        if model is None:
            return 1.0
        open_best = game.state.open_best
        lead = max(model.caps[x] - open_best[x] for x in model.caps)
        attention = game.rules.attention
        return min(attention.most, max(attention.least, 1 + lead * attention.per_point))

    def preview(self, game: Game) -> str:
        option = game.rules.release.get(self.openness)
        if option is None:
            return ""
        scale = self.relevance(game)
        stunt_hype, stunt_reputation = self._stunt(game) if self.channel == "stunt" else (0, 0)
        parts = [f"{name} {shown:+.0f}" for name, value in (
            ("reputation", option.reputation + stunt_reputation),
            ("community", option.community), ("hype", option.hype + stunt_hype),
            ("transparency", option.transparency))
            if (shown := round(value * (scale if value > 0 else 1)))]
        if not option.open:
            parts.append("sold by API while it stays competitive")
        if game.state.pending_model is not None:
            parts.append(f"gains {factor_text(scale)} for attention")
        return ", ".join(parts)

    def attention(self, game: Game) -> str:
        """What the attention factor is, why the model gets it, and what it does (the same
        for every kind of release: it depends on the model only)."""
        scale = self.relevance(game)
        model = game.state.pending_model
        assert model is not None
        open_best = game.state.open_best
        best = max(model.caps, key=lambda x: model.caps[x] - open_best[x])
        lead = model.caps[best] - open_best[best]
        name = game.content.domain_names[best]
        where = f"leads the open field by {lead:.0f} in {name}" if lead >= 0.5 else \
            f"trails the best open model by {-lead:.0f} even in {name}"
        rule = game.rules.attention
        return (f"Attention {factor_text(scale)}: it {where}, so the gains below are "
                f"{factor_text(scale)} (x1.0 when level with the best open model, up to "
                f"{factor_text(rule.most)} when ahead, down to {factor_text(rule.least)} "
                f"when behind)")

    def _stunt(self, game: Game) -> tuple[float, float]:
        stunt = game.rules.stunt
        return (stunt.hype, stunt.reputation)

    def perform(self, game: Game) -> None:
        state = game.state
        model = state.pending_model
        assert model is not None
        option = game.rules.release[self.openness]
        scale = self.relevance(game)
        model.openness, model.channel = self.openness, self.channel
        model.released = state.month
        source = f"release_{self.openness}"
        for stat in ("reputation", "community", "hype"):
            value = getattr(option, stat)
            game.change(stat, value * scale if value > 0 else value, "decision", source)
        game.change("transparency", option.transparency, "decision", source)
        if model.data == "grey" and option.legal_risk:
            game.change("legal_risk", option.legal_risk, "decision", source)
        if self.channel == "stunt":
            hype, reputation = self._stunt(game)
            game.change("hype", hype * scale, "decision", "stunt_release")
            game.change("reputation", reputation, "decision", "stunt_release")
            game.change("stunts", 1, "decision", "stunt_release")
        for domain, value in model.caps.items():
            if value > state.cap[domain]:
                game.change_domain("cap", domain, value - state.cap[domain], "decision", source)
        game.change("releases", 1, "decision", source)
        if option.code:
            game.change("code_models", 1, "decision", source)
        if option.data:
            game.change("data_models", 1, "decision", source)
        if option.open:
            game.change("open_models", 1, "decision", source)
        else:
            game.change("closed_models", 1, "decision", source)
            state.closed_caps = dict(model.caps)
        game.change("model_age", -game.s["model_age"], "decision", source)
        if game.record:
            game.news(f"You released {model.name} ({option.label.lower()}).", "company")

    def record(self) -> dict[str, object]:
        return {"kind": self.kind, "openness": self.openness, "channel": self.channel}


@dataclass(frozen=True)
class Share(Decision):
    """Publish data recipes, scrapers and processing code."""

    kind: ClassVar[str] = "share"

    def reason(self, game: Game) -> str | None:
        if game.state.month - game.state.last_share < game.rules.sharing.every:
            return "you shared recently; there is nothing new to publish for a few months"
        return _cash_reason(game, game.rules.costs.share_cost, "cleaning up the recipe")

    def preview(self, game: Game) -> str:
        sharing = game.rules.sharing
        text = (f"costs {money_text(game.rules.costs.share_cost)}; reputation "
                f"{sharing.reputation:+g}, transparency {sharing.transparency:+g}, ecosystem "
                f"+{self.pool_gain(game):g} (helps rivals too)")
        if game.s["grey_models"]:
            text += (f"; legal risk {sharing.grey_legal_risk:+g} (your data includes grey "
                     "sources)")
        return text

    def pool_gain(self, game: Game) -> float:
        """What a share adds to the open ecosystem: more where rivals reciprocate."""
        reciprocity = game.content.scenarios[game.state.scenario].reciprocity
        return game.rules.mood.ecosystem_per_share * (1 + reciprocity)

    def perform(self, game: Game) -> None:
        state = game.state
        game.change("cash", -game.rules.costs.share_cost, "decision", "share")
        sharing = game.rules.sharing
        game.change("reputation", sharing.reputation, "decision", "share")
        game.change("transparency", sharing.transparency, "decision", "share")
        game.change("ecosystem", self.pool_gain(game), "decision", "share")
        if game.s["grey_models"]:
            game.change("legal_risk", sharing.grey_legal_risk, "decision", "share")
        game.change("shares", 1, "decision", "share")
        state.last_share = state.month

    def record(self) -> dict[str, object]:
        return {"kind": self.kind}


@dataclass(frozen=True)
class Hire(Decision):
    """Hire people into a role."""

    role: str
    count: int = 1
    kind: ClassVar[str] = "hire"

    def reason(self, game: Game) -> str | None:
        if self.role not in ROLES:
            return f"unknown role {self.role!r}; choose {', '.join(ROLES)}"
        if not 1 <= self.count <= 50:
            return "hire between 1 and 50 people at a time"
        return _cash_reason(game, self.count * game.rules.costs.hire_fee, "recruiting")

    def monthly(self, game: Game) -> int:
        costs = game.rules.costs
        salary: int = getattr(costs, {"researchers": "researcher", "engineers": "engineer",
                                      "gtm": "gtm"}.get(self.role, "gtm"))
        return self.count * (salary + costs.overhead_per_head)

    def preview(self, game: Game) -> str:
        return (f"recruiting {money_text(self.count * game.rules.costs.hire_fee)} now, then "
                f"{money_text(self.monthly(game))} a month")

    def perform(self, game: Game) -> None:
        game.change("cash", -self.count * game.rules.costs.hire_fee, "decision", "hiring")
        game.change(self.role, self.count, "decision", f"hire_{self.role}")

    def record(self) -> dict[str, object]:
        return {"kind": self.kind, "role": self.role, "count": self.count}


@dataclass(frozen=True)
class Fire(Decision):
    """Let people go from a role."""

    role: str
    count: int = 1
    kind: ClassVar[str] = "fire"

    def reason(self, game: Game) -> str | None:
        if self.role not in ROLES:
            return f"unknown role {self.role!r}; choose {', '.join(ROLES)}"
        have = game.s[self.role]
        if self.count < 1 or self.count > have:
            return f"you have {have:g} {self.role.replace('gtm', 'go-to-market staff')}"
        needed = sum(game.content.products[p].gtm for p in game.state.products)
        if self.role == "gtm" and have - self.count < needed:
            return f"your products need {needed} go-to-market staff"
        return None

    def severance(self, game: Game) -> float:
        return Hire(self.role, self.count).monthly(game) * game.rules.costs.severance_months

    def preview(self, game: Game) -> str:
        return (f"severance {money_text(self.severance(game))} now, saves "
                f"{money_text(Hire(self.role, self.count).monthly(game))} a month; "
                f"reputation {game.rules.standing.layoffs:+g}")

    def perform(self, game: Game) -> None:
        game.change("cash", -self.severance(game), "decision", "severance")
        game.change(self.role, -self.count, "decision", f"cut_{self.role}")
        game.change("reputation", game.rules.standing.layoffs, "decision", "layoffs")

    def record(self) -> dict[str, object]:
        return {"kind": self.kind, "role": self.role, "count": self.count}


@dataclass(frozen=True)
class ContractCompute(Decision):
    """Rent more compute units (paid monthly at the current price)."""

    units: int
    kind: ClassVar[str] = "contract"

    def reason(self, game: Game) -> str | None:
        if not 1 <= self.units <= 64:
            return "contract between 1 and 64 units at a time"
        # a provider asks for cash to cover a month at list price before it rents units
        deposit = self.units * game.compute_price()
        if deposit > game.s["cash"]:
            return (f"the provider wants cash for a month at list price, "
                    f"{money_text(deposit)}, before it rents; you have "
                    f"{money_text(game.s['cash'])}")
        return None

    def preview(self, game: Game) -> str:
        monthly = self.units * game.rent_price()
        text = f"{money_text(monthly)} a month at today's prices"
        net = game.s["burn"] + monthly - game.s["revenue"]
        if net > 0 and game.s["cash"] / net < 6:
            months = round(game.s["cash"] / net)
            text += f"; WARNING: your cash would last {months} month{'' if months == 1 else 's'}"
        return text

    def perform(self, game: Game) -> None:
        game.change("compute", self.units, "decision", "contract_compute")

    def record(self) -> dict[str, object]:
        return {"kind": self.kind, "units": self.units}


@dataclass(frozen=True)
class ReleaseCompute(Decision):
    """Give back compute units that no run is using."""

    units: int
    kind: ClassVar[str] = "uncontract"

    def reason(self, game: Game) -> str | None:
        free = min(game.s["compute_free"], rented_compute(game))
        if self.units < 1 or self.units > free:
            return f"you have {free:g} free rented compute units"
        return None

    def preview(self, game: Game) -> str:
        return f"saves {money_text(self.units * game.rent_price())} a month"

    def perform(self, game: Game) -> None:
        game.change("compute", -self.units, "decision", "release_compute")

    def record(self) -> dict[str, object]:
        return {"kind": self.kind, "units": self.units}


@dataclass(frozen=True)
class LaunchProduct(Decision):
    """Put a product on the market."""

    product: str
    kind: ClassVar[str] = "launch"

    def reason(self, game: Game) -> str | None:
        product = game.content.products.get(self.product)
        if product is None:
            return f"unknown product {self.product!r}"
        state = game.state
        if self.product in state.products:
            return f"{product.name} is already on the market"
        for domain in product.domains:
            if state.cap[domain] < product.min_capability:
                name = game.content.domain_names[domain]
                return (f"needs {name} capability {product.min_capability:g}; "
                        f"you have {state.cap[domain]:.0f}")
        used = sum(game.content.products[p].gtm for p in state.products)
        if game.s["gtm"] - used < product.gtm:
            return (f"needs {product.gtm} free go-to-market staff; you have "
                    f"{game.s['gtm'] - used:g}")
        if product.needs_open and not game.s["open_models"]:
            return "needs a model released with open weights"
        return _cash_reason(game, product.launch_cost, "the launch")

    def preview(self, game: Game) -> str:
        product = game.content.products.get(self.product)
        if product is None:
            return ""
        names = ", ".join(game.content.domain_names[x] for x in product.domains)
        return (f"launch {money_text(product.launch_cost)}, needs {product.gtm} go-to-market "
                f"staff; up to {money_text(product.revenue)} a month at full adoption, more "
                f"while you lead in {names}")

    def perform(self, game: Game) -> None:
        product = game.content.products[self.product]
        game.change("cash", -product.launch_cost, "decision", f"launch_{self.product}")
        game.state.products[self.product] = ProductState(launched=game.state.month)
        game.change("products_launched", 1, "decision", f"launch_{self.product}")
        game.news(f"You launched {product.name}.", "company")

    def record(self) -> dict[str, object]:
        return {"kind": self.kind, "product": self.product}


@dataclass(frozen=True)
class ShutProduct(Decision):
    """Take a product off the market."""

    product: str
    kind: ClassVar[str] = "shut"

    def reason(self, game: Game) -> str | None:
        if self.product not in game.state.products:
            return "that product is not on the market"
        return None

    def preview(self, game: Game) -> str:
        live = game.state.products.get(self.product)
        return f"loses {money_text(live.revenue if live else 0)} a month of revenue"

    def perform(self, game: Game) -> None:
        del game.state.products[self.product]
        game.change("reputation", game.rules.standing.shut_product, "decision",
                    f"shut_{self.product}")

    def record(self) -> dict[str, object]:
        return {"kind": self.kind, "product": self.product}


@dataclass(frozen=True)
class RaiseRound(Decision):
    """Open a funding round of a given size."""

    size: str
    kind: ClassVar[str] = "raise"

    def reason(self, game: Game) -> str | None:
        if game.state.funding is not None:
            return "a round is already open"
        if self.size not in game.rules.funding.sizes:
            return f"unknown round size {self.size!r}; choose {', '.join(game.rules.funding.sizes)}"
        if game.s["valuation"] <= 0:
            return "no investor will price the company"
        return None

    def odds(self, game: Game) -> float:
        """The chance the round closes, from today's climate, hype, reputation and traction,
        and from its size: a bigger round is harder to close."""
        f, s = game.rules.funding, game.s
        traction = min(f.traction_cap, s["revenue"] / s["burn"]) if s["burn"] else f.traction_cap
        odds = (f.base_odds + f.size_odds.get(self.size, 0.0)
                + f.climate_weight * (s["climate"] - 50) / 50
                + f.hype_weight * (s["hype"] - 50) / 50
                + f.reputation_weight * (s["reputation"] - 50) / 50
                + f.traction_weight * traction + f.community_weight * s["community"] / 100)
        return round(min(f.max_odds, max(f.min_odds, odds)), 2)

    def amount(self, game: Game) -> int:
        return round(game.s["valuation"] * game.rules.funding.sizes.get(self.size, 0))

    def preview(self, game: Game) -> str:
        amount = self.amount(game)
        post = game.s["valuation"] + amount
        dilution = 100 * amount / post if post else 0
        size_odds = game.rules.funding.size_odds.get(self.size, 0.0)
        size = (f" ({100 * size_odds:+.0f} points for its size)" if size_odds else "")
        return (f"{money_text(amount)} in {game.rules.funding.round_months} months, "
                f"{self.odds(game):.0%} likely{size}; founders give up {dilution:.0f}% of "
                f"their stake")

    def perform(self, game: Game) -> None:
        game.state.funding = FundingRound(
            self.size, self.amount(game), round(game.s["valuation"]), self.odds(game),
            game.rules.funding.round_months, game.state.month)

    def record(self) -> dict[str, object]:
        return {"kind": self.kind, "size": self.size}


DECISIONS: dict[str, type[Decision]] = {
    cls.kind: cls for cls in (StartRun, Release, Share, Hire, Fire, ContractCompute,
                              ReleaseCompute, LaunchProduct, ShutProduct, RaiseRound)
}


def from_record(record: dict[str, Any]) -> Decision:
    """Rebuild a decision from its saved record; raises ValueError for a bad record."""
    fields = dict(record)
    kind = fields.pop("kind", None)
    cls = DECISIONS.get(str(kind))
    if cls is None:
        raise ValueError(f"unknown decision kind {kind!r}")
    if "focus" in fields:
        fields["focus"] = tuple(fields["focus"])
    try:
        return cls(**fields)
    except TypeError as error:
        raise ValueError(f"bad {kind} decision: {error}") from None

