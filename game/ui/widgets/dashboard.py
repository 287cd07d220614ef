"""The dashboard: the company's vital numbers, the change since last month and a trend line."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Label, Sparkline

from game.ui.format import label, step_text, value_text

DASHBOARD_STATS = ("cash", "revenue", "burn", "valuation", "cap_avg", "reputation", "community",
                   "hype", "legal_risk")


def last_of(bucket: Sequence[float]) -> float:
    """A sparkline column shows the last month it covers, so the line ends at the value
    shown beside it (Textual's default, the largest, could end anywhere)."""
    return bucket[-1]


class StatLine(Vertical):
    """One stat: its name, value and change since the end of last month; below, its trend."""

    def __init__(self, stat: str) -> None:
        super().__init__(id=f"stat-{stat}", classes="stat-line")
        self.stat = stat
        self.shown: tuple[str, str] = ("", "")
        """The value and change as written (what tests and the property check read)."""
        self.trend: list[float] = []
        """The values the sparkline draws, oldest first, ending at the value shown."""

    def compose(self) -> ComposeResult:
        self._value = Label("", classes="stat-value")
        self._change = Label("", classes="stat-change")
        self._line = Sparkline([], summary_function=last_of, classes="stat-trend")
        with Horizontal(classes="stat-row"):
            yield Label(label(self.stat), classes="stat-name")
            yield self._value
            yield self._change
        yield self._line

    def show(self, value: float, past: Sequence[float]) -> None:
        """Show the current value against the month-end values before it (oldest first)."""
        text = value_text(self.stat, value)
        change = step_text(self.stat, past[-1], value) if past else "="
        if self.shown != (text, change):
            self.shown = (text, change)
            # fixed-size cells (see month.tcss): no need to lay the screen out again
            self._value.update(text, layout=False)
            self._change.update(change, layout=False)
        trend = [*past[-36:], value]
        if trend != self.trend:
            self.trend = trend
            self._line.data = trend
            self._line.styles.width = min(len(trend), 31)  # a column a month while there is room


class Dashboard(Vertical):
    """The stats a founder checks every morning."""

    def compose(self) -> ComposeResult:
        self.lines = [StatLine(stat) for stat in DASHBOARD_STATS]
        yield from self.lines

    def show(self, stats: Mapping[str, float], history: Sequence[Mapping[str, float]],
             opening: Mapping[str, float] | None = None) -> None:
        """Show ``stats`` now against the month-end ``history`` (and the game's ``opening``
        numbers before the first month ends)."""
        rows = [opening, *history] if opening else list(history)
        for line in self.lines:
            line.show(stats[line.stat], [row[line.stat] for row in rows if line.stat in row])
