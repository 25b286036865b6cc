"""What templates see: plain, frozen values built from a statute, people and determinations.

Templates get these views, never records or statutes themselves, so a template written for one
version of clearlaw keeps working when internals change, and the sandbox has little to guard.
Every field is documented in docs/documents.md ("Template variables").
"""

from __future__ import annotations

import weakref
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence

import attrs

from clearlaw import nodes as n
from clearlaw import records as r
from clearlaw.dates import date
from clearlaw.evaluate import NEEDS_REVIEW, Determination, Statute
from clearlaw.explain import Explanation

__all__ = [
    "STATUSES",
    "Bar",
    "CaseView",
    "CountView",
    "ExplanationView",
    "FilingCase",
    "FilingRow",
    "FilingView",
    "MissingView",
    "PersonView",
    "SectionRelief",
    "Segment",
    "StatuteView",
    "SummaryView",
    "Tally",
    "case_views",
    "count_views",
    "person_view",
    "section_reliefs",
    "statute_view",
    "summary_view",
    "tally",
]

#: How a count stands, in the order documents list them:
#: relief (granted), waiting (a date is known), blocked (not while something lasts), never,
#: review (the record lacks a fact the answer depends on).
STATUSES = ("relief", "waiting", "blocked", "never", "review")


@attrs.frozen
class StatuteView:
    id: str
    title: str
    jurisdiction: str | None
    citations: tuple[tuple[str, str | None], ...]  # (citation, source url or None)
    effective: date | None
    #: Relief outcomes, in the order the statute lists them.
    relief_outcomes: tuple[str, ...]
    #: The one relief outcome the statute gives, if it has exactly one (for "cannot be sealed").
    main_relief: str | None
    outcome_descriptions: tuple[tuple[str, str], ...]


@attrs.frozen
class PersonView:
    id: str
    name: str | None


@attrs.frozen
class MissingView:
    """A fact the record lacks: ``field`` (``sentence.supervised``), the statute's description
    of a ``facts.…`` field, and, when it belongs to another count than the one decided, that
    count's ``case`` and ``count``."""

    field: str
    case: str | None
    count: str | None
    description: str | None = None


@attrs.frozen
class ExplanationView:
    label: str
    value: str
    citation: str | None
    where: str | None  # statute file name and line: ``clean-slate.law:42``
    children: tuple[ExplanationView, ...]


@attrs.frozen
class CountView:
    """One decided count."""

    case: str
    count: str
    citation: str | None
    description: str | None
    level: str | None
    disposition: str | None
    disposition_date: date | None
    #: The date of conviction (the disposition date of a conviction), if known.
    convicted_on: date | None
    outcome: str
    outcome_description: str
    status: str  # one of STATUSES
    relief: bool | None
    #: The relief this count gets, or would get on ``eligible_on``; ``None`` if not one.
    relief_outcome: str | None
    eligible_on: date | None
    eligible: str  # the raw value: a date, "never" or "unknown"
    rule: str | None
    rule_title: str | None
    rule_citation: str | None
    citations: tuple[str, ...]
    reasons: tuple[str, ...]
    missing: tuple[MissingView, ...]
    explanation: ExplanationView | None


@attrs.frozen
class Tally:
    """How many of a person's decided counts have each status (``STATUSES``), how many are
    not convictions (dismissals and the like, for statutes that decide those) and in all."""

    relief: int
    waiting: int
    blocked: int
    never: int
    review: int
    not_convicted: int
    total: int


def tally(counts: Sequence[CountView]) -> Tally:
    by = Counter(c.status for c in counts)
    return Tally(
        relief=by["relief"],
        waiting=by["waiting"],
        blocked=by["blocked"],
        never=by["never"],
        review=by["review"],
        not_convicted=sum(1 for c in counts if c.disposition != "convicted"),
        total=len(counts),
    )


@attrs.frozen
class Segment:
    """A piece of a bar: ``start`` and ``width`` in percent of the chart's widest bar."""

    status: str
    count: int
    start: float
    width: float


