"""California DOJ bulk Prop 64 review: read the DOJ research file, apply a county's policy,
write what the District Attorney and the court need (docs/ca-doj.md).

``read_people(paths)`` gives normalized records; ``run(...)`` is ``clearlaw ca-doj run``.

The names below load with the first use of one of them (PEP 562): importing a submodule
(``clearlaw.ca_doj.decide``, which the helper processes of a run import) does not load
Polars.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from clearlaw.ca_doj.pipeline import CONDENSED_COLUMNS as CONDENSED_COLUMNS
    from clearlaw.ca_doj.pipeline import DETERMINATION_COLUMNS as DETERMINATION_COLUMNS
    from clearlaw.ca_doj.pipeline import run as run
    from clearlaw.ca_doj.reader import Extract as Extract
    from clearlaw.ca_doj.reader import FileStats as FileStats
    from clearlaw.ca_doj.reader import Problem as Problem
    from clearlaw.ca_doj.reader import read_extract as read_extract
    from clearlaw.ca_doj.reader import read_people as read_people
    from clearlaw.ca_doj.sections import Charge as Charge
    from clearlaw.ca_doj.sections import charge_text as charge_text
    from clearlaw.ca_doj.sections import parse_charge as parse_charge

#: Each public name and the submodule that defines it.
_HOMES = {
    "CONDENSED_COLUMNS": "pipeline",
    "DETERMINATION_COLUMNS": "pipeline",
    "Charge": "sections",
    "Extract": "reader",
    "FileStats": "reader",
    "Problem": "reader",
    "charge_text": "sections",
    "parse_charge": "sections",
    "read_extract": "reader",
    "read_people": "reader",
    "run": "pipeline",
}

__all__ = sorted(_HOMES)


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module 'clearlaw.ca_doj' has no attribute {name!r}")
    return getattr(importlib.import_module(f"clearlaw.ca_doj.{home}"), name)


def __dir__() -> list[str]:
    return sorted([*globals(), *_HOMES])
