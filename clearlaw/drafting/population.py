"""Seeded synthetic populations: realistic-looking people for a state, for ``diff`` and
``compare`` when there are no real records (``clearlaw population``).

Every person is **synthetic** — made up from a profile's offense mix and random dates, with no
name — and carries only what state court data carries: citations in the state's own spellings,
level, class, disposition and its date, sentence, restitution ordered and paid, and a
registration where the offense requires one.  No statute-specific facts.  A profile
(``clearlaw/data/populations/us_pa.toml``) lists the state's common offenses with a rough weight
each, the spellings its court data uses (``"18 Pa.C.S.A. § {s}"``), and the statute it was
written for.  An offense whose level the law changed on a date says so with ``since`` (its
level and class for offenses from that date).  ``[dispositions]`` lists, for a disposition,
the ways the state's court data writes it (``convicted = ["convicted", "Guilty Plea -
Negotiated", ...]``, each read as that disposition by ``clearlaw.record_values``); a count's
is drawn from them from a stream of its own, so the people are otherwise the same.  The same profile, seed and number of people always give the same people.

What else a state's court data carries is listed in the profile's ``carries`` (with the
source that says so in a comment), each drawn from its own random stream so that the rest of
the people stay the same:

``domestic_violence``
    the court's domestic violence designation, true for the share ``domestic_violence`` (0 to 1)
    of an offense's counts;
``with_prejudice``
    whether a dismissal was with prejudice (half of them);
``fines_paid``
    whether a conviction's fines, fees, costs and assessments are paid (three in four, dated);
``prison``
    whether a felony's incarceration was in a state prison (seven in ten) or a jail;
``arrest_date``
    the arrest the charge came from: the offense date, or up to 60 days after it (three in ten);
``probation_revoked``
    whether a conviction's probation was revoked (one supervised sentence in eight, dated
    within its supervision; false for every other conviction).
"""

from __future__ import annotations

import random
import tomllib
from collections.abc import Iterable, Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from clearlaw.record_values import read_value
from clearlaw.records import Disposition, Person

__all__ = [
    "AS_OF",
    "CARRIED",
    "Profile",
    "generate",
    "load_profile",
    "people",
    "profiles",
    "profiles_for",
]

#: The date the generator's sentences are complete by (a completion date is only written when
#: it is not after this day).
AS_OF = date(2026, 12, 7)

Profile = dict[str, Any]

#: What else court data may carry (``carries``; module docstring).
CARRIED = (
    "domestic_violence",
    "with_prejudice",
    "fines_paid",
    "prison",
    "arrest_date",
    "probation_revoked",
)

_DISPOSITIONS = ("convicted", "dismissed", "pending", "acquitted")
_DISPOSITION_WEIGHTS = (70, 22, 4, 4)


def _folder() -> Path:
    return Path(__file__).resolve().parent.parent / "data" / "populations"


def profiles() -> dict[str, Path]:
    """The bundled profiles: name (``us_pa``) → file."""
    return {p.stem: p for p in sorted(_folder().glob("*.toml"))}


def profiles_for(jurisdictions: Iterable[str | None]) -> list[Profile]:
    """The bundled profiles of these jurisdictions (``US-PA``), by name."""
    wanted = set(jurisdictions)
    found = [load_profile(path) for path in profiles().values()]
    return [p for p in found if p["jurisdiction"] in wanted]


def load_profile(ref: str | Path) -> Profile:
    """A profile by name (``us_pa``) or ``.toml`` path; ``FileNotFoundError`` names the known
    profiles, ``ValueError`` says what is wrong with a file."""
    path = Path(ref)
    if path.suffix != ".toml":
        known = profiles()
        if str(ref) not in known:
            raise FileNotFoundError(
                f"{ref}: no population profile of this name (known: {', '.join(known)})"
            )
        path = known[str(ref)]
    elif not path.is_file():
        raise FileNotFoundError(f"{ref}: no such profile file")
    try:
        profile = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as err:
        raise ValueError(f"{path}: not a TOML profile: {err}") from None
    for key in ("jurisdiction", "statute", "spellings", "offense"):
        if key not in profile:
            raise ValueError(f"{path}: the profile has no `{key}`")
    unknown = sorted(set(profile.get("carries", ())) - set(CARRIED))
    if unknown:
        raise ValueError(f"{path}: `carries` lists {unknown[0]!r} (known: {', '.join(CARRIED)})")
    spelled = [d for d in _DISPOSITIONS if d != "pending"]  # a pending one is written as it is
    for value, written in profile.get("dispositions", {}).items():
        for spelling in written:
            if value not in spelled or read_value(Disposition, spelling) != value:
                raise ValueError(f"{path}: dispositions: {spelling!r} is not read as {value!r}")
    profile["name"] = path.stem
    return profile


