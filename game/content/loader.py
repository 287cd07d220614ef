"""Load packs: read TOML, check every table, compile every expression, or list every problem.

Loading is all or nothing. :func:`load_content` either returns a :class:`Content` ready for
the engine or raises :class:`PackError` carrying every problem found, each with the file,
line, column and field, so an author can fix them all in one pass.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import tomli
from pydantic import BaseModel, ValidationError

from game.content.analysis import analyse
from game.content.compose import BASE, VersionRangeError, load_order, qualify, satisfies
from game.content.locate import KeyPositions
from game.content.models import (
    Choice,
    Ending,
    EndingList,
    Event,
    EventFile,
    Manifest,
    NewsTemplates,
    Product,
    ProductList,
    Rival,
    RivalList,
    Rules,
    Scenario,
    ScenarioList,
    Scorecard,
)
from game.engine.content import ChoiceRule as ChoiceRule  # re-exported: the old home
from game.engine.content import Content as Content
from game.engine.content import Effect as Effect
from game.engine.content import EndingRule as EndingRule
from game.engine.content import EventRule as EventRule
from game.engine.content import PackInfo as PackInfo
from game.engine.expr import Expr, ExprError, Namespace, compile_expr, suggest
from game.engine.stats import DOMAIN_STATS, RANGES, SETTABLE, STAT_NAMES

MAX_FILE_BYTES = 2_000_000
"""Largest pack file read, in bytes; bigger files are reported, not parsed."""
MAX_FILES = 500


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with a pack, where it is and what to do about it."""

    file: str
    line: int
    column: int
    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.column}: {self.field}: {self.message}"


