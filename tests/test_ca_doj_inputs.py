"""``clearlaw ca-doj run`` on bad input and bad run folders (issue 15): one line and exit 2,
never a traceback or a silent wrong result; shifted rows, headers, line ends, stray quotes,
blank lines, ids; the run folder's lock, manifest, overwrite and interruption; formula cells."""

from __future__ import annotations

import csv
import io
import json
import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import polars as pl
import pytest
from filing_data import ca_doj_run as ca_doj
from hypothesis import given, settings
from hypothesis import strategies as st
from test_ca_doj import BEAR, DATA, LA, SAC, conviction, data_rows, read_csv, write_doj

from clearlaw.ca_doj import format as fmt
from clearlaw.ca_doj import pipeline
from clearlaw.io.outputs import spreadsheet_safe
from clearlaw.io.run_folder import RunFolder

MANIFEST, INCOMPLETE = pipeline.RUN_FOLDER.manifest, pipeline.RUN_FOLDER.marker
NO_HEADER = DATA / "no-header.csv"
C = fmt.COLUMNS.index


def one_line(err: str) -> str:
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert "Traceback" not in err
    return lines[0]


def errors(out: Path) -> list[list[str]]:
    return read_csv(out / "errors.csv")[1:]


def summary(out: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((out / "summary.json").read_text())
    return data


# ------------------------------------------------------------------ command line (1, 2, 3)


def test_output_naming_an_existing_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "out.csv"
    target.write_text("mine")
    assert ca_doj([SAC], target) == 2
    assert one_line(capsys.readouterr().err) == (
        f"clearlaw: {target}: is a file, not a folder (--output names the run folder)"
    )
    assert target.read_text() == "mine"


def test_a_county_not_in_the_input_names_the_counties_it_has(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert ca_doj([SAC], tmp_path / "a", county="SACRAMENTOO") == 2
    assert one_line(capsys.readouterr().err) == (
        'clearlaw: --county "SACRAMENTOO": no conviction in the input is in this county '
        "(the input's convictions are in: SACRAMENTO, YOLO)"
    )
    assert sorted(p.name for p in (tmp_path / "a").iterdir()) == [".clearlaw-run.lock"]
    # in parts too (the county is known only once every part is read)
    assert ca_doj([LA], tmp_path / "b", "--part-mb", "0", county="LOS ANGELS") == 2
    assert "(the input's convictions are in: LOS ANGELES, NARNIA)" in capsys.readouterr().err
    assert ca_doj([SAC], tmp_path / "c", county="sacramento") == 0  # case does not matter


def test_an_empty_input_is_an_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    empty = tmp_path / "empty.dat"
    empty.write_bytes(b"\n\n")  # blank lines only
    assert ca_doj([empty], tmp_path / "out") == 2
    assert one_line(capsys.readouterr().err) == (
        f"clearlaw: {empty}: no DOJ rows to read (empty, or a header row only)"
    )


@pytest.mark.parametrize(
    "policy", ["ca/policies/bear-default", "statutes/ca/policies/bear-default.law"]
)
def test_policy_by_library_id(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, policy: str) -> None:
    """The README's ``--policy statutes/ca/policies/bear-default.law`` works where there is
    no checkout (the working folder here has no ``statutes/``), as does the library id."""
    monkeypatch.chdir(tmp_path)
    assert ca_doj([SAC], tmp_path / "out", policy=policy) == 0
    assert summary(tmp_path / "out")["policy_id"] == "ca/policies/bear-default"


def test_an_unknown_policy_lists_the_library_policies(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert ca_doj([SAC], tmp_path / "out", policy="ca/policies/bear") == 2
    assert one_line(capsys.readouterr().err) == (
        "clearlaw: ca/policies/bear: no such policy file or library id (library policies: "
        "ca/policies/bear-default, ca/policies/dismiss-all)"
    )


@pytest.mark.parametrize(
    ("name", "text"),
    [
        (
            "huge.json",
            '{"baselineEligibility": {"dismiss": ["11357", "11358", "11359", "11360"]}, '
            '"additionalRelief": {"subjectAgeThreshold": 1' + "0" * 5000 + "}}",
        ),
        ("unknown.law", 'policy "p"\n  amends ca/nothing\n'),
    ],
    ids=["huge-number", "amends-unknown-id"],
)
def test_a_policy_that_cannot_be_used_is_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str, text: str
) -> None:
    policy = tmp_path / name
    policy.write_text(text)
    assert ca_doj([SAC], tmp_path / "out", policy=policy) == 2
    err = capsys.readouterr().err
    assert "Traceback" not in err and str(policy) in err.splitlines()[0]
    assert [p.name for p in (tmp_path / "out").iterdir()] == [".clearlaw-run.lock"]


# ------------------------------------------------------------------ DOJ rows (18, 19, 26)


def test_a_shifted_row_is_rejected_not_read_shifted(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """``no-header.csv`` line 14, the name written without quotes (``MONSTER,ELMO``): one
    field more, its comment filled and its last field empty.  Read shifted, its felony HS
    11358 conviction was lost without a word; now the row is rejected with its line."""
    lines = NO_HEADER.read_bytes().split(b"\n")
    assert lines[13].count(b'"MONSTER,ELMO"') == 1 and lines[13].endswith(b",\r")
    lines[13] = lines[13].replace(b'"MONSTER,ELMO"', b"MONSTER,ELMO")
    path = tmp_path / "shifted.csv"
    path.write_bytes(b"\n".join(lines))
    assert ca_doj([path], tmp_path / "out", county="SAN JOAQUIN") == 2
    assert f"{path}:14: person 23675654: END_OF_REC: not an end-of-record mark" in (
        capsys.readouterr().err
    )
    # its count id and its end mark now hold the fields before them
    assert [(e[1], e[2], e[3]) for e in errors(tmp_path / "out")] == [
        ("14", "23675654", "CNT_ORDER"),
        ("14", "23675654", "END_OF_REC"),
    ]
    s = summary(tmp_path / "out")
    assert (s["rows_read"], s["rows_rejected"]) == (38, 1)
    assert s["people_for_hand_review"] == ["23675654"]


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("SUBJECT_ID", ""),
        ("SUBJECT_ID", "x"),
        ("SUBJECT_ID", "NULL"),
        ("SUBJECT_ID", "12 34"),
        ("CNT_ORDER", "x"),
        ("CNT_ORDER", "SEE COMMENT"),
        ("CII_NUMBER", "SKYWALKER"),
        ("END_OF_REC", "11358 HS"),
        ("CYC_DATE", "2010-01-01"),
    ],
)
def test_a_value_that_does_not_fit_its_column_rejects_the_row(
    tmp_path: Path, field: str, value: str
) -> None:
    rows = data_rows(SAC)
    rows[4][C(field)] = value
    path = write_doj(tmp_path / "f.dat", rows)
    assert ca_doj([path], tmp_path / "out") == 2
    ((_, line, person, named, _, _),) = errors(tmp_path / "out")
    assert (line, named) == ("6", field)
    assert person == ("" if field == "SUBJECT_ID" else rows[4][C("SUBJECT_ID")])
    assert summary(tmp_path / "out")["rows_rejected"] == 1


def _swap(row: list[str], a: int, b: int) -> list[str]:
    row = list(row)
    row[a], row[b] = row[b], row[a]
    return row


def test_the_header_names_the_columns(tmp_path: Path) -> None:
    """A header with two date columns swapped: the dates are read by name, so the decisions
    are those of the file in the usual order; the results keep the file's order."""
    a, b = C("CYC_DATE"), C("STP_EVENT_DATE")
    rows = [_swap(r, a, b) for r in read_csv(SAC)]
    path = tmp_path / "swapped.dat"
    with open(path, "w", newline="") as fh:
        csv.writer(fh, lineterminator="\n").writerows(rows)
    assert ca_doj([path], tmp_path / "swapped") == 0
    assert ca_doj([SAC], tmp_path / "usual") == 0
    for name in ("condensed.csv", "cannabis.csv"):
        assert (tmp_path / "swapped" / name).read_bytes() == (
            tmp_path / "usual" / name
        ).read_bytes()
    results = read_csv(tmp_path / "swapped" / "results-swapped.csv")
    assert results[0][: fmt.N_FIELDS] == rows[0]


@pytest.mark.parametrize(
    ("change", "said"),
    [
        (lambda h: [*h[:-1], "END_OF_RECORD"], "(missing END_OF_REC; unknown END_OF_RECORD)"),
        (lambda h: [*h[:3], "SUBJECT_ID", *h[4:]], "(missing REQ_SEG_SEP; twice SUBJECT_ID)"),
        (lambda h: h[:-2], "(missing COMMENT_TEXT, END_OF_REC)"),
    ],
)
def test_a_header_that_is_not_the_95_columns_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], change: Any, said: str
) -> None:
    path = tmp_path / "h.dat"
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerows([change(list(fmt.COLUMNS)), *data_rows(SAC)])
    path.write_text(buf.getvalue())
    assert ca_doj([path], tmp_path / "out") == 2
    assert one_line(capsys.readouterr().err) == (
        f"clearlaw: {path}:1: the header row does not name the 95 DOJ columns {said}"
    )
    assert not (tmp_path / "out").exists()


