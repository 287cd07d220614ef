"""``moat serve``: the game in students' browsers, one game process per browser.

Built on textual-serve's pieces (its page script, the process protocol and the download
manager) with a server of our own around them, so that:

- every request needs the class's access code (``/?code=…`` once, then a cookie); without
  it the page, the websocket and downloads answer 403;
- each browser keeps an identity (a cookie) with its own save folder under ``--saves``;
  opening the game again — a refresh, another day — finds the game with Continue;
- a game process is started without a shell, dies with the server however the server dies
  (see :mod:`game.web.session`), and is closed (after autosaving) when its browser goes,
  after the idle timeout, or when the server stops;
- the page, its script and its font are served from here: nothing loads from elsewhere.
"""

from __future__ import annotations

import asyncio
import errno
import hashlib
import html
import ipaddress
import os
import re
import secrets
import signal
import string
import sys
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from aiohttp import WSMsgType, web
from textual_serve.app_service import AppService
from textual_serve.download_manager import DownloadManager

from game.web.session import PARENT_ENV

HERE = Path(__file__).parent
TEMPLATES = HERE / "templates"
STATIC = HERE / "static"
ACCESS_COOKIE = "moat_access"
STUDENT_COOKIE = "moat_student"
STUDENT_ID = re.compile(r"[A-Za-z0-9_-]{16,64}")
CODE_LETTERS = "abcdefghjkmnpqrstuvwxyz23456789"
"""Letters of a generated access code: no 0/o, 1/l/i to mix up when read aloud."""
STOP_GRACE = 3.0
"""Seconds a game has to save and close before its process is ended."""
STUDENT_DAYS = 400
"""How long a browser keeps its identity (and so its saves)."""
WS_CLOSE = 4000
"""Websocket close code whose reason the page shows when a session ends."""


def textual_static() -> Path:
    """textual-serve's own static folder: the page script, its CSS and the font."""
    import textual_serve

    return Path(textual_serve.__file__).parent / "static"


def new_code() -> str:
    """An access code that is easy to read out to a class, such as ``kq7m-x2pd``."""
    letters = [secrets.choice(CODE_LETTERS) for _ in range(8)]
    return "".join(letters[:4]) + "-" + "".join(letters[4:])


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


class ServeError(ValueError):
    """Options ``moat serve`` refuses, with the reason for the teacher."""


@dataclass(frozen=True)
class Options:
    """What ``moat serve`` was asked to do."""

    saves: Path
    host: str = "127.0.0.1"
    port: int = 8000
    code: str = ""
    """The access code; generated when empty."""
    max_sessions: int = 30
    idle_seconds: float = 30 * 60
    public_url: str | None = None
    packs: tuple[Path, ...] = ()
    card: Path | None = None
    """A class card: every new game is its world."""
    section: str | None = None
    """The card's section every game plays (for a card with sections)."""

    def check(self) -> None:
        """Raise :class:`ServeError` for options that would leave the game open or broken."""
        if not is_loopback(self.host) and not self.public_url:
            raise ServeError(
                f"--host {self.host} lets other machines connect: say the address they use "
                "with --public-url (for example --public-url http://192.168.1.20:8000)")
        if self.public_url:
            parts = urlsplit(self.public_url)
            if parts.scheme not in ("http", "https") or not parts.netloc:
                raise ServeError(f"--public-url {self.public_url!r} is not an http:// or "
                                 "https:// address")
        if self.max_sessions < 1:
            raise ServeError(f"--max-sessions must be at least 1, not {self.max_sessions}")
        if self.idle_seconds <= 0:
            raise ServeError("--idle-minutes must be more than 0")
        if self.code and (len(self.code) < 6 or not self.code.isprintable()
                          or " " in self.code):
            raise ServeError("--code needs at least 6 characters and no spaces")


def render(name: str, **values: str) -> str:
    """A page from templates/, every value HTML-escaped."""
    text = (TEMPLATES / name).read_text(encoding="utf-8")
    return string.Template(text).substitute({k: html.escape(v) for k, v in values.items()})


