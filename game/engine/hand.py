"""Changes made to a game by hand: the developer console and tests.

Play changes a game only through :class:`~game.engine.game.Game`'s own calls (``begin_month``,
``choose``, ``apply``, ``end_month``). Writing an event, a pack or a test sometimes needs a
game where play would take long to arrive: a given event waiting, a stat at a given value,
a flag set. These calls put a game there with the checks play makes: an unknown event, stat
or flag is refused with :class:`HandError` naming it, a stat stays within its range, and
every change leaves a line in the ledger (kind :data:`KIND`) or the news, so a journal or a
debrief never hides that the game was bent.

Nothing in the month loop calls them.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from game.engine.expr import suggest
from game.engine.stats import STATS

if TYPE_CHECKING:
    from game.engine.content import Content
    from game.engine.expr import Expr
    from game.engine.game import Game

KIND = "hand"
"""The ledger kind of a change made by hand (play's kinds are ``rule``, ``event`` and
``decision``)."""


class HandError(ValueError):
    """A change by hand the game refuses: an unknown id, or the wrong moment."""


def force_event(game: Game, event_id: str) -> None:
    """Make ``event_id`` the one event waiting for a choice, drawn or not.

    Allowed once the month's events are drawn (the events or plan phase); events drawn and
    not yet answered are set aside. The choice is then made with ``game.choose``, with its
    usual locks, effects and ledger lines, and the month's news says the event was forced.
    """
    event = game.content.events.get(event_id)
    if event is None:
        raise HandError(f"no event {event_id!r}{suggest(event_id, game.content.events)}")
    phase = game.state.phase
    if phase not in ("events", "plan"):
        raise HandError("the month has not begun: its events are drawn first"
                        if phase == "world" else "the game is over")
    game.state.pending = [event.id]
    game.state.phase = "events"
    game.news(f"'{event.model.title}' was forced by hand.", "company")


def set_stat(game: Game, stat: str, value: float, source: str = "set by hand") -> float:
    """Set a stat, within its range, as a ledger line of kind ``hand``; returns its new value.

    A stat the game works out afresh from others (``staff``, ``runway``, ``cap_avg`` ...) is
    refused, since the game would undo it at once: set what it is made of instead.
    """
    known = STATS.get(stat)
    if known is None:
        raise HandError(f"no stat {stat!r}{suggest(stat, STATS)}")
    if value != value or value in (math.inf, -math.inf):
        raise HandError(f"{value!r} is not a number")
    if _worked_out(game, stat):
        raise HandError(f"{stat} is worked out by the game from other stats "
                        f"({known.description}), so it cannot be set; set what it is made "
                        "of instead")
    game.change(stat, value - game.s[stat], KIND, source)
    game.refresh()
    return game.s[stat]


def _worked_out(game: Game, stat: str) -> bool:
    """Whether ``game.refresh`` recomputes ``stat`` (tried on the stat, then put back)."""
    s, before, models_changed = game.s, game.s[stat], game.models_changed
    s[stat] = trial = before + 1.0 if before < 1.0 else before - 1.0
    game.models_changed = True
    game.refresh()
    moved = s[stat] != trial
    s[stat] = before
    game.models_changed = True
    game.refresh()
    game.models_changed = models_changed
    return moved


def set_flag(game: Game, flag: str, present: bool = True) -> None:
    """Set (or, with ``present=False``, clear) a story flag the packs use.

    A flag no scenario, choice, condition or rule names is refused: setting it would change
    nothing. The month's news says the flag was set by hand.
    """
    known = known_flags(game.content)
    if flag not in known:
        raise HandError(f"no flag {flag!r} in the packs in use{suggest(flag, known)}")
    flags = game.state.flags
    if present == (flag in flags):
        return
    if present:
        flags.add(flag)
    else:
        flags.discard(flag)
    game.news(f"The flag '{flag}' was {'set' if present else 'cleared'} by hand.", "company")


def known_flags(content: Content) -> set[str]:
    """Every flag the packs set, clear or test: scenarios, choices, conditions, the rules."""
    flags = {content.rules.standing.fair_use_flag, content.rules.standing.piracy_flag}
    for scenario in content.scenarios.values():
        flags.update(scenario.flags)
    tested: list[Expr | None] = []
    for event in content.events.values():
        tested += [event.when, *(event.story.conditions() if event.story else ())]
        for choice in event.choices:
            flags.update(choice.model.flags)
            flags.update(choice.model.unflag)
            tested += [choice.requires, *(choice.text.conditions() if choice.text else ()),
                       *(choice.result.conditions() if choice.result else ())]
    tested += [ending.when for ending in content.endings]
    flags.update(flag for expr in tested if expr is not None for flag in expr.flags)
    return flags
