"""Load packs: read TOML, check every table, compile every expression, or list every problem.

Loading is all or nothing. :func:`load_content` either returns a :class:`Content` ready for
the engine or raises :class:`PackError` carrying every problem found, each with the file,
line, column and field, so an author can fix them all in one pass.
"""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import tomli
from pydantic import BaseModel

from game.content import salvage
from game.content.analysis import Sources, analyse
from game.content.compose import BASE, VersionRangeError, load_order, qualify, satisfies
from game.content.locate import KeyPositions
from game.content.messages import schema_messages, syntax_problem
from game.content.models import (
    Choice,
    Ending,
    EndingList,
    Event,
    EventFile,
    Grades,
    Manifest,
    NewsTemplates,
    Product,
    ProductList,
    Prompt,
    PromptList,
    Rival,
    RivalList,
    Rules,
    Scenario,
    ScenarioList,
    Scorecard,
    auto_target,
)
from game.engine.content import ChoiceRule as ChoiceRule  # re-exported: the old home
from game.engine.content import Content as Content
from game.engine.content import Effect as Effect
from game.engine.content import EndingRule as EndingRule
from game.engine.content import EventRule as EventRule
from game.engine.content import PackInfo as PackInfo
from game.engine.content import PromptRule
from game.engine.expr import Expr, ExprError, Namespace, compile_expr, suggest
from game.engine.grades import BANDED
from game.engine.numbers import LIMIT
from game.engine.stats import DOMAIN_STATS, RANGES, SETTABLE, STAT_NAMES
from game.engine.text import Template, TextError, compile_text, plain_text
from game.files import problem_text, read_regular

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


@dataclass
class _Collector:
    """Gathers problems while a pack is read."""

    problems: list[Problem] = field(default_factory=list)
    positions: dict[str, KeyPositions] = field(default_factory=dict)

    def add(self, file: str, path: Sequence[str | int], message: str) -> None:
        positions = self.positions.get(file)
        line, column = positions.find(path) if positions else (1, 1)
        self.problems.append(Problem(file, line, column, _field_name(path), message))

    def line_of(self, file: str, path: Sequence[str | int]) -> int:
        positions = self.positions.get(file)
        return positions.find(path)[0] if positions else 1

    def read(self, path: Path, shown: str) -> dict[str, Any] | None:
        try:  # only a regular file, never more than the limit: a pipe or device never blocks
            raw, _ = read_regular(path, MAX_FILE_BYTES)
        except OSError as error:
            self.add(shown, (), f"cannot read the file: {problem_text(error)}")
            return None
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as error:
            line = raw[: error.start].count(b"\n") + 1
            self.problems.append(Problem(shown, line, 1, "(file)", "not UTF-8 text"))
            return None
        text = text.removeprefix("\ufeff")  # a byte-order mark some editors write
        try:
            data = tomli.loads(text)
        except tomli.TOMLDecodeError as error:
            line, column, message = syntax_problem(error, text)
            self.problems.append(Problem(shown, line, column, "(syntax)", message))
            return None
        except RecursionError:
            self.problems.append(Problem(shown, 1, 1, "(syntax)", "nested too deeply"))
            return None
        except ValueError:  # a whole number of thousands of digits
            self.problems.append(Problem(shown, 1, 1, "(syntax)", "a number too long to read"))
            return None
        self.positions[shown] = KeyPositions(text)
        wild = list(_wild_numbers(data))
        for where, value in wild:
            shown_value = (f"a number of about {int(value.bit_length() * 0.30103)} digits"
                           if isinstance(value, int) else str(value))
            self.add(shown, where, f"{shown_value} is not a number a pack may hold: every "
                                   f"number is finite and at most {LIMIT:g} in size")
        return None if wild else data

    def model(self, cls: type[M], data: dict[str, Any], shown: str,
              prefix: tuple[str | int, ...] = ()) -> M | None:
        """The validated table, or None after reporting every error in it."""
        model, errors = self.check(cls, data, shown, prefix)
        return None if errors else model

    def check(self, cls: type[M], data: dict[str, Any], shown: str,
              prefix: tuple[str | int, ...] = ()) -> tuple[M, bool]:
        """The validated table, or a stand-in for the other checks after reporting every
        error in it; and whether there were errors."""
        model, errors = salvage.validate(cls, data)
        for loc, message in schema_messages(errors, cls, data):
            self.add(shown, (*prefix, *loc), message)
        return model, bool(errors)


