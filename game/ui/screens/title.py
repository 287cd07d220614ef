"""The title screen: start, continue, load, help or quit."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Center, Vertical
from textual.screen import Screen
from textual.widgets import Footer, OptionList, Static
from textual.widgets.option_list import Option

from game.ui.messages import ContinueGame, OpenHelp, OpenLoad, OpenNewGame

LOGO = """\
 __  __  ___    _  _____
|  \\/  |/ _ \\  /_\\|_   _|
| |\\/| | (_) |/ _ \\ | |
|_|  |_|\\___//_/ \\_\\|_|"""

MENU = (
    ("new", "New game"),
    ("continue", "Continue (no saved game yet)"),
    ("load", "Load a saved game (none yet)"),
    ("help", "Help: how to play"),
    ("quit", "Quit"),
)


class TitleScreen(Screen[None]):
    """What a player sees first."""

    BINDINGS = [
        Binding("n", "new", "New game"),
        Binding("c", "app.continue_game", "Continue"),
        Binding("l", "app.load_game", "Load"),
        Binding("question_mark", "app.help", "Help"),
        Binding("q", "app.quit", "Quit"),
    ]

    def compose(self) -> ComposeResult:
        with Vertical(id="title-box"):
            yield Static(LOGO, id="logo", markup=False)
            yield Static("Run an open-model AI startup. Outlast the money, or find a moat.",
                         id="tagline", markup=False)
            with Center():
                yield OptionList(*self.menu(), id="menu")
        yield Footer()

    def menu(self) -> list[Option]:
        """The menu, with Continue naming the latest save when there is one."""
        store = getattr(self.app, "store", None)
        latest = store.latest() if store is not None else None
        options = []
        for key, text in MENU:
            disabled = False
            if key == "continue":
                if latest is not None and latest.meta is not None:
                    meta = latest.meta
                    text = f"Continue: {meta.get('company')}, month {meta.get('month')}"
                else:
                    disabled = True
            elif key == "load":
                if latest is not None:
                    text = "Load a saved game"
                else:
                    disabled = True
            options.append(Option(text, id=key, disabled=disabled))
        return options

    def action_new(self) -> None:
        self.post_message(OpenNewGame(self))

    @on(OptionList.OptionSelected, "#menu")
    def chosen(self, message: OptionList.OptionSelected) -> None:
        key = message.option.id
        if key == "new":
            self.action_new()
        elif key == "continue":
            self.post_message(ContinueGame(self))
        elif key == "load":
            self.post_message(OpenLoad(self))
        elif key == "help":
            self.post_message(OpenHelp(self))
        elif key == "quit":
            self.app.exit()
