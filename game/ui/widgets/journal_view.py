"""The journal: the causal ledger, every change to a stat with its reason."""

from __future__ import annotations

from textual.widgets import DataTable

from game.engine.endings import describe_source
from game.engine.game import Game, month_label
from game.ui.format import change_text, label

SHOWN = {"cash", "reputation", "community", "hype", "legal_risk", "transparency", "valuation",
         "researchers", "engineers", "gtm", "compute", "owned_compute", "ecosystem",
         "ownership", "exit_price", "deal_revenue"}


class JournalView(DataTable[str]):
    """The most recent ledger lines: when, what changed, by how much, and why."""

    def on_mount(self) -> None:
        self.cursor_type = "row"
        self.add_columns("Month", "Change", "Why")

    def show(self, game: Game, limit: int = 200) -> None:
        self.clear()
        shown = 0
        for entry in reversed(game.state.journal):
            if entry.stat not in SHOWN and not entry.stat.startswith("cap."):
                continue
            if abs(entry.delta) < 0.5:
                continue
            why = describe_source(game, entry.kind, entry.source)
            self.add_row(month_label(game.state.start, entry.month),
                         f"{label(entry.stat)} {change_text(entry.stat, entry.delta)}", why)
            shown += 1
            if shown >= limit:
                break
