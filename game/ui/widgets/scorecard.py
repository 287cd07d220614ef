"""The scorecard: your capability against the closed frontier and the best open model."""

from __future__ import annotations

from textual.widgets import DataTable

from game.engine.breakdown import lead_words, standing
from game.engine.game import Game


def lead_text(lead: float) -> str:
    """A gap of whole points in words as well as numbers, so it reads without colour."""
    return lead_words(round(lead))


class ScorecardTable(DataTable[str]):
    """Domain by domain: you, the frontier, the best open rival, and where you stand.

    The gap is the difference of the whole numbers shown beside it."""

    def on_mount(self) -> None:
        self.cursor_type = "row"
        self.zebra_stripes = True
        self.add_columns("Domain", "You", "Front", "Open", "vs best")
        self._shown: list[tuple[str, ...]] = []

    def show(self, game: Game) -> None:
        rows: list[tuple[str, ...]] = [
            (row.name, f"{row.cap:.0f}", f"{row.frontier:.0f}", f"{row.open_best:.0f}",
             row.words) for row in standing(game)]
        if rows == self._shown:
            return
        if len(rows) == len(self._shown):
            columns = list(self.columns)
            for domain, old, new in zip(game.content.domains, self._shown, rows, strict=True):
                for column, then, now in zip(columns, old, new, strict=True):
                    if then != now:
                        self.update_cell(domain, column, now, update_width=True)
            self._shown = rows
            return
        self._shown = rows
        self.clear()
        for domain, row in zip(game.content.domains, rows, strict=True):
            self.add_row(*row, key=domain)
