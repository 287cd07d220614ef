"""Play many seeded games with a bot and summarise them: the balance table of the game."""

from __future__ import annotations

import statistics
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from game.engine.content import Content
from game.engine.game import Game
from game.engine.grades import grade_letter
from game.engine.rng import derive
from game.sim.bots import BOTS, Bot

FAMILIES = ("bust", "acquisition", "niche_win")


class UnknownBot(ValueError):
    """A bot name that does not exist."""


def make_bot(name: str) -> Bot:
    factory = BOTS.get(name)
    if factory is None:
        raise UnknownBot(f"unknown policy {name!r}; choose one of: {', '.join(BOTS)}, all")
    return factory()


def play_game(content: Content, scenario: str, seed: int, bot: Bot,
              company: str = "Moat Labs", record: bool = True,
              horizon: int | None = None,
              watch: Callable[[Game], None] | None = None) -> Game:
    """Play one game to its ending with ``bot`` making every decision.

    ``watch``, when given, sees the game each month once its events are drawn, before any
    is answered (the pack tester counts how often each event's condition held).

    ``horizon`` replaces the scenario's number of months (a class card may set its own).

    ``record=False`` plays without the records only a player or a debrief reads (the ledger,
    news, history and the causes of the ending); the game itself is the same.
    """
    game = Game.new(content, scenario, seed, company, horizon=horizon, record=record)
    state = game.state
    while state.ending is None:
        drawn = game.begin_month()
        if watch is not None:
            watch(game)
        for event in drawn:
            if event.id not in game.state.pending:
                continue  # an earlier choice made its condition false
            game.choose(event.id, bot.choose(game, event))
            if state.ending is not None:
                break
        if state.ending is not None:
            break
        bot.plan(game)
        game.end_month()
    return game


@dataclass
class Summary:
    """What many games of one bot came to."""

    policy: str
    scenario: str
    games: int
    endings: Counter[str] = field(default_factory=Counter)
    end_months: list[int] = field(default_factory=list)
    scores: list[float] = field(default_factory=list)
    grades: Counter[str] = field(default_factory=Counter)
    events: Counter[str] = field(default_factory=Counter)
    """How many times each event fired, over all games."""
    event_games: Counter[str] = field(default_factory=Counter)
    """In how many games each event fired at least once."""
    bands: dict[str, float] = field(default_factory=dict)
    """The grade bands of the packs in use."""
    seeds: list[int] = field(default_factory=list)
    """The seed of each game, in order."""
    families: list[str] = field(default_factory=list)
    """How each game ended (its ending family), in the order of :attr:`seeds`, so that two
    bots can be compared game by game on the same worlds."""

    def share(self, family: str) -> float:
        return self.endings[family] / self.games if self.games else 0.0

    @property
    def median_end(self) -> float:
        return statistics.median(self.end_months) if self.end_months else 0.0

    @property
    def mean_score(self) -> float:
        return statistics.fmean(self.scores) if self.scores else 0.0

    def absorb(self, later: Summary) -> None:
        """Add the games of ``later``, the slice of the run that follows this one."""
        self.games += later.games
        self.bands = self.bands or later.bands
        self.endings.update(later.endings)
        self.end_months += later.end_months
        self.scores += later.scores
        self.grades.update(later.grades)
        self.events.update(later.events)
        self.event_games.update(later.event_games)
        self.seeds += later.seeds
        self.families += later.families

    def as_dict(self) -> dict[str, object]:
        return {
            "policy": self.policy,
            "scenario": self.scenario,
            "games": self.games,
            "endings": {f: round(self.share(f), 4) for f in FAMILIES},
            "median_end_month": self.median_end,
            "mean_score": round(self.mean_score, 2),
            "mean_grade": letter_for(self.mean_score, self.bands),
            "grades": dict(sorted(self.grades.items())),
            "event_fires": dict(sorted(self.events.items())),
            "event_games": dict(sorted(self.event_games.items())),
        }


def letter_for(score: float, bands: dict[str, float]) -> str:
    """The grade of a score under the packs' bands (the same as a game's)."""
    return grade_letter(score, bands)


def simulate(content: Content, scenario: str, policy: str, games: int, seed: int,
             seeds: Sequence[int] | None = None, horizon: int | None = None,
             keep: Callable[[int, Game], None] | None = None) -> Summary:
    """Play ``games`` games of ``policy``; game i uses a seed derived from ``seed`` and i.

    Args:
        seeds: play exactly these seeds instead (a class card's world); ``games`` is then
            their number.
        horizon: months until the board's verdict, when not the scenario's.
        keep: called with each game's index and the finished game, which then keeps its
            full records (for writing it as a save).
    """
    return play_range(content, scenario, policy, seed, 0,
                      len(seeds) if seeds is not None else games, seeds, horizon, keep)


def game_seed(seed: int, index: int) -> int:
    """The seed of game ``index`` of a run started with ``seed``."""
    return derive(seed, "game", index) % 2**31


def play_range(content: Content, scenario: str, policy: str, seed: int,
               start: int, stop: int, seeds: Sequence[int] | None = None,
               horizon: int | None = None,
               keep: Callable[[int, Game], None] | None = None) -> Summary:
    """Play games ``start`` to ``stop - 1`` of a run: a slice that :meth:`Summary.absorb`
    joins to its neighbours, in order, into the summary of the whole run.

    ``seeds``, ``horizon`` and ``keep`` are those of :func:`simulate`.
    """
    summary = Summary(policy, scenario, stop - start, bands=dict(content.grades))
    for index in range(start, stop):
        this_seed = seeds[index] if seeds is not None else game_seed(seed, index)
        game = play_game(content, scenario, this_seed, make_bot(policy),
                         record=keep is not None, horizon=horizon)
        ending = game.state.ending
        assert ending is not None
        summary.endings[ending.family] += 1
        summary.end_months.append(ending.month)
        summary.scores.append(ending.score)
        summary.grades[ending.grade] += 1
        summary.events.update(game.state.fire_counts)
        summary.event_games.update(game.state.fire_counts.keys())
        summary.seeds.append(this_seed)
        summary.families.append(ending.family)
        if keep is not None:
            keep(index, game)
    return summary