def test_carriage_return_line_ends(tmp_path: Path) -> None:
    """Lines ending with a carriage return alone (old Mac files) are read as lines."""
    path = tmp_path / "cr.dat"
    path.write_bytes(SAC.read_bytes().replace(b"\n", b"\r"))
    assert ca_doj([path], tmp_path / "cr") == 0
    assert ca_doj([SAC], tmp_path / "lf") == 0
    assert summary(tmp_path / "cr")["rows_read"] == 34
    assert (tmp_path / "cr" / "condensed.csv").read_bytes() == (
        tmp_path / "lf" / "condensed.csv"
    ).read_bytes()


@pytest.mark.parametrize("spans", [False, True])
def test_a_stray_quote_rejects_its_row_only(tmp_path: Path, spans: bool) -> None:
    """A quote inside a bare field, or a quoted field that never ends: that line is
    rejected with its number, every other row is used (also when another row rightly spans
    two lines)."""
    rows = data_rows(SAC)
    if spans:
        rows[1][C("COMMENT_TEXT")] = "FIRST LINE\nSECOND LINE"
    path = write_doj(tmp_path / "f.dat", rows)
    lines = path.read_text().split("\n")
    at = 12 if spans else 11  # the 11th data row (line 12, or 13 after the spanning row)
    lines[at] = lines[at].replace("COURT ACTION", 'COURT"ACTION', 1)
    lines[at + 3] = lines[at + 3].replace(",x,", ',"x,', 1)
    path.write_text("\n".join(lines))
    assert ca_doj([path], tmp_path / "out") == 2
    found = errors(tmp_path / "out")
    assert [(e[1], e[3]) for e in found] == [(str(at + 1), "row"), (str(at + 4), "row")]
    assert all(e[5].startswith("not CSV: a quote in the wrong place") for e in found)
    s = summary(tmp_path / "out")
    assert (s["rows_read"], s["rows_rejected"]) == (34, 2)
    results = read_csv(tmp_path / "out" / "results-f.csv")
    assert len(results) - 1 == 32


