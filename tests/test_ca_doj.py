"""California DOJ bulk review (clearlaw/ca_doj): the reader on the sample files (malformed ones
included), code-section extraction, the run command end to end, and row-order independence."""

from __future__ import annotations

import csv
import datetime
import io
import itertools
import json
import subprocess
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import attrs
import polars as pl
import pytest
from filing_data import ca_doj_run
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

import clearlaw.ca_doj as ca_doj
from clearlaw.ca_doj import format as fmt
from clearlaw.ca_doj import pipeline
from clearlaw.ca_doj.errors import RunError
from clearlaw.ca_doj.pipeline import DETERMINATION_COLUMNS, run
from clearlaw.ca_doj.reader import _charge_expr, person_parts, read_extract, read_people
from clearlaw.ca_doj.sections import charge_text, parse_charge
from clearlaw.citations import Citation, parse_citation
from clearlaw.cli import main
from clearlaw.library import load

DATA = Path(__file__).resolve().parent / "data" / "ca-doj"
ROOT = Path(__file__).resolve().parent.parent
LA = DATA / "los-angeles-synthetic-2000.csv"
SAC = DATA / "sacramento-sample.dat"
BEAR = ROOT / "statutes" / "ca" / "policies" / "bear-default.law"
SETS = dict(load("ca/prop64").checked.sets)


def read_csv(path: Path) -> list[list[str]]:
    with open(path, newline="", encoding="utf-8") as fh:
        return list(csv.reader(fh))


def data_rows(path: Path) -> list[list[str]]:
    rows = read_csv(path)
    return rows[1:] if rows and rows[0][0] == "RECORD_ID" else rows


# ------------------------------------------------------------------ building DOJ rows


def doj_row(**fields: str) -> list[str]:
    """A 95-field row: `x` in unused cells, the given fields set."""
    row = ["x"] * fmt.N_FIELDS
    for name, value in fields.items():
        row[fmt.COLUMNS.index(name)] = value
    return row


def conviction(
    subject: str,
    cnt_order: str,
    descr: str,
    when: str,
    *,
    dob: str = "19700101",
    level: str = "FELONY",
    county: str = "LOS ANGELES",
    disp: str = "CONVICTED-JAIL",
    **extra: str,
) -> list[str]:
    fields = {
        "SUBJECT_ID": subject,
        "PRI_NAME": "DOE,JANE",
        "PRI_DOB": dob,
        "CYC_DATE": when,
        "STP_EVENT_DATE": when,
        "STP_TYPE_DESCR": "COURT ACTION",
        "STP_ORI_CNTY_NAME": county,
        "CNT_ORDER": cnt_order,
        "OFN": "CASE" + cnt_order[:6],
        "OFFENSE_DESCR": descr,
        "OFFENSE_TOC": level[:1],
        "DISP_DESCR": disp,
        "CONV_STAT_DESCR": level,
        "END_OF_REC": "#",
        **extra,
    }
    return doj_row(**fields)


