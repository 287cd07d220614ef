"""The save folder: atomic writes, autosaves kept per game, a fast listing, safe loading.

A save is written to a temporary file in the same folder, flushed and fsynced, moved over
its name with ``os.replace`` and the folder fsynced, so a crash at any instant leaves the
old file or the new one, whole. Temporary files left by a crash are swept when a store is
opened, once they are old enough that no other copy of the game can still be writing them.
A file that cannot be loaded is never changed or removed.

Only regular files are read, and only so much of them: a pipe, a device or a huge file in
the folder is listed with its problem and never blocks or fills memory. File names are made
from the company's name and the game's id, both reduced to safe characters, and pruning
removes only autosaves whose own header names the same game.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import secrets
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from game.files import problem_text, read_regular
from game.saves import VERSION

if TYPE_CHECKING:  # the app opens a store before the rules are loaded; keep this light
    from game.engine.content import Content
    from game.engine.game import Game

SAVES_ENV = "MOAT_SAVES"
"""Environment variable naming the save folder."""
AUTOSAVES_KEPT = 3
"""Autosaves kept for each game; older ones are removed after a new one is written."""
TEMP_PREFIX = ".moat-tmp-"
HEAD_BYTES = 4096
"""How much of a file the listing reads to find its header."""
SWEEP_AGE = 600.0
"""Seconds after which a temporary file is taken for a crash's leftover (a write takes
milliseconds; another copy of the game on the same folder may be writing a younger one)."""
_SAFE_ID = re.compile(r"^[0-9a-z-]{1,24}$")


def default_folder() -> Path:
    """``MOAT_SAVES``; else the game folder's ``saves/`` (a checkout, or the current folder
    when it has one); else the user's data folder."""
    override = os.environ.get(SAVES_ENV)
    if override:
        return Path(override)
    import game

    checkout = Path(game.__file__).resolve().parent.parent / "saves"
    if (checkout.parent / "pyproject.toml").is_file():
        return checkout
    here = Path.cwd() / "saves"
    if here.is_dir():
        return here
    data = Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")
    return data / "moat" / "saves"


def safe_id(game_id: str) -> str:
    """A game id as it may appear in a file name: itself when it is plain, else a digest."""
    if _SAFE_ID.match(game_id):
        return game_id
    return "x" + hashlib.blake2b(game_id.encode("utf-8", "replace"), digest_size=6).hexdigest()


def write_atomic(path: Path, data: bytes) -> None:
    """Replace ``path`` with ``data`` so that a crash leaves the old or the new file whole."""
    temp = path.with_name(f"{TEMP_PREFIX}{secrets.token_hex(4)}-{path.name}")
    fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temp, path)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
    folder = os.open(path.parent, os.O_RDONLY)
    try:
        os.fsync(folder)
    finally:
        os.close(folder)


@dataclass(frozen=True)
class SaveInfo:
    """One file of the save folder as the load screen lists it."""

    path: Path
    meta: dict[str, Any] | None
    """The save's header, or None when the file cannot be read."""
    problem: str = ""
    mtime: float = 0.0

    @property
    def ok(self) -> bool:
        return self.meta is not None

    @property
    def game_id(self) -> str:
        return str(self.meta.get("game_id", "")) if self.meta else ""


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:32] or "game"


