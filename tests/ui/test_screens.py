"""Locked choices show their reasons; every ending family has its screen."""

from __future__ import annotations

import pytest
from textual.widgets import Button, Static

from game.content.loader import Content
from game.engine import hand
from game.engine.game import Game
from game.sim.bots import NicheProduct
from game.sim.simulate import play_game
from game.ui.app import MoatApp
from game.ui.screens.ending import EndingScreen
from game.ui.screens.event_dialog import EventDialog
from tests.ui.helpers import new_app, settle, to_month_screen

LOCKS = [
    ("pc_tuning_price_hike", "community", 10.0, "needs community at least 30; you have 10"),
    ("pc_poaching_wave", "transparency", 5.0, "needs transparency at least 40; you have 5"),
    ("rv_stunt_no_model_card", None, None, "only after an earlier choice: torrent brand"),
    ("pc_onprem_pilot", None, None, "needs Vault on the market"),
]


def button_texts(screen: EventDialog) -> list[str]:
    return [str(b.label) for b in screen.query(".choice").results(Button)]


@pytest.mark.parametrize(("event_id", "stat", "value", "reason"), LOCKS)
async def test_locked_choices_show_their_reason(content: Content, event_id: str,
                                                stat: str | None, value: float | None,
                                                reason: str) -> None:
    app = new_app(content)
    async with app.run_test(size=(100, 40)) as pilot:
        await to_month_screen(pilot)
        game = app.game
        assert game is not None
        if stat is not None and value is not None:
            hand.set_stat(game, stat, value)
        hand.force_event(game, event_id)
        app.push_screen(EventDialog(content.events[event_id]))
        await settle(pilot)
        texts = button_texts(app.screen)  # type: ignore[arg-type]
        locked = [t for t in texts if "LOCKED" in t]
        assert locked, texts
        assert any(reason in t for t in locked), locked
        disabled = [b for b in app.screen.query(".choice").results(Button) if b.disabled]
        assert len(disabled) == len(locked)


def test_explain_every_kind_of_condition(content: Content) -> None:
    from game.engine.events import explain

    game = Game.new(content, seed=3)
    assert explain("reputation >= 60 and cash > 5", game) == \
        f"needs reputation at least 60; you have {game.s['reputation']:.0f}"
    assert explain('lead("medical") > 0', game).startswith("needs a lead in Medical above 0")
    assert explain('product("vault") == 1', game) == "needs Vault on the market"
    assert explain('flag("rv_private_evals")', game) == \
        "only after an earlier choice: private evals"
    hand.set_flag(game, "sharing_pact")
    assert explain('not flag("sharing_pact")', game) == \
        "not possible once this has happened: sharing pact"
    assert explain("grey_models + shares >= 2", game) == \
        "needs grey models + shares at least 2; you have 0"


async def show_ending(content: Content, game: Game) -> str:
    app = MoatApp(content)
    app.game = game
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.push_screen(EndingScreen())
        await settle(pilot)
        screen = app.screen
        parts = [str(w.render()) for w in screen.query(Static)]
        return "\n".join(parts)


async def test_bust_ending_screen(content: Content) -> None:
    game = Game.new(content, seed=4, company="Acme AI")
    for event in game.begin_month():
        game.choose(event.id, next(c.model.id for c in event.choices
                                   if game.choice_lock(event.id, c.model.id) is None
                                   and not c.model.ending))
    hand.set_stat(game, "cash", -5)
    game.end_month()
    text = await show_ending(content, game)
    assert "BUST: Out of money — grade" in text
    assert "Acme AI, 2023-10, month 1 of 36" in text
    assert "What mattered most:" in text


async def test_acquisition_ending_screen(content: Content) -> None:
    game = Game.new(content, seed=4, company="Acme AI", horizon=2)
    for _ in range(2):
        for event in game.begin_month():
            if event.id not in game.state.pending:
                continue  # an earlier choice made its condition false
            choice = next(c.model.id for c in event.choices
                          if game.choice_lock(event.id, c.model.id) is None
                          and not c.model.ending)
            game.choose(event.id, choice)
        game.end_month()
    text = await show_ending(content, game)
    assert "ACQUIRED: " in text and "sold for $" in text
    assert "The board's verdict" in text


