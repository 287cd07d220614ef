"""What the loader accepts but a player would never see: the pack validator's deeper checks.

Conditions that can never hold (given each stat's range), flags that nothing sets, events
that nothing can trigger, choices that can never be taken, endings that cannot happen.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from game.content.compose import qualify
from game.engine.expr import Expr, suggest

if TYPE_CHECKING:
    from game.content.models import Ending, Event
    from game.engine.content import Content, EndingRule

Report = Callable[[str, Sequence[str | int], str], None]
"""Records one problem: the file as shown, the path of the field in it, and the message."""


def analyse(content: Content, events: Sequence[tuple[Event, str, int, str]],
            endings: Sequence[tuple[Ending, str, int]], add: Report) -> None:
    """Report everything in the loaded packs that can never happen.

    ``events`` and ``endings`` say where each was read (model, file, index, and the event's
    pack), so a problem points at its line.
    """
    set_flags = _flags_set(content)
    scheduled = {target for event in content.events.values()
                 for choice in event.choices for target, _ in choice.follow_ups}
    located = {(qualify(pack, e.id)): (shown, index)
               for e, shown, index, pack in events}
    for event in content.events.values():
        shown, index = located.get(event.id, (event.file, 0))
        path: tuple[str | int, ...] = ("event", index)
        if event.when is not None:
            _check_condition(add, event.when, shown, (*path, "when"), set_flags,
                             "this event can never happen")
        words = len(event.model.story.split())
        if not STORY_WORDS[0] <= words <= STORY_WORDS[1]:
            add(shown, (*path, "story"),
                f"the story has {words} words; write {STORY_WORDS[0]} to "
                f"{STORY_WORDS[1]} so it reads as a scene, not a headline or an essay")
        if event.model.follow_up_only and event.id not in scheduled:
            add(shown, (*path, "follow_up_only"),
                "no choice schedules this follow-up, so it never happens")
        elif event.chance == 0 and event.id not in scheduled:
            add(shown, (*path, "chance"),
                "chance is 0 and no choice schedules it, so it never happens")
        for c_index, choice in enumerate(event.choices):
            if choice.requires is not None:
                _check_condition(add, choice.requires, shown,
                                 (*path, "choice", c_index, "requires"), set_flags,
                                 "this choice can never be taken")
        if all(c.requires is not None and not c.requires.can_true for c in event.choices):
            add(shown, (*path, "choice"), "every choice is locked for ever")
    for ending_file, index, ending in _endings(endings, content):
        if not ending.when.can_true:
            add(ending_file, ("ending", index, "when"),
                f"the {ending.model.family} ending {ending.model.id!r} can never "
                "happen: its condition can never hold")


STORY_WORDS = (40, 150)
"""How long an event's story should be, in words."""


def _flags_set(content: Content) -> set[str]:
    flags = {flag for s in content.scenarios.values() for flag in s.flags}
    for event in content.events.values():
        for choice in event.choices:
            flags.update(choice.model.flags)
    return flags


def _check_condition(add: Report, expr: Expr, shown: str,
                     path: tuple[str | int, ...], set_flags: set[str], outcome: str) -> None:
    for flag in sorted(expr.flags - set_flags):
        add(shown, path, f"unknown flag {flag!r}{suggest(flag, set_flags)} "
                         "(no choice or scenario sets it)")
    if not expr.can_true:
        add(shown, path, f"{expr.source!r} can never be true given the stats' "
                         f"ranges: {outcome}")


def _endings(endings: Sequence[tuple[Ending, str, int]],
             content: Content) -> list[tuple[str, int, EndingRule]]:
    compiled = {e.model.id: e for e in content.endings}
    return [(shown, index, compiled[ending.id]) for ending, shown, index in endings
            if ending.id in compiled]
