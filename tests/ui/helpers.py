"""Driving the app in tests: by keys or by clicks, to an ending."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import replace

from textual.pilot import Pilot
from textual.screen import Screen
from textual.widgets import Button

from game.content.loader import Content
from game.saves.store import SaveStore
from game.ui.app import MoatApp
from game.ui.screens.confirm_dialog import ConfirmDialog
from game.ui.screens.ending import EndingScreen
from game.ui.screens.event_dialog import EventDialog
from game.ui.screens.month import MonthScreen
from game.ui.screens.summary_dialog import SummaryDialog


def new_app(content: Content, seed: int = 5, scenario: str = "newcomer_2023",
            store: SaveStore | None = None) -> MoatApp:
    return MoatApp(content, {"scenario": scenario, "seed": seed, "name": "Acme AI"},
                   fresh_seed=lambda: 4242, store=store)


def short_horizon(content: Content, months: int = 8) -> Content:
    """The same packs with every scenario ending after ``months``: a whole game, quickly."""
    scenarios = {key: scenario.model_copy(update={"horizon": months})
                 for key, scenario in content.scenarios.items()}
    return replace(content, scenarios=scenarios)


async def settle(pilot: Pilot[None]) -> None:
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def choice_key(screen: EventDialog) -> str:
    """The number key of an event's first open choice that does not end the game (or of the
    first open one): Enter alone takes no choice the player has not moved to."""
    choices = screen.event.choices
    free = [n for n, c in enumerate(choices, 1)
            if not screen.query_one(f"#choice-{c.model.id}", Button).disabled]
    safe = [n for n in free if not choices[n - 1].model.ending]
    return str((safe or free)[0])


async def answer(pilot: Pilot[None]) -> None:
    """One key on the screen showing: an event's first open choice, else Enter."""
    screen = pilot.app.screen
    if isinstance(screen, EventDialog) and screen.chosen is None:
        await pilot.press(choice_key(screen))
    else:
        await pilot.press("enter")


async def to_month_screen(pilot: Pilot[None]) -> None:
    """Answer events (first free choice) until the month screen has the keyboard."""
    for _ in range(12):
        await settle(pilot)
        if isinstance(pilot.app.screen, MonthScreen | EndingScreen):
            return
        await answer(pilot)
    raise AssertionError(f"stuck on {pilot.app.screen}")


async def play_by_keys(pilot: Pilot[None], months: int = 60) -> None:
    """Play to the ending by key presses only: take first free choices, end each month."""
    await _play(pilot, months, _key_step)


async def play_by_mouse(pilot: Pilot[None], months: int = 60) -> None:
    """Play to the ending by clicks only."""
    await _play(pilot, months, _click_step)


async def _play(pilot: Pilot[None], months: int,
                step: Callable[[Pilot[None], Screen[object]], Awaitable[None]]) -> None:
    """Take one step on whatever screen is showing until the ending screen is."""
    for _ in range(months * 8):
        await settle(pilot)
        screen = pilot.app.screen
        if isinstance(screen, EndingScreen):
            return
        await step(pilot, screen)
    raise AssertionError("no ending reached")


async def _key_step(pilot: Pilot[None], screen: Screen[object]) -> None:
    if isinstance(screen, MonthScreen):
        await pilot.press("e")
    elif isinstance(screen, ConfirmDialog):
        await pilot.press("y")
    else:
        await answer(pilot)


async def _click_step(pilot: Pilot[None], screen: Screen[object]) -> None:
    if isinstance(screen, MonthScreen):
        await pilot.click("#end-month")
    elif isinstance(screen, EventDialog):
        if screen.chosen is None:
            free = [b for b in screen.query(".choice").results(Button) if not b.disabled]
            await pilot.click(f"#{free[0].id}")
        else:  # a long result can push the button below the fold: scroll as a player would
            screen.query_one("#continue", Button).scroll_visible(animate=False)
            await settle(pilot)
            await pilot.click("#continue")
    elif isinstance(screen, ConfirmDialog):
        await pilot.click("#yes")
    elif isinstance(screen, SummaryDialog):
        await pilot.click("#next")
    else:
        raise AssertionError(f"unexpected screen {screen}")
