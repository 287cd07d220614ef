"""Pictures of every screen at 80x24 and 120x40, with a fixed seed and no cursor blink."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Input

from game.content.loader import Content
from game.saves.store import SaveStore
from game.ui.app import MoatApp
from game.ui.screens.ending import EndingScreen
from game.ui.screens.event_dialog import EventDialog
from tests.ui.helpers import new_app, settle, to_month_screen

SIZES = [(80, 24), (120, 40)]
Steps = Callable[[Pilot[None]], Awaitable[None]]


async def no_blink(pilot: Pilot[None]) -> None:
    await settle(pilot)
    for widget in pilot.app.screen.query(Input):
        widget.cursor_blink = False


async def month(pilot: Pilot[None]) -> None:
    await to_month_screen(pilot)


def month_then(*keys: str) -> Steps:
    async def steps(pilot: Pilot[None]) -> None:
        await to_month_screen(pilot)
        await pilot.press(*keys)
        await settle(pilot)

    return steps


async def event(pilot: Pilot[None]) -> None:
    await settle(pilot)
    assert isinstance(pilot.app.screen, EventDialog)


async def summary(pilot: Pilot[None]) -> None:
    await to_month_screen(pilot)
    await pilot.press("e")
    await settle(pilot)


async def new_game(pilot: Pilot[None]) -> None:
    await settle(pilot)
    await pilot.press("n")
    await no_blink(pilot)


async def ending(pilot: Pilot[None]) -> None:
    await to_month_screen(pilot)
    app = pilot.app
    assert isinstance(app, MoatApp) and app.game is not None
    game = app.game
    game.change("cash", -game.s["cash"] - 10, "rule", "test")
    await pilot.press("e")
    await settle(pilot)
    await pilot.press("enter")
    await settle(pilot)
    assert isinstance(app.screen, EndingScreen)


async def save_dialog(pilot: Pilot[None]) -> None:
    await to_month_screen(pilot)
    app = pilot.app
    assert isinstance(app, MoatApp)
    app.action_save_game()
    await no_blink(pilot)


async def load_screen(pilot: Pilot[None]) -> None:
    await settle(pilot)
    await pilot.press("l")
    await settle(pilot)


SCREENS: dict[str, tuple[bool, Steps]] = {
    # name: (start on the title screen?, steps)
    "title": (True, no_blink),
    "new_game": (True, new_game),
    "event": (False, event),
    "month_plan": (False, month),
    "month_scorecard": (False, month_then("2")),
    "month_news": (False, month_then("3")),
    "month_journal": (False, month_then("4")),
    "month_rivals": (False, month_then("5")),
    "train_dialog": (False, month_then("t")),
    "product_dialog": (False, month_then("p")),
    "summary": (False, summary),
    "ending_bust": (False, ending),
    "help": (False, month_then("f1")),
    "save_dialog": (False, save_dialog),
    "load_empty": (True, load_screen),
}


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("name", sorted(SCREENS))
def test_screen_snapshot(content: Content, snap_compare: Any, name: str,
                         size: tuple[int, int], tmp_path: Path,
                         monkeypatch: pytest.MonkeyPatch) -> None:
    on_title, steps = SCREENS[name]
    # an empty save folder named relative to a fresh working folder, so the load screen
    # shows "saves" on every machine, whatever its temporary folder is called
    monkeypatch.chdir(tmp_path)
    store = SaveStore(Path("saves"))
    app = MoatApp(content, fresh_seed=lambda: 4242, store=store) if on_title \
        else new_app(content, seed=5, store=store)
    assert snap_compare(app, terminal_size=size, run_before=steps)
