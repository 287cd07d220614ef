"""The ``moat`` command.

Heavy imports (the engine, pydantic, textual) happen inside each command so that
``moat simulate`` and ``moat pack validate`` never load the terminal UI.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

import click

from game.terminal import clean, clean_line, has_control

if TYPE_CHECKING:
    from concurrent.futures import Executor

    from game.content.loader import Problem
    from game.sim.parallel import Outcome, Run
    from game.ui.app import MoatApp

MAX_GAMES = 1_000_000
"""The most games ``--games`` asks for (a million take hours; Ctrl-C stops any run)."""
SEEDS = click.IntRange(-(2**63), 2**63 - 1)
"""Seeds the game accepts: what a save can hold."""


def games_count(ctx: click.Context, param: click.Parameter, value: int) -> int:
    """``--games``: at least 1 and at most :data:`MAX_GAMES`."""
    if value < 1:
        raise click.BadParameter(f"must be at least 1, not {value}", param_hint="--games")
    if value > MAX_GAMES:
        raise click.BadParameter(f"must be at most {MAX_GAMES:,}, not {value:,} (a million "
                                 "games already take hours)", param_hint="--games")
    return value

DEBUG_ENV = "MOAT_DEBUG"
"""Set to show the traceback of an unexpected error instead of a one-line message."""


class MoatGroup(click.Group):
    """Runs every ``moat`` command so that a player never sees a traceback.

    Ctrl-C stops a command (exit code 130); an error of the operating system (a file that
    cannot be read or written, a full disk) is one line naming the file and the problem
    (exit code 1); anything unexpected is one line too (exit code 2), with the traceback
    only when ``MOAT_DEBUG`` is set. Usage errors stay click's (exit code 2).
    """

    def invoke(self, ctx: click.Context) -> object:
        try:
            return super().invoke(ctx)
        except (click.ClickException, click.exceptions.Exit, click.Abort):
            raise
        except KeyboardInterrupt:
            click.echo("\nStopped.", err=True)
            sys.exit(130)
        except BrokenPipeError:  # moat simulate | head
            sys.stderr.close()
            sys.exit(1)
        except OSError as error:
            where = f"{clean_line(error.filename)}: " if error.filename else ""
            click.echo(f"Error: {where}{clean_line(error.strerror or error)}", err=True)
            sys.exit(1)
        except Exception as error:
            if os.environ.get(DEBUG_ENV):
                raise
            click.echo(f"Error: something went wrong inside Moat: {type(error).__name__}: "
                       f"{clean_line(error)}. Set {DEBUG_ENV}=1 to see where.", err=True)
            sys.exit(2)


def read_file_argument(path: Path, what: str = "file") -> bytes:
    """The bytes of a regular file named on the command line, or exit 1 saying why not
    (a missing file, a folder, a pipe or a device never blocks or fills memory)."""
    from game.files import problem_text, read_regular

    try:
        raw, _ = read_regular(path)
    except OSError as error:
        click.echo(f"Error: {clean_line(path)}: cannot read this {what}: "
                   f"{clean_line(problem_text(error))}", err=True)
        sys.exit(1)
    return raw


def new_file_argument(path: Path, option: str) -> None:
    """Refuse (exit 1) an output file that exists or whose folder does not."""
    if path.exists() or path.is_symlink():
        click.echo(f"Error: {option}: {clean_line(path)} already exists; choose a new name "
                   "(nothing was written)", err=True)
        sys.exit(1)
    if not path.parent.is_dir():
        click.echo(f"Error: {option}: the folder {clean_line(path.parent)} does not exist",
                   err=True)
        sys.exit(1)


def company_name(value: str | None) -> str | None:
    """A company name from ``--name``: one to 40 characters, not only spaces, no controls."""
    from game.saves.check import MAX_NAME

    if value is None:
        return None
    name = value.strip()
    if not name:
        raise click.BadParameter("a company name needs at least one letter", param_hint="--name")
    if len(name) > MAX_NAME:
        raise click.BadParameter(f"a company name has at most {MAX_NAME} characters, not "
                                 f"{len(name)}", param_hint="--name")
    if has_control(name):
        raise click.BadParameter("a company name cannot hold control characters "
                                 f"({clean_line(name)})", param_hint="--name")
    return name


def _load_content(packs: tuple[Path, ...]) -> object:
    """Load the base pack plus extras, or print every problem and exit with code 1."""
    from game.content.loader import PackError
    from game.content.packs import load

    try:
        return load(packs)
    except PackError as error:
        _refuse_packs(error.problems)


def _locked_packs(lock: object, given: tuple[Path, ...]) -> tuple[Path, ...]:
    """The shipped packs a save's pack lock names that ``--pack`` did not give."""
    from game.content.packs import pack_id, shipped_packs

    if not isinstance(lock, list):
        return ()
    wanted = {str(entry.get("id")) for entry in lock if isinstance(entry, dict)} - {"base"}
    wanted -= {pack_id(folder) for folder in given}
    return tuple(folder for folder in shipped_packs() if pack_id(folder) in wanted)


