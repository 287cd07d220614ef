"""Random play for pack authors: how a pack's events behave in real games.

Games are played by the built-in bots in turn, each taking a random open choice at every
event (so every choice gets tried), once with the base pack alone and once with the pack
added, on the same seeds.
"""

from __future__ import annotations

import statistics
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from game.engine.content import Content, EventRule
from game.engine.game import Game
from game.engine.rng import Stream, derive
from game.sim.bots import BOTS, Bot
from game.sim.simulate import FAMILIES, play_game


class RandomChoices(Bot):
    """Plans like the wrapped bot, but answers every event with a random open choice."""

    def __init__(self, inner: Bot) -> None:
        super().__init__()
        self.inner = inner
        self.name = inner.name

    def choose(self, game: Game, event: EventRule) -> str:
        open_choices = [c.model.id for c in event.choices
                        if c.requires is None or c.requires(game.s, game.state)]
        stream = Stream(derive(game.state.seed, "pack-test", game.state.month, event.id))
        return open_choices[stream.randint(0, len(open_choices) - 1)]

    def plan(self, game: Game) -> None:
        self.inner.plan(game)


@dataclass
class EventStats:
    fired: int = 0
    months: list[int] = field(default_factory=list)
    choices: Counter[str] = field(default_factory=Counter)


@dataclass
class PackReport:
    """What N games said about a pack."""

    pack: str
    games: int
    events: dict[str, EventStats]
    choices: dict[str, list[str]]
    """Each event of the pack and its choice ids."""
    endings_with: Counter[str]
    endings_without: Counter[str]

    def never_fired(self) -> list[str]:
        return [e for e, s in self.events.items() if not s.fired]

    def never_taken(self) -> list[str]:
        return [f"{e} / {c}" for e, ids in self.choices.items() for c in ids
                if self.events[e].fired and not self.events[e].choices[c]]

    def as_dict(self) -> dict[str, object]:
        return {
            "pack": self.pack, "games": self.games,
            "events": {e: {"fired": s.fired, "months": _month_summary(s.months),
                           "choices": {c: s.choices[c] for c in self.choices[e]}}
                       for e, s in self.events.items()},
            "never_fired": self.never_fired(), "never_taken": self.never_taken(),
            "endings": {f: {"base": self.endings_without[f] / self.games,
                            "with_pack": self.endings_with[f] / self.games}
                        for f in FAMILIES},
        }


def _month_summary(months: list[int]) -> dict[str, float] | None:
    if not months:
        return None
    return {"first": min(months), "median": statistics.median(months), "last": max(months)}


def run_pack_test(base: Content, with_pack: Content, pack_id: str, games: int,
                  seed: int = 1) -> PackReport:
    """Play ``games`` games with and without the pack and collect what its events did."""
    ours = {e.id: e for e in with_pack.events.values() if e.pack == pack_id}
    stats = {event_id: EventStats() for event_id in ours}
    with_endings: Counter[str] = Counter()
    without_endings: Counter[str] = Counter()
    names = sorted(BOTS)
    scenario = with_pack.default_scenario
    for index in range(games):
        game_seed = derive(seed, "pack-test-game", index) % 2**31
        bot_name = names[index % len(names)]
        game = play_game(with_pack, scenario, game_seed, RandomChoices(BOTS[bot_name]()),
                         record=False)
        assert game.state.ending is not None
        with_endings[game.state.ending.family] += 1
        chosen: dict[str, list[tuple[int, str]]] = defaultdict(list)
        for month, record in game.state.decisions:
            if record.get("kind") == "choose" and record.get("event") in ours:
                chosen[str(record["event"])].append((month, str(record["choice"])))
        for event_id, picks in chosen.items():
            stats[event_id].fired += 1
            for month, choice in picks:
                stats[event_id].months.append(month)
                stats[event_id].choices[choice] += 1
        plain = play_game(base, base.default_scenario, game_seed,
                          RandomChoices(BOTS[bot_name]()), record=False)
        assert plain.state.ending is not None
        without_endings[plain.state.ending.family] += 1
    return PackReport(pack_id, games, stats,
                      {e: [c.model.id for c in rule.choices] for e, rule in ours.items()},
                      with_endings, without_endings)


def render(report: PackReport) -> str:
    lines = [f"Pack {report.pack}: {report.games} games (bots in turn, random choices)", ""]
    lines.append(f"{'event':<40}{'games':>7}{'months':>16}  choices taken")
    for event_id, stats in sorted(report.events.items()):
        months = _month_summary(stats.months)
        span = f"{months['first']:g}-{months['last']:g} (med {months['median']:g})" \
            if months else "-"
        taken = ", ".join(f"{c} {stats.choices[c]}" for c in report.choices[event_id])
        lines.append(f"{event_id:<40}{stats.fired:>7}{span:>16}  {taken}")
    never = report.never_fired()
    lines += ["", "Never fired: " + (", ".join(never) if never else "none")]
    untaken = report.never_taken()
    lines.append("Choices never taken: " + (", ".join(untaken) if untaken else "none"))
    lines += ["", f"{'ending':<14}{'base alone':>12}{'with pack':>12}{'shift':>9}"]
    for family in FAMILIES:
        before = report.endings_without[family] / report.games
        after = report.endings_with[family] / report.games
        lines.append(f"{family:<14}{before:>12.0%}{after:>12.0%}{(after - before) * 100:>+8.0f}p")
    return "\n".join(lines)
