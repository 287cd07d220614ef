"""The dashboard: the company's vital numbers with a trend line and the last month's change."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Label, Sparkline

from game.ui.format import change_text, label, value_text

DASHBOARD_STATS = ("cash", "revenue", "burn", "valuation", "cap_avg", "reputation", "community",
                   "hype", "legal_risk")


class StatLine(Horizontal):
    """One stat: its name, value, a sparkline over past months and the latest change."""

    def __init__(self, stat: str) -> None:
        super().__init__(id=f"stat-{stat}", classes="stat-line")
        self.stat = stat

    def compose(self) -> ComposeResult:
        yield Label(label(self.stat), classes="stat-name")
        yield Label("", classes="stat-value")
        yield Sparkline([], classes="stat-trend")
        yield Label("", classes="stat-change")

    def show(self, value: float, past: Sequence[float]) -> None:
        """Show the current value and its history (oldest first)."""
        self.query_one(".stat-value", Label).update(value_text(self.stat, value))
        self.query_one(Sparkline).data = list(past[-24:]) + [value]
        delta = value - past[-1] if past else 0.0
        self.query_one(".stat-change", Label).update(change_text(self.stat, delta))


class Dashboard(Vertical):
    """The stats a founder checks every morning."""

    def compose(self) -> ComposeResult:
        for stat in DASHBOARD_STATS:
            yield StatLine(stat)

    def show(self, stats: Mapping[str, float], history: Sequence[Mapping[str, float]]) -> None:
        """Show ``stats`` now against the month-end ``history``."""
        for line in self.query(StatLine):
            line.show(stats[line.stat], [row[line.stat] for row in history])
