"""The rivals: who they are, how many researchers each has against yours, how readily each
shares, and what the shared open ecosystem does."""

from __future__ import annotations

from textual.widgets import Static

from game.engine.game import Game
from game.engine.market import rivals_text


class RivalsPane(Static):
    """A table of the rivals with you on top, then your staff against theirs and the pool."""

    _shown = ""

    def show(self, game: Game) -> None:
        text = rivals_text(game)
        if text != self._shown:
            self._shown = text
            self.update(text)