class GameProcess(AppService):
    """textual-serve's app service, starting the game without a shell in between."""

    def __init__(self, argv: list[str], extra_env: dict[str, str], *,
                 write_bytes: Callable[[bytes], Awaitable[None]],
                 write_str: Callable[[str], Awaitable[None]],
                 close: Callable[[], Awaitable[None]],
                 download_manager: DownloadManager) -> None:
        super().__init__(" ".join(argv), write_bytes=write_bytes, write_str=write_str,
                         close=close, download_manager=download_manager)
        self.argv = argv
        self.extra_env = extra_env

    @property
    def pid(self) -> int | None:
        return self._process.pid if self._process is not None else None

    async def _open_app_process(self, width: int = 80, height: int = 24
                                ) -> asyncio.subprocess.Process:
        environment = self._build_environment(width=width, height=height)
        environment.update(self.extra_env)
        # its own process group: the terminal's Ctrl-C reaches the server, which saves
        # and closes every game itself
        self._process = process = await asyncio.create_subprocess_exec(
            *self.argv, stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE, env=environment, start_new_session=True)
        assert process.stdin is not None
        self._stdin = process.stdin
        return process

    async def run(self) -> None:
        """Relay the game's output; when the game has gone, so has the page's connection."""
        await super().run()
        await self.remote_close()

    async def finish(self, grace: float) -> None:
        """Ask the game to save and close; end the process if it has not within ``grace``."""
        process = self._process
        if process is None:
            return
        await self._download_manager.cancel_app_downloads(app_service_id=self.app_service_id)
        if process.returncode is None:
            await self.send_meta({"type": "quit"})
        try:
            await asyncio.wait_for(process.wait(), grace)
        except TimeoutError:
            for stop in (process.terminate, process.kill):
                try:
                    stop()
                except ProcessLookupError:
                    break
                try:
                    await asyncio.wait_for(process.wait(), 1.0)
                    break
                except TimeoutError:
                    continue
        if self._task is not None:
            try:
                await asyncio.wait_for(self._task, 1.0)
            except TimeoutError:
                self._task.cancel()
            self._task = None


@dataclass(eq=False)
class Session:
    """One browser's game."""

    student: str
    websocket: web.WebSocketResponse
    last_input: float = field(default_factory=time.monotonic)
    reason: str = ""
    """Why the session ended, shown on the page."""
    service: GameProcess | None = None
    ending: bool = False
    ended: asyncio.Event = field(default_factory=asyncio.Event)

    async def close_socket(self) -> None:
        message = self.reason.encode("utf-8")[:120]
        await self.websocket.close(code=WS_CLOSE, message=message)


FOLDER_PREFIX = "moat-serve-"
"""A server's private folder is ``moat-serve-PID-START-xxxx`` in the temporary folder: the
process that owns it (its id, and when it started, so a reused id is not mistaken for it)."""
OWNED_FOLDER = re.compile(r"moat-serve-(\d+)-(\d+)-[^/]+")


def _stat(pid: int) -> list[str]:
    """The fields of /proc/PID/stat after the command name (state first), or none."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text(encoding="ascii", errors="replace")
    except OSError:
        return []
    return stat.rsplit(")", 1)[-1].split()


def _started(pid: int) -> int:
    """When process ``pid`` started (clock ticks since boot, from /proc), or 0 if unknown."""
    fields = _stat(pid)
    return int(fields[19]) if len(fields) > 19 and fields[19].isdigit() else 0


def folder_prefix() -> str:
    pid = os.getpid()
    return f"{FOLDER_PREFIX}{pid}-{_started(pid)}-"


def _owner_alive(pid: int, started: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # someone else's process: alive
    except (OSError, OverflowError):
        return False
    fields = _stat(pid)
    if fields[:1] in (["Z"], ["X"]):
        return False  # killed, not yet reaped by its parent
    now = int(fields[19]) if len(fields) > 19 and fields[19].isdigit() else 0
    return not (started and now and now != started)  # same id, another process: gone


def sweep_stale_folders(root: Path) -> list[Path]:
    """Remove the private folders of servers that no longer run (one killed with SIGKILL
    cannot remove its own); a live server's folder, or one not ours, is left alone."""
    removed: list[Path] = []
    try:
        entries = list(root.iterdir())
    except OSError:
        return removed
    import shutil

    for path in entries:
        match = OWNED_FOLDER.fullmatch(path.name)
        if match is None:
            continue
        try:
            info = path.lstat()
        except OSError:
            continue
        if not path.is_dir() or path.is_symlink() or info.st_uid != os.getuid():
            continue
        if _owner_alive(int(match[1]), int(match[2])):
            continue
        shutil.rmtree(path, ignore_errors=True)
        removed.append(path)
    return removed


