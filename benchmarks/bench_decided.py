"""How much of a state's records a statute decides from what state data carries.

For each profile in ``benchmarks/profiles/*.toml`` (a state's common offenses and excluded
categories, with how its court data spells citations), generate seeded rap-sheet-like people
that carry only what state data carries — citations in the state's spellings, level, class,
disposition, dates, sentence, restitution ordered and paid (court dockets carry it),
registrations (with the profile's ``registration_citation``, the state's registration law); no
statute-specific facts — and evaluate them
with the profile's statute.  Report the share of counts decided, needs_review (by the facts
they lack), out of scope and with an unreadable citation.

    python benchmarks/bench_decided.py                       # every profile, 2,000 people each
    python benchmarks/bench_decided.py --people 500 --states us_ny us_mi --json out.json

Target (issue 14): at least 95% of in-scope counts decided in every state whose categories are
defined by sections.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import tomllib
from collections import Counter
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import clearlaw
from clearlaw import records as r
from clearlaw.citations import CitationError, parse_citation
from clearlaw.evaluate import NEEDS_REVIEW
from clearlaw.scope import OUT_OF_SCOPE, is_unreadable

PROFILES = Path(__file__).with_name("profiles")
AS_OF = date(2026, 12, 7)


def load_profile(path: Path) -> dict[str, Any]:
    profile = tomllib.loads(path.read_text(encoding="utf-8"))
    profile["name"] = path.stem
    return profile


def _day(rng: random.Random, start: date, end: date) -> date:
    return start + timedelta(days=rng.randrange(max(1, (end - start).days)))


def _count(
    rng: random.Random, profile: dict[str, Any], cid: str, when: date
) -> tuple[r.Count, bool]:
    """A count of one of the profile's offenses, and whether its conviction registers."""
    offenses = profile["offense"]
    o = rng.choices(offenses, weights=[x.get("weight", 1) for x in offenses])[0]
    spellings = o.get("code") or profile["spellings"]
    text = rng.choice(spellings).format(s=o["section"])
    jurisdiction = profile["jurisdiction"]
    try:
        citation, citation_text = parse_citation(text, jurisdiction), None
    except CitationError:
        citation, citation_text = None, text
    level = r.Level(o["level"])
    disposition = rng.choices(
        [r.Disposition.CONVICTED, r.Disposition.DISMISSED, r.Disposition.PENDING,
         r.Disposition.ACQUITTED],
        weights=[70, 22, 4, 4],
    )[0]  # fmt: skip
    decided = when + timedelta(days=rng.randrange(30, 400))
    sentence = r.Sentence()
    if disposition is r.Disposition.CONVICTED:
        jail = rng.random() < (0.6 if level is r.Level.FELONY else 0.25)
        supervised = rng.random() < 0.4
        release = (
            decided + timedelta(days=rng.randrange(10, 1500 if jail else 11)) if jail else None
        )
        supervision_end = decided + timedelta(days=rng.randrange(180, 1500)) if supervised else None
        ends = [d for d in (release, supervision_end, decided) if d is not None]
        sentence = r.Sentence(
            imposed_date=decided,
            incarcerated=jail,
            incarceration_release_date=release,
            supervised=supervised,
            supervision_end_date=supervision_end,
            completion_date=max(ends) if max(ends) <= AS_OF else None,
        )
    financial = r.Financial()
    if disposition is r.Disposition.CONVICTED:  # court data says whether restitution is owed
        ordered = rng.random() < 0.15
        paid = ordered and rng.random() < 0.6
        financial = r.Financial(
            restitution_ordered=ordered,
            restitution_paid=paid if ordered else None,
            restitution_paid_date=decided + timedelta(days=rng.randrange(30, 900))
            if paid
            else None,
        )
    return r.Count(
        id=cid,
        citation=citation,
        citation_text=citation_text,
        level=level,
        offense_class=o.get("class") or None,
        offense_date=when,
        disposition=disposition,
        disposition_date=None if disposition is r.Disposition.PENDING else decided,
        sentence=sentence,
        financial=financial,
    ), bool(o.get("registers"))


