"""Differential tests: each DSL statute against its hand-written oracle (tests/oracles).

The number of examples per statute comes from ``CLEARLAW_EXAMPLES`` (default 500); generation
is derandomized, so a run is repeatable.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from datetime import date

from hypothesis import given, settings
from oracles import OracleResult, ca_prop64, ny_clean_slate
from strategies import ca_people, ny_people
from strategy_tools import settle_by_worlds

import clearlaw
from clearlaw.derive import derive
from clearlaw.records import Person

EXAMPLES = int(os.environ.get("CLEARLAW_EXAMPLES", "500"))

NY = clearlaw.load("ny/clean-slate")
CA = clearlaw.load("ca/prop64")

Oracle = Callable[[Person, date], Mapping[tuple[str, str], OracleResult]]


def check(statute: clearlaw.Statute, oracle: Oracle, person: Person, as_of: date) -> None:
    person, _ = derive(person)  # the record as it implies it, for the oracle too
    determinations = clearlaw.evaluate(statute, person, as_of, explain=False)
    dsl = {(d.case, d.count): (d.outcome, d.eligible_on) for d in determinations}
    reasons = {(d.case, d.count): d.reasons for d in determinations}

    def decided(p: Person, when: date) -> dict[tuple[str, str], tuple[object, object]]:
        return {k: (r.outcome, r.eligible_on) for k, r in oracle(p, when).items()}

    expected = settle_by_worlds(
        statute, person, as_of, determinations, decided(person, as_of), decided
    )
    if dsl == expected:
        return
    differing = sorted(
        k for k in dsl.keys() | expected.keys() if dsl.get(k, "absent") != expected.get(k, "absent")
    )
    lines = [
        f"{statute.id}: the DSL and the oracle disagree on {differing}",
        f"as_of = {as_of!r}",
        f"person = {person!r}",
    ]
    for k in differing:
        lines.append(
            f"  {k}: DSL {dsl.get(k, 'absent')} vs oracle {expected.get(k, 'absent')}; "
            f"DSL reasons {reasons.get(k, ())}"
        )
    lines.append(f"DSL (all counts): {dsl}")
    lines.append(f"oracle (all counts): {expected}")
    raise AssertionError("\n".join(lines))


@settings(max_examples=EXAMPLES, deadline=None, derandomize=True)
@given(ny_people())
def test_ny_clean_slate_matches_oracle(pair: tuple[Person, date]) -> None:
    person, as_of = pair
    check(NY, ny_clean_slate.decide, person, as_of)


@settings(max_examples=EXAMPLES, deadline=None, derandomize=True)
@given(ca_people())
def test_ca_prop64_matches_oracle(pair: tuple[Person, date]) -> None:
    person, as_of = pair
    check(CA, ca_prop64.decide, person, as_of)