class MoatServer:
    """The web server: access, identities, one game process per browser."""

    def __init__(self, options: Options) -> None:
        options.check()
        self.options = options
        self.code = options.code or new_code()
        self.access = hashlib.sha256(f"moat-access:{self.code}".encode()).hexdigest()
        self.sessions: dict[str, Session] = {}
        self.downloads = DownloadManager()
        self.secure = bool(options.public_url and options.public_url.startswith("https:"))
        self._reaper: asyncio.Task[None] | None = None
        self.folder: Path | None = None
        """The server's private folder (the packs as read, for the game processes)."""
        self.pack_folders: tuple[Path, ...] = options.packs
        """Every game's extra packs: the card's, then ``--pack``."""

    def prepare(self) -> None:
        """Read the card and the packs once, before serving: refuse them if they are
        broken, and keep them as read for every game process (see game.content.snapshot)."""
        import tempfile

        from game.content.loader import PackError
        from game.content.packs import load
        from game.content.snapshot import write

        options = self.options
        if options.card is not None:
            from game.classroom.card import CardError, pack_folders, read_card

            try:
                card = read_card(options.card)
                card.seed_for(options.section)
                folders = pack_folders(card)
            except CardError as error:
                raise ServeError(str(error)) from None
            self.pack_folders = tuple(dict.fromkeys([*folders, *options.packs]))
        elif options.section:
            raise ServeError("--section goes with --class CARD")
        try:
            content = load(self.pack_folders)
        except PackError as error:
            shown = "\n".join(str(p) for p in error.problems[:10])
            more = len(error.problems) - 10
            raise ServeError("the packs cannot be loaded:\n" + shown
                             + (f"\n(and {more} more)" if more > 0 else "")) from None
        root = Path(tempfile.gettempdir())
        sweep_stale_folders(root)
        self.folder = Path(tempfile.mkdtemp(prefix=folder_prefix(), dir=root))
        write(content, self.folder / "content.pickle")

    def cleanup(self) -> None:
        if self.folder is not None:
            import shutil

            shutil.rmtree(self.folder, ignore_errors=True)
            self.folder = None

    # -- the web application ---------------------------------------------------------------

    def application(self) -> web.Application:
        app = web.Application(middlewares=[self.guard])
        app.add_routes([
            web.get("/", self.index),
            web.get("/ws", self.websocket),
            web.get("/download/{key}", self.download),
            web.static("/static", textual_static()),
            web.static("/moat", STATIC),
        ])
        app.on_response_prepare.append(self.headers)
        app.on_startup.append(self.on_startup)
        app.on_shutdown.append(self.on_shutdown)
        return app

    def url(self, host: str, port: int) -> str:
        """The address to open, access code included."""
        if self.options.public_url:
            base = self.options.public_url.rstrip("/")
        else:
            shown = f"[{host}]" if ":" in host else host
            base = f"http://{shown}:{port}"
        return f"{base}/?code={self.code}"

    async def on_startup(self, app: web.Application) -> None:
        self._reaper = asyncio.create_task(self.reap_idle())

    async def on_shutdown(self, app: web.Application) -> None:
        await self.stop_all("The server was stopped. Your game is saved.")

    async def headers(self, request: web.Request, response: web.StreamResponse) -> None:
        """No page content from any other host, no framing, no caching of pages."""
        response.headers["Content-Security-Policy"] = (
            "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
            "img-src 'self' data:; font-src 'self'; connect-src 'self' "
            f"{self.websocket_origin(request)}; frame-ancestors 'none'; base-uri 'none'; "
            "form-action 'self'")
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "no-referrer"
        if not request.path.startswith(("/static/", "/moat/")):
            response.headers["Cache-Control"] = "no-store"

    def has_access(self, request: web.Request) -> bool:
        return secrets.compare_digest(request.cookies.get(ACCESS_COOKIE, ""), self.access)

    @web.middleware
    async def guard(self, request: web.Request,
                    handler: Callable[[web.Request], Awaitable[web.StreamResponse]]
                    ) -> web.StreamResponse:
        """The access code, once in the address (then kept as a cookie), or a 403."""
        if request.path == "/" and "code" in request.query:
            given = request.query["code"].strip()
            if not secrets.compare_digest(given.lower().encode(), self.code.lower().encode()):
                return self.refused(request, "That code is not the one for this game.")
            response = web.HTTPFound("/")  # the code leaves the address bar
            self.grant(request, response)
            return response
        if not self.has_access(request):
            return self.refused(request, "")
        return await handler(request)

    def grant(self, request: web.Request, response: web.StreamResponse) -> None:
        response.set_cookie(ACCESS_COOKIE, self.access, max_age=12 * 3600, path="/",
                            httponly=True, samesite="Strict", secure=self.secure)
        if self.student(request) is None:
            response.set_cookie(STUDENT_COOKIE, secrets.token_urlsafe(18),
                                max_age=STUDENT_DAYS * 86400, path="/", httponly=True,
                                samesite="Lax", secure=self.secure)

    def refused(self, request: web.Request, problem: str) -> web.Response:
        if request.path != "/":
            return web.Response(status=403, text="403: this needs the class's access code.\n")
        page = render("code.html", problem=problem)
        return web.Response(status=403, text=page, content_type="text/html")

    @staticmethod
    def student(request: web.Request) -> str | None:
        value = request.cookies.get(STUDENT_COOKIE, "")
        return value if STUDENT_ID.fullmatch(value) else None

    def websocket_origin(self, request: web.Request) -> str:
        base = self.options.public_url or f"{request.scheme}://{request.host}"
        parts = urlsplit(base)
        return ("wss://" if parts.scheme == "https" else "ws://") + parts.netloc

    def same_origin(self, request: web.Request) -> bool:
        """A websocket opened by our own page, not by another site's script."""
        origin = request.headers.get("Origin")
        if origin is None:
            return True  # not a browser; the cookies still had to be right
        base = self.options.public_url or f"{request.scheme}://{request.host}"
        expected = urlsplit(base)
        got = urlsplit(origin)
        return (got.scheme, got.netloc) == (expected.scheme, expected.netloc)

    def full(self, student: str | None) -> bool:
        return len(self.sessions) >= self.options.max_sessions and student not in self.sessions

    async def index(self, request: web.Request) -> web.StreamResponse:
        student = self.student(request)
        if self.full(student):
            page = render("full.html", places=str(self.options.max_sessions))
            return web.Response(status=503, text=page, content_type="text/html",
                                headers={"Retry-After": "60"})
        websocket = self.websocket_origin(request) + urlsplit(
            self.options.public_url or "/").path.rstrip("/") + "/ws"
        page = render("index.html", websocket=websocket)
        response = web.Response(text=page, content_type="text/html")
        if student is None:
            self.grant(request, response)
        return response

    # -- sessions ------------------------------------------------------------------------------

    def session_argv(self, student: str) -> list[str]:
        folder = self.options.saves / student
        argv = [sys.executable, "-m", "game.web.session", "--saves", str(folder)]
        for pack in self.pack_folders:
            argv += ["--pack", str(pack)]
        if self.options.card is not None:
            argv += ["--class", str(self.options.card)]
        if self.options.section:
            argv += ["--section", self.options.section]
        if self.folder is not None:
            argv += ["--content", str(self.folder / "content.pickle")]
        return argv

    async def websocket(self, request: web.Request) -> web.StreamResponse:
        student = self.student(request)
        if student is None or not self.same_origin(request):
            return web.Response(status=403, text="403: not from this game's page.\n")
        old = self.sessions.get(student)
        if old is not None:
            await self.end(old, "This game was opened in another tab or window.")
        websocket = web.WebSocketResponse(heartbeat=15)
        await websocket.prepare(request)
        if self.full(student):
            await websocket.close(code=WS_CLOSE, message=(
                f"All {self.options.max_sessions} places are taken. Try again in a minute."
            ).encode())
            return websocket
        session = Session(student, websocket)
        self.sessions[student] = session
        try:
            width = _number(request.query.get("width"), 80)
            height = _number(request.query.get("height"), 24)
            session.service = GameProcess(
                self.session_argv(student), {PARENT_ENV: str(os.getpid())},
                write_bytes=websocket.send_bytes, write_str=websocket.send_str,
                close=session.close_socket, download_manager=self.downloads)
            await session.service.start(width, height)
            await self.relay(session)
        except (ConnectionResetError, asyncio.CancelledError):
            pass
        finally:
            await asyncio.shield(self.end(session, session.reason))
        return websocket

    async def relay(self, session: Session) -> None:
        """The browser's keys, mouse and size to the game."""
        service = session.service
        assert service is not None
        async for message in session.websocket:
            if message.type != WSMsgType.TEXT:
                continue
            try:
                envelope = message.json()
                kind, data = envelope[0], envelope[1]
            except (ValueError, TypeError, IndexError, KeyError):
                continue
            if kind == "stdin" and isinstance(data, str):
                session.last_input = time.monotonic()
                await service.send_bytes(data.encode("utf-8"))
            elif kind == "resize" and isinstance(data, dict):
                await service.set_terminal_size(_number(data.get("width"), 80),
                                                _number(data.get("height"), 24))
            elif kind == "ping":
                await session.websocket.send_json(["pong", data])
            elif kind == "blur":
                await service.blur()
            elif kind == "focus":
                await service.focus()

    async def end(self, session: Session, reason: str) -> None:
        """Save and close a session's game, then its websocket; once, however often asked."""
        if session.ending:
            await session.ended.wait()
            return
        session.ending = True
        session.reason = session.reason or reason
        try:
            if session.service is not None:
                await session.service.finish(STOP_GRACE)
            await session.close_socket()
        finally:
            if self.sessions.get(session.student) is session:
                del self.sessions[session.student]
            session.ended.set()

    async def stop_all(self, reason: str) -> None:
        if self._reaper is not None:
            self._reaper.cancel()
        sessions = list(self.sessions.values())
        await asyncio.gather(*(self.end(s, reason) for s in sessions), return_exceptions=True)

    async def reap_idle(self) -> None:
        """Close (after autosaving) the games nobody has touched for the idle timeout."""
        idle = self.options.idle_seconds
        minutes = idle / 60
        said = f"{minutes:.0f} minutes" if minutes >= 1 else f"{idle:.0f} seconds"
        while True:
            await asyncio.sleep(min(5.0, max(idle / 4, 0.2)))
            now = time.monotonic()
            for session in list(self.sessions.values()):
                if not session.ending and now - session.last_input > idle:
                    asyncio.create_task(self.end(
                        session, f"Closed after {said} without a key press. Your game is "
                                 "saved: start again and choose Continue."))

    async def download(self, request: web.Request) -> web.StreamResponse:
        """A file the student's own game delivers (the debrief, for instance)."""
        key = request.match_info["key"]
        student = self.student(request)
        try:
            meta = await self.downloads.get_download_metadata(key)
        except KeyError:
            raise web.HTTPNotFound(text="No such download (it may have expired).\n") from None
        owner = next((s for s in self.sessions.values() if s.service is meta.app_service), None)
        if owner is None or owner.student != student:
            raise web.HTTPNotFound(text="No such download (it may have expired).\n")
        content_type = meta.mime_type + (f"; charset={meta.encoding}" if meta.encoding else "")
        disposition = "inline" if meta.open_method == "browser" else "attachment"
        name = re.sub(r"[^A-Za-z0-9._-]", "_", meta.file_name) or "download"
        response = web.StreamResponse(headers={
            "Content-Type": content_type,
            "Content-Disposition": f'{disposition}; filename="{name}"'})
        await response.prepare(request)
        async for chunk in self.downloads.download(key):
            await response.write(chunk)
        await response.write_eof()
        return response


