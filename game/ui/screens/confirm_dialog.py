"""A yes-or-no question for choices that cannot be undone."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from game.terminal import clean
from game.ui.app import STYLES


class ConfirmDialog(ModalScreen[bool]):
    """Asks before something final; dismisses True to go ahead."""

    CSS_PATH = STYLES / "dialogs.tcss"
    BINDINGS = [Binding("y", "answer(True)", "Yes"), Binding("n,escape", "answer(False)", "No")]

    def __init__(self, question: str) -> None:
        super().__init__()
        self.question = clean(question)
        """The question, with control characters from file names shown visibly."""

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="confirm-box"):
            yield Static(self.question, markup=False)
            with Horizontal(id="confirm-buttons"):
                yield Button("No, go back (n)", id="no", variant="primary")
                yield Button("Yes (y)", id="yes", variant="error")

    def on_mount(self) -> None:
        self.query_one("#no", Button).focus()

    @on(Button.Pressed)
    def pressed(self, message: Button.Pressed) -> None:
        self.dismiss(message.button.id == "yes")

    def action_answer(self, answer: bool) -> None:
        self.dismiss(answer)