def _refuse_packs(problems: Sequence[object]) -> NoReturn:
    """Print every pack problem, then exit with code 1."""
    for problem in problems:
        click.echo(clean(problem), err=True)
    count = len(problems)
    click.echo(f"{count} problem{'s' if count != 1 else ''} found; "
               "the packs were not loaded.", err=True)
    sys.exit(1)


pack_option = click.option(
    "--pack", "packs", multiple=True, type=click.Path(path_type=Path),
    help="An extra pack folder to load after the base pack (repeatable).")
jobs_option = click.option(
    "--jobs", type=int, default=None,
    help="Processes to play the games in (default: one per core). The results are the same "
         "for any number.")
dask_option = click.option(
    "--dask", metavar="ADDRESS",
    help="Play on a Dask cluster: its scheduler's address (tcp://host:8786), or 'local' for "
         "one on this machine with --jobs workers. Needs pip install 'moat-game[cluster]'.")
saves_option = click.option(
    "--saves", "saves", type=click.Path(path_type=Path, file_okay=False),
    help="The save folder (default: $MOAT_SAVES, else saves/).")


@click.group(cls=MoatGroup, invoke_without_command=True)
@click.version_option(package_name="moat-game", prog_name="moat")
@saves_option
@click.pass_context
def main(ctx: click.Context, saves: Path | None) -> None:
    """Moat: run an open-LLM startup, month by month, in your terminal.

    With no command, opens the game.
    """
    ctx.obj = {"saves": saves}
    if ctx.invoked_subcommand is None:
        ctx.invoke(play, saves=saves)


@main.command()
@click.option("--scenario", help="Start a game of this scenario at once (skips the title).")
@click.option("--seed", type=SEEDS,
              help="Seed of the world (the same seed gives the same game).")
@click.option("--name", help="Your company's name.")
@pack_option
@saves_option
@click.option("--dev", is_flag=True,
              help="For pack authors: reload packs on change; ` opens a developer console.")
@click.option("--class", "card_path", type=click.Path(path_type=Path, dir_okay=False),
              help="Start the world of a class card your teacher gave you.")
@click.option("--section", help="With --class: your section, when the card has sections.")
@click.pass_context
def play(ctx: click.Context, scenario: str | None, seed: int | None, name: str | None,
         packs: tuple[Path, ...] = (), saves: Path | None = None, dev: bool = False,
         card_path: Path | None = None, section: str | None = None) -> None:
    """Play the game in the terminal."""
    saves = saves or (ctx.obj or {}).get("saves")
    from game.saves.store import SaveStore
    from game.ui.app import MoatApp

    name = company_name(name)
    start: dict[str, object] | None = None
    if card_path is not None:
        if scenario is not None or seed is not None:
            raise click.UsageError("--class sets the scenario and seed; leave out "
                                   "--scenario and --seed")
        card, card_packs = _read_card(card_path, section)
        packs = (*card_packs, *packs)
        # without --name, the card's new-game form asks for the company's name
        start = {"card": card, "section": section, "name": name}
    elif section is not None:
        raise click.UsageError("--section goes with --class CARD")
    elif scenario is not None or seed is not None or name is not None:
        start = {"scenario": scenario, "seed": seed if seed is not None else 1,
                 "name": name or "Moat Labs"}
    app = MoatApp(start=start, packs=packs, store=SaveStore(saves), dev=dev)
    app.run()
    report_app_errors(app)


def _read_card(path: Path, section: str | None, any_section: bool = False
               ) -> tuple[object, tuple[Path, ...]]:
    """A class card and the extra pack folders it needs, or exit 1 saying why not.

    ``section`` must suit the card unless ``any_section`` (the simulator plays them all).
    """
    from game.classroom.card import CardError, pack_folders, read_card

    try:
        card = read_card(path)
        if not any_section:
            card.seed_for(section)
        return card, tuple(pack_folders(card))
    except CardError as error:
        click.echo(f"Error: {clean(error)}", err=True)
        sys.exit(1)


def report_app_errors(app: MoatApp) -> None:
    """After the app closes: print why it could not run, with the matching exit code."""
    if app.problems:
        _refuse_packs(app.problems)
    if app.error:
        click.echo(f"Error: {clean(app.error)}", err=True)
        sys.exit(app.return_code or 2)
    if app.return_code:
        sys.exit(app.return_code)


@main.command()
@click.option("--scenario", default=None, help="Scenario id (default: the pack's default).")
@click.option("--policy", default="all", show_default=True,
              help="Bot: generalist-open, niche-product, closed-api, random, or all.")
@click.option("--games", default=100, show_default=True, type=int, callback=games_count,
              help=f"Games per bot (1 to {MAX_GAMES:,}).")
@click.option("--seed", default=1, show_default=True, type=SEEDS, help="Seed of the first game.")
@click.option("--json", "as_json", is_flag=True, help="Print the results as JSON.")
@click.option("--format", "fmt", type=click.Choice(["table", "md", "csv"]), default="table",
              show_default=True, help="md and csv: ending shares with 95% intervals, median "
              "end month and paired comparisons, for a slide or a spreadsheet.")
@click.option("--class", "card_path", type=click.Path(path_type=Path, dir_okay=False),
              help="Play a class card's world (its scenario, horizon and packs; without "
              "--games, exactly its seed, or each section's).")
@click.option("--save-games", type=click.Path(path_type=Path, file_okay=False),
              help="Also write every game as a normal save, with its full records, here.")
