"""The resolve phase: accounting, training runs, funding rounds, products and moods."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from game.engine.numbers import round_to
from game.engine.rng import spread
from game.engine.state import Model
from game.engine.stats import money_text

if TYPE_CHECKING:
    from game.engine.game import Game

RULE = "rule"


def monthly_costs(game: Game) -> dict[str, float]:
    """This month's costs by ledger source, $k (what ``burn`` adds up)."""
    costs, s, state = game.rules.costs, game.s, game.state
    serving = (s["product_revenue"] + s["api_revenue"]) * costs.serving_share
    return {
        "salaries_research": s["researchers"] * costs.researcher,
        "salaries_engineering": s["engineers"] * costs.engineer,
        "salaries_gtm": s["gtm"] * costs.gtm,
        "overhead": costs.overhead_base + s["staff"] * costs.overhead_per_head,
        "compute_contract": compute_bill(game),
        "preference_tuning": costs.tuning_monthly if state.tuning_months else 0.0,
        "legal_costs": s["legal_risk"] * costs.legal_per_point,
        "serving_costs": serving,
    }


def rented_compute(game: Game) -> float:
    """Compute units paid for by the month (everything not owned outright)."""
    s = game.s
    return max(0.0, s["compute"] - s["owned_compute"])


def compute_bill(game: Game) -> float:
    """This month's bill for rented compute, less the discount for building in the open.

    The same as ``rented_compute(game) * game.compute_price()`` with the discount of
    :meth:`Game.builds_in_the_open`, written out because every refresh of the stats needs it.
    """
    costs, s = game.rules.costs, game.s
    rented = s["compute"] - s["owned_compute"]
    if rented <= 0:
        return 0.0
    bill = rented * (costs.compute_unit * s["cost_index"])
    if s["open_models"] > 0 or s["shares"] > 0:
        discount = costs.ecosystem_discount * s["ecosystem"]
        most = costs.ecosystem_discount_cap
        bill *= 1 - (most if discount > most else discount)
    return bill


def rent_price(game: Game) -> float:
    """The monthly price of one rented unit after the open-building discount, $k: the bill of
    :func:`compute_bill` is rented units times this (to rounding)."""
    costs, s = game.rules.costs, game.s
    price = costs.compute_unit * s["cost_index"]
    if s["open_models"] > 0 or s["shares"] > 0:
        discount = costs.ecosystem_discount * s["ecosystem"]
        most = costs.ecosystem_discount_cap
        price *= 1 - (most if discount > most else discount)
    return price


def compute_saving(game: Game) -> float:
    """What the open ecosystem takes off this month's rented compute, $k: the list price of
    the rented units less :func:`compute_bill`."""
    costs, s = game.rules.costs, game.s
    rented = s["compute"] - s["owned_compute"]
    if rented <= 0:
        return 0.0
    return rented * costs.compute_unit * s["cost_index"] - compute_bill(game)


def open_discount(game: Game) -> float:
    """The share of the list price the open ecosystem takes off rented compute (up to the
    rules' ``ecosystem_discount_cap``)."""
    costs, s = game.rules.costs, game.s
    if not (s["open_models"] > 0 or s["shares"] > 0):
        return 0.0
    return min(costs.ecosystem_discount_cap, costs.ecosystem_discount * s["ecosystem"])


def pool_capability(game: Game) -> float:
    """Capability points the open ecosystem pool adds to every domain of a model trained
    now: ``ecosystem_scale`` per point of the pool for a company that builds in the open
    (an open release or a share so far), nothing for one that keeps everything closed."""
    if not game.builds_in_the_open():
        return 0.0
    return game.rules.training.ecosystem_scale * game.s["ecosystem"]


