"""Saving, loading and continuing in the app, and what a broken save looks like there."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import DataTable, OptionList

from game.content.loader import Content
from game.engine import hand
from game.engine.game import Game
from game.saves.store import SaveStore
from game.ui.app import MoatApp
from game.ui.screens.confirm_dialog import ConfirmDialog
from game.ui.screens.load import LoadScreen
from game.ui.screens.month import MonthScreen
from game.ui.screens.save_dialog import SaveDialog
from tests.conftest import answer_events
from tests.ui.helpers import settle, to_month_screen


async def play_months(app: MoatApp, months: int, store: SaveStore) -> None:
    async with app.run_test(size=(100, 30)) as pilot:
        await to_month_screen(pilot)
        for _ in range(months):
            await pilot.press("e")
            await settle(pilot)
            await to_month_screen(pilot)
        await app.workers.wait_for_complete()


async def test_autosave_then_continue_from_the_title(content: Content, tmp_path: Path) -> None:
    store = SaveStore(tmp_path)
    app = MoatApp(content, {"scenario": "newcomer_2023", "seed": 5, "name": "Acme AI"},
                  store=store)
    await play_months(app, 3, store)
    assert app.game is not None
    month, game_id = app.game.state.month, app.game.state.game_id
    names = sorted(p.name for p in store.files())
    assert names == [f"acme-ai-{game_id}-auto-{m:03d}.json" for m in (2, 3, 4)]

    again = MoatApp(content, store=store)
    async with again.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        menu = again.screen.query_one("#menu", OptionList)
        assert str(menu.get_option("continue").prompt) == f"Continue: Acme AI, month {month}"
        await pilot.press("c")
        await to_month_screen(pilot)
        assert isinstance(again.screen, MonthScreen)
        assert again.game is not None and again.game.state.month == month
        assert again.game.state.game_id == game_id


async def test_save_from_the_palette_and_load_it(content: Content, tmp_path: Path) -> None:
    store = SaveStore(tmp_path)
    app = MoatApp(content, {"scenario": "late_entrant", "seed": 2, "name": "Late Co"},
                  store=store)
    async with app.run_test(size=(100, 30)) as pilot:
        await to_month_screen(pilot)
        app.action_save_game()
        await settle(pilot)
        assert isinstance(app.screen, SaveDialog)
        for key in "plan b":
            await pilot.press("space" if key == " " else key)
        await pilot.press("enter")
        await settle(pilot)
    assert app.game is not None
    saved = store.folder / f"late-co-{app.game.state.game_id}-plan-b.json"
    assert saved.is_file()

    again = MoatApp(content, store=store)
    async with again.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("l")
        await settle(pilot)
        assert isinstance(again.screen, LoadScreen)
        table = again.screen.query_one("#saves", DataTable)
        first = [str(cell) for cell in table.get_row_at(0)]
        assert first[0] == "Late Co\nThe late entrant, seed 2"
        assert first[1] == "month 1 (2025-03)\nin play"
        assert first[2].startswith("“plan b”\n20")
        await pilot.press("enter")
        await to_month_screen(pilot)
        assert again.game is not None and again.game.state.company == "Late Co"


async def test_a_broken_save_is_named_and_the_last_good_autosave_offered(
        content: Content, tmp_path: Path) -> None:
    store = SaveStore(tmp_path)
    app = MoatApp(content, {"scenario": "newcomer_2023", "seed": 5, "name": "Acme AI"},
                  store=store)
    await play_months(app, 2, store)
    newest = sorted(store.files())[-1]
    newest.write_bytes(newest.read_bytes()[:500])  # cut short, as by a full disk
    damaged = newest.read_bytes()
    again = MoatApp(content, store=store)
    async with again.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        again.open_save(newest)
        await settle(pilot)
        dialog = again.screen
        assert isinstance(dialog, ConfirmDialog)
        assert f"{newest.name}: the file is cut short" in dialog.question
        assert "Load the previous good autosave instead?" in dialog.question
        await pilot.press("y")
        await to_month_screen(pilot)
        assert again.game is not None and again.game.state.month == 2
    assert newest.read_bytes() == damaged


async def test_the_load_list_tells_saves_apart_at_80_columns(content: Content,
                                                              tmp_path: Path) -> None:
    store = SaveStore(tmp_path)
    for seed in (7, 8):
        game = Game.new(content, seed=seed, company="Acme AI")
        answer_events(game)
        game.end_month()
        store.autosave(game)
    ended = Game.new(content, seed=9, company="Acme AI")
    answer_events(ended)
    hand.set_stat(ended, "cash", -1.0)
    ended.end_month()
    assert ended.state.ending is not None
    store.save_as(ended, "the end")
    app = MoatApp(content, store=store)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("l")
        await settle(pilot)
        table = app.screen.query_one("#saves", DataTable)
        rows = [tuple(str(cell) for cell in table.get_row_at(n)) for n in range(3)]
        assert len(set(rows)) == 3
        games = sorted(row[0] for row in rows)
        assert games == [f"Acme AI\nThe well-funded newcomer, seed {seed}" for seed in (7, 8, 9)]
        end = next(row for row in rows if "seed 9" in row[0])
        assert end[1] == f"month 1 (2023-10)\n{ended.state.ending.title}, grade " \
            f"{ended.state.ending.grade}"
        assert end[2].startswith("“the end”\n")
        assert sum(column.get_render_width(table) for column in table.columns.values()) <= 78