@attrs.frozen
class Bar:
    """One row of a chart: a label (``None``: counts with no citation, or no date), counts per
    status (``STATUSES``) and the bar's pieces."""

    label: str | None
    detail: str | None
    counts: tuple[tuple[str, int], ...]
    total: int
    segments: tuple[Segment, ...] = ()


@attrs.frozen
class SummaryView:
    people: int
    #: Of ``people``: those the records held but no document could read (their rejections
    #: are listed on stderr).
    people_rejected: int
    people_decided: int
    people_with_relief: int
    people_cleared: int
    counts: int
    by_status: tuple[tuple[str, int], ...]
    by_outcome: tuple[tuple[str, int], ...]
    by_section: tuple[Bar, ...]
    by_year: tuple[Bar, ...]
    max_section: int
    max_year: int


def statute_view(statute: Statute) -> StatuteView:
    h = statute.node.header
    relief = tuple(o.name for o in statute.node.outcomes if o.relief)
    return StatuteView(
        id=statute.id,
        title=statute.title,
        jurisdiction=h.jurisdiction,
        citations=tuple((c.citation, c.source) for c in h.cites),
        effective=statute.effective,
        relief_outcomes=relief,
        main_relief=relief[0] if len(relief) == 1 else None,
        outcome_descriptions=tuple((o.name, o.description) for o in statute.node.outcomes),
    )


def person_view(person: r.Person) -> PersonView:
    return PersonView(person.id, person.name)


def _status(d: Determination) -> str:
    if d.outcome == NEEDS_REVIEW:
        return "review"
    if d.relief:
        return "relief"
    if isinstance(d.eligible_on, date):
        return "waiting"
    return "blocked" if d.eligible_on == "unknown" else "never"


def _missing(text: str, facts: dict[str, str | None]) -> MissingView:
    key, _, field = text.rpartition(" ")
    case, _, count = key.partition("/")
    return MissingView(field, case or None, count or None, facts.get(field))


def _explanation(e: Explanation) -> ExplanationView:
    where = f"{e.span.file.rsplit('/', 1)[-1]}:{e.span.line}" if e.span is not None else None
    return ExplanationView(
        e.label, e.value, e.citation, where, tuple(_explanation(c) for c in e.children)
    )


class _Lookup:
    """Per-statute tables, built once: decisions by name, outcome descriptions."""

    def __init__(self, statute: Statute) -> None:
        self.statute = statute
        self.decisions: dict[str, n.Decision] = {d.name: d for d in statute.node.decisions}
        self.descriptions = {o.name: o.description for o in statute.node.outcomes}
        self.descriptions.setdefault(NEEDS_REVIEW, "Needs review: the record lacks a fact")
        self.facts = {f"facts.{f.name}": f.description for f in statute.node.facts}
        relief = [o.name for o in statute.node.outcomes if o.relief]
        self.main_relief = relief[0] if len(relief) == 1 else None

    def relief_outcome(self, d: Determination, status: str) -> str | None:
        if status == "relief":
            return d.outcome
        node = self.decisions.get(d.rule or "")
        if status == "waiting" and isinstance(node, n.Rule) and self.statute.relief[node.outcome]:
            return node.outcome
        return self.main_relief


_LOOKUPS: weakref.WeakKeyDictionary[Statute, _Lookup] = weakref.WeakKeyDictionary()


def _lookup(statute: Statute) -> _Lookup:
    found = _LOOKUPS.get(statute)
    if found is None:
        found = _LOOKUPS[statute] = _Lookup(statute)
    return found


