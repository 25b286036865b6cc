"""California DOJ bulk Prop 64 review: read the DOJ research file, apply a county's policy,
write what the District Attorney and the court need (docs/ca-doj.md).

``read_people(paths)`` gives normalized records; ``run(...)`` is ``clearlaw ca-doj run``.
"""

from clearlaw.ca_doj.reader import Extract, FileStats, Problem, read_extract, read_people
from clearlaw.ca_doj.run import CONDENSED_COLUMNS, DETERMINATION_COLUMNS, run
from clearlaw.ca_doj.sections import Charge, charge_text, parse_charge

__all__ = [
    "CONDENSED_COLUMNS",
    "DETERMINATION_COLUMNS",
    "Charge",
    "Extract",
    "FileStats",
    "Problem",
    "charge_text",
    "parse_charge",
    "read_extract",
    "read_people",
    "run",
]