def expected_capability(game: Game, size_name: str, focus: tuple[str, ...], data: str,
                        tuning: bool) -> dict[str, tuple[float, float]]:
    """The capability range a run started now should reach in each domain, if the frontier
    climbs as usual while it trains and the team stays as it is (the same formula as
    :func:`trained_capability`, with the per-domain noise as the range)."""
    training, s = game.rules.training, game.s
    size = training.sizes[size_name]
    research = training.research_scale * math.log2(1 + s["researchers"] / training.research_team)
    base = -size.gap + research + pool_capability(game) + training.data_bonus[data]
    # the model has the tuning only if the contract's ratings are in when the run ends; else
    # the gain lands later (see tuning_lands)
    tuned = tuning and size.months >= training.tuning_min_months
    focus_bonus = training.focus_bonus[len(focus) - 1] if focus else 0.0
    off_focus = training.off_focus if focus else 0.0
    climb = game.rules.market.frontier_growth * size.months
    most = float(training.max_capability)
    found = {}
    for domain in game.content.domains:
        value = (min(100.0, game.state.frontier[domain] + climb) + base
                 + (focus_bonus if domain in focus else off_focus)
                 + (training.tuning_bonus if tuned and domain in training.tuning_domains
                    else 0.0))
        found[domain] = (max(0.0, min(most, value - training.noise)),
                         max(0.0, min(most, value + training.noise)))
    return found


def monthly_burn(game: Game) -> float:
    """The sum of :func:`monthly_costs`, computed without building the table (it runs
    several times a month: every refresh of the stats)."""
    costs, s = game.rules.costs, game.s
    return (s["researchers"] * costs.researcher + s["engineers"] * costs.engineer
            + s["gtm"] * costs.gtm + costs.overhead_base + s["staff"] * costs.overhead_per_head
            + compute_bill(game)
            + (costs.tuning_monthly if game.state.tuning_months else 0.0)
            + s["legal_risk"] * costs.legal_per_point
            + (s["product_revenue"] + s["api_revenue"]) * costs.serving_share)


def resolve_month(game: Game) -> None:
    """Everything that happens at the end of a month, in order."""
    _products(game)
    _api(game)
    _hosting(game)
    _accounts(game)
    _training(game)
    _funding(game)
    _moods(game)
    _niche(game)


def _accounts(game: Game) -> None:
    """Revenue in, costs out: one ledger line per source."""
    s = game.s
    entries = [("product_revenue", s["product_revenue"]), ("api_revenue", s["api_revenue"]),
               ("hosting_deals", s["deal_revenue"])]
    s["revenue"] = s["product_revenue"] + s["api_revenue"] + s["deal_revenue"]
    entries += [(source, -amount) for source, amount in monthly_costs(game).items()]
    game.change_cash(entries, RULE)


def _products(game: Game) -> None:
    market, state, s = game.rules.market, game.state, game.s
    total = 0
    for product_id, live in state.products.items():
        product = game.content.products[product_id]
        gaps = [state.cap[d] - state.open_best[d] for d in product.domains]
        competitive = min(gaps) >= -market.competitive_margin
        live.leading = all(state.cap[d] >= max(state.frontier[d], state.open_best[d])
                           for d in product.domains)
        if competitive:
            growth = market.adoption_growth * (1 + market.community_scale * s["community"] / 100)
            if live.leading:
                growth *= market.leading_adoption
            live.adoption = min(1.0, live.adoption + growth)
        else:
            live.adoption = max(0.0, live.adoption - market.adoption_decay)
        revenue = product.revenue * live.adoption * (1 + market.gtm_scale * s["gtm"])
        if live.leading:
            revenue *= market.lead_premium
        live.revenue = round(revenue)
        total += live.revenue
    s["product_revenue"] = float(total)


def _api(game: Game) -> None:
    market, state, s = game.rules.market, game.state, game.s
    if state.closed_caps is None:
        s["api_revenue"] = 0.0
        return
    count = len(game.content.domains)
    closed_avg = sum(state.closed_caps.values()) / count
    edge = closed_avg - s["open_best_avg"] + market.api_margin
    s["api_revenue"] = float(round(max(0.0, edge) * market.api_rate
                                   * (1 + market.gtm_scale * s["gtm"])))


