"""The events phase: draw eligible events, show why a choice is locked, apply a choice."""

from __future__ import annotations

import re
from collections.abc import Mapping
from itertools import compress
from operator import lt
from typing import TYPE_CHECKING

from game.engine.content import ChoiceRule, EventRule
from game.engine.expr import ExprError, compile_expr
from game.engine.numbers import LIMIT, finite
from game.engine.rng import Stream, derive, month_words
from game.engine.text import Template

if TYPE_CHECKING:
    from game.engine.game import Game

MAX_FOLLOW_UPS = 200
"""Follow-ups waiting at once; a choice that would schedule more schedules none."""
MAX_DUE = 10
"""Follow-ups drawn in one month at most (different events; the same one only once)."""
_WORDS = {"<=": "at most", ">=": "at least", "<": "below", ">": "above", "==": "exactly",
          "!=": "not"}


def draw(game: Game) -> list[EventRule]:
    """This month's events: follow-ups due now, then chance draws, at most the rules' cap."""
    state, s = game.state, game.s
    month = state.month
    drawn: list[EventRule] = []
    if state.follow_ups:
        due = list(dict.fromkeys(event_id for when, event_id in state.follow_ups
                                 if when == month))[:MAX_DUE]
        state.follow_ups = [(when, e) for when, e in state.follow_ups if when > month]
        for event_id in due:
            event = game.content.events[event_id]
            if event.when is None or event.when.function(s, state):
                drawn.append(event)
    room = min(game.rules.events.max_per_month - len(drawn), allowance(game))
    if room > 0:
        drawable, thresholds = game.content.drawable, game.content.thresholds
        words = month_words(derive(state.seed, month, "events"), len(drawable))
        # The events whose word fell below their threshold, nearest to certain first; the
        # first eligible ones are drawn. Most events miss their roll and are never looked at.
        rolled = [(words[index] / thresholds[index], drawable[index].qid, index)
                  for index in compress(range(len(drawable)), map(lt, words, thresholds))]
        rolled.sort()
        fired = state.fired
        already = {event.qid for event in drawn}
        for _, qid, index in rolled:
            event = drawable[index]
            last = fired.get(qid)
            if last is not None and (event.model.once or month - last < event.cooldown):
                continue
            if qid in already or event.when is not None and not event.when.function(s, state):
                continue
            drawn.append(event)
            room -= 1
            if not room:
                break
    fired, counts = state.fired, state.fire_counts
    for event in drawn:
        qid = event.qid
        fired[qid] = month
        counts[qid] = counts.get(qid, 0) + 1
    return drawn


def still_true(game: Game) -> None:
    """Drop the month's waiting events whose condition an earlier choice has made false (a
    second hosting offer once an exclusive deal is signed), so no story is shown that the
    state no longer bears out. A dropped event counts as not having fired: it may come
    another month (its cooldown runs from this one)."""
    state, s = game.state, game.s
    events = game.content.events
    for event_id in list(state.pending):
        when = events[event_id].when
        if when is None or when.function(s, state):
            continue
        state.pending.remove(event_id)
        count = state.fire_counts.get(event_id, 0) - 1
        if count > 0:
            state.fire_counts[event_id] = count
        else:
            state.fire_counts.pop(event_id, None)
            state.fired.pop(event_id, None)


def allowance(game: Game) -> int:
    """How many events this month may bring by chance, drawn from the seed and the rules'
    ``pace`` (the most the rules allow when there is no pace)."""
    rules = game.rules.events
    pace = rules.pace
    if not pace:
        return rules.max_per_month
    roll = Stream(derive(game.state.seed, game.state.month, "event_pace")).random() * sum(pace)
    for count, weight in enumerate(pace):
        roll -= weight
        if roll < 0:
            return count
    return len(pace) - 1


def story(game: Game, event: EventRule) -> str:
    """The event's story as the player reads it now: its conditional text chosen by the
    state, ``{company}`` filled in."""
    return _render(game, event.story, event.model.story)


def choice_text(game: Game, event: EventRule, choice_id: str) -> str:
    """A choice's button text as it reads now."""
    choice = _find(event, choice_id)
    return _render(game, choice.text, choice.model.text)


def result_text(game: Game, event: EventRule, choice_id: str) -> str:
    """What a choice's result says if it is taken now (before its effects)."""
    choice = _find(event, choice_id)
    return _render(game, choice.result, choice.model.result)


def _render(game: Game, template: Template | None, raw: str) -> str:
    company = game.state.company
    if template is None:
        return raw.replace("{company}", company)
    return template.render(game.s, game.state, company)


def lock_reason(game: Game, event: EventRule, choice_id: str) -> str | None:
    """Why a choice cannot be taken now, in the player's words, or None."""
    choice = _find(event, choice_id)
    if choice.requires is None or choice.requires(game.s, game.state):
        return None
    return explain(choice.model.requires or "", game)


def explain(condition: str, game: Game) -> str:
    """Turn a failed condition into reasons a player can read, one per failed part.

    ``reputation >= 60 and flag("x")`` with reputation 42 gives
    ``needs reputation at least 60; you have 42``.
    """
    reasons = [_explain_part(part.strip(), game) for part in _split_and(condition)]
    found = [reason for reason in reasons if reason]
    return "; ".join(found) if found else f"needs {condition}"


def split_and(condition: str) -> list[str]:
    """The top-level ``and`` parts of a condition."""
    return _split_and(condition)