async def test_niche_win_ending_screen(content: Content) -> None:
    for seed in range(1, 40):
        game = play_game(content, "newcomer_2023", seed, NicheProduct(), "Acme AI")
        if game.state.ending is not None and game.state.ending.family == "niche_win":
            break
    text = await show_ending(content, game)
    assert "NICHE WIN: Default alive — grade" in text
    assert "eight straight months a product of Acme AI's" in text
    assert "Y = you, F = frontier, O = best open rival" in text


async def test_a_choice_that_ends_the_game_asks_first(content: Content) -> None:
    from game.ui.screens.confirm_dialog import ConfirmDialog

    app = new_app(content)
    async with app.run_test(size=(100, 40)) as pilot:
        await to_month_screen(pilot)
        game = app.game
        assert game is not None
        event = content.events["lm_acq_acquihire"]
        hand.force_event(game, event.id)
        app.push_screen(EventDialog(event))
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, EventDialog)
        assert not isinstance(app.focused, Button)  # no choice is highlighted at first
        await pilot.press("enter")
        await settle(pilot)
        assert dialog.chosen is None  # Enter took nothing
        assert app.screen is dialog
        accept = next(c.model.id for c in event.choices if c.model.ending == "acquisition")
        await pilot.click(f"#choice-{accept}")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("n")
        await settle(pilot)
        assert isinstance(app.screen, EventDialog)
        assert dialog.chosen is None and not game.state.over
        await pilot.click(f"#choice-{accept}")
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        assert game.state.over and game.state.ending is not None
        assert game.state.ending.family == "acquisition"


def screen_lines(app: MoatApp) -> list[str]:
    """The text of the screen showing, line by line, as the terminal draws it."""
    return [strip.text for strip in app.screen._compositor.render_strips()]


async def test_enter_continues_from_the_result_wherever_the_keyboard_is(
        content: Content) -> None:
    from game.ui.screens.month import MonthScreen

    app = new_app(content)
    async with app.run_test(size=(80, 24)) as pilot:
        await to_month_screen(pilot)
        game = app.game
        assert game is not None
        event = content.events["pc_poaching_wave"]
        hand.force_event(game, event.id)
        app.push_screen(EventDialog(event))
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, EventDialog)
        await pilot.press("enter")  # nothing highlighted yet: Enter takes nothing
        await settle(pilot)
        assert app.screen is dialog
        assert isinstance(dialog, EventDialog) and dialog.chosen is None
        await pilot.press("1")
        await settle(pilot)
        assert dialog.chosen is not None
        assert any("Enter: continue" in line for line in screen_lines(app))
        assert app.focused is dialog.query_one("#continue", Button)
        await pilot.press("tab")
        await settle(pilot)
        assert app.focused is not dialog.query_one("#continue", Button)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, MonthScreen)
        text = "\n".join(screen_lines(app))
        assert event.model.title not in text and "Enter: continue" not in text
        assert "End the month (e)" in text


async def test_the_month_summary_leaves_the_key_bar_behind_it_alone(content: Content) -> None:
    """Behind a dialog any change below repaints the whole terminal: the key bar the summary
    covers is not rebuilt (it was, with the same keys, sending the summary out again)."""
    from game.ui.screens.summary_dialog import SummaryDialog
    from game.ui.widgets.footer import Footer

    app = new_app(content)
    async with app.run_test(size=(80, 24)) as pilot:
        await to_month_screen(pilot)
        footer = app.screen.query_one(Footer)
        keys = list(footer.children)
        assert keys
        await pilot.press("e")
        await settle(pilot)
        await pilot.pause(0.2)
        assert isinstance(app.screen, SummaryDialog)
        assert list(footer.children) == keys
        await pilot.press("enter")
        await to_month_screen(pilot)
        assert "e End month" in screen_lines(app)[-1]
