"""What a record already says without writing it down: values the evaluator derives.

Records are taken as they are on file and never rewritten; when a statute is evaluated, the
evaluator reads a few values as the record implies them (``derive``), all in this one place:

* **Offense classes, per jurisdiction** (``CLASSES``): the spellings court data uses for one
  class are one class (Pennsylvania's ungraded misdemeanor written ``M``, ``M-U`` or
  ``UNGRADED``; ``Class A-I`` and ``A1`` in New York), and a value that is not one of the
  jurisdiction's classes is *unknown* — a statute comparing it gets ``needs_review`` naming
  ``class``, never a definite answer read off a value it does not know.
* **Citations, per jurisdiction**: a citation whose code the case's jurisdiction does not have
  (``MLC 750.81`` in a Michigan case) is *unknown*, as one that cannot be read is: whether it is
  on a statute's lists cannot be told, so a statute testing it gets ``needs_review`` naming
  ``citation`` (``clearlaw.scope.count_warnings`` still names the code).
* **A maximum fixed by the class**: a Virginia misdemeanor of class 1 is punishable by up to
  twelve months, class 2 by up to six, classes 3 and 4 by a fine only (Va. Code 18.2-11), so
  ``max_penalty_days`` is 365, 180 or 0 when the record does not give it.
* **What a sentence's dates imply**: a release date on record means the sentence included
  incarceration (``sentence.incarcerated``), a supervision end date that it included
  supervision (``sentence.supervised``).
* **The order of a count's dates** (``date_bounds``): offense, disposition, sentence, release
  and end of supervision, completion.  A missing date lies between the known ones around it —
  so a sentence completed before the as-of date settles "still incarcerated / supervised"
  (``clearlaw.worlds`` decides the count over the dates that remain possible).

A jurisdiction without a class table keeps its class values as written.
"""

from __future__ import annotations

import operator
import re
from collections.abc import Mapping
from typing import Any

import attrs

from clearlaw import nodes as n
from clearlaw import records as r
from clearlaw.dates import date
from clearlaw.evolve import evolve
from clearlaw.record_values import bare_level_words, read_value, value_key
from clearlaw.scope import has_code

__all__ = [
    "CLASSES",
    "DERIVED_FIELDS",
    "Classes",
    "class_in_level",
    "classes_as_written",
    "date_bounds",
    "derive",
    "follows",
    "reads_derived",
    "unrecognized_classes",
]


@attrs.frozen
class Classes:
    """A jurisdiction's offense classes: the ``known`` values, other spellings of them
    (``aliases``, by spelling key: see ``Classes.read``), and the maximum penalty in days a
    (level, class) carries where the law fixes it by class."""

    known: frozenset[str]
    aliases: Mapping[str, str] = attrs.field(factory=dict)
    max_penalty_days: Mapping[tuple[r.Level, str], int] = attrs.field(factory=dict)
    source: str = ""

    def read(self, value: str) -> str | None:
        """The class ``value`` spells, or ``None`` if it is not one of these classes.
        Case, spaces, dots, hyphens and a leading "class" do not matter."""
        if value in self.known:
            return value
        key = _key(value)
        found = self.aliases.get(key)
        if found is not None:
            return found
        return next((k for k in self.known if _key(k) == key), None)


_NOISE = re.compile(r"[\s.\-_()]+")


def _key(value: str) -> str:
    key = _NOISE.sub("", value.upper())
    return key.removeprefix("CLASS") or key


#: How court data writes the first to fourth degree.
_ORDINALS = {
    1: ("1", "1ST", "FIRST"),
    2: ("2", "2ND", "SECOND"),
    3: ("3", "3RD", "THIRD"),
    4: ("4", "4TH", "FOURTH"),
}


def _with_level(
    felonies: Mapping[str, str], misdemeanors: Mapping[str, str], *, short: bool = True
) -> dict[str, str]:
    """Aliases of classes written with their level's word, as judgments and court data write
    them (``Class C Felony``, ``Felony Class C``, ``Felony C``, ``C Felony``) and, if ``short``,
    with its initial after the class (``CF``, ``AM``: Connecticut and New York court data):
    each written class key (``Classes.read``'s) to its class."""
    aliases: dict[str, str] = {}
    for word, classes in (("FELONY", felonies), ("MISDEMEANOR", misdemeanors)):
        for written, cls in classes.items():
            keys = [f"{written}{word}", f"{word}{written}", f"{word}CLASS{written}"]
            if short:
                keys.append(f"{written}{word[0]}")
            aliases.update(dict.fromkeys(keys, cls))
    return aliases


