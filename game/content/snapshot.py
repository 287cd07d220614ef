"""The loaded packs, read once by ``moat serve`` and handed to every student's game.

Reading packs checks every table against the pack schema (pydantic models), which costs
each game process about 15 MB of memory and the time to check them. The server reads the
packs once (refusing to start if they are broken) and writes the compiled result to a
private file; each game process reads that file instead. It gets the same
:class:`~game.engine.content.Content`, except that each checked table is a
:class:`~game.engine.content.Record` holding the same values: the game only reads a
table's fields, and the checking was done by the server.

The file is a pickle, so it is only ever read from the server's own private folder, by
the same Python that wrote it. A file that cannot be read back (another version of the
game or of Python) is ignored and the game process loads the packs itself.
"""

from __future__ import annotations

import io
import marshal
import pickle
import sys
import types
from collections.abc import Callable
from dataclasses import fields
from pathlib import Path
from typing import Any

from game.engine.content import Content, Record
from game.engine.expr import Expr

FORMAT = f"moat-content-1 python-{sys.hexversion:x}\n".encode()
"""The first line: expressions are kept as compiled code, which only the same Python reads."""


def _expr(source: str, kind: str, names: frozenset[str], flags: frozenset[str],
          code: bytes, rest: tuple[Any, ...]) -> Expr:
    from game.engine.expr import _HELPERS  # the only names an expression's code may call

    function = types.FunctionType(marshal.loads(code), {"__builtins__": {}, **_HELPERS})
    return Expr(source, kind, names, flags, function, *rest)


def _reduce_expr(expr: Expr) -> tuple[Callable[..., Expr], tuple[Any, ...]]:
    function = expr.function
    assert isinstance(function, types.FunctionType) and not function.__closure__
    return _expr, (expr.source, expr.kind, expr.names, expr.flags,
                   marshal.dumps(function.__code__),
                   (expr.can_true, expr.can_false, expr.low, expr.high))


def _reduce_content(content: Content) -> tuple[type[Content], tuple[Any, ...]]:
    """The fields only: the cached tables (some hold functions) are made again on use."""
    return Content, tuple(getattr(content, f.name) for f in fields(content))


def _proxy(table: dict[Any, Any]) -> types.MappingProxyType[Any, Any]:
    return types.MappingProxyType(table)


def _reduce_proxy(proxy: types.MappingProxyType[Any, Any]
                  ) -> tuple[Callable[..., types.MappingProxyType[Any, Any]],
                             tuple[dict[Any, Any]]]:
    return _proxy, (dict(proxy),)


class _Pickler(pickle.Pickler):
    def reducer_override(self, obj: Any) -> Any:
        from pydantic import BaseModel

        if isinstance(obj, BaseModel):
            names = type(obj).model_fields
            return Record, ({name: getattr(obj, name) for name in names},)
        return NotImplemented


def dumps(content: Content) -> bytes:
    """The content as bytes for :func:`loads`."""
    buffer = io.BytesIO()
    buffer.write(FORMAT)
    pickler = _Pickler(buffer, protocol=pickle.HIGHEST_PROTOCOL)
    pickler.dispatch_table = {Expr: _reduce_expr, Content: _reduce_content,
                              types.MappingProxyType: _reduce_proxy}
    pickler.dump(content)
    return buffer.getvalue()


def loads(data: bytes) -> Content:
    """Content from :func:`dumps`; raises ValueError for anything else."""
    if not data.startswith(FORMAT):
        raise ValueError("not a content snapshot")
    try:
        content = pickle.loads(data[len(FORMAT):])
    except Exception as error:  # another version of the game or of Python wrote it
        raise ValueError(f"content snapshot unreadable: {error}") from None
    if not isinstance(content, Content):
        raise ValueError("not a content snapshot")
    return content


def write(content: Content, path: Path) -> None:
    path.write_bytes(dumps(content))


def read(path: Path) -> Content | None:
    """The content in ``path``, or None when it cannot be used."""
    try:
        return loads(path.read_bytes())
    except (OSError, ValueError):
        return None
