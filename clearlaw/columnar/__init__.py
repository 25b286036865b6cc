"""A second backend: a checked statute compiled to SQL and run in DuckDB over a records table
(``docs/columnar.md``).  People the SQL cannot decide exactly go to the Python evaluator."""

from clearlaw.columnar.engine import (
    Run,
    Streamed,
    evaluate_table,
    run,
    stream,
    write_determinations,
)
from clearlaw.columnar.sql import UnsupportedConstruct

__all__ = [
    "Run",
    "Streamed",
    "UnsupportedConstruct",
    "evaluate_table",
    "run",
    "stream",
    "write_determinations",
]
