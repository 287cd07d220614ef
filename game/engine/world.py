"""The world phase: compute gets dearer, the frontier moves, money cools, rivals act."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from game.engine.rng import Stream, spread
from game.engine.state import Entry, Model, RivalState
from game.engine.stats import money_text

if TYPE_CHECKING:
    from game.content.models import Rival, Rivals, Scenario
    from game.engine.game import Game

RULE = "rule"


def set_up(game: Game, scenario: Scenario) -> None:
    """Fill a new game's state from its scenario."""
    state, s, content = game.state, game.s, game.content
    rules = game.rules
    elapsed = _months_since_2023(scenario.start)
    s["cost_index"] = round(rules.costs.cost_growth_per_year ** (elapsed / 12), 4)
    for domain in content.domains:
        state.frontier[domain] = round(
            content.domain_frontier[domain] + rules.market.frontier_growth * elapsed, 2)
    for key in ("cash", "researchers", "engineers", "gtm", "compute", "reputation",
                "community", "hype", "legal_risk", "transparency", "climate", "ecosystem",
                "valuation", "ownership", "raised"):
        s[key] = float(getattr(scenario, key))
    s["owned_compute"] = float(scenario.owned_compute)
    s["compute"] += s["owned_compute"]
    state.flags.update(scenario.flags)
    setup = Stream(game.stream("setup").next64())
    for rival in content.rivals.values():
        state.rivals[rival.id] = _new_rival(game, rival, scenario, setup)
    _update_open_best(game)
    caps = {
        d: round(state.frontier[d] + scenario.capability + scenario.capability_focus.get(d, 0), 2)
        for d in content.domains
    }
    state.cap = caps
    openness = "open_permissive" if scenario.first_model_open else "closed"
    if openness not in rules.release:
        openness = "closed"
    model = Model(game.new_model_name(), 0, dict(caps), tuple(scenario.capability_focus),
                  "permissive", openness, "launch")
    state.models.append(model)
    if rules.release[openness].open:
        s["open_models"] = 1.0
    else:
        s["closed_models"] = 1.0
        state.closed_caps = dict(caps)
    s["model_age"] = 0.0


def _months_since_2023(start: str) -> int:
    year, month = (int(part) for part in start.split("-"))
    return (year - 2023) * 12 + month - 1


def _new_rival(game: Game, rival: Rival, scenario: Scenario, setup: Stream) -> RivalState:
    rules = game.rules.rivals
    state = RivalState(id=rival.id, kind=rival.kind, cash=float(rival.cash),
                       strength=float(rival.strength), hype=float(rival.hype),
                       sharing=float(rival.sharing))
    if rival.id in scenario.absent_rivals:
        state.status = "absent"
        return state
    every = _every(rules, rival.kind)
    state.next_release = 1 + setup.randint(0, every[1] - 1)
    if rival.kind != "closed_lab":
        state.caps = _rival_model(game, rival, state, setup, age=setup.randint(1, every[0]))
    return state


def _every(rules: Rivals, kind: str) -> list[int]:
    """The least and most months between two releases of a rival of ``kind``."""
    if kind == "closed_lab":
        return rules.lab_every
    return rules.platform_every if kind == "platform" else rules.startup_every


def _rival_model(game: Game, rival: Rival, state: RivalState, stream: Stream,
                 age: int = 0) -> dict[str, float]:
    """Capability of a model the rival releases now (or released ``age`` months ago)."""
    rules = game.rules
    shift = state.strength - rules.market.frontier_growth * age + (
        rules.training.ecosystem_scale * game.s["ecosystem"]
        * max(state.sharing, rules.rivals.least_sharing_boost))
    noise = rules.training.noise
    content = game.content
    domains = content.domains
    caps = {}
    for domain, f, gap, wobble in zip(
            domains, content.domain_values(game.state.frontier), _gaps(game, rival),
            spread(stream.next64(), len(domains)), strict=True):
        value = f - gap + shift + wobble * noise
        caps[domain] = 100.0 if value > 100.0 else 0.0 if value < 0.0 else value
    return caps


def _gaps(game: Game, rival: Rival) -> tuple[float, ...]:
    """How far below the frontier the rival's models sit in each domain, in domain order
    (worked out once per game and rival)."""
    found = game.memo.get(("gaps", rival.id))
    if found is None:
        gaps = game.rules.rivals
        found = game.memo["gaps", rival.id] = tuple(
            gaps.platform_gap if rival.kind == "platform"
            else gaps.startup_gap if domain in rival.focus else gaps.startup_off_gap
            for domain in game.content.domains)
    return found


def advance(game: Game) -> None:
    """The world phase of one month (month 1 starts as the scenario sets it)."""
    if game.state.month > 1:
        _costs_and_climate(game)
        _frontier(game)
    released = False
    rivals = game.content.rivals
    month = game.state.month
    burn = game.rules.rivals.startup_burn * math.sqrt(game.s["cost_index"])
    low_cash = game.rules.rivals.startup_low_cash * burn
    active = 0
    for rival in game.state.rivals.values():
        if rival.status != "active":
            continue
        if rival.kind == "open_startup":
            rival.cash -= burn
            if rival.cash <= low_cash:
                _startup_trouble(game, rivals[rival.id], rival)
                if rival.status != "active":
                    continue
        if month >= rival.next_release:
            released = _release(game, rivals[rival.id], rival) or released
        active += 1
    if released:
        _update_open_best(game)
    _ecosystem(game)
    game.s["rivals_active"] = float(active)


