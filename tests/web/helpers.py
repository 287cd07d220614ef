"""Driving ``moat serve`` from tests: a server process, a websocket client, a screen."""

from __future__ import annotations

import asyncio
import os
import queue
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path
from types import TracebackType

import aiohttp
import pyte

CODE = "class-code-7"
WAIT = 60.0
"""Generous: the machine running the tests may be busy."""
ANSWER = 10.0
"""How long a key answering a dialog may take to show its effect before the next try."""


class Served:
    """A ``moat serve`` process on a free loopback port."""

    def __init__(self, saves: Path, *args: str) -> None:
        self.saves = saves
        self.process = subprocess.Popen(
            [sys.executable, "-m", "game", "serve", "--port", "0", "--saves", str(saves),
             "--code", CODE, *args],
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        self.lines: queue.Queue[str] = queue.Queue()
        self.output: list[str] = []
        threading.Thread(target=self._read, daemon=True).start()
        self.url = ""
        deadline = time.monotonic() + WAIT
        while not self.url:
            try:
                line = self.lines.get(timeout=max(0.1, deadline - time.monotonic()))
            except queue.Empty:
                self.kill()
                raise AssertionError("the server did not start: "
                                     + "".join(self.output)) from None
            if line.startswith("Moat is served at "):
                self.url = line.removeprefix("Moat is served at ").strip()
        self.base = self.url.split("/?", 1)[0]

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.output.append(line)
            self.lines.put(line)

    def games(self) -> list[int]:
        """Process ids of this server's game processes (found by their save folder)."""
        found = []
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit():
                continue
            try:
                command = (entry / "cmdline").read_bytes().split(b"\0")
            except OSError:
                continue
            if b"game.web.session" in command and any(
                    part.startswith(str(self.saves).encode()) for part in command):
                try:
                    state = (entry / "stat").read_text().rsplit(")", 1)[1].split()[0]
                except (OSError, IndexError):
                    continue
                if state != "Z":
                    found.append(int(entry.name))
        return found

    def wait_games(self, count: int, timeout: float = WAIT) -> list[int]:
        deadline = time.monotonic() + timeout
        while True:
            games = self.games()
            if len(games) == count or time.monotonic() > deadline:
                return games
            time.sleep(0.1)

    def signal(self, sig: signal.Signals) -> None:
        os.kill(self.process.pid, sig)

    def kill(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait(10)
        for pid in self.games():  # never leave anything behind, whatever the test found
            try:
                os.kill(pid, signal.SIGKILL)
            except OSError:
                pass

    def __enter__(self) -> Served:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        self.kill()


class Screen:
    """What the browser's terminal shows, rebuilt from the websocket's bytes."""

    def __init__(self, width: int = 100, height: int = 32) -> None:
        self.screen = pyte.Screen(width, height)
        self.stream = pyte.ByteStream(self.screen)

    def feed(self, data: bytes) -> None:
        self.stream.feed(data)

    def text(self) -> str:
        return "\n".join(self.screen.display)


class Player:
    """A browser without a browser: cookies, the websocket, the screen."""

    def __init__(self, served: Served, width: int = 100, height: int = 32) -> None:
        self.served = served
        self.width, self.height = width, height
        self.http = aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True))
        self.screen = Screen(width, height)
        self.ws: aiohttp.ClientWebSocketResponse | None = None
        self.closed_reason = ""
        self._reader: asyncio.Task[None] | None = None
        self.frames = 0
        self.messages: list[object] = []
        """The text messages the server sent (such as a file ready to download)."""

    async def enter(self) -> int:
        async with self.http.get(self.served.url) as response:
            await response.read()
            return response.status

    async def connect(self) -> None:
        base = self.served.base.replace("http://", "ws://")
        self.ws = await self.http.ws_connect(
            f"{base}/ws?width={self.width}&height={self.height}",
            headers={"Origin": self.served.base})
        self._reader = asyncio.create_task(self._read())

    async def _read(self) -> None:
        assert self.ws is not None
        while True:
            message = await self.ws.receive()
            if message.type == aiohttp.WSMsgType.BINARY:
                self.frames += 1
                self.screen.feed(message.data)
            elif message.type == aiohttp.WSMsgType.TEXT:
                self.messages.append(message.json())
            elif message.type == aiohttp.WSMsgType.CLOSE:
                self.closed_reason = str(message.extra or "")
                await self.ws.close()
                return
            elif message.type in (aiohttp.WSMsgType.CLOSED, aiohttp.WSMsgType.ERROR):
                return

    async def press(self, *keys: str) -> None:
        assert self.ws is not None
        for key in keys:
            await self.ws.send_json(["stdin", key])

    async def wait_for(self, text: str, timeout: float = WAIT) -> str:
        deadline = time.monotonic() + timeout
        while True:
            shown = self.screen.text()
            if text in shown:
                return shown
            if time.monotonic() > deadline:
                raise AssertionError(f"{text!r} never appeared; the screen shows:\n{shown}")
            if self._reader is not None and self._reader.done():
                raise AssertionError(f"closed before {text!r} appeared:\n{shown}")
            await asyncio.sleep(0.05)

    async def wait_closed(self, timeout: float = WAIT) -> None:
        assert self._reader is not None
        await asyncio.wait_for(asyncio.shield(self._reader), timeout)

    async def close(self) -> None:
        if self.ws is not None:
            await self.ws.close()
        if self._reader is not None:
            try:
                await asyncio.wait_for(self._reader, 10)
            except (TimeoutError, asyncio.CancelledError):
                pass
        await self.http.close()