@jobs_option
@dask_option
@pack_option
@click.pass_context
def simulate(ctx: click.Context, scenario: str | None, policy: str, games: int, seed: int,
             as_json: bool, fmt: str, card_path: Path | None, save_games: Path | None,
             jobs: int | None, dask: str | None, packs: tuple[Path, ...]) -> None:
    """Play many seeded games with built-in strategies and print the balance table.

    The games are spread over every core; the results are the same for any --jobs. With
    --class or --save-games they are played in this process."""
    from game.content.loader import Content
    from game.content.packs import load
    from game.sim.bots import BOTS
    from game.sim.parallel import ContentSpec, Run, remember
    from game.sim.report import render_table

    if games < 1:
        raise click.BadParameter(f"must be at least 1, not {games}", param_hint="--games")
    if policy != "all" and policy not in BOTS:
        raise click.BadParameter(
            f"unknown policy {policy!r}; choose one of: {', '.join(BOTS)}, all",
            param_hint="--policy")
    jobs = _check_jobs(jobs)
    if as_json and fmt != "table":
        raise click.UsageError("choose one of --json and --format")
    card = None
    if card_path is not None:
        if scenario is not None:
            raise click.UsageError("--class sets the scenario; leave out --scenario")
        card, card_packs = _read_card(card_path, None, any_section=True)
        packs = (*card_packs, *packs)
    content = _load_content(packs)
    assert isinstance(content, Content)
    scenario = scenario or content.default_scenario
    seeds: list[int] | None = None
    horizon = None
    if card is not None:
        from game.classroom.card import ClassCard

        assert isinstance(card, ClassCard)
        scenario, horizon = card.scenario, card.horizon
        if ctx.get_parameter_source("games") == click.core.ParameterSource.DEFAULT:
            seeds = [card.seed_for(s) for s in card.sections] or [card.seed]
        else:
            seed = card.seed
    if scenario not in content.scenarios:
        raise click.BadParameter(
            f"unknown scenario {scenario!r}; choose one of: {', '.join(content.scenarios)}",
            param_hint="--scenario")
    spec = ContentSpec(load, tuple(str(p.resolve()) for p in packs))
    remember(spec, content)
    policies = list(BOTS) if policy == "all" else [policy]
    if card is not None or save_games is not None:
        from game.sim.simulate import simulate as run

        keep = _game_saver(save_games, card, content) if save_games is not None else None
        summaries = [run(content, scenario, name, games, seed, seeds=seeds, horizon=horizon,
                         keep=keep(name) if keep else None) for name in policies]
        outcome = None
    else:
        runs = [Run(spec, scenario, name, games, seed) for name in policies]
        outcome = _play_runs(runs, jobs, dask)
        summaries = outcome.summaries
    if summaries[0].games:
        if as_json:
            click.echo(json.dumps([s.as_dict() for s in summaries], indent=2))
        elif fmt == "md":
            from game.sim.slides import markdown

            click.echo(markdown(summaries, content.scenarios[scenario].title), nl=False)
        elif fmt == "csv":
            from game.sim.slides import csv_text

            click.echo(csv_text(summaries), nl=False)
        else:
            click.echo(render_table(summaries, content))
    if save_games is not None:
        count = sum(s.games for s in summaries)
        click.echo(f"Wrote {count} saves to {save_games}", err=True)
    if outcome is not None:
        _report_stop(outcome, "policy")

def _check_jobs(jobs: int | None) -> int:
    from game.sim.parallel import MOST_JOBS, cores

    if jobs is None:
        return cores()
    if not 1 <= jobs <= MOST_JOBS:
        raise click.BadParameter(f"must be from 1 to {MOST_JOBS}, not {jobs}",
                                 param_hint="--jobs")
    return jobs


def _play_runs(runs: Sequence[Run], jobs: int, dask: str | None) -> Outcome:
    """Play the runs here, or on the Dask cluster at ``dask`` (exit 1 when it cannot be
    reached)."""
    from game.sim.parallel import ClusterError, dask_executor

    if dask is None:
        return _play_on(runs, jobs, None)
    try:
        with dask_executor(dask, jobs) as (executor, slots):
            return _play_on(runs, slots, executor)
    except ClusterError as error:
        click.echo(f"Error: {clean_line(error)}", err=True)
        sys.exit(1)


def _play_on(runs: Sequence[Run], jobs: int, executor: Executor | None) -> Outcome:
    """Play the runs with a progress bar on a terminal once they take over a second; on
    Ctrl-C, return what was done (the caller reports it with :func:`_report_stop`)."""
    import time

    from game.sim.parallel import Stopped, play

    total = sum(r.games for r in runs)
    started = time.monotonic()
    state: dict[str, Any] = {"done": 0, "bar": None}

    def progress(games: int) -> None:
        state["done"] += games
        bar = state["bar"]
        if bar is None and time.monotonic() - started > 1 and sys.stderr.isatty():
            bar = click.progressbar(length=total, label="Playing", file=sys.stderr,
                                    show_eta=True, show_percent=True)
            bar.__enter__()
            bar.update(state["done"] - games)
            state["bar"] = bar
        if bar is not None:
            bar.update(games)

    try:
        outcome = play(runs, jobs, executor, progress)
    except Stopped as stop:
        outcome = stop.outcome
    finally:
        if state["bar"] is not None:
            state["bar"].__exit__(None, None, None)
    return outcome


