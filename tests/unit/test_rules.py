"""Rules of the game, each with a test that fails when the rule is removed or changed."""

from __future__ import annotations

import dataclasses

import pytest

from game.content.loader import Content
from game.engine import events, hand, resolve
from game.engine.game import Game, IllegalDecision
from game.engine.state import FundingRound, ProductState
from tests.states import with_state


def only(content: Content, *ids: str, pace: list[float] | None = None) -> Content:
    """The content with only the named events, and the rules' pace replaced if given."""
    rules = content.rules
    if pace is not None:
        rules = rules.model_copy(update={"events": rules.events.model_copy(
            update={"pace": pace})})
    return dataclasses.replace(content, events={i: content.events[i] for i in ids},
                               rules=rules)


def months_drawn(game: Game, event_id: str, months: int) -> list[int]:
    """The months in which ``event_id`` is drawn, forcing its roll to pass."""
    found = []
    for _ in range(months):
        game = with_state(game, month=game.state.month + 1)
        if any(e.id == event_id for e in events.draw(game)):
            found.append(game.state.month)
    return found


def sure(content: Content, event_id: str, **changes: int | bool) -> Content:
    """The event with a certain chance, always eligible, and other fields changed."""
    event = content.events[event_id]
    model = event.model.model_copy(update={"once": False, **changes})
    forced = dataclasses.replace(event, model=model, chance=1.0, threshold=2**32, when=None,
                                 cooldown=int(changes.get("cooldown", event.cooldown)))
    return dataclasses.replace(content, events={event_id: forced})


def test_a_locked_choice_is_refused_with_its_reason(content: Content) -> None:
    game = Game.new(content, seed=1)
    game.begin_month()
    hand.force_event(game, "lm_hosting_revshare")
    hand.set_stat(game, "reputation", 10)
    with pytest.raises(IllegalDecision, match="reputation at least 55; you have 10"):
        game.choose("lm_hosting_revshare", "negotiate_harder")


def test_a_once_event_happens_once(content: Content) -> None:
    game = Game.new(sure(content, "pc_magazine_profile", once=True), seed=1)
    assert len(months_drawn(game, "pc_magazine_profile", 12)) == 1


def test_a_cooldown_spaces_an_event(content: Content) -> None:
    game = Game.new(sure(content, "pc_cloud_reneges", cooldown=4), seed=1)
    drawn = months_drawn(game, "pc_cloud_reneges", 12)
    assert [b - a for a, b in zip(drawn, drawn[1:], strict=False)] == [4, 4]


def test_a_follow_up_comes_exactly_its_months_later(content: Content) -> None:
    game = Game.new(content, seed=1)
    game.begin_month()
    hand.force_event(game, "rv_bench_leaderboard_temptation")
    game.choose("rv_bench_leaderboard_temptation", "game_it")
    start = game.state.month
    game.content = only(content, "rv_bench_gaming_exposed")
    assert months_drawn(game, "rv_bench_gaming_exposed", 6) == [start + 3]


def test_a_month_brings_no_more_events_than_its_pace_allows(content: Content) -> None:
    quiet = sure(content, "pc_magazine_profile")
    quiet = dataclasses.replace(quiet, rules=quiet.rules.model_copy(update={
        "events": quiet.rules.events.model_copy(update={"pace": [1.0]})}))
    assert months_drawn(Game.new(quiet, seed=1), "pc_magazine_profile", 6) == []
    assert len(months_drawn(Game.new(sure(content, "pc_magazine_profile"), seed=1),
                            "pc_magazine_profile", 24)) >= 2


def set_stats(game: Game, **values: float) -> None:
    for stat, value in values.items():
        hand.set_stat(game, stat, value)


def round_of(game: Game, odds: float) -> FundingRound:
    return FundingRound("standard", 20000, 80000, odds, 1, game.state.month)