def _hosting(game: Game) -> None:
    """Hosting deals pay by the tokens the clouds' customers run on your model: while your
    models lead the best open model in no domain, those customers move to the better free
    one, and the deals pay less every month (they do not come back)."""
    s = game.s
    deals = s["deal_revenue"]
    if deals <= 0 or s["open_lead"] >= 0:
        return
    lost = game.change("deal_revenue", -math.ceil(deals * game.rules.market.hosting_loss),
                       RULE, "hosting_overtaken")
    if lost and game.record and not _lost_last_month(game):
        game.news("Your models no longer lead the open field anywhere: the clouds' customers "
                  "are moving to a better free model, and your hosting deals pay less each "
                  "month.", "company")


def _lost_last_month(game: Game) -> bool:
    """Whether hosting deals already lost revenue to a better open model last month."""
    last = game.state.month - 1
    for entry in reversed(game.state.journal):
        if entry.month < last:
            break
        if entry.month == last and entry.source == "hosting_overtaken":
            return True
    return False


def tuning_lands(game: Game) -> int | None:
    """The game month in which the running preference-tuning contract's gain reaches your
    models, or None without a contract.

    The contract is paid from the month its run starts; the gain lands in the month the
    contract has been paid ``tuning_min_months`` months, or when the run finishes if that is
    later (a stalled run delays it further)."""
    state, needed = game.state, game.rules.training.tuning_min_months
    if not state.tuning_months:
        return None
    lands = state.month + max(0, needed - state.tuning_months)
    run = state.run
    if run is not None and run.tuning:
        lands = max(lands, state.month + run.months_left - 1)
    return lands


def new_tuning_lands(game: Game, run_months: int) -> int:
    """:func:`tuning_lands` for a contract bought now with a run of ``run_months`` months."""
    return game.state.month + max(game.rules.training.tuning_min_months, run_months) - 1


def _tuning(game: Game) -> None:
    """A contract whose model has shipped goes on until its ratings land, then improves the
    capability you serve (and a model waiting for release) in the tuning domains."""
    state, training = game.state, game.rules.training
    if not state.tuning_months:
        return
    run = state.run
    if (run is not None and run.tuning) or state.tuning_months < training.tuning_min_months:
        state.tuning_months += 1
        return
    state.tuning_months = 0
    pending = state.pending_model
    for domain in training.tuning_domains:
        game.change_domain("cap", domain, training.tuning_bonus, RULE, "preference_tuning")
        if pending is not None:
            pending.caps[domain] = round_to(min(float(training.max_capability),
                                                pending.caps[domain] + training.tuning_bonus), 2)
    if game.record:
        names = ", ".join(game.content.domain_names[d] for d in training.tuning_domains)
        game.news(f"The preference-tuning ratings have landed: your models gain "
                  f"{training.tuning_bonus:g} in {names}.", "company")


def _training(game: Game) -> None:
    _run(game)
    _tuning(game)


def _run(game: Game) -> None:
    state = game.state
    run = state.run
    if run is None:
        return
    if game.s["compute"] < game.rules.training.sizes[run.size].units:
        game.news("Your training run is stalled: it has lost the compute it needs.", "company")
        return
    run.months_left -= 1
    if run.months_left > 0:
        return
    caps = trained_capability(game)
    model = Model(game.new_model_name(), state.month, caps, run.focus, run.data,
                  pool=round(pool_capability(game), 2))
    game.add_model(model)
    game.change("models_trained", 1, RULE, "training_run")
    state.run = None
    tuned = run.tuning and state.tuning_months >= game.rules.training.tuning_min_months
    if tuned:
        state.tuning_months = 0  # the ratings were in before the run ended: the model has them
    if run.data == "grey":
        game.change("grey_models", 1, RULE, "grey_data")
        game.change("legal_risk", game.rules.training.grey_legal_risk, RULE, "grey_data")
    if not game.record:
        return
    best = max(caps, key=lambda d: caps[d] - state.frontier[d])
    game.news(f"Your run finished: {model.name} is ready to release. Its best domain is "
              f"{game.content.domain_names[best]} at {caps[best]:.0f} "
              f"(frontier {state.frontier[best]:.0f}).", "company")
    if run.tuning and not tuned:
        game.news(f"{model.name} is ready without its preference tuning: the raters are still "
                  f"at work, and their ratings land in month {tuning_lands(game)}.", "company")