def _report_stop(outcome: Outcome, row: str) -> None:
    """After Ctrl-C: say how far the run got and what the results cover; exit code 130."""
    if outcome.complete:
        return
    games = outcome.summaries[0].games if outcome.summaries else 0
    click.echo(f"Stopped by Ctrl-C after {outcome.played:,} of {outcome.total:,} games.",
               err=True)
    if games:
        click.echo(f"The results above cover the first {games:,} games of each {row}, "
                   f"as --games {games} would give.", err=True)
    else:
        click.echo("No results yet: not every run had finished its first games.", err=True)
    sys.exit(130)


def _game_saver(folder: Path, card: object, content: object) -> Callable[[str], Callable[
        [int, Any], None]]:
    """For --save-games: a function per bot that writes each of its games as a save."""
    from game.classroom.card import ClassCard, card_record
    from game.content.loader import Content
    from game.saves.codec import canonical
    from game.saves.format import encode
    from game.saves.store import write_atomic

    assert isinstance(content, Content)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        click.echo(f"Error: {folder}: cannot be created: {error.strerror or error}", err=True)
        sys.exit(1)

    def for_bot(policy: str) -> Callable[[int, Any], None]:
        def save(index: int, game: Any) -> None:
            if isinstance(card, ClassCard):
                section = next((s for s in card.sections
                                if card.seed_for(s) == game.state.seed), None)
                game.card = card_record(card, content, section)
            document = json.loads(encode(game, "manual", f"simulated by {policy}"))
            document["bot"] = policy
            path = folder / f"{policy}-{index + 1:04d}-seed{game.state.seed}.json"
            write_atomic(path, canonical(document))
        return save

    return for_bot


@main.command()
@click.argument("save", type=click.Path(path_type=Path, dir_okay=False))
@click.option("--until", type=int, help="Stop at the start of this month and fork the game.")
@click.option("--save", "fork_to", type=click.Path(path_type=Path, dir_okay=False),
              help="With --until: write the forked game here.")
@pack_option
def replay(save: Path, until: int | None, fork_to: Path | None,
           packs: tuple[Path, ...]) -> None:
    """Re-run a save's decisions from its seed and check the game comes out the same.

    Exit code 0 when it does, 1 when it does not (or the save cannot be read).
    """
    from game.content.loader import Content
    from game.engine.game import month_label
    from game.saves.format import SaveError, encode, parse
    from game.saves.replay import check, fork
    from game.saves.replay import replay as run_replay
    from game.saves.store import write_atomic

    if (until is None) != (fork_to is None):
        raise click.UsageError("--until and --save go together: --until MONTH --save NEW")
    if until is not None and until < 1:
        raise click.BadParameter(f"must be at least 1, not {until}", param_hint="--until")
    if fork_to is not None:
        new_file_argument(fork_to, "--save")
    raw = read_file_argument(save, "save")
    try:
        document = parse(raw, save)
    except SaveError as error:
        click.echo(f"Error: {clean_line(error)}", err=True)
        sys.exit(1)
    # the shipped packs the save's pack lock names are found without --pack
    content = _load_content(packs + _locked_packs(document.get("packs"), packs))
    assert isinstance(content, Content)
    try:
        check(document, content, save)
    except SaveError as error:
        click.echo(f"Error: {clean_line(error)}", err=True)
        sys.exit(1)
    meta = document.get("meta") or {}
    click.echo(f"Replaying {clean_line(document['company'])} ({document['scenario']}, seed "
               f"{document['seed']}): {len(document['decisions'])} decisions up to month "
               f"{meta.get('month', document['state'].get('month'))}.")
    report = run_replay(document, content, until)
    for difference in report.packs:
        click.echo(f"Pack changed since the save: {clean_line(difference)}")
    if report.problem:
        click.echo(f"The replay could not follow the save: {clean_line(report.problem)}")
    if until is not None:
        assert fork_to is not None
        if report.problem:
            sys.exit(1)
        game = fork(report)
        write_atomic(fork_to, encode(game, "manual", f"fork at month {until}"))
        click.echo(f"Forked at the start of month {game.state.month} "
                   f"({month_label(game.state.start, game.state.month)}): "
                   f"{clean_line(fork_to)}")
        return
    if report.same:
        click.echo("Same game: the replay reaches exactly the saved state.")
        return
    if report.diverged_month is not None:
        start = document["state"]["start"]
        click.echo(f"The replay parts ways with the save in month {report.diverged_month} "
                   f"({month_label(start, report.diverged_month)}).")
    click.echo("Different game: the replayed state does not match the save.")
    sys.exit(1)


@main.command()
@click.option("--set", "sets", multiple=True, metavar="PATH=V1,V2,...",
              help="A rules.toml value and the values to try, as in "
                   "costs.cost_growth_per_year=3,5,8 (repeatable: the grid is every "
                   "combination).")
@click.option("--scenario", "scenarios", multiple=True,
              help="Scenario id, repeatable, or all (default: the pack's default).")
