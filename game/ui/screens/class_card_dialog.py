"""Open a class card: the file a teacher handed out, and the student's section."""

from __future__ import annotations

from pathlib import Path

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Static

from game.ui.app import STYLES


class ClassCardDialog(ModalScreen[tuple[Path, str] | None]):
    """Asks for a card's path (and a section); dismisses with them, or None."""

    CSS_PATH = STYLES / "dialogs.tcss"
    BINDINGS = [Binding("escape", "cancel", "Back")]

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="card-box"):
            yield Static("Open a class card", classes="dialog-title", markup=False)
            yield Static("The card file your teacher gave you (it sets the scenario, the "
                         "seed and the packs; the company name is yours):", markup=False)
            yield Input(placeholder="class.toml", id="card-path")
            yield Static("Your section, if the card has sections:", markup=False)
            yield Input(placeholder="(none)", id="card-section", max_length=32)
            yield Button("Start", id="card-start", variant="primary")

    @on(Input.Submitted, "#card-path")
    def path_done(self) -> None:
        self.query_one("#card-section", Input).focus()

    @on(Input.Submitted, "#card-section")
    @on(Button.Pressed, "#card-start")
    def start(self) -> None:
        path = self.query_one("#card-path", Input).value.strip()
        if not path:
            self.app.notify("Type the path of the card file.", severity="warning")
            self.query_one("#card-path", Input).focus()
            return
        section = self.query_one("#card-section", Input).value.strip()
        self.dismiss((Path(path).expanduser(), section))

    def action_cancel(self) -> None:
        self.dismiss(None)