def count_views(
    statute: Statute, person: r.Person, determinations: Iterable[Determination], as_of: date
) -> tuple[CountView, ...]:
    """One view per determination, in the order given (the record's order from ``evaluate``)."""
    table = _lookup(statute)
    counts = {(c.id, k.id): k for c in person.cases for k in c.counts}
    out = []
    for d in determinations:
        k = counts.get((d.case, d.count))
        status = _status(d)
        node = table.decisions.get(d.rule or "")
        convicted = k is not None and k.disposition == r.Disposition.CONVICTED
        out.append(
            CountView(
                case=d.case,
                count=d.count,
                citation=str(k.citation) if k is not None and k.citation is not None else None,
                description=k.description if k is not None else None,
                level=str(k.level) if k is not None and k.level is not None else None,
                disposition=str(k.disposition) if k is not None and k.disposition else None,
                disposition_date=k.disposition_date if k is not None else None,
                convicted_on=k.disposition_date if k is not None and convicted else None,
                outcome=d.outcome,
                outcome_description=table.descriptions.get(d.outcome, d.outcome),
                status=status,
                relief=d.relief,
                relief_outcome=table.relief_outcome(d, status),
                eligible_on=d.eligible_on if isinstance(d.eligible_on, date) else None,
                eligible=str(d.eligible_on),
                rule=d.rule,
                rule_title=statute.title_on(node.name, as_of) if node is not None else None,
                rule_citation=node.citation if node is not None else None,
                citations=d.citations,
                reasons=d.reasons,
                missing=tuple(_missing(m, table.facts) for m in d.missing),
                explanation=_explanation(d.explanation) if d.explanation is not None else None,
            )
        )
    return tuple(out)


def _bar(label: str | None, detail: str | None, tally: Counter[str]) -> Bar:
    return Bar(label, detail, tuple((s, tally[s]) for s in STATUSES), sum(tally.values()))


def _scaled(bars: list[Bar]) -> list[Bar]:
    top = max((b.total for b in bars), default=0) or 1
    out = []
    for b in bars:
        segments, start = [], 0
        for status, k in b.counts:
            if k:
                segments.append(
                    Segment(status, k, round(100 * start / top, 2), round(100 * k / top, 2))
                )
                start += k
        out.append(attrs.evolve(b, segments=tuple(segments)))
    return out


def summary_view(
    statute: Statute,
    people: Sequence[r.Person],
    determinations: Iterable[Determination],
    rejected: int = 0,
) -> SummaryView:
    """Figures of a bulk run: people in the records (``people`` and the ``rejected`` ones
    beside them), decided, with relief, fully cleared (every decided count gets relief);
    counts by status, outcome, section (the count's citation) and year of conviction (of the
    disposition date)."""
    counts = {(p.id, c.id, k.id): k for p in people for c in p.cases for k in c.counts}
    by_person: dict[str, list[Determination]] = defaultdict(list)
    status_tally: Counter[str] = Counter()
    outcome_tally: Counter[str] = Counter()
    sections: dict[str | None, Counter[str]] = defaultdict(Counter)
    descriptions: dict[str | None, Counter[str]] = defaultdict(Counter)
    years: dict[str | None, Counter[str]] = defaultdict(Counter)
    total = 0
    for d in determinations:
        total += 1
        by_person[d.person].append(d)
        status = _status(d)
        status_tally[status] += 1
        outcome_tally[d.outcome] += 1
        k = counts.get((d.person, d.case, d.count))
        section = str(k.citation) if k is not None and k.citation is not None else None
        sections[section][status] += 1
        if k is not None and k.description:
            descriptions[section][k.description] += 1
        year = (
            str(k.disposition_date.year)
            if k is not None and k.disposition_date is not None
            else None
        )
        years[year][status] += 1
    by_section = sorted(
        (
            _bar(
                s,
                min(descriptions[s].items(), key=lambda kv: (-kv[1], kv[0]))[0]
                if descriptions[s]
                else None,
                t,
            )
            for s, t in sections.items()
        ),
        key=lambda b: (-b.total, b.label or ""),
    )
    by_year = sorted((_bar(y, None, t) for y, t in years.items()), key=lambda b: b.label or "")
    by_section = _scaled(by_section)
    by_year = _scaled(by_year)
    decided = [ds for ds in by_person.values() if ds]
    order = {name: i for i, (name, _) in enumerate(statute_view(statute).outcome_descriptions)}
    return SummaryView(
        people=len(people) + rejected,
        people_rejected=rejected,
        people_decided=len(decided),
        people_with_relief=sum(1 for ds in decided if any(d.relief for d in ds)),
        people_cleared=sum(
            1 for ds in decided if all(d.relief and d.relief_kind != "petition" for d in ds)
        ),
        counts=total,
        by_status=tuple((s, status_tally[s]) for s in STATUSES),
        by_outcome=tuple(
            sorted(outcome_tally.items(), key=lambda kv: (order.get(kv[0], len(order)), kv[0]))
        ),
        by_section=tuple(by_section),
        by_year=tuple(by_year),
        max_section=max((b.total for b in by_section), default=0),
        max_year=max((b.total for b in by_year), default=0),
    )


