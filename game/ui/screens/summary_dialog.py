"""The end of a month: what changed and what happened, before the next month begins."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from game.engine.game import Game, MonthSummary, month_label
from game.ui.app import STYLES
from game.ui.format import change_text, label, value_text


class SummaryDialog(ModalScreen[None]):
    """A short report of the month just ended."""

    CSS_PATH = STYLES / "dialogs.tcss"

    BINDINGS = [Binding("escape,enter", "close", "Next month")]

    def __init__(self, summary: MonthSummary, game: Game) -> None:
        super().__init__()
        self.summary = summary
        self.game = game

    def compose(self) -> ComposeResult:
        game, summary = self.game, self.summary
        s = game.s
        lines = [f"{label(stat)}: {value_text(stat, s[stat])} ({change_text(stat, delta)})"
                 for stat, delta in summary.changes.items() if abs(delta) >= 0.5]
        news = [f"• {text}" for text in summary.news]
        when = month_label(game.state.start, summary.month)
        with Vertical(classes="dialog", id="summary-box"):
            yield Static(f"End of {when}", classes="dialog-title", markup=False)
            with VerticalScroll():
                yield Static("\n".join(lines) or "Nothing moved.", markup=False)
                if news:
                    yield Static("\n" + "\n".join(news), markup=False)
            yield Button("Next month", id="next", variant="primary")

    def on_mount(self) -> None:
        self.query_one("#next", Button).focus()

    @on(Button.Pressed, "#next")
    def action_close(self) -> None:
        self.dismiss(None)
