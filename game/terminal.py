"""Text that came from a file, a pack or a player, made safe to write to a terminal.

A terminal obeys control characters: an escape sequence in a company name or an event's
story could clear the screen, change its title or move the cursor. :func:`clean` shows each
such character visibly instead (``ESC`` becomes ``␛``), so what the text holds can still be
read, and the terminal is never changed by it. Every name, pack text, file name and message
quoting a file's contents passes through it before the UI or the ``moat`` command shows it.
"""

from __future__ import annotations

import re

_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")
"""C0 and C1 control characters (but tab and newline), DEL, and the bidirectional
overrides that can make text read differently from what it holds."""
_LINES = re.compile("[\x00-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def _visible(match: re.Match[str]) -> str:
    code = ord(match[0])
    if code < 0x20:
        return chr(0x2400 + code)  # the Control Pictures block: ␀ … ␟
    if code == 0x7F:
        return "␡"
    return f"<U+{code:04X}>"


def clean(text: object) -> str:
    """``text`` with control and escape characters shown visibly; newlines and tabs kept."""
    value = str(text)
    return _CONTROL.sub(_visible, value) if _CONTROL.search(value) else value


def clean_line(text: object) -> str:
    """Like :func:`clean`, for one line: newlines and tabs are shown visibly too."""
    value = str(text)
    return _LINES.sub(_visible, value) if _LINES.search(value) else value


def has_control(text: str) -> bool:
    """Whether ``text`` holds a character :func:`clean_line` would change."""
    return _LINES.search(text) is not None


def strip_control(text: str) -> str:
    """``text`` without the characters :func:`clean_line` would show (for names typed in)."""
    return _LINES.sub("", text)
