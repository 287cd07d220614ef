"""A small text chart of several series on one scale, told apart by letters, not colour."""

from __future__ import annotations

from collections.abc import Sequence

from textual.widgets import Static


def render_chart(series: Sequence[tuple[str, Sequence[float]]], height: int = 6,
                 width: int = 48, unit: str = "") -> str:
    """Plot ``(letter, values)`` series as text rows, highest value at the top.

    Each series is sampled to at most ``width`` columns; where series share a cell the first
    listed wins. The top and bottom of the scale are written at the right-hand end.
    """
    values = [v for _, data in series for v in data]
    if not values:
        return "(no data yet)"
    low, high = min(values), max(values)
    span = high - low or 1.0
    length = max(len(data) for _, data in series)
    columns = min(width, length)
    grid = [[" "] * columns for _ in range(height)]
    for letter, data in reversed(series):
        for column in range(columns):
            index = round(column * (len(data) - 1) / max(1, columns - 1)) if data else 0
            if not data:
                continue
            row = round((high - data[index]) / span * (height - 1))
            grid[row][column] = letter
    top, bottom = f"{high:,.0f}{unit}", f"{low:,.0f}{unit}"
    lines = []
    for number, cells in enumerate(grid):
        axis = top if number == 0 else bottom if number == height - 1 else ""
        lines.append(f"|{''.join(cells)}| {axis}".rstrip())
    return "\n".join(lines)


class LineChart(Static):
    """A titled text chart with a legend."""

    def show(self, title: str, series: Sequence[tuple[str, str, Sequence[float]]],
             unit: str = "", height: int = 6, width: int = 48) -> None:
        """Show ``(letter, name, values)`` series."""
        legend = ", ".join(f"{letter} = {name}" for letter, name, _ in series)
        chart = render_chart([(letter, data) for letter, _, data in series], height, width, unit)
        self.update(f"{title} ({legend})\n{chart}")
