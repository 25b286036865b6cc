"""Fabricated data for the court-filing tests and benchmark: a ``clearlaw ca-doj run`` folder
(``cannabis.csv`` and ``summary.json`` as a run writes them, with ``n`` convictions the county
decision gives relief), a person with one California cannabis case for per-case motions, and
``ca_doj_run`` (the command on a DOJ file, the Sacramento sample by default).
Fabricated people only (``TESTPERSON, A00001``, ``Test Person One``)."""

from __future__ import annotations

import json
import random
from pathlib import Path

import polars as pl

from clearlaw import records as r
from clearlaw.citations import parse_citation
from clearlaw.cli import main
from clearlaw.dates import date

TESTS = Path(__file__).resolve().parent
SAC = TESTS / "data" / "ca-doj" / "sacramento-sample.dat"
BEAR = TESTS.parent / "statutes" / "ca" / "policies" / "bear-default.law"


def ca_doj_run(
    inputs: list[Path],
    out: Path,
    *extra: str,
    county: str = "SACRAMENTO",
    policy: str | Path = BEAR,
) -> int:
    """``clearlaw ca-doj run`` in this process, as of 2020-07-01 (one decider: no helper
    processes)."""
    return main(
        [
            *("ca-doj", "run", "--input", ",".join(str(p) for p in inputs)),
            *("--county", county, "--policy", str(policy), "--as-of", "2020-07-01"),
            *("--output", str(out), "--no-progress", "--workers", "1", *extra),
        ]
    )


SECTIONS = ("HS 11357(a)", "HS 11357(c)", "HS 11358", "HS 11359", "HS 11360(a)")


def fabricated_run(folder: Path, n: int, seed: int = 7, county: str = "SACRAMENTO") -> Path:
    rng = random.Random(seed)
    rows = []
    person = case = 0
    while len(rows) < n:
        person += 1
        dob = f"19{rng.randint(50, 99)}-0{rng.randint(1, 9)}-1{rng.randint(0, 9)}"
        for _ in range(rng.choice((1, 1, 1, 2))):
            case += 1
            for k in range(rng.choice((1, 1, 2))):
                felony = rng.random() < 0.8
                reduce = felony and rng.random() < 0.3
                rows.append(
                    {
                        "SUBJECT_ID": f"S{person:07d}",
                        "CII_NUMBER": f"A{person:08d}",
                        "PRI_NAME": f"TESTPERSON, A{person:05d}",
                        "PRI_DOB": dob,
                        "CNT_ORDER": f"{case % 1000:03d}001{k + 1:03d}000",
                        "COUNTY": county,
                        "CODE_SECTION": rng.choice(SECTIONS),
                        "ATTEMPTED": "false",
                        "LEVEL": "felony" if felony else "misdemeanor",
                        "CASE_NUMBER": f"{90000000 + case}",
                        "DATE_OF_CONVICTION": f"{rng.randint(1985, 2015)}-0{rng.randint(1, 9)}-2{rng.randint(0, 8)}",
                        "DETERMINATION": "reduce" if reduce else "dismiss",
                        "CITATION": "HS 11361.8(f), (h); HS 11361.9(b)"
                        if reduce
                        else "HS 11361.8(e)-(f); HS 11361.9(b); policy: baselineEligibility.dismiss",
                    }
                )
    folder.mkdir(parents=True, exist_ok=True)
    pl.DataFrame(rows[:n]).write_csv(folder / "cannabis.csv")
    summary = {
        "as_of": "2020-07-01",
        "county": county,
        "policy": "statutes/ca/policies/bear-default.law",
        "policy_id": "ca/policies/bear-default",
        "policy_title": "Statewide tool defaults (fabricated run)",
        "rows_read": n * 20,
        "rows_used": n * 20,
        "rows_rejected": 0,
        "people_for_hand_review": [],
        "people_with_convictions": person,
        "people_with_cannabis_conviction_in_county": person,
        "cannabis_convictions_in_county": n,
        "convictions_by_section": {},
        "statute": {"id": "ca/prop64", "outcomes": {}},
        "county_policy": {
            k: {}
            for k in (
                "totals",
                "dismissals_by_section",
                "reductions_by_section",
                "dismissals_by_reason",
                "reductions_by_reason",
            )
        }
        | {
            "no_longer_felony": 0,
            "no_longer_any_conviction": 0,
            "no_longer_conviction_last_7_years": 0,
        },
    }
    summary["dismiss_all"] = summary["county_policy"]
    (folder / "summary.json").write_text(json.dumps(summary), encoding="utf-8")
    return folder


#: When ``motion_person``'s sentence was completed, unless a test says otherwise.
COMPLETED = date(2013, 1, 1)


def motion_person(
    pid: str = "T1",
    case_id: str = "SAC-12-001",
    name: str = "Test Person One",
    completion: date | None = COMPLETED,
    release: date | None = None,
) -> r.Person:
    """A person with one Sacramento case: an HS 11357(b) misdemeanor of 2012 (10 g)."""
    count = r.Count(
        id="1",
        citation=parse_citation("HS 11357(b)"),
        level=r.Level.MISDEMEANOR,
        offense_date=date(2012, 3, 1),
        disposition=r.Disposition.CONVICTED,
        disposition_date=date(2012, 6, 1),
        sentence=r.Sentence(
            imposed_date=date(2012, 6, 1),
            incarceration_release_date=release,
            completion_date=completion,
        ),
        facts={"flower_grams": 10},
    )
    case = r.Case(
        id=case_id,
        jurisdiction="US-CA",
        county="SACRAMENTO",
        status=r.CaseStatus.CLOSED,
        counts=(count,),
    )
    return r.Person(id=pid, name=name, birth_date=date(1980, 1, 1), cases=(case,))
