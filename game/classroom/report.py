"""The class report: one row per game from a folder of saves, the endings against the bots'
on the same card, the causes that recurred, outliers, and games played on another world.

A save is read without rebuilding the whole game: its JSON, its checksum and the few
records a row needs (the ledger, the monthly history, the decisions), so a report over a
whole year group takes a second or two. A file that cannot be read is skipped with its
reason, and the rest still make the report.
"""

from __future__ import annotations

import statistics
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from game.engine.content import Content
from game.engine.endings import Cause, rank_ledger
from game.sim.simulate import FAMILIES

SCORECARD_STATS = ("score", "cash", "revenue", "burn", "runway", "reputation", "community",
                   "hype", "legal_risk", "transparency", "valuation", "ownership", "cap_avg",
                   "best_lead", "niche_lead_months")
"""What a teacher's scorecard can weigh: the ending's score (0-100) or a monthly stat."""


class ReportError(ValueError):
    """A scorecard or an option that cannot be used; the message says why."""


@dataclass
class Skipped:
    path: str
    reason: str


@dataclass
class Row:
    """One game of the class."""

    path: str
    company: str
    bot: str
    """The strategy that played it, for a simulated game ("" for a student)."""
    scenario: str
    seed: int
    horizon: int
    section: str
    card: str
    """The digest of the class card it was played from ("" if none)."""
    finished: bool
    family: str
    """Ending family, or ``unfinished``."""
    title: str
    grade: str
    score: float
    month: int
    openness: list[str]
    niche: list[str]
    data: list[str]
    rounds: int
    products: list[str]
    causes: list[Cause]
    history: list[dict[str, float]]
    flags: list[str] = field(default_factory=list)
    rank: float | None = None
    """The teacher's scorecard, 0-100, when one is given."""

    def as_dict(self) -> dict[str, Any]:
        return {"file": self.path, "company": self.company, "bot": self.bot,
                "scenario": self.scenario, "seed": self.seed, "section": self.section,
                "card": self.card, "finished": self.finished, "ending": self.family,
                "title": self.title, "grade": self.grade, "score": self.score,
                "month": self.month, "openness": self.openness, "niche": self.niche,
                "data": self.data, "rounds": self.rounds, "products": self.products,
                "causes": [{"text": c.text, "source": c.label, "month": c.peak}
                           for c in self.causes],
                "flags": self.flags, "rank_score": self.rank}


@dataclass
class Scorecard:
    """A weighted scorecard, averaged over the last months of each game."""

    weights: dict[str, float]
    last: int = 6

    @classmethod
    def parse(cls, text: str, last: int = 6) -> Scorecard:
        """``"cash=1,revenue=2,legal_risk=-1"`` to a scorecard; ReportError when bad."""
        weights: dict[str, float] = {}
        for part in filter(None, (p.strip() for p in text.split(","))):
            name, sep, value = part.partition("=")
            name = name.strip()
            if name not in SCORECARD_STATS:
                raise ReportError(f"--rank: {name!r} is not something to score; choose from "
                                  + ", ".join(SCORECARD_STATS))
            try:
                weights[name] = float(value) if sep else 1.0
            except ValueError:
                raise ReportError(f"--rank: the weight of {name} must be a number, not "
                                  f"{value!r}") from None
        if not weights or not any(weights.values()):
            raise ReportError("--rank needs at least one stat with a weight, "
                              "such as score=1,revenue=1")
        if last < 1:
            raise ReportError(f"--last must be at least 1, not {last}")
        return cls(weights, last)

    def raw(self, row: Row) -> dict[str, float]:
        """Each stat of the scorecard for one game: its mean over the last months."""
        values = {}
        tail = row.history[-self.last:]
        for name in self.weights:
            if name == "score":
                values[name] = row.score
            else:
                values[name] = statistics.fmean(r.get(name, 0.0) for r in tail) if tail else 0.0
        return values

    def apply(self, rows: Sequence[Row]) -> None:
        """Give each row its scorecard: each stat scaled 0-1 across the class, then weighed
        (a negative weight counts against), as 0-100."""
        raws = [self.raw(r) for r in rows]
        total = sum(abs(w) for w in self.weights.values())
        for row, raw in zip(rows, raws, strict=True):
            points = 0.0
            for name, weight in self.weights.items():
                column = [r[name] for r in raws]
                low, high = min(column), max(column)
                scaled = (raw[name] - low) / (high - low) if high > low else 0.5
                points += weight * scaled if weight > 0 else -weight * (1 - scaled)
            row.rank = round(100 * points / total, 1)

    def describe(self) -> str:
        parts = [f"{w:g} x {n}" for n, w in self.weights.items()]
        return (" + ".join(parts) + f", each averaged over the last {self.last} months and "
                "scaled from the class's lowest (0) to highest (1)")


