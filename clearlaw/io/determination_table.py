"""Determinations as an Arrow table or a Parquet file, with the columns of ``check``'s JSON
(``determination_to_json``; ``docs/records.md``, "Parquet").

Lists stay lists (``citations``, ``reasons``, ``missing``, ``warnings``); ``eligible_on`` is
text as in JSON (a date, ``never`` or ``unknown``); a presumption's ``value`` and the optional
``explanation`` tree are JSON text, since their JSON types vary.  Written a batch at a time.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any, BinaryIO

import pyarrow as pa
import pyarrow.parquet as pq

from clearlaw.evaluate import Determination
from clearlaw.io.determinations import determination_to_json

__all__ = ["DETERMINATIONS_SCHEMA", "determinations_table", "write_parquet"]

_TEXTS = pa.list_(pa.string())
_PRESUMPTION = pa.struct(
    [
        pa.field("fact", pa.string()),
        pa.field("value", pa.string()),
        pa.field("citation", pa.string()),
    ]
)
#: The columns, in the order of ``check --format jsonl``'s keys.
_COLUMNS: list[pa.Field[Any]] = [
    pa.field("schema", pa.string()),
    pa.field("person", pa.string()),
    pa.field("case", pa.string()),
    pa.field("count", pa.string()),
    pa.field("statute", pa.string()),
    pa.field("outcome", pa.string()),
    pa.field("relief", pa.bool_()),
    pa.field("relief_kind", pa.string()),
    pa.field("eligible_on", pa.string()),
    pa.field("rule", pa.string()),
    pa.field("citations", _TEXTS),
    pa.field("reasons", _TEXTS),
    pa.field("missing", _TEXTS),
    pa.field("presumptions", pa.list_(_PRESUMPTION)),
    pa.field("warnings", _TEXTS),
]
DETERMINATIONS_SCHEMA = pa.schema(_COLUMNS)
_EXPLAINED = DETERMINATIONS_SCHEMA.append(pa.field("explanation", pa.string()))

#: Determinations per row group written.
BATCH_ROWS = 16384


def _row(d: Determination, explanation: bool) -> dict[str, Any]:
    row = determination_to_json(d, explanation=explanation)
    for p in row["presumptions"]:
        p["value"] = json.dumps(p["value"], ensure_ascii=False)
    if explanation:
        tree = row.get("explanation")
        row["explanation"] = None if tree is None else json.dumps(tree, ensure_ascii=False)
    return row


def determinations_table(
    determinations: Iterable[Determination], *, explanation: bool = False
) -> pa.Table:
    """Determinations as an Arrow table (``DETERMINATIONS_SCHEMA``, plus ``explanation``
    as JSON text if asked)."""
    schema = _EXPLAINED if explanation else DETERMINATIONS_SCHEMA
    return pa.Table.from_pylist([_row(d, explanation) for d in determinations], schema=schema)


def write_parquet(
    determinations: Iterable[Determination],
    out: str | Path | BinaryIO,
    *,
    explanation: bool = False,
) -> int:
    """Write determinations as Parquet, ``BATCH_ROWS`` at a time; returns how many."""
    schema = _EXPLAINED if explanation else DETERMINATIONS_SCHEMA
    written = 0
    batch: list[Determination] = []
    with pq.ParquetWriter(out, schema, compression="zstd") as writer:
        for d in determinations:
            batch.append(d)
            if len(batch) == BATCH_ROWS:
                writer.write_table(determinations_table(batch, explanation=explanation))
                written += len(batch)
                batch.clear()
        if batch or not written:
            writer.write_table(determinations_table(batch, explanation=explanation))
            written += len(batch)
    return written
