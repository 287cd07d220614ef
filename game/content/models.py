"""The pack format: one pydantic model per TOML table, unknown keys rejected.

Expressions are kept as text here; :mod:`game.content.loader` compiles them once the whole
pack is known (a condition may name a product or rival defined in another file).
"""

from __future__ import annotations

import re
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, field_validator, model_validator

from game.terminal import clean_line, has_control

Id = Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]{0,47}$")]
"""A content id: lower_snake_case, up to 48 characters."""
Expression = Annotated[str, Field(min_length=1, max_length=400)]
"""An expression in the pack language (compiled by the loader)."""
def _shown_as_is(text: str) -> str:
    if has_control(text.replace("\n", "").replace("\t", "")):
        raise ValueError("holds a control character (such as an escape sequence), which "
                         f"cannot be shown: {clean_line(text)[:60]}")
    return text


Text = Annotated[str, Field(min_length=1, max_length=4000), AfterValidator(_shown_as_is)]
Month = Annotated[str, Field(pattern=r"^\d{4}-(0[1-9]|1[0-2])$")]
"""A calendar month, ``YYYY-MM``."""


class Strict(BaseModel):
    """Base for pack tables: unknown keys are an error, values are not coerced.

    The tables hold values only: the engine plays the rules from a plain copy of their
    fields (``game.engine.content.Record``), so a property or method here would not reach it.
    """

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True,
                              use_attribute_docstrings=True, defer_build=True)


# --- pack.toml ----------------------------------------------------------------------------


class Manifest(Strict):
    """``pack.toml``: who the pack is and what it needs."""

    id: Id
    """The pack's id: its events are known to other packs as ``id:event``."""
    name: Text
    """Its name for players."""
    version: Annotated[str, Field(pattern=r"^\d+\.\d+(\.\d+)?$")]
    """``major.minor`` or ``major.minor.patch``; saves record it in their pack lock."""
    description: Text = "—"
    """A sentence or two for players choosing packs."""
    authors: list[str] = []
    """Who wrote it."""
    requires: dict[str, str] = {}
    """Other packs this one needs, by id, with a version range such as ``">=1.0,<2"``."""
    disable: list[str] = []
    """Events of other packs to switch off, by qualified id (``"base:pc_podcast_gaffe"``)."""


# --- rules.toml ---------------------------------------------------------------------------


class RunSize(Strict):
    """One size of training run."""

    units: Annotated[int, Field(ge=1, le=1000)]
    """Compute units the run occupies while it trains."""
    months: Annotated[int, Field(ge=1, le=24)]
    """How long it trains."""
    gap: Annotated[float, Field(ge=-50, le=100)]
    """How far below the frontier a general run of this size lands (capability points)."""


class Release(Strict):
    """What one way of releasing a model does to the company."""

    label: Text
    """The option as the release decision names it."""
    reputation: float = 0
    """Reputation change when a model is released this way (a gain times the release's
    attention, see ``[attention]``)."""
    community: float = 0
    """Community change when a model is released this way (a gain times the attention)."""
    hype: float = 0
    """Hype change when a model is released this way (a gain times the attention)."""
    transparency: float = 0
    """Transparency change when a model is released this way."""
    legal_risk: float = 0
    """Extra legal exposure for each grey-data model released this way."""
    open: bool = True
    """The weights are published (anyone can download the model)."""
    code: bool = False
    """The training code is published with the weights."""
    data: bool = False
    """The training data (or its full list) is published too."""


