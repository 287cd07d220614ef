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

The month's own steps (begin the month, take an event's choice, carry out a decision, end
the month) are requests too. The app runs the engine's call and autosaves, then tells the
screen what came of it by calling a method on it (``month_ended`` and so on): parents call
down, children post up. A step is answered while the screen that asked is still open, even
under a dialog the player opened meanwhile (the month would otherwise stay half begun), and
only when the game can take it (a second End month of the same month finds the month already
ended and changes nothing).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from textual.message import Message
from textual.screen import Screen

if TYPE_CHECKING:
    from game.classroom.card import ClassCard
    from game.engine.plan import Option
    from game.ui.screens.event_dialog import EventDialog
    from game.ui.screens.month import MonthScreen


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


class MonthStep(Request):
    """One of the month's steps, asked by the month screen."""

    screen: MonthScreen

    def __init__(self, screen: MonthScreen) -> None:
        super().__init__(screen)


class BeginMonth(MonthStep):
    """Begin the month (draw its events); the app answers with ``month_begun``."""


class EndMonth(MonthStep):
    """End the month and autosave; the app answers with ``month_ended(summary)``."""


class ApplyDecision(MonthStep):
    """Carry out the plan's ``option``; the app answers with ``decision_applied(option)`` or,
    when the engine refuses it, ``decision_refused(option, reason)``."""

    def __init__(self, screen: MonthScreen, option: Option) -> None:
        super().__init__(screen)
        self.option = option


class Choose(Request):
    """Take the choice ``choice_id`` of the event ``event_id`` (a choice that ends the game is
    saved at once); the app answers the event's dialog with ``choice_made(changes)``."""

    screen: EventDialog

    def __init__(self, screen: EventDialog, event_id: str, choice_id: str) -> None:
        super().__init__(screen)
        self.event_id, self.choice_id = event_id, choice_id