def test_a_closed_round_dilutes_the_founders_by_the_new_money(content: Content) -> None:
    game = Game.new(content, seed=1)
    before = game.s["ownership"]
    game = with_state(game, funding=round_of(game, 1.0))
    resolve._funding(game)
    assert game.s["ownership"] == pytest.approx(before * (1 - 20000 / 100000))
    assert game.s["valuation"] == 100000


def test_a_failed_round_costs_hype_and_brings_no_money(content: Content) -> None:
    game = Game.new(content, seed=1)
    hand.set_stat(game, "hype", 50)
    cash = game.s["cash"]
    game = with_state(game, funding=round_of(game, 0.0))
    resolve._funding(game)
    assert game.s["cash"] == cash
    assert game.s["hype"] == 50 - content.rules.funding.failed_round_hype


def test_tuning_helps_only_a_contract_that_ran_long_enough(content: Content) -> None:
    from game.engine.state import TrainingRun

    game = Game.new(content, seed=1)
    domain = content.rules.training.tuning_domains[0]
    results = {}
    for months in (0, content.rules.training.tuning_min_months):
        game = with_state(game, run=TrainingRun("small", (), "permissive", True, 1, 1),
                          tuning_months=months)
        results[months] = resolve.trained_capability(game)[domain]
    gained = results[content.rules.training.tuning_min_months] - results[0]
    assert gained == pytest.approx(content.rules.training.tuning_bonus)


def test_round_odds_follow_the_climate_and_traction(content: Content) -> None:
    from game.engine.decisions import RaiseRound

    funding = content.rules.funding
    game = Game.new(content, seed=1)
    set_stats(game, climate=50, hype=50, reputation=50, community=0, revenue=0)
    base = RaiseRound("standard").odds(game)
    assert base == pytest.approx(funding.base_odds, abs=0.006)
    set_stats(game, climate=75)
    assert RaiseRound("standard").odds(game) == pytest.approx(
        base + funding.climate_weight / 2, abs=0.006)
    set_stats(game, climate=50, revenue=game.s["burn"])
    assert RaiseRound("standard").odds(game) == pytest.approx(
        base + funding.traction_weight, abs=0.006)
    set_stats(game, climate=0, revenue=0, hype=0, reputation=0)
    assert RaiseRound("standard").odds(game) == funding.min_odds


def test_a_round_closes_with_the_odds_it_was_opened_at(content: Content) -> None:
    closed = 0
    for seed in range(200):
        game = Game.new(content, seed=seed)
        game = with_state(game, funding=round_of(game, 0.3))
        before = game.s["cash"]
        resolve._funding(game)
        closed += game.s["cash"] > before
    assert 40 <= closed <= 80  # 30% of 200, give or take


def product_game(content: Content, lead: float) -> tuple[Game, str]:
    """A game with a live code product whose domain is ``lead`` points above the best open
    model (and below the frontier)."""
    game = Game.new(content, seed=1)
    product_id = "code_copilot"
    (domain,) = content.products[product_id].domains
    state = game.state
    game = with_state(game, products={product_id: ProductState(launched=1)},
                      open_best={**state.open_best, domain: 50.0},
                      frontier={**state.frontier, domain: 90.0},
                      cap={**state.cap, domain: 50.0 + lead})
    hand.set_stat(game, "community", 0)
    return game, product_id


def adopted(game: Game, product_id: str, adoption: float) -> tuple[Game, ProductState]:
    """The game with its live product at ``adoption`` of its market, as a save would hold
    it, and that product."""
    live = dataclasses.replace(game.state.products[product_id], adoption=adoption)
    return with_state(game, products={**game.state.products, product_id: live}), live


def test_a_competitive_product_gains_adoption_and_earns_by_it(content: Content) -> None:
    market = content.rules.market
    game, product_id = product_game(content, lead=0)
    product = content.products[product_id]
    resolve._products(game)
    live = game.state.products[product_id]
    assert live.adoption == pytest.approx(market.adoption_growth)
    expected = product.revenue * market.adoption_growth * (1 + market.gtm_scale * game.s["gtm"])
    assert live.revenue == round(expected)
    assert game.s["product_revenue"] == live.revenue
    resolve._products(game)
    assert live.adoption == pytest.approx(2 * market.adoption_growth)