def write_doj(path: Path, rows: list[list[str]], header: bool = True) -> Path:
    with open(path, "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh, lineterminator="\n")
        if header:
            w.writerow(fmt.COLUMNS)
        w.writerows(rows)
    return path


# ------------------------------------------------------------------ reader


@pytest.mark.parametrize(
    ("name", "header", "rows", "rejected"),
    [
        ("sacramento-sample.dat", True, 34, 0),
        ("sacramento-sample-bad-row.dat", True, 36, 1),  # README says no header; it has one
        ("no-header.csv", False, 38, 0),
        ("header-extra-comma.csv", True, 38, 0),
        ("los-angeles-synthetic-2000.csv", True, 2022, 0),
    ],
)
def test_reader_counts_every_row(name: str, header: bool, rows: int, rejected: int) -> None:
    extract = read_extract([DATA / name], SETS)
    (stats,) = extract.files
    assert stats.header is header
    assert (stats.rows_read, stats.rows_rejected) == (rows, rejected)
    assert stats.rows_used == rows - rejected
    assert len(extract.problems) == rejected


def test_a_header_without_the_95_columns_is_refused() -> None:
    """``bad-field-count.csv``'s header names 94 columns (its rows have 94 fields): the
    file is refused whole, naming the column missing, not read row by row."""
    with pytest.raises(RunError, match=r"bad-field-count.csv:1: .*\(missing END_OF_REC\)"):
        read_extract([DATA / "bad-field-count.csv"], SETS)


def test_reader_reports_a_bad_row_and_keeps_the_others() -> None:
    extract = read_extract([DATA / "sacramento-sample-bad-row.dat"], SETS)
    (problem,) = extract.problems
    assert (problem.line, problem.field, problem.person_id) == (2, "row", "18675309")
    assert "94 fields, expected 95" in problem.message
    assert "SKYWALKER" not in str(problem)  # ids only, never names
    assert set(extract.hand_review) == {"18675309"}
    good = read_extract([SAC], SETS)
    # the other people are read exactly as from the good file
    assert extract.convictions["person"].n_unique() == good.convictions["person"].n_unique()


def test_one_conviction_per_count_sentence_parts_merged() -> None:
    rows = data_rows(LA)
    c = fmt.COLUMNS.index
    counts = {
        (r[c("SUBJECT_ID")], r[c("CNT_ORDER")])
        for r in rows
        if r[c("DISP_DESCR")].startswith("CONVICTED")
    }
    conviction_rows = sum(1 for r in rows if r[c("DISP_DESCR")].startswith("CONVICTED"))
    extract = read_extract([LA], SETS)
    assert extract.convictions.height == len(counts) < conviction_rows


def test_sentence_parts_become_one_sentence(tmp_path: Path) -> None:
    rows = [
        conviction(
            "1",
            "101001001000",
            "11359 HS-POSSESS FOR SALE",
            "20100101",
            SENT_LOC_DESCR="JAIL",
            SENT_LENGTH="90",
            SENT_TIME_CODE="D",
        ),
        conviction(
            "1",
            "101001001000",
            "11359 HS-POSSESS FOR SALE",
            "20100101",
            SENT_LOC_DESCR="PROBATION",
            SENT_LENGTH="3",
            SENT_TIME_CODE="Y",
        ),
    ]
    (person,), extract = read_people([write_doj(tmp_path / "f.dat", rows)])
    (case,) = person.cases
    (count,) = case.counts
    assert count.sentence.incarcerated and count.sentence.supervised
    assert extract.convictions["sentence"].to_list() == ["JAIL 90 D; PROBATION 3 Y"]


def test_records_fields(tmp_path: Path) -> None:
    rows = [
        conviction("7", "101002003000", "11357(C)HS-POSSESS MARIJUANA", "20050301", dob="19800115"),
        conviction(
            "7",
            "102001001000",
            "SEE COMMENT FOR CHARGE",
            "20070301",
            level="",
            COMMENT_TEXT="CHRG 11358 HS",
            OFFENSE_TOC="M",
        ),
        doj_row(
            SUBJECT_ID="7",
            STP_TYPE_DESCR="REGISTRATION",
            STP_EVENT_DATE="20080101",
            OFFENSE_DESCR="290 PC-REGISTRATION",
            CNT_ORDER="103001001000",
            END_OF_REC="#",
        ),
        doj_row(
            SUBJECT_ID="8",
            STP_TYPE_DESCR="DECEASED",
            STP_EVENT_DATE="20190101",
            CNT_ORDER="101001001000",
            END_OF_REC="#",
        ),
        conviction("8", "100001001000", "11360(A) HS-SELL", "19990101", county="NARNIA"),
    ]
    people, _ = read_people([write_doj(tmp_path / "f.dat", rows)])
    p7, p8 = sorted(people, key=lambda p: p.id)
    assert p7.birth_date == datetime.date(1980, 1, 15) and p7.deceased is False
    assert [r.citation for r in p7.registrations] == [Citation("PC", "290")]
    first, second = p7.cases
    assert (first.id, first.county, first.counts[0].id) == ("101002", "LOS ANGELES", "003")
    assert first.counts[0].citation == Citation("HS", "11357", ("c",))
    assert first.counts[0].level == "felony"
    assert first.counts[0].disposition_date == datetime.date(2005, 3, 1)
    assert second.counts[0].citation == Citation("HS", "11358")
    assert second.counts[0].level == "misdemeanor"  # CONV_STAT_DESCR blank: OFFENSE_TOC
    assert p8.deceased is True and p8.cases[0].county == "NARNIA"


def test_unparseable_date_rejects_the_row_and_marks_the_person(tmp_path: Path) -> None:
    rows = data_rows(SAC)
    rows[3][fmt.COLUMNS.index("STP_EVENT_DATE")] = "19791345"
    path = write_doj(tmp_path / "bad-date.dat", rows)
    extract = read_extract([path], SETS)
    (problem,) = extract.problems
    assert (problem.file, problem.line, problem.field, problem.value) == (
        str(path),
        5,
        "STP_EVENT_DATE",
        "19791345",
    )
    assert problem.person_id == rows[3][2]
    assert extract.files[0].rows_used == len(rows) - 1
    assert set(extract.hand_review) == {rows[3][2]}


def test_truncated_file_reports_the_last_row(tmp_path: Path) -> None:
    text = LA.read_text(encoding="utf-8")
    cut = text.index(',"', len(text) // 2) + 4  # inside a quoted field
    path = tmp_path / "truncated.csv"
    path.write_text(text[:cut], encoding="utf-8")
    extract = read_extract([path], SETS, workdir=tmp_path / "work")
    stats = extract.files[0]
    assert stats.truncated
    (problem,) = extract.problems
    assert problem.line == text[:cut].count("\n") + 1
    assert stats.rows_read == text[:cut].count("\n")  # header excluded, last partial row included
    assert stats.rows_rejected == 1
    assert problem.person_id is not None and problem.person_id in extract.hand_review


def test_short_last_row_is_reported(tmp_path: Path) -> None:
    lines = SAC.read_text(encoding="utf-8").splitlines()
    path = tmp_path / "short.dat"
    path.write_text("\n".join([*lines[:-1], lines[-1][:200]]), encoding="utf-8")
    extract = read_extract([path], SETS)
    (problem,) = extract.problems
    assert problem.line == len(lines) and problem.field == "row"


def test_several_files_in_one_run(tmp_path: Path) -> None:
    extract = read_extract([SAC, DATA / "sacramento-sample-bad-row.dat", LA], SETS)
    assert extract.rows_read == 34 + 36 + 2022
    assert extract.rows_rejected == 1


# ------------------------------------------------------------------ code sections


@pytest.mark.parametrize(
    ("text", "citation", "attempted"),
    [
        ("11357(C)HS-POSSESS MARIJUANA", "HS 11357(c)", False),
        ("11359HS-INTENT SELL CANNABIS", "HS 11359", False),
        ("11360(A) HS-GIVE/ETC MARIJ OVER 1 OZ/28.5 GRM", "HS 11360(a)", False),
        ("11359B HS-MARIJUANA POSSESS FOR SALE", "HS 11359(b)", False),
        ("11360A2 HS-SELL/FURNISH/ETC MARIJUANA/HASH", "HS 11360(a)(2)", False),
        ("11360(B) SELL/FURNISH/ETC MARIJUANA/HASH", "HS 11360(b)", False),
        ("CHRG 11358 HS", "HS 11358", False),
        ("664/11357 HS-ATTEMPT", "HS 664/11357", True),
        ("664.11357 HS-ATTEMPT", "HS 664/11357", True),
        ("66411357 HS-ATTEMPT", "HS 664/11357", True),
        ("664-11357 HS-ATTEMPT", "HS 664/11357", True),
        ("664-11359(B) HS", "HS 664/11359(b)", True),
        ("664 /11360 HS", "HS 664/11360", True),
        ("503 VC-TAKE CAR W/OUT OWNERS CONSENT", "VC 503", False),
        ("187 PC-MURDER", "PC 187", False),
        ("11351.5 HS-POSS/PURCHASE COCAINE BASE F/SALE", "HS 11351.5", False),
    ],
)
def test_code_section_spellings(text: str, citation: str, attempted: bool) -> None:
    charge = parse_charge(text)
    assert charge is not None
    assert str(charge.citation) == citation
    assert charge.attempted is attempted
    # the DOJ path reads a charge as the general reader reads its citation (an attempt too)
    assert charge.citation == parse_citation(citation, "US-CA")


@pytest.mark.parametrize("text", ["", "THIS IS A COMMENT", "SEE COMMENT FOR CHARGE"])
def test_no_code_section(text: str) -> None:
    assert parse_charge(text) is None


@pytest.mark.parametrize(
    ("descr", "comment", "expected"),
    [
        ("11357 HS-POSS", "CHRG 11358 HS", "11357 HS-POSS"),
        ("SEE COMMENT FOR CHARGE", "CHRG 11358 HS", "CHRG 11358 HS"),
        ("", "CHRG 11358 HS", "CHRG 11358 HS"),
        (None, "CHRG 11359 HS", "CHRG 11359 HS"),
        ("  ", None, ""),
    ],
)
def test_charge_text_and_its_polars_twin_agree(
    descr: str | None, comment: str | None, expected: str
) -> None:
    assert charge_text(descr, comment) == expected
    df = pl.DataFrame(
        {"OFFENSE_DESCR": [descr], "COMMENT_TEXT": [comment]},
        schema={"OFFENSE_DESCR": pl.String, "COMMENT_TEXT": pl.String},
    )
    assert df.select(_charge_expr())[0, 0] == expected


def test_attempt_is_a_cannabis_conviction(tmp_path: Path) -> None:
    rows = [
        conviction("1", f"10100{i}001000", d, "20100101")
        for i, d in enumerate(["664/11357 HS", "664.11357 HS", "66411357 HS", "664-11357 HS"])
    ]
    extract = read_extract([write_doj(tmp_path / "f.dat", rows)], SETS)
    assert extract.convictions["cannabis_offenses"].to_list() == [True] * 4
    assert extract.convictions["attempted"].to_list() == [True] * 4


def test_an_attempt_is_decided_alike_on_the_doj_and_the_records_path(tmp_path: Path) -> None:
    """``664-11359 HS`` in DOJ data and ``664/11359 HS`` in a record: the same inchoate
    citation, so ca/prop64 decides them alike (an attempt of 11359: a misdemeanor)."""
    from clearlaw.ca_doj.people import build_people
    from clearlaw.evaluate import evaluate

    rows = [conviction("1", "10100001000", "664-11359 HS", "20100101")]
    extract = read_extract([write_doj(tmp_path / "f.dat", rows)], SETS)
    (doj_person,) = build_people(extract.facts())
    (doj_count,) = doj_person.cases[0].counts
    assert doj_count.citation == parse_citation("664/11359 HS", "US-CA")
    assert doj_count.citation.inchoate == "attempt"
    record_person = attrs.evolve(
        doj_person,
        cases=(
            attrs.evolve(
                doj_person.cases[0],
                counts=(attrs.evolve(doj_count, citation=parse_citation("664/11359 HS")),),
            ),
        ),
    )
    statute = load("ca/prop64")
    as_of = datetime.date(2020, 7, 1)
    doj = [(d.outcome, d.eligible_on) for d in evaluate(statute, doj_person, as_of)]
    records = [(d.outcome, d.eligible_on) for d in evaluate(statute, record_person, as_of)]
    assert doj == records
    assert doj == [("redesignate_misdemeanor", datetime.date(2016, 11, 9))]


# ------------------------------------------------------------------ the run, end to end


def test_end_to_end_los_angeles_sample(tmp_path: Path) -> None:
    summary = run(
        [LA], "Los Angeles", BEAR, datetime.date(2020, 7, 1), tmp_path / "out", progress=False
    )
    rows = data_rows(LA)
    c = fmt.COLUMNS.index
    # figures derived from the file by hand (the csv module, not the reader)
    convicted = {}
    for r in rows:
        if r[c("DISP_DESCR")].startswith("CONVICTED"):
            convicted.setdefault((r[c("SUBJECT_ID")], r[c("CNT_ORDER")]), r)
    cannabis = {
        k: r
        for k, r in convicted.items()
        if r[c("OFFENSE_DESCR")][:5] in {"11357", "11358", "11359", "11360"}
        and r[c("STP_ORI_CNTY_NAME")] == "LOS ANGELES"
    }
    by_section: dict[str, Counter[str]] = {}
    for r in cannabis.values():
        by_section.setdefault(r[c("OFFENSE_DESCR")][:5], Counter())[
            r[c("CONV_STAT_DESCR")].lower()
        ] += 1
    assert summary["rows_read"] == summary["rows_used"] == 2022
    assert summary["rows_rejected"] == 0
    assert summary["cannabis_convictions_in_county"] == len(cannabis) == 95
    assert summary["people_with_cannabis_conviction_in_county"] == len({k[0] for k in cannabis})
    assert summary["convictions_by_section"] == {s: dict(v) for s, v in sorted(by_section.items())}
    # the statewide defaults dismiss every section: everything is dismissed
    assert summary["county_policy"]["totals"] == {"dismiss": 95}
    felonies = sum(v["felony"] for v in summary["convictions_by_section"].values())
    assert (
        summary["county_policy"]["dismissals_by_reason"]["felony_dismissed_by_section"] == felonies
    )
    assert summary["county_policy"]["dismissals_by_reason"]["misdemeanor"] == 95 - felonies
    assert summary["dismiss_all"]["totals"] == {"dismiss": 95}
    # everything dismissed: who is left with no felony / no conviction / none since 2013-07-01
    people: dict[str, list[tuple[bool, bool, str]]] = {}
    for k, r in convicted.items():
        people.setdefault(k[0], []).append(
            (k in cannabis, r[c("CONV_STAT_DESCR")] == "FELONY", r[c("STP_EVENT_DATE")])
        )
    treated = [v for pid, v in people.items() if any(k[0] == pid for k in cannabis)]
    no_felony = sum(
        1 for v in treated if any(f for _, f, _ in v) and all(cn for cn, f, _ in v if f)
    )
    no_conviction = sum(1 for v in treated if all(cn for cn, _, _ in v))
    recent = [[cn for cn, _, d in v if d > "20130701"] for v in treated]
    no_recent = sum(1 for v in recent if v and all(v))
    figures = summary["county_policy"]
    assert figures["no_longer_felony"] == no_felony
    assert figures["no_longer_any_conviction"] == no_conviction
    assert figures["no_longer_conviction_last_7_years"] == no_recent
    out = tmp_path / "out"
    results = read_csv(out / "results-los-angeles-synthetic-2000.csv")
    assert results[0] == [*fmt.COLUMNS, *DETERMINATION_COLUMNS]
    assert [r[:95] for r in results[1:]] == rows  # every input row, unchanged
    determined = [r for r in results[1:] if r[95 + DETERMINATION_COLUMNS.index("DETERMINATION")]]
    assert {(r[2], r[c("CNT_ORDER")]) for r in determined} == set(cannabis)
    cannabis_anywhere = [
        k
        for k, r in convicted.items()
        if r[c("OFFENSE_DESCR")][:5] in {"11357", "11358", "11359", "11360"}
    ]
    assert len(read_csv(out / "cannabis.csv")) - 1 == len(cannabis_anywhere) == 96
    assert len(read_csv(out / "condensed.csv")) - 1 == len(convicted)
    assert json.loads((out / "summary.json").read_text())["rows_read"] == 2022
    assert "Rows read 2,022; used 2,022; rejected 0" in (out / "summary.txt").read_text()


def test_run_with_bad_rows_writes_errors_and_goes_on(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = ca_doj_run([SAC, DATA / "sacramento-sample-bad-row.dat"], tmp_path / "out")
    captured = capsys.readouterr()
    assert code == 2
    assert (
        "sacramento-sample-bad-row.dat:2: person 18675309: row: the row has 94 fields"
        in captured.err
    )
    assert "SKYWALKER" not in captured.err
    errors = read_csv(tmp_path / "out" / "errors.csv")
    assert errors[0] == ["file", "line", "person", "field", "value", "message"]
    assert errors[1][1:4] == ["2", "18675309", "row"]
    summary = json.loads((tmp_path / "out" / "summary.json").read_text())
    assert (summary["rows_read"], summary["rows_used"], summary["rows_rejected"]) == (70, 69, 1)
    assert summary["people_for_hand_review"] == ["18675309"]
    condensed = read_csv(tmp_path / "out" / "cannabis.csv")
    col = condensed[0].index("DETERMINATION")
    assert {r[col] for r in condensed[1:] if r[0] == "18675309"} == {"hand_review"}
    assert len(list((tmp_path / "out").glob("results-*.csv"))) == 2


def test_cli_json_options_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    options = tmp_path / "options.json"
    options.write_text(
        json.dumps(
            {
                "baselineEligibility": {
                    "dismiss": ["11357", "11358"],
                    "reduce": ["11359", "11360"],
                },
                "additionalRelief": {"subjectAgeThreshold": 70},
            }
        )
    )
    code = ca_doj_run([LA], tmp_path / "out", county="LOS ANGELES", policy=options)
    captured = capsys.readouterr()
    assert code == 2
    assert "min_age_on_run_date" in captured.err or "70" in captured.err


# ------------------------------------------------------------------ row order


def _decisions(path: Path, tmp: Path) -> dict[tuple[str, str], tuple[str, ...]]:
    run([path], "SACRAMENTO", BEAR, datetime.date(2020, 7, 1), tmp, progress=False)
    rows = read_csv(tmp / "condensed.csv")
    h = rows[0]
    cols = [
        h.index(c)
        for c in (
            "DETERMINATION",
            "REASON",
            "STATUTE_DETERMINATION",
            "YEARS_SINCE_ANY_CONVICTION",
            "CONVICTIONS_ON_RECORD",
        )
    ]
    return {(r[0], r[h.index("CNT_ORDER")]): tuple(r[i] for i in cols) for r in rows[1:]}


_EXPECTED: dict[str, Any] = {}


@settings(
    max_examples=6,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
    phases=[Phase.explicit, Phase.reuse, Phase.generate],  # a run per example: no shrinking
)
@given(order=st.permutations(range(34)), header=st.booleans())
def test_determinations_do_not_depend_on_row_order(
    tmp_path_factory: Any, order: list[int], header: bool
) -> None:
    tmp = tmp_path_factory.mktemp("order")
    if "sac" not in _EXPECTED:
        _EXPECTED["sac"] = _decisions(SAC, tmp / "a")
    expected = _EXPECTED["sac"]
    original = data_rows(SAC)
    assert len(original) == len(order)
    rows = [original[i] for i in order]
    shuffled = write_doj(tmp / "shuffled.dat", rows, header=header)
    assert _decisions(shuffled, tmp / "b") == expected


@pytest.mark.parametrize("path", [LA, SAC, DATA / "no-header.csv"])
def test_relevant_only_records_decide_the_same(path: Path) -> None:
    """The run evaluates records without the convictions no decision can see; on the same
    people the full records must give the same determinations under every statute."""
    from clearlaw.evaluate import evaluate
    from clearlaw.policy import county_policy

    extract = read_extract([path], SETS)
    statutes = [
        load("ca/prop64"),
        county_policy(BEAR, ""),
        county_policy(ROOT / "statutes/ca/policies/dismiss-all.law", ""),
    ]
    for relief in ({"yearsCrimeFreeThreshold": 3}, {"subjectHasOnlyProp64Charges": True}):
        options = json.dumps(
            {
                "baselineEligibility": {
                    "dismiss": [],
                    "reduce": ["11357", "11358", "11359", "11360"],
                },
                "additionalRelief": relief,
            }
        )
        from clearlaw.library import load_text
        from clearlaw.policy import policy_text_from_options

        statutes.append(load_text(policy_text_from_options(json.loads(options)), "options.json"))
    full = extract.people()
    pruned = {p.id: p for p in extract.people(relevant_only=True)}
    assert sum(len(c.counts) for p in pruned.values() for c in p.cases) <= sum(
        len(c.counts) for p in full for c in p.cases
    )
    for person in full:
        for statute in statutes:
            for as_of in (datetime.date(2020, 7, 1), datetime.date(2009, 1, 1)):
                assert evaluate(statute, pruned[person.id], as_of, explain=False) == evaluate(
                    statute, person, as_of, explain=False
                )


# ------------------------------------------------------------------ unusual files


def _run(paths: list[Path], out: Path, county: str = "SACRAMENTO", **kw: Any) -> dict[str, Any]:
    return run(paths, county, BEAR, datetime.date(2020, 7, 1), out, progress=False, **kw)


def test_results_copy_each_input_line_byte_for_byte(tmp_path: Path) -> None:
    """One line per row: with ``raw_csv`` the results file starts every line with the input
    line as it was (quotes, spaces and all), then the determination cells."""
    raw = SAC.read_bytes().replace(b"\n", b"\r\n")  # Windows line ends are read too
    path = tmp_path / "crlf.dat"
    path.write_bytes(raw.rstrip(b"\r\n"))  # and no line break after the last line
    _run([path], tmp_path / "out", raw_csv=True)
    lines = raw.decode("utf-8").splitlines()
    results = (tmp_path / "out" / "results-crlf.csv").read_text(encoding="utf-8").splitlines()
    assert len(results) == len(lines)
    for original, result in zip(lines[1:], results[1:], strict=True):
        assert result.startswith(original + ",")
    parsed = read_csv(tmp_path / "out" / "results-crlf.csv")
    assert {len(r) for r in parsed} == {fmt.N_FIELDS + len(DETERMINATION_COLUMNS)}


def test_inputs_with_the_same_name_keep_their_own_results(tmp_path: Path) -> None:
    """Files of one name in two folders (and a name differing only in case) each get a
    results file of their own: none overwrites another."""
    first, second, third = tmp_path / "a" / "x.dat", tmp_path / "b" / "x.dat", tmp_path / "X.dat"
    for path, source in (
        (first, SAC),
        (second, LA),
        (third, DATA / "sacramento-sample-bad-row.dat"),
    ):
        path.parent.mkdir(exist_ok=True)
        path.write_bytes(source.read_bytes())
    summary = _run([first, second, third], tmp_path / "out", raw_csv=True)
    names = ["results-x.csv", "results-x-2.csv", "results-X-3.csv"]
    assert summary["outputs"]["results"] == names
    assert [i["results"] for i in summary["inputs"]] == names
    assert sorted(p.name for p in (tmp_path / "out").glob("results-*.csv")) == sorted(names)
    for name, source in zip(names, (SAC, LA), strict=False):
        results = read_csv(tmp_path / "out" / name)
        assert [r[: fmt.N_FIELDS] for r in results[1:]] == data_rows(source)


def test_line_break_inside_a_quoted_field(tmp_path: Path) -> None:
    """A row may span lines (a comment with a line break): rows are counted as rows, a
    problem names the row's first line, and the results keep the row whole."""
    rows = data_rows(SAC)
    c = fmt.COLUMNS.index
    rows[1][c("COMMENT_TEXT")] = "FIRST LINE\nSECOND LINE"
    rows[5][c("STP_EVENT_DATE")] = "19791345"
    path = write_doj(tmp_path / "spans.dat", rows)
    extract = read_extract([path], SETS)
    (stats,) = extract.files
    assert not stats.one_line_per_row
    assert stats.rows_read == len(rows)
    (problem,) = extract.problems
    assert (problem.line, problem.field) == (8, "STP_EVENT_DATE")  # header, row 1 spans 2
    _run([path], tmp_path / "out", raw_csv=True)
    results = read_csv(tmp_path / "out" / "results-spans.csv")
    kept = [r for i, r in enumerate(rows) if i != 5]
    assert [r[: fmt.N_FIELDS] for r in results[1:]] == kept
    assert results[2][c("COMMENT_TEXT")] == "FIRST LINE\nSECOND LINE"


def test_bytes_that_are_not_utf8_are_replaced_not_fatal(tmp_path: Path) -> None:
    raw = SAC.read_bytes()
    path = tmp_path / "latin1.dat"
    path.write_bytes(raw.replace(b"SKYWALKER", b"SKYW\xc1LKER", 1))
    summary = _run([path], tmp_path / "out")
    assert summary["rows_read"] == 34 and summary["rows_rejected"] == 0
    assert summary["inputs"][0]["invalid_utf8"] is True
    results = (tmp_path / "out" / "results-latin1.csv").read_text(encoding="utf-8")
    assert "SKYW\ufffdLKER" in results
    good = _run([SAC], tmp_path / "good")
    assert summary["county_policy"] == good["county_policy"]


@pytest.mark.parametrize("content", [b"", ",".join(fmt.COLUMNS).encode() + b"\n"])
def test_empty_and_header_only_files(tmp_path: Path, content: bytes) -> None:
    """An input with no rows is an error (exit 2), not a silent empty run; nothing of the
    run is left in the folder."""
    path = tmp_path / "empty.dat"
    path.write_bytes(content)
    with pytest.raises(RunError, match=r"empty\.dat: no DOJ rows to read"):
        _run([path], tmp_path / "out")
    assert [p.name for p in (tmp_path / "out").iterdir()] == [".clearlaw-run.lock"]


def test_helper_processes_decide_the_same(tmp_path: Path) -> None:
    """Deciding in two processes (the people shared out) gives the same files as one."""
    one = _run([SAC, LA], tmp_path / "one", workers=1)
    two = _run([SAC, LA], tmp_path / "two", workers=2)
    assert one == two
    for name in (
        "condensed.csv",
        "results-sacramento-sample.csv",
        "results-los-angeles-synthetic-2000.csv",
    ):
        assert (tmp_path / "one" / name).read_bytes() == (tmp_path / "two" / name).read_bytes()


def test_progress_bar_draws_stages_while_polars_works() -> None:
    import time

    from clearlaw.progress import Progress

    out = io.StringIO()
    bar = Progress(out, enabled=True)
    bar.stage("writing", 0, unit="MB")
    with bar.ticking(lambda: 42):
        time.sleep(0.5)
    bar.done()
    assert "writing" in out.getvalue() and "42 MB" in out.getvalue()


def test_cache_folder_is_optional(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The parser tables are cached in the user's cache folder when it can be written."""
    from clearlaw.resources import cache_dir

    monkeypatch.setenv("CLEARLAW_CACHE", str(tmp_path / "cache"))
    assert cache_dir() == tmp_path / "cache" and (tmp_path / "cache").is_dir()
    blocked = tmp_path / "file"
    blocked.write_text("not a folder")
    monkeypatch.setenv("CLEARLAW_CACHE", str(blocked / "cache"))
    assert cache_dir() is None


def test_bad_policy_with_helpers_is_one_clear_message(
    tmp_path: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    """A helper process that cannot load the policy stays quiet: the command reports the
    problem once, with file and line, and no traceback (capfd: the helper's stderr too)."""
    policy = tmp_path / "bad.law"
    policy.write_text('policy "bad"\n  amends ca/prop64-county\n  set nonsense = 5\n')
    code = main(
        [
            *("ca-doj", "run", "--input", str(SAC), "--county", "SACRAMENTO"),
            *("--policy", str(policy), "--as-of", "2020-07-01", "--output", str(tmp_path / "o")),
            *("--workers", "2", "--no-progress"),
        ]
    )
    err = capfd.readouterr().err
    assert code == 2
    assert f"{policy}:3:18: error" in err
    assert "Traceback" not in err


def test_a_script_without_a_main_guard_gets_one_clear_line(tmp_path: Path) -> None:
    """A helper process imports the caller's script again; if the script runs the job
    outside ``if __name__ == "__main__":``, the helper says so in one line (no traceback)
    and the caller decides everything itself: same outputs as one process."""
    script = tmp_path / "script.py"
    out = tmp_path / "two"
    script.write_text(
        "import datetime\n"
        "from clearlaw.ca_doj import run\n"
        f"run([{str(LA)!r}], 'LOS ANGELES', {str(BEAR)!r}, datetime.date(2020, 7, 1),\n"
        f"    {str(out)!r}, workers=2, progress=False)\n",
        encoding="utf-8",
    )
    done = subprocess.run([sys.executable, str(script)], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    assert "must call it under `if __name__" in done.stderr
    one = tmp_path / "one"
    run([LA], "LOS ANGELES", BEAR, datetime.date(2020, 7, 1), one, workers=1, progress=False)
    for name in ("results-los-angeles-synthetic-2000.csv", "condensed.csv", "summary.json"):
        assert (out / name).read_bytes() == (one / name).read_bytes()


def test_each_line_gets_its_own_persons_columns(tmp_path: Path) -> None:
    """Pass 2 gives each line the person columns of the person pass 1 read on it (by runs
    of rows): a quoted SUBJECT_ID with spaces, a person whose first row is rejected, and a
    person with no conviction between two who have some each get their own."""
    rows = [
        conviction("111", "101001001000", "11357 HS", "20100101"),
        conviction("111", "101001002000", "11360 HS", "20100101"),
        conviction("222", "102001001000", "11359 HS", "20110101", PRI_DOB="1970013x"),
        conviction("222", "102002001000", "11358 HS", "20120101"),
        doj_row(
            SUBJECT_ID="333", STP_TYPE_DESCR="ARREST", CNT_ORDER="103001001000", END_OF_REC="#"
        ),
        conviction("444", "104001001000", "11357 HS", "20130101"),
    ]
    path = write_doj(tmp_path / "runs.dat", rows)
    text = path.read_text(encoding="utf-8").replace(",444,", ',"  444 ",')
    path.write_text(text, encoding="utf-8")
    _run([path], tmp_path / "out", county="LOS ANGELES")
    results = read_csv(tmp_path / "out" / "results-runs.csv")
    head = results[0]
    on_record = head.index("CONVICTIONS_ON_RECORD")
    by_line = [(r[2].strip(), r[on_record]) for r in results[1:]]
    # 222's first row is rejected (bad date): left out, and 222's other row is still 222's
    assert by_line == [("111", "2"), ("111", "2"), ("222", "1"), ("333", ""), ("444", "1")]


def test_a_helper_process_decides_its_share() -> None:
    """The helper itself decides (the same rows as here), not the fallback in this process."""
    from clearlaw.ca_doj.decide import Deciding, decide, load_statutes
    from clearlaw.ca_doj.people import build_people

    extract = read_extract([SAC], SETS)
    facts = extract.facts(relevant_only=True)
    statutes = load_statutes(BEAR, "SACRAMENTO")
    deciding = Deciding(BEAR, "SACRAMENTO", workers=2)
    try:
        future = deciding._send(facts, datetime.date(2020, 7, 1))
        assert future is not None
        theirs = future.result(timeout=120)
    finally:
        deciding.close()
    mine = decide(statutes, build_people(facts), datetime.date(2020, 7, 1))
    assert theirs == mine and sum(len(rows) for rows in mine) > 0


# ------------------------------------------------------------------ runs in parts


def _la_variant(tmp: Path, name: str) -> list[Path]:
    """The LA sample, or a copy made harder: Windows line ends without a final one; bad
    rows (a bad date, a short row) and a byte that is not UTF-8; a truncated last row."""
    raw = LA.read_bytes()
    path = tmp / f"{name}.csv"
    if name == "la":
        return [LA]
    if name == "crlf":
        path.write_bytes(raw.replace(b"\n", b"\r\n").rstrip(b"\r\n"))
    elif name == "bad":
        lines = raw.split(b"\n")
        lines[700] = lines[700].replace(b",", b",,", 1)  # a field too many
        lines[1500] = lines[1500].rsplit(b",", 2)[0]  # fields too few
        fields = next(csv.reader([lines[900].decode()]))
        fields[fmt.COLUMNS.index("STP_EVENT_DATE")] = "19791345"
        lines[900] = _csv_line(fields)
        lines[1200] = lines[1200].replace(b"COURT", b"C\xc1URT", 1)
        path.write_bytes(b"\n".join(lines))
    elif name == "truncated":
        path.write_bytes(raw.rstrip(b"\n") + b'\nx,x,"10000999,COURT')
    return [path]


def _csv_line(fields: list[str]) -> bytes:
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerow(fields)  # a field with "\n" is quoted
    return out.getvalue().encode()[:-1]


def _outputs(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def _whole_and_parts(
    paths: list[Path], tmp: Path, monkeypatch: pytest.MonkeyPatch, *, parts: bool, **kw: Any
) -> None:
    """A run in small parts writes exactly what a whole run writes; ``parts``: whether the
    parts are kept (else the run finds the people are not apart and is done whole)."""
    kw.setdefault("county", "LOS ANGELES")
    whole = _run(paths, tmp / "whole", part_bytes=0, **kw)
    wholes: list[int] = []
    real = pipeline._run_whole
    monkeypatch.setattr(pipeline, "_run_whole", lambda *a: wholes.append(1) or real(*a))
    in_parts = _run(paths, tmp / "parts", part_bytes=100_000, **kw)
    assert wholes == ([] if parts else [1])
    assert in_parts == whole
    assert _outputs(tmp / "parts") == _outputs(tmp / "whole")


@pytest.mark.parametrize("name", ["la", "crlf", "bad", "truncated"])
def test_a_run_in_parts_writes_what_a_whole_run_writes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str
) -> None:
    paths = _la_variant(tmp_path, name)
    _whole_and_parts(paths, tmp_path, monkeypatch, parts=True)
    summary = json.loads((tmp_path / "parts" / "summary.json").read_text())
    if name == "bad":  # the problems name the lines of the file, not of a part
        errors = read_csv(tmp_path / "parts" / "errors.csv")
        assert [(Path(e[0]).name, e[1], e[3]) for e in errors[1:]] == [
            ("bad.csv", "701", "row"),
            ("bad.csv", "901", "STP_EVENT_DATE"),
            ("bad.csv", "1501", "row"),
        ]
        assert summary["inputs"][0]["invalid_utf8"] is True
    if name == "truncated":
        assert summary["inputs"][0]["truncated"] is True


def test_a_run_in_parts_with_a_helper_process(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _whole_and_parts([SAC, LA], tmp_path, monkeypatch, parts=True, workers=2, county="SACRAMENTO")


def _moved(tmp: Path, name: str) -> list[Path]:
    """LA files whose people are not apart: a person's row moved to the end; a row spanning
    lines; a person in two files."""
    raw = LA.read_bytes()
    lines = raw.rstrip(b"\n").split(b"\n")
    path = tmp / f"{name}.csv"
    if name == "moved":
        lines.append(lines.pop(5))  # the first person again, after everyone else
        path.write_bytes(b"\n".join(lines) + b"\n")
    elif name == "spans":
        fields = next(csv.reader([lines[1000].decode()]))
        fields[fmt.COLUMNS.index("COMMENT_TEXT")] = "A COMMENT\nON TWO LINES"
        lines[1000] = _csv_line(fields)
        path.write_bytes(b"\n".join(lines) + b"\n")
    else:  # two files: the second starts with the last person of the first
        path.write_bytes(b"\n".join(lines[:1200]) + b"\n")
        second = tmp / f"{name}-2.csv"
        second.write_bytes(b"\n".join(lines[1100:]) + b"\n")
        return [path, second]
    return [path]


@pytest.mark.parametrize("name", ["moved", "spans", "two-files"])
def test_a_run_is_done_whole_when_people_are_not_apart(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str
) -> None:
    _whole_and_parts(_moved(tmp_path, name), tmp_path, monkeypatch, parts=False)


def test_person_parts_cut_where_the_person_changes() -> None:
    raw = LA.read_bytes()
    parts = person_parts(LA, 50_000)
    assert len(parts) > 10
    assert parts[0][0] == 0 and parts[-1][1] == len(raw)
    for (_, end), (start, _) in itertools.pairwise(parts):
        assert end == start and raw[start - 1 : start] == b"\n"
        before = raw[: start - 1].rsplit(b"\n", 1)[-1].split(b",")[2]
        after = raw[start:].split(b"\n", 1)[0].split(b",")[2]
        assert before != after
    assert person_parts(LA, len(raw)) == [(0, len(raw))]


def test_cli_part_size(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """``--part-mb``: 1 MB parts of the LA sample write what a whole run writes."""
    args = [
        *("ca-doj", "run", "--input", str(LA), "--county", "LOS ANGELES"),
        *("--policy", str(BEAR), "--as-of", "2020-07-01", "--no-progress"),
    ]
    assert main([*args, "--output", str(tmp_path / "w"), "--part-mb", "0"]) == 0
    assert main([*args, "--output", str(tmp_path / "p"), "--part-mb", "1"]) == 0
    assert _outputs(tmp_path / "p") == _outputs(tmp_path / "w")
    assert main([*args, "--output", str(tmp_path / "x"), "--part-mb", "-1"]) == 2
    assert "--part-mb: must be 0 or more, not -1" in capsys.readouterr().err


@pytest.mark.parametrize("kernel", [True, False])
def test_part_copy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, kernel: bool) -> None:
    """A part is copied byte for byte, in the kernel or, where that is not supported,
    through memory."""
    if not kernel:

        def unsupported(*args: object) -> int:
            raise OSError(18, "Invalid cross-device link")

        monkeypatch.setattr(pipeline.os, "copy_file_range", unsupported)
    raw = LA.read_bytes()
    pipeline._copy_bytes(LA, 1000, 900_000, tmp_path / "part.csv")
    assert (tmp_path / "part.csv").read_bytes() == raw[1000:900_000]


def test_helpers_and_other_commands_do_not_load_polars() -> None:
    """A helper process imports ``clearlaw.ca_doj.decide``; the command line builds every
    subcommand's parser: neither loads Polars (about 0.2 s each)."""
    code = (
        "import sys, clearlaw.cli, clearlaw.ca_doj.decide; clearlaw.cli._parser(); "
        "print('polars' in sys.modules)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "False"
    assert ca_doj.run is pipeline.run and ca_doj.Extract.__name__ == "Extract"
    with pytest.raises(AttributeError, match="no attribute 'nothing'"):
        ca_doj.nothing  # noqa: B018
