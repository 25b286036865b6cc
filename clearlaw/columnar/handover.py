"""The hand-over: the people the compiled SQL leaves to the Python evaluator, decided from
their rows (``decide``), by the DuckDB engine in its own process and by the Spark engine in
Spark's Python workers, where their rows are (``spark.write`` calls ``DataFrame.mapInArrow``
with a ``Handover``), so that neither their records nor their determinations pass through
the driver.

A ``Statute`` holds compiled closures and does not pickle; its checked rule tree does.  A
``Handover`` carries that tree, pickled once on the driver, and each worker process rebuilds
the ``Statute`` from it once (``_statute``: cached by digest for the worker's life).  The tree
is the statute exactly as loaded — its readings chosen, an amendment applied, its tables
read — so an executor needs neither the statute's files nor the library.

Nothing here imports pyspark: a worker reads and yields Arrow record batches.
"""

from __future__ import annotations

import hashlib
import json
import pickle
from collections import deque
from collections.abc import Iterable, Iterator
from typing import Any, cast

import attrs
import pyarrow as pa

from clearlaw.check import CheckedStatute
from clearlaw.dates import date
from clearlaw.evaluate import Determination, Statute, evaluate
from clearlaw.io.determination_table import determinations_table
from clearlaw.io.errors import Problem, Rejection
from clearlaw.io.parquet import iter_table
from clearlaw.scope import screen_people

__all__ = ["REJECTION", "Handover", "decide", "keyed", "rejection_from_text"]

#: The column of a hand-over row that is a rejected person (``Rejection`` as JSON), not a
#: determination: its other columns but ``pid`` are null.
REJECTION = "rejection"

#: Determinations per batch a worker yields.
BATCH_ROWS = 4096

#: The statutes this worker process has rebuilt, by the digest of their pickled tree.
_STATUTES: dict[str, Statute] = {}


def _statute(tree: bytes) -> Statute:
    key = hashlib.sha256(tree).hexdigest()
    found = _STATUTES.get(key)
    if found is None:
        checked = pickle.loads(tree)  # the driver's own tree, as Spark ships it
        assert isinstance(checked, CheckedStatute)
        found = _STATUTES[key] = Statute(checked)
    return found


def rejection_text(rejection: Rejection) -> str:
    return json.dumps(attrs.asdict(rejection), ensure_ascii=False)


def rejection_from_text(text: str) -> Rejection:
    """A ``Rejection`` from its hand-over column (``REJECTION``)."""
    data = json.loads(text)
    problems = tuple(Problem(**p) for p in data.pop("problems"))
    return Rejection(**data, problems=problems)


@attrs.frozen
class Handover:
    """``mapInArrow``'s function: record rows (the records layout plus ``pid``, every row of
    a person id in the same task, in ``pid`` order) in, their determinations out, keyed by
    ``pid`` and ``ord`` (the count's place in the person's record), a rejected person as one
    row with ``REJECTION``; ``schema`` is the Arrow schema Spark expects back."""

    tree: bytes
    name: str
    as_of: date
    out_of_scope: bool
    schema: pa.Schema

    @classmethod
    def of(
        cls, statute: Statute, name: str, as_of: date, out_of_scope: bool, schema: pa.Schema
    ) -> Handover:
        """The hand-over of ``statute``'s people, read from ``name`` (in messages)."""
        tree = pickle.dumps(statute.checked, protocol=pickle.HIGHEST_PROTOCOL)
        return cls(tree, name, as_of, out_of_scope, schema)

    def __call__(self, batches: Iterable[pa.RecordBatch]) -> Iterator[pa.RecordBatch]:
        statute = _statute(self.tree)
        for found, rejected in decide(statute, batches, self.name, self.as_of, self.out_of_scope):
            yield self._batch(found, rejected)

    def _batch(self, found: pa.Table, rejected: list[tuple[int, Rejection]]) -> pa.RecordBatch:
        """The determinations ``found`` (``keyed``) and the rejected people (with their pid)
        as one batch of ``schema``."""
        table = found.append_column(REJECTION, pa.nulls(found.num_rows, pa.string()))
        if rejected:
            rows: dict[str, Any] = {
                "pid": [pid for pid, _ in rejected],
                REJECTION: [rejection_text(r) for _, r in rejected],
            }
            refused = pa.table(rows).cast(pa.schema([table.schema.field(x) for x in rows]))
            table = pa.concat_tables([table, refused], promote_options="default")
        return table.cast(self.schema).combine_chunks().to_batches()[0]


def keyed(found: list[Determination], keys: list[tuple[int, int]]) -> pa.Table:
    """Determinations as a table (``check``'s JSON columns), each after its person's row and
    the count's place (``pid``, ``ord``: ``keys``), to merge with the SQL's and sort."""
    table = determinations_table(found)
    table = table.add_column(0, "ord", pa.array([k for _, k in keys], pa.int64()))
    return table.add_column(0, "pid", pa.array([p for p, _ in keys], pa.int64()))


def decide(
    statute: Statute,
    batches: Iterable[pa.RecordBatch],
    name: str,
    as_of: date,
    out_of_scope: bool,
) -> Iterator[tuple[pa.Table, list[tuple[int, Rejection]]]]:
    """The people of record rows (the records layout plus ``pid``, in ``pid`` order, every row
    of a person id among them) by the Python evaluator, about ``BATCH_ROWS`` at a time: their
    determinations (``keyed``) and the people rejected, each with its ``pid``, in row order.
    A row is named ``name:row`` (``pid + 1``), as the Python path names it; one reading of
    all the rows, so that a person id given twice is rejected as the Python path rejects it."""
    pids: deque[int] = deque()  # of the rows read, not yet numbered
    taken: deque[int] = deque()  # of the rows numbered, not yet decided

    def rows() -> Iterator[pa.RecordBatch]:
        for batch in batches:
            pids.extend(cast(list[int], batch.column("pid").to_pylist()))
            yield batch.drop_columns(["pid"])

    def numbers() -> Iterator[int]:  # a row's number in the input: pid + 1
        while True:
            taken.append(pids.popleft())
            yield taken[-1] + 1

    found: list[Determination] = []
    keys: list[tuple[int, int]] = []
    rejected: list[tuple[int, Rejection]] = []
    for item in iter_table(rows(), name, rows=numbers()):
        pid = taken.popleft()
        if isinstance(item, Rejection):
            rejected.append((pid, item))
            continue
        screened: list[Rejection] = []
        for person in screen_people(statute, (item,), screened):
            decided = evaluate(statute, person, as_of, explain=False, out_of_scope=out_of_scope)
            found.extend(decided)
            keys.extend((pid, k) for k in range(len(decided)))
        rejected.extend((pid, r) for r in screened)
        if len(found) + len(rejected) >= BATCH_ROWS:
            yield keyed(found, keys), rejected
            found, keys, rejected = [], [], []
    if found or rejected:
        yield keyed(found, keys), rejected
