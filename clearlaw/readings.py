"""Contested readings: where the law is ambiguous, a statute file names the readings it could
take, adopts one (the statute as written is the ``default``) and states each other as the
changes it makes, in the words of an amendment (docs/language.md, "Readings")::

    reading clock "when the period of 9122.2(a)(1) starts"        § 18 Pa.C.S. 9122.2(a)(1)
      default conviction "from the conviction, as (a)(1) says"
      alternative release "from release from confinement"
        replace define clock_start = latest of (disposition_date, sentence.incarceration_release_date)

A reading is chosen when a statute is loaded (``clearlaw.load(id, readings={"clock":
"release"})``; on the command line ``--reading pa/clean-slate:clock=release`` or the id
``pa/clean-slate:clock=release``); the statute's id then says so (``pa/clean-slate[clock=
release]``).  ``clearlaw readings`` measures what each alternative changes on records.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping

import attrs

from clearlaw import nodes as n
from clearlaw.amend import apply_changes
from clearlaw.diagnostics import Diagnostic, did_you_mean

__all__ = [
    "ReadingError",
    "alternatives",
    "base_id",
    "choose",
    "parse_choices",
    "reading_problems",
    "split_ref",
]

_CHOICE = r"[A-Za-z_][A-Za-z0-9_]*=[A-Za-z_][A-Za-z0-9_]*"
_CHOICES = re.compile(rf"^{_CHOICE}(,{_CHOICE})*$")


class ReadingError(ValueError):
    """A reading or alternative the statute does not have, or choices that cannot be read."""


def parse_choices(text: str) -> dict[str, str]:
    """``"clock=release,scope=narrow"`` → ``{"clock": "release", "scope": "narrow"}``."""
    text = text.replace(" ", "")
    if not _CHOICES.match(text):
        raise ReadingError(f"{text!r}: write readings as NAME=ALTERNATIVE[,NAME=ALTERNATIVE…]")
    pairs = [item.split("=", 1) for item in text.split(",")]
    choices = dict(pairs)
    if len(choices) < len(pairs):
        raise ReadingError(f"{text!r}: a reading is chosen twice")
    return choices


def split_ref(ref: str) -> tuple[str, dict[str, str]]:
    """A statute reference with chosen readings (``pa/clean-slate:clock=release``) → the
    reference and the choices; a reference without them → itself and no choices."""
    head, sep, tail = ref.rpartition(":")
    if not sep or not _CHOICES.match(tail.replace(" ", "")):
        return ref, {}
    return head, parse_choices(tail)


def base_id(statute_id: str) -> str:
    """The id of the statute as written, whatever readings were chosen
    (``ny/clean-slate[dwai_clock=like_b]`` → ``ny/clean-slate``)."""
    return statute_id.split("[", 1)[0]


def alternatives(statute: n.Statute) -> Iterator[tuple[n.Reading, n.Alternative]]:
    """Every reading's alternatives other than its default, in file order."""
    for reading in statute.readings:
        for alternative in reading.alternatives:
            yield reading, alternative


def reading_problems(statute: n.Statute) -> list[Diagnostic]:
    """Readings or alternatives named twice, or an alternative named as its default."""
    problems = []
    seen: dict[str, n.Span] = {}
    for reading in statute.readings:
        if reading.name in seen:
            line = seen[reading.name].line
            problems.append(
                Diagnostic(reading.span, f"a reading `{reading.name}` is already at line {line}")
            )
        seen[reading.name] = reading.span
        names = {reading.default}
        for alternative in reading.alternatives:
            if alternative.name in names:
                problems.append(
                    Diagnostic(
                        alternative.span,
                        f"reading `{reading.name}` already has an alternative `{alternative.name}`",
                    )
                )
            names.add(alternative.name)
    return problems


def choose(statute: n.Statute, choices: Mapping[str, str]) -> n.Statute:
    """``statute`` read as ``choices`` says (reading name → alternative name); the default
    alternative of every reading not named.  Raises ``ReadingError`` for a name the statute
    does not have, ``StatuteError`` for an alternative whose changes do not fit it."""
    readings = {r.name: r for r in statute.readings}
    chosen = []
    for name, pick in choices.items():
        reading = readings.get(name)
        if reading is None:
            hint = did_you_mean(name, readings)
            known = ", ".join(readings) or "none"
            raise ReadingError(
                f"{statute.header.id} has no reading `{name}`"
                + (f"; {hint}" if hint else "")
                + f" (readings: {known})"
            )
        if pick == reading.default:
            continue
        alternative = next((a for a in reading.alternatives if a.name == pick), None)
        if alternative is None:
            names = [reading.default, *(a.name for a in reading.alternatives)]
            hint = did_you_mean(pick, names)
            raise ReadingError(
                f"reading `{name}` of {statute.header.id} has no alternative `{pick}`"
                + (f"; {hint}" if hint else "")
                + f" (alternatives: {reading.default} (default), "
                + ", ".join(a.name for a in reading.alternatives)
                + ")"
            )
        chosen.append((name, alternative))
    if not chosen:
        return statute
    touched: dict[str, str] = {}  # a declaration → the reading whose alternative changes it
    for name, alternative in chosen:
        for target in _targets(alternative):
            if touched.setdefault(target, name) != name:
                raise ReadingError(
                    f"readings `{touched[target]}` and `{name}` of {statute.header.id} both "
                    f"change `{target}`: choose one of them"
                )
    for _, alternative in chosen:
        statute, _ = apply_changes(statute, alternative.changes, statute.source)
    label = ",".join(f"{name}={a.name}" for name, a in sorted(chosen, key=lambda x: x[0]))
    header = attrs.evolve(statute.header, id=f"{statute.header.id}[{label}]")
    return attrs.evolve(statute, header=header)


def _targets(alternative: n.Alternative) -> set[str]:
    """The declarations an alternative rewrites whole (replaces, strikes or gives a new
    value): two alternatives that both do so to one cannot both be chosen.  Sections added to
    or removed from a set, and dated values, compose."""
    names = set()
    for change in alternative.changes:
        if isinstance(change, n.Rewrite):
            names.add(change.decl.name)
        elif isinstance(change, n.Strike | n.ParameterOverride | n.SetOverride):
            names.add(change.name)
    return names
