"""A month's report: every number that changed and why, read from the ledger.

Shown at the end of each month, and from the month screen (``b``) for any month already
played; the left and right arrows step through the months.
"""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from game.engine.breakdown import month_breakdown, report
from game.engine.game import Game, MonthSummary, month_label
from game.ui.app import STYLES


def month_text(game: Game, month: int, news: tuple[str, ...] | None = None) -> str:
    """The report of game month ``month`` (with its news: the month's own when None)."""
    breakdown = month_breakdown(game, month)
    lines = report(game, breakdown) if breakdown is not None else \
        ["This save keeps no breakdown for that month."]
    if news is None:
        news = tuple(n.text for n in game.state.news if n.month == month)
    if news:
        lines += ["", "What happened:"] + [f"• {text}" for text in news]
    return "\n".join(lines)


class SummaryDialog(ModalScreen[None]):
    """The report of the month just ended, or of any past month."""

    CSS_PATH = STYLES / "dialogs.tcss"

    BINDINGS = [Binding("escape,enter", "close", "Close"),
                Binding("left", "step(-1)", "Earlier month", show=False),
                Binding("right", "step(1)", "Later month", show=False)]

    def __init__(self, summary: MonthSummary | None, game: Game,
                 month: int | None = None) -> None:
        """``summary`` of the month just ended, or ``month`` to look back at."""
        super().__init__()
        self.game = game
        self.summary = summary
        self.month = summary.month if summary is not None else (month or 1)
        self.last = len(game.state.history)

    def show_month(self, summary: MonthSummary) -> None:
        """Show the month just ended: the month screen keeps one dialog for its month ends
        and shows it again each month, rather than building a new one."""
        self.summary = summary
        self.month = summary.month
        self.last = len(self.game.state.history)
        if self.is_mounted:
            self.query_one("#summary-title", Static).update(self.title_text())
            self.query_one("#summary-text", Static).update(self.body_text())
            self.query_one("#summary-scroll", VerticalScroll).scroll_home(animate=False)

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="summary-box"):
            yield Static(self.title_text(), classes="dialog-title", id="summary-title",
                         markup=False)
            with VerticalScroll(id="summary-scroll"):
                yield Static(self.body_text(), id="summary-text", markup=False)
            yield Static("↑↓ PgUp PgDn: scroll · ←→: other months · Enter: "
                         + ("next month" if self.summary is not None else "close"),
                         classes="dialog-help", markup=False)
            yield Button("Next month" if self.summary is not None else "Close", id="next",
                         variant="primary")

    def title_text(self) -> str:
        when = month_label(self.game.state.start, self.month)
        return f"End of {when} · month {self.month} of {self.game.state.horizon}"

    def body_text(self) -> str:
        news = self.summary.news if self.summary is not None and \
            self.month == self.summary.month else None
        return month_text(self.game, self.month, news)

    def on_mount(self) -> None:
        self.query_one("#summary-scroll", VerticalScroll).focus()

    def action_step(self, by: int) -> None:
        month = self.month + by
        if 1 <= month <= self.last:
            self.month = month
            self.query_one("#summary-title", Static).update(self.title_text())
            self.query_one("#summary-text", Static).update(self.body_text())
            self.query_one("#summary-scroll", VerticalScroll).scroll_home(animate=False)

    @on(Button.Pressed, "#next")
    def action_close(self) -> None:
        self.dismiss(None)