def test_a_product_left_behind_by_the_open_models_loses_its_customers(
        content: Content) -> None:
    market = content.rules.market
    game, product_id = product_game(content, lead=-market.competitive_margin - 1)
    game, live = adopted(game, product_id, 0.5)
    resolve._products(game)
    assert live.adoption == pytest.approx(0.5 - market.adoption_decay)
    game = with_state(game, cap={**game.state.cap, "code": 50.0 - market.competitive_margin})
    resolve._products(game)
    assert live.adoption > 0.5 - market.adoption_decay


def test_a_product_that_leads_the_frontier_earns_the_premium(content: Content) -> None:
    market = content.rules.market
    game, product_id = product_game(content, lead=0)
    game = with_state(game, frontier={**game.state.frontier, "code": 40.0})
    game, live = adopted(game, product_id, 0.5)
    resolve._products(game)
    assert live.leading
    adoption = 0.5 + market.adoption_growth * market.leading_adoption
    assert live.adoption == pytest.approx(adoption)
    product = content.products[product_id]
    assert live.revenue == round(product.revenue * adoption
                                 * (1 + market.gtm_scale * game.s["gtm"]) * market.lead_premium)


def release_game(content: Content, lead: float) -> Game:
    """A game in its plan phase with a finished model ``lead`` points above the best open
    model in its best domain."""
    from game.engine.state import Model

    game = Game.new(content, seed=1)
    caps = {d: game.state.open_best[d] - 20 for d in content.domains}
    caps["code"] = game.state.open_best["code"] + lead
    return with_state(game, phase="plan",
                      models=[*game.state.models, Model("Test-2", 1, caps, (), "permissive")])


@pytest.mark.parametrize("lead", [-30, -4, 0, 3, 30])
def test_release_attention_follows_the_lead_over_the_open_models(content: Content,
                                                                  lead: float) -> None:
    from game.engine.decisions import Release

    attention = content.rules.attention
    option = content.rules.release["open_permissive"]
    game = release_game(content, lead)
    scale = min(attention.most, max(attention.least, 1 + lead * attention.per_point))
    before = game.s["community"]
    game.apply(Release("open_permissive"))
    assert game.s["community"] - before == pytest.approx(option.community * scale)
    assert game.s["open_models"] == 2


def test_sharing_in_the_sharing_world_is_reciprocated(content: Content) -> None:
    from game.engine import world
    from game.engine.decisions import Share

    mood, rivals = content.rules.mood, content.rules.rivals
    results: dict[object, float] = {}
    for scenario in ("newcomer_2023", "sharing_turn"):
        game = with_state(Game.new(content, scenario, seed=1), phase="plan", month=5)
        hand.set_stat(game, "ecosystem", 0)
        game.apply(Share())
        reciprocity = content.scenarios[scenario].reciprocity
        assert game.s["ecosystem"] == pytest.approx(mood.ecosystem_per_share
                                                    * (1 + reciprocity))
        # the open rivals share back within the window, and stop after it
        within = game.s["ecosystem"]
        world._ecosystem(game)
        results[scenario] = game.s["ecosystem"] - within * (1 - mood.ecosystem_decay)
        game = with_state(game, month=game.state.month + rivals.reciprocity_months + 1)
        hand.set_stat(game, "ecosystem", 0)
        world._ecosystem(game)
        results[scenario, "after"] = game.s["ecosystem"]
    assert results["sharing_turn"] > results["newcomer_2023"]
    assert results["sharing_turn", "after"] == pytest.approx(results["newcomer_2023", "after"])
    assert results["newcomer_2023"] == pytest.approx(results["newcomer_2023", "after"])


