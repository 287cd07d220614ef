"""The debrief of one game: what happened, why, and what it shows, as plain data.

:func:`debrief_data` reads a game's own records — the ledger, the monthly history, the
decisions and events — into one dictionary; the renderers in :mod:`game.classroom.render`
turn that same dictionary into Markdown or HTML, and JSON is the dictionary itself, so the
three formats always carry the same facts. :func:`render_debrief` is the one call other code
needs: a game, a save file's path or a parsed save in, text out.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from game.classroom.claims import find_moments
from game.engine.game import Game, month_label
from game.engine.grades import BANDED, bands_text
from game.engine.stats import money_text

FORMATS = ("md", "html", "json")
DEBRIEF_VERSION = 1
SERIES = ("month", "cash", "revenue", "burn", "runway", "reputation", "community", "hype",
          "legal_risk", "cap_avg", "frontier_avg", "open_best_avg", "climate", "cost_index")


class DebriefError(ValueError):
    """A debrief that cannot be made (an unreadable save, an unknown format)."""


def render_debrief(source: Game | Path | str | dict[str, Any], fmt: str = "md",
                   bots: bool = True, content: Any = None) -> str:
    """The debrief of a game as Markdown, self-contained HTML or JSON text.

    Args:
        source: a game in memory, the path of a save file, or a parsed save document.
        fmt: ``md``, ``html`` or ``json``.
        bots: play the built-in strategies on the same world to compare (a few tens of
            milliseconds); tests and batch callers may switch it off.
        content: the packs to read a save with (loaded from the save's own lock if None).

    Raises:
        DebriefError: the save cannot be read, or ``fmt`` is not one of :data:`FORMATS`.
    """
    if fmt not in FORMATS:
        raise DebriefError(f"unknown format {fmt!r}; choose one of: {', '.join(FORMATS)}")
    game = source if isinstance(source, Game) else load_game(source, content)
    data = debrief_data(game, bots=bots)
    if fmt == "json":
        return json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    from game.classroom import render

    return render.markdown(data) if fmt == "md" else render.html(data)


def load_game(source: Path | str | dict[str, Any], content: Any = None) -> Game:
    """A save (path or parsed document) as a game, with the packs it names."""
    from game.saves.format import SaveError, decode, parse

    path = Path(source) if not isinstance(source, dict) else Path("save")
    try:
        if isinstance(source, dict):
            document = source
        else:
            try:
                raw = path.read_bytes()
            except OSError as error:
                raise DebriefError(f"{path}: cannot be read: {error.strerror or error}"
                                   ) from None
            document = parse(raw, path)
        if content is None:
            content = content_for(document)
        return decode(document, content, path)
    except SaveError as error:
        raise DebriefError(str(error)) from None


def content_for(document: dict[str, Any]) -> Any:
    """The packs to read a save with: the base pack plus the shipped packs its lock names."""
    from game.content.loader import PackError
    from game.content.packs import load, shipped_packs

    wanted = {str(p.get("id")) for p in document.get("packs") or [] if isinstance(p, dict)}
    extra = [p for p in shipped_packs() if p.name in wanted]
    try:
        return load(extra)
    except PackError as error:  # pragma: no cover - the shipped packs load
        raise DebriefError(f"the packs could not be loaded: {error.problems[0]}") from None


def debrief_data(game: Game, bots: bool = True) -> dict[str, Any]:
    """Everything the debrief shows, as JSON values."""
    state, content = game.state, game.content
    scenario = content.scenarios[state.scenario]
    ending = state.ending
    data: dict[str, Any] = {
        "debrief_version": DEBRIEF_VERSION,
        "company": state.company,
        "world": {
            "scenario": state.scenario, "scenario_title": scenario.title,
            "seed": state.seed, "start": state.start, "horizon": state.horizon,
            "packs": [{"id": p.id, "version": p.version, "digest": p.digest}
                      for p in content.packs],
        },
        "card": getattr(game, "card", None),
        "finished": ending is not None,
        "month": state.month,
        "date": month_label(state.start, state.month),
        "months_played": len(state.history),
        "ending": _ending(game),
        "facts": {"raised": game.s["raised"], "ownership": game.s["ownership"],
                  "exit_price": game.s["exit_price"], "cash": game.s["cash"],
                  "revenue": game.s["revenue"], "burn": game.s["burn"]},
        "causes": causes(game),
        "decisions": decisions(game),
        "events": events_met(game),
        "series": {name: [row[name] for row in state.history] for name in SERIES},
        "domains": [{"id": d, "name": content.domain_names[d], "you": state.cap[d],
                     "frontier": state.frontier[d], "open_best": state.open_best[d]}
                    for d in content.domains],
        "background": background(game),
        "claims": find_moments(game),
        "prompts": prompts(game),
        "bots": bot_endings(game) if bots else [],
    }
    data["timeline"] = sorted(
        [{"month": d["month"], "date": d["date"], "type": "decision", "text": d["text"]}
         for d in data["decisions"]]
        + [{"month": e["month"], "date": e["date"], "type": "event",
            "text": f"{e['title']}: {e['choice_text']}"} for e in data["events"]],
        key=lambda item: item["month"])
    return data


def _ending(game: Game) -> dict[str, Any] | None:
    ending = game.state.ending
    if ending is None:
        return None
    rule = next((e for e in game.content.endings if e.model.id == ending.id), None)
    bands = game.content.grades
    return {
        "id": ending.id, "family": ending.family, "title": ending.title,
        "text": " ".join(ending.text.split()), "month": ending.month,
        "date": month_label(game.state.start, ending.month),
        "score": ending.score, "grade": ending.grade,
        "grading": {
            "formula": " ".join(rule.model.score.split()) if rule else "",
            "bands": {letter: bands[letter] for letter in BANDED},
            "explained": (f"The {ending.family.replace('_', ' ')} ending '{ending.title}' "
                          f"scores {ending.score:g} out of 100 by its formula; "
                          + bands_text(bands) + "; so the grade is " + ending.grade + "."),
        },
    }


def causes(game: Game) -> list[dict[str, Any]]:
    """The causes that mattered most, from the ledger, each with its months."""
    from game.engine.endings import ranked_causes

    return [{"text": c.text, "source": c.label, "kind": c.kind, "month": c.peak,
             "first_month": c.first, "last_month": c.last,
             "effects": dict(c.effects)} for c in ranked_causes(game)]


def decision_text(game: Game, record: dict[str, Any]) -> str:
    """A plan decision in words."""
    kind = record.get("kind")
    names = game.content.domain_names
    if kind == "train":
        focus = ", ".join(names.get(str(d), str(d)) for d in record.get("focus") or []) \
            or "general"
        tuning = " with a preference-tuning contract" if record.get("tuning") else ""
        return (f"Trained a {record.get('size')} model, focus {focus}, "
                f"{record.get('data')} data{tuning}")
    if kind == "release":
        release = game.rules.release.get(str(record.get("openness")))
        label = release.label if release else str(record.get("openness"))
        stunt = " as a stunt" if record.get("channel") == "stunt" else ""
        return f"Released the model{stunt}: {label}"
    if kind == "share":
        return "Published data recipes and code"
    if kind in ("hire", "fire"):
        verb = "Hired" if kind == "hire" else "Let go"
        return f"{verb} {record.get('count')} {_ROLES.get(str(record.get('role')), '')}".strip()
    if kind in ("contract", "uncontract"):
        verb = "Contracted" if kind == "contract" else "Released"
        return f"{verb} {record.get('units')} compute units"
    if kind in ("launch", "shut"):
        product = game.content.products.get(str(record.get("product")))
        name = product.name if product else str(record.get("product"))
        return f"{'Launched' if kind == 'launch' else 'Shut down'} {name}"
    if kind == "raise":
        return f"Started a {record.get('size')} funding round"
    return str(kind)


_ROLES = {"researchers": "researchers", "engineers": "engineers", "gtm": "go-to-market staff"}


def decisions(game: Game) -> list[dict[str, Any]]:
    """The player's plan decisions, month by month."""
    start = game.state.start
    return [{"month": month, "date": month_label(start, month), "kind": record.get("kind"),
             "record": record, "text": decision_text(game, record)}
            for month, record in game.state.decisions if record.get("kind") != "choose"]


def events_met(game: Game) -> list[dict[str, Any]]:
    """Each event the player met, the choice they made, and the history behind it."""
    found = []
    for month, record in game.state.decisions:
        if record.get("kind") != "choose":
            continue
        rule = game.content.events.get(str(record.get("event")))
        if rule is None:
            continue
        choice = next((c for c in rule.model.choice if c.id == record.get("choice")), None)
        company = game.state.company
        found.append({
            "month": month, "date": month_label(game.state.start, month), "id": rule.qid,
            "title": rule.model.title, "theme": rule.model.theme,
            "choice": record.get("choice"),
            "choice_text": _named(choice.text, company) if choice else str(record.get("choice")),
            "result": _named(choice.result, company) if choice else "",
            "background": " ".join(rule.model.background.split()),
        })
    return found


def _named(text: str, company: str) -> str:
    """Story text on one line, with ``{company}`` filled in as the game shows it."""
    return " ".join(text.replace("{company}", company).split())


def background(game: Game) -> list[dict[str, str]]:
    """The real history behind the scenario, each event met and each rival in the world."""
    content = game.content
    notes = []
    scenario = content.scenarios[game.state.scenario]
    if scenario.background:
        notes.append({"kind": "scenario", "name": scenario.title,
                      "text": " ".join(scenario.background.split())})
    seen = set()
    for month, record in game.state.decisions:
        rule = content.events.get(str(record.get("event", "")))
        if record.get("kind") == "choose" and rule and rule.qid not in seen:
            seen.add(rule.qid)
            if rule.model.background:
                notes.append({"kind": "event", "name": rule.model.title,
                              "text": " ".join(rule.model.background.split()),
                              "month": str(month)})
    for rival_id in game.state.rivals:
        rival = content.rivals.get(rival_id)
        if rival and rival.background:
            notes.append({"kind": "rival", "name": rival.name,
                          "text": " ".join(rival.background.split())})
    return notes


def prompts(game: Game) -> list[dict[str, str]]:
    """The class card's reflection prompts (or three general ones without a card), then
    those of the packs that this game met: its events and its ending."""
    card = getattr(game, "card", None)
    from_card = [str(p) for p in card.get("prompts", [])] if isinstance(card, dict) else []
    found = [{"text": text, "source": "class card"} for text in from_card] or \
        [{"text": text, "source": "Moat"} for text in DEFAULT_PROMPTS]
    met = {str(r.get("event")) for _, r in game.state.decisions if r.get("kind") == "choose"}
    ending = game.state.ending
    for prompt in game.content.prompts:
        if prompt.applies(met, ending.id if ending else None,
                          ending.family if ending else None):
            found.append({"text": prompt.text, "source": prompt.source})
    return found


DEFAULT_PROMPTS = (
    "Which one decision changed your company's path the most? Point to the month and the "
    "numbers that show it.",
    "Which of the essay's claims did your game show, and which did it seem to contradict?",
    "If you played this world again, what would you do differently in the first six months, "
    "and why?",
)


def bot_endings(game: Game) -> list[dict[str, Any]]:
    """How each built-in strategy ended on the same world (scenario, seed, horizon, packs)."""
    from game.sim.bots import BOTS
    from game.sim.simulate import make_bot, play_game

    state = game.state
    rows = []
    for name in BOTS:
        bot_game = play_game(game.content, state.scenario, state.seed, make_bot(name),
                             record=False, horizon=state.horizon)
        ending = bot_game.state.ending
        assert ending is not None
        rows.append({"policy": name, "family": ending.family, "title": ending.title,
                     "grade": ending.grade, "score": ending.score, "month": ending.month,
                     "cash": bot_game.s["cash"]})
    return rows


def money(value: float) -> str:
    return money_text(value)
