"""Save under a name."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Static

from game.ui.app import STYLES
from game.ui.messages import SaveAs


class SaveDialog(ModalScreen[None]):
    """Asks for a name and saves the game under it."""

    CSS_PATH = STYLES / "dialogs.tcss"
    BINDINGS = [Binding("escape", "cancel", "Back")]

    def __init__(self, company: str) -> None:
        super().__init__()
        self.company = company

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="save-box"):
            yield Static("Save the game", classes="dialog-title", markup=False)
            yield Static("A name for this save (autosaves happen every month anyway):",
                         markup=False)
            yield Input(placeholder="before the big round", id="save-name", max_length=40)
            yield Button("Save", id="save", variant="primary")

    @on(Input.Submitted, "#save-name")
    @on(Button.Pressed, "#save")
    def save(self) -> None:
        name = self.query_one("#save-name", Input).value.strip() or "saved game"
        self.post_message(SaveAs(self, name))

    def action_cancel(self) -> None:
        self.dismiss(None)