class Costs(Strict):
    researcher: Annotated[int, Field(ge=0)]
    """Loaded monthly cost of a researcher, $k."""
    engineer: Annotated[int, Field(ge=0)]
    """Loaded monthly cost of an engineer, $k."""
    gtm: Annotated[int, Field(ge=0)]
    """Loaded monthly cost of a go-to-market person (sales, support, partnerships), $k."""
    overhead_base: Annotated[int, Field(ge=0)]
    """Fixed monthly overhead (office, legal, tools), $k."""
    overhead_per_head: Annotated[int, Field(ge=0)]
    """Monthly overhead added for every person on the team, $k."""
    hire_fee: Annotated[int, Field(ge=0)]
    """One-off recruiting cost per hire, $k."""
    severance_months: Annotated[float, Field(ge=0)]
    """Months of salary paid to each person let go."""
    compute_unit: Annotated[int, Field(ge=1)]
    """Monthly price of one compute unit at cost index 1.0, $k."""
    cost_growth_per_year: Annotated[float, Field(gt=0, le=100)]
    """How much the cost index multiplies each year (the essay's ~5x)."""
    licensed_data: Annotated[int, Field(ge=0)]
    """Licensing a clean dataset for one run, $k at cost index 1.0."""
    tuning_monthly: Annotated[int, Field(ge=0)]
    """A preference-tuning contract's monthly fee, $k."""
    serving_share: Annotated[float, Field(ge=0, le=1)]
    """Share of product and API revenue spent on serving it."""
    legal_per_point: Annotated[float, Field(ge=0)]
    """Monthly legal spend per point of legal risk, $k."""
    share_cost: Annotated[int, Field(ge=0)]
    """Cleaning and publishing a data recipe, $k."""
    ecosystem_discount: Annotated[float, Field(ge=0, le=0.01)]
    """Training cost saved per ecosystem point when you build in the open (0.005 = 0.5%)."""
    ecosystem_discount_cap: Annotated[float, Field(ge=0, le=1)]
    """The most of the compute bill the ecosystem discount can save (0.6 = 60%)."""


class Training(Strict):
    sizes: dict[str, RunSize]
    """The sizes of training run, by name (each a ``[training.sizes.NAME]`` table)."""
    focus_bonus: Annotated[list[float], Field(min_length=3, max_length=3)]
    """Capability gained in the focus domains with 1, 2 or 3 of them."""
    off_focus: float
    """Capability change in the other domains of a focused run (negative)."""
    research_scale: float
    """Capability from the team: research_scale * log2(1 + researchers / research_team)."""
    research_team: Annotated[float, Field(gt=0)]
    """Researchers whose work adds one doubling's worth of capability (people)."""
    ecosystem_scale: float
    """Capability per ecosystem point for a company that builds in the open."""
    data_bonus: dict[str, float]
    """Capability change by data mix: licensed, permissive, grey."""
    grey_legal_risk: float
    """Legal risk added when a grey-data run finishes."""
    tuning_bonus: float
    """Capability a preference-tuning contract adds to the tuning domains when its ratings
    land (see tuning_min_months)."""
    tuning_domains: list[str]
    """The domains a preference-tuning contract improves (ids of the scorecard)."""
    tuning_min_months: Annotated[int, Field(ge=0, le=24)]
    """Months a tuning contract must be paid (the month its run starts included) before it
    improves a model; a run that finishes sooner ships without it, and the contract runs on
    until the gain lands on your models."""
    noise: Annotated[float, Field(ge=0, le=20)]
    """Each domain's result varies by up to this many points."""
    max_capability: float = 100
    """The most capability a finished run reaches in any domain (points)."""


class Market(Strict):
    frontier_growth: float
    """Capability points the closed frontier gains per month in every domain."""
    competitive_margin: float
    """A product stays competitive while within this many points of the best open model."""
    adoption_growth: float
    """Monthly adoption gained by a competitive product (0-1 scale)."""
    adoption_decay: float
    """Monthly adoption lost by a product that is no longer competitive."""
    lead_premium: float
    """Revenue multiplier while a product leads the frontier in its domains."""
    gtm_scale: float
    """Revenue multiplier per go-to-market person."""
    community_scale: float
    """Adoption growth multiplier per community point / 100."""
    api_rate: float
    """Monthly API revenue per capability point of your closed model's average above
    (best open average - api_margin), $k, times the go-to-market multiplier."""
    api_margin: float
    """Points below the best open model's average at which a closed model still sells."""
    leading_adoption: Annotated[float, Field(ge=0)]
    """Adoption grows this many times faster while a product leads in all its domains."""
    hosting_loss: Annotated[float, Field(ge=0, le=1)]
    """Share of hosting-deal revenue lost each month while your models lead the best open
    model in no domain (0-1)."""


