"""``evaluate_frame``: a statute over a table of people (a records file, an Arrow table, a
polars or pandas DataFrame in the Parquet layout of ``docs/records.md``), determinations out
as an Arrow table with the columns of ``check``'s JSON.

The engines (``ENGINES``): the Python evaluator reads and evaluates one person at a time, and
the result is built a batch at a time; ``duckdb`` and ``spark`` run the statute compiled to SQL
(``clearlaw.columnar``, docs/columnar.md).  ``table.to_pandas()`` or
``polars.from_arrow(table)`` turn the result into a DataFrame.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from clearlaw.dates import as_date, date
from clearlaw.evaluate import Determination, Statute, evaluate
from clearlaw.io.errors import RecordsError, Rejection
from clearlaw.records import Person
from clearlaw.scope import screen_people

if TYPE_CHECKING:
    import pyarrow as pa

__all__ = ["ENGINES", "EngineError", "SkippedPeopleWarning", "evaluate_frame"]

#: The engines ``evaluate_frame`` runs on.
ENGINES = ("python", "duckdb", "spark")
#: Rejections named in the ``RecordsError`` of ``errors="raise"``.
REJECTIONS_SHOWN = 10


class SkippedPeopleWarning(UserWarning):
    """``evaluate_frame(errors="skip")`` left people out: the message says how many, and
    where the first of them are (file or row, id, field), as ``errors="raise"`` would."""


class EngineError(ValueError):
    """An engine name ``evaluate_frame`` does not know, or an option the engine lacks: the
    message names the engines there are."""


def _rows(records: object) -> Iterator[Person | Rejection]:
    """One person or one rejection per row of ``records`` (a path or a table)."""
    from clearlaw.io.parquet import BATCH_PEOPLE, check_columns, iter_table
    from clearlaw.io.stream import RecordStream

    if isinstance(records, str | Path):
        stream = RecordStream(records)
        yield from stream
        yield from stream.rejected
        return
    table = _arrow(records)
    check_columns(table.schema, "<table>")
    yield from iter_table(table.to_batches(max_chunksize=BATCH_PEOPLE), "<table>")


def _arrow(records: object) -> pa.Table:
    import pyarrow as pa

    if isinstance(records, pa.Table):
        return records
    if isinstance(records, pa.RecordBatch):
        return pa.Table.from_batches([records])
    module = type(records).__module__.split(".", 1)[0]
    if module == "polars":
        return records.to_arrow()  # type: ignore[attr-defined,no-any-return]
    if module == "pandas":
        return pa.Table.from_pandas(records, preserve_index=False)
    raise TypeError(
        "records: expected a path, a pyarrow Table, or a polars or pandas DataFrame,"
        f" got {type(records).__name__}"
    )


def evaluate_frame(
    statute: Statute | str | Path,
    records: object,
    as_of: date | str,
    engine: str = "python",
    *,
    explain: bool = False,
    out_of_scope: bool = True,
    errors: Literal["raise", "skip"] = "raise",
) -> pa.Table:
    """Every determination of ``statute`` (a ``Statute``, library id or file) for the people
    of ``records`` as of ``as_of``, as a pyarrow Table (the columns of ``check``'s JSON;
    ``explanation`` as JSON text with ``explain``; out-of-scope counts listed unless
    ``out_of_scope=False``).

    ``records`` is a records file (``.parquet``, ``.jsonl``, ``.csv``), a pyarrow Table, or a
    polars or pandas DataFrame in the Parquet layout.  A person that cannot be read is a
    ``RecordsError`` naming the rows (``errors="raise"``) or left out (``"skip"``, with a
    ``SkippedPeopleWarning`` naming them: nothing is left out silently); a table
    whose columns are not the layout's is a ``RecordsError`` naming the column.
    ``EngineError`` for an engine other than those of ``ENGINES``.
    """
    if engine in ("duckdb", "spark") and explain:
        raise EngineError("explanations come from the Python evaluator: engine='python'")
    if engine not in ENGINES:
        raise EngineError(f"engine {engine!r} is not available; engines: {', '.join(ENGINES)}")
    import pyarrow as pa

    from clearlaw.io.determination_table import BATCH_ROWS, determinations_table
    from clearlaw.library import load

    law = statute if isinstance(statute, Statute) else load(statute)
    when = as_date(as_of)
    rejected: list[Rejection] = []
    if engine in ("duckdb", "spark"):
        from clearlaw.columnar.engine import run_frame

        tables = [run_frame(law, records, when, rejected, out_of_scope=out_of_scope, engine=engine)]
    else:
        people = _people(_rows(records), rejected)
        tables, batch = [], list[Determination]()
        for person in screen_people(law, people, rejected):
            batch.extend(evaluate(law, person, when, explain=explain, out_of_scope=out_of_scope))
            if len(batch) >= BATCH_ROWS:
                tables.append(determinations_table(batch, explanation=explain))
                batch = []
        tables.append(determinations_table(batch, explanation=explain))
    if rejected:
        rejected.sort(key=lambda x: x.line)  # the reader's and the facts' rejections merged
        shown = "\n".join(str(r) for r in rejected[:REJECTIONS_SHOWN])
        more = len(rejected) - REJECTIONS_SHOWN
        tail = f"\n… and {more} more" if more > 0 else ""
        if errors == "raise":
            raise RecordsError(f"{len(rejected)} people cannot be read:\n{shown}{tail}")
        left_out = f"{len(rejected)} people cannot be read and are left out:\n{shown}{tail}"
        warnings.warn(left_out, SkippedPeopleWarning, stacklevel=2)
    return pa.concat_tables(tables)


def _people(rows: Iterator[Person | Rejection], rejected: list[Rejection]) -> Iterator[Person]:
    for item in rows:
        if isinstance(item, Rejection):
            rejected.append(item)
        else:
            yield item
