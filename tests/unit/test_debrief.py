"""The debrief of a known seeded game, in its three formats, and of an unfinished one."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from click.testing import CliRunner

from game.classroom.debrief import DebriefError, debrief_data, render_debrief
from game.cli import main
from game.content.loader import Content
from game.engine.game import Game
from game.saves.format import encode
from game.sim.simulate import make_bot, play_game

SVG = "http://www.w3.org/2000/svg"


@pytest.fixture(scope="module")
def won(content: Content) -> Game:
    """Seed 7, the niche-product bot: a niche win in month 17 (checked below)."""
    return play_game(content, "newcomer_2023", 7, make_bot("niche-product"), "Acme AI")


def test_debrief_of_a_known_game(won: Game) -> None:
    data = debrief_data(won, bots=False)
    assert data["ending"]["family"] == "niche_win"
    assert data["ending"]["title"] == "Default alive"
    assert data["ending"]["month"] == 17 and data["ending"]["grade"] == "A"
    assert "so the grade is A" in data["ending"]["grading"]["explained"]
    causes = {c["source"]: c for c in data["causes"]}
    assert causes["Event 'The round that wasn't' (raise flat)"]["month"] == 13
    assert causes["Compute contracts"]["first_month"] == 1
    assert {"month": 4, "date": "2024-01", "type": "decision",
            "text": "Released the model: Open weights, permissive licence"} in data["timeline"]
    met = {e["title"]: e for e in data["events"]}
    assert met["The books slice"]["month"] == 11
    assert "Books3" in met["The books slice"]["background"]
    assert any(n["kind"] == "rival" and n["name"] == "Brise" for n in data["background"])
    specialise = next(c for c in data["claims"] if c["id"] == "specialise")
    assert {"month": 4, "text": "launched Pocket"} in specialise["moments"]
    assert len(data["series"]["cash"]) == len(data["series"]["month"]) == 17


def test_markdown_says_what_happened_and_why(won: Game) -> None:
    text = render_debrief(won, "md", bots=False)
    assert "**Niche win: Default alive, month 17 (2025-02), grade A" in text
    assert "- Event 'The round that wasn't' (raise flat) (month 13): cash +$30.1M" in text
    assert "- Month 4 (2024-01), decision: Launched Pocket" in text
    assert "{company}" not in text


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.stack: list[str] = []
        self.svgs = 0
        self.outside: list[str] = []
        """Attribute values outside any <svg> that name a web address."""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "svg":
            self.svgs += 1
        inside = "svg" in self.stack or tag == "svg"
        for name, value in attrs:
            if value and re.search(r"https?://", value) and not (
                    inside and name == "xmlns" and value == SVG):
                self.outside.append(f"{tag} {name}={value}")
        if tag not in ("meta", "br", "rect", "line", "polyline"):
            self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag in self.stack:
            while self.stack.pop() != tag:
                pass

    def handle_data(self, data: str) -> None:
        if re.search(r"https?://", data):
            self.outside.append(data)


def test_html_is_one_self_contained_page_with_svg_charts(won: Game) -> None:
    page = render_debrief(won, "html")
    parser = _Collector()
    parser.feed(page)
    parser.close()
    assert parser.svgs >= 4
    assert parser.outside == []
    assert parser.stack == []  # every element closed
    assert "<script" not in page and "<link" not in page
    assert "Debrief: Acme AI" in page and "Default alive" in page


def test_json_carries_the_same_data(won: Game) -> None:
    data = json.loads(render_debrief(won, "json"))
    for key in ("ending", "causes", "timeline", "decisions", "series", "bots", "prompts"):
        assert key in data
    assert all("month" in cause for cause in data["causes"])
    assert {b["policy"] for b in data["bots"]} == {"generalist-open", "niche-product",
                                                    "closed-api", "random"}
    niche = next(b for b in data["bots"] if b["policy"] == "niche-product")
    assert (niche["family"], niche["month"]) == ("niche_win", 17)  # the same world


def test_unfinished_game_says_so(content: Content, tmp_path: Path) -> None:
    game = Game.new(content, None, 3, "Half Done")
    for _ in range(3):
        for event in game.begin_month():
            if event.id not in game.state.pending:
                continue  # an earlier choice made its condition false
            game.choose(event.id, event.choices[-1].model.id)
        game.end_month()
    save = tmp_path / "half.json"
    save.write_bytes(encode(game, "manual"))
    result = CliRunner().invoke(main, ["debrief", str(save), "--no-bots"])
    assert result.exit_code == 0, result.output
    assert "Unfinished: Half Done has played 3 months of 36" in result.output
    assert "## What mattered most so far" in result.output


def test_debrief_command_writes_only_its_out_file(won: Game, tmp_path: Path) -> None:
    save = tmp_path / "saves" / "won.json"
    save.parent.mkdir()
    save.write_bytes(encode(won, "manual"))
    out = tmp_path / "out" / "d.html"
    out.parent.mkdir()
    result = CliRunner().invoke(main, ["debrief", str(save), "--format", "html", "--out",
                                       str(out)])
    assert result.exit_code == 0, result.output
    assert out.read_text().startswith("<!DOCTYPE html>")
    assert sorted(p.name for p in tmp_path.rglob("*") if p.is_file()) == ["d.html", "won.json"]


@pytest.mark.parametrize(("raw", "message"), [
    (b"", "the file is empty"),
    (b"{\"format\": \"moat-save\", \"version\": 99}", "newer version of Moat"),
    (b"\x00\x01", "not a Moat save"),
])
def test_bad_saves_are_refused(tmp_path: Path, raw: bytes, message: str) -> None:
    save = tmp_path / "bad.json"
    save.write_bytes(raw)
    result = CliRunner().invoke(main, ["debrief", str(save)])
    assert result.exit_code == 1
    assert message in result.output and "Traceback" not in result.output
    with pytest.raises(DebriefError, match=message):
        render_debrief(save, "md")


def test_unknown_format_is_refused(won: Game) -> None:
    with pytest.raises(DebriefError, match="unknown format 'pdf'"):
        render_debrief(won, "pdf")


def test_pack_prompts_follow_the_events_met_and_the_ending(won: Game) -> None:
    shown = [p["text"] for p in debrief_data(won, bots=False)["prompts"]]
    assert any(t.startswith("A cloud offered to host your model") for t in shown)  # month 3
    assert not any(t.startswith("The authors' lawsuit reached you") for t in shown)
    assert any(t.startswith("You won a niche.") for t in shown)
    assert not any(t.startswith("Your company ran out of money") for t in shown)
    assert any(t.startswith("Which one decision changed") for t in shown)  # no card