def person(rng: random.Random, profile: dict[str, Any], pid: str) -> r.Person:
    born = _day(rng, date(1950, 1, 1), date(2004, 1, 1))
    cases = []
    registrations: list[r.Registration] = []
    for k in range(rng.choice([1, 1, 1, 2, 2, 3, 4])):
        when = _day(rng, max(born + timedelta(days=18 * 366), date(1990, 1, 1)), date(2025, 6, 1))
        counts = []
        for j in range(rng.choice([1, 1, 2, 3])):
            count, registers = _count(rng, profile, str(j + 1), when)
            counts.append(count)
            if registers and count.disposition is r.Disposition.CONVICTED and not registrations:
                cite = profile.get("registration_citation")  # e.g. "Correction Law 168-a"
                where = parse_citation(cite, profile["jurisdiction"]) if cite else None
                registrations.append(r.Registration("sex_offender", where, count.disposition_date))
        status = (
            r.CaseStatus.OPEN
            if any(c.disposition is r.Disposition.PENDING for c in counts)
            else r.CaseStatus.CLOSED
        )
        cases.append(
            r.Case(f"{pid}-C{k + 1}", profile["jurisdiction"], None, status, tuple(counts))
        )
    return r.Person(pid, born, None, False, tuple(registrations), tuple(cases))


def measure(profile: dict[str, Any], people: int, seed: int) -> dict[str, Any]:
    statute = clearlaw.load(profile["statute"])
    rng = random.Random(f"{seed}-{profile['name']}")
    outcomes: Counter[str] = Counter()
    missing: Counter[str] = Counter()
    unreadable = 0
    for i in range(people):
        p = person(rng, profile, f"P{i:06d}")
        for d in clearlaw.evaluate(statute, p, AS_OF, explain=False, out_of_scope=True):
            outcomes[d.outcome] += 1
            if d.outcome == NEEDS_REVIEW:
                missing.update(m.split(" ")[-1] for m in d.missing)
            unreadable += any(is_unreadable(w) for w in d.warnings)
    in_scope = sum(outcomes.values()) - outcomes[OUT_OF_SCOPE]
    review = outcomes[NEEDS_REVIEW]
    return {
        "state": profile["name"],
        "statute": profile["statute"],
        "people": people,
        "counts": sum(outcomes.values()),
        "in_scope": in_scope,
        "decided": in_scope - review,
        "needs_review": review,
        "out_of_scope": outcomes[OUT_OF_SCOPE],
        "unreadable": unreadable,
        "decided_share": round((in_scope - review) / in_scope, 4) if in_scope else None,
        "needs_review_by_fact": dict(missing.most_common(6)),
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--people", type=int, default=2000, help="people per state (default 2000)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--states", nargs="*", help="profile names (default: all), e.g. us_ny")
    ap.add_argument("--json", type=Path, help="write the figures here too")
    ap.add_argument("--profiles", type=Path, default=PROFILES, help="the profiles' folder")
    args = ap.parse_args(argv)
    paths = sorted(args.profiles.glob("*.toml"))
    if args.states:
        paths = [p for p in paths if p.stem in args.states]
    rows = [measure(load_profile(p), args.people, args.seed) for p in paths]
    print(
        "| state | statute | counts in scope | decided | needs_review | out of scope | unreadable | needs_review for lack of |"
    )
    print("|---|---|---|---|---|---|---|---|")
    for x in rows:
        share = f"{x['decided_share']:.1%}" if x["decided_share"] is not None else "—"
        lack = ", ".join(f"{k} ({v})" for k, v in x["needs_review_by_fact"].items())
        print(
            f"| {x['state']} | `{x['statute']}` | {x['in_scope']:,} | {share} |"
            f" {x['needs_review']:,} | {x['out_of_scope']:,} | {x['unreadable']:,} | {lack} |"
        )
    if args.json:
        args.json.write_text(json.dumps(rows, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
