"""Policy bots: built-in strategies that play through the same decisions and information as a
player. They read the state a player sees, the previews of event choices and the
odds of a round; they never look at future events."""

from __future__ import annotations

from collections.abc import Callable

from game.engine import decisions as d
from game.engine.content import EventRule
from game.engine.events import deltas
from game.engine.game import Decision, Game, IllegalDecision
from game.engine.rng import Stream, derive

_PER_MONTH, _PER_YEAR, _POINTS = 0, 1, 2


def random_choice(game: Game, event: EventRule, stream: Stream) -> str:
    """An open choice of ``event`` drawn from ``stream``, each as likely as the others."""
    open_choices = [c.model.id for c in event.choices
                    if c.requires is None or c.requires(game.s, game.state)]
    return open_choices[stream.randint(0, len(open_choices) - 1)]


def run_sizes(game: Game) -> tuple[str, ...]:
    """The rules' run sizes, smallest first (by compute units, then name); worked out once
    per game, since the rules do not change during one."""
    found: tuple[str, ...] | None = game.memo.get(("bots", "run_sizes"))
    if found is None:
        sizes = game.rules.training.sizes
        found = game.memo["bots", "run_sizes"] = tuple(
            sorted(sizes, key=lambda name: (sizes[name].units, name)))
    return found


