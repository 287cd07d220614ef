"""The save folder: atomic writes, autosaves kept per game, a fast listing, safe loading.

A save is written to a temporary file in the same folder, flushed and fsynced, moved over
its name with ``os.replace`` and the folder fsynced, so a crash at any instant leaves the
old file or the new one, whole. Temporary files left by a crash are swept when a store is
opened. A file that cannot be loaded is never changed or removed.
"""

from __future__ import annotations

import json
import os
import re
import secrets
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

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

    def sweep(self) -> int:
        """Remove temporary files a crash left behind; returns how many."""
        if not self.folder.is_dir():
            return 0
        swept = 0
        for leftover in self.folder.glob(f"{TEMP_PREFIX}*"):
            leftover.unlink(missing_ok=True)
            swept += 1
        return swept

    # -- writing -------------------------------------------------------------------------------

    def autosave_path(self, game: Game) -> Path:
        state = game.state
        return self.folder / (f"{_slug(state.company)}-{state.game_id}-auto-"
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
        """Remove all but the newest ``keep`` autosaves of a game."""
        autos = sorted(self.folder.glob(f"*-{game_id}-auto-*.json"))
        for old in autos[:-keep]:
            old.unlink(missing_ok=True)

    def save_as(self, game: Game, name: str) -> Path:
        """A manual save with a name (replacing an earlier one of the same name)."""
        from game.saves.format import encode

        self.ensure()
        state = game.state
        path = self.folder / f"{_slug(state.company)}-{state.game_id}-{_slug(name)}.json"
        write_atomic(path, encode(game, "manual", name))
        return path

    # -- reading -------------------------------------------------------------------------------

    def files(self) -> Iterator[Path]:
        if self.folder.is_dir():
            for path in self.folder.glob("*.json"):
                if not path.name.startswith(TEMP_PREFIX):
                    yield path

    def list(self) -> list[SaveInfo]:
        """Every save, newest first, each with its header or the reason it cannot be read."""
        found = [self.info(path) for path in self.files()]
        return sorted(found, key=lambda info: (-info.mtime, info.path.name))

    def info(self, path: Path) -> SaveInfo:
        """A save's header, read from the start of the file only when possible."""
        try:
            stat = path.stat()
            with path.open("rb") as handle:
                head = handle.read(HEAD_BYTES)
                handle.seek(max(0, stat.st_size - 16))
                tail = handle.read().rstrip()
        except OSError as error:
            return SaveInfo(path, None, f"cannot be read: {error.strerror or error}")
        meta = _header(head) if tail.endswith(b"}") else None
        if meta is None:
            from game.saves.format import SaveError, parse

            try:
                document = parse(path.read_bytes(), path)
            except SaveError as error:
                return SaveInfo(path, None, error.problem, stat.st_mtime)
            meta = document.get("meta")
            if not isinstance(meta, dict):
                return SaveInfo(path, None, "the save has no header", stat.st_mtime)
        return SaveInfo(path, meta, "", stat.st_mtime)

    def latest(self) -> SaveInfo | None:
        """The most recently written save that has a header (for Continue)."""
        return next((info for info in self.list() if info.ok), None)

    def load(self, path: Path, content: Content) -> Game:
        """Load a save, or raise :class:`SaveError` naming the file and the problem."""
        from game.saves.format import SaveError, decode, parse

        try:
            raw = path.read_bytes()
        except OSError as error:
            raise SaveError(path, f"cannot be read: {error.strerror or error}") from None
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
