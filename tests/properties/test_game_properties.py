"""Properties of whole games: determinism, an exact ledger, finite numbers, a bounded length."""

from __future__ import annotations

import math
from dataclasses import replace

from hypothesis import given
from hypothesis import strategies as st

from game.content.loader import Content
from game.content.packs import load
from game.engine.decisions import from_record
from game.engine.game import Game
from game.sim.bots import BOTS
from game.sim.simulate import play_game

CONTENT: Content = load()
SCENARIOS = sorted(CONTENT.scenarios)
REVENUE_SOURCES = {"product_revenue", "api_revenue", "hosting_deals"}

seeds = st.integers(min_value=0, max_value=2**31 - 1)
policies = st.sampled_from(sorted(BOTS))
scenarios = st.sampled_from(SCENARIOS)


def replay(game: Game) -> Game:
    """Play the recorded decisions of ``game`` again on a fresh game from the same seed."""
    state = game.state
    copy = Game.new(CONTENT, state.scenario, state.seed, state.company)
    records = list(state.decisions)
    while copy.state.ending is None:
        month = copy.state.month
        copy.begin_month()
        todo = [r for m, r in records if m == month]
        for record in todo:
            if record["kind"] == "choose":
                copy.choose(str(record["event"]), str(record["choice"]))
            else:
                copy.apply(from_record(record))
        if copy.state.ending is None:
            copy.end_month()
    return copy


@given(seeds, policies, scenarios)
def test_same_seed_and_decisions_give_the_same_journal(seed: int, policy: str,
                                                       scenario: str) -> None:
    first = play_game(CONTENT, scenario, seed, BOTS[policy]())
    again = play_game(CONTENT, scenario, seed, BOTS[policy]())
    assert first.state.journal == again.state.journal
    replayed = replay(first)
    assert replayed.state.journal == first.state.journal
    assert replayed.state.ending == first.state.ending



@given(seeds, policies, scenarios)
def test_a_game_without_records_plays_the_same(seed: int, policy: str, scenario: str) -> None:
    """The simulator plays without the ledger, news and history; the game is the same."""
    full = play_game(CONTENT, scenario, seed, BOTS[policy]())
    quiet = play_game(CONTENT, scenario, seed, BOTS[policy](), record=False)
    assert quiet.state.journal == [] and quiet.state.news == [] and quiet.state.history == []
    assert full.state.journal and full.state.news and full.state.history
    ending, quiet_ending = full.state.ending, quiet.state.ending
    assert ending is not None and quiet_ending is not None
    assert quiet_ending == replace(ending, causes=())
    assert quiet.s == full.s
    assert quiet.state.decisions == full.state.decisions
    assert quiet.state.fire_counts == full.state.fire_counts
    assert quiet.state.models == full.state.models
    assert quiet.state.rivals == full.state.rivals
    assert quiet.state.flags == full.state.flags


@given(seeds, policies, scenarios)
def test_every_cash_change_is_in_the_ledger(seed: int, policy: str, scenario: str) -> None:
    game = play_game(CONTENT, scenario, seed, BOTS[policy]())
    start = CONTENT.scenarios[scenario].cash
    by_month: dict[int, float] = {}
    revenue: dict[int, float] = {}
    for entry in game.state.journal:
        if entry.stat == "cash":
            by_month[entry.month] = by_month.get(entry.month, 0) + entry.delta
            if entry.source in REVENUE_SOURCES:
                revenue[entry.month] = revenue.get(entry.month, 0) + entry.delta
    previous = float(start)
    for row in game.state.history:
        month = int(row["month"])
        assert row["cash"] - previous == by_month.get(month, 0.0)
        assert row["revenue"] == revenue.get(month, 0.0)
        previous = row["cash"]
    assert game.s["cash"] == start + sum(by_month.values())


@given(seeds, policies, scenarios)
def test_no_nan_or_infinity_and_every_game_ends_by_its_horizon(seed: int, policy: str,
                                                               scenario: str) -> None:
    game = play_game(CONTENT, scenario, seed, BOTS[policy]())
    ending = game.state.ending
    assert ending is not None and 1 <= ending.month <= game.state.horizon
    assert ending.grade in "ABCDF"
    for value in game.s.values():
        assert math.isfinite(value)
    for row in game.state.history:
        assert all(math.isfinite(v) for v in row.values())
    for table in (game.state.cap, game.state.frontier, game.state.open_best):
        assert all(0 <= v <= 100 for v in table.values())
