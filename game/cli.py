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
@click.option("--scenario", help="Scenario id to start directly.")
@click.option("--seed", type=int, help="Seed of the world (the same seed gives the same game).")
@click.option("--name", help="Your company's name.")
@pack_option
def play(scenario: str | None, seed: int | None, name: str | None,
         packs: tuple[Path, ...]) -> None:
    """Play the game in the terminal."""
    from game.content.loader import Content
    from game.engine.game import Game, UnknownScenario

    content = _load_content(packs)
    assert isinstance(content, Content)
    try:
        game = Game.new(content, scenario, seed if seed is not None else 1, name or "Moat Labs")
    except UnknownScenario as error:
        raise click.BadParameter(str(error), param_hint="--scenario") from None
    _play_in_text(game)


def _play_in_text(game: object) -> None:
    """A plain-text loop used until the full-screen interface is available."""
    from game.engine.game import Game
    from game.engine.stats import money_text

    assert isinstance(game, Game)
    state = game.state
    click.echo(f"{state.company}: {game.content.scenarios[state.scenario].title}")
    while state.ending is None:
        for event in game.begin_month():
            click.echo(f"\n== {event.model.title} ==\n"
                       f"{event.model.story.strip().replace('{company}', state.company)}")
            options = [c for c in event.choices if not game.choice_lock(event.id, c.model.id)]
            for number, choice in enumerate(options, 1):
                click.echo(f"  {number}. {choice.model.text}")
            pick = click.prompt("Choose", type=click.IntRange(1, len(options)), default=1)
            game.choose(event.id, options[pick - 1].model.id)
            if state.ending is not None:
                break
        if state.ending is not None:
            break
        click.echo(f"\n{game.date}  cash {money_text(game.s['cash'])}  "
                   f"runway {game.s['runway']:g} months")
        game.end_month()
    ending = state.ending
    click.echo(f"\n{ending.title} (grade {ending.grade})\n{ending.text}")
    for cause in ending.causes:
        click.echo(f"  - {cause}")


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
