"""The statute parser's tables, kept as JSON in the user's cache folder.

Building the LALR tables takes about 0.17 s, a quarter of a short command.  Lark's own cache
(``Lark(cache=...)``) is a pickle that Lark unpickles before it checks the grammar's hash, so
a file planted in the cache folder would run code.  Here the tables are written as JSON
(``Lark.memo_serialize``) and read back with ``json.loads``, which cannot run code, and only
from a folder and a file that the current user owns and no one else can write
(``resources.is_private``).  A file that does not match (other grammar, other Lark, damaged)
is ignored and the tables are built again.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import sys
from typing import Any

import lark
from lark import Lark
from lark.grammar import Rule
from lark.lexer import TerminalDef

from clearlaw.io.outputs import write_text
from clearlaw.resources import cache_dir, is_private

__all__ = ["cached_parser"]


def _int_keys(pairs: dict[str, Any]) -> dict[Any, Any]:
    """JSON object keys back to the integers Lark's tables use (states and tokens)."""
    return {int(k) if k.isdigit() else k: v for k, v in pairs.items()}


def cached_parser(grammar: str, **options: Any) -> Lark:
    """``Lark(grammar, parser="lalr", **options)``, its tables read from the cache when a
    trusted copy for this grammar, these options, this Lark and this Python is there."""
    fingerprint = json.dumps(
        [grammar, options, lark.__version__, sys.version_info[:2]], sort_keys=True
    )
    key = hashlib.sha256(fingerprint.encode("utf-8")).hexdigest()
    folder = cache_dir()
    path = folder / f"parser-{key[:24]}.json" if folder is not None else None
    if path is not None and path.is_file() and is_private(path):
        try:
            saved = json.loads(path.read_bytes(), object_hook=_int_keys)
            if saved["key"] == key:
                return Lark.load({"data": saved["data"], "memo": saved["memo"]})
        except (
            OSError,
            ValueError,
            KeyError,
            TypeError,
            AttributeError,
            lark.exceptions.LarkError,
        ):
            pass  # damaged or foreign: build the tables again and replace it
    parser = Lark(grammar, parser="lalr", **options)
    if path is not None:
        data, memo = parser.memo_serialize([TerminalDef, Rule])
        with contextlib.suppress(OSError):  # a read-only or full disk: work without it
            write_text(path, json.dumps({"key": key, "data": data, "memo": memo}))
    return parser
