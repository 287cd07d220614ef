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
from game.engine.events import split_and
from game.engine.expr import Expr, ExprError, compile_expr
from game.engine.game import Game
from game.engine.rng import Stream, derive
from game.sim.bots import BOTS, Bot, random_choice
from game.sim.simulate import FAMILIES, play_game


class RandomChoices(Bot):
    """Plans like the wrapped bot, but answers every event with a random open choice."""

    def __init__(self, inner: Bot) -> None:
        super().__init__()
        self.inner = inner
        self.name = inner.name

    def choose(self, game: Game, event: EventRule) -> str:
        stream = Stream(derive(game.state.seed, "pack-test", game.state.month, event.id))
        return random_choice(game, event, stream)

    def plan(self, game: Game) -> None:
        self.inner.plan(game)


@dataclass
class EventStats:
    fired: int = 0
    months: list[int] = field(default_factory=list)
    choices: Counter[str] = field(default_factory=Counter)


@dataclass
class Clauses:
    """For an event: in how many months its condition held, and how often each ``and``
    part of it failed."""

    months: int = 0
    held: int = 0
    failed: Counter[str] = field(default_factory=Counter)


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
    scenario: str = ""
    ending_ids_with: Counter[str] = field(default_factory=Counter)
    ending_ids_without: Counter[str] = field(default_factory=Counter)
    clauses: dict[str, Clauses] = field(default_factory=dict)
    """Why each of the pack's events with a condition did or did not happen."""
    products: Counter[str] = field(default_factory=Counter)
    """The pack's products: in how many games each was launched."""
    rivals: dict[str, Counter[str]] = field(default_factory=dict)
    """The pack's rivals: in how many games each released a model, and how each ended."""
    base_with: Counter[str] = field(default_factory=Counter)
    base_without: Counter[str] = field(default_factory=Counter)
    """Other packs' events: in how many games each fired, with the pack and without."""

    def never_fired(self) -> list[str]:
        return [e for e, s in self.events.items() if not s.fired]

    def never_taken(self) -> list[str]:
        return [f"{e} / {c}" for e, ids in self.choices.items() for c in ids
                if self.events[e].fired and not self.events[e].choices[c]]

    def crowded_out(self, count: int = 5) -> list[tuple[str, float, float]]:
        """Other packs' events whose share of games fell most with the pack: id, before,
        after."""
        falls = [(self.base_with[e] / self.games - self.base_without[e] / self.games, e)
                 for e in self.base_without]
        return [(e, self.base_without[e] / self.games, self.base_with[e] / self.games)
                for fall, e in sorted(falls)[:count] if fall < 0]

    def as_dict(self) -> dict[str, object]:
        return {
            "pack": self.pack, "games": self.games, "scenario": self.scenario,
            "events": {e: {"fired": s.fired, "months": _month_summary(s.months),
                           "choices": {c: s.choices[c] for c in self.choices[e]},
                           **({"condition": {
                               "months_held": self.clauses[e].held,
                               "months": self.clauses[e].months,
                               "failed": dict(self.clauses[e].failed.most_common())}}
                              if e in self.clauses else {})}
                       for e, s in self.events.items()},
            "never_fired": self.never_fired(), "never_taken": self.never_taken(),
            "endings": {f: {"base": self.endings_without[f] / self.games,
                            "with_pack": self.endings_with[f] / self.games}
                        for f in FAMILIES},
            "ending_ids": {e: {"base": self.ending_ids_without[e] / self.games,
                               "with_pack": self.ending_ids_with[e] / self.games}
                           for e in sorted(set(self.ending_ids_with)
                                           | set(self.ending_ids_without))},
            "products": {p: n / self.games for p, n in sorted(self.products.items())},
            "rivals": {r: dict(c) for r, c in sorted(self.rivals.items())},
            "crowded_out": [{"event": e, "base": b, "with_pack": w}
                            for e, b, w in self.crowded_out()],
        }


def _month_summary(months: list[int]) -> dict[str, float] | None:
    if not months:
        return None
    return {"first": min(months), "median": statistics.median(months), "last": max(months)}


class _Watch:
    """Looks at every month of a game: which parts of the pack's conditions hold."""

    def __init__(self, content: Content, events: dict[str, EventRule],
                 report: PackReport) -> None:
        self.parts: dict[str, list[tuple[str, Expr]]] = {}
        for event_id, event in events.items():
            if event.model.when is None:
                continue
            parts = []
            for part in split_and(event.model.when):
                try:
                    parts.append((part.strip(), compile_expr(part, content.namespace, "bool")))
                except ExprError:
                    continue
            self.parts[event_id] = parts
            report.clauses[event_id] = Clauses()
        self.report = report

    def month(self, game: Game) -> None:
        for event_id, parts in self.parts.items():
            clauses = self.report.clauses[event_id]
            clauses.months += 1
            failed = [text for text, expr in parts if not expr(game.s, game.state)]
            if failed:
                clauses.failed.update(failed)
            else:
                clauses.held += 1