@click.option("--policy", "policies", multiple=True,
              help="Bot, repeatable: generalist-open, niche-product, closed-api, random, or "
                   "all (the default).")
@click.option("--games", default=500, show_default=True, type=int, callback=games_count,
              help=f"Games per cell and policy (1 to {MAX_GAMES:,}).")
@click.option("--seed", default=1, show_default=True, type=SEEDS,
              help="Seed of the first game; every cell plays the same seeds.")
@click.option("--format", "output", type=click.Choice(["text", "md", "csv", "json"]),
              default="text", show_default=True,
              help="md for a slide, csv or json (with the manifest) for analysis.")
@jobs_option
@dask_option
@pack_option
def sweep(sets: tuple[str, ...], scenarios: tuple[str, ...], policies: tuple[str, ...],
          games: int, seed: int, output: str, jobs: int | None, dask: str | None,
          packs: tuple[Path, ...]) -> None:
    """What-if tables: the same seeded games under every combination of --set values, for
    each scenario and policy, with 95% intervals and a manifest to make the table again.

    Every cell plays the same games, so differences between cells are paired comparisons."""
    from importlib.metadata import version

    from game.content.loader import Content, PackError
    from game.content.packs import base_rules_table, load
    from game.engine.overrides import OverrideError
    from game.sim.bots import BOTS
    from game.sim.parallel import ContentSpec, Run, remember
    from game.sim.sweep import (
        Cell,
        grid,
        manifest,
        parse_setting,
        render_csv,
        render_json,
        render_markdown,
        render_text,
    )

    jobs = _check_jobs(jobs)
    named = [p for text in policies for p in text.split(",") if p.strip()] or ["all"]
    for name in named:
        if name != "all" and name not in BOTS:
            raise click.BadParameter(
                f"unknown policy {name!r}; choose one of: {', '.join(BOTS)}, all",
                param_hint="--policy")
    chosen = list(BOTS) if "all" in named else list(dict.fromkeys(named))
    content = _load_content(packs)
    assert isinstance(content, Content)
    wanted = [s for text in scenarios for s in text.split(",") if s.strip()]
    if "all" in wanted:
        wanted = list(content.scenarios)
    wanted = list(dict.fromkeys(wanted)) or [content.default_scenario]
    for scenario in wanted:
        if scenario not in content.scenarios:
            raise click.BadParameter(
                f"unknown scenario {scenario!r}; choose one of: "
                f"{', '.join(content.scenarios)}, all", param_hint="--scenario")
    rules = base_rules_table()
    try:
        settings = [parse_setting(text, rules) for text in sets]
    except OverrideError as error:
        raise click.BadParameter(clean_line(error), param_hint="--set") from None
    paths = [s.path for s in settings]
    if len(set(paths)) != len(paths):
        raise click.BadParameter("each path may be set once; list its values together, "
                                 "as in PATH=1,2,3", param_hint="--set")
    extra = tuple(str(p.resolve()) for p in packs)
    cells = grid(settings)
    for values in cells:  # every cell loads before any game is played
        spec = ContentSpec(load, extra, values)
        try:
            remember(spec, load(packs, dict(values)) if values else content)
        except PackError as error:
            shown = ", ".join(f"{path}={value}" for path, value in values)
            problems = "; ".join(f"{p.field}: {p.message}" for p in error.problems)
            raise click.BadParameter(f"{clean_line(shown)} is refused by the rules: "
                                     f"{clean_line(problems)}", param_hint="--set") from None
    runs = [Run(ContentSpec(load, extra, values), scenario, policy, games, seed)
            for values in cells for scenario in wanted for policy in chosen]
    outcome = _play_runs(runs, jobs, dask)
    if not outcome.summaries[0].games:
        _report_stop(outcome, "cell")
    games_done = outcome.summaries[0].games
    rows = [Cell(run.spec.overrides, run.scenario, run.policy, summary)
            for run, summary in zip(runs, outcome.summaries, strict=True)]
    command = " ".join(["moat sweep", *(f"--set {text}" for text in sets),
                        *(f"--scenario {s}" for s in wanted),
                        *(f"--policy {p}" for p in named), f"--games {games_done}",
                        f"--seed {seed}", *(f"--pack {p}" for p in packs)])
    info = manifest(content, settings, wanted, chosen, games_done, seed, version("moat-game"),
                    command)
    title = (f"What if: {', '.join(paths) or 'the rules as they are'}; "
             f"{', '.join(content.scenarios[s].title for s in wanted)}; "
             f"{games_done:,} games per cell")
    if output == "json":
        click.echo(render_json(rows, info))
    elif output == "csv":
        click.echo(render_csv(rows, info))
    elif output == "md":
        click.echo(render_markdown(rows, settings, info, title))
    else:
        click.echo(render_text(rows, settings, games_done, seed, title))
    _report_stop(outcome, "cell")


@main.group()
def pack() -> None:
    """Tools for pack authors: new, validate, schema, test, reference."""


@pack.command("new")
@click.argument("folder", type=click.Path(path_type=Path, file_okay=False))
def pack_new(folder: Path) -> None:
    """Create a new pack in FOLDER (its name is the pack's id) that loads as it is."""
    from game.content.authoring import ScaffoldError, scaffold

    try:
        files = scaffold(folder)
    except ScaffoldError as error:
        raise click.BadParameter(str(error), param_hint="FOLDER") from None
    for path in files:
        click.echo(f"created {clean_line(path)}")
    click.echo(f"Next: moat pack validate {clean_line(folder)}")