def _degrees(word: str, prefix: str, degrees: range) -> dict[str, str]:
    """``Misdemeanor of the First Degree``, ``1st Degree Misdemeanor``, ``Misdemeanor 2nd
    Degree``: each to ``prefix`` and the degree's number."""
    return {
        key: f"{prefix}{n}"
        for n in degrees
        for o in _ORDINALS[n]
        for key in (f"{word}{o}", f"{o}DEGREE{word}", f"{word}{o}DEGREE", f"{word}OFTHE{o}DEGREE")
    }


#: Offense classes of the jurisdictions whose statutes compare them.
CLASSES: Mapping[str, Classes] = {
    "US-NY": Classes(
        frozenset({"A", "A-I", "A-II", "B", "C", "D", "E", "U"}),
        {
            "A1": "A-I",
            "AI": "A-I",
            "A2": "A-II",
            "AII": "A-II",
            "UNCLASSIFIED": "U",
            **_with_level(
                {"A": "A", "AI": "A-I", "A1": "A-I", "AII": "A-II", "A2": "A-II"}
                | {k: k for k in "BCDE"},
                {k: k for k in "ABU"},
            ),
        },
        source="N.Y. Penal Law 55.05, 55.10",
    ),
    "US-PA": Classes(
        frozenset({"M1", "M2", "M3", "M", "S", "F1", "F2", "F3", "F"}),
        {
            "MU": "M",
            "UNGRADED": "M",
            "MUNGRADED": "M",
            "UNGRADEDMISDEMEANOR": "M",
            "SUMMARY": "S",
            "FU": "F",
            "UNGRADEDFELONY": "F",
            **_degrees("MISDEMEANOR", "M", range(1, 4)),
            **_degrees("FELONY", "F", range(1, 4)),
        },
        source="18 Pa.C.S. 106",
    ),
    "US-CT": Classes(
        frozenset({"A", "B", "C", "D", "E", "U"}),
        {"UNCLASSIFIED": "U", **_with_level({k: k for k in "ABCDEU"}, {k: k for k in "ABCDU"})},
        source="Conn. Gen. Stat. 53a-25, 53a-26",
    ),
    "US-OR": Classes(
        frozenset({"A", "B", "C", "D", "U"}),
        {"UNCLASSIFIED": "U", **_with_level({k: k for k in "ABCU"}, {k: k for k in "ABCU"})},
        source="ORS 161.535, 161.545, 153.012",
    ),
    "US-UT": Classes(
        frozenset({"1", "2", "3", "A", "B", "C"}),
        {
            "F1": "1",
            "F2": "2",
            "F3": "3",
            "MA": "A",
            "MB": "B",
            "MC": "C",
            **{k: v.removeprefix("F") for k, v in _degrees("FELONY", "F", range(1, 4)).items()},
            **_with_level({}, {k: k for k in "ABC"}),
        },
        source="Utah Code 76-3-103, 76-3-104",
    ),
    "US-NJ": Classes(
        frozenset({"1", "2", "3", "4", "DP", "PDP"}),
        {
            **{
                key: str(n)
                for n in range(1, 5)
                for o in _ORDINALS[n]
                for key in (o, f"{o}DEGREE", f"{o}DEGREECRIME", f"CRIMEOFTHE{o}DEGREE")
            },
            "DISORDERLYPERSONS": "DP",
            "DISORDERLYPERSONSOFFENSE": "DP",
            "PETTYDISORDERLYPERSONS": "PDP",
            "PETTYDISORDERLYPERSONSOFFENSE": "PDP",
        },
        source="N.J.S.A. 2C:43-1, 2C:1-4",
    ),
    "US-VA": Classes(
        frozenset({"1", "2", "3", "4", "5", "6", "U"}),
        {"UNCLASSIFIED": "U"},
        {
            (r.Level.MISDEMEANOR, "1"): 365,  # "jail for not more than twelve months"
            (r.Level.MISDEMEANOR, "2"): 180,  # "jail for not more than six months"
            (r.Level.MISDEMEANOR, "3"): 0,  # "a fine of not more than $500"
            (r.Level.MISDEMEANOR, "4"): 0,  # "a fine of not more than $250"
        },
        source="Va. Code 18.2-10, 18.2-11, 18.2-14",
    ),
    # Bare "1"-"6" stay as written: a statute reads them by the offense date (a drug felony's
    # level from 2013-10-01, a class otherwise).  Misdemeanors were M1-M3 and petty offenses
    # PO1-PO2 until 2022-03-01 (SB21-271: M1, M2, one petty offense PO); DPO a drug petty offense.
    "US-CO": Classes(
        frozenset(
            {str(k) for k in range(1, 7)}
            | {f"F{k}" for k in range(1, 7)}
            | {f"DF{k}" for k in range(1, 5)}
            | {f"M{k}" for k in range(1, 4)}
            | {"DM1", "DM2", "PO1", "PO2", "PO", "DPO"}
        ),
        {
            **{f"{k}FELONY": f"F{k}" for k in range(1, 7)},
            **{f"FELONY{k}": f"F{k}" for k in range(1, 7)},
            **{f"FELONYCLASS{k}": f"F{k}" for k in range(1, 7)},
            **{f"LEVEL{k}DRUGFELONY": f"DF{k}" for k in range(1, 5)},
            **{f"DRUGFELONY{k}": f"DF{k}" for k in range(1, 5)},
            **{f"DRUGFELONYLEVEL{k}": f"DF{k}" for k in range(1, 5)},
            **{f"{k}MISDEMEANOR": f"M{k}" for k in range(1, 4)},
            **{f"MISDEMEANOR{k}": f"M{k}" for k in range(1, 4)},
            **{f"LEVEL{k}DRUGMISDEMEANOR": f"DM{k}" for k in range(1, 3)},
            **{f"DRUGMISDEMEANOR{k}": f"DM{k}" for k in range(1, 3)},
            **{f"{k}PETTYOFFENSE": f"PO{k}" for k in range(1, 3)},
            **{f"PETTYOFFENSE{k}": f"PO{k}" for k in range(1, 3)},
            "PETTYOFFENSE": "PO",
            "DRUGPETTYOFFENSE": "DPO",
        },
        source="C.R.S. 18-1.3-401, 18-1.3-401.5, 18-1.3-501 (SB21-271)",
    ),
    "US-IL": Classes(
        frozenset({"X", "1", "2", "3", "4", "A", "B", "C"}),
        _with_level({k: k for k in "X1234"}, {k: k for k in "ABC"}, short=False),
        source="730 ILCS 5/5-4.5-25 to 5-4.5-65, 5-4.5-85 (petty and business offenses: no class)",
    ),
}


