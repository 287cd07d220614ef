"""The compiled content: the packs as the engine plays them.

These are the runtime types the loader (:mod:`game.content.loader`) builds from pack files:
events with their conditions and effects compiled, endings, and the whole :class:`Content`.
Nothing here reads a file or knows a file format, so the engine can import it without the
TOML reader or the pack schema.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from operator import itemgetter
from types import MappingProxyType
from typing import TYPE_CHECKING, cast

if TYPE_CHECKING:
    from game.content.models import (
        Choice,
        Ending,
        Event,
        NewsTemplates,
        Product,
        Rival,
        Rules,
        Scenario,
    )
    from game.engine.expr import Expr, Namespace
    from game.engine.text import Template


class Record:
    """Values the pack schema has checked, as plain read-only attributes.

    The loader checks every table with a pydantic model. Reading a field of such a model
    goes through pydantic's ``__getattr__`` hook, which keeps Python from specialising the
    read, so it costs about five times a plain attribute; the month loop reads the rules a
    few hundred times a month. :func:`record_of` copies a model's fields into a Record once,
    and the engine plays the copy (see :attr:`Content.play_rules`).
    """

    def __init__(self, fields: Mapping[str, object]) -> None:
        self.__dict__.update(fields)

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"{name} is read-only: the rules do not change during a game")

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Record) and vars(self) == vars(other)

    __hash__ = None  # type: ignore[assignment]  # equal by value, and holds dicts

    def __repr__(self) -> str:
        return "Record(" + ", ".join(f"{k}={v!r}" for k, v in vars(self).items()) + ")"


def record_of(value: object) -> object:
    """``value`` with every pack model in it (anything whose class has pydantic's
    ``model_fields``) copied into a :class:`Record` of the same fields, inside dicts, lists
    and tuples too; other values as they are."""
    fields = getattr(type(value), "model_fields", None)
    if fields is not None:
        return Record({name: record_of(getattr(value, name)) for name in fields})
    if isinstance(value, dict):
        return {key: record_of(item) for key, item in value.items()}
    if isinstance(value, list):
        return [record_of(item) for item in value]
    if isinstance(value, tuple):
        return tuple(record_of(item) for item in value)
    return value


@dataclass(frozen=True)
class Effect:
    """One stat change of an event choice: a fixed delta or a computed one."""

    stat: str
    domain: str | None
    delta: float
    expr: Expr | None
    key: str = field(init=False, compare=False)
    """``stat`` or ``stat.domain``, as a preview lists it."""

    def __post_init__(self) -> None:
        key = f"{self.stat}.{self.domain}" if self.domain else self.stat
        object.__setattr__(self, "key", key)


@dataclass(frozen=True)
class ChoiceRule:
    """A choice ready to apply."""

    model: Choice
    requires: Expr | None
    effects: tuple[Effect, ...]
    follow_ups: tuple[tuple[str, int], ...] = ()
    """Events scheduled by this choice: qualified id and months later."""
    text: Template | None = None
    """The button's text with its conditional segments (None: as written)."""
    result: Template | None = None
    fixed: Mapping[str, float] | None = field(init=False, compare=False, repr=False)
    """The summed effects by key when none is computed (then they never change), else None."""

    def __post_init__(self) -> None:
        fixed: Mapping[str, float] | None = None
        if all(effect.expr is None for effect in self.effects):
            summed: dict[str, float] = {}
            for effect in self.effects:
                summed[effect.key] = summed.get(effect.key, 0.0) + effect.delta
            fixed = MappingProxyType(summed)
        object.__setattr__(self, "fixed", fixed)


@dataclass(frozen=True)
class EventRule:
    """An event ready to draw."""

    model: Event
    qid: str
    """The id everyone uses: plain for the base pack, ``pack:id`` for others."""
    pack: str
    file: str
    when: Expr | None
    chance: float
    cooldown: int
    choices: tuple[ChoiceRule, ...]
    key: int
    """A stable 64-bit number derived from the id."""
    threshold: int
    """``chance`` as a 32-bit threshold: the event fires when its monthly word is below it."""
    story: Template | None = None
    """The story with its conditional segments (None: as written)."""

    @property
    def id(self) -> str:
        return self.qid


@dataclass(frozen=True)
class EndingRule:
    model: Ending
    when: Expr
    score: Expr
    text: Template | None = None


@dataclass(frozen=True)
class PromptRule:
    """A reflection prompt of a pack, shown in the debrief of a game that met its events
    or reached its endings (or of every game, when it names neither)."""

    text: str
    pack: str
    events: frozenset[str]
    """Qualified event ids: any one met shows the prompt."""
    endings: frozenset[str]
    """Ending ids or families (``bust``, ``acquisition``, ``niche_win``)."""

    def applies(self, met: set[str], ending_id: str | None, family: str | None) -> bool:
        if not self.events and not self.endings:
            return True
        return bool(self.events & met) or bool(
            self.endings and ({ending_id, family} & self.endings))

    @property
    def source(self) -> str:
        return f"pack {self.pack}"


@dataclass(frozen=True)
class PackInfo:
    """What a save records about a pack in use."""

    id: str
    version: str
    path: str
    digest: str


@dataclass(frozen=True)
class Content:  # cached_property needs a __dict__, so no slots
    """Everything the engine needs from the packs in use."""

    packs: tuple[PackInfo, ...]
    rules: Rules
    domains: tuple[str, ...]
    domain_names: dict[str, str]
    domain_frontier: dict[str, float]
    rivals: dict[str, Rival]
    products: dict[str, Product]
    scenarios: dict[str, Scenario]
    endings: tuple[EndingRule, ...]
    grades: dict[str, float]
    events: dict[str, EventRule]
    namespace: Namespace
    news: NewsTemplates
    prompts: tuple[PromptRule, ...] = ()
    """Reflection prompts for the debrief, in pack order."""

    @cached_property
    def play_rules(self) -> Rules:
        """:attr:`rules` as the month loop reads them: the same values, copied once into
        plain :class:`Record` attributes (a ``Rules`` in every field, not a pydantic model:
        read them, never ``model_dump`` or ``model_copy`` them; those work on :attr:`rules`)."""
        return cast("Rules", record_of(self.rules))

    @cached_property
    def drawable(self) -> tuple[EventRule, ...]:
        """Events drawn by chance (not only as follow-ups), in a fixed order."""
        return tuple(e for e in self.events.values() if not e.model.follow_up_only)

    @cached_property
    def domain_values(self) -> Callable[[dict[str, float]], tuple[float, ...]]:
        """A function giving a per-domain table's values as a tuple in domain order."""
        domains = self.domains
        if len(domains) == 1:
            only = domains[0]
            return lambda table: (table[only],)
        return itemgetter(*domains)

    @cached_property
    def endings_by_family(self) -> dict[str, tuple[EndingRule, ...]]:
        """The endings of each family, in pack order (the first that holds is taken)."""
        families: dict[str, tuple[EndingRule, ...]] = {}
        for ending in self.endings:
            family = ending.model.family
            families[family] = (*families.get(family, ()), ending)
        return families

    @cached_property
    def thresholds(self) -> tuple[int, ...]:
        """The draw threshold of each event in :attr:`drawable`, in the same order."""
        return tuple(e.threshold for e in self.drawable)

    @property
    def default_scenario(self) -> str:
        for scenario in self.scenarios.values():
            if scenario.default:
                return scenario.id
        return next(iter(self.scenarios))
