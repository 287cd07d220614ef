"""Replays: play a save's decisions again from its seed and check the same game comes out.

When the packs have changed since the save, the report says which, and the first month in
which the replayed game parts ways with the saved one. A replay can also stop early and
become a new game: the counterfactual fork.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from game.engine.content import Content
from game.engine.decisions import from_record
from game.engine.game import Game, IllegalDecision
from game.saves.check import _identity, _plain, number
from game.saves.codec import StateError, digest, state_from_dict, state_to_dict
from game.saves.format import PackDifference, SaveError, decode, lock_differences, month_hashes


@dataclass
class ReplayReport:
    """What a replay found."""

    game: Game
    """The replayed game, where the replay stopped."""
    same: bool
    """The replayed state is identical to the saved one."""
    packs: list[PackDifference] = field(default_factory=list)
    diverged_month: int | None = None
    """The first month whose ledger differs from the save's (None when none does)."""
    problem: str = ""
    """A recorded decision that could not be made again, if any."""


def check(document: dict[str, Any], content: Content, path: Path | str) -> None:
    """Refuse (:class:`SaveError`) a save the game itself would not load.

    With the packs it was made with, that is the full check of loading. With packs that
    have changed since, the state may name what is gone, so it is checked for its checksum,
    its shape and what a replay reads: scenario, seed, company, month, phase and decisions.
    """
    packs = document.get("packs")
    if not isinstance(packs, list) or not all(
            isinstance(p, dict) and all(isinstance(p.get(k), str)
                                        for k in ("id", "version", "digest")) for p in packs):
        raise SaveError(path, "the save's list of packs is damaged")
    if not lock_differences(packs, content.packs):
        decode(document, content, path)
        return
    body = document.get("state")
    decisions = document.get("decisions")
    if not isinstance(body, dict) or not isinstance(decisions, list):
        raise SaveError(path, "the save has no game in it")
    stored = document.get("state_hash")
    if not isinstance(stored, str) or stored != digest(body):
        raise SaveError(path, "the save has been changed since it was written (its checksum "
                              "does not match), so it may be damaged")
    try:
        state = state_from_dict(body | {"decisions": decisions})
    except StateError as error:
        raise SaveError(path, str(error)) from None
    scenario = content.scenarios.get(state.scenario)
    if scenario is None:
        raise SaveError(path, f"scenario {state.scenario!r} is not in the loaded packs")
    for key in ("scenario", "seed", "company"):
        if document.get(key) != getattr(state, key):
            raise SaveError(path, f"the save's {key} does not match its game")
    try:
        _identity(state, content)
        number("month", state.month, 1, scenario.horizon)
        for index, (month, record) in enumerate(state.decisions):
            number(f"decisions.{index}", month, 1, state.month)
            _plain(f"decisions.{index}", record)
        for index, entry in enumerate(state.journal):
            number(f"journal.{index}", entry.month, 1, state.month)
    except StateError as error:
        raise SaveError(path, str(error)) from None


def replay(document: dict[str, Any], content: Content, until: int | None = None
           ) -> ReplayReport:
    """Replay a save document (already parsed and upgraded) with the packs in use.

    Args:
        until: stop at the start of this month instead of where the save stopped, to fork.
    """
    saved = document["state"]
    horizon = saved.get("horizon")  # a class card's own, when it set one
    game = Game.new(content, document["scenario"], document["seed"], document["company"],
                    horizon=None if horizon is None else int(horizon),
                    game_id=saved["game_id"])
    card = document.get("class")
    game.card = card if isinstance(card, dict) else None
    game.refresh()
    records: list[tuple[int, dict[str, Any]]] = [(int(m), r) for m, r in document["decisions"]]
    last_month = int(saved["month"])
    stop_month = last_month if until is None else min(until, last_month)
    stop_phase = saved["phase"] if until is None or until >= last_month else "world"
    problem = _play(game, records, stop_month, stop_phase)
    report = ReplayReport(game, False, lock_differences(document["packs"], content.packs),
                          problem=problem)
    if until is not None:
        report.same = problem == ""
        return report
    body = state_to_dict(game.state)
    body.pop("decisions")
    report.same = not problem and digest(body) == digest(saved)
    if not report.same:
        report.diverged_month = _first_difference(saved["journal"], body["journal"],
                                                  max(last_month, game.state.month))
    return report


def _play(game: Game, records: list[tuple[int, dict[str, Any]]], stop_month: int,
          stop_phase: str) -> str:
    """Run the recorded decisions month by month; returns what went wrong, if anything."""
    state = game.state
    while state.ending is None:
        month = state.month
        if month == stop_month and stop_phase == "world":
            return ""
        game.begin_month()
        for record_month, record in records:
            if record_month != month or state.ending is not None:
                continue
            try:
                if record.get("kind") == "choose":
                    game.choose(str(record["event"]), str(record["choice"]))
                else:
                    game.apply(from_record(record))
            except (IllegalDecision, ValueError, KeyError) as error:
                return f"month {month}: the recorded decision {record} failed ({error})"
        if state.ending is not None or (month == stop_month and stop_phase != "over"):
            return ""
        if state.phase == "events":
            return f"month {month}: events are waiting that the save never answered"
        game.end_month()
    return ""


def _first_difference(saved: list[Any], replayed: list[Any], months: int) -> int | None:
    for month, (a, b) in enumerate(zip(month_hashes(saved, months),
                                       month_hashes(replayed, months), strict=True), 1):
        if a != b:
            return month
    return None


def fork(report: ReplayReport) -> Game:
    """The replayed game as a new game of its own (its own saves), ready to play on."""
    report.game.renew_id()
    return report.game