@pack.command("validate")
@click.argument("paths", nargs=-1, required=True,
                type=click.Path(path_type=Path, file_okay=False))
@click.option("--format", "output", type=click.Choice(["text", "json", "github"]),
              default="text", show_default=True,
              help="json: one object per problem; github: GitHub Actions annotations.")
def pack_validate(paths: tuple[Path, ...], output: str) -> None:
    """Check packs (with the base pack) and report every problem: file:line:column: field:
    message. Exit code 0 when clean, 1 when there are problems."""
    from game.content.compose import BASE
    from game.content.loader import validate_packs
    from game.content.packs import base_pack

    roots = [base_pack()] + [p for p in paths if p.resolve() != base_pack().resolve()]
    problems = validate_packs(roots)
    if output == "json":
        click.echo(json.dumps([{"file": p.file, "line": p.line, "column": p.column,
                                "field": p.field, "message": p.message} for p in problems],
                              indent=2))
    elif output == "github":
        for problem in problems:
            click.echo(clean(_github_annotation(problem)))
        count = len(problems)
        click.echo(f"{count} problem{'s' if count != 1 else ''}." if problems
                   else "No problems.")
    else:
        for problem in problems:
            click.echo(clean(problem))
        names = ", ".join(clean_line(p) for p in paths)
        if problems:
            count = len(problems)
            click.echo(f"{count} problem{'s' if count != 1 else ''} in {names}.")
        else:
            click.echo(f"{names}: no problems (checked with the {BASE} pack).")
    sys.exit(1 if problems else 0)


def _github_annotation(problem: Problem) -> str:
    """A GitHub Actions workflow command that marks the problem on the file's line."""
    def escape(text: str, extra: str = "") -> str:
        text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
        for char in extra:
            text = text.replace(char, {":": "%3A", ",": "%2C"}[char])
        return text

    return (f"::error file={escape(problem.file, ':,')},line={problem.line},"
            f"col={problem.column},title={escape(problem.field, ':,')}::"
            f"{escape(problem.message)}")


@pack.command("schema")
@click.option("--out", type=click.Path(path_type=Path, file_okay=False),
              default=Path("schemas"), show_default=True, help="Folder to write into.")
def pack_schema(out: Path) -> None:
    """Write the JSON Schema of each pack file, for editors and CI."""
    from game.content.authoring import write_schemas

    for path in write_schemas(out):
        click.echo(f"wrote {path}")


@pack.command("reference")
def pack_reference() -> None:
    """Print the format reference (every stat, function and field) as Markdown."""
    from game.content.authoring import reference

    click.echo(reference())


@pack.command("calibrate")
@click.argument("path", type=click.Path(path_type=Path, file_okay=False))
@click.option("--games", default=200, show_default=True, type=int,
              help="Games per round of the search.")
@click.option("--seed", default=1, show_default=True, type=int, help="Seed of the first game.")
@click.option("--scenario", default=None, help="Scenario id (default: the default scenario).")
@pack_option
def pack_calibrate(path: Path, games: int, seed: int, scenario: str | None,
                   packs: tuple[Path, ...]) -> None:
    """Turn every chance = "auto(N%)" of the pack's events into the monthly chance that makes
    the event happen in about N% of games, found by seeded simulation, and write it into the
    file (comments and layout kept). Run it again after changing an event's conditions."""
    from game.content.calibration import find_auto_chances, write_back
    from game.content.loader import PackError, load_content
    from game.content.packs import base_pack
    from game.sim.calibrate import calibrate, with_chance

    if games < 1:
        raise click.BadParameter(f"must be at least 1, not {games}", param_hint="--games")
    base = base_pack().resolve()
    roots = [base_pack(), *(p for p in (*packs, path) if p.resolve() != base)]
    try:
        content = load_content(roots, calibrating=True)
    except PackError as error:
        _refuse_packs(error.problems)
    scenario = scenario or content.default_scenario
    if scenario not in content.scenarios:
        raise click.BadParameter(
            f"unknown scenario {scenario!r}; choose one of: {', '.join(content.scenarios)}",
            param_hint="--scenario")
    pack_id = next(p.id for p in content.packs if Path(p.path).resolve() == path.resolve())
    autos = find_auto_chances(content, path, pack_id)
    if not autos:
        click.echo(f'{path}: no event has chance = "auto(N%)"; nothing to calibrate.')
        return
    for auto in autos:
        result = calibrate(content, auto.event, auto.target, scenario, games, seed)
        write_back(auto, result.chance, result.fired, result.games, result.interval, seed)
        content = with_chance(content, auto.event, result.chance)
        click.echo(f"{auto.event}: {result.describe()} -> {auto.path}:{auto.line}")
    click.echo(f"{len(autos)} chance{'s' if len(autos) != 1 else ''} written; "
               f"check them with: moat pack test {path}")


@pack.command("test")
@click.argument("path", type=click.Path(path_type=Path, file_okay=False))
@click.option("--games", default=300, show_default=True, type=int, callback=games_count,
              help=f"Games to play (1 to {MAX_GAMES:,}).")