class Mood(Strict):
    hype_decay: Annotated[float, Field(ge=0, le=1)]
    """Share of hype that fades each month."""
    reputation_drift: float
    """Monthly pull of reputation towards reputation_rest (share of the gap)."""
    reputation_rest: float
    """The reputation it is pulled towards each month, by ``reputation_drift`` (0-100)."""
    community_decay: Annotated[float, Field(ge=0, le=1)]
    """Share of the community that drifts away each month, to whichever open model is newest."""
    community_from_lead: float
    """Community gained each month while you have an open model and your models' average
    capability is at least the best open model's average."""
    legal_per_grey_model: float
    """Legal risk accrued monthly per grey-data model released."""
    legal_decay: Annotated[float, Field(ge=0, le=1)]
    """Share of legal risk that fades each month."""
    climate_drift: float
    """Monthly change of the funding climate (negative: the froth fades)."""
    climate_floor: float
    """The funding climate's monthly movement (drift and noise) never takes it below this;
    events still can (0-100)."""
    climate_news_line: float
    """The news says money is warming when the climate rises through this, cooling when it
    falls through it (0-100)."""
    climate_noise: float
    """The funding climate also moves by a random amount up to this much each way, each month."""
    ecosystem_decay: Annotated[float, Field(ge=0, le=1)]
    """Share of the open ecosystem that fades each month."""
    ecosystem_per_share: float
    """Ecosystem points one act of sharing adds, times (1 + reciprocity)."""
    rival_share_rate: float
    """Ecosystem points a rival with sharing 1.0 adds per month."""


class Funding(Strict):
    round_months: Annotated[int, Field(ge=1, le=12)]
    """Months a round takes to close (or fail)."""
    sizes: dict[str, float]
    """Round sizes as a share of the current valuation."""
    size_odds: dict[str, Annotated[float, Field(ge=-1, le=1)]]
    """Odds added to a round of each size (0-1; negative for a bigger, harder round); one
    for every size of ``sizes``."""
    base_odds: float
    """A round's odds with climate, hype and reputation at 50, no traction and no community."""
    climate_weight: float
    """Odds added at funding climate 100, subtracted at 0 (none at 50)."""
    hype_weight: float
    """Odds added at hype 100, subtracted at 0 (none at 50)."""
    reputation_weight: float
    """Odds added at reputation 100, subtracted at 0 (none at 50)."""
    traction_weight: float
    """Odds added at revenue equal to burn."""
    community_weight: float
    """Odds added at community 100 (in proportion below it)."""
    min_odds: float
    """A round's odds are never below this."""
    max_odds: float
    """A round's odds are never above this."""
    revenue_multiple: float
    """Valuation per $ of annual revenue."""
    attention_value: float
    """Valuation per point of hype + reputation + community, $k."""
    capability_value: float
    """Valuation per point of your models' average capability above the best open model's
    less capability_margin, $k."""
    capability_margin: float
    """Points below the best open model from which capability starts to count in the
    valuation."""
    climate_base: float
    """The valuation's fundamentals are multiplied by climate_base + climate / 100."""
    traction_cap: Annotated[float, Field(ge=0)]
    """Revenue over burn counts towards a round's odds up to this ratio."""
    valuation_pull: Annotated[float, Field(ge=0, le=1)]
    """Monthly share of the gap between valuation and its fundamentals that closes."""
    failed_round_hype: float
    """Hype lost when a round fails."""
    horizon_sale_share: float
    """At the horizon, a solvent company is sold for this share of its valuation."""

    @model_validator(mode="after")
    def _odds_for_every_size(self) -> Funding:
        if set(self.size_odds) != set(self.sizes):
            missing = sorted(set(self.sizes) - set(self.size_odds))
            extra = sorted(set(self.size_odds) - set(self.sizes))
            raise ValueError("size_odds needs one value for each round size of sizes"
                             + (f"; missing {', '.join(missing)}" if missing else "")
                             + (f"; not a size: {', '.join(extra)}" if extra else ""))
        return self


