"""Generate fabricated criminal-history records for examples, tests and benchmarks.

Every person is invented ("Test Person 0001"); the offenses are real code sections with
plausible levels, classes and penalties, but no record describes anyone.  The mix: people
with New York cases (Penal Law, VTL), people with California cases (mostly cannabis counts
under HS 11357-11360, with PC priors), some with both, and some out-of-state cases.
Dates run from 1990 to 2026; some cases are still open with pending counts, and some
fields are left unknown (``None``), as in real data.

    python examples/generate_people.py --seed 1 --count 300 --output examples/people.jsonl

or, from Python (e.g. a benchmark, with the repository root on ``sys.path``)::

    from examples.generate_people import generate_people
    people = generate_people(seed=1, count=100_000)

The output depends only on the seed, and the first N people are the same whatever the count.
Sentences are generated already normalized (``incarcerated``/``supervised`` set whenever a
release or supervision-end date is), so ``write_jsonl`` then ``read_records`` gives back
equal people.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import random
import sys
from collections.abc import Sequence
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make ``clearlaw`` importable from the checkout
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from clearlaw.citations import Citation, parse_citation
from clearlaw.io import write_jsonl
from clearlaw.records import (
    Case,
    CaseStatus,
    Count,
    Disposition,
    FactValue,
    Financial,
    Level,
    Person,
    Registration,
    Sentence,
)

__all__ = ["generate_people", "main"]

#: "Today" for the generated data: nothing after it has happened yet.
TODAY = dt.date(2026, 6, 30)
#: California's Proposition 64 (Adult Use of Marijuana Act) took effect the day after this.
PROP_64 = dt.date(2016, 11, 9)

_FIRST_DAY = dt.date(1990, 1, 1).toordinal()
_LAST_DAY = TODAY.toordinal()

F, M, INF, V = Level.FELONY, Level.MISDEMEANOR, Level.INFRACTION, Level.VIOLATION


class _Offense:
    """A template for a count: citation, description, level, class, maximum penalty."""

    __slots__ = (
        "citation",
        "description",
        "facts",
        "klass",
        "level",
        "max_days",
        "restitution",
        "sex_offense",
    )

    def __init__(
        self,
        citation: str,
        description: str,
        level: Level,
        klass: str | None,
        max_days: int | None,
        *,
        facts: str = "",
        sex_offense: bool = False,
    ) -> None:
        self.citation: Citation = parse_citation(citation)
        self.description = description
        self.level = level
        self.klass = klass
        self.max_days = max_days  # None: life imprisonment
        self.facts = facts
        self.sex_offense = sex_offense
        self.restitution = any(
            w in description for w in ("larceny", "burglary", "robbery", "theft")
        )


# (offense, weight)
_NY: Sequence[tuple[_Offense, int]] = (
    (_Offense("PL 155.25", "petit larceny", M, "A", 364), 20),
    (_Offense("PL 120.00", "assault in the third degree", M, "A", 364), 12),
    (_Offense("PL 220.03", "criminal possession of a controlled substance 7th", M, "A", 364), 14),
    (_Offense("PL 140.20", "burglary in the third degree", F, "D", 2555), 8),
    (_Offense("PL 220.39", "criminal sale of a controlled substance 3rd", F, "B", 3285), 6),
    (_Offense("PL 130.52", "forcible touching", M, "A", 364, sex_offense=True), 3),
    (_Offense("PL 125.25", "murder in the second degree", F, "A-I", None), 1),
    (_Offense("PL 220.21", "criminal possession of a controlled substance 1st", F, "A-I", None), 1),
    (_Offense("VTL 1192(1)", "driving while ability impaired", INF, None, 15), 10),
    (_Offense("PL 240.20", "disorderly conduct", V, None, 15), 6),
    (_Offense("PL 221.05", "unlawful possession of marihuana", V, None, 0), 5),
)
_NY_COUNTIES = ("KINGS", "NEW YORK", "QUEENS", "BRONX", "RICHMOND", "ERIE", "MONROE", "ALBANY")

_CA: Sequence[tuple[_Offense, int]] = (
    (
        _Offense(
            "HS 11357(b)",
            "possession of not more than 28.5 g of cannabis",
            INF,
            None,
            0,
            facts="flower",
        ),
        14,
    ),
    (
        _Offense(
            "HS 11357(c)",
            "possession of more than 28.5 g of cannabis",
            M,
            None,
            180,
            facts="flower",
        ),
        8,
    ),
    (
        _Offense(
            "HS 11357(a)", "possession of concentrated cannabis", F, None, 1095, facts="concentrate"
        ),
        6,
    ),
    (
        _Offense(
            "HS 11357(a)", "possession of concentrated cannabis", M, None, 364, facts="concentrate"
        ),
        6,
    ),
    (_Offense("HS 11358", "cultivation of cannabis", F, None, 1095, facts="plants"), 7),
    (_Offense("HS 11359", "possession of cannabis for sale", F, None, 1095, facts="flower"), 8),
    (
        _Offense(
            "HS 11360(a)", "transportation or sale of cannabis", F, None, 1460, facts="flower"
        ),
        6,
    ),
    (
        _Offense(
            "HS 11360(a)",
            "giving away not more than 28.5 g of cannabis",
            M,
            None,
            180,
            facts="flower",
        ),
        3,
    ),
    (_Offense("PC 459", "burglary", F, None, 2190), 5),
    (_Offense("PC 211", "robbery", F, None, 1825), 3),
    (
        _Offense(
            "PC 288(a)",
            "lewd or lascivious act with a child under 14",
            F,
            None,
            2920,
            sex_offense=True,
        ),
        1,
    ),
    (_Offense("PC 484", "petty theft", M, None, 180), 5),
    (_Offense("VC 23152(a)", "driving under the influence", M, None, 180), 5),
)
_CA_COUNTIES = ("LOS ANGELES", "SAN FRANCISCO", "ALAMEDA", "SAN DIEGO", "SACRAMENTO", "HUMBOLDT")

#: Out-of-state cases: jurisdiction and its offenses.
_OTHER: Sequence[tuple[str, Sequence[_Offense]]] = (
    (
        "US-TX",
        (
            _Offense("PC 31.03", "theft", M, "A", 365),
            _Offense("HS 481.115", "possession of a controlled substance", F, "3", 3650),
        ),
    ),
    (
        "US-FL",
        (
            _Offense("FS 893.13(6)(a)", "possession of a controlled substance", F, "3", 1825),
            _Offense("FS 812.014", "theft", M, "1", 364),
        ),
    ),
    ("US-AZ", (_Offense("ARS 13-1802", "theft", M, "1", 180),)),
)

_REGISTRATION = {
    "US-NY": parse_citation("Correction Law 168-a"),
    "US-CA": parse_citation("PC 290"),
}

_DISPOSITIONS = (
    Disposition.CONVICTED,
    Disposition.DISMISSED,
    Disposition.ACQUITTED,
    Disposition.NOLLE_PROSEQUI,
    Disposition.DIVERTED,
    Disposition.UNKNOWN,
)
_DISPOSITION_WEIGHTS = (62, 20, 4, 4, 7, 3)


_NO_SENTENCE = Sentence()
_NO_FINANCIAL = Financial()


def _cumulative(weights: Sequence[int]) -> list[int]:
    total, out = 0, []
    for w in weights:
        total += w
        out.append(total)
    return out


_NY_CUM = _cumulative([w for _, w in _NY])
_CA_CUM = _cumulative([w for _, w in _CA])
_DISPOSITION_CUM = _cumulative(_DISPOSITION_WEIGHTS)
_CASES_CUM = _cumulative((45, 30, 15, 10))  # 1-4 cases
_COUNTS_CUM = _cumulative((60, 30, 10))  # 1-3 counts


class _Generator:
    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.random = self.rng.random

    def between(self, low: int, high: int) -> int:
        """A whole number from ``low`` to ``high`` inclusive (faster than ``randint``)."""
        return low + int(self.random() * (high - low + 1))

    def pick(self, cum: list[int]) -> int:
        """An index drawn with the cumulative weights ``cum``."""
        x = self.random() * cum[-1]
        for i, c in enumerate(cum):
            if x < c:
                return i
        return len(cum) - 1

    def chance(self, p: float) -> bool:
        return self.random() < p

    def day(self, start: int, end: int) -> dt.date:
        return dt.date.fromordinal(self.between(start, max(start, end)))

    def person(self, number: int) -> Person:
        rng = self.rng
        birth = self.day(dt.date(1945, 1, 1).toordinal(), dt.date(2006, 12, 31).toordinal())
        home = rng.random()  # < 0.45 New York, < 0.9 California, else both
        adult = max(_FIRST_DAY, birth.toordinal() + 16 * 366)
        n_cases = self.pick(_CASES_CUM) + 1
        cases: list[Case] = []
        registrations: list[Registration] = []
        for k in range(n_cases):
            if self.chance(0.08):
                state = "OTHER"
            elif home < 0.45:
                state = "US-NY"
            elif home < 0.9:
                state = "US-CA"
            else:
                state = "US-NY" if self.chance(0.5) else "US-CA"
            case, registration = self.case(state, k + 1, adult)
            cases.append(case)
            if registration is not None:
                registrations.append(registration)
        death = None
        if self.chance(0.01):
            death = self.day(max(adult, dt.date(2000, 1, 1).toordinal()), _LAST_DAY)
        return Person(
            id=f"P{number:06d}",
            name=f"Test Person {number:04d}",
            birth_date=None if self.chance(0.02) else birth,
            death_date=death,
            registrations=tuple(registrations),
            cases=tuple(cases),
        )

    def case(self, state: str, serial: int, adult: int) -> tuple[Case, Registration | None]:
        rng = self.rng
        cannabis_era = state == "US-CA" and self.chance(0.85)
        end = min(PROP_64.toordinal(), _LAST_DAY) if cannabis_era else _LAST_DAY
        offense_day = self.between(min(adult, end), end)
        offense_date = dt.date.fromordinal(offense_day)
        open_case = offense_day > _LAST_DAY - 400 and self.chance(0.6)
        others: Sequence[_Offense] = ()
        if state == "US-NY":
            jurisdiction, county = "US-NY", rng.choice(_NY_COUNTIES)
        elif state == "US-CA":
            jurisdiction, county = "US-CA", rng.choice(_CA_COUNTIES)
        else:
            jurisdiction, others = rng.choice(_OTHER)
            county = None
        counts: list[Count] = []
        registration: Registration | None = None
        for c in range(self.pick(_COUNTS_CUM) + 1):
            if state == "US-NY":
                offense = _NY[self.pick(_NY_CUM)][0]
            elif state == "US-CA":
                offense = _CA[self.pick(_CA_CUM)][0]
            else:
                offense = rng.choice(others)
            count = self.count(offense, str(c + 1), offense_date, open_case)
            counts.append(count)
            if (
                offense.sex_offense
                and count.disposition is Disposition.CONVICTED
                and count.disposition_date is not None
                and jurisdiction in _REGISTRATION
            ):
                registration = Registration(
                    kind="sex_offender",
                    citation=_REGISTRATION[jurisdiction],
                    date=count.disposition_date,
                )
        prefix = jurisdiction.removeprefix("US-")
        case = Case(
            id=f"{prefix}-{offense_date.year}-{serial:03d}{self.between(0, 99999):05d}",
            jurisdiction=jurisdiction,
            county=None if self.chance(0.05) else county,
            status=(
                CaseStatus.OPEN if open_case else None if self.chance(0.02) else CaseStatus.CLOSED
            ),
            counts=tuple(counts),
        )
        return case, registration

    def count(self, offense: _Offense, cid: str, offense_date: dt.date, open_case: bool) -> Count:
        start = offense_date.toordinal()
        if open_case and self.chance(0.8):
            disposition: Disposition | None = Disposition.PENDING
        else:
            disposition = _DISPOSITIONS[self.pick(_DISPOSITION_CUM)]
        disposition_date: dt.date | None = None
        if disposition is not Disposition.PENDING and not self.chance(0.03):
            day = start + self.between(20, 500)
            disposition_date = dt.date.fromordinal(min(day, _LAST_DAY))
        sentence = _NO_SENTENCE
        financial = _NO_FINANCIAL
        if disposition is Disposition.CONVICTED and disposition_date is not None:
            sentence = self.sentence(offense, disposition_date)
            if offense.restitution:
                ordered = self.chance(0.7)
                paid = None
                if ordered and self.chance(0.5):
                    day = disposition_date.toordinal() + self.between(30, 1500)
                    paid = dt.date.fromordinal(day) if day <= _LAST_DAY else None
                financial = Financial(restitution_ordered=ordered, restitution_paid_date=paid)
        return Count(
            id=cid,
            citation=offense.citation,
            description=None if self.chance(0.05) else offense.description,
            level=None if self.chance(0.03) else offense.level,
            offense_class=offense.klass,
            max_penalty_days=None if self.chance(0.05) else offense.max_days,
            offense_date=None if self.chance(0.02) else offense_date,
            disposition=disposition,
            disposition_date=disposition_date,
            sentence=sentence,
            financial=financial,
            facts=self.facts(offense.facts),
        )

    def sentence(self, offense: _Offense, imposed: dt.date) -> Sentence:
        felony = offense.level is Level.FELONY
        if offense.level in (Level.INFRACTION, Level.VIOLATION):
            done = imposed if self.chance(0.9) else None
            return Sentence(imposed, False, None, False, None, done)
        incarcerated = self.chance(0.7 if felony else 0.25)
        supervised = self.chance(0.6 if felony else 0.35)
        day = imposed.toordinal()
        release = end = None
        if incarcerated:
            cap = offense.max_days if offense.max_days is not None else 9000
            release_day = day + self.between(1, max(1, cap))
            release = dt.date.fromordinal(release_day) if release_day <= _LAST_DAY else None
            day = release_day
        if supervised:
            end_day = day + self.between(180, 1826)
            end = dt.date.fromordinal(end_day) if end_day <= _LAST_DAY else None
            day = end_day
        completion = dt.date.fromordinal(day) if day <= _LAST_DAY else None
        if self.chance(0.05):  # the record does not say
            return Sentence(imposed, None, None, None, None, completion)
        return Sentence(imposed, incarcerated, release, supervised, end, completion)

    def facts(self, kind: str) -> dict[str, FactValue]:
        if not kind or self.chance(0.4):
            return {}
        rng = self.rng
        if kind == "flower":
            return {"flower_grams": round(rng.uniform(1.0, 2000.0), 1)}
        if kind == "concentrate":
            return {"concentrate_grams": round(rng.uniform(0.5, 60.0), 1)}
        return {"plants": self.between(1, 60)}


def generate_people(seed: int, count: int) -> list[Person]:
    """``count`` fabricated people, determined by ``seed`` (ids ``P000001``, ...)."""
    generator = _Generator(seed)
    # Millions of small objects and no cycles: the cyclic GC would only slow this down.
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        return [generator.person(number) for number in range(1, count + 1)]
    finally:
        if was_enabled:
            gc.enable()


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    parser.add_argument("--count", type=int, default=300, help="number of people (default 300)")
    parser.add_argument("--output", default="-", help="JSONL file to write (default: stdout)")
    args = parser.parse_args(argv)
    people = generate_people(args.seed, args.count)
    output = "/dev/stdout" if args.output == "-" else args.output
    written = write_jsonl(people, output)
    if args.output != "-":
        print(f"wrote {written} people to {args.output}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