def class_in_level(level: str, jurisdiction: str | None) -> str | None:
    """The class a level as court data writes it carries (``M2``, ``Class C Felony``, ``F3``,
    ``EF``), as ``jurisdiction``'s class; ``None`` for a level word alone (``F``, ``Felony``),
    or where the jurisdiction has no class table or no such class."""
    table = CLASSES.get(jurisdiction or "")
    if table is None or value_key(level) in bare_level_words():
        return None
    return table.read(level)


def unrecognized_classes(jurisdiction: str | None, values: set[str]) -> list[str]:
    """The ``values`` that are not classes of ``jurisdiction`` (none if it has no table)."""
    table = CLASSES.get(jurisdiction or "")
    return sorted(v for v in values if table is not None and table.read(v) is None)


def _derived_count(
    count: r.Count, table: Classes | None, jurisdiction: str | None
) -> tuple[r.Count, bool]:
    """``count`` as its record implies it, and whether its class or its citation's code was
    not recognized."""
    changes: dict[str, Any] = {}
    unrecognized = False
    if count.citation is not None and not has_code(jurisdiction, count.citation.code):
        changes["citation"] = None
        unrecognized = True
    cls = count.offense_class
    if table is not None and cls is not None:
        known = table.read(cls)
        said = read_value(r.Level, cls)  # "Class A Misdemeanor", "AM", "M1" also say a level
        if said is not None and count.level is not None and said != count.level:
            known = None  # "Class A Misdemeanor" of a felony: which is wrong is not known
        if known is None:
            unrecognized = True
        if known != cls:
            changes["offense_class"] = cls = known
        if count.max_penalty_days is None and count.level is not None and cls is not None:
            days = table.max_penalty_days.get((count.level, cls))
            if days is not None:
                changes["max_penalty_days"] = days
    s = count.sentence
    if (s.incarcerated is None and s.incarceration_release_date is not None) or (
        s.supervised is None and s.supervision_end_date is not None
    ):
        changes["sentence"] = evolve(
            s,
            incarcerated=True if s.incarceration_release_date is not None else s.incarcerated,
            supervised=True if s.supervision_end_date is not None else s.supervised,
        )
    if not changes:
        return count, unrecognized
    return evolve(count, **changes), unrecognized


