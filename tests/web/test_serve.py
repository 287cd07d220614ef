"""``moat serve`` over real HTTP and websockets on loopback: access, saves, lifecycle."""

from __future__ import annotations

import asyncio
import json
import signal
import sys
import time
from pathlib import Path

import aiohttp
import pytest
from click.testing import CliRunner
from yarl import URL

from game.cli import main
from tests.web.helpers import WAIT, Player, Served, end_month, new_game, to_month


def parent_of(pid: int) -> int:
    return int(Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[1])


pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"),
                                reason="the tests find game processes through /proc")


async def test_without_the_code_page_websocket_and_download_are_refused(
        tmp_path: Path) -> None:
    with Served(tmp_path) as served:
        async with aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True)) as http:
            async with http.get(served.base + "/") as page:
                assert page.status == 403
                assert "access code" in await page.text()
            async with http.get(served.base + "/?code=wrong-code") as page:
                assert page.status == 403
                assert "not the one for this game" in await page.text()
            with pytest.raises(aiohttp.WSServerHandshakeError) as refused:
                await http.ws_connect(served.base.replace("http", "ws") + "/ws")
            assert refused.value.status == 403
            async with http.get(served.base + "/download/anything") as download:
                assert download.status == 403
            async with http.get(served.base + "/static/js/textual.js") as script:
                assert script.status == 403
        assert served.games() == []


async def test_the_code_opens_the_page_but_not_for_another_site(tmp_path: Path) -> None:
    with Served(tmp_path) as served:
        player = Player(served)
        try:
            assert await player.enter() == 200
            async with player.http.get(served.base + "/") as page:
                text = await page.text()
                assert page.status == 200 and "textual-terminal" in text
                assert "googleapis" not in text and "https://" not in text
            with pytest.raises(aiohttp.WSServerHandshakeError) as refused:
                await player.http.ws_connect(served.base.replace("http", "ws") + "/ws",
                                             headers={"Origin": "http://elsewhere.example"})
            assert refused.value.status == 403
        finally:
            await player.close()


async def test_a_game_left_mid_month_continues_in_the_students_own_folder(
        tmp_path: Path) -> None:
    with Served(tmp_path) as served:
        player, other = Player(served), Player(served)
        try:
            await player.enter()
            await player.connect()
            await new_game(player)
            games = served.wait_games(1)
            assert len(games) == 1
            # started without a shell in between: the server is the game's parent
            assert parent_of(games[0]) == served.process.pid
            await player.close()  # the tab closes mid-month: the game is saved
            assert served.wait_games(0) == []
            folders = [p for p in tmp_path.iterdir() if p.is_dir()]
            assert len(folders) == 1 and list(folders[0].glob("*-auto-001.json"))

            # the same browser comes back: Continue offers the game
            player = Player(served)
            player.http.cookie_jar.update_cookies({"moat_student": folders[0].name},
                                                  URL(served.base))
            await player.enter()
            await player.connect()
            assert "month 1" in await player.wait_for("Continue:")
            await player.press("c")
            await player.wait_for("month 1 of")

            # another browser has its own folder and nothing to continue
            await other.enter()
            await other.connect()
            assert "Continue (no saved game yet)" in await other.wait_for("New game")
        finally:
            await player.close()
            await other.close()


async def test_the_session_cap_refuses_the_next_browser_with_a_clear_page(
        tmp_path: Path) -> None:
    with Served(tmp_path, "--max-sessions", "1") as served:
        first, second = Player(served), Player(served)
        try:
            await first.enter()
            await first.connect()
            await first.wait_for("New game")
            async with second.http.get(served.url) as page:
                assert page.status == 503
                assert "All 1 places are taken" in " ".join((await page.text()).split())
            await second.connect()
            await second.wait_closed()
            assert "places are taken" in second.closed_reason
            assert len(served.games()) == 1
        finally:
            await first.close()
            await second.close()


async def test_an_idle_game_is_saved_and_closed(tmp_path: Path) -> None:
    with Served(tmp_path, "--idle-minutes", "0.05") as served:  # 3 seconds
        player = Player(served)
        try:
            await player.enter()
            await player.connect()
            await player.wait_for("New game")
            await player.press("n")
            await player.wait_for("Company name")
            await player.press("\x13")
            await player.wait_for("month 1 of")
            await player.wait_closed()
            assert "without a key press" in player.closed_reason
            assert served.wait_games(0) == []
            saves = list(tmp_path.glob("*/*-auto-001.json"))
            assert len(saves) == 1
            assert json.loads(saves[0].read_text())["meta"]["month"] == 1
        finally:
            await player.close()


