"""A second backend: a checked statute compiled to SQL and run in DuckDB over a records table
(``docs/columnar.md``).  People the SQL cannot decide exactly go to the Python evaluator."""

from clearlaw.columnar.engine import Run, evaluate_table, run, write_determinations
from clearlaw.columnar.sql import UnsupportedConstruct

__all__ = ["Run", "UnsupportedConstruct", "evaluate_table", "run", "write_determinations"]