def trained_capability(game: Game) -> dict[str, float]:
    """The capability of the run that finishes now, per domain."""
    training, state, s = game.rules.training, game.state, game.s
    run = state.run
    assert run is not None
    size = training.sizes[run.size]
    research = training.research_scale * math.log2(1 + s["researchers"] / training.research_team)
    base = -size.gap + research + pool_capability(game) + training.data_bonus[run.data]
    tuned = run.tuning and state.tuning_months >= training.tuning_min_months
    domains = game.content.domains
    wobbles = spread(game.stream("training", run.started).next64(), len(domains))
    focus = training.focus_bonus[len(run.focus) - 1] if run.focus else 0.0
    off_focus = training.off_focus if run.focus else 0.0
    tuning = training.tuning_bonus if tuned else 0.0
    noise, most = training.noise, float(training.max_capability)
    caps: dict[str, float] = {}
    for domain, frontier, wobble in zip(domains, game.content.domain_values(state.frontier),
                                        wobbles, strict=True):
        # adding 0.0 for a domain a bonus does not reach leaves the value as it was
        value = (frontier + base + (focus if domain in run.focus else off_focus)
                 + (tuning if domain in training.tuning_domains else 0.0) + wobble * noise)
        caps[domain] = round_to(most if value > most else (0.0 if value < 0.0 else value), 2)
    return caps


def _funding(game: Game) -> None:
    state, s = game.state, game.s
    round_ = state.funding
    if round_ is None:
        return
    round_.months_left -= 1
    if round_.months_left > 0:
        return
    state.funding = None
    source = f"round_{round_.size}"
    if game.stream("funding", round_.started).chance(round_.odds):
        game.change("cash", round_.amount, RULE, source)
        game.change("raised", round_.amount, RULE, source)
        post = round_.pre_money + round_.amount
        game.change("ownership", -s["ownership"] * round_.amount / post, RULE, source)
        game.change("valuation", post - s["valuation"], RULE, source)
        if game.record:
            game.news(f"Your round closed: {money_text(round_.amount)} at "
                      f"{money_text(round_.pre_money)} before the money.", "company")
    else:
        game.change("hype", -game.rules.funding.failed_round_hype, RULE, source)
        game.news("Your round failed: the last investor on the list passed.", "company")


def _moods(game: Game) -> None:
    mood, funding, s, state = game.rules.mood, game.rules.funding, game.s, game.state
    game.change("hype", -s["hype"] * mood.hype_decay, RULE, "hype_fades")
    game.change("reputation", (mood.reputation_rest - s["reputation"]) * mood.reputation_drift,
                RULE, "reputation_settles")
    community = -s["community"] * mood.community_decay
    if s["open_models"] and s["cap_avg"] >= s["open_best_avg"]:
        community += mood.community_from_lead
    game.change("community", community, RULE, "community")
    legal = s["grey_models"] * mood.legal_per_grey_model
    if game.rules.standing.fair_use_flag in state.flags:
        legal *= game.rules.standing.fair_use_legal
    if game.rules.standing.piracy_flag in state.flags:
        legal *= game.rules.standing.piracy_legal
    game.change("legal_risk", legal - s["legal_risk"] * mood.legal_decay, RULE, "legal_exposure")
    fundamentals = (s["revenue"] * 12 * funding.revenue_multiple
                    + funding.attention_value * (s["hype"] + s["reputation"] + s["community"])
                    + funding.capability_value * max(0.0, s["cap_avg"] - s["open_best_avg"]
                                                 + funding.capability_margin))
    fundamentals *= funding.climate_base + s["climate"] / 100
    game.change("valuation", (fundamentals - s["valuation"]) * funding.valuation_pull, RULE,
                "valuation_drift")
    game.change("model_age", 1, RULE, "time")


def _niche(game: Game) -> None:
    state = game.state
    leading = bool(state.products) and any(live.leading for live in state.products.values())
    if leading:
        game.change("niche_lead_months", 1, RULE, "niche_lead")
    elif game.s["niche_lead_months"]:
        game.change("niche_lead_months", -game.s["niche_lead_months"], RULE, "niche_lead")
