"""The class card: one small TOML file that gives every student of a class the same world.

A card names the scenario, the seed, the packs (with the same lock a save has: id, version
and content digest), the horizon, and optionally a title, a deadline, reflection prompts and
sections. With sections, each section plays its own seed, derived from the card's, so
answers cannot be copied between sections; without, everyone plays the card's seed and the
results are directly comparable.
"""

from __future__ import annotations

import json
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from game.engine.content import Content
from game.engine.rng import derive

FORMAT = "moat-class"
"""The ``format`` line of every card."""
VERSION = 1
HORIZON_RANGE = (6, 120)
_SECTION = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{0,31}$")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


class CardError(ValueError):
    """A card that cannot be used; the message names the file and the problem."""


@dataclass(frozen=True)
class CardPack:
    """A pack the card was written with."""

    id: str
    version: str
    digest: str
    path: str = ""
    """Where the teacher's copy was, for packs not shipped with the game ("" for base)."""


@dataclass(frozen=True)
class ClassCard:
    """What a teacher hands out."""

    scenario: str
    seed: int
    horizon: int
    packs: tuple[CardPack, ...]
    title: str = ""
    deadline: str = ""
    """``YYYY-MM-DD``, or empty."""
    prompts: tuple[str, ...] = ()
    """Reflection prompts every student answers in the debrief."""
    sections: tuple[str, ...] = ()
    """When not empty, each section plays its own seed (see :meth:`seed_for`)."""
    game_version: str = ""
    """The version of Moat the card was written with."""
    path: str = field(default="", compare=False)
    """The file it was read from."""

    @property
    def seed_mode(self) -> str:
        """``same`` (one seed for all) or ``section`` (one seed per section)."""
        return "section" if self.sections else "same"

    def seed_for(self, section: str | None) -> int:
        """The seed a student of ``section`` plays (the card's seed when there are none).

        Raises:
            CardError: a section is needed and missing, or is not one of the card's.
        """
        if not self.sections:
            if section:
                raise CardError(f"{self.label}: this card has no sections; everyone plays "
                                f"seed {self.seed}")
            return self.seed
        if not section:
            raise CardError(f"{self.label}: this card gives each section its own seed; "
                            f"choose one with --section ({', '.join(self.sections)})")
        if section not in self.sections:
            raise CardError(f"{self.label}: no section {section!r}; the card's sections are "
                            f"{', '.join(self.sections)}")
        return derive(self.seed, "section", section) % 2**31

    @property
    def label(self) -> str:
        return Path(self.path).name if self.path else "the class card"

    @property
    def digest(self) -> str:
        """A short fingerprint of what makes the world: scenario, seed, horizon, packs."""
        from game.saves.codec import digest

        return digest(self.world())[:12]

    def world(self) -> dict[str, Any]:
        return {"scenario": self.scenario, "seed": self.seed, "horizon": self.horizon,
                "sections": list(self.sections),
                "packs": [[p.id, p.version, p.digest] for p in self.packs]}

    def as_dict(self) -> dict[str, Any]:
        return {"title": self.title, "scenario": self.scenario, "seed": self.seed,
                "seed_mode": self.seed_mode, "sections": list(self.sections),
                "horizon": self.horizon, "deadline": self.deadline,
                "prompts": list(self.prompts), "game_version": self.game_version,
                "packs": [{"id": p.id, "version": p.version, "digest": p.digest}
                          for p in self.packs],
                "digest": self.digest}