def _split_and(condition: str) -> list[str]:
    """The parts of a condition joined by a top-level ``and``."""
    parts, depth, start = [], 0, 0
    for index, char in enumerate(condition):
        depth += char == "("
        depth -= char == ")"
        if depth == 0 and condition.startswith(" and ", index):
            parts.append(condition[start:index])
            start = index + 5
    parts.append(condition[start:])
    return parts


def _words(name: str) -> str:
    return re.sub(r"^[a-z]{2}_", "", name).replace("_", " ")


def _explain_part(part: str, game: Game) -> str | None:
    """The reason one part fails, or None when it holds."""
    space = game.content.namespace
    try:
        if compile_expr(part, space, "bool")(game.s, game.state):
            return None
    except ExprError:
        return None
    flag = _FLAG.match(part)
    if flag:
        if flag[1]:
            return f"not possible once this has happened: {_words(flag[2])}"
        return f"only after an earlier choice: {_words(flag[2])}"
    product = _PRODUCT.match(part)
    if product and product[1] in game.content.products:
        return f"needs {game.content.products[product[1]].name} on the market"
    match = _COMPARE.match(part)
    if match:
        left, op, number = match[1].strip(), match[2], float(match[3])
        try:
            value = float(compile_expr(left, space, "num")(game.s, game.state))
        except ExprError:
            return f"needs {part}"
        lead = _LEAD.match(left)
        if lead and lead[1] in game.content.domain_names:
            what = f"a lead in {game.content.domain_names[lead[1]]}"
        else:
            what = re.sub(r"[a-z_]+", lambda m: m[0].replace("_", " "), left)
        return f"needs {what} {_WORDS[op]} {number:g}; you have {value:.0f}"
    return f"needs {part}"


_FLAG = re.compile(r"""^(not\s+)?flag\(["']([\w.:-]+)["']\)$""")
_PRODUCT = re.compile(r"""^product\(["'](\w+)["']\)(\s*==\s*1)?$""")
_LEAD = re.compile(r"""^lead\(["'](\w+)["']\)$""")
_COMPARE = re.compile(r"^(.+?)\s*(<=|>=|<|>|==|!=)\s*(-?[\d.]+)$")


def _find(event: EventRule, choice_id: str) -> ChoiceRule:
    for choice in event.choices:
        if choice.model.id == choice_id:
            return choice
    from game.engine.game import IllegalDecision

    known = ", ".join(c.model.id for c in event.choices)
    raise IllegalDecision(f"event {event.id!r} has no choice {choice_id!r} (it has {known})")


def preview(game: Game, event: EventRule, choice_id: str) -> Mapping[str, float]:
    """The stat changes a choice would make now, before clamping."""
    return deltas(game, _find(event, choice_id))


def deltas(game: Game, choice: ChoiceRule) -> Mapping[str, float]:
    """The stat changes ``choice`` would make now, before clamping, by ``Effect.key``."""
    if choice.fixed is not None:
        return choice.fixed
    s, state = game.s, game.state
    found: dict[str, float] = {}
    for effect in choice.effects:
        key = effect.key
        value = effect.delta if effect.expr is None else float(effect.expr.function(s, state))
        if not -LIMIT <= value <= LIMIT:  # too large, infinite or NaN: held to the limit
            value = finite(value, LIMIT)
        found[key] = found.get(key, 0.0) + value
    return found


def _end_tuning(game: Game) -> None:
    """Cancel the preference-tuning contract: no more fees, and its gain never lands."""
    state = game.state
    state.tuning_months = 0
    if state.run is not None:
        state.run.tuning = False
    if game.record:
        game.news("The preference-tuning contract has ended: its fee stops, and its ratings "
                  "will not reach your models.", "company")


def choose(game: Game, event: EventRule, choice_id: str) -> dict[str, float]:
    """Apply a choice: effects (all computed first), flags, follow-ups, rivals, ending."""
    choice = _find(event, choice_id)
    if choice.requires is not None and not choice.requires.function(game.s, game.state):
        from game.engine.game import IllegalDecision

        reason = explain(choice.model.requires or "", game)
        raise IllegalDecision(f"that choice is locked: {reason}")
    source = f"{event.qid}:{choice_id}"
    state = game.state
    result = game.last_result = result_text(game, event, choice_id) if game.record else ""
    applied: dict[str, float] = {}
    for key, delta in deltas(game, choice).items():
        if "." in key:
            stat, _, domain = key.partition(".")
            game.change_domain(stat, domain, delta, "event", source)
            applied[key] = delta
        else:
            applied[key] = game.change(key, delta, "event", source)
    model = choice.model
    state.flags.update(model.flags)
    state.flags.difference_update(model.unflag)
    if model.end_tuning and state.tuning_months:
        _end_tuning(game)
    for target, months in choice.follow_ups:
        scheduled = (state.month + months, target)
        # bounded: the same event once per month, and never more than MAX_FOLLOW_UPS waiting
        if len(state.follow_ups) < MAX_FOLLOW_UPS and scheduled not in state.follow_ups:
            state.follow_ups.append(scheduled)
    for effect in model.rivals:
        rival = state.rivals.get(effect.id)
        if rival is None or rival.status != "active":
            continue
        rival.cash = finite(rival.cash + effect.cash)
        rival.strength = finite(rival.strength + effect.strength)
        rival.hype = min(100.0, max(0.0, rival.hype + effect.hype))
        rival.sharing = min(1.0, max(0.0, rival.sharing + effect.sharing))
        if effect.status:
            rival.status = effect.status
            game.s["rivals_active"] -= 1
    if model.ending:
        state.accepted = model.ending
    if game.record:
        game.news(f"{event.model.title}: {result}", "company")
    return {k: v for k, v in applied.items() if v}