def _number(value: object, default: int) -> int:
    try:
        number = int(str(value))
    except ValueError:
        return default
    return number if 1 <= number <= 1000 else default


async def _serve(server: MoatServer, announce: Callable[[str], None]) -> None:
    options = server.options
    runner = web.AppRunner(server.application(), access_log=None, shutdown_timeout=2.0,
                           handle_signals=False)
    await runner.setup()
    site = web.TCPSite(runner, options.host, options.port)
    try:
        await site.start()
    except OSError as error:
        await runner.cleanup()
        if error.errno == errno.EADDRINUSE:
            raise ServeError(f"port {options.port} on {options.host} is already in use: "
                             "choose another with --port") from None
        raise ServeError(f"cannot listen on {options.host} port {options.port}: "
                         f"{error.strerror or error}") from None
    port = options.port
    for address in runner.addresses:
        if isinstance(address, tuple):
            port = int(address[1])
            break
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    announce(server.url(options.host, port))
    await stop.wait()
    count = len(server.sessions)
    print(f"Stopping: saving and closing {count} game{'s' if count != 1 else ''}…",
          flush=True)
    await server.stop_all("The server was stopped. Your game is saved.")
    await runner.cleanup()


def serve(options: Options, announce: Callable[[str], None]) -> None:
    """Run until Ctrl-C (or SIGTERM); ``announce`` receives the address to open."""
    server = MoatServer(options)
    try:
        server.prepare()
        asyncio.run(_serve(server, announce))
    finally:
        server.cleanup()
