"""Plan decisions: each illegal one is refused with a reason a player can read."""

from __future__ import annotations

import pytest

from game.content.loader import Content
from game.engine import decisions as d
from game.engine.game import Decision, Game, IllegalDecision
from game.engine.resolve import monthly_costs
from tests.conftest import answer_events


def test_training_needs_free_compute_then_finishes_into_a_model(game: Game) -> None:
    assert game.check(d.StartRun("medium", ("code",))) == \
        "needs 4 free compute units; you have 0"
    game.apply(d.ContractCompute(4))
    game.apply(d.StartRun("medium", ("code",), "permissive"))
    assert game.check(d.StartRun("small")) == "a training run is already in progress"
    assert game.check(d.ReleaseCompute(1)) == "you have 0 free rented compute units"
    for _ in range(3):
        assert game.state.pending_model is None
        game.end_month()
        if game.state.over:
            pytest.skip("the game ended early")
        answer_events(game)
    model = game.state.pending_model
    assert model is not None and model.focus == ("code",)
    assert max(model.caps, key=lambda x: model.caps[x] - game.state.frontier[x]) == "code"


@pytest.mark.parametrize(("decision", "reason"), [
    (d.StartRun("huge"), "unknown run size 'huge'; choose small, medium, large"),
    (d.StartRun("small", ("a", "b", "c", "d")), "focus on at most three different domains"),
    (d.StartRun("small", ("kode",)), "unknown domain 'kode'"),
    (d.StartRun("small", (), "stolen"),
     "unknown data mix 'stolen'; choose licensed, permissive, grey"),
    (d.Release("open_permissive"), "no finished model is waiting to be released"),
    (d.Hire("interns"), "unknown role 'interns'; choose researchers, engineers, gtm"),
    (d.Fire("gtm", 50), "you have 2 go-to-market staff"),
    (d.LaunchProduct("scribe"), "needs Medical capability 55; you have 42"),
    (d.LaunchProduct("code_copilot"), "needs 3 free go-to-market staff; you have 2"),
    (d.ShutProduct("pocket"), "that product is not on the market"),
    (d.RaiseRound("mega"), "unknown round size 'mega'; choose bridge, standard, big"),
])
def test_illegal_decisions_give_reasons(game: Game, decision: Decision, reason: str) -> None:
    assert game.check(decision) == reason
    with pytest.raises(IllegalDecision, match="^" + reason.replace("(", r"\(")
                       .replace(")", r"\)") + "$"):
        game.apply(decision)


def test_share_and_raise_show_cost_and_odds(game: Game) -> None:
    raise_round = d.RaiseRound("standard")
    assert "likely; founders give up" in raise_round.preview(game)
    game.apply(raise_round)
    assert game.check(d.RaiseRound("bridge")) == "a round is already open"
    cash = game.s["cash"]
    game.apply(d.Share())
    assert game.s["cash"] == cash - game.rules.costs.share_cost
    assert str(game.check(d.Share())).startswith("you shared recently")


def test_hiring_and_firing_cost_money_and_change_the_team(game: Game) -> None:
    cash, researchers = game.s["cash"], game.s["researchers"]
    game.apply(d.Hire("researchers", 2))
    assert game.s["researchers"] == researchers + 2
    assert game.s["cash"] == cash - 2 * game.rules.costs.hire_fee
    game.apply(d.Fire("researchers", 1))
    assert game.s["researchers"] == researchers + 1


def test_decisions_round_trip_through_records(content: Content) -> None:
    for decision in (d.StartRun("small", ("code", "chat"), "grey", True), d.Share(),
                     d.Release("open_code", "stunt"), d.Hire("gtm", 3), d.RaiseRound("big")):
        assert d.from_record(decision.record()) == decision
    with pytest.raises(ValueError, match="unknown decision kind"):
        d.from_record({"kind": "teleport"})


def test_plan_decisions_wait_for_the_events(content: Content) -> None:
    game = Game.new(content, seed=11)
    assert game.check(d.Share()) == "the month has not begun"
    drawn = game.begin_month()
    if drawn:
        assert game.check(d.Share()) == "finish this month's events first"


def test_owned_compute_pays_no_rent_and_cannot_be_given_back(game: Game) -> None:
    game.change("compute", 2, "event", "test")
    game.change("owned_compute", 2, "event", "test")
    game.refresh()
    assert monthly_costs(game)["compute_contract"] == 0
    assert game.check(d.ReleaseCompute(1)) == "you have 0 free rented compute units"
    game.apply(d.StartRun("small"))
    assert game.state.run is not None


def test_a_run_that_loses_its_compute_stalls_until_it_is_back(game: Game) -> None:
    game.apply(d.ContractCompute(2))
    game.apply(d.StartRun("small"))
    game.change("compute", -1, "event", "cloud_reneges")
    game.end_month()
    assert game.state.run is not None and game.state.run.months_left == 2
    assert any("stalled" in n.text for n in game.state.news)
