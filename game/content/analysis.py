"""What the loader accepts but a player would never see: the pack validator's deeper checks.

Conditions that can never hold (given each stat's range), flags that nothing sets, events
that nothing can trigger, choices that can never be taken, endings that cannot happen.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from game.content.compose import BASE, qualify
from game.content.salvage import closest
from game.engine.expr import Expr, suggest
from game.engine.rng import Stream, derive
from game.engine.text import strip_markup

if TYPE_CHECKING:
    from game.content.models import Ending, Event
    from game.engine.content import ChoiceRule, Content, EndingRule

Site = tuple[str, tuple[str | int, ...]]


@dataclass(frozen=True)
class Sources:
    """Where everything was read, and how to report a problem there."""

    events: Sequence[tuple[Event, str, int, str]]
    """Every event as written: model, file, index in the file, pack."""
    endings: Sequence[tuple[Ending, str, int]]
    sites: Mapping[str, tuple[str, int]]
    """Each loaded event's file and index, under its final id (an override's own file)."""
    disabled: Mapping[str, tuple[str, int]]
    """Disabled events, with the manifest and index of the ``disable`` entry."""
    file_packs: Mapping[str, str]
    """The pack of each file."""
    pack_order: Sequence[str]
    add: Callable[[str, Sequence[str | int], str], None]
    """Records one problem: the file as shown, the path of the field in it, the message."""
    line_of: Callable[[str, Sequence[str | int]], int]
    rules_file: str = "base/rules.toml"

PLACEHOLDERS = frozenset({"company"})
"""What ``{name}`` may stand for in an event's story and results and an ending's text."""
NEWS_PLACEHOLDERS = frozenset({"rival", "model", "domains", "amount"})
_PLACEHOLDER = re.compile(r"\{([^{}]*)\}")


def _schedules_itself(content: Content, start: str, choice: ChoiceRule) -> list[str]:
    """The chain of follow-ups by which ``choice`` of event ``start`` brings it back, or []."""
    seen: dict[str, str] = {}
    todo = [target for target, _ in choice.follow_ups]
    for target in todo:
        seen.setdefault(target, start)
    while todo:
        current = todo.pop()
        if current == start:
            chain = [start]
            step = seen[start]
            while step != start and len(chain) < 10:
                chain.append(step)
                step = seen[step]
            return [start, *reversed(chain[1:]), start]
        event = content.events.get(current)
        if event is None:
            continue
        for next_choice in event.choices:
            for target, _ in next_choice.follow_ups:
                if target not in seen:
                    seen[target] = current
                    todo.append(target)
    return []


def analyse(content: Content, src: Sources) -> None:
    """Add a problem for everything in the loaded packs that can never happen."""
    set_flags = _flags_set(content)
    lost = _lost_flags(content, src, set_flags)
    standing = content.rules.standing
    for key, flag in (("fair_use_flag", standing.fair_use_flag),
                      ("piracy_flag", standing.piracy_flag)):
        if flag not in set_flags:
            src.add(src.rules_file, ("standing", key),
                    f"no choice or scenario sets the flag {flag!r}, so this rule never applies"
                    f"{suggest(flag, set_flags)}")
    scheduled = {target for event in content.events.values()
                 for choice in event.choices for target, _ in choice.follow_ups}
    for event in content.events.values():
        shown, index = src.sites.get(event.id, (event.file, 0))
        path: tuple[str | int, ...] = ("event", index)
        if event.when is not None:
            _check_condition(src, event.when, shown, (*path, "when"), set_flags,
                             "this event can never happen", lost)
        fewest, most = event.story.word_range() if event.story is not None \
            else (len(event.model.story.split()),) * 2
        if fewest < STORY_WORDS[0] or most > STORY_WORDS[1]:
            words = f"{fewest}" if fewest == most else f"{fewest} to {most}"
            src.add(shown, (*path, "story"),
                f"the story has {words} words; write {STORY_WORDS[0]} to "
                f"{STORY_WORDS[1]} so it reads as a scene, not a headline or an essay")
        texts = [("story", event.story)] + [
            (f"choice[{c_index + 1}].{name}", template)
            for c_index, choice in enumerate(event.choices)
            for name, template in (("text", choice.text), ("result", choice.result))]
        for name, template in texts:
            for condition in template.conditions() if template is not None else ():
                _check_condition(src, condition, shown, (*path, *_split(name)),
                                 set_flags, "this text is never shown")
        if event.model.follow_up_only and event.id not in scheduled:
            src.add(shown, (*path, "follow_up_only"),
                          "no choice schedules this follow-up, so it never happens")
        elif event.chance == 0 and event.id not in scheduled:
            src.add(shown, (*path, "chance"),
                          "chance is 0 and no choice schedules it, so it never happens")
        _check_text(src, event.model.story, shown, (*path, "story"), PLACEHOLDERS)
        for c_index, choice in enumerate(event.choices):
            c_path = (*path, "choice", c_index)
            loop = _schedules_itself(content, event.id, choice)
            if loop and not event.model.once:
                src.add(shown, (*c_path, "follow_ups"),
                        f"this choice schedules {' → '.join(loop)} again, so the chain can "
                        "repeat until the game ends (the game holds it to one a month); "
                        "make the event once = true or give a link of the chain a when")
            if choice.requires is not None:
                _check_condition(src, choice.requires, shown, (*c_path, "requires"),
                                 set_flags, "this choice can never be taken", lost)
            _check_text(src, choice.model.result, shown, (*c_path, "result"),
                        PLACEHOLDERS)
            for u_index, flag in enumerate(choice.model.unflag):
                if flag not in set_flags:
                    src.add(shown, (*c_path, "unflag", u_index),
                                  f"unknown flag {flag!r}{suggest(flag, set_flags)}: no choice "
                                  "or scenario sets it, so clearing it does nothing")
            if choice.model.ending == "acquisition" and "exit_price" not in choice.model.effects:
                src.add(shown, (*c_path, "ending"),
                              "an acquisition needs a price: add an exit_price effect "
                              "(what the buyer pays, $k), e.g. exit_price = "
                              '"valuation * 0.5"')
        if all(c.requires is not None and not c.requires.can_true for c in event.choices):
            src.add(shown, (*path, "choice"), "every choice is locked for ever")
    for ending_file, index, ending in _endings(src, content):
        _check_text(src, ending.model.text, ending_file, ("ending", index, "text"),
                    PLACEHOLDERS)
        for condition in ending.text.conditions() if ending.text is not None else ():
            _check_condition(src, condition, ending_file, ("ending", index, "text"),
                             set_flags, "this text is never shown")
        if not ending.when.can_true:
            src.add(ending_file, ("ending", index, "when"),
                          f"the {ending.model.family} ending {ending.model.id!r} can never "
                          "happen: its condition can never hold")
    _check_shadowed_endings(content, src)
    news_file = next((f for f in src.file_packs if f.endswith("news.toml")), "news.toml")
    for key, lines in content.news.model_dump().items():
        for n_index, line in enumerate(lines):
            _check_text(src, line, news_file, (key, n_index), NEWS_PLACEHOLDERS)


def _split(name: str) -> tuple[str | int, ...]:
    """``choice[2].text`` as the key path ``("choice", 1, "text")``."""
    if not name.startswith("choice["):
        return (name,)
    index, _, field = name.removeprefix("choice[").partition("].")
    return ("choice", int(index) - 1, field)


STORY_WORDS = (40, 150)
"""How long an event's story should be, in words."""


