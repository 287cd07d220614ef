"""The news: what rivals and markets did, and what happened to you, newest first."""

from __future__ import annotations

from textual.widgets import Static

from game.engine.game import Game, month_label


class NewsLog(Static):
    """The last months of news as plain lines, newest first."""

    _shown: tuple[int, int] = (-1, -1)

    def show(self, game: Game, months: int = 6) -> None:
        state = game.state
        if self._shown == (len(state.news), state.month):
            return
        self._shown = (len(state.news), state.month)
        lines: list[str] = []
        for item in reversed(state.news):
            if item.month < state.month - months:
                break
            mark = "•" if item.kind == "world" else "»"
            lines.append(f"{month_label(state.start, item.month)} {mark} {item.text}")
        self.update("\n".join(lines) or "No news yet. » marks what happened to you.")
