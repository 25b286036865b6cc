"""Each county policy option at and around its threshold, through the whole ``ca-doj run``
(DOJ rows in, determinations out).  As of 2020-07-01; felonies of every section reduced unless
an option upgrades them to a dismissal."""

from __future__ import annotations

import csv
import datetime
import json
from pathlib import Path
from typing import Any

import pytest
from filing_data import ca_doj_run
from test_ca_doj import conviction, doj_row, write_doj

from clearlaw.ca_doj.pipeline import run

AS_OF = datetime.date(2020, 7, 1)
REDUCE_ALL = {"dismiss": [], "reduce": ["11357", "11358", "11359", "11360"]}


def _people() -> list[list[str]]:
    c = conviction
    return [
        # under 21 at conviction: born 1990-07-01, 21 on 2011-07-01
        c("U20", "101001001000", "11359 HS-POSSESS FOR SALE", "20110630", dob="19900701"),
        c("U21", "101001001000", "11359 HS-POSSESS FOR SALE", "20110701", dob="19900701"),
        # age on the run date: 50 on 2020-07-01 / one day short
        c("A50", "101001001000", "11360 HS-SELL", "20180101", dob="19700701"),
        c("A49", "101001001000", "11360 HS-SELL", "20180101", dob="19700702"),
        # years since this conviction: 10 years on 2020-07-01 / one day short
        c("Y10", "101001001000", "11358 HS-CULTIVATE", "20100701", dob="19800101"),
        c("Y09", "101001001000", "11358 HS-CULTIVATE", "20100702", dob="19800101"),
        # no conviction in 5 years: the latest conviction (another offense) 5 years ago / not quite
        c("F5", "101001001000", "11357(C) HS-POSS OVER 28.5", "20000101", dob="19800101"),
        c("F5", "102001001000", "459 PC-BURGLARY", "20150701", dob="19800101", county="YOLO"),
        c("F4", "101001001000", "11357(C) HS-POSS OVER 28.5", "20000101", dob="19800101"),
        c("F4", "102001001000", "459 PC-BURGLARY", "20150702", dob="19800101", county="YOLO"),
        # only cannabis convictions / one other conviction
        c("OC", "101001001000", "11359 HS-POSSESS FOR SALE", "20180101", dob="19900101"),
        c(
            "OC",
            "102001001000",
            "11357 HS-POSSESS",
            "20180601",
            dob="19900101",
            level="MISDEMEANOR",
        ),
        c("NC", "101001001000", "11359 HS-POSSESS FOR SALE", "20180101", dob="19900101"),
        c("NC", "102001001000", "10851 VC-TAKE VEHICLE", "20180601", dob="19900101"),
        # deceased / living
        c("DD", "101001001000", "11360 HS-SELL", "20180101", dob="19900101"),
        doj_row(
            SUBJECT_ID="DD",
            STP_TYPE_DESCR="DECEASED",
            STP_EVENT_DATE="20190101",
            CNT_ORDER="103001001000",
            END_OF_REC="#",
        ),
        c("DL", "101001001000", "11360 HS-SELL", "20180101", dob="19900101"),
        # misdemeanors are always dismissed; another county is not decided
        c(
            "MM",
            "101001001000",
            "11359 HS-POSSESS FOR SALE",
            "20180101",
            dob="19900101",
            level="MISDEMEANOR",
        ),
        c(
            "OT",
            "101001001000",
            "11359 HS-POSSESS FOR SALE",
            "20180101",
            dob="19900101",
            county="YOLO",
        ),
    ]


@pytest.fixture(scope="module")
def doj_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_doj(tmp_path_factory.mktemp("policy") / "people.dat", _people())


def decide(
    doj_file: Path, tmp: Path, baseline: dict[str, Any], relief: dict[str, Any]
) -> dict[str, tuple[str, str]]:
    options = tmp / "options.json"
    options.write_text(json.dumps({"baselineEligibility": baseline, "additionalRelief": relief}))
    run([doj_file], "LOS ANGELES", options, AS_OF, tmp / "out", progress=False)
    with open(tmp / "out" / "cannabis.csv", newline="") as fh:
        rows = list(csv.DictReader(fh))
    out = {}
    for r in rows:
        key = r["SUBJECT_ID"] + (
            "" if r["CNT_ORDER"] == "101001001000" else "/" + r["CNT_ORDER"][:3]
        )
        key += "" if r["COUNTY"] == "LOS ANGELES" else "@" + r["COUNTY"]
        out[key] = (r["DETERMINATION"], r["REASON"])
    return out