def test_blank_lines_are_not_rows(tmp_path: Path) -> None:
    text = SAC.read_text().split("\n")
    text[5:5] = ["", "   "]
    path = tmp_path / "blank.dat"
    path.write_text("\n".join(text) + "\n\n")
    assert ca_doj([path], tmp_path / "out") == 0
    s = summary(tmp_path / "out")
    assert (s["rows_read"], s["rows_rejected"], s["inputs"][0]["blank_lines"]) == (34, 0, 4)
    assert (
        "rejected 0 (see errors.csv; 0 people marked for hand review); 4 blank lines skipped"
        in ((tmp_path / "out" / "summary.txt").read_text())
    )
    assert errors(tmp_path / "out") == []
    assert len(read_csv(tmp_path / "out" / "results-blank.csv")) == 35


@pytest.mark.parametrize("how", ["same path", "another name", "a copy"])
def test_the_same_file_twice_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], how: str
) -> None:
    second = {
        "same path": SAC,
        "another name": tmp_path / "link.dat",
        "a copy": tmp_path / "c.dat",
    }[how]
    if how == "another name":
        second.symlink_to(SAC)
    elif how == "a copy":
        second.write_bytes(SAC.read_bytes())
    assert ca_doj([SAC, second], tmp_path / "out") == 2
    assert one_line(capsys.readouterr().err) == (
        f"clearlaw: {SAC} and {second}: the same DOJ file given twice (each row would count "
        "twice); give it once"
    )