DIALOG = "▀▀▀▀▀▀"
EVENT_HINT = "Tab+Enter: take"
"""The event dialog's hint while its choices wait: Enter alone takes none of them."""


def answer_key(text: str, tries: int) -> str:
    """The key that answers the dialog on screen: an event's choices by number (the next
    one after a locked choice or one that asks first), No to a confirmation, else Enter."""
    if "Are you sure?" in text:
        return "n"
    if EVENT_HINT in text:
        return str(1 + tries % 4)
    return "Enter"
"""The top edge of a dialog's frame, as the terminal draws it."""


def month_ready(text: str, month: int) -> bool:
    """The month screen of ``month`` has the keyboard: no dialog over it."""
    return (DIALOG not in text and f"month {month} of" in text and "End the month (e)" in text
            and "the month has not begun" not in text and "e End month" in text)


async def settle(player: Player, quiet: float = 0.3, timeout: float = WAIT) -> None:
    """Wait until the game has stopped drawing for a moment."""
    deadline = time.monotonic() + timeout
    seen, since = player.frames, time.monotonic()
    while time.monotonic() < deadline:
        await asyncio.sleep(0.05)
        if player.frames != seen:
            seen, since = player.frames, time.monotonic()
        elif time.monotonic() - since >= quiet:
            return


async def answer(player: Player, key: str) -> None:
    """Press ``key`` and wait until the game has drawn its answer, so that a slow machine
    never gets the same key twice for one dialog."""
    seen, shown = player.frames, player.screen.text()
    await player.press(key)
    deadline = time.monotonic() + ANSWER
    while time.monotonic() < deadline and (player.frames == seen
                                           or player.screen.text() == shown):
        await asyncio.sleep(0.05)


async def to_month(player: Player, month: int, timeout: float = WAIT) -> str:
    """Answer dialogs with Enter (the first choice) until ``month``'s screen shows."""
    deadline = time.monotonic() + timeout
    tries = 0
    while time.monotonic() < deadline:
        await settle(player)
        text = player.screen.text()
        if month_ready(text, month):
            return text
        if DIALOG in text:
            key = answer_key(text, tries)
            tries += key != "Enter"
            await answer(player, "\r" if key == "Enter" else key)
    raise AssertionError(f"month {month} never showed:\n{player.screen.text()}")


async def new_game(player: Player) -> str:
    """From the title: a new game with the suggested settings, to its first month."""
    await player.wait_for("New game")
    await player.press("n")
    await player.wait_for("Company name")
    await player.press("\x13")  # ctrl+s: start
    return await to_month(player, 1)


async def end_month(player: Player, month: int) -> str:
    """End ``month`` and go on to the next month's screen."""
    await player.press("e")
    return await to_month(player, month + 1)