REDUCED = ("reduce", "felony_reduced")


@pytest.mark.parametrize(
    ("relief", "dismissed", "reduced", "rule"),
    [
        ({"subjectUnder21AtConviction": True}, "U20", "U21", "under_21_at_conviction"),
        ({"subjectAgeThreshold": 50}, "A50", "A49", "age_threshold"),
        ({"yearsSinceConvictionThreshold": 10}, "Y10", "Y09", "years_since_conviction"),
        ({"yearsCrimeFreeThreshold": 5}, "F5", "F4", "conviction_free"),
        ({"subjectHasOnlyProp64Charges": True}, "OC", "NC", "only_cannabis"),
        ({"subjectIsDeceased": True}, "DD", "DL", "deceased"),
    ],
)
def test_option_at_its_threshold(
    doj_file: Path, tmp_path: Path, relief: dict[str, Any], dismissed: str, reduced: str, rule: str
) -> None:
    got = decide(doj_file, tmp_path, REDUCE_ALL, relief)
    assert got[dismissed] == ("dismiss", rule)
    assert got[reduced] == REDUCED
    assert got["MM"] == ("dismiss", "misdemeanor")
    assert got["OT@YOLO"] == ("", "")  # another county's conviction: not this DA's decision


def test_options_off_reduce_every_felony(doj_file: Path, tmp_path: Path) -> None:
    got = decide(doj_file, tmp_path, REDUCE_ALL, {})
    assert got["U20"] == got["A50"] == got["Y10"] == got["DD"] == REDUCED
    assert got["OC"] == REDUCED
    assert got["OC/102"] == ("dismiss", "misdemeanor")


def test_dismiss_by_section(doj_file: Path, tmp_path: Path) -> None:
    got = decide(
        doj_file, tmp_path, {"dismiss": ["11359"], "reduce": ["11357", "11358", "11360"]}, {}
    )
    assert got["U21"] == ("dismiss", "felony_dismissed_by_section")
    assert got["A50"] == REDUCED


@pytest.mark.parametrize(
    ("key", "value", "ok"),
    [
        ("subjectAgeThreshold", 40, True),
        ("subjectAgeThreshold", 65, True),
        ("subjectAgeThreshold", 39, False),
        ("subjectAgeThreshold", 66, False),
        ("yearsSinceConvictionThreshold", 1, True),
        ("yearsSinceConvictionThreshold", 15, True),
        ("yearsSinceConvictionThreshold", 16, False),
        ("yearsCrimeFreeThreshold", 15, True),
        ("yearsCrimeFreeThreshold", 16, False),
    ],
)
def test_option_ranges(
    doj_file: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    key: str,
    value: int,
    ok: bool,
) -> None:
    options = tmp_path / "options.json"
    options.write_text(
        json.dumps({"baselineEligibility": REDUCE_ALL, "additionalRelief": {key: value}})
    )
    code = ca_doj_run([doj_file], tmp_path / "out", county="LOS ANGELES", policy=options)
    err = capsys.readouterr().err
    assert (code == 0) is ok, err
    if not ok:
        assert "options.json" in err


@pytest.mark.parametrize("name", ["county.law", "county.json"])
def test_a_policy_that_is_not_utf8_is_named_at_its_line_and_column(
    tmp_path: Path, name: str
) -> None:
    """A byte that is not UTF-8 in a policy file is a diagnostic at its line and column, as in
    a statute file; it was Python's codec message."""
    from clearlaw.diagnostics import StatuteError
    from clearlaw.policy import county_policy

    path = tmp_path / name
    path.write_bytes(b'policy "x"\n\xe9\n' if name.endswith(".law") else b'{"a": "\xe9"}')
    with pytest.raises(StatuteError) as raised:
        county_policy(path, "Los Angeles")
    (problem,) = raised.value.diagnostics
    assert problem.message == "not UTF-8 text (byte 0xe9)"
    assert (problem.span.line, problem.span.column) == ((2, 1) if name.endswith(".law") else (1, 8))
