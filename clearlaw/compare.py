"""Several statutes over the same records: what each clears, and which counts they treat
differently and why (``clearlaw compare``)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence

import attrs

from clearlaw import records as r
from clearlaw.dates import date
from clearlaw.evaluate import NEEDS_REVIEW, Determination, Statute
from clearlaw.side_by_side import Decided, Job, python_decided

__all__ = ["Comparison", "Difference", "Totals", "compare", "compare_decided", "jobs"]


@attrs.frozen
class Totals:
    """What one statute does to the records."""

    statute: str
    title: str
    people_decided: int
    people_with_relief: int
    #: people every decided count of whom is cleared without a petition (eligibility to
    #: petition is not clearance)
    people_cleared: int
    counts_decided: int
    counts_relief: int
    counts_petition: int  # of ``counts_relief``: relief that needs a petition or motion
    counts_waiting: int
    counts_never: int
    counts_review: int


@attrs.frozen
class Difference:
    """A count the statutes do not treat alike: each statute's determination (or ``None``
    where the statute does not decide the count)."""

    person: str
    case: str
    count: str
    results: tuple[tuple[str, Determination | None], ...]


@attrs.frozen
class Comparison:
    """Totals per statute, in the order given, and the counts that differ."""

    as_of: date
    totals: tuple[Totals, ...]
    differences: tuple[Difference, ...]


def _cleared(d: Determination) -> bool:
    """Relief that clears the record by itself: not eligibility to petition for it."""
    return bool(d.relief) and d.relief_kind != "petition"


#: The fields of ``Totals`` that are counted, person by person.
_COUNTED = tuple(f.name for f in attrs.fields(Totals) if f.type in (int, "int"))


def _tally(tally: Counter[str], ds: Sequence[Determination]) -> None:
    """Add one person's determinations under a statute to ``tally`` (``_COUNTED`` keys)."""
    if not ds:
        return
    tally["people_decided"] += 1
    tally["people_with_relief"] += any(d.relief for d in ds)
    tally["people_cleared"] += all(_cleared(d) for d in ds)
    tally["counts_decided"] += len(ds)
    tally["counts_relief"] += sum(1 for d in ds if d.relief)
    tally["counts_petition"] += sum(1 for d in ds if d.relief and d.relief_kind == "petition")
    tally["counts_waiting"] += sum(
        1 for d in ds if d.relief is False and isinstance(d.eligible_on, date)
    )
    tally["counts_never"] += sum(1 for d in ds if d.eligible_on == "never")
    tally["counts_review"] += sum(1 for d in ds if d.outcome == NEEDS_REVIEW)


def _verdict(d: Determination | None) -> object:
    if d is None:
        return "not decided"
    return (d.relief, d.relief_kind, d.outcome == NEEDS_REVIEW, d.eligible_on)


def jobs(statutes: Sequence[Statute], as_of: date, *, as_if_local: bool = False) -> list[Job]:
    """The statutes as of ``as_of``; with ``as_if_local`` each reads every case as if it
    were in its own jurisdiction."""
    return [Job(s, as_of, s.node.header.jurisdiction if as_if_local else None) for s in statutes]


def compare(
    statutes: Sequence[Statute],
    people: Iterable[r.Person],
    as_of: date,
    *,
    as_if_local: bool = False,
) -> Comparison:
    """Evaluate every statute on the same people.

    A count differs when the statutes disagree on whether it gets relief as of ``as_of``, on
    how (automatically or by petition), or on the date it becomes eligible, or one decides it
    and another does not.  With ``as_if_local`` every case is treated as if it
    were in each statute's own jurisdiction, to compare states' laws on one set of records.
    ``people`` is read once, one person at a time (a stream of a million people is fine).
    """
    decided = python_decided(jobs(statutes, as_of, as_if_local=as_if_local), people)
    return compare_decided(statutes, as_of, decided)


def compare_decided(
    statutes: Sequence[Statute], as_of: date, decided: Iterable[Decided]
) -> Comparison:
    """``compare`` from each person's determinations under each statute (``jobs``' order),
    as ``clearlaw.side_by_side`` gives them on any engine."""
    tallies: list[Counter[str]] = [Counter() for _ in statutes]
    differences = []
    for item in decided:  # one person at a time: only the differences are kept
        for tally, results in zip(tallies, item.results, strict=True):
            _tally(tally, results)
        keyed = [{(d.case, d.count): d for d in results} for results in item.results]
        for case, count, _ in item.counts:
            row = tuple((s.id, k.get((case, count))) for s, k in zip(statutes, keyed, strict=True))
            if all(d is None for _, d in row):
                continue
            if len({_verdict(d) for _, d in row}) > 1:
                differences.append(Difference(item.person, case, count, row))
    totals = tuple(
        Totals(statute=s.id, title=s.title, **{name: tally[name] for name in _COUNTED})
        for s, tally in zip(statutes, tallies, strict=True)
    )
    return Comparison(as_of, totals, tuple(differences))