@dataclass
class ClassReport:
    rows: list[Row]
    skipped: list[Skipped]
    bots: list[dict[str, Any]]
    """How each strategy bot ended on each card world of the class."""
    card: str
    """The class's card: the digest most of its games were played from ("" if none)."""
    card_title: str
    scorecard: Scorecard | None

    @property
    def students(self) -> list[Row]:
        return [r for r in self.rows if not r.bot]

    def endings(self, rows: Iterable[Row]) -> dict[str, int]:
        counts = Counter(r.family for r in rows)
        return {f: counts.get(f, 0) for f in (*FAMILIES, "unfinished")}

    def bot_endings(self) -> dict[str, dict[str, int]]:
        """Ending counts per bot: its saves in the folders plus its games on the card."""
        found: dict[str, Counter[str]] = {}
        for row in self.rows:
            if row.bot:
                found.setdefault(row.bot, Counter())[row.family] += 1
        for game in self.bots:
            found.setdefault(game["policy"], Counter())[game["family"]] += 1
        return {bot: {f: counts.get(f, 0) for f in FAMILIES} for bot, counts in found.items()}

    def recurring(self, least: int = 2) -> list[dict[str, Any]]:
        """Causes that were among the top four of at least ``least`` students' games."""
        games: dict[str, list[int]] = {}
        for row in self.students:
            for cause in row.causes:
                games.setdefault(cause.label, []).append(cause.peak)
        common = [(label, months) for label, months in games.items() if len(months) >= least]
        common.sort(key=lambda item: (-len(item[1]), item[0]))
        return [{"cause": label, "games": len(months),
                 "median_month": statistics.median(months)} for label, months in common]

    def outliers(self) -> list[dict[str, Any]]:
        """Games far from the class on the ranking (scorecard or ending score): beyond 1.5
        times the interquartile range, or the best and worst when the class is small."""
        rows = self.students
        if len(rows) < 2:
            return []

        def value(r: Row) -> float:
            return r.rank if r.rank is not None else r.score

        values = sorted(value(r) for r in rows)
        found = []
        if len(rows) >= 8:
            q1, _, q3 = statistics.quantiles(values, n=4)
            spread = 1.5 * (q3 - q1)
            found = [(r, "high" if value(r) > q3 else "low") for r in rows
                     if value(r) > q3 + spread or value(r) < q1 - spread]
        if not found:
            ranked = sorted(rows, key=value)
            found = [(ranked[-1], "best"), (ranked[0], "worst")]
        return [{"company": r.company, "file": r.path, "which": which, "value": value(r),
                 "ending": r.family, "month": r.month} for r, which in found]

    def ranked(self) -> list[Row]:
        def key(r: Row) -> tuple[float, str]:
            return (-(r.rank if r.rank is not None else r.score), r.company)

        return sorted(self.students, key=key) + sorted((r for r in self.rows if r.bot),
                                                       key=key)

    def as_dict(self) -> dict[str, Any]:
        return {
            "card": self.card, "card_title": self.card_title,
            "games": len(self.students), "bot_games": len(self.rows) - len(self.students),
            "scorecard": self.scorecard.describe() if self.scorecard else None,
            "rows": [r.as_dict() for r in self.ranked()],
            "endings": {"students": self.endings(self.students), "bots": self.bot_endings()},
            "bots_on_card": self.bots,
            "recurring_causes": self.recurring(),
            "outliers": self.outliers(),
            "flagged": [{"file": r.path, "company": r.company, "flags": r.flags}
                        for r in self.rows if r.flags],
            "skipped": [{"file": s.path, "reason": s.reason} for s in self.skipped],
        }