def _play(content: Content, scenario: str, seed: int, bot: Bot,
          watch: _Watch | None) -> Game:
    """One game as :func:`play_game` plays it, watched each month before the events."""
    return play_game(content, scenario, seed, bot, record=False,
                     watch=None if watch is None else watch.month)


def run_pack_test(base: Content, with_pack: Content, pack_id: str, games: int,
                  seed: int = 1, scenario: str | None = None) -> PackReport:
    """Play ``games`` games with and without the pack and collect what its events did."""
    ours = {e.id: e for e in with_pack.events.values() if e.pack == pack_id}
    stats = {event_id: EventStats() for event_id in ours}
    scenario = scenario or with_pack.default_scenario
    report = PackReport(pack_id, games, stats,
                        {e: [c.model.id for c in rule.choices] for e, rule in ours.items()},
                        Counter(), Counter(), scenario=scenario)
    new_products = [p for p in with_pack.products if p not in base.products]
    new_rivals = [r for r in with_pack.rivals if r not in base.rivals]
    report.rivals = {r: Counter() for r in new_rivals}
    watch = _Watch(with_pack, ours, report)
    names = sorted(BOTS)
    plain_scenario = scenario if scenario in base.scenarios else base.default_scenario
    for index in range(games):
        game_seed = derive(seed, "pack-test-game", index) % 2**31
        bot_name = names[index % len(names)]
        game = _play(with_pack, scenario, game_seed, RandomChoices(BOTS[bot_name]()), watch)
        assert game.state.ending is not None
        report.endings_with[game.state.ending.family] += 1
        report.ending_ids_with[game.state.ending.id] += 1
        report.base_with.update(e for e in game.state.fire_counts if e not in ours)
        report.products.update(p for p in new_products if p in game.state.products)
        for rival_id in new_rivals:
            rival = game.state.rivals.get(rival_id)
            if rival is not None:
                report.rivals[rival_id][rival.status] += 1
                report.rivals[rival_id]["released"] += rival.caps is not None
        chosen: dict[str, list[tuple[int, str]]] = defaultdict(list)
        for month, record in game.state.decisions:
            if record.get("kind") == "choose" and record.get("event") in ours:
                chosen[str(record["event"])].append((month, str(record["choice"])))
        for event_id, picks in chosen.items():
            stats[event_id].fired += 1
            for month, choice in picks:
                stats[event_id].months.append(month)
                stats[event_id].choices[choice] += 1
        plain = play_game(base, plain_scenario, game_seed,
                          RandomChoices(BOTS[bot_name]()), record=False)
        assert plain.state.ending is not None
        report.endings_without[plain.state.ending.family] += 1
        report.ending_ids_without[plain.state.ending.id] += 1
        report.base_without.update(plain.state.fire_counts)
    return report


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
    for event_id in never:
        clauses = report.clauses.get(event_id)
        if clauses is None or not clauses.months:
            continue
        held = clauses.held / clauses.months
        worst = clauses.failed.most_common(1)
        why = (f"; failing most often: {worst[0][0]} ({worst[0][1] / clauses.months:.0%} of "
               "months)") if worst else ""
        lines.append(f"  {event_id}: its condition held in {held:.1%} of months{why}")
    untaken = report.never_taken()
    lines.append("Choices never taken: " + (", ".join(untaken) if untaken else "none"))
    for product, launched in sorted(report.products.items()):
        lines.append(f"Product {product}: launched in {launched / report.games:.0%} of games")
    for rival, counts in sorted(report.rivals.items()):
        lines.append(f"Rival {rival}: released a model in {counts['released'] / report.games:.0%}"
                     f" of games; still active at the end in "
                     f"{counts['active'] / report.games:.0%}")
    lines += ["", f"{'ending':<24}{'base alone':>12}{'with pack':>12}{'shift':>9}"]
    for family in FAMILIES:
        before = report.endings_without[family] / report.games
        after = report.endings_with[family] / report.games
        lines.append(f"{family:<24}{before:>12.0%}{after:>12.0%}{(after - before) * 100:>+8.0f}p")
    for ending in sorted(set(report.ending_ids_with) | set(report.ending_ids_without)):
        before = report.ending_ids_without[ending] / report.games
        after = report.ending_ids_with[ending] / report.games
        lines.append(f"  {ending:<22}{before:>12.0%}{after:>12.0%}"
                     f"{(after - before) * 100:>+8.0f}p")
    crowded = report.crowded_out()
    if crowded:
        lines += ["", "Other events the pack crowds out most (share of games):"]
        lines += [f"  {e:<38}{b:>6.0%} -> {w:.0%}" for e, b, w in crowded]
    return "\n".join(lines)
