"""What screens ask of the app, as messages posted upward.

A screen shows the game and takes the player's input; the app owns the game, the packs and
the save folder, and decides which screen shows. So a screen that wants a game started, a
save opened or the ending shown does not call the app: it posts one of these messages
(``self.post_message(StartGame(self, ...))``), which bubbles up to the app, whose
``on_start_game`` (and so on) answers it.

A message is read a moment after it is posted. By then the screen that posted it may be
gone: a second Ctrl+S on the new-game screen arrives after the first has already replaced
that screen with the month. Each request names the screen that posted it, and the app
answers only a request from the screen on top (see ``MoatApp.current``), so a request left
over from a screen the player has moved on from changes nothing.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from textual.message import Message
from textual.screen import Screen

if TYPE_CHECKING:
    from game.classroom.card import ClassCard


class Request(Message):
    """Something a screen asks of the app (the base of every request here)."""

    def __init__(self, screen: Screen[Any]) -> None:
        super().__init__()
        self.screen = screen
        """The screen that asked; the app ignores the request once it is not shown."""


class OpenNewGame(Request):
    """Show the new-game screen (from the title, or the ending's "New game")."""


class ContinueGame(Request):
    """Load the most recent save."""


class OpenLoad(Request):
    """Show the list of saves."""


class OpenHelp(Request):
    """Show the help screen."""


class StartGame(Request):
    """Start a game of ``scenario`` with ``seed`` for the company ``name``, with the base
    pack and the extra ``packs``."""

    def __init__(self, screen: Screen[Any], scenario: str, seed: int, name: str,
                 packs: tuple[Path, ...]) -> None:
        super().__init__(screen)
        self.scenario, self.seed, self.name, self.packs = scenario, seed, name, packs


class StartCard(Request):
    """Start the world of a class ``card`` (for its ``section``, if any) for the company
    ``name``, with the base pack and ``packs`` (None: the packs in use)."""

    def __init__(self, screen: Screen[Any], card: ClassCard, section: str | None, name: str,
                 packs: tuple[Path, ...] | None = None) -> None:
        super().__init__(screen)
        self.card, self.section, self.name, self.packs = card, section, name, packs


class OpenSave(Request):
    """Load the save at ``path`` and show it."""

    def __init__(self, screen: Screen[Any], path: Path) -> None:
        super().__init__(screen)
        self.path = path


class SaveAs(Request):
    """Save the game in play under ``name``, then close the save dialog."""

    def __init__(self, screen: Screen[Any], name: str) -> None:
        super().__init__(screen)
        self.name = name


class ExportDebrief(Request):
    """Write the game's debrief beside the saves."""


class ShowEnding(Request):
    """The game is over: show its ending."""