@pytest.mark.parametrize("how", [signal.SIGKILL, signal.SIGINT])
async def test_no_game_outlives_the_server(tmp_path: Path, how: signal.Signals) -> None:
    with Served(tmp_path) as served:
        players = [Player(served), Player(served)]
        try:
            for player in players:
                await player.enter()
                await player.connect()
            for player in players:
                await player.wait_for("New game")
            assert len(served.wait_games(2)) == 2
            served.signal(how)
            started = time.monotonic()
            assert served.wait_games(0, timeout=10) == []
            assert time.monotonic() - started < 10
            assert served.process.wait(WAIT) is not None
            if how == signal.SIGINT:
                assert served.process.returncode == 0
                for player in players:
                    await player.wait_closed()
                    assert "server was stopped" in player.closed_reason
        finally:
            for player in players:
                await player.close()


def test_other_hosts_need_a_public_url_and_bad_options_are_refused(tmp_path: Path) -> None:
    runner = CliRunner()
    result = runner.invoke(main, ["serve", "--host", "0.0.0.0", "--saves", str(tmp_path)])
    assert result.exit_code == 1
    assert "--public-url" in result.output
    result = runner.invoke(main, ["serve", "--max-sessions", "0", "--saves", str(tmp_path)])
    assert result.exit_code == 1 and "at least 1" in result.output
    result = runner.invoke(main, ["serve", "--code", "abc", "--saves", str(tmp_path)])
    assert result.exit_code == 1 and "at least 6" in result.output


def test_the_game_and_its_commands_start_without_the_web_server() -> None:
    import subprocess

    code = ("import sys, game.cli, game.launch, game.ui.app; "
            "bad = [m for m in ('aiohttp', 'textual_serve', 'game.web.server') "
            "if m in sys.modules]; print(bad); sys.exit(1 if bad else 0)")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr



def test_a_port_in_use_is_said_plainly(tmp_path: Path) -> None:
    import socket

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = CliRunner().invoke(main, ["serve", "--port", str(port),
                                           "--saves", str(tmp_path)])
    assert result.exit_code == 1
    assert f"port {port} on 127.0.0.1 is already in use" in result.output


async def test_a_second_tab_of_the_same_browser_takes_the_game_over(tmp_path: Path) -> None:
    with Served(tmp_path) as served:
        first = Player(served)
        second = Player(served)
        try:
            await first.enter()
            student = next(c.value for c in first.http.cookie_jar if c.key == "moat_student")
            second.http.cookie_jar.update_cookies(
                {c.key: c.value for c in first.http.cookie_jar}, URL(served.base))
            await first.connect()
            await first.wait_for("New game")
            await second.connect()
            await first.wait_closed()
            assert "opened in another tab" in first.closed_reason
            await second.wait_for("New game")
            games = served.wait_games(1)
            assert len(games) == 1
            command = Path(f"/proc/{games[0]}/cmdline").read_bytes().split(b"\0")
            assert str(tmp_path / student).encode() in command
        finally:
            await first.close()
            await second.close()


async def test_export_debrief_downloads_to_the_students_browser_only(tmp_path: Path) -> None:
    with Served(tmp_path) as served:
        player, other = Player(served), Player(served)
        try:
            await player.enter()
            await other.enter()
            await player.connect()
            await new_game(player)
            await player.press("\x10")  # ctrl+p: the command palette
            await player.wait_for("Search for commands")
            await player.press("Export debrief")
            await player.wait_for("Export debrief")
            await player.press("\r")
            deadline = time.monotonic() + WAIT
            while not any(m[0] == "deliver_file_start" for m in player.messages
                          if isinstance(m, list)) and time.monotonic() < deadline:
                await asyncio.sleep(0.05)
            key = next(m[1] for m in player.messages
                       if isinstance(m, list) and m[0] == "deliver_file_start")
            address = f"{served.base}/download/{key}"
            async with aiohttp.ClientSession() as stranger, stranger.get(address) as refused:
                assert refused.status == 403
            async with other.http.get(address) as elsewhere:
                assert elsewhere.status == 404
            async with player.http.get(address) as download:
                assert download.status == 200
                assert "attachment" in download.headers["Content-Disposition"]
                assert ".html" in download.headers["Content-Disposition"]
                assert "Moat Labs" in await download.text()
        finally:
            await player.close()
            await other.close()