class Rivals(Strict):
    platform_every: Annotated[list[int], Field(min_length=2, max_length=2)]
    """Months between the platform's general open releases (min, max)."""
    platform_gap: float
    """How far below the frontier the platform's open model lands."""
    lab_every: Annotated[list[int], Field(min_length=2, max_length=2)]
    """Months between a closed lab's releases (min, max)."""
    lab_jump: float
    """Frontier gain in a lab's strong domains when it releases."""
    startup_every: Annotated[list[int], Field(min_length=2, max_length=2)]
    """Months between an open startup's releases (min, max)."""
    startup_gap: float
    """Below-frontier gap of an open startup's model in its focus domains."""
    startup_off_gap: float
    """Below-frontier gap of an open startup's model outside its focus domains."""
    startup_burn: float
    """An open startup's monthly burn, $k, times the cost index square root."""
    startup_raise_odds: float
    """Odds a startup low on cash raises (times climate / 100)."""
    startup_raise: float
    """What an open startup raises when it finds money, $k, times the cost index square root."""
    acquired_share: Annotated[float, Field(ge=0, le=1)]
    """Share of failed startups that are acquired rather than going bust."""
    reciprocity_bonus: float
    """Extra sharing of rivals when the scenario makes open labs reciprocate."""
    startup_low_cash: float
    """An open startup seeks money when its cash is below this many months of burn."""
    startup_hype_odds: float
    """Extra odds of a startup's raise per point of its hype."""
    least_sharing_boost: float
    """The least share of the ecosystem's boost a rival's models get, however secretive."""
    reciprocity_months: Annotated[int, Field(ge=0)]
    """Open labs reciprocate a share for this many months after it."""


class Sharing(Strict):
    """Publishing data recipes, scrapers and code (the Share decision)."""

    reputation: float
    """Reputation change each time the company shares."""
    transparency: float
    """Transparency change each time the company shares."""
    grey_legal_risk: float
    """Legal risk added when the company has trained on grey sources."""
    every: Annotated[int, Field(ge=0)]
    """Months before there is something new to publish."""


class Attention(Strict):
    """How much attention a release gets, by its lead over the best open model."""

    per_point: float
    """Attention multiplier gained per point of lead (lost per point behind)."""
    least: float
    """The multiplier is never below this (a model that trails everywhere is ignored)."""
    most: float
    """The multiplier is never above this."""


class Standing(Strict):
    """Small knocks to reputation from the plan."""

    layoffs: float
    """Reputation change when letting people go."""
    shut_product: float
    """Reputation change when shutting a product."""
    fair_use_legal: float
    """Multiplier on legal exposure from grey data once a court finds training fair use."""
    piracy_legal: float
    """Multiplier once a court finds pirated copies unlawful."""
    fair_use_flag: Id
    """The flag an event sets when a court finds training fair use."""
    piracy_flag: Id
    """The flag an event sets when a court finds pirated copies unlawful."""


class Stunt(Strict):
    """A stunt release (a bare torrent link) on top of the release option chosen."""

    hype: float
    """Hype added on top of the release option's, times the release's attention."""
    reputation: float
    """Reputation added on top of the release option's (negative: it looks careless)."""


class Events(Strict):
    max_per_month: Annotated[int, Field(ge=0, le=10)]
    """At most this many events a month, follow-ups first."""
    pace: Annotated[list[Annotated[float, Field(ge=0)]], Field(max_length=11)] = []
    """Weights of a month bringing 0, 1, 2 … events drawn by chance (follow-ups come first
    and count towards ``max_per_month``); drawn from the seed each month, so games differ in
    when their events arrive. Empty: every month may bring ``max_per_month``."""
    default_chance: Annotated[float, Field(ge=0, le=1)]
    """An event's monthly chance when its file gives none."""
    default_cooldown: Annotated[int, Field(ge=0)]
    """Months before an event can happen again, when its file gives no cooldown."""


class Rules(Strict):
    """``rules.toml``: every constant of the economy."""

    costs: Costs
    training: Training
    release: dict[str, Release]
    stunt: Stunt
    attention: Attention
    sharing: Sharing
    standing: Standing
    market: Market
    mood: Mood
    funding: Funding
    rivals: Rivals
    events: Events