def test_hosting_deals_come_only_to_the_best_open_model(content: Content) -> None:
    """The hosting offers' own conditions are kept; only their chance is forced."""
    found = {}
    for behind in (0.0, 1.0):
        forced = sure(content, "lm_hosting_credits")
        event = forced.events["lm_hosting_credits"]
        forced.events["lm_hosting_credits"] = dataclasses.replace(
            event, when=content.events["lm_hosting_credits"].when)
        game = with_state(Game.new(forced, seed=1), month=8)
        gap = game.s["open_lead"] + behind  # level with the best open model, or behind it
        game = with_state(game, cap={d: v - gap for d, v in game.state.cap.items()})
        found[behind] = months_drawn(game, "lm_hosting_credits", 2)
    assert found == {0.0: [9], 1.0: []}


def test_a_bigger_round_is_harder_to_close(content: Content) -> None:
    from game.engine.decisions import RaiseRound

    funding = content.rules.funding
    game = Game.new(content, seed=1)
    for stat, value in dict(climate=50, hype=50, reputation=50, community=0,
                            revenue=0).items():
        hand.set_stat(game, stat, value)
    odds = {size: RaiseRound(size).odds(game) for size in funding.sizes}
    for size, added in funding.size_odds.items():
        assert odds[size] == pytest.approx(funding.base_odds + added, abs=0.006)
    assert odds["bridge"] > odds["standard"] > odds["big"]
    preview = RaiseRound("big").preview(game)
    assert f"{odds['big']:.0%} likely" in preview and "points for its size" in preview


def played_to_plan(game: Game) -> None:
    """End the month and begin the next, taking the last choice of any event."""
    game.end_month()
    for event in game.begin_month():
        if event.id in game.state.pending:
            game.choose(event.id, next(
                c.model.id for c in reversed(event.choices)
                if game.choice_lock(event.id, c.model.id) is None and not c.model.ending))


def test_tuning_lands_months_after_a_short_run_and_costs_every_month(
        content: Content) -> None:
    from game.engine.decisions import ContractCompute, StartRun

    training = content.rules.training
    months = training.sizes["small"].months
    assert training.tuning_min_months > months  # the base pack's raters are slower than it
    game = Game.new(only(content), seed=1)
    game.begin_month()
    game.apply(ContractCompute(2))
    start = game.state.month
    run = StartRun("small", ("code",), "permissive", True)
    lands = start + training.tuning_min_months - 1
    assert f"landing in month {lands}" in run.preview(game)
    game.apply(run)
    assert resolve.tuning_lands(game) == lands
    domain = training.tuning_domains[0]
    paid, served, finished = 0, {}, {}
    while game.state.month <= lands:
        paid += resolve.monthly_costs(game)["preference_tuning"] > 0
        month = game.state.month
        played_to_plan(game)
        served[month] = game.state.cap[domain]
        if game.state.pending_model is not None:
            finished[month] = game.state.pending_model.caps[domain]
    assert paid == training.tuning_min_months
    assert resolve.tuning_lands(game) is None
    assert not resolve.monthly_costs(game)["preference_tuning"]
    # the model finished without the ratings; they reached it, and the model served, later
    assert min(finished) == start + months - 1
    assert finished[lands] == pytest.approx(finished[lands - 1] + training.tuning_bonus)
    assert served[lands] == pytest.approx(served[lands - 1] + training.tuning_bonus)
    assert all(served[m] == served[start] for m in range(start, lands))


def test_a_second_tuning_contract_waits_for_the_first(content: Content) -> None:
    from game.engine.decisions import ContractCompute, StartRun

    game = Game.new(only(content), seed=1)
    game.begin_month()
    game.apply(ContractCompute(2))
    game.apply(StartRun("small", (), "permissive", True))
    for _ in range(content.rules.training.sizes["small"].months):
        played_to_plan(game)
    assert game.state.run is None
    reason = game.check(StartRun("small", (), "permissive", True))
    assert reason == ("your preference-tuning contract is still running; its ratings land "
                      f"in month {resolve.tuning_lands(game)}")
    assert game.check(StartRun("small", (), "permissive", False)) is None


