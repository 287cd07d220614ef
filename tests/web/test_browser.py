"""A real browser (headless Chromium) plays through ``moat serve``'s page.

The terminal in the page draws on a canvas, so the test reads the screen the way the page
does: from the websocket's frames, through a terminal emulator.
"""

from __future__ import annotations

import shutil
import sys
import time
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from tests.web.helpers import ANSWER, DIALOG, WAIT, Screen, Served, answer_key, month_ready

BROWSERS = ("chromium-headless-shell", "chromium", "chromium-browser")
CHROMIUM = next((path for name in BROWSERS if (path := shutil.which(name))), None)

pytestmark = [
    pytest.mark.skipif(CHROMIUM is None, reason="no Chromium here: install the Debian package "
                       "chromium-headless-shell (or chromium) to run the browser test"),
    pytest.mark.skipif(not sys.platform.startswith("linux"), reason="Linux only"),
]


class Page:
    """The browser tab and the screen it shows."""

    def __init__(self, page: object, served: Served) -> None:
        from playwright.sync_api import Page as BrowserPage
        from playwright.sync_api import WebSocket

        assert isinstance(page, BrowserPage)
        self.page = page
        self.screen = Screen()
        self.frames = 0
        self.closed = False
        self.outside: list[str] = []
        self.local: list[str] = []
        origin = urlsplit(served.base).netloc

        def route(route: object) -> None:
            from playwright.sync_api import Route

            assert isinstance(route, Route)
            if urlsplit(route.request.url).netloc == origin:
                self.local.append(route.request.url)
                route.continue_()
            else:
                self.outside.append(route.request.url)
                route.abort()

        def opened(socket: WebSocket) -> None:
            query = parse_qs(urlsplit(socket.url).query)
            if urlsplit(socket.url).netloc != origin:
                self.outside.append(socket.url)
            self.screen = Screen(int(query["width"][0]), int(query["height"][0]))
            socket.on("framereceived", received)
            socket.on("framesent", sent)
            socket.on("close", lambda _: setattr(self, "closed", True))

        def received(payload: bytes | str) -> None:
            if isinstance(payload, bytes):
                self.frames += 1
                self.screen.feed(payload)

        def sent(payload: bytes | str) -> None:
            if isinstance(payload, str) and payload.startswith('["resize"'):
                import json

                size = json.loads(payload)[1]
                self.screen.screen.resize(int(size["height"]), int(size["width"]))

        page.context.route("**/*", route)
        page.on("websocket", opened)

    def text(self) -> str:
        return self.screen.text()

    def settle(self, quiet: float = 0.3) -> None:
        deadline = time.monotonic() + WAIT
        seen, since = self.frames, time.monotonic()
        while time.monotonic() < deadline:
            self.page.wait_for_timeout(50)  # lets the browser's events arrive
            if self.frames != seen:
                seen, since = self.frames, time.monotonic()
            elif time.monotonic() - since >= quiet:
                return

    def focus(self) -> None:
        """Give the terminal the keyboard, as a click would, without clicking on the game
        (a click in the middle of the title screen chooses the menu entry there)."""
        self.page.focus("#terminal .xterm-helper-textarea")

    def wait_for(self, text: str) -> str:
        deadline = time.monotonic() + WAIT
        while time.monotonic() < deadline:
            shown = self.text()
            if text in shown:
                return shown
            self.page.wait_for_timeout(50)
        raise AssertionError(f"{text!r} never appeared; the screen shows:\n{self.text()}")

    def press(self, key: str) -> None:
        self.page.keyboard.press(key)

    def answer(self, key: str) -> None:
        """Press ``key`` and wait until the game has drawn its answer, so that a slow
        machine never gets the same key twice for one dialog."""
        seen, shown = self.frames, self.text()
        self.press(key)
        deadline = time.monotonic() + ANSWER
        while time.monotonic() < deadline and (self.frames == seen or self.text() == shown):
            self.page.wait_for_timeout(50)

    def to_month(self, month: int) -> str:
        deadline = time.monotonic() + WAIT
        tries = 0
        while time.monotonic() < deadline:
            self.settle()
            text = self.text()
            if month_ready(text, month):
                return text
            if DIALOG in text:
                key = answer_key(text, tries)
                tries += key != "Enter"
                self.answer(key)
        raise AssertionError(f"month {month} never showed:\n{self.text()}")


def test_a_browser_plays_a_month_and_asks_nothing_of_any_other_host(tmp_path: Path) -> None:
    from playwright.sync_api import sync_playwright

    assert CHROMIUM is not None
    with Served(tmp_path) as served, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM,
                                             args=["--no-sandbox", "--disable-gpu"])
        try:
            context = browser.new_context(viewport={"width": 1100, "height": 700},
                                          accept_downloads=True)
            page = context.new_page()
            tab = Page(page, served)
            errors: list[str] = []
            page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
            page.goto(served.url, timeout=WAIT * 1000)
            assert urlsplit(page.url).query == ""  # the code does not stay in the address
            tab.wait_for("New game")
            tab.focus()
            tab.press("n")
            tab.wait_for("Company name")
            tab.press("Control+s")
            tab.to_month(1)
            tab.press("e")
            shown = tab.to_month(2)
            assert "month 2 of" in shown and "End the month (e)" in shown

            page.reload(timeout=WAIT * 1000)  # a refresh: the game is there to continue
            assert "month 2" in tab.wait_for("Continue:")
            tab.focus()
            tab.press("c")
            tab.to_month(2)

            # the debrief, exported from the command palette, arrives as a download
            tab.press("Control+p")
            tab.wait_for("Search for commands")
            page.keyboard.type("Export debrief")
            tab.wait_for("Write this game's debrief")  # found: Enter runs it
            with page.expect_download(timeout=WAIT * 1000) as arrival:
                tab.press("Enter")
            download = arrival.value
            assert download.suggested_filename.endswith(".html")
            assert "Moat Labs" in Path(download.path()).read_text(encoding="utf-8")
            assert tab.outside == []
            loaded = " ".join(tab.local)
            assert "textual.js" in loaded and "RobotoMono" in loaded  # the font, from here
            assert errors == []
        finally:
            browser.close()