# --- reading saves ----------------------------------------------------------------------------

def save_files(paths: Sequence[Path]) -> tuple[list[Path], list[Skipped]]:
    """The save files named or inside the folders named (``*.json``, not in subfolders)."""
    files: list[Path] = []
    missing = []
    for path in paths:
        if path.is_dir():
            files += sorted(p for p in path.glob("*.json") if p.is_file())
        elif path.is_file():
            files.append(path)
        else:
            missing.append(Skipped(str(path), "no such file or folder"))
    return list(dict.fromkeys(files)), missing


def read_documents(files: Sequence[Path]) -> tuple[list[tuple[Path, dict[str, Any]]],
                                                   list[Skipped]]:
    """Parse each file as a save; damaged, foreign and future files are skipped with why."""
    from game.saves.codec import digest
    from game.saves.format import SaveError, parse

    good, skipped = [], []
    for path in files:
        try:
            document = parse(path.read_bytes(), path)
        except OSError as error:
            skipped.append(Skipped(str(path), f"cannot be read: {error.strerror or error}"))
            continue
        except SaveError as error:
            skipped.append(Skipped(str(path), error.problem))
            continue
        state = document.get("state")
        if not isinstance(state, dict) or not isinstance(document.get("decisions"), list):
            skipped.append(Skipped(str(path), "the save has no game in it"))
            continue
        stored = document.get("state_hash")
        if stored is not None and stored != digest(state):
            skipped.append(Skipped(str(path), "changed since it was written (its checksum "
                                              "does not match), so it cannot be trusted"))
            continue
        good.append((path, document))
    return good, skipped


def _row(path: Path, document: dict[str, Any], content: Content) -> Row:
    """One row from a parsed save; KeyError/TypeError/ValueError when its shape is wrong."""
    state = document["state"]
    stats = state["stats"]
    ending = state.get("ending")
    decisions = [(int(m), r) for m, r in document["decisions"]]
    history = state.get("history") or []
    names = content.domain_names
    opennesses = [str(r.get("openness")) for _, r in decisions if r.get("kind") == "release"]
    labels = {k: v.label for k, v in content.rules.release.items()}
    niche: list[str] = []
    for _, r in decisions:
        if r.get("kind") == "train":
            niche += [names.get(str(d), str(d)) for d in r.get("focus") or []]
    products = [content.products[p].name if p in content.products else p
                for p in (str(r.get("product")) for _, r in decisions
                          if r.get("kind") == "launch")]
    start_cash = history[0]["cash"] if history else stats["cash"]
    journal = [tuple(e) for e in state.get("journal") or []]
    card = document.get("class") if isinstance(document.get("class"), dict) else {}
    assert isinstance(card, dict)
    row = Row(
        path=str(path), company=str(document["company"]), bot=str(document.get("bot") or ""),
        scenario=str(document["scenario"]), seed=int(document["seed"]),
        horizon=int(state["horizon"]), section=str(card.get("section") or ""),
        card=str(card.get("digest") or ""), finished=ending is not None,
        family=str(ending["family"]) if ending else "unfinished",
        title=str(ending["title"]) if ending else "",
        grade=str(ending["grade"]) if ending else "-",
        score=float(ending["score"]) if ending else 0.0,
        month=int(ending["month"]) if ending else int(state["month"]),
        openness=[labels.get(o, o) for o in dict.fromkeys(opennesses)],
        niche=list(dict.fromkeys(niche)),
        data=list(dict.fromkeys(str(r.get("data")) for _, r in decisions
                                if r.get("kind") == "train")),
        rounds=sum(1 for e in journal if e[1] == "raised" and e[2] > 0),
        products=list(dict.fromkeys(products)),
        causes=rank_ledger(journal, float(start_cash), content), history=history)
    if not row.finished:
        row.flags.append(f"unfinished at month {row.month}")
    for difference in card.get("differs") or []:
        row.flags.append(f"not the card's world: {difference}")
    return row


