"""Where packs live: the base pack shipped with the game, and extra packs by path."""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import game
from game.files import read_regular
from game.terminal import clean_line

if TYPE_CHECKING:  # the pack reader loads when packs are read, not to list their folders
    from game.content.loader import Content

CONTENT_ENV = "MOAT_CONTENT"
"""Environment variable naming a folder of packs to use instead of the shipped one."""


def content_root() -> Path:
    """The folder holding the shipped packs, in a checkout or an installed copy."""
    override = os.environ.get(CONTENT_ENV)
    if override:
        return Path(override)
    package = Path(game.__file__).resolve().parent
    checkout = package.parent / "content"
    if (checkout / "base" / "pack.toml").is_file():
        return checkout
    return package / "_packs"


def base_pack() -> Path:
    return content_root() / "base"


def load(extra: Sequence[Path] = (), overrides: Mapping[str, object] | None = None) -> Content:
    """Load the base pack and any extra packs (raises ``PackError`` listing every problem);
    ``overrides`` sets ``rules.toml`` values by dotted path, for what-if runs."""
    from game.content.loader import load_content

    base = base_pack().resolve()
    return load_content([base_pack(), *(p for p in extra if p.resolve() != base)], overrides)


def shipped_packs() -> list[Path]:
    """Packs found next to the base pack, which players can add to a new game."""
    root = content_root()
    if not root.is_dir():
        return []
    return sorted(p for p in root.iterdir()
                  if p.is_dir() and p.name != "base" and (p / "pack.toml").is_file())


def pack_id(folder: Path) -> str:
    """The id a pack folder's pack.toml gives it ("" when it cannot be read)."""
    import tomli

    try:
        return str(tomli.loads((folder / "pack.toml").read_text()).get("id", ""))
    except (OSError, ValueError):
        return ""


def pack_files_stamp(folders: Sequence[Path]) -> tuple[tuple[str, float], ...]:
    """Every pack file with its modification time, to notice an author's edits."""
    stamp = []
    for folder in folders:
        for path in sorted(folder.rglob("*.toml")):
            try:
                stamp.append((str(path), path.stat().st_mtime))
            except OSError:
                continue
    return tuple(stamp)


def pack_label(path: Path) -> str:
    """A pack's name and version from its manifest, as the new-game screen lists it."""
    import tomli

    try:
        raw, _ = read_regular(path / "pack.toml", limit=100_000)
        manifest = tomli.loads(raw.decode("utf-8"))
        return clean_line(f"{manifest.get('name', path.name)} ({manifest.get('version', '?')})")
    except (OSError, tomli.TOMLDecodeError, UnicodeDecodeError):
        return f"{clean_line(path.name)} (cannot read its pack.toml)"


def disabled_events(content: Content) -> dict[str, str]:
    """Events switched off by the packs in use (qualified id -> the pack that disables it),
    read again from their manifests, for the developer console."""
    import tomli

    from game.content.compose import qualify

    found: dict[str, str] = {}
    for info in content.packs:
        try:
            raw, _ = read_regular(Path(info.path) / "pack.toml", limit=100_000)
            manifest = tomli.loads(raw.decode("utf-8"))
        except (OSError, UnicodeDecodeError, tomli.TOMLDecodeError):
            continue
        for name in manifest.get("disable", []):
            if isinstance(name, str):
                found[qualify(info.id, name)] = info.id
    return found


def base_rules_table() -> dict[str, Any]:
    """The base pack's ``rules.toml`` as written, for naming and typing its values."""
    import tomli

    return tomli.loads((base_pack() / "rules.toml").read_text(encoding="utf-8"))