class SaveStore:
    """The saves of one folder."""

    def __init__(self, folder: Path | None = None) -> None:
        self.folder = folder or default_folder()

    def ensure(self) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)

    def sweep(self, age: float = SWEEP_AGE) -> int:
        """Remove temporary files a crash left behind (older than ``age`` seconds, so that a
        second copy of the game writing into the same folder keeps its own); returns how
        many. A folder that cannot be changed is left as it is."""
        swept = 0
        now = time.time()
        try:
            with os.scandir(self.folder) as entries:
                for entry in entries:
                    if not entry.name.startswith(TEMP_PREFIX):
                        continue
                    try:
                        if entry.is_file(follow_symlinks=False) and \
                                now - entry.stat(follow_symlinks=False).st_mtime > age:
                            os.unlink(entry.path)
                            swept += 1
                    except OSError:
                        continue
        except OSError:
            return swept
        return swept

    # -- writing -------------------------------------------------------------------------------

    def autosave_path(self, game: Game) -> Path:
        state = game.state
        return self.folder / (f"{_slug(state.company)}-{safe_id(state.game_id)}-auto-"
                              f"{state.month:03d}.json")

    def autosave(self, game: Game) -> Path:
        """Save after a month; keeps the last few autosaves of this game."""
        from game.saves.format import encode

        self.ensure()
        path = self.autosave_path(game)
        write_atomic(path, encode(game, "auto"))
        self.prune(game.state.game_id, AUTOSAVES_KEPT)
        return path

    def prune(self, game_id: str, keep: int) -> None:
        """Remove all but the newest ``keep`` autosaves of a game: only regular files named
        as its autosaves whose header says they are autosaves of this very game."""
        name = re.compile(rf"^[a-z0-9-]*-{re.escape(safe_id(game_id))}-auto-([0-9]{{3,}})"
                          r"\.json$")
        autos: list[tuple[int, str]] = []
        with os.scandir(self.folder) as entries:
            for entry in entries:
                match = name.match(entry.name)
                if match and entry.is_file(follow_symlinks=False):
                    autos.append((int(match[1]), entry.name))
        autos.sort()
        for _, old in autos[:-keep] if keep > 0 else autos:
            path = self.folder / old
            info = self.info(path)
            if info.meta is not None and info.meta.get("kind") == "auto" \
                    and info.game_id == game_id:
                path.unlink(missing_ok=True)

    def save_as(self, game: Game, name: str) -> Path:
        """A manual save with a name (replacing an earlier one of the same name)."""
        from game.saves.format import encode

        self.ensure()
        state = game.state
        path = self.folder / (f"{_slug(state.company)}-{safe_id(state.game_id)}-"
                              f"{_slug(name)}.json")
        write_atomic(path, encode(game, "manual", name))
        return path

    # -- reading -------------------------------------------------------------------------------

    def files(self) -> Iterator[Path]:
        try:
            with os.scandir(self.folder) as entries:
                names = [entry.name for entry in entries]
        except OSError:
            return
        for name in names:
            if name.endswith(".json") and not name.startswith(TEMP_PREFIX):
                yield self.folder / name

    def list(self) -> list[SaveInfo]:
        """Every save, newest first, each with its header or the reason it cannot be read."""
        found = [self.info(path) for path in self.files()]
        return sorted(found, key=lambda info: (-info.mtime, info.path.name))

    def info(self, path: Path) -> SaveInfo:
        """A save's header, read from the start of the file only when possible."""
        try:
            head, stat = read_regular(path, head=HEAD_BYTES)
            with path.open("rb") as handle:
                handle.seek(max(0, stat.st_size - 16))
                tail = handle.read(16).rstrip()
        except OSError as error:
            return SaveInfo(path, None, f"cannot be read: {problem_text(error)}")
        meta = _header(head) if tail.endswith(b"}") else None
        if meta is None:
            from game.saves.format import SaveError, parse

            try:
                document = parse(read_regular(path)[0], path)
            except OSError as error:
                return SaveInfo(path, None, f"cannot be read: {problem_text(error)}",
                                stat.st_mtime)
            except SaveError as error:
                return SaveInfo(path, None, error.problem, stat.st_mtime)
            meta = document.get("meta")
        problem = header_problem(meta)
        if problem:
            return SaveInfo(path, None, problem, stat.st_mtime)
        assert isinstance(meta, dict)
        return SaveInfo(path, _clean_meta(meta), "", stat.st_mtime)

    def latest(self) -> SaveInfo | None:
        """The most recently written save that has a header (for Continue)."""
        return next((info for info in self.list() if info.ok), None)

    def load(self, path: Path, content: Content) -> Game:
        """Load a save, or raise :class:`SaveError` naming the file and the problem."""
        from game.saves.format import SaveError, decode, parse

        try:
            raw, _ = read_regular(path)
        except OSError as error:
            raise SaveError(path, f"cannot be read: {problem_text(error)}") from None
        return decode(parse(raw, path), content, path)

    def fallback(self, broken: Path, content: Content) -> Path | None:
        """The newest other autosave of the same game that loads, to offer instead."""
        from game.saves.format import SaveError

        match = re.search(r"-([0-9a-f]{12})-", broken.name)
        candidates = [info for info in self.list() if info.path != broken
                      and info.meta is not None and info.meta.get("kind") == "auto"
                      and (match is None or info.game_id == match[1])]
        for info in candidates:
            try:
                self.load(info.path, content)
            except SaveError:
                continue
            return info.path
        return None


_HEADER_TEXT = ("game_id", "kind", "name", "company", "scenario", "scenario_title", "date",
                "saved_at")


def header_problem(meta: object) -> str:
    """What is wrong with a save's header (what the load screen shows), or ``""``."""
    if not isinstance(meta, dict):
        return "the save has no header"
    for key in _HEADER_TEXT:
        if not isinstance(meta.get(key, ""), str) or len(meta.get(key, "")) > 200:
            return f"the save's header is damaged ({key})"
    seed = meta.get("seed", 0)
    if isinstance(seed, bool) or not isinstance(seed, int):
        return "the save's header is damaged (seed)"
    month = meta.get("month")
    if isinstance(month, bool) or not isinstance(month, int) or not 0 <= month <= 1000:
        return "the save's header is damaged (month)"
    ending = meta.get("ending")
    if ending is not None and not (isinstance(ending, dict) and all(
            isinstance(ending.get(key), str) and len(ending[key]) <= 200
            for key in ("family", "title", "grade"))):
        return "the save's header is damaged (ending)"
    return ""


def _clean_meta(meta: dict[str, Any]) -> dict[str, Any]:
    """A header's text with control characters shown visibly (it is shown on screens)."""
    from game.terminal import clean_line

    cleaned = {key: clean_line(value) if isinstance(value, str) else value
               for key, value in meta.items()}
    if isinstance(meta.get("ending"), dict):
        cleaned["ending"] = {key: clean_line(value) if isinstance(value, str) else value
                             for key, value in meta["ending"].items()}
    return cleaned


_HEADER = re.compile(rb'^\{"format":"moat-save","version":(\d+),"meta":')


def _header(head: bytes) -> dict[str, Any] | None:
    """The ``meta`` object from the first bytes of a current-format save, if it is there."""
    match = _HEADER.match(head)
    if match is None or int(match[1]) != VERSION:
        return None
    try:
        meta, _ = json.JSONDecoder().raw_decode(head[match.end():].decode("utf-8", "ignore"))
    except json.JSONDecodeError:
        return None
    return meta if isinstance(meta, dict) else None
