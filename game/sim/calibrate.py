"""Calibrated chances: turn an event's ``chance = "auto(30%)"`` into a monthly chance that
makes it happen in about 30% of games, found by seeded simulation and written back.

Games are played as ``moat pack test`` plays them (the built-in bots in turn, a random open
choice at every event) on the same seeds at every step, so the search is reproducible: the
same packs, games and seed give the same chance. The share of games in which the event
fired is reported with its 95% Wilson interval. :mod:`game.content.calibration` finds the
targets in the files and writes the chances back.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace

from game.engine.content import Content
from game.engine.rng import derive
from game.sim.bots import BOTS
from game.sim.intervals import wilson_interval
from game.sim.pack_test import RandomChoices
from game.sim.simulate import play_game

ROUNDS = 6
"""Most rounds of simulation for one event."""


@dataclass(frozen=True)
class Calibration:
    """The chance found for one event, and how often it fired with it."""

    event: str
    target: float
    chance: float
    fired: int
    games: int

    @property
    def share(self) -> float:
        return self.fired / self.games

    @property
    def interval(self) -> tuple[float, float]:
        return wilson_interval(self.fired, self.games)

    def describe(self) -> str:
        low, high = self.interval
        return (f"auto({self.target:.0%}): chance {self.chance:g} fired in {self.share:.1%} of "
                f"{self.games} games (95%: {low:.1%}-{high:.1%})")


def with_chance(content: Content, event_id: str, chance: float) -> Content:
    """The same content with one event's monthly chance changed."""
    events = dict(content.events)
    events[event_id] = replace(events[event_id], chance=chance,
                               threshold=round(chance * 2**32))
    return replace(content, events=events)


def share_fired(content: Content, event_id: str, scenario: str, games: int,
                seed: int) -> int:
    """In how many of ``games`` seeded games the event fired at least once."""
    names = sorted(BOTS)
    fired = 0
    for index in range(games):
        game_seed = derive(seed, "calibrate-game", index) % 2**31
        bot = RandomChoices(BOTS[names[index % len(names)]]())
        game = play_game(content, scenario, game_seed, bot, record=False)
        fired += event_id in game.state.fire_counts
    return fired


def calibrate(content: Content, event_id: str, target: float, scenario: str, games: int,
              seed: int = 1) -> Calibration:
    """The monthly chance at which the event fires in ``target`` of games.

    Each round plays the same seeded games and corrects the chance as if the event were
    eligible for a fixed number of months a game (fires = 1 - (1 - chance) ** months), which
    settles in a few rounds; the closest round is kept.
    """
    chance = min(1.0, max(0.0001, content.events[event_id].chance))
    best: Calibration | None = None
    for _ in range(ROUNDS):
        fired = share_fired(with_chance(content, event_id, chance), event_id, scenario,
                            games, seed)
        found = Calibration(event_id, target, chance, fired, games)
        if best is None or abs(found.share - target) < abs(best.share - target):
            best = found
        low, high = found.interval
        if abs(found.share - target) <= (high - low) / 4 or chance >= 1.0:
            break
        if fired == 0:
            chance = min(1.0, chance * 4)
        elif fired == games:
            chance = chance / 4
        else:
            months = math.log(1 - found.share) / math.log(1 - chance)
            chance = 1 - (1 - target) ** (1 / max(months, 0.01))
        chance = float(f"{min(1.0, max(0.0001, chance)):.4g}")
    assert best is not None
    return best