def _day(rng: random.Random, start: date, end: date) -> date:
    return start + timedelta(days=rng.randrange(max(1, (end - start).days)))


def _count(
    rng: random.Random,
    carried: random.Random,
    profile: Profile,
    cid: str,
    when: date,
    spelled: random.Random | None = None,
) -> tuple[dict[str, Any], bool]:
    """A count of one of the profile's offenses, as JSON, and whether it is a conviction that
    registers; ``spelled`` draws its disposition's spelling (``[dispositions]``)."""
    offenses = profile["offense"]
    o = rng.choices(offenses, weights=[x.get("weight", 1) for x in offenses])[0]
    spellings = o.get("code") or profile["spellings"]
    count: dict[str, Any] = {"id": cid, "citation": rng.choice(spellings).format(s=o["section"])}
    written = _as_of_offense(o, when)
    count["level"] = written["level"]
    if written.get("class"):
        count["class"] = written["class"]
    count["offense_date"] = when.isoformat()
    disposition = rng.choices(_DISPOSITIONS, weights=_DISPOSITION_WEIGHTS)[0]
    count["disposition"] = disposition
    decided = when + timedelta(days=rng.randrange(30, 400))
    if disposition != "pending":
        count["disposition_date"] = decided.isoformat()
    if disposition == "convicted":
        count["sentence"] = _sentence(rng, count["level"] == "felony", decided)
        ordered = rng.random() < 0.15  # court data says whether restitution is owed
        paid = ordered and rng.random() < 0.6
        financial: dict[str, Any] = {"restitution_ordered": ordered}
        if ordered:
            financial["restitution_paid"] = paid
        if paid:
            financial["restitution_paid_date"] = (
                decided + timedelta(days=rng.randrange(30, 900))
            ).isoformat()
        count["financial"] = financial
    _carried(carried, profile.get("carries", ()), o, count, decided)
    written = profile.get("dispositions", {}).get(disposition)
    if spelled is not None and written:
        count["disposition"] = spelled.choice(written)
    return count, bool(o.get("registers")) and disposition == "convicted"


def _as_of_offense(offense: dict[str, Any], when: date) -> dict[str, Any]:
    """The level and class ``offense`` is written with for an offense committed on ``when``:
    its ``since`` entry's (``{ date = 2016-07-29, level = "violation", class = "" }``: the law
    changed the offense's level that day) from that date, its own before."""
    since = offense.get("since")
    if since is not None and when >= since["date"]:
        return dict(since)
    return dict(offense)


def _carried(
    rng: random.Random,
    carries: tuple[str, ...] | list[str],
    offense: dict[str, Any],
    count: dict[str, Any],
    decided: date,
) -> None:
    """The fields of ``carries`` (module docstring), drawn from ``rng``."""
    disposition = count["disposition"]
    if "domestic_violence" in carries:
        count["domestic_violence"] = rng.random() < float(offense.get("domestic_violence", 0))
    if "with_prejudice" in carries and disposition == "dismissed":
        count["with_prejudice"] = rng.random() < 0.5
    if "fines_paid" in carries and disposition == "convicted":
        paid = decided + timedelta(days=rng.randrange(30, 900))
        if rng.random() < 0.75 and paid <= AS_OF:
            count["financial"].update(fines_paid=True, fines_paid_date=paid.isoformat())
        else:
            count["financial"]["fines_paid"] = False
    sentence = count.get("sentence", {})
    if "prison" in carries and sentence.get("incarcerated"):
        sentence["prison"] = count["level"] == "felony" and rng.random() < 0.7
    if "arrest_date" in carries:
        committed = date.fromisoformat(count["offense_date"])
        later = rng.randrange(1, 61) if rng.random() < 0.3 else 0
        count["arrest_date"] = min(committed + timedelta(days=later), decided).isoformat()
    if "probation_revoked" in carries and disposition == "convicted":
        end = sentence.get("supervision_end_date")
        revoked = end is not None and rng.random() < 0.125
        sentence["probation_revoked"] = revoked
        if revoked:
            when = _day(rng, decided, min(date.fromisoformat(end), AS_OF))
            sentence["probation_revoked_date"] = when.isoformat()