class PackError(Exception):
    """A pack that cannot be loaded; ``problems`` lists everything wrong with it."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        self.problems = sorted(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


def stable_key(text: str) -> int:
    """A 64-bit number from text, the same on every machine and every run."""
    return int.from_bytes(hashlib.blake2b(text.encode(), digest_size=8).digest(), "little")


M = TypeVar("M", bound=BaseModel)

_TOML_POSITION = re.compile(r"\(at line (\d+), column (\d+)\)")


@dataclass
class _Collector:
    """Gathers problems while a pack is read."""

    problems: list[Problem] = field(default_factory=list)
    positions: dict[str, KeyPositions] = field(default_factory=dict)

    def add(self, file: str, path: Sequence[str | int], message: str) -> None:
        positions = self.positions.get(file)
        line, column = positions.find(path) if positions else (1, 1)
        self.problems.append(Problem(file, line, column, _field_name(path), message))

    def read(self, path: Path, shown: str) -> dict[str, Any] | None:
        try:
            size = path.stat().st_size
            if size > MAX_FILE_BYTES:
                self.add(shown, (), f"file is {size:,} bytes; the limit is {MAX_FILE_BYTES:,}")
                return None
            raw = path.read_bytes()
        except OSError as error:
            self.add(shown, (), f"cannot read the file: {error.strerror or error}")
            return None
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as error:
            line = raw[: error.start].count(b"\n") + 1
            self.problems.append(Problem(shown, line, 1, "(file)", "not UTF-8 text"))
            return None
        try:
            data = tomli.loads(text)
        except tomli.TOMLDecodeError as error:
            match = _TOML_POSITION.search(str(error))
            line, column = (int(match[1]), int(match[2])) if match else (1, 1)
            message = _TOML_POSITION.sub("", str(error)).strip()
            self.problems.append(Problem(shown, line, column, "(syntax)", message))
            return None
        except RecursionError:
            self.problems.append(Problem(shown, 1, 1, "(syntax)", "nested too deeply"))
            return None
        self.positions[shown] = KeyPositions(text)
        return data

    def model(self, cls: type[M], data: dict[str, Any], shown: str) -> M | None:
        try:
            return cls.model_validate(data)
        except ValidationError as error:
            for item in error.errors(include_url=False):
                self.add(shown, item["loc"], _plain(item))
            return None


def _field_name(path: Sequence[str | int]) -> str:
    text = ""
    for part in path:
        text += f"[{part + 1}]" if isinstance(part, int) else ("." if text else "") + part
    return text or "(file)"


def _plain(item: Any) -> str:
    kind = item["type"]
    if kind == "extra_forbidden":
        return "unknown key"
    if kind == "missing":
        return "required but missing"
    return str(item["msg"]).removeprefix("Value error, ")


def _ids(items: Iterable[Any], collector: _Collector, shown: str, table: str) -> None:
    seen: set[str] = set()
    for index, item in enumerate(items):
        if item.id in seen:
            collector.add(shown, (table, index, "id"), f"duplicate id {item.id!r}")
        seen.add(item.id)


def _pack_digest(files: Iterable[Path]) -> str:
    digest = hashlib.blake2b(digest_size=16)
    for path in files:
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def _pack_files(root: Path) -> list[Path]:
    files = [p for p in root.glob("*.toml")]
    events = root / "events"
    if events.is_dir():
        files += [p for p in events.glob("*.toml")]
    return sorted(files)[:MAX_FILES]


def load_content(roots: Sequence[Path]) -> Content:
    """Load the packs at ``roots`` (in any order), or raise :class:`PackError`.

    The base pack loads first and the others in dependency order; see
    :mod:`game.content.compose`.
    """
    collector = _Collector()
    builder = _Builder(collector)
    for root in builder.order_packs(roots):
        builder.read_pack(root)
    content = builder.finish()
    if collector.problems or content is None:
        raise PackError(collector.problems)
    return content


BASE_ONLY = frozenset({"rules", "scorecard", "news"})
"""Pack files only the base pack may have."""


class _Builder:
    """Reads pack folders in order, then checks and compiles the whole."""

    def __init__(self, collector: _Collector) -> None:
        self.c = collector
        self.manifests: dict[str, Manifest] = {}
        self.manifest_files: dict[str, str] = {}
        self.packs: list[PackInfo] = []
        self.rules: tuple[Rules, str] | None = None
        self.domains: list[tuple[Any, str]] = []
        self.rivals: list[tuple[Rival, str, int]] = []
        self.products: list[tuple[Product, str, int]] = []
        self.scenarios: list[tuple[Scenario, str, int]] = []
        self.endings: list[tuple[Ending, str, int]] = []
        self.grades: dict[str, float] = {}
        self.events: list[tuple[Event, str, int, str]] = []
        self.news: NewsTemplates | None = None
        self.seen: set[str] = set()
        """Pack files read, valid or not (a broken file is not also reported missing)."""

    def order_packs(self, roots: Sequence[Path]) -> list[Path]:
        """Read every manifest, check what each pack requires, and return the load order."""
        found: dict[str, tuple[Path, Manifest, str]] = {}
        for root in roots:
            shown_root = root.name or str(root)
            manifest_path = root / "pack.toml"
            if not root.is_dir():
                self.c.problems.append(Problem(str(root), 1, 1, "(pack)",
                                               "no such pack folder"))
                continue
            if not manifest_path.is_file():
                self.c.problems.append(Problem(f"{shown_root}/pack.toml", 1, 1, "(pack)",
                                               "a pack needs a pack.toml manifest"))
                continue
            shown = f"{shown_root}/pack.toml"
            data = self.c.read(manifest_path, shown)
            manifest = self.c.model(Manifest, data, shown) if data is not None else None
            if manifest is None:
                continue
            if manifest.id in found:
                self.c.add(shown, ("id",), f"pack id {manifest.id!r} is also used by "
                                           f"{found[manifest.id][2]}")
                continue
            found[manifest.id] = (root, manifest, shown)
        for pack_id, (_, manifest, shown) in found.items():
            for need, spec in manifest.requires.items():
                self.check_requirement(pack_id, need, spec, found, shown)
        order, stuck = load_order({p: m.requires for p, (_, m, _) in found.items()})
        for pack_id in stuck:
            self.c.add(found[pack_id][2], ("requires",),
                       "these packs require each other in a circle: " + ", ".join(stuck))
        self.manifests = {p: found[p][1] for p in order}
        self.manifest_files = {p: found[p][2] for p in order}
        return [found[p][0] for p in order]

    def check_requirement(self, pack_id: str, need: str, spec: str,
                          found: dict[str, tuple[Path, Manifest, str]], shown: str) -> None:
        where = ("requires", need)
        if need not in found:
            self.c.add(shown, where, f"needs the pack {need!r} ({spec or 'any version'}), "
                                     "which is not loaded")
            return
        version = found[need][1].version
        try:
            ok = satisfies(version, spec)
        except VersionRangeError as error:
            self.c.add(shown, where, str(error))
            return
        if not ok:
            self.c.add(shown, where, f"needs {need} {spec}, but version {version} is loaded")

    def read_pack(self, root: Path) -> None:
        shown_root = root.name or str(root)
        manifest_path = root / "pack.toml"
        files = _pack_files(root)
        manifest = next(m for p, m in self.manifests.items()
                        if self.manifest_files[p] == f"{shown_root}/pack.toml")
        for path in files:
            if path == manifest_path:
                continue
            shown = f"{shown_root}/{path.relative_to(root).as_posix()}"
            data = self.c.read(path, shown)
            if data is None:
                continue
            if path.parent != root:
                self.read_events(data, shown, manifest.id)
            elif manifest.id != BASE and path.stem in BASE_ONLY:
                self.c.add(shown, (), f"only the base pack defines {path.name}; a pack adds "
                                      "events, rivals, products, scenarios and endings")
            else:
                self.read_table(path.stem, data, shown)
        self.packs.append(PackInfo(manifest.id, manifest.version, str(root),
                                   _pack_digest(files)))

    def read_events(self, data: dict[str, Any], shown: str, pack: str) -> None:
        """Check each event on its own, so one broken event does not hide the others."""
        tables = data.get("event", [])
        if set(data) - {"event"} or not isinstance(tables, list):
            self.c.model(EventFile, data, shown)
            return
        for index, table in enumerate(tables):
            try:
                event = Event.model_validate(table)
            except ValidationError as error:
                for item in error.errors(include_url=False):
                    self.c.add(shown, ("event", index, *item["loc"]), _plain(item))
                continue
            self.events.append((event, shown, index, pack))

    def read_table(self, stem: str, data: dict[str, Any], shown: str) -> None:
        self.seen.add(stem)
        if stem == "rules":
            rules = self.c.model(Rules, data, shown)
            if rules is not None:
                self.rules = (rules, shown)
        elif stem == "scorecard":
            card = self.c.model(Scorecard, data, shown)
            if card is not None:
                self.domains += [(d, shown) for d in card.domain]
                _ids(card.domain, self.c, shown, "domain")
        elif stem == "rivals":
            rivals = self.c.model(RivalList, data, shown)
            if rivals is not None:
                self.rivals += [(r, shown, i) for i, r in enumerate(rivals.rival)]
        elif stem == "products":
            products = self.c.model(ProductList, data, shown)
            if products is not None:
                self.products += [(p, shown, i) for i, p in enumerate(products.product)]
        elif stem == "scenarios":
            scenarios = self.c.model(ScenarioList, data, shown)
            if scenarios is not None:
                self.scenarios += [(s, shown, i) for i, s in enumerate(scenarios.scenario)]
        elif stem == "endings":
            endings = self.c.model(EndingList, data, shown)
            if endings is not None:
                self.endings += [(e, shown, i) for i, e in enumerate(endings.ending)]
                self.grades = endings.grades.model_dump()
        elif stem == "news":
            news = self.c.model(NewsTemplates, data, shown)
            if news is not None:
                self.news = news
        else:
            known = "pack, rules, scorecard, rivals, products, scenarios, endings, news"
            self.c.add(shown, (), f"unknown pack file; expected one of {known}, "
                                  "or event files in events/")

    # -- checking the whole -----------------------------------------------------------------

    def finish(self) -> Content | None:
        domains = [d.id for d, _ in self.domains]
        space = Namespace(
            ranges=RANGES,
            stats=STAT_NAMES,
            domains=frozenset(domains),
            products=frozenset(p.id for p, _, _ in self.products),
            rivals=frozenset(r.id for r, _, _ in self.rivals),
        )
        self.check_world(space)
        endings = self.compile_endings(space)
        events = self.compile_events(space)
        if "rules" not in self.seen:
            self.c.problems.append(Problem("rules.toml", 1, 1, "(pack)",
                                           "no rules.toml found in any pack"))
        if "scorecard" not in self.seen:
            self.c.problems.append(Problem("scorecard.toml", 1, 1, "(pack)",
                                           "no scorecard domains defined"))
        if "scenarios" not in self.seen:
            self.c.problems.append(Problem("scenarios.toml", 1, 1, "(pack)",
                                           "no scenarios defined"))
        if "news" not in self.seen:
            self.c.problems.append(Problem("news.toml", 1, 1, "(pack)",
                                           "no news.toml found in any pack"))
        if self.c.problems or self.rules is None or self.news is None:
            return None
        return Content(
            packs=tuple(self.packs),
            rules=self.rules[0],
            domains=tuple(domains),
            domain_names={d.id: d.name for d, _ in self.domains},
            domain_frontier={d.id: d.frontier for d, _ in self.domains},
            rivals={r.id: r for r, _, _ in self.rivals},
            products={p.id: p for p, _, _ in self.products},
            scenarios={s.id: s for s, _, _ in self.scenarios},
            endings=endings,
            grades=self.grades,
            events=events,
            namespace=space,
            news=self.news,
        )

    def check_domains(self, names: Iterable[str], space: Namespace, shown: str,
                      path: tuple[str | int, ...]) -> None:
        for index, name in enumerate(names):
            if name not in space.domains:
                self.c.add(shown, (*path, index),
                           f"unknown domain {name!r}{suggest(name, space.domains)}")

    def check_world(self, space: Namespace) -> None:
        for group, table in ((self.rivals, "rival"), (self.products, "product"),
                             (self.scenarios, "scenario"), (self.endings, "ending")):
            seen: set[str] = set()
            for item, shown, index in group:
                if item.id in seen:
                    self.c.add(shown, (table, index, "id"), f"duplicate id {item.id!r}")
                seen.add(item.id)
        for rival, shown, index in self.rivals:
            self.check_domains(rival.focus, space, shown, ("rival", index, "focus"))
        for product, shown, index in self.products:
            self.check_domains(product.domains, space, shown, ("product", index, "domains"))
        for scenario, shown, index in self.scenarios:
            self.check_domains(scenario.capability_focus, space, shown,
                               ("scenario", index, "capability_focus"))
            for rival_index, rival_id in enumerate(scenario.absent_rivals):
                if rival_id not in space.rivals:
                    self.c.add(shown, ("scenario", index, "absent_rivals", rival_index),
                               f"unknown rival {rival_id!r}{suggest(rival_id, space.rivals)}")
        if sum(s.default for s, _, _ in self.scenarios) > 1:
            scenario, shown, index = [t for t in self.scenarios if t[0].default][1]
            self.c.add(shown, ("scenario", index, "default"), "only one scenario can be default")
        if self.rules is not None:
            rules, shown = self.rules
            self.check_domains(rules.training.tuning_domains, space, shown,
                               ("training", "tuning_domains"))
            for needed in ("small", "medium", "large"):
                if needed not in rules.training.sizes:
                    self.c.add(shown, ("training", "sizes"), f"run size {needed!r} is missing")
            for mix in ("licensed", "permissive", "grey"):
                if mix not in rules.training.data_bonus:
                    self.c.add(shown, ("training", "data_bonus"), f"data mix {mix!r} is missing")
            if "closed" not in rules.release:
                self.c.add(shown, ("release",), "a 'closed' release option is required")
        families = {e.family for e, _, _ in self.endings}
        for family in ("bust", "acquisition", "niche_win"):
            if self.endings and family not in families:
                shown = self.endings[0][1]
                self.c.add(shown, ("ending",), f"no ending of the {family!r} family")

    def expression(self, source: str, space: Namespace, want: str, shown: str,
                   path: tuple[str | int, ...]) -> Expr | None:
        try:
            return compile_expr(source, space, want)
        except ExprError as error:
            positions = self.c.positions.get(shown)
            line, column = positions.find_in_value(path, error.column) if positions else (1, 1)
            self.c.problems.append(Problem(shown, line, column, _field_name(path),
                                           error.message))
            return None

    def compile_endings(self, space: Namespace) -> tuple[EndingRule, ...]:
        rules: list[EndingRule] = []
        for ending, shown, index in self.endings:
            when = self.expression(ending.when, space, "bool", shown, ("ending", index, "when"))
            score = self.expression(ending.score, space, "num", shown,
                                    ("ending", index, "score"))
            if when is not None and score is not None:
                rules.append(EndingRule(ending, when, score))
        return tuple(rules)

    def compile_events(self, space: Namespace) -> dict[str, EventRule]:
        """Compile every event under its qualified id, then apply overrides and disables."""
        compiled: dict[str, EventRule] = {}
        where: dict[str, str] = {}
        changed_by: dict[str, str] = {}
        defaults = self.rules[0].events if self.rules else None
        known = {qualify(pack, e.id) for e, _, _, pack in self.events}
        for event, shown, index, pack in self.events:
            path: tuple[str | int, ...] = ("event", index)
            qid = qualify(pack, event.id)
            duplicate = qid in where
            if duplicate:  # reported, and its other problems too, but not loaded
                self.c.add(shown, (*path, "id"),
                           f"duplicate event id {event.id!r} (also in {where[qid]})")
            else:
                where[qid] = shown
            if event.overrides is not None:
                target = qualify(pack, event.overrides)
                if target not in compiled:
                    self.c.add(shown, (*path, "overrides"),
                               f"no event {event.overrides!r} to override"
                               f"{suggest(target, compiled)} (it must be in a pack loaded "
                               "earlier)")
                    continue
                if not self.claim(target, shown, (*path, "overrides"), changed_by):
                    continue
            when = None
            if event.when is not None:
                when = self.expression(event.when, space, "bool", shown, (*path, "when"))
            choices = self.compile_choices(event, space, shown, path, pack, known)
            if choices is None or (event.when is not None and when is None) or duplicate:
                continue
            chance = event.chance if event.chance is not None \
                else (defaults.default_chance if defaults else 0.1)
            final_id = qualify(pack, event.overrides) if event.overrides else qid
            compiled[final_id] = EventRule(
                model=event,
                qid=final_id,
                pack=pack,
                file=shown,
                when=when,
                chance=chance,
                threshold=round(chance * 2**32),
                cooldown=event.cooldown if event.cooldown is not None
                else (defaults.default_cooldown if defaults else 12),
                choices=choices,
                key=stable_key(f"event:{final_id}"),
            )
        for pack, manifest in self.manifests.items():
            shown = self.manifest_files[pack]
            for index, name in enumerate(manifest.disable):
                target = qualify(pack, name)
                if target in changed_by:
                    self.claim(target, shown, ("disable", index), changed_by)
                elif target not in compiled:
                    self.c.add(shown, ("disable", index),
                               f"no event {name!r} to disable{suggest(target, compiled)}")
                elif self.claim(target, shown, ("disable", index), changed_by):
                    del compiled[target]
        return compiled

    def claim(self, target: str, shown: str, path: tuple[str | int, ...],
              changed_by: dict[str, str]) -> bool:
        """Record that ``shown`` changes event ``target``; a second pack doing so conflicts."""
        if target in changed_by:
            self.c.add(shown, path, f"conflict: {changed_by[target]} and {shown} both change "
                                    f"event {target!r}")
            return False
        changed_by[target] = shown
        return True

    def compile_choices(self, event: Event, space: Namespace, shown: str,
                        path: tuple[str | int, ...], pack: str,
                        known: set[str]) -> tuple[ChoiceRule, ...] | None:
        choices: list[ChoiceRule] = []
        ok = True
        seen: set[str] = set()
        for c_index, choice in enumerate(event.choice):
            c_path = (*path, "choice", c_index)
            follow_ups = []
            for f_index, follow in enumerate(choice.follow_ups):
                target = qualify(pack, follow.event)
                if target not in known:
                    self.c.add(shown, (*c_path, "follow_ups", f_index, "event"),
                               f"no event {follow.event!r}{suggest(target, known)}")
                    ok = False
                follow_ups.append((target, follow.months))
            if choice.id in seen:
                self.c.add(shown, (*c_path, "id"), f"duplicate choice id {choice.id!r}")
                ok = False
            seen.add(choice.id)
            requires = None
            if choice.requires is not None:
                requires = self.expression(choice.requires, space, "bool", shown,
                                           (*c_path, "requires"))
                ok = ok and requires is not None
            effects = self.compile_effects(choice, space, shown, c_path)
            for r_index, rival in enumerate(choice.rivals):
                if rival.id not in space.rivals:
                    self.c.add(shown, (*c_path, "rivals", r_index, "id"),
                               f"unknown rival {rival.id!r}{suggest(rival.id, space.rivals)}")
                    ok = False
            if effects is None:
                ok = False
            else:
                choices.append(ChoiceRule(choice, requires, effects, tuple(follow_ups)))
        return tuple(choices) if ok else None

    def compile_effects(self, choice: Choice, space: Namespace, shown: str,
                        path: tuple[str | int, ...]) -> tuple[Effect, ...] | None:
        effects: list[Effect] = []
        ok = True
        for key, value in choice.effects.items():
            where = (*path, "effects", key)
            stat, _, domain = key.partition(".")
            if domain:
                if stat not in DOMAIN_STATS:
                    self.c.add(shown, where, f"{stat!r} has no domains; "
                                             f"use one of {', '.join(DOMAIN_STATS)}")
                    ok = False
                    continue
                if domain not in space.domains:
                    self.c.add(shown, where,
                               f"unknown domain {domain!r}{suggest(domain, space.domains)}")
                    ok = False
                    continue
            elif stat not in SETTABLE:
                if stat in STAT_NAMES:
                    message = f"{stat!r} is worked out by the game and cannot be changed"
                else:
                    message = f"unknown stat {stat!r}{suggest(stat, SETTABLE)}"
                self.c.add(shown, where, message)
                ok = False
                continue
            if isinstance(value, str):
                expr = self.expression(value, space, "num", shown, where)
                if expr is None:
                    ok = False
                    continue
                effects.append(Effect(stat, domain or None, 0.0, expr))
            else:
                effects.append(Effect(stat, domain or None, float(value), None))
        return tuple(effects) if ok else None


def validate_packs(roots: Sequence[Path]) -> list[Problem]:
    """Every problem with the packs at ``roots``: what stops them loading, and what would
    puzzle players (conditions that can never hold, flags nothing sets, events and endings
    nothing can reach). An empty list means the packs are clean."""
    collector = _Collector()
    builder = _Builder(collector)
    for root in builder.order_packs(roots):
        builder.read_pack(root)
    content = builder.finish()
    if content is not None and not collector.problems:
        analyse(content, builder.events, builder.endings, collector.add)
    return sorted(collector.problems)
