"""The title screen: start, continue, load, help or quit."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Center, Vertical
from textual.screen import Screen
from textual.widgets import Button, Footer, Static

LOGO = """\
 __  __  ___    _  _____
|  \\/  |/ _ \\  /_\\|_   _|
| |\\/| | (_) |/ _ \\ | |
|_|  |_|\\___//_/ \\_\\|_|"""


class TitleScreen(Screen[None]):
    """What a player sees first."""

    BINDINGS = [
        Binding("n", "new", "New game"),
        Binding("question_mark", "app.help", "Help"),
        Binding("q", "app.quit", "Quit"),
    ]

    def compose(self) -> ComposeResult:
        with Vertical(id="title-box"):
            yield Static(LOGO, id="logo", markup=False)
            yield Static("Run an open-model AI startup. Outlast the money, or find a moat.",
                         id="tagline", markup=False)
            with Center():
                yield Button("New game", id="new", variant="primary")
            with Center():
                yield Button("Continue", id="continue", disabled=True,
                             tooltip="No saved game yet")
            with Center():
                yield Button("Load", id="load", disabled=True, tooltip="No saved game yet")
            with Center():
                yield Button("Help", id="help")
            with Center():
                yield Button("Quit", id="quit")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#new", Button).focus()

    def action_new(self) -> None:
        from game.ui.screens.new_game import NewGameScreen

        self.app.push_screen(NewGameScreen())

    @on(Button.Pressed, "#new")
    def new_pressed(self) -> None:
        self.action_new()

    @on(Button.Pressed, "#help")
    def help_pressed(self) -> None:
        self.app.action_help()  # type: ignore[attr-defined]

    @on(Button.Pressed, "#quit")
    def quit_pressed(self) -> None:
        self.app.exit()