def _sentence(rng: random.Random, felony: bool, decided: date) -> dict[str, Any]:
    jail = rng.random() < (0.6 if felony else 0.25)
    supervised = rng.random() < 0.4
    release = decided + timedelta(days=rng.randrange(10, 1500 if jail else 11)) if jail else None
    supervision_end = decided + timedelta(days=rng.randrange(180, 1500)) if supervised else None
    sentence: dict[str, Any] = {
        "imposed_date": decided.isoformat(),
        "incarcerated": jail,
        "supervised": supervised,
    }
    if release:
        sentence["incarceration_release_date"] = release.isoformat()
    if supervision_end:
        sentence["supervision_end_date"] = supervision_end.isoformat()
    end = max(d for d in (release, supervision_end, decided) if d is not None)
    if end <= AS_OF:
        sentence["completion_date"] = end.isoformat()
    return sentence


def generate(
    rng: random.Random,
    profile: Profile,
    pid: str,
    carried: random.Random | None = None,
    spelled: random.Random | None = None,
) -> dict[str, Any]:
    """One synthetic person in the records' JSON shape (``docs/records.md``); ``carried``
    draws the fields of the profile's ``carries`` (default: ``rng``), ``spelled`` the
    spellings of its dispositions (default: none, each written as the record value)."""
    carried = carried or rng
    born = _day(rng, date(1950, 1, 1), date(2004, 1, 1))
    cases = []
    registrations: list[dict[str, Any]] = []
    for k in range(rng.choice([1, 1, 1, 2, 2, 3, 4])):
        when = _day(rng, max(born + timedelta(days=18 * 366), date(1990, 1, 1)), date(2025, 6, 1))
        counts = []
        for j in range(rng.choice([1, 1, 2, 3])):
            count, registers = _count(rng, carried, profile, str(j + 1), when, spelled)
            counts.append(count)
            if registers and not registrations:
                registration = {"kind": "sex_offender", "date": count["disposition_date"]}
                if profile.get("registration_citation"):  # e.g. "Correction Law 168-a"
                    registration["citation"] = profile["registration_citation"]
                registrations.append(registration)
        status = "open" if any(c["disposition"] == "pending" for c in counts) else "closed"
        cases.append(
            {
                "id": f"{pid}-C{k + 1}",
                "jurisdiction": profile["jurisdiction"],
                "status": status,
                "counts": counts,
            }
        )
    person: dict[str, Any] = {"id": pid, "birth_date": born.isoformat(), "deceased": False}
    if registrations:
        person["registrations"] = registrations
    person["cases"] = cases
    return person


def people(profile: Profile, number: int, seed: int = 1) -> Iterator[tuple[dict[str, Any], Person]]:
    """``number`` synthetic people of ``profile`` (ids ``P000000``, …), each as JSON and as a
    ``Person`` read from it by the records reader."""
    from clearlaw.io.jsonl import person_from_json

    rng = random.Random(f"{seed}-{profile['name']}")
    carried = random.Random(f"{seed}-{profile['name']}-carried")
    spelled = random.Random(f"{seed}-{profile['name']}-spelled")
    for i in range(number):
        obj = generate(rng, profile, f"P{i:06d}", carried, spelled)
        person, problems = person_from_json(obj, source=profile["name"])
        if person is None:  # a profile spelling or value the reader does not accept
            where = "; ".join(str(p) for p in problems[:3])
            raise ValueError(f"profile {profile['name']}: person {obj['id']} is invalid: {where}")
        yield obj, person