def game_version() -> str:
    """The installed version of Moat."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("moat-game")
    except PackageNotFoundError:  # pragma: no cover - running from a bare checkout
        return "unknown"


def make_card(content: Content, scenario: str | None, seed: int, horizon: int | None = None,
              title: str = "", deadline: str = "", prompts: tuple[str, ...] = (),
              sections: tuple[str, ...] = ()) -> ClassCard:
    """A card for the packs in ``content``; raises :class:`CardError` for bad values."""
    scenario = scenario or content.default_scenario
    if scenario not in content.scenarios:
        raise CardError(f"unknown scenario {scenario!r}; choose one of: "
                        f"{', '.join(content.scenarios)}")
    horizon = content.scenarios[scenario].horizon if horizon is None else horizon
    card = ClassCard(
        scenario=scenario, seed=seed, horizon=horizon, title=title, deadline=deadline,
        prompts=tuple(p.strip() for p in prompts if p.strip()),
        sections=tuple(dict.fromkeys(s.strip() for s in sections if s.strip())),
        packs=tuple(CardPack(p.id, p.version, p.digest, "" if p.id == "base" else p.path)
                    for p in content.packs),
        game_version=game_version())
    problems = _check(card)
    if problems:
        raise CardError("; ".join(problems))
    return card


def _check(card: ClassCard) -> list[str]:
    problems = []
    low, high = HORIZON_RANGE
    if not low <= card.horizon <= high:
        problems.append(f"horizon must be {low} to {high} months, not {card.horizon}")
    if card.seed < 0:
        problems.append(f"seed must be 0 or more, not {card.seed}")
    if card.deadline and not _DATE.match(card.deadline):
        problems.append(f"deadline must be a date like 2026-03-31, not {card.deadline!r}")
    problems += [f"section {s!r} must be letters, digits, - or _ (up to 32)"
                 for s in card.sections if not _SECTION.match(s)]
    return problems


def dumps(card: ClassCard) -> str:
    """The card as TOML, with comments for the teacher who opens it."""
    def q(text: str) -> str:  # a TOML basic string (JSON's escapes are TOML's)
        return json.dumps(text, ensure_ascii=False)

    lines = [
        "# A Moat class card. Students start this world with: moat play --class THIS_FILE"
        + (" --section NAME" if card.sections else ""),
        "# Change nothing below the title unless you mean to hand out a different world.",
        f'format = "{FORMAT}"',
        f"version = {VERSION}",
        f"title = {q(card.title)}",
        f"deadline = {q(card.deadline)}",
        f"scenario = {q(card.scenario)}",
        f"seed = {card.seed}",
        f"horizon = {card.horizon}",
        "# With sections, each section plays its own seed derived from the one above.",
        f"sections = [{', '.join(q(s) for s in card.sections)}]",
        f"game_version = {q(card.game_version)}",
        "# Questions every student answers in the debrief.",
        "prompts = [",
        *(f"  {q(p)}," for p in card.prompts),
        "]",
    ]
    for pack in card.packs:
        lines += ["", "[[pack]]", f"id = {q(pack.id)}", f"version = {q(pack.version)}",
                  f"digest = {q(pack.digest)}"]
        if pack.path:
            lines.append(f"path = {q(pack.path)}")
    return "\n".join(lines) + "\n"


def read_card(path: Path) -> ClassCard:
    """Read and check a card file; raises :class:`CardError` naming the problem."""
    name = path.name
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise CardError(f"{path}: no such class card") from None
    except (OSError, UnicodeDecodeError) as error:
        raise CardError(f"{name}: cannot be read: {getattr(error, 'strerror', None) or error}"
                        ) from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise CardError(f"{name}: not valid TOML: {error}") from None
    return card_from_dict(data, name, str(path))


def card_from_dict(data: dict[str, Any], name: str, path: str = "") -> ClassCard:
    """A card from its TOML (or a save's copy of it), checked field by field."""
    if data.get("format") not in (FORMAT, None) or "scenario" not in data:
        raise CardError(f"{name}: this is not a Moat class card")
    version = data.get("version", VERSION)
    if isinstance(version, int) and version > VERSION:
        raise CardError(f"{name}: written by a newer version of Moat (card format {version}); "
                        "update the game to use it")

    def get(key: str, kind: type, default: Any) -> Any:
        value = data.get(key, default)
        if not isinstance(value, kind) or isinstance(value, bool) and kind is int:
            raise CardError(f"{name}: {key} must be {_KIND_NAMES[kind]}, not {value!r}")
        return value

    def strings(key: str) -> tuple[str, ...]:
        values = get(key, list, [])
        if not all(isinstance(v, str) for v in values):
            raise CardError(f"{name}: {key} must be a list of text")
        return tuple(values)

    packs = []
    for index, entry in enumerate(get("pack", list, [])):
        if not isinstance(entry, dict) or not all(
                isinstance(entry.get(k), str) for k in ("id", "version", "digest")):
            raise CardError(f"{name}: pack {index + 1} needs id, version and digest as text")
        packs.append(CardPack(entry["id"], entry["version"], entry["digest"],
                              str(entry.get("path", ""))))
    card = ClassCard(
        scenario=get("scenario", str, ""), seed=get("seed", int, 1),
        horizon=get("horizon", int, 36), packs=tuple(packs), title=get("title", str, ""),
        deadline=get("deadline", str, ""), prompts=strings("prompts"),
        sections=strings("sections"), game_version=get("game_version", str, ""), path=path)
    problems = _check(card)
    if problems:
        raise CardError(f"{name}: " + "; ".join(problems))
    return card


_KIND_NAMES: dict[type, str] = {str: "text", int: "a whole number", list: "a list"}


def pack_folders(card: ClassCard) -> list[Path]:
    """The extra pack folders to load for a card: shipped packs by id, else the card's path.

    A relative path is read from the card's own folder.
    """
    from game.content.packs import shipped_packs

    shipped = {p.name: p for p in shipped_packs()}
    folders = []
    for pack in card.packs:
        if pack.id == "base":
            continue
        if pack.id in shipped:
            folders.append(shipped[pack.id])
            continue
        path = Path(pack.path)
        if not path.is_absolute() and card.path:
            path = Path(card.path).parent / path
        if not path.is_dir():
            raise CardError(f"{card.label}: pack {pack.id!r} is not shipped with the game and "
                            f"its folder {pack.path!r} is not here; ask your teacher for it "
                            "and pass it with --pack")
        folders.append(path)
    return folders


def differences(card: ClassCard, content: Content, version: str | None = None) -> list[str]:
    """How the game and packs in use differ from the card's ("" when they match)."""
    found = []
    version = game_version() if version is None else version
    if card.game_version and version != card.game_version:
        found.append(f"game version {version}, card {card.game_version}")
    now = {p.id: (p.version, p.digest) for p in content.packs}
    then = {p.id: (p.version, p.digest) for p in card.packs}
    for pid in sorted(set(now) | set(then)):
        if pid not in now:
            found.append(f"pack {pid} is not loaded")
        elif pid not in then:
            found.append(f"pack {pid} is not on the card")
        elif now[pid] != then[pid]:
            found.append(f"pack {pid} {now[pid][0]} ({now[pid][1][:8]}), card "
                         f"{then[pid][0]} ({then[pid][1][:8]})")
    return found


def start_game(card: ClassCard, content: Content, company: str = "Moat Labs",
               section: str | None = None) -> Any:
    """A new game of the card's world; its saves record the card (and any difference)."""
    from game.engine.game import Game

    if card.scenario not in content.scenarios:
        raise CardError(f"{card.label}: scenario {card.scenario!r} is not in the loaded packs")
    game = Game.new(content, card.scenario, card.seed_for(section), company,
                    horizon=card.horizon)
    game.card = card_record(card, content, section)
    return game


def card_record(card: ClassCard, content: Content, section: str | None) -> dict[str, Any]:
    """What a save keeps of the card it was played from."""
    return card.as_dict() | {"section": section or "",
                             "differs": differences(card, content)}
