"""Changes made by hand (the developer console, tests): play's checks, and a visible trace."""

from __future__ import annotations

import pytest

from game.engine import hand
from game.engine.content import Content
from game.engine.endings import describe_source
from game.engine.game import Game


def test_a_forced_event_waits_and_its_choice_is_played_as_usual(game: Game,
                                                               content: Content) -> None:
    event = next(e for e in content.events.values()
                 if any(c.requires is None and not c.model.ending for c in e.choices))
    choice = next(c for c in event.choices if c.requires is None and not c.model.ending)
    hand.force_event(game, event.id)
    assert game.state.phase == "events"
    assert [e.id for e in game.pending_events] == [event.id]
    assert game.state.news[-1].text == f"'{event.model.title}' was forced by hand."
    game.choose(event.id, choice.model.id)
    assert game.state.chosen[-1] == (event.id, choice.model.id)
    assert game.state.decisions[-1][1]["event"] == event.id
    assert game.state.phase in ("plan", "over")


def test_forcing_is_refused_before_the_month_begins_and_for_an_unknown_event(
        content: Content) -> None:
    fresh = Game.new(content, seed=3)
    assert fresh.state.phase == "world"
    with pytest.raises(hand.HandError, match="the month has not begun"):
        hand.force_event(fresh, next(iter(content.events)))
    with pytest.raises(hand.HandError, match="no event 'lm_hosting_revshar' — did you mean "
                                             "'lm_hosting_revshare'"):
        hand.force_event(fresh, "lm_hosting_revshar")
    assert fresh.state.phase == "world" and not fresh.state.news


def test_a_stat_set_by_hand_keeps_its_range_and_writes_a_ledger_line(game: Game) -> None:
    assert hand.set_stat(game, "reputation", 250) == 100
    entry = game.state.journal[-1]
    assert (entry.stat, entry.kind, entry.source) == ("reputation", "hand", "set by hand")
    assert describe_source(game, entry.kind, entry.source) == "Set by hand"
    assert hand.set_stat(game, "cash", 12345.6, "a test") == 12346  # money is whole $k
    assert game.state.journal[-1].source == "a test"


def test_a_stat_the_game_works_out_or_does_not_know_is_refused(game: Game) -> None:
    before = dict(game.s), len(game.state.journal)
    with pytest.raises(hand.HandError, match="no stat 'charm'"):
        hand.set_stat(game, "charm", 1)
    with pytest.raises(hand.HandError, match="runway is worked out by the game"):
        hand.set_stat(game, "runway", 30)
    with pytest.raises(hand.HandError, match="not a number"):
        hand.set_stat(game, "hype", float("nan"))
    assert (dict(game.s), len(game.state.journal)) == before
    assert hand.set_stat(game, "open_models", 0) == 0  # a count the game keeps, not works out


def test_flags_are_set_and_cleared_and_unknown_ones_refused(game: Game) -> None:
    hand.set_flag(game, "sharing_pact")
    assert "sharing_pact" in game.state.flags
    assert game.state.news[-1].text == "The flag 'sharing_pact' was set by hand."
    hand.set_flag(game, "sharing_pact", present=False)
    assert "sharing_pact" not in game.state.flags
    assert game.state.news[-1].text == "The flag 'sharing_pact' was cleared by hand."
    with pytest.raises(hand.HandError, match="no flag 'sharing_pac' .*did you mean "
                                             "'sharing_pact'"):
        hand.set_flag(game, "sharing_pac")
