"""The Moat app: owns the content and the one game in play, and hands them to screens."""

from __future__ import annotations

import secrets
from collections.abc import Callable, Iterable
from pathlib import Path

from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.screen import Screen

from game.content.loader import Content, EventRule
from game.engine.game import Decision, Game, MonthSummary

STYLES = Path(__file__).parent / "styles"


class MoatApp(App[None]):
    """The game in the terminal."""

    TITLE = "Moat"
    CSS_PATH = [STYLES / "app.tcss"]
    BINDINGS = [
        Binding("f1", "help", "Help", show=False),
        Binding("ctrl+t", "toggle_dark", "Light/dark", show=False),
    ]

    def __init__(self, content: Content, start: dict[str, object] | None = None,
                 fresh_seed: Callable[[], int] | None = None) -> None:
        """Open on the title screen, or go straight into a game when ``start`` is given.

        Args:
            content: the packs in use.
            start: ``scenario``, ``seed`` and ``name`` of a game to start at once.
            fresh_seed: where the new-game screen's suggested seed comes from (random by
                default; tests pass a fixed one).
        """
        super().__init__()
        self.content = content
        self.start = start
        self.fresh_seed = fresh_seed or (lambda: secrets.randbelow(1_000_000))
        self.game: Game | None = None
        """The game in play: the app owns it; screens read it and ask the app to change it."""

    def on_mount(self) -> None:
        if self.start is not None:
            self.new_game(str(self.start.get("scenario") or self.content.default_scenario),
                          int(str(self.start.get("seed", 1))),
                          str(self.start.get("name") or "Moat Labs"))
        else:
            from game.ui.screens.title import TitleScreen

            self.push_screen(TitleScreen())

    # -- the game ----------------------------------------------------------------------------

    def new_game(self, scenario: str, seed: int, name: str) -> None:
        """Start a game and show its first month."""
        from game.ui.screens.month import MonthScreen

        self.game = Game.new(self.content, scenario, seed, name)
        self.switch_or_push(MonthScreen())

    def switch_or_push(self, screen: Screen[None]) -> None:
        if len(self.screen_stack) > 1:
            self.switch_screen(screen)
        else:
            self.push_screen(screen)

    def begin_month(self) -> list[EventRule]:
        assert self.game is not None
        return self.game.begin_month()

    def choose(self, event_id: str, choice_id: str) -> dict[str, float]:
        assert self.game is not None
        return self.game.choose(event_id, choice_id)

    def apply(self, decision: Decision) -> None:
        """Carry out a plan decision (raises IllegalDecision with the reason)."""
        assert self.game is not None
        self.game.apply(decision)

    def end_month(self) -> MonthSummary:
        assert self.game is not None
        return self.game.end_month()

    def show_ending(self) -> None:
        from game.ui.screens.ending import EndingScreen

        self.switch_or_push(EndingScreen())

    def to_title(self) -> None:
        from game.ui.screens.title import TitleScreen

        self.game = None
        self.switch_or_push(TitleScreen())

    # -- commands ------------------------------------------------------------------------------

    def action_help(self) -> None:
        from game.ui.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())

    def action_toggle_dark(self) -> None:
        self.theme = "textual-light" if self.theme == "textual-dark" else "textual-dark"

    def action_new_game(self) -> None:
        from game.ui.screens.new_game import NewGameScreen

        self.push_screen(NewGameScreen())

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        yield SystemCommand("New game", "Start a new company", self.action_new_game)
        yield SystemCommand("Help", "How to play, the keys and a glossary", self.action_help)
        yield SystemCommand("Light or dark theme", "Switch between the light and dark theme",
                            self.action_toggle_dark)
        yield SystemCommand("Quit", "Leave the game", self.action_quit)
