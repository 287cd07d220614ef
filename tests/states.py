"""A game in a state of the test's choosing, for unit tests of one rule.

Tests never write a running game's state (``tests/unit/test_state_writes.py`` checks): a
test that needs a funding round under way, a given month or a product on the market builds
a new game from a copy of the state with those fields replaced, as a save holding them
would, and calls the rule on it.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from game.engine.game import Game


def with_state(game: Game, **fields: Any) -> Game:
    """A game of the same content whose state is ``game``'s with ``fields`` replaced."""
    changed = Game(game.content, dataclasses.replace(game.state, **fields))
    changed.card, changed.record = game.card, game.record
    changed.refresh()
    return changed
