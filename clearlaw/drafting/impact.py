"""What an amendment does to records: every count whose determination changes between two
versions of a statute (``clearlaw diff``).

A count *changes* when its outcome, relief, relief kind or eligible date differs.  Each change
gets one kind, the first that applies in this order:

``gains relief`` / ``loses relief``
    relief as of the date, where there was none (or the reverse);
``now excluded`` / ``no longer excluded``
    the count can never get relief under the amended text (or could not before);
``now needs review`` / ``now decided``
    the amended text lacks facts the base did not need (or the reverse);
``earlier`` / ``later``
    the date it becomes eligible moves (``shift_days`` says by how much);
``relief kind``
    relief both times, but automatic one time and by petition the other;
``outcome``
    another outcome with the same relief and date (``sealed`` → ``expunged``);
``now decided by the statute`` / ``no longer decided``
    one version decides the count and the other does not apply to it.

A change is grouped by the rule that makes the difference: the rule that decided the count,
or ``before → after`` when the two versions decide it by different rules.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

import attrs

from clearlaw import nodes as n
from clearlaw import records as r
from clearlaw.dates import date
from clearlaw.evaluate import NEEDS_REVIEW, Determination, Statute
from clearlaw.side_by_side import CountKey, Decided, Job, count_keys, python_decided

__all__ = [
    "KINDS",
    "Change",
    "Impact",
    "change_kind",
    "count_changes",
    "diff",
    "diff_decided",
    "diff_jobs",
    "readings_impact",
]

#: Every kind of change, in the order of precedence (module docstring).
KINDS = (
    "gains relief",
    "loses relief",
    "now excluded",
    "no longer excluded",
    "now needs review",
    "now decided",
    "earlier",
    "later",
    "relief kind",
    "outcome",
    "now decided by the statute",
    "no longer decided",
)


@attrs.frozen
class Change:
    """One count the two versions treat differently as of ``as_of``."""

    person: str
    case: str
    count: str
    #: the count's level on the record (``felony``, …), or ``None`` where it does not say
    level: str | None
    before: Determination | None
    after: Determination | None
    kind: str
    #: days the eligible date moved (negative: earlier), where both versions give a date
    shift_days: int | None
    #: the rule that makes the difference (``rule`` or ``before → after``)
    rule: str


@attrs.frozen
class Impact:
    """The changes one amendment makes to a set of records, as of one date."""

    base: str
    amended: str
    as_of: date
    people: int
    counts: int
    changes: tuple[Change, ...]
    #: people every count of whom the amended text decides with relief, and the base did not
    people_newly_cleared: tuple[str, ...]
    #: people with a count that loses relief or can no longer get it
    people_newly_excluded: tuple[str, ...]

    def by_kind(self) -> Counter[str]:
        """Changed counts per kind, in ``KINDS`` order."""
        found = Counter(c.kind for c in self.changes)
        return Counter({k: found[k] for k in KINDS if found[k]})

    def by_rule(self) -> Counter[str]:
        """Changed counts per rule that makes the difference, most first."""
        return Counter(c.rule for c in self.changes)

    def by_level(self) -> Counter[str]:
        """Changed counts per offense level (``unknown`` where the record does not say)."""
        return Counter(c.level or "unknown" for c in self.changes)

    def by_year(self) -> Counter[str]:
        """Changed counts per year they become eligible under the amended text (``never``,
        ``unknown``, ``needs review`` or ``not decided`` where there is no year)."""
        return Counter(_year(c.after) for c in self.changes)


def _year(d: Determination | None) -> str:
    if d is None:
        return "not decided"
    if d.outcome == NEEDS_REVIEW:
        return "needs review"
    return str(d.eligible_on.year) if isinstance(d.eligible_on, date) else str(d.eligible_on)


def change_kind(before: Determination | None, after: Determination | None) -> str | None:
    """The kind of change from ``before`` to ``after`` (``KINDS``), or ``None`` when the
    outcome, relief, relief kind and eligible date are all the same."""
    if before is None or after is None:
        if before is after:
            return None
        return "now decided by the statute" if before is None else "no longer decided"
    if (before.outcome, before.relief, before.relief_kind, before.eligible_on) == (
        after.outcome,
        after.relief,
        after.relief_kind,
        after.eligible_on,
    ):
        return None
    if bool(before.relief) != bool(after.relief) and NEEDS_REVIEW not in (
        before.outcome,
        after.outcome,
    ):
        return "gains relief" if after.relief else "loses relief"
    if (before.eligible_on == "never") != (after.eligible_on == "never"):
        return "now excluded" if after.eligible_on == "never" else "no longer excluded"
    if (before.outcome == NEEDS_REVIEW) != (after.outcome == NEEDS_REVIEW):
        return "now needs review" if after.outcome == NEEDS_REVIEW else "now decided"
    shift = _shift(before, after)
    if shift:
        return "earlier" if shift < 0 else "later"
    if before.relief_kind != after.relief_kind:
        return "relief kind"
    return "outcome"


def _shift(before: Determination | None, after: Determination | None) -> int | None:
    if before is None or after is None:
        return None
    b, a = before.eligible_on, after.eligible_on
    if isinstance(b, date) and isinstance(a, date):
        return (a - b).days
    return None


def _rule(before: Determination | None, after: Determination | None) -> str:
    rules = [d.rule or "no rule" for d in (before, after) if d is not None]
    return rules[0] if len(set(rules)) == 1 else f"{rules[0]} → {rules[1]}"


def _cleared(ds: Sequence[Determination]) -> bool:
    return bool(ds) and all(d.relief for d in ds)


class _Ledger:
    """What one comparison (base against amended, at one date) has found so far."""

    def __init__(self) -> None:
        self.changes: list[Change] = []
        self.cleared: list[str] = []
        self.excluded: list[str] = []

    def add(self, item: Decided, old: int, new: int) -> None:
        """The changes to ``item``'s counts from its job ``old`` to its job ``new``."""
        before, after = item.results[old], item.results[new]
        changes = _changes(item.person, item.counts, before, after)
        self.changes.extend(changes)
        if _cleared(after) and not _cleared(before):
            self.cleared.append(item.person)
        if any(c.kind in ("loses relief", "now excluded") for c in changes):
            self.excluded.append(item.person)

    def impact(self, base: str, amended: str, as_of: date, people: int, counts: int) -> Impact:
        return Impact(
            base,
            amended,
            as_of,
            people,
            counts,
            tuple(self.changes),
            tuple(self.cleared),
            tuple(self.excluded),
        )