_NOTHING_ODD: frozenset[tuple[str, str]] = frozenset()


def classes_as_written(person: r.Person) -> bool:
    """Whether every class on ``person``'s record is written as its jurisdiction's class
    (or has no table) and every citation's code is one of its jurisdiction's: then only
    unknown values can be derived, which matters only to a count that needs review (a known
    value leaves a definite answer as it was)."""
    for case in person.cases:
        table = CLASSES.get(case.jurisdiction or "")
        known = table.known if table is not None else None
        for count in case.counts:
            cls, citation = count.offense_class, count.citation
            if known is not None and cls is not None and cls not in known:
                return False
            if citation is not None and not has_code(case.jurisdiction, citation.code):
                return False
    return True


#: The fields ``derive`` may fill in besides ``class``.
DERIVED_FIELDS = frozenset({"sentence.incarcerated", "sentence.supervised", "max_penalty_days"})


def reads_derived(statute: n.Statute) -> bool:
    """Whether ``statute`` reads a field ``derive`` may fill in besides ``class``."""
    return any(
        isinstance(x, n.Path) and ".".join(x.parts) in DERIVED_FIELDS for x in n.walk(statute)
    )


def derive(person: r.Person) -> tuple[r.Person, frozenset[tuple[str, str]]]:
    """``person`` as the record implies it (the module docstring lists what is derived), and
    the (case id, count id) of the counts whose class, or whose citation's code, is not one of
    their jurisdiction's.
    The same object when nothing is derived."""
    cases: list[r.Case] = []
    changed = False
    unrecognized: set[tuple[str, str]] = set()
    for case in person.cases:
        table = CLASSES.get(case.jurisdiction or "")
        counts = []
        for count in case.counts:
            new, odd = _derived_count(count, table, case.jurisdiction)
            if odd:
                unrecognized.add((case.id, count.id))
            counts.append(new)
        if any(a is not b for a, b in zip(counts, case.counts, strict=True)):
            case = evolve(case, counts=tuple(counts))
            changed = True
        cases.append(case)
    if not changed:
        return person, frozenset(unrecognized) or _NOTHING_ODD
    return evolve(person, cases=tuple(cases)), frozenset(unrecognized)


#: A count's dates, each on or after the ones of the groups before it.
_DATE_ORDER: tuple[tuple[str, ...], ...] = (
    ("offense_date",),
    ("disposition_date",),
    ("sentence.imposed_date",),
    ("sentence.incarceration_release_date", "sentence.supervision_end_date"),
    ("sentence.completion_date",),
)
_GET = {name: operator.attrgetter(name) for group in _DATE_ORDER for name in group}
#: For each date of a count: how to read the dates before it and the dates after it.
_AROUND = {
    name: (
        tuple(_GET[f] for g in _DATE_ORDER[:i] for f in g),
        tuple(_GET[f] for g in _DATE_ORDER[i + 1 :] for f in g),
    )
    for i, group in enumerate(_DATE_ORDER)
    for name in group
}


_GROUP = {name: i for i, group in enumerate(_DATE_ORDER) for name in group}


def follows(later: str, earlier: str) -> bool:
    """Whether a count's date ``later`` is never before its date ``earlier`` (both as a
    statute names them) on a record whose dates are in order: the same date, or one of a
    later group of ``_DATE_ORDER``."""
    if later == earlier:
        return True
    return later in _GROUP and earlier in _GROUP and _GROUP[later] > _GROUP[earlier]


def date_bounds(count: r.Count, name: str) -> tuple[date | None, date | None]:
    """The earliest and latest ``name`` (a count date as a statute names it) can be, given
    the count's other dates (``None``: no bound).  A sentence is imposed on or after the
    conviction, released and supervised from then, and completed after both."""
    around = _AROUND.get(name)
    if around is None:
        return None, None
    before, after = around
    low = max((d for d in (get(count) for get in before) if d is not None), default=None)
    high = min((d for d in (get(count) for get in after) if d is not None), default=None)
    return low, high
