"""Rules of the game, each with a test that fails when the rule is removed or changed."""

from __future__ import annotations

import dataclasses

import pytest

from game.content.loader import Content
from game.engine import events, resolve
from game.engine.game import Game, IllegalDecision
from game.engine.state import FundingRound


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
        game.state.month += 1
        game.refresh()
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
    game.state.pending, game.state.phase = ["lm_hosting_revshare"], "events"
    game.s["reputation"] = 10
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
    game.state.pending, game.state.phase = ["rv_bench_leaderboard_temptation"], "events"
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


def round_of(game: Game, odds: float) -> FundingRound:
    return FundingRound("standard", 20000, 80000, odds, 1, game.state.month)


def test_a_closed_round_dilutes_the_founders_by_the_new_money(content: Content) -> None:
    game = Game.new(content, seed=1)
    before = game.s["ownership"]
    game.state.funding = round_of(game, 1.0)
    resolve._funding(game)
    assert game.s["ownership"] == pytest.approx(before * (1 - 20000 / 100000))
    assert game.s["valuation"] == 100000


def test_a_failed_round_costs_hype_and_brings_no_money(content: Content) -> None:
    game = Game.new(content, seed=1)
    game.s["hype"] = 50
    cash = game.s["cash"]
    game.state.funding = round_of(game, 0.0)
    resolve._funding(game)
    assert game.s["cash"] == cash
    assert game.s["hype"] == 50 - content.rules.funding.failed_round_hype


def test_tuning_helps_only_a_contract_that_ran_long_enough(content: Content) -> None:
    from game.engine.state import TrainingRun

    game = Game.new(content, seed=1)
    domain = content.rules.training.tuning_domains[0]
    results = {}
    for months in (0, content.rules.training.tuning_min_months):
        game.state.run = TrainingRun("small", (), "permissive", True, 1, 1)
        game.state.tuning_months = months
        results[months] = resolve.trained_capability(game)[domain]
    gained = results[content.rules.training.tuning_min_months] - results[0]
    assert gained == pytest.approx(content.rules.training.tuning_bonus)