def middle_round(game: Game) -> str:
    """The middle of the rules' round sizes by share raised (the lower middle of an even
    number); worked out once per game."""
    found: str | None = game.memo.get(("bots", "middle_round"))
    if found is None:
        sizes = game.rules.funding.sizes
        ordered = sorted(sizes, key=lambda name: (sizes[name], name))
        found = game.memo["bots", "middle_round"] = ordered[(len(ordered) - 1) // 2]
    return found


def release_option(game: Game, preferred: str) -> str:
    """``preferred`` if the rules offer it, else their first open option, else closed."""
    options = game.rules.release
    if preferred in options:
        return preferred
    return next((name for name, option in options.items() if option.open), "closed")


class Bot:
    """A strategy: how to answer events and what to plan each month."""

    name = "bot"
    description = ""
    weights: dict[str, float] = {}
    """How much the bot values one point of each stat (cash: per month of burn)."""

    def __init__(self, seed: int = 0) -> None:
        self.seed = seed
        self._values: dict[str, tuple[int, float]] = {}

    def stream(self, game: Game, *parts: str) -> Stream:
        return Stream(derive(game.state.seed, "bot", self.name, game.state.month, *parts))

    # -- events ------------------------------------------------------------------------------

    def choose(self, game: Game, event: EventRule) -> str:
        """The id of the open choice the bot scores highest, from the previews a player sees."""
        best, best_score = "", float("-inf")
        s, state = game.s, game.state
        # cash is weighed against a month of net burn, three times over when it runs short
        month_cost = max(s["burn"] - s["revenue"], 300.0)
        urgency = 3.0 if s["runway"] < 6 else 1.0
        values = self._values
        for choice in event.choices:
            if choice.requires is not None and not choice.requires.function(s, state):
                continue
            changes = deltas(game, choice)
            score = 0.0
            for key, delta in changes.items():
                found = values.get(key)
                if found is None:
                    found = values[key] = self._value_of(key)
                how, weight = found
                if how == _PER_MONTH:
                    score += delta / month_cost * weight * urgency
                elif how == _PER_YEAR:
                    score += delta * 12 / month_cost * weight
                else:
                    score += delta * weight
            ending = choice.model.ending
            if ending:
                score += self.ending_value(game, ending, changes.get("exit_price", 0.0))
            if score > best_score:
                best, best_score = choice.model.id, score
        return best

    def _value_of(self, key: str) -> tuple[int, float]:
        """How the bot values one point of a preview's key: cash is weighed against a
        month of burn, hosting deals against a year of it, and the rest by its weight."""
        weights = self.weights
        if key == "cash":
            return _PER_MONTH, weights.get("cash", 1.0)
        if key == "deal_revenue":
            return _PER_YEAR, weights.get("cash", 1.0)
        if key in ("researchers", "engineers", "gtm"):
            return _POINTS, weights.get("staff", 0.5)
        if "." in key:
            return _POINTS, weights.get("capability", 0.3)
        return _POINTS, weights.get(key, 0.0)

    def ending_value(self, game: Game, ending: str, price: float) -> float:
        """How much the bot wants to end the game this way now."""
        s = game.s
        if ending == "bust":
            return -1000.0
        if s["runway"] < 5 or price >= s["raised"] * 1.5:
            return 1000.0
        return -1000.0

    # -- plan ------------------------------------------------------------------------------

    def plan(self, game: Game) -> None:  # pragma: no cover - each bot plans
        raise NotImplementedError

    def attempt(self, game: Game, decision: Decision) -> bool:
        """Apply a decision if it is legal now; the bot, like a player, is told the reason."""
        try:
            game.apply(decision)
        except IllegalDecision:
            return False
        return True

    def raise_if_short(self, game: Game, months: float = 12) -> None:
        if game.s["runway"] < months and game.state.funding is None:
            self.attempt(game, d.RaiseRound(middle_round(game)))

    def train(self, game: Game, run: d.StartRun) -> None:
        """Contract the compute a run needs, if it can pay a month of it, then start it."""
        units = game.rules.training.sizes[run.size].units
        missing = int(units - game.s["compute_free"])
        if missing > 0 and not self.attempt(game, d.ContractCompute(missing)):
            return
        self.attempt(game, run)

    def feed_stalled_run(self, game: Game) -> None:
        """Rent back compute an event took away from a run in progress."""
        run = game.state.run
        if run is not None:
            missing = int(game.rules.training.sizes[run.size].units - game.s["compute"])
            if missing > 0:
                self.attempt(game, d.ContractCompute(missing))

    def free_idle_compute(self, game: Game) -> None:
        self.feed_stalled_run(game)
        idle = min(game.s["compute_free"], game.s["compute"] - game.s["owned_compute"])
        if game.state.run is None and idle > 0:
            self.attempt(game, d.ReleaseCompute(int(idle)))


class GeneralistOpen(Bot):
    name = "generalist-open"
    description = "trains general models, releases them openly, no product"
    weights = {"cash": 1.0, "reputation": 0.3, "community": 0.3, "hype": 0.2,
               "legal_risk": -0.3, "ecosystem": 0.2, "capability": 0.4}

    def plan(self, game: Game) -> None:
        state, s = game.state, game.s
        if state.pending_model is not None:
            channel = "stunt" if s["stunts"] == 0 else "launch"
            self.attempt(game, d.Release(release_option(game, "open_permissive"), channel))
        self.free_idle_compute(game)
        for size in reversed(run_sizes(game)):
            if state.run is None:
                self.train(game, d.StartRun(size, (), "permissive"))
        if state.month % 6 == 0:
            self.attempt(game, d.Share())
        if s["runway"] > 24 and s["researchers"] < 30:
            self.attempt(game, d.Hire("researchers", 2))
        self.raise_if_short(game)


class NicheProduct(Bot):
    name = "niche-product"
    description = "picks one niche, trains focused models, ships a product, shares moderately"
    weights = {"cash": 1.2, "reputation": 0.2, "community": 0.2, "hype": 0.1,
               "legal_risk": -0.5, "ecosystem": 0.1, "capability": 0.6}

    def __init__(self, seed: int = 0) -> None:
        super().__init__(seed)
        self.chosen: str | None = None

    def niche(self, game: Game) -> str:
        """The product whose domains the first model is closest to leading (kept all game)."""
        if self.chosen is None:
            products = game.content.products
            state = game.state

            def gap(product_id: str) -> float:
                domains = products[product_id].domains
                return min(state.cap[x] - state.frontier[x] for x in domains)

            self.chosen = max(sorted(products), key=gap)
        return self.chosen

    def plan(self, game: Game) -> None:
        state, s = game.state, game.s
        product = game.content.products[self.niche(game)]
        if state.pending_model is not None:
            openness = "open_permissive" if not product.needs_open else "open_restrictive"
            self.attempt(game, d.Release(release_option(game, openness)))
        self.free_idle_compute(game)
        lead = min(state.cap[x] - max(state.frontier[x], state.open_best[x])
                   for x in product.domains)
        if state.run is None and (lead < 6 or s["model_age"] >= 4):
            tuning = bool(set(product.domains) & set(game.rules.training.tuning_domains))
            sizes = run_sizes(game)  # the second smallest when money allows
            size = sizes[min(1, len(sizes) - 1)] if s["runway"] > 10 else sizes[0]
            self.train(game, d.StartRun(size, tuple(product.domains), "licensed", tuning))
        used = sum(game.content.products[p].gtm for p in state.products)
        if s["gtm"] - used < product.gtm:
            self.attempt(game, d.Hire("gtm", int(product.gtm - (s["gtm"] - used))))
        if product.id not in state.products:
            self.attempt(game, d.LaunchProduct(product.id))
        if state.month % 6 == 3:
            self.attempt(game, d.Share())
        if s["runway"] < 6 and s["researchers"] > 8:
            self.attempt(game, d.Fire("researchers", 2))
        self.raise_if_short(game)

    def ending_value(self, game: Game, ending: str, price: float) -> float:
        s = game.s
        if ending == "acquisition" and (s["runway"] < 3 and s["niche_lead_months"] == 0
                                        or price >= s["raised"] * 4):
            return 1000.0
        return -1000.0


class ClosedApi(Bot):
    name = "closed-api"
    description = "trains closed general models and sells them by API"
    weights = {"cash": 1.5, "reputation": 0.2, "hype": 0.2, "legal_risk": -0.3,
               "capability": 0.4}

    def plan(self, game: Game) -> None:
        state, s = game.state, game.s
        if state.pending_model is not None:
            self.attempt(game, d.Release("closed"))
        self.free_idle_compute(game)
        for size in reversed(run_sizes(game)):
            if state.run is None:
                self.train(game, d.StartRun(size, (), "licensed", True))
        if s["gtm"] < 4:
            self.attempt(game, d.Hire("gtm", 2))
        self.raise_if_short(game)


class RandomBot(Bot):
    name = "random"
    description = "random legal decisions each month"

    def choose(self, game: Game, event: EventRule) -> str:
        return random_choice(game, event, self.stream(game, "choose", event.id))

    def candidates(self, game: Game, stream: Stream) -> list[Decision]:
        content = game.content
        domains = content.domains
        sizes = sorted(game.rules.training.sizes)
        focus = tuple(sorted({domains[stream.randint(0, len(domains) - 1)]
                              for _ in range(stream.randint(0, 3))}))
        products = sorted(content.products)
        roles = d.ROLES
        releases = sorted(game.rules.release)
        rounds = sorted(game.rules.funding.sizes)
        decisions: list[Decision] = [
            d.StartRun(sizes[stream.randint(0, len(sizes) - 1)], focus,
                       d.DATA_MIXES[stream.randint(0, 2)], stream.chance(0.3)),
            d.Release(releases[stream.randint(0, len(releases) - 1)],
                      d.CHANNELS[stream.randint(0, 1)]),
            d.Share(),
            d.Hire(roles[stream.randint(0, 2)], stream.randint(1, 3)),
            d.Fire(roles[stream.randint(0, 2)], stream.randint(1, 2)),
            d.ContractCompute(stream.randint(1, 8)),
            d.ReleaseCompute(stream.randint(1, 8)),
        ]
        if products:
            decisions += [d.LaunchProduct(products[stream.randint(0, len(products) - 1)]),
                          d.ShutProduct(products[stream.randint(0, len(products) - 1)])]
        decisions.append(d.RaiseRound(rounds[stream.randint(0, len(rounds) - 1)]))
        return decisions

    def plan(self, game: Game) -> None:
        stream = self.stream(game, "plan")
        options = self.candidates(game, stream)
        for _ in range(stream.randint(0, 4)):
            self.attempt(game, options[stream.randint(0, len(options) - 1)])


BOTS: dict[str, Callable[[], Bot]] = {
    cls.name: cls for cls in (GeneralistOpen, NicheProduct, ClosedApi, RandomBot)
}