def _costs_and_climate(game: Game) -> None:
    rules, s = game.rules, game.s
    growth = rules.costs.cost_growth_per_year ** (1 / 12) - 1
    game.change("cost_index", s["cost_index"] * growth, RULE, "compute_costs_rise")
    mood = rules.mood
    noise = game.stream("climate").uniform(-mood.climate_noise, mood.climate_noise)
    drift = mood.climate_drift + noise
    if s["climate"] + drift < mood.climate_floor:
        drift = max(0.0, mood.climate_floor - s["climate"])
    before = s["climate"]
    game.change("climate", drift, RULE, "funding_climate")
    news = game.content.news
    line = mood.climate_news_line
    if before >= line > s["climate"]:
        game.news(_pick(game, news.climate_cold, "climate").format())
    elif before < line <= s["climate"]:
        game.news(_pick(game, news.climate_warm, "climate").format())


def _frontier(game: Game) -> None:
    """The steady monthly climb of the frontier, one ledger line for all domains."""
    growth = game.rules.market.frontier_growth
    state = game.state
    frontier = {}
    for domain, value in state.frontier.items():
        moved = value + growth
        frontier[domain] = moved if moved < 100.0 else 100.0
    state.frontier = frontier
    game.models_changed = True
    if game.record:
        game.state.journal.append(Entry(game.state.month, "frontier", growth, RULE,
                                        "frontier_advance"))


def _release(game: Game, rival: Rival, state: RivalState) -> bool:
    """A rival releases a model; True when it is an open one."""
    month = game.state.month
    stream = game.stream("rival", rival.id)
    rules = game.rules.rivals
    every = _every(rules, rival.kind)
    state.next_release = month + stream.randint(every[0], every[1])
    news = game.content.news
    if rival.kind == "closed_lab":
        source = f"release:{rival.id}"
        for domain in rival.focus:
            game.change_domain("frontier", domain, rules.lab_jump, RULE, source)
        lines = news.lab_release
    else:
        state.caps = _rival_model(game, rival, state, stream)
        lines = news.platform_release if rival.kind == "platform" else news.startup_release
    if game.record:
        domains = ", ".join(game.content.domain_names[d] for d in rival.focus[:3])
        game.news(_pick(game, lines, rival.id).format(
            rival=rival.name, model=rival.model, domains=domains or "everything", amount=""))
    return rival.kind != "closed_lab"


def _startup_trouble(game: Game, rival: Rival, state: RivalState) -> None:
    """An open startup low on cash tries to raise; out of cash, it is bought or goes bust."""
    rules = game.rules.rivals
    stream = game.stream("rival_money", rival.id)
    news = game.content.news
    odds = rules.startup_raise_odds * game.s["climate"] / 100 + state.hype * rules.startup_hype_odds
    if stream.chance(odds):
        amount = rules.startup_raise * math.sqrt(game.s["cost_index"])
        state.cash += amount
        if game.record:
            line = _pick(game, news.startup_raise, rival.id)
            game.news(line.format(rival=rival.name, model=rival.model, domains="",
                                  amount=money_text(amount)))
        return
    if state.cash > 0:
        return
    acquired = stream.chance(rules.acquired_share)
    state.status = "acquired" if acquired else "bust"
    if game.record:
        line = _pick(game, news.startup_acquired if acquired else news.startup_bust, rival.id)
        game.news(line.format(rival=rival.name, model=rival.model, domains="", amount=""))


def _update_open_best(game: Game) -> None:
    """The best open rival model in each domain (released weights stay out there)."""
    state = game.state
    models = [r.caps for r in state.rivals.values() if r.caps is not None]
    domains = game.content.domains
    if models:
        # one row of values per model, in domain order; the best of each column
        columns = zip(*map(game.content.domain_values, models), strict=True)
        state.open_best = dict(zip(domains, map(max, columns), strict=True))
    else:
        state.open_best = dict.fromkeys(domains, 0.0)
    game.models_changed = True


def _ecosystem(game: Game) -> None:
    rules, s, state = game.rules, game.s, game.state
    mood = rules.mood
    reciprocity = game.content.scenarios[state.scenario].reciprocity
    window = rules.rivals.reciprocity_months
    reciprocating = reciprocity > 0 and state.month - state.last_share <= window
    added = 0.0
    for rival in state.rivals.values():
        if rival.status != "active" or rival.kind == "closed_lab":
            continue
        sharing = rival.sharing
        if reciprocating:
            sharing = min(1.0, sharing + reciprocity * rules.rivals.reciprocity_bonus)
        added += sharing * mood.rival_share_rate
    delta = added - s["ecosystem"] * mood.ecosystem_decay
    game.change("ecosystem", delta, RULE, "open_ecosystem")


def _pick(game: Game, lines: list[str], salt: str) -> str:
    return lines[game.stream("news", salt).randint(0, len(lines) - 1)]