# ------------------------------------------------------------------ the run folder (6, 24)


def test_an_earlier_run_is_refused_and_overwrite_removes_only_its_files(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    assert ca_doj([SAC], out, "--documents", "--document-formats", "html") == 0
    first = {p.name for p in out.iterdir()}
    assert {"bulk-motion.en.html", "summary.json", "results-sacramento-sample.csv"} <= first
    (out / "notes.txt").write_text("the office's own file")
    capsys.readouterr()
    assert ca_doj([LA], out, county="LOS ANGELES") == 2
    assert one_line(capsys.readouterr().err) == (
        f"clearlaw: {out}: holds an earlier run; add --overwrite to replace it, "
        "or choose another --output"
    )
    assert {p.name for p in out.iterdir()} == first | {"notes.txt"}
    # the second run (another county, no documents): no filing or result of the first is left
    assert ca_doj([LA], out, "--overwrite", county="LOS ANGELES") == 0
    names = {p.name for p in out.iterdir()}
    assert names == {
        ".clearlaw-run.lock",
        MANIFEST,
        "notes.txt",
        "results-los-angeles-synthetic-2000.csv",
        "condensed.csv",
        "cannabis.csv",
        "errors.csv",
        "summary.json",
        "summary.txt",
    }
    assert summary(out)["county"] == "LOS ANGELES"
    manifest = json.loads((out / MANIFEST).read_text())
    assert manifest["complete"] is True and "notes.txt" not in manifest["files"]


def test_a_folder_in_use_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with RunFolder.open(tmp_path / "out", pipeline.RUN_FOLDER):
        assert ca_doj([SAC], tmp_path / "out") == 2
    assert one_line(capsys.readouterr().err) == (
        f"clearlaw: {tmp_path / 'out'}: in use by another run (wait for it to end, "
        "or choose another --output)"
    )
    assert ca_doj([SAC], tmp_path / "out", "--overwrite") == 0  # free again


def test_a_killed_runs_work_folder_is_removed_at_the_next_start(tmp_path: Path) -> None:
    work = tmp_path / "out" / ".work"
    work.mkdir(parents=True)
    (work / "0-lf-doj.dat").write_text("a copy of DOJ rows")
    with RunFolder.open(tmp_path / "out", pipeline.RUN_FOLDER):
        assert not work.exists()


def _interrupt(monkeypatch: pytest.MonkeyPatch, exc: type[BaseException]) -> None:
    """Stop the run while the results are being written."""
    real = pipeline._write_results

    def stop(*args: Any) -> None:
        real(*args)
        raise exc

    monkeypatch.setattr(pipeline, "_write_results", stop)


def test_ctrl_c_leaves_a_folder_marked_incomplete(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    _interrupt(monkeypatch, KeyboardInterrupt)
    assert ca_doj([SAC], out) == 130
    assert one_line(capsys.readouterr().err) == (
        f"clearlaw: interrupted; the run folder {out} is marked incomplete (RUN-INCOMPLETE): "
        "run again with --overwrite"
    )
    # no output that looks complete, no temporary file, no copy of DOJ rows
    assert sorted(p.name for p in out.iterdir()) == [MANIFEST, ".clearlaw-run.lock", INCOMPLETE]
    monkeypatch.undo()
    assert ca_doj([SAC], out) == 2
    assert "holds an unfinished run; add --overwrite" in capsys.readouterr().err
    assert ca_doj([SAC], out, "--overwrite") == 0
    assert not (out / INCOMPLETE).exists()


def test_sigterm_stops_a_run_like_ctrl_c(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    real = pipeline._write_results

    def terminate(*args: Any) -> None:
        real(*args)
        os.kill(os.getpid(), signal.SIGTERM)

    monkeypatch.setattr(pipeline, "_write_results", terminate)
    before = signal.getsignal(signal.SIGTERM)
    assert ca_doj([SAC], out) == 143
    assert signal.getsignal(signal.SIGTERM) == before
    assert "clearlaw: stopped (SIGTERM); the run folder" in one_line(capsys.readouterr().err)
    assert (out / INCOMPLETE).exists() and not (out / "summary.json").exists()


def test_an_earlier_complete_file_stays_whole_when_a_write_fails(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An output is written to a temporary name: a write stopped midway leaves the earlier
    file as it was (here errors.csv, the last but two)."""
    from clearlaw.io import outputs

    path = tmp_path / "errors.csv"
    path.write_text("earlier\n")

    def broken(df: pl.DataFrame, fh: Any, **kw: Any) -> None:
        fh.write(b"half")
        raise KeyboardInterrupt

    monkeypatch.setattr(pl.DataFrame, "write_csv", broken)
    with pytest.raises(KeyboardInterrupt):
        pipeline._write_errors([], path, io.StringIO(), raw=False)
    assert path.read_text() == "earlier\n"
    assert [p.name for p in tmp_path.iterdir()] == ["errors.csv"]
    assert outputs.FILE_MODE == 0o600


def test_helpers_end_with_the_parent(tmp_path: Path) -> None:
    """A parent killed with SIGKILL (no chance to stop its helpers): the helper ends too."""
    script = textwrap.dedent(
        f"""
        import os, signal, sys
        sys.path.insert(0, {str(Path(__file__).parent)!r})
        from clearlaw.ca_doj.decide import Deciding, _ready
        if __name__ == "__main__":
            deciding = Deciding({str(BEAR)!r}, "SACRAMENTO", workers=2)
            assert deciding.pool is not None
            deciding.pool.submit(_ready).result()
            print(*deciding.pool._processes, flush=True)
            os.kill(os.getpid(), signal.SIGKILL)
        """
    )
    path = tmp_path / "parent.py"
    path.write_text(script)
    done = subprocess.run([sys.executable, str(path)], capture_output=True, text=True)
    assert done.returncode == -signal.SIGKILL, done.stderr
    (helper,) = [int(p) for p in done.stdout.split()]
    waited = subprocess.run(  # the helper's end, waited for (up to 60 s) by another process
        [
            sys.executable,
            "-c",
            "import os, sys, time\n"
            "for _ in range(600):\n"
            "    try:\n"
            f"        state = open('/proc/{helper}/stat').read().split(')')[-1].split()[0]\n"
            "    except OSError:\n"
            "        sys.exit(0)\n"
            "    if state in ('Z', 'X'):\n"
            "        sys.exit(0)\n"
            "    time.sleep(0.1)\n"
            "sys.exit(1)\n",
        ]
    )
    assert waited.returncode == 0, f"helper {helper} still running"


# ------------------------------------------------------------------ formula cells (7)


def _formula_rows() -> list[list[str]]:
    return [
        conviction(
            "111",
            "101001001000",
            "11357 HS-POSSESS",
            "20100101",
            county="SACRAMENTO",
            PRI_NAME='=HYPERLINK("http://x","DOE,JANE")',
            OFN="+12345",
            COMMENT_TEXT="@SUM(A1)",
        ),
        conviction(
            "111",
            "101001002000",
            "11360 HS-SELL",
            "20100101",
            county="SACRAMENTO",
            PRI_NAME="DOE,-JANE",
            OFN="-7",
            SENT_TIME_DESCR="\tTAB",
        ),
    ]


@pytest.mark.parametrize("part_mb", ["0", "1"])
def test_formula_cells_are_neutralized(tmp_path: Path, part_mb: str) -> None:
    path = write_doj(tmp_path / "f.dat", _formula_rows())
    assert ca_doj([path], tmp_path / "safe", "--part-mb", part_mb) == 0
    assert ca_doj([path], tmp_path / "raw", "--raw-csv", "--part-mb", part_mb) == 0
    raw = read_csv(tmp_path / "raw" / "results-f.csv")
    safe = read_csv(tmp_path / "safe" / "results-f.csv")
    assert [r[: fmt.N_FIELDS] for r in raw[1:]] == data_rows(path)
    assert safe == [[spreadsheet_safe(c) for c in r] for r in raw]
    assert safe[1][C("PRI_NAME")] == '\'=HYPERLINK("http://x","DOE,JANE")'
    assert safe[2][C("PRI_NAME")] == "DOE,-JANE"  # a comma inside quotes starts no cell
    for name in ("condensed.csv", "cannabis.csv"):
        raw_rows = read_csv(tmp_path / "raw" / name)
        safe_rows = read_csv(tmp_path / "safe" / name)
        assert safe_rows == [[spreadsheet_safe(c) for c in r] for r in raw_rows]
        head = safe_rows[0]
        assert {r[head.index("CASE_NUMBER")] for r in safe_rows[1:]} == {"'+12345", "'-7"}


def test_formula_cells_are_neutralized_when_rows_span_lines(tmp_path: Path) -> None:
    rows = _formula_rows()
    rows[1][C("COMMENT_TEXT")] = "TWO\nLINES"
    path = write_doj(tmp_path / "f.dat", rows)
    assert ca_doj([path], tmp_path / "safe") == 0
    safe = read_csv(tmp_path / "safe" / "results-f.csv")
    assert safe[1][C("PRI_NAME")].startswith("'=HYPERLINK")
    assert safe[2][C("SENT_TIME_DESCR")] == "'\tTAB"


_CELL = st.text(alphabet=st.sampled_from('=+-@\t\r,"ab 1\n'), max_size=6)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.lists(_CELL, min_size=1, max_size=6), min_size=1, max_size=8))
def test_safe_line_agrees_with_spreadsheet_safe(rows: list[list[str]]) -> None:
    """The Polars rewrite of whole CSV lines gives each cell what ``spreadsheet_safe`` gives
    it (quoted cells with commas, quotes, and line breaks included)."""
    records = []
    for fields in rows:
        one = io.StringIO()
        csv.writer(one, lineterminator="\r\n").writerow(fields)  # quotes CR and LF
        records.append(one.getvalue().removesuffix("\r\n"))
    got = pl.DataFrame({"line": records}).select(pipeline._safe_line(pl.col("line")))["line"]
    for text, fields in zip(got.to_list(), rows, strict=True):
        parsed = next(csv.reader(io.StringIO(text, newline="")))
        expected = [spreadsheet_safe(f) for f in fields]
        if fields == [""]:
            assert parsed in ([], [""])
        else:
            assert parsed == expected


def test_the_errors_file_neutralizes_formula_values(tmp_path: Path) -> None:
    rows = data_rows(SAC)
    rows[3][C("CYC_DATE")] = "=1+2"
    path = write_doj(tmp_path / "f.dat", rows)
    assert ca_doj([path], tmp_path / "out") == 2
    (found,) = errors(tmp_path / "out")
    assert found[4] == "'=1+2"


def test_sigterm_to_the_command_cleans_up(tmp_path: Path) -> None:
    """``kill`` (SIGTERM) a real ``clearlaw ca-doj run`` with a helper process once its run
    folder is marked: the command ends with 143 and one line, leaving no copy of DOJ rows in
    ``.work/`` and no temporary file (or, if the run was quicker than the signal, a complete
    run)."""
    lines = LA.read_bytes().rstrip(b"\n").split(b"\n")
    big = tmp_path / "big.csv"
    big.write_bytes(b"\n".join([lines[0], *(lines[1:] * 15)]) + b"\n")
    out = tmp_path / "out"
    proc = subprocess.Popen(
        [
            *(sys.executable, "-m", "clearlaw.cli", "ca-doj", "run", "--input", str(big)),
            *("--county", "LOS ANGELES", "--policy", str(BEAR), "--as-of", "2020-07-01"),
            *("--output", str(out), "--workers", "2", "--part-mb", "0", "--no-progress"),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    for _ in range(6000):  # the marker is written once the command handles SIGTERM
        if (out / INCOMPLETE).exists() or proc.poll() is not None:
            break
        subprocess.run(["sleep", "0.01"], check=True)
    proc.send_signal(signal.SIGTERM)
    _, err = proc.communicate(timeout=300)
    names = {p.name for p in out.iterdir()}
    assert not any(n.endswith(".part") for n in names) and ".work" not in names
    if proc.returncode == 0:  # done before the signal came
        assert INCOMPLETE not in names and "summary.json" in names
        return
    assert proc.returncode == 143, err
    assert one_line(err).startswith("clearlaw: stopped (SIGTERM); the run folder")
    assert INCOMPLETE in names and "summary.json" not in names


# ------------------------------------------------------------------ pass 2 line alignment


@pytest.mark.parametrize("ending", ["blank lines, no final line break", "truncated"])
@pytest.mark.parametrize("part_mb", ["0", "1"])
def test_each_line_gets_its_own_person_and_conviction_cells(
    tmp_path: Path, ending: str, part_mb: str
) -> None:
    """Pass 2 puts each line beside the cells worked out for its row number (issue 17): with
    a header, blank lines, a rejected row and a last line without a line break or cut inside
    a quoted field, every result row still carries its own person's cells (the number of
    their convictions in condensed.csv) and its own conviction's (case number, date)."""
    lines = LA.read_bytes().rstrip(b"\n").split(b"\n")
    lines[40:40] = [b"", b"  "]
    end = b'"  -  "'  # the end mark (a placeholder); made a bad one, the row is rejected
    assert lines[300].endswith(end)
    lines[300] = lines[300].removesuffix(end) + b'"?"'
    text = b"\n".join(lines)
    if ending == "truncated":
        text += b"\n" + lines[-1][: lines[-1].index(b',"') + 4]  # inside a quoted field
    path = tmp_path / "la.csv"
    path.write_bytes(text)
    out = tmp_path / "out"
    assert ca_doj([path], out, "--raw-csv", "--part-mb", part_mb, county="LOS ANGELES") == 2
    condensed = read_csv(out / "condensed.csv")
    col = {name: k for k, name in enumerate(condensed[0])}
    convictions: dict[str, int] = {}
    count_cells: dict[tuple[str, str], tuple[str, str]] = {}
    for row in condensed[1:]:
        person = row[col["SUBJECT_ID"]]
        convictions[person] = convictions.get(person, 0) + 1
        key = (person, row[col["CNT_ORDER"]])
        count_cells[key] = (row[col["CASE_NUMBER"]], row[col["DATE_OF_CONVICTION"]])
    results = read_csv(out / "results-la.csv")
    added = {name: fmt.N_FIELDS + k for k, name in enumerate(pipeline.DETERMINATION_COLUMNS)}
    assert len(results) - 1 == summary(out)["rows_used"] == 2022 - 1
    checked = 0
    for row in results[1:]:
        person, count = row[C("SUBJECT_ID")].strip(), row[C("CNT_ORDER")].strip()
        on_record = row[added["CONVICTIONS_ON_RECORD"]]
        assert on_record == str(convictions.get(person, 0)) or not on_record
        if (person, count) in count_cells:
            cells = (row[added["CASE_NUMBER"]], row[added["DATE_OF_CONVICTION"]])
            assert cells == count_cells[person, count]
            checked += 1
    assert checked > 500
