"""The events phase: draw eligible events, show why a choice is locked, apply a choice."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from game.content.loader import ChoiceRule, EventRule
from game.engine.expr import ExprError, compile_expr
from game.engine.rng import derive, month_words

if TYPE_CHECKING:
    from game.engine.game import Game

_WORDS = {"<=": "at most", ">=": "at least", "<": "below", ">": "above", "==": "exactly",
          "!=": "not"}


def draw(game: Game) -> list[EventRule]:
    """This month's events: follow-ups due now, then chance draws, at most the rules' cap."""
    state, s = game.state, game.s
    month = state.month
    due = [event_id for when, event_id in state.follow_ups if when == month]
    state.follow_ups = [(when, e) for when, e in state.follow_ups if when > month]
    drawn: list[EventRule] = []
    for event_id in due:
        event = game.content.events[event_id]
        if event.when is None or event.when(s, state):
            drawn.append(event)
    limit = game.rules.events.max_per_month
    drawable = game.content.drawable
    words = month_words(derive(state.seed, month, "events"), len(drawable))
    rolled: list[tuple[float, str, EventRule]] = []
    for event, word in zip(drawable, words, strict=True):
        if word >= event.threshold or event in drawn:
            continue
        last = state.fired.get(event.id)
        if last is not None and (event.model.once or month - last < event.cooldown):
            continue
        if event.when is not None and not event.when(s, state):
            continue
        rolled.append((word / event.threshold, event.id, event))
    rolled.sort()
    for _, _, event in rolled[: max(0, limit - len(drawn))]:
        drawn.append(event)
    for event in drawn:
        state.fired[event.id] = month
        state.fire_counts[event.id] = state.fire_counts.get(event.id, 0) + 1
    return drawn


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


def preview(game: Game, event: EventRule, choice_id: str) -> dict[str, float]:
    """The stat changes a choice would make now, before clamping."""
    return _deltas(game, _find(event, choice_id))


def _deltas(game: Game, choice: ChoiceRule) -> dict[str, float]:
    s, state = game.s, game.state
    deltas: dict[str, float] = {}
    for effect in choice.effects:
        key = effect.key
        value = effect.delta if effect.expr is None else float(effect.expr(s, state))
        deltas[key] = deltas.get(key, 0.0) + value
    return deltas


def choose(game: Game, event: EventRule, choice_id: str) -> dict[str, float]:
    """Apply a choice: effects (all computed first), flags, follow-ups, rivals, ending."""
    from game.engine.game import IllegalDecision

    choice = _find(event, choice_id)
    if choice.requires is not None and not choice.requires(game.s, game.state):
        reason = explain(choice.model.requires or "", game)
        raise IllegalDecision(f"that choice is locked: {reason}")
    source = f"{event.id}:{choice_id}"
    state = game.state
    applied: dict[str, float] = {}
    for key, delta in _deltas(game, choice).items():
        stat, _, domain = key.partition(".")
        if domain:
            game.change_domain(stat, domain, delta, "event", source)
            applied[key] = delta
        else:
            applied[key] = game.change(stat, delta, "event", source)
    model = choice.model
    state.flags.update(model.flags)
    state.flags.difference_update(model.unflag)
    for target, months in choice.follow_ups:
        state.follow_ups.append((state.month + months, target))
    for effect in model.rivals:
        rival = state.rivals.get(effect.id)
        if rival is None or rival.status != "active":
            continue
        rival.cash += effect.cash
        rival.strength += effect.strength
        rival.hype = min(100.0, max(0.0, rival.hype + effect.hype))
        rival.sharing = min(1.0, max(0.0, rival.sharing + effect.sharing))
        if effect.status:
            rival.status = effect.status
            game.s["rivals_active"] -= 1
    if model.ending:
        state.accepted = model.ending
    if game.narrate:
        result = model.result.replace("{company}", state.company)
        game.news(f"{event.model.title}: {result}", "company")
    return {k: v for k, v in applied.items() if v}
