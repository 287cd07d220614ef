"""Every number the player sees agrees with the ledger and with the numbers beside it.

Over many seeded games played by the bots, with the base pack alone and with safety_evals,
month by month: each change the summary and the dashboard show is the difference of the two
shown values and the month's ledger lines add up to it exactly; the cash waterfall sums to
the last $k; each sparkline ends at the value beside it; each scorecard gap is the difference
of the numbers shown; and the ending's causes name the change that crossed its threshold.

Stories are checked month by month too: :data:`STORY_CHECKS` holds functions that are given
the game and the events drawn that month and return what is wrong (empty when nothing is);
the clause "no story fires whose presumption is false" adds itself there.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from hypothesis import given, settings
from hypothesis import strategies as st

from game.content.loader import Content, EventRule
from game.content.packs import base_pack, load
from game.engine.breakdown import (
    LEDGER_STATS,
    Change,
    month_breakdown,
    report,
    standing,
)
from game.engine.display import money_exact, shown, signed_money, step, step_text
from game.engine.endings import describe_source
from game.engine.game import Game
from game.sim.bots import BOTS
from game.ui.widgets.dashboard import DASHBOARD_STATS, last_of

PACKS: dict[str, Content] = {
    "base": load(),
    "safety_evals": load([base_pack().parent / "safety_evals"]),
}
SHORT = 14
"""Months a game may last here (the horizon is cut to keep the test fast)."""

StoryCheck = Callable[[Game, list[EventRule]], list[str]]
STORY_CHECKS: list[StoryCheck] = []
"""Checks of the month's drawn events against the state: each returns its problems."""


def check_month(game: Game, changes: dict[str, float], drawn: list[EventRule]) -> None:
    """Everything the month's report, the dashboard and the scorecard show agrees."""
    state = game.state
    month = len(state.history)
    breakdown = month_breakdown(game, month)
    assert breakdown is not None
    before = state.history[-2] if month >= 2 else state.opening
    after = state.history[-1]
    for stat, delta in changes.items():  # the summary's changes are month end to month end
        assert delta == after[stat] - before[stat], stat
    for change in breakdown.changes:
        check_change(change)
        assert change.delta == changes.get(change.stat, 0.0) or change.stat not in changes
    cash = breakdown.change("cash")
    if cash is not None:
        lines = report(game, breakdown)
        start = lines.index(next(line for line in lines if line.startswith("Cash ")))
        waterfall = lines[start + 1:start + 3 + len(cash.lines)]
        assert waterfall[0].split()[0] == money_exact(cash.before)
        assert [line.split()[0] for line in waterfall[1:-1]] == \
            [signed_money(line.delta) for line in cash.lines]
        assert waterfall[-1].split()[0] == money_exact(cash.after)
        assert round(cash.before) + sum(round(line.delta) for line in cash.lines) == \
            round(cash.after)
    for row in standing(game):  # the scorecard: a gap is the difference of what is shown
        assert row.lead == row.cap - max(row.frontier, row.open_best)
        assert row.cap == round(state.cap[row.domain])
        if row.lead:
            assert re.search(rf"{row.lead:+.0f}".replace("+", r"\+"), row.words)
    for check in STORY_CHECKS:
        assert not check(game, drawn)


def check_change(change: Change) -> None:
    """A change reads as the difference of its shown values; ledger lines add up to it."""
    stat = change.stat
    assert change.shown_delta == shown(stat, change.after) - shown(stat, change.before)
    text = step_text(stat, change.before, change.after)
    assert (text == "=") == (step(stat, change.before, change.after) == 0)
    if stat in LEDGER_STATS:
        total = sum(line.delta for line in change.lines)
        assert abs(total - change.delta) <= 1e-6 * max(1.0, abs(change.delta)), \
            (stat, total, change.delta)


def check_dashboard(game: Game) -> None:
    """What the dashboard draws: the sparkline ends at the value shown beside it, and the
    change is the difference from last month's shown value."""
    state = game.state
    rows = [state.opening, *state.history]
    for stat in DASHBOARD_STATS:
        value = game.s[stat]
        trend = [*[row[stat] for row in rows][-36:], value]
        width = min(len(trend), 31)
        # Textual's Sparkline splits the data into one bucket per column; the last column
        # draws ``last_of`` its bucket
        bucket = trend[len(trend) * (width - 1) // width:]
        assert last_of(bucket) == value


def check_ending(game: Game) -> None:
    """The first cause names the change that crossed the ending's threshold."""
    ending = game.state.ending
    assert ending is not None and ending.causes
    first = ending.causes[0]
    if ending.family == "bust" and game.s["cash"] < 0 and not game.state.accepted:
        month = ending.month
        losses: dict[tuple[str, str], float] = {}
        for entry in game.state.journal:
            if entry.month == month and entry.stat == "cash" and entry.delta < 0:
                key = (entry.kind, entry.source)
                losses[key] = losses.get(key, 0.0) + entry.delta
        decisive = [key for key, delta in losses.items() if game.s["cash"] - delta >= 0]
        names = [describe_source(game, *key) for key in decisive or losses]
        assert first.startswith("What took cash below zero") and any(n in first for n in names)
    elif ending.family == "niche_win":
        leaders = [game.content.products[p].name for p, live in game.state.products.items()
                   if live.leading]
        assert any(name in first for name in leaders)
    elif ending.family == "acquisition":
        assert first.startswith("The sale")


def play_checked(content: Content, scenario: str, seed: int, policy: str) -> Game:
    game = Game.new(content, scenario, seed, "Moat Labs",
                    horizon=min(content.scenarios[scenario].horizon, SHORT))
    bot = BOTS[policy]()
    state = game.state
    while state.ending is None:
        drawn = game.begin_month()
        for event in drawn:
            if event.id not in game.state.pending:
                continue  # an earlier choice made its condition false
            game.choose(event.id, bot.choose(game, event))
            if state.ending is not None:
                break
        if state.ending is not None:
            break
        check_dashboard(game)
        bot.plan(game)
        summary = game.end_month()
        check_month(game, summary.changes, drawn)
    check_ending(game)
    return game


@settings(max_examples=30)
@given(st.integers(0, 2**31 - 1), st.sampled_from(sorted(BOTS)), st.sampled_from(sorted(PACKS)),
       st.sampled_from(["newcomer_2023", "image_pivot", "late_entrant"]))
def test_every_number_agrees_with_the_ledger(seed: int, policy: str, pack: str,
                                             scenario: str) -> None:
    play_checked(PACKS[pack], scenario, seed, policy)


def test_a_month_report_explains_cash_revenue_and_the_scorecard() -> None:
    content = PACKS["base"]
    game = play_checked(content, "newcomer_2023", 3, "niche-product")
    breakdown = month_breakdown(game, len(game.state.history))
    assert breakdown is not None
    text = "\n".join(report(game, breakdown))
    assert "Cash " in text and "in all)" in text
    assert "Domain" in text and all(name in text for name in content.domain_names.values())
