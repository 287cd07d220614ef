"""The month's plan as a player sees it: every decision with its cost, its effect, and why it
is impossible when it is.

The terminal interface and any other front end list these; nothing here changes the game.
"""

from __future__ import annotations

from dataclasses import dataclass

from game.engine import decisions as d
from game.engine import resolve
from game.engine.display import plural, range_text, value_text
from game.engine.game import Decision, Game
from game.engine.stats import money_text


@dataclass(frozen=True)
class Option:
    """One decision the player could take now, or could not, and why."""

    label: str
    decision: Decision
    preview: str
    """What it costs and does."""
    reason: str | None
    """Why it is not possible now (None when it is)."""

    @property
    def possible(self) -> bool:
        return self.reason is None


@dataclass(frozen=True)
class Group:
    """A kind of decision on the plan, with a one-line status."""

    id: str
    title: str
    key: str
    """The key that opens it on the month screen."""
    status: str


GROUP_TITLES = (
    ("train", "Train a model", "t"),
    ("release", "Release a model", "r"),
    ("share", "Share data and recipes", "s"),
    ("team", "Hire or cut staff", "h"),
    ("compute", "Rent or return compute", "c"),
    ("product", "Launch or shut products", "p"),
    ("money", "Raise money", "m"),
)


def _option(game: Game, label: str, decision: Decision) -> Option:
    preview = decision.preview(game)
    return Option(label, decision, preview, game.check(decision))


def groups(game: Game) -> list[Group]:
    """The plan's groups with what each looks like this month."""
    state, s = game.state, game.s
    status: dict[str, str] = {}
    run = state.run
    if run is not None:
        focus = ", ".join(game.content.domain_names.get(x, x) for x in run.focus) or "general"
        status["train"] = (f"{run.size} run ({focus}) in progress: {run.months_left} "
                           f"month{'s' if run.months_left != 1 else ''} left")
        if s["compute"] < game.rules.training.sizes[run.size].units:
            status["train"] += " — STALLED, rent compute"
    else:
        free = s["compute_free"]
        status["train"] = f"idle; {free:g} free compute unit{'' if free == 1 else 's'}"
    lands = resolve.tuning_lands(game)
    if lands is not None:
        status["train"] += (f"; tuning lands in month {lands}"
                            + (" (this month)" if lands == state.month else ""))
    model = state.pending_model
    status["release"] = (f"{model.name} is trained and waiting" if model
                         else "nothing waiting to be released")
    share_reason = game.check(d.Share())
    status["share"] = share_reason or d.Share().preview(game)
    status["team"] = (f"{s['researchers']:g} researchers, {s['engineers']:g} engineers, "
                      f"{s['gtm']:g} go-to-market")
    costs = resolve.monthly_costs(game)["compute_contract"]
    owned = f" ({s['owned_compute']:g} owned)" if s["owned_compute"] else ""
    idle = ", IDLE while no run trains" if run is None and costs else ""
    status["compute"] = (f"{plural(s['compute'], 'unit')}{owned} "
                         f"cost{'s' if s['compute'] == 1 else ''} {money_text(costs)} a month"
                         f"{idle}; "
                         f"{money_text(game.rent_price())} per unit to rent")
    live = [game.content.products[p].name for p in state.products]
    status["product"] = ("on the market: " + ", ".join(live)) if live else "no products yet"
    if state.funding is not None:
        f = state.funding
        status["money"] = (f"{money_text(f.amount)} round closing in {f.months_left} "
                           f"month{'s' if f.months_left != 1 else ''} ({f.odds:.0%} likely)")
    else:
        status["money"] = f"valuation {money_text(s['valuation'])}; climate {s['climate']:.0f}"
    return [Group(gid, title, key, status[gid]) for gid, title, key in GROUP_TITLES]


def train_option(game: Game, size: str, focus: tuple[str, ...], data: str,
                 tuning: bool) -> Option:
    """The training run described by the new-run form."""
    names = game.content.domain_names
    label = f"Train a {size} model" + (
        f" focused on {', '.join(names.get(x, x) for x in focus)}" if focus else "")
    return _option(game, label, d.StartRun(size, focus, data, tuning))


@dataclass(frozen=True)
class Outlook:
    """What a run started now should reach in one domain, against the field when it ends."""

    domain: str
    name: str
    low: float
    high: float
    """The capability range to expect (the result varies by the rules' ``noise``)."""
    frontier: float
    """The closed frontier when the run ends, if it climbs as usual."""
    open_best: float
    """The best open model today (rivals release while you train)."""

    @property
    def best(self) -> float:
        """The best model anywhere when the run ends, as far as can be known now."""
        return max(self.frontier, self.open_best)

    def text(self) -> str:
        """``62–68 / 71``: the range and, after the slash, the best model by then."""
        return f"{range_text('cap', self.low, self.high)} / {value_text('cap', self.best)}"


