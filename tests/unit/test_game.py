"""The month loop, the world phase, the ledger and the endings."""

from __future__ import annotations

import pytest

from game.content.loader import Content
from game.engine import decisions as d
from game.engine import events, hand
from game.engine.events import explain, lock_reason
from game.engine.game import Game, IllegalDecision, UnknownScenario, month_label
from game.engine.resolve import monthly_burn, monthly_costs
from game.sim.bots import NicheProduct
from game.sim.simulate import play_game
from tests.conftest import answer_events


def play_months(game: Game, months: int) -> None:
    for _ in range(months):
        if game.state.over:
            return
        if game.state.phase == "world":
            answer_events(game)
        if game.state.over:
            return
        game.end_month()


def test_months_advance_the_calendar_and_the_world(game: Game) -> None:
    start_index, start_frontier = game.s["cost_index"], game.s["frontier_avg"]
    assert game.date == "2023-10"
    game.end_month()
    play_months(game, 11)
    answer_events(game)
    if game.state.over:
        pytest.skip("ended early")
    assert game.date == "2024-10"
    assert game.s["cost_index"] == pytest.approx(start_index * 5, rel=0.01)
    assert game.s["frontier_avg"] > start_frontier + 8
    assert game.s["climate"] < 80


def test_month_label_crosses_years() -> None:
    assert month_label("2023-10", 1) == "2023-10"
    assert month_label("2023-10", 4) == "2024-01"
    assert month_label("2025-03", 36) == "2028-02"


def test_unknown_scenario_names_the_valid_ones(content: Content) -> None:
    with pytest.raises(UnknownScenario, match="choose one of: .*late_entrant"):
        Game.new(content, "moonshot")


def test_ledger_explains_every_cash_change_of_a_month(game: Game) -> None:
    game.apply(d.Hire("engineers", 2))
    before = game.s["cash"]
    first = len(game.state.journal)
    game.end_month()
    entries = [e for e in game.state.journal[first:] if e.stat == "cash"]
    assert sum(e.delta for e in entries) == game.s["cash"] - before
    sources = {e.source for e in entries}
    assert {"salaries_research", "salaries_engineering", "overhead"} <= sources


def test_burn_is_the_sum_of_the_cost_table(game: Game) -> None:
    game.apply(d.ContractCompute(3))
    assert round(monthly_burn(game)) == round(sum(monthly_costs(game).values()))
    assert game.s["burn"] == round(monthly_burn(game))


def test_bust_when_cash_runs_out(game: Game) -> None:
    game.change("cash", -game.s["cash"] + 10, "rule", "test")
    game.end_month()
    ending = game.state.ending
    assert ending is not None and ending.family == "bust" and ending.title == "Out of money"
    assert ending.grade in "DF"
    with pytest.raises(IllegalDecision, match="the game is over"):
        game.begin_month()


def test_accepting_an_offer_ends_in_acquisition(content: Content) -> None:
    event = content.events["lm_acq_acquihire"]
    accept = next(c for c in event.choices if c.model.ending == "acquisition")
    for seed in range(1, 200):
        game = Game.new(content, seed=seed, company="Acme AI")
        game.begin_month()
        hand.force_event(game, event.id)
        if lock_reason(game, event, accept.model.id) is None:
            break
    game.change("cash", 5000 - game.s["cash"], "rule", "test")  # a company near its end
    game.choose(event.id, accept.model.id)
    ending = game.state.ending
    assert ending is not None and ending.family == "acquisition"
    assert ending.id == "acquihire"  # the price is below the money raised
    assert "Acme AI" in ending.text and ending.causes
    assert game.s["exit_price"] == round(game.s["raised"] * 0.25)


def test_a_buyer_pays_at_least_the_cash_in_the_bank(content: Content) -> None:
    event = content.events["lm_acq_acquihire"]
    accept = next(c for c in event.choices if c.model.ending == "acquisition")
    game = Game.new(content, seed=1, company="Acme AI")
    game.begin_month()
    hand.force_event(game, event.id)
    cash = game.s["cash"]
    offered = events.preview(game, event, accept.model.id)["exit_price"]
    assert offered < cash  # the offer alone would sell the bank balance for less
    game.choose(event.id, accept.model.id)
    assert game.s["exit_price"] == cash
    assert any(e.source == "cash_in_the_bank" and e.delta == cash - round(offered)
               for e in game.state.journal)


def test_horizon_verdict_sells_a_solvent_company(content: Content) -> None:
    game = Game.new(content, "newcomer_2023", seed=3, horizon=2)
    play_months(game, 2)
    ending = game.state.ending
    assert ending is not None and ending.month == 2
    assert ending.family == "acquisition"
    assert game.s["exit_price"] > 0


def test_niche_bot_reaches_a_niche_win_with_causes(content: Content) -> None:
    for seed in range(1, 40):
        game = play_game(content, "newcomer_2023", seed, NicheProduct())
        ending = game.state.ending
        assert ending is not None
        if ending.family == "niche_win":
            assert ending.title == "Default alive"
            assert game.s["niche_lead_months"] >= 6 and game.s["revenue"] >= game.s["burn"]
            assert 2 <= len(ending.causes) <= 4
            assert all("month" in cause for cause in ending.causes)
            return
    pytest.fail("no niche win in 40 games")


def test_locked_choice_reason_reads_like_a_sentence(game: Game) -> None:
    assert explain("reputation >= 60 and cash > 5", game) == \
        f"needs reputation at least 60; you have {game.s['reputation']:g}"


def test_platform_releases_move_the_open_best(game: Game) -> None:
    start = dict(game.state.open_best)
    game.end_month()
    play_months(game, 10)
    assert any("Polis" in n.text for n in game.state.news)
    assert sum(game.state.open_best.values()) > sum(start.values())


def test_the_rules_in_play_are_the_checked_rules_and_cannot_be_changed(content: Content) -> None:
    """A game reads a plain copy of the rules the pack schema checked: every value the same,
    at every depth, and none of them can be set during play."""
    def same(model: object, record: object, where: str) -> None:
        fields = getattr(type(model), "model_fields", None)
        if isinstance(model, dict):
            assert isinstance(record, dict) and list(record) == list(model), where
            for key, value in model.items():
                same(value, record[key], f"{where}.{key}")
            return
        if isinstance(model, list | tuple):
            assert type(record) is type(model) and len(record) == len(model), where
            for index, value in enumerate(model):
                same(value, record[index], f"{where}[{index}]")
            return
        if fields is None:
            assert type(record) is type(model) and record == model, where
            return
        assert type(record).__name__ == "Record", where
        assert sorted(vars(record)) == sorted(fields), where
        for name in fields:
            same(getattr(model, name), getattr(record, name), f"{where}.{name}")

    game = Game.new(content, None, 3)
    assert game.rules is content.play_rules
    same(content.rules, game.rules, "rules")
    with pytest.raises(AttributeError, match="read-only"):
        game.rules.costs.researcher = 0.0  # type: ignore[assignment]
    assert game.rules.costs.researcher == content.rules.costs.researcher