def display_path(path: Path) -> str:
    """How a problem names a file: relative to the folder the command runs in when it is
    inside it (so editors and CI can open it), else absolute."""
    absolute = Path(os.path.abspath(path))
    try:
        return absolute.relative_to(Path.cwd()).as_posix()
    except ValueError:
        return absolute.as_posix()


def _field_name(path: Sequence[str | int]) -> str:
    text = ""
    for part in path:
        text += f"[{part + 1}]" if isinstance(part, int) else ("." if text else "") + part
    return text or "(file)"


def _ids(items: Iterable[Any], collector: _Collector, shown: str, table: str) -> None:
    seen: set[str] = set()
    for index, item in enumerate(items):
        if item.id in seen:
            collector.add(shown, (table, index, "id"), f"duplicate id {item.id!r}")
        seen.add(item.id)


def _written(qids: Iterable[str], pack: str | None) -> list[str]:
    """Event ids as an author writes them inside ``pack`` (None: always qualified)."""
    out = []
    for qid in qids:
        if ":" not in qid:
            out.append(qid if pack == BASE else f"{BASE}:{qid}")
        elif pack is not None and qid.startswith(f"{pack}:"):
            out.append(qid.partition(":")[2])
        else:
            out.append(qid)
    return out


def _bands(grades: Grades) -> dict[str, float]:
    return {letter: float(getattr(grades, letter)) for letter in BANDED}