def training_outlook(game: Game, run: d.StartRun) -> list[Outlook]:
    """Domain by domain, the capability the run should reach and the field it will meet."""
    state = game.state
    climb = game.rules.market.frontier_growth * game.rules.training.sizes[run.size].months
    expected = run.expected(game)
    return [Outlook(domain, game.content.domain_names[domain], *expected[domain],
                    min(100.0, state.frontier[domain] + climb), state.open_best[domain])
            for domain in game.content.domains]


def outlook_text(game: Game, run: d.StartRun) -> str:
    """The run's expected result in a sentence: the focus domains, and the others on average,
    against the best model when it ends, and how many domains it could lead."""
    rows = training_outlook(game, run)
    months = game.rules.training.sizes[run.size].months
    focus = [row for row in rows if row.domain in run.focus]
    rest = [row for row in rows if row.domain not in run.focus]

    def average(part: list[Outlook]) -> str:
        count = len(part)
        low = sum(row.low for row in part) / count
        high = sum(row.high for row in part) / count
        best = sum(row.best for row in part) / count
        return f"{range_text('cap', low, high)} against {value_text('cap', best)}"

    parts = [f"{row.name} {range_text('cap', row.low, row.high)} against "
             f"{value_text('cap', row.best)}" for row in focus]
    if rest:
        parts.append(("the rest average " if focus else "the domains average ")
                     + average(rest))
    sure = sum(1 for row in rows if round(row.low) >= round(row.best))
    could = sum(1 for row in rows if round(row.high) >= round(row.best))
    if sure:
        lead = f"it should lead in {plural(sure, 'domain')}" + (
            f", and in {could} at best" if could > sure else "")
    elif could:
        lead = f"it could lead in {plural(could, 'domain')} at best"
    else:
        lead = "it leads nowhere, even at best"
    return (f"Expect in {plural(months, 'month')}: {'; '.join(parts)} (best by then); "
            f"{lead}.")


def release_intro(game: Game) -> str:
    """What releasing the waiting model does whatever the release: its capability against
    yours, the open ecosystem pool's part in it, and the attention it will get."""
    model = game.state.pending_model
    if model is None:
        return ""
    state, count = game.state, len(game.content.domains)
    gains = {d: max(0.0, value - state.cap[d]) for d, value in model.caps.items()}
    after = game.s["cap_avg"] + sum(gains.values()) / count
    better = sum(1 for gain in gains.values() if gain > 0)
    if better:
        text = (f"{model.name} takes your capability {value_text('cap_avg', game.s['cap_avg'])}"
                f" → {value_text('cap_avg', after)} on average (it is better in "
                f"{plural(better, 'domain')})")
    else:
        text = f"{model.name} is no better than your model in any domain"
    if model.pool:
        share = sum(min(model.pool, gain) for gain in gains.values()) / count
        text += f"; the open ecosystem pool gave it +{model.pool:.1f} in every domain" + (
            f", {share:+.1f} of that rise" if better else "")
    return f"{text}.\n{d.Release('closed').attention(game)}."


def options(game: Game, group: str) -> list[Option]:
    """The concrete decisions of a group (training has its own form: see train_option)."""
    content = game.content
    if group == "release":
        found = []
        for key, option in game.rules.release.items():
            found.append(_option(game, option.label, d.Release(key)))
            if option.open:
                found.append(_option(game, f"{option.label}, as a stunt (torrent link)",
                                     d.Release(key, "stunt")))
        return found
    if group == "share":
        return [_option(game, "Publish data recipes, scrapers and code", d.Share())]
    if group == "team":
        found = []
        for role, one, many in (("researchers", "researcher", "researchers"),
                                ("engineers", "engineer", "engineers"),
                                ("gtm", "go-to-market hire", "go-to-market staff")):
            for count in (1, 3):
                found.append(_option(game, f"Hire {plural(count, one, many)}",
                                     d.Hire(role, count)))
            for count in (1, 3):
                found.append(_option(game, f"Let {plural(count, one, many)} go",
                                     d.Fire(role, count)))
        return found
    if group == "compute":
        found = [_option(game, f"Rent {n} more compute unit{'s' if n > 1 else ''}",
                         d.ContractCompute(n)) for n in (1, 2, 4, 8)]
        found += [_option(game, f"Return {n} rented unit{'s' if n > 1 else ''}",
                          d.ReleaseCompute(n)) for n in (1, 2, 4, 8)]
        return found
    if group == "product":
        found = []
        for product_id, product in content.products.items():
            if product_id in game.state.products:
                found.append(_option(game, f"Shut {product.name}", d.ShutProduct(product_id)))
            else:
                summary = product.description.split(". ")[0].rstrip(".")
                found.append(_option(game, f"Launch {product.name}: {summary}",
                                     d.LaunchProduct(product_id)))
        return found
    if group == "money":
        return [_option(game, f"Raise a {size} round", d.RaiseRound(size))
                for size in game.rules.funding.sizes]
    raise ValueError(f"unknown plan group {group!r}")
