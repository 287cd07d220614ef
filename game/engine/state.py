"""The game state: plain values the engine advances month by month."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import NamedTuple

from game.engine.stats import STAT_LIST

_STAT_ORDER = tuple(stat.name for stat in STAT_LIST)


@dataclass(slots=True)
class RivalState:
    """A rival company as the world sees it this month."""

    id: str
    kind: str
    status: str = "active"
    """``active``, ``acquired`` or ``bust``."""
    cash: float = 0.0
    strength: float = 0.0
    hype: float = 30.0
    sharing: float = 0.0
    next_release: int = 1
    """The month of its next release."""
    caps: dict[str, float] | None = None
    """Capability of its latest model per domain (None before its first release)."""


@dataclass(slots=True)
class TrainingRun:
    """A model being trained."""

    size: str
    focus: tuple[str, ...]
    data: str
    tuning: bool
    started: int
    months_left: int


@dataclass(slots=True)
class Model:
    """A trained model, released or waiting for a release decision."""

    name: str
    month: int
    caps: dict[str, float]
    focus: tuple[str, ...]
    data: str
    openness: str = ""
    """Empty until released; then a key of the rules' ``release`` table."""
    channel: str = ""
    pool: float = 0.0
    """Capability points the open ecosystem pool added to every domain when it was trained."""
    released: int = 0
    """The month it was released (0 until then)."""


@dataclass(slots=True)
class FundingRound:
    """A round the company is raising."""

    size: str
    amount: int
    pre_money: int
    odds: float
    months_left: int
    started: int


@dataclass(slots=True)
class ProductState:
    launched: int
    adoption: float = 0.0
    revenue: int = 0
    leading: bool = False


class Entry(NamedTuple):
    """One line of the causal ledger: a stat changed, and why."""

    month: int
    stat: str
    delta: float
    kind: str
    """``rule``, ``event`` or ``decision``."""
    source: str
    """Which rule, ``event_id:choice_id``, or which decision."""


@dataclass(frozen=True)
class News:
    month: int
    text: str
    kind: str = "world"
    """``world`` (rivals and markets) or ``company`` (what happened to you)."""


@dataclass(frozen=True)
class EndingResult:
    """How the game ended."""

    id: str
    family: str
    title: str
    text: str
    month: int
    score: float
    grade: str
    causes: tuple[str, ...]


@dataclass(slots=True)
class GameState:
    """Everything that changes during a game. The content it plays is held beside it."""

    scenario: str
    seed: int
    company: str
    start: str
    horizon: int
    game_id: str = ""
    """Names this game's saves; chosen when the game starts."""
    month: int = 1
    phase: str = "world"
    """``world`` (month not begun), ``events`` (choices pending), ``plan``, or ``over``."""
    stats: dict[str, float] = field(default_factory=lambda: dict.fromkeys(_STAT_ORDER, 0.0))
    cap: dict[str, float] = field(default_factory=dict)
    frontier: dict[str, float] = field(default_factory=dict)
    open_best: dict[str, float] = field(default_factory=dict)
    flags: set[str] = field(default_factory=set)
    rivals: dict[str, RivalState] = field(default_factory=dict)
    products: dict[str, ProductState] = field(default_factory=dict)
    run: TrainingRun | None = None
    models: list[Model] = field(default_factory=list)
    funding: FundingRound | None = None
    closed_caps: dict[str, float] | None = None
    """Capability of the closed model you sell by API, if any."""
    tuning_months: int = 0
    last_share: int = -99
    follow_ups: list[tuple[int, str]] = field(default_factory=list)
    fired: dict[str, int] = field(default_factory=dict)
    """Event id to the last month it fired."""
    fire_counts: dict[str, int] = field(default_factory=dict)
    pending: list[str] = field(default_factory=list)
    """Events drawn this month still waiting for the player's choice."""
    chosen: list[tuple[str, str]] = field(default_factory=list)
    """Event choices made this month."""
    decisions: list[tuple[int, dict[str, object]]] = field(default_factory=list)
    """Everything the player did, month by month, as plain records."""
    journal: list[Entry] = field(default_factory=list)
    news: list[News] = field(default_factory=list)
    history: list[dict[str, float]] = field(default_factory=list)
    """The numbers at the end of each month (see ``Game.month_row``), oldest first."""
    opening: dict[str, float] = field(default_factory=dict)
    """The same numbers when the game started (empty in saves made before they were kept)."""
    ending: EndingResult | None = None
    accepted: str | None = None
    """The ending family an event choice has committed to."""

    @property
    def pending_model(self) -> Model | None:
        """The newest model if it has not been released yet."""
        if self.models and not self.models[-1].openness:
            return self.models[-1]
        return None

    def rival_active(self, rival_id: str) -> bool:
        rival = self.rivals.get(rival_id)
        return rival is not None and rival.status == "active"

    @property
    def over(self) -> bool:
        return self.ending is not None