def _wild_numbers(value: object, where: tuple[str | int, ...] = ()
                  ) -> Iterator[tuple[tuple[str | int, ...], float]]:
    """Numbers in a TOML table that are NaN, infinite or beyond :data:`LIMIT`."""
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _wild_numbers(item, (*where, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _wild_numbers(item, (*where, index))
    elif isinstance(value, int | float) and not isinstance(value, bool) \
            and not -LIMIT <= value <= LIMIT:
        yield where, value


def _pack_digest(files: Iterable[Path]) -> str:
    digest = hashlib.blake2b(digest_size=16)
    for path in files:
        digest.update(path.name.encode())
        try:
            digest.update(read_regular(path, MAX_FILE_BYTES)[0])
        except OSError:  # reported when the file was read
            continue
    return digest.hexdigest()


def _pack_files(root: Path) -> list[Path]:
    files = [p for p in root.glob("*.toml")]
    events = root / "events"
    if events.is_dir():
        files += [p for p in events.glob("*.toml")]
    return sorted(files)


def load_content(roots: Sequence[Path], overrides: Mapping[str, object] | None = None,
                 calibrating: bool = False) -> Content:
    """Load the packs at ``roots`` (in any order), or raise :class:`PackError`.

    An ``auto(N%)`` chance that was never calibrated is refused, except while
    ``calibrating`` (then it holds a first guess).

    The base pack loads first and the others in dependency order; see
    :mod:`game.content.compose`. ``overrides`` sets ``rules.toml`` values by dotted path
    (see :mod:`game.engine.overrides`) before the rules are checked.
    """
    collector = _Collector()
    builder = _Builder(collector)
    builder.overrides = dict(overrides or {})
    for root in builder.order_packs(roots):
        builder.read_pack(root)
    content = builder.finish()
    if not calibrating:
        roots_of = {pack: display_path(root) for root, pack in builder.root_ids.items()}
        for shown, path, text, pack in builder.uncalibrated:
            collector.add(shown, path, f"chance {text!r} is a target not yet turned into a "
                                       f"chance: run moat pack calibrate {roots_of[pack]}")
    if collector.problems or content is None:
        raise PackError(collector.problems)
    return content


def first_guess(target: float, months: int = 12) -> float:
    """A monthly chance that fires in ``target`` of games if the event is eligible for
    ``months`` months of each (the calibrator's starting point)."""
    return round(1.0 - float((1.0 - target) ** (1.0 / months)), 4)


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
        self.grade_tables: list[tuple[Grades, str, str]] = []
        """Each ``[grades]`` table with its file and pack."""
        self.events: list[tuple[Event, str, int, str]] = []
        self.news: NewsTemplates | None = None
        self.root_ids: dict[Path, str] = {}
        self.sites: dict[str, tuple[str, int]] = {}
        """Where each loaded event is written: file and index, under its final id."""
        self.disabled: dict[str, tuple[str, int]] = {}
        """Disabled events, with the manifest and ``disable`` entry that switch them off."""
        self.aliases: dict[str, str] = {}
        self.file_packs: dict[str, str] = {}
        self.uncalibrated: list[tuple[str, tuple[str | int, ...], str, str]] = []
        """Events whose chance is an ``auto(N%)`` target: file, path, text, pack."""
        """The pack each file read belongs to."""
        """An overriding event's own id, and the id it takes over."""
        self.prompts: list[tuple[Prompt, str, int, str]] = []
        self.reading = ""
        """The id of the pack being read."""
        self.seen: set[str] = set()
        """Pack files read, valid or not (a broken file is not also reported missing)."""
        self.overrides: dict[str, object] = {}
        """``rules.toml`` values set from outside the packs, by dotted path."""

    def order_packs(self, roots: Sequence[Path]) -> list[Path]:
        """Read every manifest, check what each pack requires, and return the load order."""
        found: dict[str, tuple[Path, Manifest, str]] = {}
        for root in roots:
            manifest_path = root / "pack.toml"
            shown = display_path(manifest_path)
            if not root.is_dir():
                self.c.problems.append(Problem(display_path(root), 1, 1, "(pack)",
                                               "no such pack folder"))
                continue
            if not manifest_path.is_file():
                self.c.problems.append(Problem(shown, 1, 1, "(pack)",
                                               "a pack needs a pack.toml manifest"))
                continue
            data = self.c.read(manifest_path, shown)
            manifest = self.c.model(Manifest, data, shown) if data is not None else None
            if manifest is None:
                continue
            folder = Path(os.path.abspath(root)).name
            if manifest.id != folder:
                self.c.add(shown, ("id",), f"the pack's id is {manifest.id!r} but its folder "
                                           f"is {folder!r}: the folder's name is the pack's "
                                           "id, so rename one to match the other")
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
        self.root_ids = {found[p][0]: p for p in order}
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
        manifest_path = root / "pack.toml"
        files = _pack_files(root)
        manifest = self.manifests[self.root_ids[root]]
        if len(files) > MAX_FILES:
            self.c.add(display_path(manifest_path), (), f"the pack has {len(files):,} TOML "
                       f"files; the limit is {MAX_FILES} (none past it was read)")
            files = files[:MAX_FILES]
        events = root / "events"
        if events.is_dir():
            try:
                os.scandir(events).close()
            except OSError as error:
                self.c.add(display_path(events), (), "cannot read the events folder: "
                           f"{problem_text(error)}")
        inside = root.resolve()
        self.reading = manifest.id
        for path in files:
            if path == manifest_path:
                continue
            shown = display_path(path)
            if not path.resolve().is_relative_to(inside):
                self.c.add(shown, (), "links to a file outside the pack "
                           f"({path.resolve()}); a pack reads only its own files")
                continue
            self.file_packs[shown] = manifest.id
            data = self.c.read(path, shown)
            if data is None:
                continue
            if path.parent != root:
                self.read_events(data, shown, manifest.id)
            elif manifest.id != BASE and path.stem in BASE_ONLY:
                self.c.add(shown, (), f"only the base pack defines {path.name}; a pack adds "
                                      "events, rivals, products, scenarios and endings")
            else:
                self.read_table(path.stem, data, shown, manifest.id)
        self.packs.append(PackInfo(manifest.id, manifest.version, str(root),
                                   _pack_digest(files)))

    def read_events(self, data: dict[str, Any], shown: str, pack: str) -> None:
        """Check each event; a broken one is still checked as far as it goes, and still
        counts as defined, so one mistake is reported once."""
        events, _ = self.c.check(EventFile, data, shown)
        self.events += [(event, shown, index, pack) for index, event in enumerate(events.event)]

    def read_table(self, stem: str, data: dict[str, Any], shown: str,
                   pack: str) -> None:
        self.seen.add(stem)
        if stem == "rules":
            from game.engine.overrides import apply

            rules = self.c.model(Rules, apply(data, self.overrides), shown)
            if rules is not None:
                self.rules = (rules, shown)
        elif stem == "scorecard":
            card = self.c.model(Scorecard, data, shown)
            if card is not None:
                self.domains += [(d, shown) for d in card.domain]
                _ids(card.domain, self.c, shown, "domain")
        elif stem == "rivals":
            rivals, _ = self.c.check(RivalList, data, shown)
            self.rivals += [(r, shown, i) for i, r in enumerate(rivals.rival)]
        elif stem == "products":
            products, _ = self.c.check(ProductList, data, shown)
            self.products += [(p, shown, i) for i, p in enumerate(products.product)]
        elif stem == "scenarios":
            scenarios, _ = self.c.check(ScenarioList, data, shown)
            self.scenarios += [(s, shown, i) for i, s in enumerate(scenarios.scenario)]
        elif stem == "endings":
            endings, _ = self.c.check(EndingList, data, shown)
            self.endings += [(e, shown, i) for i, e in enumerate(endings.ending)]
            if endings.grades is not None:
                self.grade_tables.append((endings.grades, shown, pack))
        elif stem == "news":
            news = self.c.model(NewsTemplates, data, shown)
            if news is not None:
                self.news = news
        elif stem == "prompts":
            prompts = self.c.model(PromptList, data, shown)
            if prompts is not None:
                self.prompts += [(p, shown, i, self.reading)
                                 for i, p in enumerate(prompts.prompt)]
        else:
            known = ("pack", "rules", "scorecard", "rivals", "products", "scenarios", "endings",
                     "news", "prompts")
            near = salvage.closest(stem, known)
            hint = f" — did you mean {near}.toml?" if near else ""
            self.c.add(shown, (), f"unknown pack file{hint} A pack's files are "
                                  f"{', '.join(k + '.toml' for k in known)}, and event files "
                                  "in events/")

    # -- checking the whole -----------------------------------------------------------------

    def finish(self) -> Content | None:
        domains = [d.id for d, _ in self.domains]
        space = Namespace(
            ranges=RANGES,
            stats=STAT_NAMES,
            domains=frozenset(domains),
            products=frozenset(p.id for p, _, _ in self.products),
            rivals=frozenset(r.id for r, _, _ in self.rivals),
            events=frozenset(qualify(pack, e.id) for e, _, _, pack in self.events),
        )
        self.check_world(space)
        endings = self.compile_endings(space)
        events = self.compile_events(space)
        grades = self.choose_grades()
        prompts = self.compile_prompts(events)
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
            grades=grades,
            events=events,
            namespace=space,
            news=self.news,
            prompts=prompts,
        )

    def choose_grades(self) -> dict[str, float]:
        """The base pack's grade bands, unless a pack says it overrides them."""
        chosen: tuple[Grades, str] | None = None
        for grades, shown, pack in self.grade_tables:
            if pack == BASE:
                chosen = chosen or (grades, shown)
            elif not grades.overrides:
                self.c.add(shown, ("grades",), "the base pack's grades apply to every game; "
                                               "to replace them with these, add "
                                               "overrides = true to [grades], or remove it")
        replaced_by: tuple[Grades, str] | None = None
        for grades, shown, pack in self.grade_tables:
            if pack == BASE or not grades.overrides:
                continue
            if replaced_by is not None and _bands(replaced_by[0]) != _bands(grades):
                self.c.add(shown, ("grades", "overrides"),
                           f"conflict: {replaced_by[1]} and {shown} both replace the grades, "
                           "with different bands")
                continue
            replaced_by = (grades, shown)
        chosen = replaced_by or chosen
        if chosen is None:
            if self.endings and not any(t[2] == BASE for t in self.grade_tables):
                self.c.add(self.endings[0][1], ("grades",),
                           "the base pack's endings.toml needs a [grades] table")
            return {}
        return _bands(chosen[0])

    def check_domains(self, names: Iterable[str], space: Namespace, shown: str,
                      path: tuple[str | int, ...]) -> None:
        keyed = isinstance(names, Mapping)  # a table by domain: point at the key
        for index, name in enumerate(names):
            if name not in space.domains:
                self.c.add(shown, (*path, name if keyed else index),
                           f"unknown domain {name!r}{suggest(name, space.domains)}")

    def check_world(self, space: Namespace) -> None:
        for group, table in ((self.rivals, "rival"), (self.products, "product"),
                             (self.scenarios, "scenario"), (self.endings, "ending")):
            seen: dict[str, tuple[str, int]] = {}
            for item, shown, index in group:
                if item.id in seen and item.id:
                    other, other_index = seen[item.id]
                    line = self.c.line_of(other, (table, other_index, "id"))
                    self.c.add(shown, (table, index, "id"),
                               f"duplicate {table} id {item.id!r} (also in {other}:{line}); "
                               f"{table} ids must be unique across all packs")
                seen.setdefault(item.id, (shown, index))
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
            for table, sizes in (("training", rules.training.sizes),
                                 ("funding", rules.funding.sizes)):
                if not sizes:
                    self.c.add(shown, (table, "sizes"), "name at least one size")
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
        if not source:  # missing or of the wrong type: reported by the schema already
            return None
        try:
            return compile_expr(source, space, want)
        except ExprError as error:
            positions = self.c.positions.get(shown)
            line, column = positions.find_in_value(path, error.column) if positions else (1, 1)
            self.c.problems.append(Problem(shown, line, column, _field_name(path),
                                           error.message))
            return None

    def text(self, source: str, space: Namespace, shown: str,
             path: tuple[str | int, ...]) -> Template | None:
        """Compile a text's conditional segments, reporting a bad one where it is written."""
        if "{" not in source.replace("{company}", ""):
            return plain_text(source)
        try:
            return compile_text(source, lambda condition: compile_expr(condition, space, "bool"))
        except (TextError, ExprError) as error:
            if isinstance(error, ExprError):
                snippet = next((m[0] for m in _CONDITION.finditer(source)
                                if _condition_fails(m[2], space)), "{if")
                message = f"in a text condition: {error.message}"
            else:
                snippet, message = error.snippet, error.message
            positions = self.c.positions.get(shown)
            line, column = positions.find_text(path, snippet) if positions else (1, 1)
            self.c.problems.append(Problem(shown, line, column, _field_name(path), message))
            return None

    def compile_prompts(self, events: dict[str, EventRule]) -> tuple[PromptRule, ...]:
        """Reflection prompts with their event ids qualified and checked."""
        endings = {e.id for e, _, _ in self.endings} | {"bust", "acquisition", "niche_win"}
        # every event written, even one with its own problem (reported once, where it is)
        known = set(events) | set(self.disabled) | {
            e.id if p == BASE else f"{p}:{e.id}" for e, _, _, p in self.events}
        rules, seen = [], set()
        for prompt, shown, index, pack in self.prompts:
            if (pack, prompt.id) in seen:
                self.c.add(shown, ("prompt", index, "id"), f"duplicate id {prompt.id!r}")
            seen.add((pack, prompt.id))
            met = []
            for number, ref in enumerate(prompt.events):
                owner, _, name = ref.rpartition(":")
                qid = name if (owner or pack) == BASE else f"{owner or pack}:{name}"
                qid = self.aliases.get(qid, qid)
                if qid not in known:
                    self.c.add(shown, ("prompt", index, "events", number),
                               f"unknown event {ref!r}{suggest(qid, events)}")
                met.append(qid)
            for number, ref in enumerate(prompt.endings):
                if ref not in endings:
                    self.c.add(shown, ("prompt", index, "endings", number),
                               f"unknown ending {ref!r}{suggest(ref, endings)}")
            rules.append(PromptRule(" ".join(prompt.text.split()), pack, frozenset(met),
                                    frozenset(prompt.endings)))
        return tuple(rules)

    def compile_endings(self, space: Namespace) -> tuple[EndingRule, ...]:
        rules: list[EndingRule] = []
        ordered = sorted(self.endings, key=lambda item: -item[0].priority)
        for ending, shown, index in ordered:
            when = self.expression(ending.when, space, "bool", shown, ("ending", index, "when"))
            score = self.expression(ending.score, space, "num", shown,
                                    ("ending", index, "score"))
            text = self.text(ending.text, space, shown, ("ending", index, "text"))
            if when is not None and score is not None and text is not None:
                rules.append(EndingRule(ending, when, score, text))
        return tuple(rules)

    def compile_events(self, space: Namespace) -> dict[str, EventRule]:
        """Compile every event under its qualified id, then apply overrides and disables.

        An event that fails a check still counts as defined, so nothing that refers to it
        is reported as well.
        """
        compiled: dict[str, EventRule] = {}
        where: dict[str, str] = {}
        changed_by: dict[str, str] = {}
        defaults = self.rules[0].events if self.rules else None
        defined: dict[str, str] = {}
        """Every event id seen so far, with its pack."""
        self.aliases = {qualify(pack, e.id): qualify(pack, e.overrides)
                        for e, _, _, pack in self.events if e.overrides}
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
            usable = not duplicate
            if event.overrides is not None:
                target = qualify(pack, event.overrides)
                earlier = {e for e, owner in defined.items() if owner != pack}
                if target not in earlier:
                    if event.overrides:
                        self.c.add(shown, (*path, "overrides"),
                                   f"no event {event.overrides!r} to override"
                                   f"{suggest(event.overrides, _written(earlier, None))} "
                                   "(write 'pack:id' of an event in a pack loaded earlier)")
                    usable = False
                elif not self.claim(target, shown, (*path, "overrides"), changed_by):
                    usable = False
            defined.setdefault(qid, pack)
            when = None
            if event.when is not None:
                when = self.expression(event.when, space, "bool", shown, (*path, "when"))
            choices = self.compile_choices(event, space, shown, path, pack, known)
            story = self.text(event.story, space, shown, (*path, "story"))
            if choices is None or (event.when is not None and when is None) or not usable \
                    or story is None:
                continue
            if isinstance(event.chance, str):  # a target: a first guess until calibrated
                aim = auto_target(event.chance) or 0.1
                chance = first_guess(aim)
                self.uncalibrated.append((shown, (*path, "chance"), event.chance, pack))
            else:
                chance = event.chance if event.chance is not None \
                    else (defaults.default_chance if defaults else 0.1)
            final_id = qualify(pack, event.overrides) if event.overrides else qid
            self.sites[final_id] = (shown, index)
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
                story=story,
            )
        for pack, manifest in self.manifests.items():
            shown = self.manifest_files[pack]
            others = {e for e, owner in defined.items() if owner != pack}
            for index, name in enumerate(manifest.disable):
                target = qualify(pack, name)
                if target in changed_by:
                    self.claim(target, shown, ("disable", index), changed_by)
                elif target not in others:
                    self.c.add(shown, ("disable", index),
                               f"no event {name!r} to disable"
                               f"{suggest(name, _written(others, None))} (write 'pack:id' "
                               "of another pack's event)")
                elif self.claim(target, shown, ("disable", index), changed_by):
                    compiled.pop(target, None)
                    self.disabled[target] = (shown, index)
        self.check_disabled_follow_ups(compiled)
        return compiled

    def check_disabled_follow_ups(self, compiled: dict[str, EventRule]) -> None:
        """A follow-up to a disabled event would have nothing to happen."""
        for event in compiled.values():
            for c_index, choice in enumerate(event.choices):
                for f_index, (target, _) in enumerate(choice.follow_ups):
                    if target not in self.disabled:
                        continue
                    shown, index = self.sites[event.qid]
                    site: tuple[str | int, ...] = ("event", index, "choice", c_index,
                                                   "follow_ups", f_index, "event")
                    place = (shown, site)
                    disabled_in, d_index = self.disabled[target]
                    if event.pack == BASE:  # the author can only change the disabling pack
                        place = (disabled_in, ("disable", d_index))
                    self.c.add(*place, f"event {target!r} is disabled (by {disabled_in}) but "
                                       f"{event.qid!r} schedules it as a follow-up; override "
                                       f"or disable {event.qid!r} too, or keep {target!r}")

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
                if target not in known and target not in self.aliases.values():
                    if follow.event:
                        hint = suggest(follow.event, _written(known, pack))
                        self.c.add(shown, (*c_path, "follow_ups", f_index, "event"),
                                   f"no event {follow.event!r}{hint}")
                    ok = False
                follow_ups.append((self.aliases.get(target, target), follow.months))
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
            text = self.text(choice.text, space, shown, (*c_path, "text"))
            result = self.text(choice.result, space, shown, (*c_path, "result"))
            if effects is None or text is None or result is None:
                ok = False
            else:
                choices.append(ChoiceRule(choice, requires, effects, tuple(follow_ups),
                                          text, result))
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
                    written = ", ".join(f'"{d}.{domain}"' for d in DOMAIN_STATS)
                    self.c.add(shown, where, f"{stat!r} has no domains; write one of "
                                             f"{written}")
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


_CONDITION = re.compile(r"\{(if|elif)\s+([^{}]*)\}")


def _condition_fails(condition: str, space: Namespace) -> bool:
    try:
        compile_expr(condition.strip(), space, "bool")
    except ExprError:
        return True
    return False


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
        analyse(content, Sources(
            events=builder.events, endings=builder.endings, sites=builder.sites,
            disabled=builder.disabled, file_packs=builder.file_packs,
            pack_order=list(builder.manifests), add=collector.add,
            line_of=collector.line_of,
            rules_file=builder.rules[1] if builder.rules else "rules.toml"))
    return sorted(collector.problems)