def _flags_set(content: Content) -> set[str]:
    flags = {flag for s in content.scenarios.values() for flag in s.flags}
    for event in content.events.values():
        for choice in event.choices:
            flags.update(choice.model.flags)
    return flags




def _lost_flags(content: Content, src: Sources,
                set_flags: set[str]) -> dict[str, tuple[Site, str]]:
    """Flags only an overridden or disabled event set: where that happens, and how."""
    originals = {qualify(pack, e.id): e for e, _, _, pack in src.events if not e.overrides}
    lost: dict[str, tuple[Site, str]] = {}
    for event in content.events.values():
        original = originals.get(event.qid)
        if event.model.overrides and original is not None:
            shown, index = src.sites[event.qid]
            for flag in _sets(original) - set_flags:
                lost.setdefault(flag, ((shown, ("event", index, "overrides")),
                                       f"this event replaces {event.qid!r}"))
    for target, (shown, index) in src.disabled.items():
        original = originals.get(target)
        if original is not None:
            for flag in _sets(original) - set_flags:
                lost.setdefault(flag, ((shown, ("disable", index)), f"{target!r} is disabled"))
    return lost


def _sets(event: Any) -> set[str]:
    return {flag for choice in event.choice for flag in choice.flags}


def _check_condition(src: Sources, expr: Expr, shown: str,
                     path: tuple[str | int, ...], set_flags: set[str], outcome: str,
                     lost: dict[str, tuple[Site, str]] | None = None) -> None:
    for flag in sorted(expr.flags - set_flags):
        if lost and flag in lost:
            (where, at), how = lost[flag]
            line = src.line_of(shown, path)
            src.add(where, at, f"once {how}, nothing sets the flag {flag!r}, which "
                                     f"{shown}:{line} tests: set it in one of your choices")
            continue
        src.add(shown, path, f"unknown flag {flag!r}{suggest(flag, set_flags)} "
                                   "(no choice or scenario sets it)")
    if not expr.can_true:
        src.add(shown, path, f"{expr.source!r} can never be true given the stats' "
                                   f"ranges: {outcome}")


def _endings(src: Sources, content: Content) -> list[tuple[str, int, EndingRule]]:
    compiled = {e.model.id: e for e in content.endings}
    return [(shown, index, compiled[ending.id]) for ending, shown, index in src.endings
            if ending.id in compiled]


