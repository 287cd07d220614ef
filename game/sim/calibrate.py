"""Calibrated chances: turn an event's ``chance = "auto(30%)"`` into a monthly chance that
makes it happen in about 30% of games, found by seeded simulation and written back.

Games are played as ``moat pack test`` plays them (the built-in bots in turn, a random open
choice at every event) on the same seeds at every step, so the search is reproducible: the
same packs, games and seed give the same chance. The share of games in which the event
fired is reported with its 95% Wilson interval.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, replace
from pathlib import Path

from game.content.locate import KeyPositions
from game.content.models import auto_target
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


_CHANCE_LINE = re.compile(
    r"""^(?P<head>\s*chance\s*=\s*)(?P<value>"[^"\n]*"|'[^'\n]*'|[0-9.eE+-]+)"""
    r"""(?P<rest>[ \t]*(?:#.*)?)$""")
_COMMENT_TARGET = re.compile(r"#\s*(auto\([^)]*\))")
_OUR_NOTE = re.compile(r"^auto\([^)]*\)\s*(\[[^\]]*\])?\s*")
"""The calibrator's own part of a comment, replaced at each calibration."""


def target_of(line: str) -> float | None:
    """The target on a ``chance`` line: ``"auto(30%)"``, or a chance calibrated before (its
    comment keeps the target), else None."""
    match = _CHANCE_LINE.match(line.rstrip("\r\n"))
    if match is None:
        return None
    value = match["value"]
    if value[0] in "\"'":
        return auto_target(value[1:-1])
    comment = _COMMENT_TARGET.search(match["rest"])
    return auto_target(comment[1]) if comment else None


@dataclass(frozen=True)
class AutoChance:
    """An event whose chance is a target, and where its ``chance`` line is."""

    event: str
    path: Path
    line: int
    """1-based."""
    target: float


def find_auto_chances(content: Content, root: Path, pack: str) -> list[AutoChance]:
    """The events of ``pack`` (in folder ``root``) whose chance is a target, in file order."""
    found = []
    files = sorted((root / "events").glob("*.toml")) if (root / "events").is_dir() else []
    for path in files:
        text = path.read_text(encoding="utf-8-sig")
        positions = KeyPositions(text)
        lines = text.split("\n")
        for event in content.events.values():
            if event.pack != pack or not Path(event.file).name == path.name:
                continue
            index = _index_in(text, event.model.id)
            if index is None:
                continue
            line, _ = positions.find(("event", index, "chance"))
            target = target_of(lines[line - 1]) if line <= len(lines) else None
            if target is not None:
                found.append(AutoChance(event.qid, path, line, target))
    return sorted(found, key=lambda a: (str(a.path), a.line))


def _index_in(text: str, event_id: str) -> int | None:
    import tomli

    for index, table in enumerate(tomli.loads(text).get("event", [])):
        if isinstance(table, dict) and table.get("id") == event_id:
            return index
    return None


def write_back(auto: AutoChance, result: Calibration, seed: int) -> None:
    """Replace the value on the event's ``chance`` line, keeping every other byte."""
    raw = auto.path.read_bytes().decode("utf-8")
    lines = raw.split("\n")
    line = lines[auto.line - 1]
    ending = "\r" if line.endswith("\r") else ""
    match = _CHANCE_LINE.match(line.removesuffix("\r"))
    if match is None:
        raise ValueError(f"{auto.path}:{auto.line}: cannot find the chance to replace")
    low, high = result.interval
    own = _OUR_NOTE.sub("", match["rest"].strip().removeprefix("#").strip())
    note = (f"# auto({result.target * 100:g}%) [calibrated: {result.share:.0%} of "
            f"{result.games} games, 95% {low:.0%}-{high:.0%}, seed {seed}]")
    lines[auto.line - 1] = f"{match['head']}{result.chance:g}  {note}" \
        f"{' ' + own if own else ''}{ending}"
    auto.path.write_bytes("\n".join(lines).encode("utf-8"))
