"""The ``moat`` command.

Heavy imports (the engine, pydantic, textual) happen inside each command so that
``moat simulate`` and ``moat pack validate`` never load the terminal UI.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click


def _load_content(packs: tuple[Path, ...]) -> object:
    """Load the base pack plus extras, or print every problem and exit with code 1."""
    from game.content.loader import PackError
    from game.content.packs import load

    try:
        return load(packs)
    except PackError as error:
        for problem in error.problems:
            click.echo(str(problem), err=True)
        count = len(error.problems)
        click.echo(f"{count} problem{'s' if count != 1 else ''} found; "
                   "the packs were not loaded.", err=True)
        sys.exit(1)


pack_option = click.option(
    "--pack", "packs", multiple=True, type=click.Path(path_type=Path),
    help="An extra pack folder to load after the base pack (repeatable).")


@click.group(invoke_without_command=True)
@click.version_option(package_name="moat-game", prog_name="moat")
@click.pass_context
def main(ctx: click.Context) -> None:
    """Moat: run an open-LLM startup, month by month, in your terminal.

    With no command, opens the game.
    """
    if ctx.invoked_subcommand is None:
        ctx.invoke(play)


@main.command()
@click.option("--scenario", help="Start a game of this scenario at once (skips the title).")
@click.option("--seed", type=int, help="Seed of the world (the same seed gives the same game).")
@click.option("--name", help="Your company's name.")
@pack_option
def play(scenario: str | None, seed: int | None, name: str | None,
         packs: tuple[Path, ...]) -> None:
    """Play the game in the terminal."""
    from game.ui.app import MoatApp

    start: dict[str, object] | None = None
    if scenario is not None or seed is not None or name is not None:
        start = {"scenario": scenario, "seed": seed if seed is not None else 1,
                 "name": name or "Moat Labs"}
    app = MoatApp(start=start, packs=packs)
    app.run()
    if app.problems:
        for problem in app.problems:
            click.echo(str(problem), err=True)
        count = len(app.problems)
        click.echo(f"{count} problem{'s' if count != 1 else ''} found; "
                   "the packs were not loaded.", err=True)
        sys.exit(1)
    if app.error:
        click.echo(f"Error: {app.error}", err=True)
        sys.exit(app.return_code or 2)


@main.command()
@click.option("--scenario", default=None, help="Scenario id (default: the pack's default).")
@click.option("--policy", default="all", show_default=True,
              help="Bot: generalist-open, niche-product, closed-api, random, or all.")
@click.option("--games", default=100, show_default=True, type=int,
              help="Games per bot (at least 1).")
@click.option("--seed", default=1, show_default=True, type=int, help="Seed of the first game.")
@click.option("--json", "as_json", is_flag=True, help="Print the results as JSON.")
@pack_option
def simulate(scenario: str | None, policy: str, games: int, seed: int, as_json: bool,
             packs: tuple[Path, ...]) -> None:
    """Play many seeded games with built-in strategies and print the balance table."""
    from game.content.loader import Content
    from game.sim.bots import BOTS
    from game.sim.report import render_table
    from game.sim.simulate import simulate as run

    if games < 1:
        raise click.BadParameter(f"must be at least 1, not {games}", param_hint="--games")
    if policy != "all" and policy not in BOTS:
        raise click.BadParameter(
            f"unknown policy {policy!r}; choose one of: {', '.join(BOTS)}, all",
            param_hint="--policy")
    content = _load_content(packs)
    assert isinstance(content, Content)
    scenario = scenario or content.default_scenario
    if scenario not in content.scenarios:
        raise click.BadParameter(
            f"unknown scenario {scenario!r}; choose one of: {', '.join(content.scenarios)}",
            param_hint="--scenario")
    policies = list(BOTS) if policy == "all" else [policy]
    summaries = [run(content, scenario, name, games, seed) for name in policies]
    if as_json:
        click.echo(json.dumps([s.as_dict() for s in summaries], indent=2))
    else:
        click.echo(render_table(summaries, content))