@click.option("--seed", default=1, show_default=True, type=SEEDS, help="Seed of the first game.")
@click.option("--scenario", default=None, help="Scenario id (default: the default scenario).")
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
@pack_option
def pack_test(path: Path, games: int, seed: int, scenario: str | None, as_json: bool,
              packs: tuple[Path, ...]) -> None:
    """Play seeded games with the pack and report how often each of its events fired, in
    which months, which choices were taken, and how it shifts the ending shares."""
    from game.content.loader import Content
    from game.sim.pack_test import render, run_pack_test

    if games < 1:
        raise click.BadParameter(f"must be at least 1, not {games}", param_hint="--games")
    base = _load_content(packs)
    with_pack = _load_content((*packs, path))
    assert isinstance(base, Content) and isinstance(with_pack, Content)
    pack_id = next(p.id for p in with_pack.packs if Path(p.path).resolve() == path.resolve())
    if scenario is not None and scenario not in with_pack.scenarios:
        raise click.BadParameter(
            f"unknown scenario {scenario!r}; choose one of: {', '.join(with_pack.scenarios)}",
            param_hint="--scenario")
    report = run_pack_test(base, with_pack, pack_id, games, seed, scenario)
    click.echo(json.dumps(report.as_dict(), indent=2) if as_json else render(report))


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on; any but loopback needs --public-url.")
@click.option("--port", default=8000, show_default=True, type=int, help="Port to listen on.")
@click.option("--public-url", help="The address students open, when it is not this machine's "
              "loopback (for example https://moat.school.example behind a proxy).")
@click.option("--code", default="", help="The access code (default: a new one each start).")
@click.option("--max-sessions", default=30, show_default=True, type=int,
              help="Games played at once; the next browser is told the class is full.")
@click.option("--idle-minutes", default=30.0, show_default=True, type=float,
              help="Close (after autosaving) a game nobody has touched for this long.")
@click.option("--class", "card_path", type=click.Path(path_type=Path, dir_okay=False),
              help="A class card: every student's new game is its world.")
@click.option("--section", help="With --class: the section every game plays, when the card "
              "has sections (saves record it for moat class report).")
@pack_option
@saves_option
@click.pass_context
def serve(ctx: click.Context, host: str, port: int, public_url: str | None, code: str,
          max_sessions: int, idle_minutes: float, card_path: Path | None,
          section: str | None, packs: tuple[Path, ...], saves: Path | None) -> None:
    """Serve the game to browsers: one game per student, each with its own saves.

    Prints the address to open (with the class's access code). Ctrl-C stops the server
    after saving every game in play.
    """
    from game.saves.store import default_folder
    from game.web.server import Options, ServeError
    from game.web.server import serve as run_server

    saves = saves or (ctx.obj or {}).get("saves") or default_folder() / "students"
    if card_path is not None:
        _read_card(card_path, section)  # exits 1, saying why, if the card cannot be used
    elif section is not None:
        raise click.UsageError("--section goes with --class CARD")
    options = Options(saves=saves.resolve(), host=host, port=port, code=code.strip(),
                      max_sessions=max_sessions, idle_seconds=idle_minutes * 60,
                      public_url=public_url, packs=tuple(p.resolve() for p in packs),
                      card=card_path.resolve() if card_path else None,
                      section=section or None)

    def announce(url: str) -> None:
        click.echo(f"Moat is served at {url}")
        click.echo(f"Access code: {url.rsplit('=', 1)[1]}  ·  saves: {saves}")
        click.echo(f"At most {max_sessions} games at once; Ctrl-C stops the server "
                   "(every game is saved first).", nl=True)
        sys.stdout.flush()

    try:
        run_server(options, announce)
    except ServeError as error:
        click.echo(f"Error: {clean(error)}", err=True)
        sys.exit(1)


@main.group("class")
def class_group() -> None:
    """For teachers: hand out one world (a class card) and report on a class's games."""


@class_group.command("new")
@click.argument("file", type=click.Path(path_type=Path, dir_okay=False))
@click.option("--scenario", help="Scenario id (default: the pack's default).")
@click.option("--seed", type=int, required=True, help="The seed every student plays.")
@pack_option
@click.option("--horizon", type=int, help="Months until the board's verdict (6-120; default: "
              "the scenario's).")
@click.option("--title", default="", help="The lesson's title, shown in every debrief.")
@click.option("--deadline", default="", help="When saves are due, YYYY-MM-DD.")
@click.option("--prompt", "prompts", multiple=True,
              help="A reflection question for the debrief (repeatable).")
@click.option("--sections", default="",
              help="Comma-separated section names: each section then plays its own seed, "
              "derived from --seed, so answers cannot be copied between sections.")
