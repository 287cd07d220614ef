"""The journal: the causal ledger, every change to a stat with its reason.

The table's reason column is cut to fit; the highlighted line's reason is written out in
full below it, so the journal reads at 80 columns too.
"""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import DataTable, Static

from game.engine.endings import describe_source, source_detail
from game.engine.game import Game, month_label
from game.ui.format import change_text, label

SHOWN = {"cash", "reputation", "community", "hype", "legal_risk", "transparency", "valuation",
         "researchers", "engineers", "gtm", "compute", "owned_compute", "ecosystem",
         "ownership", "exit_price", "deal_revenue"}
HINT = "↑↓: move · the highlighted line in full:"


class JournalView(DataTable[str]):
    """The most recent ledger lines: when, what changed, by how much, and why."""

    details: list[str]
    """Each row's change and reason written out in full, in row order."""

    def on_mount(self) -> None:
        self.cursor_type = "row"
        self.add_columns("Month", "Change", "Why")
        self.details = []
        self._shown: tuple[int, int] = (-1, -1)

    def show(self, game: Game, limit: int = 200) -> None:
        journal = game.state.journal
        if self._shown == (len(journal), game.state.month):
            return  # nothing new since it was drawn
        self._shown = (len(journal), game.state.month)
        self.clear()
        self.details = []
        domains = game.content.domain_names
        for entry in reversed(journal):
            if entry.stat not in SHOWN and not entry.stat.startswith("cap."):
                continue
            change = change_text(entry.stat, entry.delta)
            if change == "=":
                continue  # too small to show as a change
            when = month_label(game.state.start, entry.month)
            what = f"{label(entry.stat, domains)} {change}"
            self.add_row(when, what, describe_source(game, entry.kind, entry.source))
            self.details.append(f"{when} · {what} · "
                                f"{source_detail(game, entry.kind, entry.source)}")
            if len(self.details) >= limit:
                break

    def detail(self) -> str:
        """The highlighted row's change and reason in full."""
        row = self.cursor_row
        if 0 <= row < len(self.details):
            return self.details[row]
        return "Nothing has changed yet: the journal fills as the months go by."


class JournalPane(Vertical):
    """The journal table, and the highlighted line's reason in full below it."""

    def compose(self) -> ComposeResult:
        yield JournalView(id="journal-table")
        yield Static(HINT, id="journal-hint", markup=False)
        yield Static("", id="journal-detail", markup=False)

    def show(self, game: Game) -> None:
        self.query_one(JournalView).show(game)
        self.show_detail()

    @on(DataTable.RowHighlighted, "#journal-table")
    def show_detail(self) -> None:
        self.query_one("#journal-detail", Static).update(self.query_one(JournalView).detail())
