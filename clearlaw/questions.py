"""What would decide it: the facts a set of ``needs_review`` counts lacks, ranked.

A clinic with many counts left at ``needs_review`` wants to know which question to chase
first.  ``questions`` takes the determinations of a record set and lists each missing fact
with

* ``settles``: the ``needs_review`` counts it alone is missing — counts that this one answer
  decides (the evaluator has every other fact it needs), unless the answer brings up another
  (a supervision whose end is not on record), and
* ``counts``: the ``needs_review`` counts that lack it, with others,

ranked by ``settles``, then ``counts``.  Each is worded with the statute's own description of
its facts (``"age of the victim on the offense date"``) or, for a record field, a plain
question (``FIELD_QUESTIONS``); a fact of another count than the one decided (``C2/1
disposition_date``: a later conviction's date) is the same question about that count.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import attrs

from clearlaw.evaluate import NEEDS_REVIEW, Determination, Statute

__all__ = ["FIELD_QUESTIONS", "Question", "missing_field", "questions", "wording"]

#: How a missing record field is asked about (docs/records.md).
FIELD_QUESTIONS: Mapping[str, str] = {
    "citation": "the statute section of the conviction",
    "inchoate_object": (
        "the offense attempted, conspired to or solicited (its citation: the object offense)"
    ),
    "level": "the level of the offense (felony, misdemeanor, …)",
    "class": "the class or grade of the offense",
    "max_penalty_days": "the maximum sentence the offense carries, in days",
    "offense_date": "the date of the offense",
    "disposition": "how the charge ended (convicted, dismissed, …)",
    "disposition_date": "the date of conviction or other disposition",
    "sentence.imposed_date": "the date the sentence was imposed",
    "sentence.incarcerated": "whether the sentence included jail or prison",
    "sentence.incarceration_release_date": "the date of release from jail or prison",
    "sentence.supervised": "whether the sentence included probation or parole",
    "sentence.supervision_end_date": "the date probation or parole ended",
    "sentence.completion_date": "the date the whole sentence was completed",
    "financial.restitution_ordered": "whether restitution was ordered",
    "financial.restitution_paid": "whether the restitution ordered has been paid in full",
    "financial.restitution_paid_date": "the date restitution was paid in full",
    "financial.fines_paid": "whether every fine, fee, cost and assessment has been paid",
    "financial.fines_paid_date": "the date the last fine, fee, cost or assessment was paid",
    "sentence.prison": "whether the incarceration was in a state prison (not a local jail)",
    "sentence.probation_revoked": "whether the court revoked the sentence's probation",
    "sentence.probation_revoked_date": "the date the court revoked the sentence's probation",
    "domestic_violence": "whether the court designated the offense domestic (family) violence",
    "with_prejudice": "whether the dismissal was with prejudice",
    "arrest_date": "the date of the arrest the charge came from",
    "case.status": "whether the case is still open",
    "case.jurisdiction": "the state of the case",
    "case.county": "the county of the case",
    "person.birth_date": "the person's date of birth",
    "person.death_date": "the person's date of death",
    "person.deceased": "whether the person has died",
    "registration kind": "the kind of a registration on the person's record",
    "registration citation": "the statute of a registration on the person's record",
    "registration date": "the date of a registration on the person's record",
}


@attrs.frozen
class Question:
    """A missing fact and what answering it would do.

    ``fact``: the field or fact as the statute names it (``facts.victim_age``,
    ``sentence.incarcerated``); ``question``: it in words; ``settles``: the needs_review
    counts it alone is missing; ``counts``: those that lack it; ``people``: their people;
    ``examples``: the first few of those counts, as ``person case/count``."""

    fact: str
    question: str
    settles: int
    counts: int
    people: int
    examples: tuple[str, ...] = ()


def missing_field(missing: str) -> str:
    """The field a missing-fact name names, without the count it belongs to (``C2/1 x``)."""
    if missing.startswith("registration "):
        return missing
    head, _, tail = missing.rpartition(" ")
    return tail if head and "/" in head else missing


def wording(statute: Statute, fact: str) -> str:
    """``fact`` (a field or fact as ``Determination.missing`` names it) as a clinic would ask
    it: the statute's description of its own facts, else a plain question."""
    field = missing_field(fact)
    if field.startswith("facts."):
        name = field.removeprefix("facts.")
        declared = next((f for f in statute.node.facts if f.name == name), None)
        if declared is not None and declared.description:
            return declared.description
        return name.replace("_", " ")
    return FIELD_QUESTIONS.get(field, field)


def questions(
    statute: Statute, determinations: Iterable[Determination], *, examples: int = 3
) -> tuple[Question, ...]:
    """The missing facts of the ``needs_review`` counts among ``determinations``, ranked by
    how many counts each alone would settle, then by how many lack it (module docstring)."""
    settles: dict[str, int] = {}
    counts: dict[str, int] = {}
    people: dict[str, set[str]] = {}
    shown: dict[str, list[str]] = {}
    for d in determinations:
        if d.outcome != NEEDS_REVIEW or not d.missing:
            continue
        fields = {missing_field(m) for m in d.missing}
        for field in fields:
            counts[field] = counts.get(field, 0) + 1
            people.setdefault(field, set()).add(d.person)
            seen = shown.setdefault(field, [])
            if len(seen) < examples:
                seen.append(f"{d.person} {d.case}/{d.count}")
        if len(d.missing) == 1:
            (only,) = fields
            settles[only] = settles.get(only, 0) + 1
    ranked = sorted(counts, key=lambda f: (-settles.get(f, 0), -counts[f], f))
    return tuple(
        Question(
            f,
            wording(statute, f),
            settles.get(f, 0),
            counts[f],
            len(people[f]),
            tuple(shown[f]),
        )
        for f in ranked
    )