# --- scorecard, rivals, products ----------------------------------------------------------


class Domain(Strict):
    id: Id
    name: Text
    description: Text
    frontier: Annotated[float, Field(ge=0, le=100)]
    """The closed frontier in this domain at 2023-01."""


class Scorecard(Strict):
    domain: Annotated[list[Domain], Field(min_length=1, max_length=40)]


class Rival(Strict):
    id: Id
    """Unique across all packs; ``rival("id")`` tests it is still in the market."""
    name: Text
    """Its name in the news."""
    kind: Literal["closed_lab", "platform", "open_startup"]
    """Closed labs move the frontier; the platform gives away the best general open model;
    open startups train, raise, and get bought or go bust."""
    description: Text
    """Who it is, for players."""
    background: str = ""
    """Real-world fact behind the archetype, for the debrief."""
    cash: Annotated[int, Field(ge=0)] = 0
    """Starting cash of an open startup, $k (labs and the platform never run out)."""
    strength: float = 0
    """Capability points added to its models."""
    sharing: Annotated[float, Field(ge=0, le=1)] = 0
    """Disposition to publish data and recipes (0-1)."""
    hype: Annotated[float, Field(ge=0, le=100)] = 30
    researchers: Annotated[int, Field(ge=0)] = 0
    """Its research staff (people), shown against yours on the rivals tab (0: not told)."""
    focus: list[str] = []
    """Domains its models are strong in."""
    model: Text = "model"
    """What its models are called in the news."""


class RivalList(Strict):
    rival: list[Rival]


class Product(Strict):
    id: Id
    """Unique across all packs."""
    name: Text
    """The product's name, as players see it."""
    description: Text
    """What it is and who pays for it; the first sentence shows in the plan."""
    domains: Annotated[list[str], Field(min_length=1, max_length=4)]
    """Scorecard domains it needs capability in; it leads when you lead in all of them."""
    min_capability: Annotated[float, Field(ge=0, le=100)]
    """Capability needed in every domain to launch."""
    gtm: Annotated[int, Field(ge=0)]
    """Go-to-market staff needed to launch and run it."""
    launch_cost: Annotated[int, Field(ge=0)]
    """Paid once at launch, $k."""
    revenue: Annotated[float, Field(ge=0)]
    """Monthly revenue at full adoption, before go-to-market and lead multipliers, $k."""
    needs_open: bool = False
    """Only possible with open weights (customers run the model themselves)."""


class ProductList(Strict):
    product: list[Product]


# --- scenarios ----------------------------------------------------------------------------


class Scenario(Strict):
    id: Id
    """Unique across all packs; ``moat play --scenario id``."""
    title: Text
    """Its name on the new-game screen."""
    summary: Text
    """A few lines on what makes this start different."""
    start: Month
    """The first month, ``YYYY-MM``."""
    horizon: Annotated[int, Field(ge=6, le=120)] = 36
    """Months until the board's verdict."""
    default: bool = False
    """The scenario the simulator and quick starts use (one only)."""
    cash: Annotated[int, Field(ge=0)]
    """Starting cash, $k."""
    researchers: Annotated[int, Field(ge=0, le=500)]
    engineers: Annotated[int, Field(ge=0, le=500)]
    gtm: Annotated[int, Field(ge=0, le=500)]
    compute: Annotated[int, Field(ge=0, le=1000)] = 0
    """Compute units rented at the start."""
    owned_compute: Annotated[int, Field(ge=0, le=1000)] = 0
    """Compute units owned outright at the start, besides those rented: no monthly rent, so
    they train whatever compute costs later."""
    capability: float
    """Your first model's average distance from the frontier (negative: behind)."""
    capability_focus: dict[str, float] = {}
    """Extra capability in named domains for your first model."""
    first_model_open: bool = True
    reputation: Annotated[float, Field(ge=0, le=100)]
    community: Annotated[float, Field(ge=0, le=100)]
    hype: Annotated[float, Field(ge=0, le=100)]
    legal_risk: Annotated[float, Field(ge=0, le=100)] = 0
    transparency: Annotated[float, Field(ge=0, le=100)] = 20
    climate: Annotated[float, Field(ge=0, le=100)]
    ecosystem: Annotated[float, Field(ge=0, le=100)] = 10
    valuation: Annotated[int, Field(ge=0)]
    ownership: Annotated[float, Field(ge=0, le=100)] = 60
    raised: Annotated[int, Field(ge=0)] = 0
    reciprocity: Annotated[float, Field(ge=0, le=1)] = 0
    """How much open rivals match your sharing (the sharing counterfactual sets 1)."""
    flags: list[str] = []
    absent_rivals: list[str] = []
    """Rivals not yet (or no longer) in the market."""
    background: str = ""


