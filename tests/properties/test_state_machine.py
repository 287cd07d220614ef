"""Random legal decisions, month after month, never break the game's invariants."""

from __future__ import annotations

import math

from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, precondition, rule

from game.content.packs import load
from game.engine.game import Game, IllegalDecision
from game.engine.rng import Stream
from game.sim.bots import RandomBot

CONTENT = load()


class MonthByMonth(RuleBasedStateMachine):
    """Drives one game through its phases with decisions hypothesis picks."""

    game: Game

    @initialize(seed=st.integers(0, 2**31 - 1), scenario=st.sampled_from(sorted(CONTENT.scenarios)))
    def start(self, seed: int, scenario: str) -> None:
        self.game = Game.new(CONTENT, scenario, seed, "Fuzz Inc")

    @precondition(lambda self: self.game.state.phase == "world")
    @rule()
    def begin(self) -> None:
        self.game.begin_month()

    @precondition(lambda self: self.game.state.phase == "events")
    @rule(pick=st.integers(0, 5))
    def choose(self, pick: int) -> None:
        game = self.game
        event = game.pending_events[0]
        choice = event.choices[pick % len(event.choices)].model.id
        if game.choice_lock(event.id, choice):
            try:
                game.choose(event.id, choice)
            except IllegalDecision as error:
                assert "locked" in str(error)
            return
        game.choose(event.id, choice)

    @precondition(lambda self: self.game.state.phase == "plan")
    @rule(key=st.integers(0, 2**64 - 1), index=st.integers(0, 9))
    def decide(self, key: int, index: int) -> None:
        game = self.game
        decision = RandomBot().candidates(game, Stream(key))[index]
        reason = game.check(decision)
        if reason is None:
            game.apply(decision)
        else:
            assert reason.strip()
            try:
                game.apply(decision)
            except IllegalDecision as error:
                assert str(error) == reason
            else:
                raise AssertionError("an illegal decision was applied")

    @precondition(lambda self: self.game.state.phase == "plan")
    @rule()
    def end(self) -> None:
        month = self.game.state.month
        self.game.end_month()
        assert self.game.state.over or self.game.state.month == month + 1

    @precondition(lambda self: self.game.state.phase == "over")
    @rule()
    def nothing_after_the_end(self) -> None:
        try:
            self.game.begin_month()
        except IllegalDecision as error:
            assert str(error) == "the game is over"
        else:
            raise AssertionError("a month began after the ending")

    @invariant()
    def ledger_matches_cash(self) -> None:
        game = self.game
        total = sum(e.delta for e in game.state.journal if e.stat == "cash")
        assert game.s["cash"] == game.content.scenarios[game.state.scenario].cash + total

    @invariant()
    def numbers_are_finite_and_bounded(self) -> None:
        game = self.game
        for name, value in game.s.items():
            assert math.isfinite(value), name
        for stat in ("reputation", "community", "hype", "legal_risk", "climate", "ecosystem"):
            assert 0 <= game.s[stat] <= 100
        assert game.s["compute_free"] >= 0
        assert game.state.month <= game.state.horizon

    @invariant()
    def over_means_an_ending(self) -> None:
        state = self.game.state
        assert (state.phase == "over") == (state.ending is not None)


TestMonthByMonth = MonthByMonth.TestCase
TestMonthByMonth.settings = settings(settings(), stateful_step_count=80)