def _check_text(src: Sources, text: str, shown: str, path: tuple[str | int, ...],
                allowed: frozenset[str]) -> None:
    """A ``{placeholder}`` that names nothing would be shown to players as it is."""
    text = strip_markup(text)
    for match in _PLACEHOLDER.finditer(text):
        name = match[1]
        if name not in allowed:
            names = ", ".join("{" + a + "}" for a in sorted(allowed))
            near = closest(name, sorted(allowed))
            hint = f" — did you mean {{{near}}}?" if near else ""
            src.add(shown, path, f"{{{name}}} names nothing and would be shown as it "
                                       f"is{hint}; this text can use {names}")
    stripped = _PLACEHOLDER.sub("", text)
    if "{" in stripped or "}" in stripped:
        src.add(shown, path, "an unmatched { or } in the text: placeholders are written "
                                   "{company}")


SAMPLES = 2000
"""Situations drawn to find endings that an earlier ending always pre-empts."""


def _check_shadowed_endings(content: Content, src: Sources) -> None:
    """An ending is never used when, whenever its condition holds, one tried before it holds
    too. An earlier ending that always holds is certain; otherwise the conditions are tried
    on many situations drawn across the stats' ranges."""
    sites = {e.id: (shown, index) for e, shown, index in src.endings}
    for family, endings in content.endings_by_family.items():
        if len(endings) < 2:
            continue
        samples = _situations(content, endings, family)
        for position, ending in enumerate(endings[1:], start=1):
            earlier = endings[:position]
            always = [e for e in earlier if not e.when.can_false]
            if always:
                blockers = always
            else:
                holds = [i for i, (s, g) in enumerate(samples) if _holds(ending.when, s, g)]
                if len(holds) < 20 or any(
                        not any(_holds(e.when, *samples[i]) for e in earlier) for i in holds):
                    continue
                blockers = [e for e in earlier
                            if any(_holds(e.when, *samples[i]) for i in holds)]
            shown, index = sites[ending.model.id]
            order = list(src.pack_order)
            rank = {e.model.id: order.index(src.file_packs.get(sites[e.model.id][0], BASE))
                    for e in (ending, *blockers)}
            latest = max(blockers, key=lambda e: rank[e.model.id])
            if rank[latest.model.id] > rank[ending.model.id]:  # the newer pack is the cause
                b_shown, b_index = sites[latest.model.id]
                line = src.line_of(shown, ("ending", index, "when"))
                src.add(b_shown, ("ending", b_index, "when"),
                              f"the {family} ending {latest.model.id!r} is tried before "
                              f"{ending.model.id!r} ({shown}:{line}) and holds whenever it "
                              "does, so that one is never used: narrow this condition or "
                              "lower this ending's priority")
                continue
            names = " or ".join(f"{e.model.id!r} ({sites[e.model.id][0]})" for e in blockers)
            need = max(e.model.priority for e in blockers) + 1
            src.add(shown, ("ending", index, "when"),
                          f"the {family} ending {ending.model.id!r} is never used: whenever "
                          f"its condition holds, {names} holds too and is tried first; give "
                          f"it priority = {need} to be tried before")


class _Situation:
    """What an ending's condition can read besides stats, drawn at random."""

    def __init__(self, stream: Stream, content: Content, flags: set[str]) -> None:
        self.flags = {f for f in sorted(flags) if stream.random() < 0.5}
        self.cap = {d: stream.uniform(0, 100) for d in content.domains}
        self.frontier = {d: stream.uniform(0, 100) for d in content.domains}
        self.open_best = {d: stream.uniform(0, 100) for d in content.domains}
        self.products = {p for p in content.products if stream.random() < 0.3}
        self.active = {r for r in content.rivals if stream.random() < 0.7}

    def rival_active(self, rival: str) -> bool:
        return rival in self.active


def _situations(content: Content, endings: tuple[EndingRule, ...],
                family: str) -> list[tuple[dict[str, float], _Situation]]:
    names = sorted({n for e in endings for n in e.when.names})
    flags = {f for e in endings for f in e.when.flags}
    stream = Stream(derive(0, "ending-check", family))
    out = []
    for _ in range(SAMPLES):
        stats = {name: _draw(stream, *content.namespace.ranges.get(name, (-math.inf,
                                                                           math.inf)))
                 for name in names}
        out.append((stats, _Situation(stream, content, flags)))
    return out


def _draw(stream: Stream, low: float, high: float) -> float:
    if math.isfinite(low) and math.isfinite(high):
        return stream.uniform(low, high)
    size = 10 ** stream.uniform(-1, 6)
    if math.isfinite(low):
        return low + size
    if math.isfinite(high):
        return high - size
    return size if stream.random() < 0.5 else -size


def _holds(expr: Expr, stats: dict[str, float], situation: Any) -> bool:
    try:
        return bool(expr(stats, situation))
    except (KeyError, ArithmeticError, ValueError):
        return False