@click.option("--force", is_flag=True, help="Overwrite FILE if it exists.")
def class_new(file: Path, scenario: str | None, seed: int, packs: tuple[Path, ...],
              horizon: int | None, title: str, deadline: str, prompts: tuple[str, ...],
              sections: str, force: bool) -> None:
    """Write a class card: one small TOML file naming the world every student plays."""
    from game.classroom.card import CardError, dumps, make_card
    from game.content.loader import Content
    from game.saves.store import write_atomic

    if file.exists() and not force:
        click.echo(f"Error: {file} exists; choose another name or add --force", err=True)
        sys.exit(1)
    content = _load_content(packs)
    assert isinstance(content, Content)
    try:
        card = make_card(content, scenario, seed, horizon, title, deadline, prompts,
                         tuple(sections.split(",")) if sections else ())
    except CardError as error:
        click.echo(f"Error: {clean(error)}", err=True)
        sys.exit(1)
    try:
        write_atomic(file, dumps(card).encode("utf-8"))
    except OSError as error:
        click.echo(f"Error: {file}: cannot be written: {error.strerror or error}", err=True)
        sys.exit(1)
    scenario_title = content.scenarios[card.scenario].title
    click.echo(f"Wrote {file}: {scenario_title}, seed {card.seed}, {card.horizon} months, "
               f"packs {', '.join(p.id + ' ' + p.version for p in card.packs)}.")
    if card.sections:
        for name in card.sections:
            click.echo(f"  section {name}: moat play --class {file} --section {name}")
    else:
        click.echo(f"Students start it with: moat play --class {file}")


@class_group.command("report")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["md", "csv", "json", "html"]),
              default="md", show_default=True, help="How to write the report.")
@click.option("--out", type=click.Path(path_type=Path, dir_okay=False),
              help="Write to this file instead of printing.")
@click.option("--rank", "rank", default="",
              help="A weighted scorecard to rank by, e.g. 'score=1,revenue=1,legal_risk=-0.5' "
              "(default: the ending's score).")
@click.option("--last", default=6, show_default=True, type=int,
              help="With --rank: average each stat over this many last months.")
@click.option("--class", "card_path", type=click.Path(path_type=Path, dir_okay=False),
              help="The class card (default: the one most of the games were played from).")
@click.option("--no-bots", is_flag=True, help="Do not play the strategy bots on the card.")
@pack_option
def class_report(paths: tuple[Path, ...], fmt: str, out: Path | None, rank: str, last: int,
                 card_path: Path | None, no_bots: bool, packs: tuple[Path, ...]) -> None:
    """A report on a class's saves (files or folders): one row per game, the endings against
    the bots' on the same card, recurring causes, outliers, and flagged games.

    Files that cannot be read are listed with the reason and skipped; the exit code is 1
    only when no game could be read."""
    from game.classroom.card import CardError
    from game.classroom.report import ReportError, Scorecard, build_report, content_for
    from game.classroom.report_render import RENDERERS
    from game.content.loader import PackError
    from game.saves.store import write_atomic

    try:
        scorecard = Scorecard.parse(rank, last) if rank else None
    except ReportError as error:
        raise click.BadParameter(str(error).removeprefix("--rank: "),
                                 param_hint="--rank") from None
    try:
        content = content_for(paths, packs)
    except PackError as error:
        _refuse_packs(error.problems)
    try:
        report = build_report(paths, content, scorecard, bots=not no_bots,
                              card_path=card_path)
    except CardError as error:
        click.echo(f"Error: {clean(error)}", err=True)
        sys.exit(1)
    for skipped in report.skipped:
        click.echo(clean_line(f"Skipped {skipped.path}: {skipped.reason}"), err=True)
    if not report.rows:
        click.echo("Error: no game could be read; nothing to report.", err=True)
        sys.exit(1)
    text = clean(RENDERERS[fmt](report))
    if out is None:
        click.echo(text, nl=False)
    else:
        try:
            write_atomic(out, text.encode("utf-8"))
        except OSError as error:
            click.echo(f"Error: {out}: cannot be written: {error.strerror or error}",
                       err=True)
            sys.exit(1)
        click.echo(f"Wrote {out}", err=True)
    if report.skipped:
        count = len(report.skipped)
        click.echo(f"Warning: {count} file{'s' if count != 1 else ''} skipped; the report "
                   f"covers the other {len(report.rows)}.", err=True)


@main.command()
@click.argument("save", type=click.Path(path_type=Path, dir_okay=False))
@click.option("--format", "fmt", type=click.Choice(["md", "html", "json"]), default="md",
              show_default=True, help="Markdown, a printable HTML page, or JSON for programs.")
@click.option("--out", type=click.Path(path_type=Path, dir_okay=False),
              help="Write to this file instead of printing.")
@click.option("--no-bots", is_flag=True,
              help="Leave out how the strategy bots ended on the same world.")
def debrief(save: Path, fmt: str, out: Path | None, no_bots: bool) -> None:
    """The debrief of one game: its ending and grade, why, the timeline, charts, the history
    behind its events, the essay's claims it showed, and reflection prompts."""
    from game.classroom.debrief import DebriefError, render_debrief
    from game.saves.store import write_atomic

    try:
        text = clean(render_debrief(save, fmt, bots=not no_bots))
    except DebriefError as error:
        click.echo(f"Error: {clean(error)}", err=True)
        sys.exit(1)
    if out is None:
        click.echo(text, nl=False)
        return
    try:
        write_atomic(out, text.encode("utf-8"))
    except OSError as error:
        click.echo(f"Error: {out}: cannot be written: {error.strerror or error}", err=True)
        sys.exit(1)
    click.echo(f"Wrote {out}")