class ScenarioList(Strict):
    scenario: list[Scenario]


# --- endings ------------------------------------------------------------------------------


class Ending(Strict):
    id: Id
    """Unique across all packs."""
    family: Literal["bust", "acquisition", "niche_win"]
    """Which of the three kinds of ending this is a version of."""
    title: Text
    """Shown big on the ending screen."""
    when: Expression = "true"
    """For niche wins and busts: when the ending happens. For acquisitions: which variant."""
    text: Text
    """What happened, for the player; ``{company}`` becomes their company's name."""
    score: Expression
    """0-100; the grade comes from the bands in ``[grades]``."""
    priority: Annotated[int, Field(ge=-100, le=100)] = 0
    """Endings of a family are tried from the highest priority down, and at equal priority
    in load order (the base pack's first); the first whose ``when`` holds is used."""


class Grades(Strict):
    """The lowest score of each grade; below D is F. The base pack's apply to every game."""

    A: Annotated[float, Field(ge=0, le=100)]
    B: Annotated[float, Field(ge=0, le=100)]
    C: Annotated[float, Field(ge=0, le=100)]
    D: Annotated[float, Field(ge=0, le=100)]
    overrides: bool = False
    """A pack other than the base pack must set this to replace the base pack's grades."""

    @model_validator(mode="after")
    def _ordered(self) -> Grades:
        if not self.A > self.B > self.C > self.D:
            raise ValueError("grade bands must fall from A to D")
        return self


class EndingList(Strict):
    ending: list[Ending] = []
    grades: Grades | None = None
    """Only the base pack needs ``[grades]``; another pack's replace them with
    ``overrides = true``."""


# --- events -------------------------------------------------------------------------------


class FollowUp(Strict):
    event: Annotated[str, Field(pattern=r"^([a-z][a-z0-9_]*:)?[a-z][a-z0-9_]*$")]
    """The event to schedule: its id in this pack, or ``pack:id`` for another pack's."""
    months: Annotated[int, Field(ge=1, le=60)]
    """How many months later it happens."""


class RivalEffect(Strict):
    id: Id
    """The rival's id (see rivals.toml)."""
    cash: float = 0
    """Change to its cash, $k."""
    strength: float = 0
    """Capability points added to its next models."""
    hype: float = 0
    """Change to its hype (0-100)."""
    sharing: float = 0
    """Change to its disposition to share data (0-1)."""
    status: Literal["acquired", "bust"] | None = None
    """Take it out of the market."""


AUTO_CHANCE = re.compile(r"^auto\(\s*(\d{1,2}(?:\.\d+)?)\s*%\s*\)$")
"""A calibration target for an event's chance: ``auto(30%)``, a share of games above 0."""


def auto_target(text: str) -> float | None:
    """The share of games (0-1) an ``auto(N%)`` chance aims at, or None if it is not one."""
    match = AUTO_CHANCE.match(text.strip())
    if match is None or not 0 < float(match[1]) < 100:
        return None
    return float(match[1]) / 100


EFFECT_KEY = re.compile(r"^([a-z_]+)(\.[a-z][a-z0-9_]*)?$")


