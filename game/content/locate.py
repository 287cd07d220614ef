"""Line and column of every key in a TOML file.

tomli gives values but no positions, so this scanner walks the text once and records where
each key path starts: ``("event", 3, "choice", 1, "effects", "hype") -> (41, 12)``. It only
needs to understand TOML well enough to find keys — the file has already parsed cleanly.
"""

from __future__ import annotations

from collections.abc import Sequence

Path = tuple[str | int, ...]
Position = tuple[int, int]


class KeyPositions:
    """Positions of the keys of one TOML document."""

    def __init__(self, text: str) -> None:
        self._positions: dict[Path, Position] = {}
        self._values: dict[Path, Position] = {}
        self._starts: dict[Path, int] = {}
        """Where each key's value begins in the text, as an offset."""
        self._scan(text)

    def find(self, path: Sequence[str | int]) -> Position:
        """The position of ``path`` or of its nearest recorded parent; (1, 1) at worst."""
        key = tuple(path)
        if key and key not in self._positions:  # a table written as [[a.b]] headers: a.b[0]
            inside = [p for k, p in self._positions.items() if k[:len(key)] == key]
            if inside:
                return min(inside)
        while key:
            if key in self._positions:
                return self._positions[key]
            key = key[:-1]
        return (1, 1)

    def find_in_value(self, path: Sequence[str | int], column: int) -> Position:
        """The position of character ``column`` (1-based) inside a one-line string value."""
        start = self._values.get(tuple(path))
        if start is None or column < 1:
            return self.find(path)
        return (start[0], start[1] + column)

    def find_text(self, path: Sequence[str | int], snippet: str) -> Position:
        """The position of ``snippet`` inside the value of ``path`` (a string of any kind),
        or of the key when it is not found there."""
        start = self._starts.get(tuple(path))
        if start is None:
            return self.find(path)
        offset = self._text.find(snippet, start)
        if offset < 0:
            return self.find(path)
        line = self._text.count("\n", 0, offset) + 1
        return (line, offset - self._text.rfind("\n", 0, offset))

    # -- scanning ---------------------------------------------------------------------------

    def _scan(self, text: str) -> None:
        self._text = text
        self._pos = 0
        self._line = 1
        self._line_start = 0
        self._counts: dict[Path, int] = {}
        table: Path = ()
        while self._pos < len(text):
            self._skip_blank()
            if self._pos >= len(text):
                break
            char = text[self._pos]
            if char == "[":
                table = self._header()
            else:
                self._key_value(table)

    def _here(self) -> Position:
        return (self._line, self._pos - self._line_start + 1)

    def _advance(self, count: int = 1) -> None:
        for _ in range(count):
            if self._pos < len(self._text) and self._text[self._pos] == "\n":
                self._line += 1
                self._line_start = self._pos + 1
            self._pos += 1

    def _skip_blank(self, newlines: bool = True) -> None:
        text = self._text
        while self._pos < len(text):
            char = text[self._pos]
            if char == "#":
                while self._pos < len(text) and text[self._pos] != "\n":
                    self._pos += 1
            elif char in " \t\r" or (newlines and char == "\n"):
                self._advance()
            else:
                break

    def _header(self) -> Path:
        array = self._text.startswith("[[", self._pos)
        self._advance(2 if array else 1)
        position = self._here()
        keys = self._dotted_key()
        self._skip_blank(newlines=False)
        self._advance(2 if array else 1)
        path = self._resolve(keys[:-1] if array else keys)
        if array:
            path = (*path, keys[-1])
            index = self._counts.get(path, 0)
            self._counts[path] = index + 1
            path = (*path, index)
        self._positions.setdefault(path, position)
        self._skip_line()
        return path

    def _resolve(self, keys: list[str]) -> Path:
        """Insert the current index of every array of tables along a header path."""
        path: Path = ()
        for key in keys:
            path = (*path, key)
            if path in self._counts:
                path = (*path, self._counts[path] - 1)
        return path

    def _skip_line(self) -> None:
        while self._pos < len(self._text) and self._text[self._pos] != "\n":
            self._pos += 1

    def _dotted_key(self) -> list[str]:
        keys: list[str] = []
        while True:
            self._skip_blank(newlines=False)
            keys.append(self._one_key())
            self._skip_blank(newlines=False)
            if self._pos < len(self._text) and self._text[self._pos] == ".":
                self._advance()
                continue
            return keys

    def _one_key(self) -> str:
        text = self._text
        if self._pos < len(text) and text[self._pos] in "\"'":
            return self._string()
        start = self._pos
        while self._pos < len(text) and (text[self._pos].isalnum() or text[self._pos] in "_-"):
            self._pos += 1
        return text[start:self._pos]

    def _key_value(self, table: Path) -> None:
        position = self._here()
        keys = self._dotted_key()
        path = (*table, *keys)
        self._positions.setdefault(path, position)
        self._skip_blank(newlines=False)
        if self._pos < len(self._text) and self._text[self._pos] == "=":
            self._advance()
        self._skip_blank(newlines=False)
        if self._text.startswith(('"', "'"), self._pos) and not self._text.startswith(
                ('"""', "'''"), self._pos):
            self._values.setdefault(path, self._here())
        self._starts.setdefault(path, self._pos)
        self._value(path)

    def _value(self, path: Path) -> None:
        text = self._text
        if self._pos >= len(text):
            return
        char = text[self._pos]
        if char in "\"'":
            self._string()
        elif char == "{":
            self._advance()
            while self._pos < len(text):
                self._skip_blank()
                if text[self._pos] == "}":
                    self._advance()
                    return
                if text[self._pos] == ",":
                    self._advance()
                    continue
                self._key_value(path)
        elif char == "[":
            self._advance()
            index = 0
            while self._pos < len(text):
                self._skip_blank()
                if self._pos >= len(text):
                    return
                if text[self._pos] == "]":
                    self._advance()
                    return
                if text[self._pos] == ",":
                    self._advance()
                    index += 1
                    continue
                self._positions.setdefault((*path, index), self._here())
                self._value((*path, index))
        else:
            while self._pos < len(text) and text[self._pos] not in ",]}\n#":
                self._pos += 1

    def _string(self) -> str:
        text = self._text
        quote = text[self._pos]
        if text.startswith(quote * 3, self._pos):
            self._advance(3)
            end = text.find(quote * 3, self._pos)
            end = len(text) if end < 0 else end
            while end + 3 < len(text) and text[end + 3] == quote:
                end += 1
            value = text[self._pos:end]
            self._advance(end + 3 - self._pos)
            return value
        self._advance()
        start = self._pos
        while self._pos < len(text) and text[self._pos] not in (quote, "\n"):
            if quote == '"' and text[self._pos] == "\\":
                self._pos += 1
            self._pos += 1
        value = text[start:self._pos]
        self._advance()
        return value