async def test_a_class_card_puts_every_new_game_into_its_world(tmp_path: Path) -> None:
    from game.classroom.card import dumps, make_card
    from game.content.packs import load

    card = tmp_path / "lesson.toml"
    card.write_text(dumps(make_card(load(), "late_entrant", 7, title="Week 5: open models",
                                    sections=("mon", "wed"))), encoding="utf-8")
    saves = tmp_path / "saves"
    with Served(saves, "--class", str(card), "--section", "wed") as served:
        player = Player(served)
        try:
            await player.enter()
            await player.connect()
            # a first visit opens the card's world, for the student to name the company
            shown = await player.wait_for("Company name")
            assert "Week 5: open models" in shown and "The late entrant" in shown
            assert "section wed" in shown and "Scenario" not in shown
            await player.press(*"Vega Labs", "\r")
            first = await to_month(player, 1)
            assert "· 2025-03 ·" in first and "Vega Labs" in first
            await end_month(player, 1)
        finally:
            await player.close()
        saved = [json.loads(p.read_text()) for p in saves.glob("*/*.json")]
        assert saved and all(s["meta"]["company"] == "Vega Labs" for s in saved)
        assert {s["class"]["section"] for s in saved} == {"wed"}
        assert {s["state"]["seed"] for s in saved} == {make_card(
            load(), "late_entrant", 7, sections=("mon", "wed")).seed_for("wed")}


def test_serve_refuses_a_section_the_card_has_not(tmp_path: Path) -> None:
    from game.classroom.card import dumps, make_card
    from game.content.packs import load

    card = tmp_path / "lesson.toml"
    card.write_text(dumps(make_card(load(), None, 7, sections=("mon", "wed"))),
                    encoding="utf-8")
    for args, says in ((["--class", str(card)], "choose one with --section (mon, wed)"),
                       (["--class", str(card), "--section", "fri"], "no section 'fri'"),
                       (["--section", "mon"], "--section goes with --class")):
        result = CliRunner().invoke(main, ["serve", *args, "--saves", str(tmp_path)])
        assert result.exit_code in (1, 2), result.output
        assert says in result.output


def test_a_broken_class_card_is_refused_before_serving(tmp_path: Path) -> None:
    card = tmp_path / "lesson.toml"
    card.write_text("this is = not a card\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["serve", "--class", str(card), "--saves",
                                       str(tmp_path)])
    assert result.exit_code == 1
    assert "lesson.toml" in result.output


def test_a_start_removes_the_folders_of_dead_servers_and_keeps_live_ones(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import os
    import subprocess
    import tempfile

    from game.web.server import MoatServer, Options, _started

    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    gone = subprocess.Popen([sys.executable, "-c", "pass"])
    gone.wait()
    alive = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    # killed with SIGKILL and not yet reaped by its parent: dead all the same
    zombie = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    zombie_started = _started(zombie.pid)
    zombie.kill()
    while Path(f"/proc/{zombie.pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z":
        time.sleep(0.01)
    try:
        folders = {
            "dead": tmp_path / f"moat-serve-{gone.pid}-12345-abcd",
            "live": tmp_path / f"moat-serve-{alive.pid}-{_started(alive.pid)}-efgh",
            # the id of a live process, but it started later than the folder's owner
            "reused": tmp_path / f"moat-serve-{os.getpid()}-{_started(os.getpid()) - 1}-ijkl",
            "not a server's": tmp_path / "moat-serve-notes",
            "killed": tmp_path / f"moat-serve-{zombie.pid}-{zombie_started}-mnop",
        }
        for folder in folders.values():
            folder.mkdir()
            (folder / "content.pickle").write_bytes(b"snapshot")
        server = MoatServer(Options(saves=tmp_path / "saves"))
        server.prepare()
        own = server.folder
        assert own is not None and (own / "content.pickle").is_file()
        assert own.name.startswith(f"moat-serve-{os.getpid()}-")
        assert not folders["dead"].exists() and not folders["reused"].exists()
        assert not folders["killed"].exists()
        assert folders["live"].is_dir() and folders["not a server's"].is_dir()
        # a second server started meanwhile leaves the first one's folder alone
        other = MoatServer(Options(saves=tmp_path / "saves"))
        other.prepare()
        assert own.is_dir()
        other.cleanup()
        server.cleanup()
        assert not own.exists()
    finally:
        alive.kill()
        alive.wait()
        zombie.wait()