class Choice(Strict):
    id: Id
    """Unique within its event."""
    text: Text
    """What the player reads on the button: an action, ideally showing its trade-off."""
    result: Text
    """One or two sentences shown after the choice: what happened."""
    requires: Expression | None = None
    """A condition; while false the choice is shown locked, with the reason."""
    effects: dict[str, float | int | Expression] = {}
    """Stat changes: ``stat = number`` or ``stat = "expression"`` (deltas, added)."""
    flags: list[Id] = []
    """Flags to set (world state other events can test with ``flag("name")``)."""
    unflag: list[Id] = []
    """Flags to clear."""
    end_tuning: bool = False
    """End the running preference-tuning contract: its monthly fee stops and its ratings never
    land (a run in progress ships untuned). Does nothing without a contract."""
    follow_ups: list[FollowUp] = []
    """Events to schedule some months later."""
    rivals: list[RivalEffect] = []
    """Changes to rivals."""
    ending: Literal["acquisition", "bust"] | None = None
    """End the game: ``acquisition`` (pair it with an ``exit_price`` effect) or ``bust``."""

    @field_validator("effects")
    @classmethod
    def _effect_keys(cls, value: dict[str, object]) -> dict[str, object]:
        for key in value:
            if not EFFECT_KEY.match(key):
                raise ValueError(f"{key!r} is not a stat name")
        return value


class Event(Strict):
    id: Id
    """Unique within the pack; other packs refer to it as ``pack:id``."""
    title: Text
    """The dialog's title."""
    theme: Id
    """What it is about (``lawsuit``, ``talent``, …); the tester groups events by theme."""
    story: Text
    """40-150 words, second person; ``{company}`` becomes the player's company name."""
    when: Expression | None = None
    """A condition: the event can only happen while it holds."""
    chance: float | str | None = None
    """Probability (0 to 1) it happens in a month while eligible (default: rules.toml), or a
    target such as ``"auto(30%)"`` (happens in about 30% of games) that
    ``moat pack calibrate`` turns into a chance."""
    once: bool = False
    """Happens at most once a game."""
    cooldown: Annotated[int, Field(ge=0, le=120)] | None = None
    """Months before it can happen again (default from rules.toml)."""
    follow_up_only: bool = False
    """Only happens when another event's choice schedules it."""
    background: str = ""
    """One or two sentences of real-world fact, for the debrief (not shown in play)."""
    overrides: str | None = None
    """The qualified id of another pack's event that this one replaces (``"base:x"``)."""
    choice: Annotated[list[Choice], Field(min_length=1, max_length=6)]
    """Its choices, as ``[[event.choice]]`` tables."""

    @field_validator("chance")
    @classmethod
    def _auto_chance(cls, value: float | str | None) -> float | str | None:
        if isinstance(value, str) and auto_target(value) is None:
            raise ValueError(f"should be a number from 0 to 1, or a target such as "
                             f"\"auto(30%)\", not {value!r}")
        if isinstance(value, int | float) and not 0 <= value <= 1:
            raise ValueError(f"should be a number from 0 to 1, not {value:g}")
        return value


class EventFile(Strict):
    event: list[Event] = []


# --- prompts.toml -------------------------------------------------------------------------


class Prompt(Strict):
    """A reflection question for the debrief of a game (not shown in play)."""

    id: Id
    """Unique within the pack."""
    text: Text
    """The question, for a student writing a reflection: ask about what they did and why."""
    events: list[Annotated[str, Field(pattern=r"^([a-z][a-z0-9_]*:)?[a-z][a-z0-9_]*$")]] = []
    """Show it when the player met any of these events: an id of this pack, or
    ``pack:id`` (``base:`` ids are written plain)."""
    endings: list[Id] = []
    """Show it when the game ended in any of these: an ending id, or a family (``bust``,
    ``acquisition``, ``niche_win``). With neither events nor endings, every debrief shows it."""


class PromptList(Strict):
    prompt: list[Prompt]


# --- news.toml ----------------------------------------------------------------------------

NewsLines = Annotated[list[Text], Field(min_length=1)]


class NewsTemplates(Strict):
    """``news.toml``: how the month's news reports what rivals did.

    Each line may use ``{rival}``, ``{model}``, ``{domains}`` and ``{amount}``.
    """

    lab_release: NewsLines
    platform_release: NewsLines
    startup_release: NewsLines
    startup_raise: NewsLines
    startup_acquired: NewsLines
    startup_bust: NewsLines
    climate_cold: NewsLines
    climate_warm: NewsLines
