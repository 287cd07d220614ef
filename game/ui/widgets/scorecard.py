"""The scorecard: your capability against the closed frontier and the best open model."""

from __future__ import annotations

from textual.widgets import DataTable

from game.engine.game import Game


def lead_text(lead: float) -> str:
    """A lead or gap in words as well as numbers, so it reads without colour."""
    if lead >= 0.5:
        return f"+{lead:.0f} LEADS"
    if lead <= -0.5:
        return f"{lead:.0f} behind"
    return "level"


class ScorecardTable(DataTable[str]):
    """Domain by domain: you, the frontier, the best open rival, and where you stand."""

    def on_mount(self) -> None:
        self.cursor_type = "row"
        self.zebra_stripes = True
        self.add_columns("Domain", "You", "Front", "Open", "vs best")

    def show(self, game: Game) -> None:
        state = game.state
        self.clear()
        for domain in game.content.domains:
            mine = state.cap[domain]
            best = max(state.frontier[domain], state.open_best[domain])
            self.add_row(game.content.domain_names[domain], f"{mine:.0f}",
                         f"{state.frontier[domain]:.0f}", f"{state.open_best[domain]:.0f}",
                         lead_text(mine - best), key=domain)