def build_report(paths: Sequence[Path], content: Content, scorecard: Scorecard | None = None,
                 bots: bool = True, card_path: Path | None = None) -> ClassReport:
    """Read every save under ``paths`` into a class report (nothing is written)."""
    files, skipped = save_files(paths)
    documents, bad = read_documents(files)
    skipped += bad
    rows = []
    for path, document in documents:
        if document.get("scenario") not in content.scenarios:
            skipped.append(Skipped(str(path), f"scenario {document.get('scenario')!r} is not "
                                              "in the loaded packs"))
            continue
        try:
            rows.append(_row(path, document, content))
        except (KeyError, TypeError, ValueError, IndexError, AttributeError):
            skipped.append(Skipped(str(path), "the save's records are damaged"))
    card, title = _class_card(rows, documents, card_path)
    _flag_other_worlds(rows, card)
    if scorecard is not None and rows:
        scorecard.apply(rows)
    played = _bots_on_card(rows, documents, card, content) if bots and card else []
    return ClassReport(rows, skipped, played, card, title, scorecard)


def _class_card(rows: Sequence[Row], documents: Sequence[tuple[Path, dict[str, Any]]],
                card_path: Path | None) -> tuple[str, str]:
    """The card the class played: the one given, else the one most students' games name."""
    if card_path is not None:
        from game.classroom.card import read_card

        card = read_card(card_path)
        return card.digest, card.title
    counts = Counter(r.card for r in rows if r.card and not r.bot)
    if not counts:
        return "", ""
    digest = counts.most_common(1)[0][0]
    for _, document in documents:
        record = document.get("class")
        if isinstance(record, dict) and record.get("digest") == digest:
            return digest, str(record.get("title") or "")
    return digest, ""  # pragma: no cover - the digest came from a document


def _flag_other_worlds(rows: Sequence[Row], card: str) -> None:
    for row in rows:
        if not card:
            continue
        if not row.card:
            row.flags.append("played without the class card")
        elif row.card != card:
            row.flags.append(f"played on another card ({row.card})")


def _bots_on_card(rows: Sequence[Row], documents: Sequence[tuple[Path, dict[str, Any]]],
                  card: str, content: Content) -> list[dict[str, Any]]:
    """Each strategy bot played once on each world (seed) of the class card."""
    from game.sim.bots import BOTS
    from game.sim.simulate import make_bot, play_game

    worlds = sorted({(r.scenario, r.seed, r.horizon, r.section) for r in rows
                     if r.card == card and not r.bot})
    saved = {(r.bot, r.scenario, r.seed, r.horizon) for r in rows if r.bot}
    played = []
    for scenario, seed, horizon, section in worlds:
        for name in BOTS:
            if (name, scenario, seed, horizon) in saved:  # its save is in the report already
                continue
            game = play_game(content, scenario, seed, make_bot(name), record=False,
                             horizon=horizon)
            ending = game.state.ending
            assert ending is not None
            played.append({"policy": name, "seed": seed, "section": section,
                           "family": ending.family, "title": ending.title,
                           "grade": ending.grade, "month": ending.month})
    return played


def content_for(paths: Sequence[Path], extra: Sequence[Path] = ()) -> Content:
    """The base pack, the shipped packs the saves' locks name, and ``extra`` packs."""
    from game.content.packs import load, shipped_packs

    files, _ = save_files(paths)
    wanted: set[str] = set()
    for path in files[:50]:  # a class plays one set of packs; a sample finds them
        try:
            head = path.read_bytes()[:4096]
        except OSError:
            continue
        wanted |= {p.name for p in shipped_packs() if f'"id":"{p.name}"'.encode() in head}
    return load([*(p for p in shipped_packs() if p.name in wanted), *extra])