def diff_jobs(base: Statute, amended: Statute, as_of: date | Sequence[date]) -> list[Job]:
    """The jobs ``diff`` runs: ``base`` then ``amended`` at each date of ``as_of``."""
    dates = [as_of] if isinstance(as_of, date) else list(as_of)
    return [Job(statute, when) for when in dates for statute in (base, amended)]


def diff(
    base: Statute, amended: Statute, people: Iterable[r.Person], as_of: date | Sequence[date]
) -> tuple[Impact, ...]:
    """The changes from ``base`` to ``amended`` on ``people``, one ``Impact`` per date of
    ``as_of`` (several dates show a phase-in), in the order given.  ``people`` is read once,
    one person at a time; only the changes are kept."""
    jobs = diff_jobs(base, amended, as_of)
    return diff_decided(base.id, amended.id, jobs, python_decided(jobs, people))


def diff_decided(
    base: str, amended: str, jobs: Sequence[Job], decided: Iterable[Decided]
) -> tuple[Impact, ...]:
    """``diff`` from each person's determinations under ``jobs`` (``diff_jobs``), as
    ``clearlaw.side_by_side`` gives them on any engine."""
    dates = [job.as_of for job in jobs[::2]]
    ledgers = [_Ledger() for _ in dates]
    n_people = n_counts = 0
    for item in decided:
        n_people += 1
        n_counts += len(item.counts)
        for k, ledger in enumerate(ledgers):
            ledger.add(item, 2 * k, 2 * k + 1)
    return tuple(
        ledger.impact(base, amended, when, n_people, n_counts)
        for ledger, when in zip(ledgers, dates, strict=True)
    )


def readings_impact(
    ref: str | Path,
    people: Iterable[r.Person],
    as_of: date,
    *,
    chosen: Mapping[str, str] | None = None,
) -> list[tuple[n.Reading, n.Alternative, Impact]]:
    """What each alternative of each contested reading of the statute ``ref`` changes on
    ``people`` as of ``as_of``, against the statute as written (``clearlaw readings``);
    ``chosen`` fixes readings for every run (the base the others are measured from).
    ``people`` is read once, one person at a time (the base evaluated once per person)."""
    from clearlaw.library import load
    from clearlaw.readings import alternatives

    fixed = dict(chosen or {})
    base = load(ref, fixed or None)
    others = [
        (reading, alternative, load(ref, {**fixed, reading.name: alternative.name}))
        for reading, alternative in alternatives(base.node)
        if reading.name not in fixed
    ]
    jobs = [Job(base, as_of), *(Job(other, as_of) for _, _, other in others)]
    ledgers = [_Ledger() for _ in others]
    n_people = n_counts = 0
    for item in python_decided(jobs, people):
        n_people += 1
        n_counts += len(item.counts)
        for k, ledger in enumerate(ledgers):
            ledger.add(item, 0, k + 1)
    return [
        (reading, alternative, ledger.impact(base.id, other.id, as_of, n_people, n_counts))
        for ledger, (reading, alternative, other) in zip(ledgers, others, strict=True)
    ]


def count_changes(
    person: r.Person, old: Iterable[Determination], new: Iterable[Determination]
) -> list[Change]:
    """The counts of ``person`` whose determination differs between ``old`` (the base
    statute's) and ``new`` (the amended one's), in record order."""
    return _changes(person.id, count_keys(person), old, new)


def _changes(
    person: str,
    counts: Iterable[CountKey],
    old: Iterable[Determination],
    new: Iterable[Determination],
) -> list[Change]:
    before = {(d.case, d.count): d for d in old}
    after = {(d.case, d.count): d for d in new}
    out = []
    for case, count, level in counts:
        b, a = before.get((case, count)), after.get((case, count))
        kind = change_kind(b, a)
        if kind is not None:
            out.append(Change(person, case, count, level, b, a, kind, _shift(b, a), _rule(b, a)))
    return out
