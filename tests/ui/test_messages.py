"""Screens ask the app by message; a request from a screen already gone changes nothing."""

from __future__ import annotations

from pathlib import Path

from game.content.loader import Content
from game.saves.store import SaveStore
from game.ui.app import MoatApp
from game.ui.messages import OpenNewGame, SaveAs, StartGame
from game.ui.screens.month import MonthScreen
from game.ui.screens.new_game import NewGameScreen
from game.ui.screens.save_dialog import SaveDialog
from game.ui.screens.title import TitleScreen
from tests.ui.helpers import new_app, settle, to_month_screen


async def test_a_second_start_from_the_same_screen_starts_no_second_game(
        content: Content, tmp_path: Path) -> None:
    app = MoatApp(content, fresh_seed=lambda: 4242, store=SaveStore(tmp_path))
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, TitleScreen)
        await pilot.press("n")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, NewGameScreen)
        # two presses of Ctrl+S, both read after the first has replaced the screen
        screen.post_message(StartGame(screen, "newcomer_2023", 11, "First Co", ()))
        screen.post_message(StartGame(screen, "newcomer_2023", 12, "Second Co", ()))
        await settle(pilot)
        assert app.game is not None and app.game.state.company == "First Co"
        assert [type(s) for s in app.screen_stack[:2]] == [TitleScreen, MonthScreen]
        # a stale "New game" from the title, read once a game is showing, opens nothing
        title = app.screen_stack[0]
        app.post_message(OpenNewGame(title))
        await settle(pilot)
        assert not any(isinstance(s, NewGameScreen) for s in app.screen_stack)


async def test_the_save_dialog_asks_the_app_and_closes_once_saved(
        content: Content, tmp_path: Path) -> None:
    app = new_app(content, store=SaveStore(tmp_path))
    async with app.run_test(size=(100, 30)) as pilot:
        await to_month_screen(pilot)
        app.action_save_game()
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, SaveDialog)
        dialog.post_message(SaveAs(dialog, "before the round"))
        await settle(pilot)
        assert not isinstance(app.screen, SaveDialog)
        saved = [info for info in app.store.list() if info.path.name.endswith("-round.json")]
        assert len(saved) == 1 and saved[0].meta is not None
        assert saved[0].meta.get("company") == "Acme AI"