@pytest.mark.parametrize("choice", ["walk_away", "skip_rlhf", "publish_audit"])
def test_a_choice_that_cancels_the_tuning_contract_stops_its_fee_and_its_gain(
        content: Content, choice: str) -> None:
    from game.engine.decisions import ContractCompute, StartRun

    training = content.rules.training
    event_id = next(e for e in ("pc_tuning_rival_client", "pc_tuning_price_hike",
                                "pc_tuning_label_scandal")
                    if choice in {c.model.id for c in content.events[e].choices})
    game = Game.new(only(content, event_id, pace=[1.0]), seed=1)
    game.begin_month()
    game.apply(ContractCompute(2))
    game.apply(StartRun("small", ("code",), "permissive", True))
    played_to_plan(game)
    assert resolve.monthly_costs(game)["preference_tuning"] > 0
    burn = game.s["burn"]
    hand.force_event(game, event_id)
    if game.choice_lock(event_id, choice) is not None:
        hand.set_stat(game, "community", 100)
    game.choose(event_id, choice)
    assert game.s["tuning"] == 0
    assert resolve.tuning_lands(game) is None
    assert not resolve.monthly_costs(game)["preference_tuning"]
    assert game.s["burn"] <= burn - content.rules.costs.tuning_monthly
    domain = training.tuning_domains[0]
    served = game.state.cap[domain]
    for _ in range(training.tuning_min_months + 2):
        played_to_plan(game)
        assert game.state.cap[domain] == served  # the ratings never land
        assert not resolve.monthly_costs(game)["preference_tuning"]
    assert game.check(StartRun("small", (), "permissive", True)) is None


def hosting_game(content: Content, behind: float) -> Game:
    """A game with a hosting deal, whose models are ``behind`` points short of the best
    open model in their best domain (negative: ahead)."""
    game = Game.new(content, seed=1)
    hand.set_stat(game, "deal_revenue", 400)
    gap = game.s["open_lead"] + behind
    game = with_state(game, cap={d: v - gap for d, v in game.state.cap.items()})
    return with_state(game, opening=game.month_row())


def test_hosting_revenue_falls_once_a_better_open_model_is_out(content: Content) -> None:
    loss = content.rules.market.hosting_loss
    game = hosting_game(content, behind=1)
    resolve._hosting(game)
    assert game.s["deal_revenue"] == 400 - round(400 * loss)
    resolve._hosting(game)
    assert game.s["deal_revenue"] < 400 - round(400 * loss)
    for behind in (0, -5):  # level with the best open model, or ahead of it: no loss
        game = hosting_game(content, behind)
        resolve._hosting(game)
        assert game.s["deal_revenue"] == 400


def test_the_breakdown_says_why_hosting_revenue_fell(content: Content) -> None:
    from game.engine.breakdown import month_breakdown, report

    game = with_state(hosting_game(content, behind=1), phase="plan")
    game.end_month()
    breakdown = month_breakdown(game, 1)
    assert breakdown is not None
    note = next(n for n in breakdown.revenue_notes if n.startswith("Hosting deals:"))
    assert "$400k → $300k a month" in note and "better free one" in note
    assert any(note in line for line in report(game, breakdown))


def test_an_event_an_earlier_choice_made_untrue_is_not_shown(content: Content) -> None:
    first, second = "lm_hosting_revshare", "lm_hosting_credits"
    game = with_state(Game.new(content, seed=1), month=8, phase="events",
                      pending=[first, second], fired={first: 8, second: 8},
                      fire_counts={first: 1, second: 1})
    hand.set_stat(game, "reputation", 60)
    game.choose(first, "negotiate_harder")  # an exclusive deal: no second cloud may come
    assert game.state.pending == [] and game.state.phase == "plan"
    assert second not in game.state.fired and second not in game.state.fire_counts
    assert [e for e in game.state.decisions if e[1].get("event") == second] == []