# ---------------------------------------------------------------------------- court filings


@attrs.frozen
class SectionRelief:
    """How many listed convictions of one code section get each relief."""

    section: str
    #: (relief, number) in the order the filing lists reliefs.
    counts: tuple[tuple[str, int], ...]
    total: int


@attrs.frozen
class FilingRow:
    """One conviction listed in a bulk motion or order."""

    case_number: str
    name: str
    birth_date: date | None
    cii: str
    convicted_on: date | None
    section: str
    level: str  # "F", "M" or "I"
    relief: str  # "Dismiss and seal", "Redesignate as misdemeanor", …
    relied_on: str  # the subsections relied on


@attrs.frozen
class FilingCase:
    """A court case number and its listed convictions."""

    number: str
    rows: tuple[FilingRow, ...]


@attrs.frozen
class FilingView:
    """A bulk motion or order: who files, under which county policy (its title), the
    convictions grouped by court case number, and counts per code section and relief."""

    county: str
    policy: str
    reliefs: tuple[str, ...]
    cases: tuple[FilingCase, ...]
    convictions: int
    people: int
    by_section: tuple[SectionRelief, ...]
    #: (relief, number) over all sections.
    totals: tuple[tuple[str, int], ...]
    #: Whether any listed conviction has a CII number (else the column is left out).
    cii: bool = True


@attrs.frozen
class CaseView:
    """One court case of a person, for a per-case motion: its decided counts, whether the
    sentence is still being served on the as-of date (``"yes"``, ``"no"`` or ``"unknown"``,
    from the sentence dates of its counts) and counts per section and outcome."""

    id: str
    county: str | None
    serving: str
    counts: tuple[CountView, ...]
    by_section: tuple[SectionRelief, ...]


def section_reliefs(
    pairs: Iterable[tuple[str, str]], reliefs: Sequence[str]
) -> tuple[SectionRelief, ...]:
    """Counts per (section, relief) from ``(section, relief)`` pairs, sections in order."""
    table: dict[str, Counter[str]] = defaultdict(Counter)
    for section, relief in pairs:
        table[section][relief] += 1
    return tuple(
        SectionRelief(section, tuple((r, t[r]) for r in reliefs), sum(t.values()))
        for section, t in sorted(table.items())
    )


def _serving(case: r.Case, as_of: date) -> str:
    """Whether the case's sentences run past ``as_of``: "yes" if any sentence date does,
    "no" if every count's sentence is known complete on or before it, else "unknown"."""
    completes = []
    for k in case.counts:
        if k.disposition != r.Disposition.CONVICTED:
            continue
        s = k.sentence
        if s is None:
            return "unknown"
        later = [d for d in (s.incarceration_release_date, s.supervision_end_date) if d]
        if s.completion_date is not None:
            later.append(s.completion_date)
        if any(d > as_of for d in later):
            return "yes"
        completes.append(s.completion_date is not None and s.completion_date <= as_of)
    return "no" if completes and all(completes) else "unknown"


def case_views(
    statute: Statute, person: r.Person, determinations: Iterable[Determination], as_of: date
) -> tuple[CaseView, ...]:
    """The person's cases that have a decided count, in the record's order."""
    counts = count_views(statute, person, determinations, as_of)
    out = []
    for case in person.cases:
        mine = tuple(c for c in counts if c.case == case.id)
        if not mine:
            continue
        outcomes = tuple(dict.fromkeys(c.outcome for c in mine))
        out.append(
            CaseView(
                id=case.id,
                county=case.county,
                serving=_serving(case, as_of),
                counts=mine,
                by_section=section_reliefs(
                    ((c.citation or "(no citation)", c.outcome) for c in mine), outcomes
                ),
            )
        )
    return tuple(out)
