"""The HTTP API (``clearlaw serve``) through Starlette's TestClient: the same determinations,
rejections and messages as the CLI, JSON Lines in and out, the limits, errors as JSON, no
file named by a request, no record contents in the log."""

from __future__ import annotations

import json
import logging
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from clearlaw.cli import main
from clearlaw.documents.render import DOCUMENTS
from clearlaw.library import list_statutes
from clearlaw.service.app import NDJSON, create_app
from clearlaw.service.cli import is_loopback
from clearlaw.service.limits import Limits

with warnings.catch_warnings():  # Starlette 1.x: "install httpx2 instead"; httpx still works
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient


ROOT = Path(__file__).resolve().parent.parent
PEOPLE_FILE = ROOT / "examples" / "people.jsonl"
NY = list_statutes()["ny/clean-slate"]
NY_TEXT = NY.read_text(encoding="utf-8")
AS_OF = "2026-11-23"
PERSON: dict[str, Any] = {
    "id": "P1",
    "name": "Secret Name",
    "birth_date": "1990-04-02",
    "cases": [
        {
            "id": "C1",
            "jurisdiction": "US-NY",
            "status": "closed",
            "counts": [
                {
                    "id": "1",
                    "citation": "PL 155.25",
                    "level": "misdemeanor",
                    "disposition": "convicted",
                    "disposition_date": "2022-06-01",
                    "sentence": {
                        "imposed_date": "2022-06-01",
                        "incarcerated": False,
                        "supervised": False,
                    },
                }
            ],
        }
    ],
}


def people(n: int = 40) -> list[dict[str, Any]]:
    lines = PEOPLE_FILE.read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines[:n]]


@pytest.fixture(scope="module")
def client() -> Iterator[TestClient]:
    with TestClient(create_app()) as c:
        yield c


def cli_jsonl(tmp_path: Path, *args: str) -> list[dict[str, Any]]:
    out = tmp_path / "out.jsonl"
    assert main([*args, "--format", "jsonl", "-o", str(out)]) == 0
    return [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]


# --- statutes -------------------------------------------------------------------------------


def test_statutes_are_listed_and_described(client: TestClient) -> None:
    listed = client.get("/v1/statutes").json()
    assert {s["id"] for s in listed} == set(list_statutes())
    ny = client.get("/v1/statutes/ny/clean-slate").json()
    assert ny["jurisdiction"] == "US-NY"
    assert ny["text"] == NY_TEXT
    assert ny["tests"] == NY.with_suffix(".tests").read_text(encoding="utf-8")
    assert any("misdemeanor_wait" in p for p in ny["summary"]["waiting_periods"])


@pytest.mark.parametrize("ref", ["ny/clean-sate", "../../etc/passwd", str(NY)])
def test_an_unknown_id_or_a_path_is_404(client: TestClient, ref: str) -> None:
    answer = client.post("/v1/check", json={"statute": ref, "as_of": AS_OF, "people": []})
    assert answer.status_code == 404
    message = answer.json()["error"]["message"]
    assert message.startswith(f"{ref}: no statute with this id")
    if ref == "ny/clean-sate":
        assert "did you mean `ny/clean-slate`?" in message


def test_a_404_repeats_at_most_100_characters_of_the_id(client: TestClient) -> None:
    """An id 100,000 characters long is not echoed whole (nor compared with the library's)."""
    body = {"statute": "x" * 100_000, "as_of": AS_OF, "people": []}
    answer = client.post("/v1/check", json=body)
    assert answer.status_code == 404
    message = answer.json()["error"]["message"]
    assert message.startswith("x" * 100 + "…: no statute with this id")
    assert len(message) < 1_000


# --- check ----------------------------------------------------------------------------------


def test_check_answers_what_the_cli_writes(client: TestClient, tmp_path: Path) -> None:
    records = tmp_path / "people.jsonl"
    records.write_text("".join(json.dumps(p) + "\n" for p in people()), encoding="utf-8")
    expected = cli_jsonl(tmp_path, "check", "ny/clean-slate", str(records), "--as-of", AS_OF)
    answer = client.post(
        "/v1/check", json={"statute": "ny/clean-slate", "as_of": AS_OF, "people": people()}
    )
    assert answer.status_code == 200
    assert answer.json() == {"determinations": expected, "rejected": []}


def test_check_of_posted_text_with_its_library_tables(client: TestClient) -> None:
    by_id = client.post(
        "/v1/check", json={"statute": "ny/clean-slate", "as_of": AS_OF, "people": people()}
    )
    by_text = client.post(
        "/v1/check", json={"statute": NY_TEXT, "as_of": AS_OF, "people": people()}
    )
    assert by_text.json() == by_id.json()


def test_an_edited_waiting_period_changes_the_outcome(client: TestClient) -> None:
    def outcome(text: str) -> tuple[str, str]:
        body = {"statute": text, "as_of": AS_OF, "people": [PERSON]}
        (d,) = client.post("/v1/check", json=body).json()["determinations"]
        return d["outcome"], d["eligible_on"]

    assert outcome(NY_TEXT) == ("seal", "2025-06-01")
    assert outcome(NY_TEXT.replace("duration = 3 years", "duration = 5 years", 1)) == (
        "not_eligible",
        "2027-06-01",
    )


def test_rejected_people_are_named_by_place_id_and_field(client: TestClient) -> None:
    bad = {**PERSON, "id": "P2", "birth_date": "1990-02-30"}
    body = {"statute": "ny/clean-slate", "as_of": AS_OF, "people": [PERSON, bad, PERSON]}
    answer = client.post("/v1/check", json=body).json()
    assert len(answer["determinations"]) == 1
    first, second = answer["rejected"]
    assert (first["line"], first["person"]) == (2, "P2")
    assert first["problems"][0]["field"] == "birth_date"
    assert first["message"].startswith("<request>:2: person P2: birth_date: ")
    assert second["problems"][0]["message"] == "duplicate person id (first on line 1)"
    assert "Secret" not in json.dumps(answer["rejected"])


def test_json_lines_in_and_out(client: TestClient, tmp_path: Path) -> None:
    header = {"statute": "ny/clean-slate", "as_of": AS_OF}
    lines = [json.dumps(header), *(json.dumps(p) for p in people()), "{not json", ""]
    answer = client.post("/v1/check", content="\n".join(lines), headers={"Content-Type": NDJSON})
    assert answer.status_code == 200
    assert answer.headers["content-type"].startswith(NDJSON)
    out = [json.loads(line) for line in answer.text.splitlines()]
    expected = client.post("/v1/check", json={**header, "people": people()}).json()
    assert [o for o in out if "schema" in o] == expected["determinations"]
    (rejected,) = [o["rejected"] for o in out if "rejected" in o]
    assert rejected["line"] == len(people()) + 2
    assert rejected["problems"][0]["message"].startswith("invalid JSON: ")
    assert out[-1] == {
        "done": {
            "people": len(people()) + 1,
            "determinations": len(expected["determinations"]),
            "rejected": 1,
        }
    }


def test_json_lines_reject_a_line_as_the_records_reader_does(client: TestClient) -> None:
    """A line that is not UTF-8 gets the reader's message (it was decoded with
    replacement characters and called invalid JSON)."""
    header = json.dumps({"statute": "ny/clean-slate", "as_of": AS_OF}).encode()
    body = b"\n".join([header, json.dumps(PERSON).encode(), b'{"id": "P\xff"}', b""])
    answer = client.post("/v1/check", content=body, headers={"Content-Type": NDJSON})
    out = [json.loads(line) for line in answer.text.splitlines()]
    (rejected,) = [o["rejected"] for o in out if "rejected" in o]
    assert rejected["message"] == "<request>:3: not UTF-8 text (byte 0xff, column 10)"
    assert out[-1] == {"done": {"people": 2, "determinations": 1, "rejected": 1}}


def test_json_lines_with_a_bad_first_line_is_a_plain_error(client: TestClient) -> None:
    answer = client.post("/v1/check", content="[1]\n", headers={"Content-Type": NDJSON})
    assert answer.status_code == 400
    assert answer.headers["content-type"] == "application/json"
    unknown = json.dumps({"statute": "xx/none", "as_of": AS_OF}) + "\n"
    assert (
        client.post("/v1/check", content=unknown, headers={"Content-Type": NDJSON}).status_code
        == 404
    )


# --- errors ---------------------------------------------------------------------------------


def test_errors_are_json_with_the_cli_s_messages(client: TestClient) -> None:
    bad_date = client.post("/v1/check", json={"statute": "ny/clean-slate", "as_of": "2026-02-30"})
    assert bad_date.status_code == 400
    assert bad_date.json() == {
        "error": {"message": "as_of: not a date (expected YYYY-MM-DD): '2026-02-30'"}
    }
    not_json = client.post("/v1/check", content="{", headers={"Content-Type": "application/json"})
    assert not_json.status_code == 400
    assert not_json.json()["error"]["message"].startswith("the body is not JSON")
    missing = client.post("/v1/explain", json={"statute": "ny/clean-slate"})
    assert missing.status_code == 400
    assert "as_of: Field required" in missing.json()["error"]["message"]
    reading = client.post(
        "/v1/check",
        json={"statute": "ny/clean-slate", "as_of": AS_OF, "readings": {"nope": "x"}},
    )
    assert reading.status_code == 400
    assert "nope" in reading.json()["error"]["message"]


def test_a_text_that_does_not_check_is_422_with_diagnostics(client: TestClient) -> None:
    broken = NY_TEXT.replace("duration = 3 years", "duration = 3 yaers", 1)
    line = NY_TEXT[: NY_TEXT.index("duration = 3 years")].count("\n") + 1
    answer = client.post("/v1/check", json={"statute": broken, "as_of": AS_OF, "people": []})
    assert answer.status_code == 422
    error = answer.json()["error"]
    (d,) = error["diagnostics"]
    assert (d["file"], d["line"], d["message"], d["hint"]) == (
        "<statute>",
        line,
        "unexpected `yaers`",
        "did you mean `years`?",
    )
    assert error["message"].startswith(f"<statute>:{line}:")


def test_a_posted_text_reads_no_file(
    client: TestClient, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "tables").mkdir()
    (tmp_path / "tables" / "ny-168a-2-sex-offenses.csv").write_text("citation\nX\n")
    monkeypatch.chdir(tmp_path)
    foreign = NY_TEXT.replace("id ny/clean-slate", "id zz/elsewhere", 1)
    answer = client.post("/v1/lint", json={"statute": foreign}).json()
    assert not answer["ok"]
    messages = {d["message"] for d in answer["diagnostics"]}
    assert (
        "table 'tables/ny-168a-2-sex-offenses.csv': reading files is turned off for this text"
        in messages
    )
    amendment = 'amendment "x"\n  id zz/x\n  amends tables/ny-168a-2-sex-offenses\n'
    answer = client.post("/v1/lint", json={"statute": amendment}).json()
    assert (
        answer["diagnostics"][0]["message"] == "no statute `tables/ny-168a-2-sex-offenses` to amend"
    )


# --- limits ---------------------------------------------------------------------------------


def test_limits_body_people_and_time() -> None:
    with TestClient(create_app(Limits(max_body_bytes=2000, max_people=2))) as small:
        big = small.post("/v1/lint", json={"statute": "x" * 3000})
        assert big.status_code == 413
        assert (
            big.json()["error"]["message"]
            == "the request body is larger than 2,000 bytes (the limit)"
        )
        chunked = small.post(  # no Content-Length: counted as it is read
            "/v1/lint",
            content=iter([b'{"statute": "', b"x" * 1500, b"x" * 1500, b'"}']),
            headers={"Content-Type": "application/json"},
        )
        assert chunked.status_code == 413
        assert chunked.json() == big.json()
        body = {"statute": "ny/clean-slate", "as_of": AS_OF, "people": [{}, {}, {}]}
        many = small.post("/v1/check", json=body)
        assert many.status_code == 413
        assert many.json()["error"]["message"] == "3 people in one request; the limit is 2"
        lines = "\n".join(
            [json.dumps({"statute": "ny/clean-slate", "as_of": AS_OF}), "{}", "{}", "{}"]
        )
        streamed = small.post("/v1/check", content=lines, headers={"Content-Type": NDJSON})
        assert json.loads(streamed.text.splitlines()[-1]) == {
            "error": {"message": "3 people in one request; the limit is 2"}
        }
    with TestClient(create_app(Limits(timeout_seconds=1e-9))) as hurried:
        body = {"statute": "ny/clean-slate", "as_of": AS_OF, "people": people(5)}
        late = hurried.post("/v1/check", json=body)
        assert late.status_code == 504
        assert (
            late.json()["error"]["message"]
            == "the request took longer than 1e-09 s (the time limit)"
        )


# --- explain, lint, test, diff, documents ---------------------------------------------------


def test_explain_gives_the_tree_with_citations(client: TestClient) -> None:
    body = {"statute": "ny/clean-slate", "as_of": AS_OF, "person": PERSON}
    answer = client.post("/v1/explain", json=body).json()
    (d,) = answer["determinations"]
    assert d["explanation"]["label"].startswith("C1/1 PL 155.25 under ny/clean-slate")
    first = answer["text"].splitlines()[0]
    assert first.startswith("C1/1: seal — ") and "(§ CPL 160.57(1)(b)(i))" in first
    elsewhere = {**PERSON, "cases": [{**PERSON["cases"][0], "jurisdiction": "US-PA"}]}
    none = client.post("/v1/explain", json={**body, "person": elsewhere}).json()
    assert none["text"] == "ny/clean-slate decides none of person P1's counts"
    rejected = client.post("/v1/explain", json={**body, "person": {"id": "P9", "cases": 3}})
    assert rejected.status_code == 400
    assert rejected.json()["error"]["message"].startswith(
        "person was rejected:\n<request>:1: person P9: cases"
    )


def test_lint_of_a_statute_and_its_tests(client: TestClient) -> None:
    tests = NY.with_suffix(".tests").read_text(encoding="utf-8")
    assert client.post("/v1/lint", json={"statute": NY_TEXT, "tests": tests}).json() == {
        "ok": True,
        "diagnostics": [],
    }
    broken_tests = tests.replace("as of ", "as off ", 1)
    answer = client.post("/v1/lint", json={"statute": NY_TEXT, "tests": broken_tests}).json()
    assert not answer["ok"]
    assert answer["diagnostics"][0]["file"] == "<tests>"


def test_scenario_tests_pass_and_fail(client: TestClient) -> None:
    tests = NY.with_suffix(".tests").read_text(encoding="utf-8")
    passing = client.post("/v1/test", json={"statute": "ny/clean-slate", "tests": tests}).json()
    assert passing["failed"] == 0 and passing["passed"] > 10
    edited = NY_TEXT.replace("duration = 3 years", "duration = 5 years", 1)
    failing = client.post("/v1/test", json={"statute": edited, "tests": tests}).json()
    assert failing["failed"] > 0
    failure = next(r for r in failing["results"] if not r["ok"])
    assert failure["message"].startswith("expected ")


def test_diff_on_posted_people_matches_the_cli(client: TestClient, tmp_path: Path) -> None:
    amended = NY_TEXT.replace("duration = 3 years", "duration = 2 years", 1)
    (tmp_path / "amended.law").write_text(amended, encoding="utf-8")
    (tmp_path / "tables").symlink_to(NY.parent / "tables")
    records = tmp_path / "people.jsonl"
    records.write_text("".join(json.dumps(p) + "\n" for p in people()), encoding="utf-8")
    args = ("diff", "ny/clean-slate", str(tmp_path / "amended.law"), str(records), "--as-of", AS_OF)
    expected = cli_jsonl(tmp_path, *args)
    body = {"base": "ny/clean-slate", "amended": amended, "as_of": AS_OF, "people": people()}
    answer = client.post("/v1/diff", json=body).json()
    assert answer["changes"] == expected and expected
    assert answer["people"] == len(people())


def test_diff_of_an_amendment_on_a_synthetic_population(client: TestClient) -> None:
    bill = (
        'amendment "two years"\n  id zz/two\n  amends ny/clean-slate\n\n'
        "parameter misdemeanor_wait = 2 years    § Draft 1\n"
    )
    body = {"base": "ny/clean-slate", "amended": bill, "as_of": AS_OF, "population": {"size": 50}}
    answer = client.post("/v1/diff", json=body).json()
    assert answer["people"] == 50
    assert answer["by_kind"]["earlier"] > 0  # two years, not three: earlier for some
    neither = client.post("/v1/diff", json={**body, "population": None})
    assert neither.status_code == 400


CA_PERSON: dict[str, Any] = {
    "id": "T1",
    "name": "Test Person One",
    "birth_date": "1980-01-01",
    "cases": [
        {
            "id": "SAC-12-001",
            "jurisdiction": "US-CA",
            "county": "SACRAMENTO",
            "status": "closed",
            "counts": [
                {
                    "id": "1",
                    "citation": "HS 11357(b)",
                    "level": "misdemeanor",
                    "offense_date": "2012-03-01",
                    "disposition": "convicted",
                    "disposition_date": "2012-06-01",
                    "sentence": {"imposed_date": "2012-06-01", "completion_date": "2013-01-01"},
                    "facts": {"flower_grams": 10},
                }
            ],
        }
    ],
}


def cli_document(tmp_path: Path, statute: str, who: list[dict[str, Any]], *args: str) -> str:
    """The one file ``clearlaw documents`` writes for ``who`` (HTML), as text."""
    records = tmp_path / "who.jsonl"
    records.write_text("".join(json.dumps(p) + "\n" for p in who), encoding="utf-8")
    out = tmp_path / "out"
    assert (
        main(["documents", statute, str(records), "--as-of", AS_OF, "--output", str(out), *args])
        == 0
    )
    (written,) = out.glob("*.html")
    return written.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("kind", "lang", "words"),
    [
        ("notice", "en", ["Record number: P1", "This conviction will be sealed."]),
        ("notice", "es", ["Número de registro: P1", "Esta condena será sellada."]),
        ("report", "en", ["CPL 160.57(1)(b)(i)", "PL 155.25", "C1"]),
    ],
)
def test_a_notice_or_report_is_what_the_cli_writes(
    client: TestClient, tmp_path: Path, kind: str, lang: str, words: list[str]
) -> None:
    body = {"statute": "ny/clean-slate", "as_of": AS_OF, "person": PERSON, "kind": kind}
    html = client.post("/v1/documents", json={**body, "lang": lang})
    assert html.status_code == 200 and html.headers["content-type"].startswith("text/html")
    assert html.text == cli_document(
        tmp_path, "ny/clean-slate", [PERSON], "--kind", kind, "--lang", lang
    )
    for word in words:
        assert word in html.text
    pdf = client.post("/v1/documents", json={**body, "format": "pdf"})
    assert pdf.headers["content-type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    docx = client.post("/v1/documents", json={**body, "format": "docx"})
    assert docx.content.startswith(b"PK")


def test_a_motion_for_a_court_case(client: TestClient, tmp_path: Path) -> None:
    body = {"statute": "ca/prop64", "as_of": AS_OF, "person": CA_PERSON, "kind": "motion"}
    html = client.post("/v1/documents", json=body)
    assert html.status_code == 200
    assert html.text == cli_document(tmp_path, "ca/prop64", [CA_PERSON], "--kind", "motion")
    assert "11361.8" in html.text and "[X] Dismiss and seal" in html.text
    assert "SAC-12-001" in html.text and "[X] (b)" in html.text
    pdf = client.post("/v1/documents", json={**body, "format": "pdf"})
    assert pdf.headers["content-type"] == "application/pdf" and pdf.content.startswith(b"%PDF")


def test_a_motion_names_its_case_when_there_are_several(client: TestClient) -> None:
    (case,) = CA_PERSON["cases"]
    two = {**CA_PERSON, "cases": [case, {**case, "id": "SAC-14-002"}]}
    body = {"statute": "ca/prop64", "as_of": AS_OF, "person": two, "kind": "motion"}
    unnamed = client.post("/v1/documents", json=body)
    assert unnamed.status_code == 400
    assert unnamed.json()["error"]["message"] == (
        "person T1 has 2 court cases ca/prop64 decides (SAC-12-001, SAC-14-002): name one in `case`"
    )
    named = client.post("/v1/documents", json={**body, "case": "SAC-14-002"})
    assert named.status_code == 200 and "SAC-14-002" in named.text
    assert "SAC-12-001" not in named.text
    unknown = client.post("/v1/documents", json={**body, "case": "SAC-99"})
    assert unknown.json()["error"]["message"].startswith("person T1: no case SAC-99 with a count")


def test_a_motion_where_no_relief_is_asked_needs_all_cases(client: TestClient) -> None:
    (case,) = CA_PERSON["cases"]
    (count,) = case["counts"]
    undated = {k: v for k, v in count.items() if k != "offense_date"}  # needs review
    person = {**CA_PERSON, "cases": [{**case, "counts": [undated]}]}
    body = {"statute": "ca/prop64", "as_of": AS_OF, "person": person, "kind": "motion"}
    refused = client.post("/v1/documents", json=body)
    assert refused.status_code == 400
    assert refused.json()["error"]["message"] == (
        "T1/SAC-12-001: no relief is asked for any of its counts, so no motion "
        "(`all_cases: true` makes it anyway, as --all-cases does)"
    )
    anyway = client.post("/v1/documents", json={**body, "all_cases": True})
    assert anyway.status_code == 200 and "SAC-12-001" in anyway.text


def test_no_motion_where_the_jurisdiction_has_no_template(client: TestClient) -> None:
    body = {"statute": "ny/clean-slate", "as_of": AS_OF, "person": PERSON, "kind": "motion"}
    answer = client.post("/v1/documents", json=body)
    assert answer.status_code == 400
    assert answer.json()["error"]["message"] == (
        "motion: no html template for document `motion` in language `en` effective on or "
        "before 2026-11-23 (looked in US-NY, default of clearlaw's templates)"
    )


def test_a_summary_of_people(client: TestClient, tmp_path: Path) -> None:
    body = {"statute": "ny/clean-slate", "as_of": AS_OF, "people": people(), "kind": "summary"}
    html = client.post("/v1/documents", json=body)
    assert html.status_code == 200
    assert html.text == cli_document(tmp_path, "ny/clean-slate", people(), "--kind", "summary")
    assert "<svg" in html.text
    bad = client.post("/v1/documents", json={**body, "people": [PERSON, {"id": "P9", "cases": 3}]})
    assert bad.status_code == 400
    assert bad.json()["error"]["message"] == (
        "1 of the people were rejected:\n<request>:2: person P9: cases: expected an array, got "
        "number 3"
    )


def test_documents_take_the_right_people(client: TestClient) -> None:
    base = {"statute": "ny/clean-slate", "as_of": AS_OF}
    summary = client.post("/v1/documents", json={**base, "kind": "summary", "person": PERSON})
    assert summary.status_code == 400
    assert (
        summary.json()["error"]["message"] == "documents: a summary takes `people` (not `person`)"
    )
    notice = client.post("/v1/documents", json={**base, "people": [PERSON]})
    assert notice.json()["error"]["message"] == "documents: a notice takes `person` (not `people`)"
    elsewhere = {**PERSON, "cases": [{**PERSON["cases"][0], "jurisdiction": "US-PA"}]}
    none = client.post("/v1/documents", json={**base, "person": elsewhere})
    assert none.status_code == 400
    assert none.json()["error"]["message"] == (
        "ny/clean-slate decides none of person P1's counts: no notice"
    )
    with TestClient(create_app(Limits(max_people=2))) as small:
        many = {**base, "kind": "summary", "people": [PERSON] * 3}
        assert small.post("/v1/documents", json=many).status_code == 413


# --- docs, log, serve -----------------------------------------------------------------------


def test_openapi_and_its_page_need_no_cdn(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    assert {"/v1/check", "/v1/lint", "/v1/test", "/v1/diff", "/v1/explain"} <= set(spec["paths"])
    check = spec["paths"]["/v1/check"]["post"]["requestBody"]["content"]
    assert set(check) == {"application/json", NDJSON}
    kinds = spec["components"]["schemas"]["DocumentRequest"]["properties"]["kind"]["enum"]
    assert tuple(kinds) == DOCUMENTS  # every kind `clearlaw documents --kind` offers
    page = client.get("/docs").text
    assert "POST /v1/check" in page
    assert 'src="http' not in page and 'href="http' not in page
    playground = client.get("/").text
    assert 'src="http' not in playground and 'href="http' not in playground
    assert client.get("/static/highlight.js").status_code == 200
    nowhere = client.get("/v1/nowhere")
    assert nowhere.status_code == 404 and nowhere.json() == {"error": {"message": "Not Found"}}


def test_the_log_holds_no_record_contents(
    client: TestClient, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.INFO, logger="clearlaw.service"):
        body = {"statute": "ny/clean-slate", "as_of": AS_OF, "people": [PERSON]}
        client.post("/v1/check", json=body)
    (line,) = [r.getMessage() for r in caplog.records if r.name == "clearlaw.service"]
    assert line.startswith("POST /v1/check 200 ")
    assert line.endswith(" people=1 determinations=1 rejected=0")
    assert "Secret" not in caplog.text and "1990" not in caplog.text


def test_serve_binds_to_this_machine_unless_told(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import uvicorn

    calls: list[dict[str, Any]] = []
    monkeypatch.setattr(uvicorn, "run", lambda app, **kw: calls.append(kw))
    assert main(["serve"]) == 0
    assert calls[-1]["host"] == "127.0.0.1" and calls[-1]["port"] == 8000
    assert capsys.readouterr().err == ""
    assert main(["serve", "--host", "0.0.0.0", "--port", "9000"]) == 0
    assert "listening on 0.0.0.0, not only this machine" in capsys.readouterr().err
    assert main(["serve", "--max-people", "0"]) == 2
    assert is_loopback("::1") and is_loopback("localhost") and not is_loopback("example.org")


def test_json_lines_over_a_real_connection_in_chunks() -> None:
    """uvicorn in a subprocess, the body sent a few lines at a time: the answer streams
    while the request is still being read (Starlette's own streaming response would take
    the body's messages away, and the request would hang)."""
    import httpx

    from tests.service_server import served

    header = json.dumps({"statute": "ny/clean-slate", "as_of": AS_OF})
    lines = [header, *(json.dumps(p) for p in people()), json.dumps(people(1)[0])]

    def chunks() -> Iterator[bytes]:
        for start in range(0, len(lines), 7):
            yield ("\n".join(lines[start : start + 7]) + "\n").encode()

    with served() as url:
        answer = httpx.post(
            f"{url}/v1/check", content=chunks(), headers={"Content-Type": NDJSON}, timeout=60
        )
    out = [json.loads(line) for line in answer.text.splitlines()]
    assert out[-1]["done"]["people"] == len(people()) + 1
    (rejected,) = [o["rejected"] for o in out if "rejected" in o]  # a person id seen in a
    assert rejected["line"] == len(lines)  # chunk before: each chunk had its own ids
    assert rejected["problems"][0]["message"] == "duplicate person id (first on line 2)"


def test_a_body_still_arriving_at_the_time_limit_is_504() -> None:
    """A client sending slowly holds a request no longer than the time limit."""
    import anyio

    app = create_app(Limits(timeout_seconds=0.2))
    sent: list[dict[str, Any]] = []
    first = {"type": "http.request", "body": b'{"statute": "', "more_body": True}

    async def receive() -> dict[str, Any]:
        if first.get("sent"):
            await anyio.sleep_forever()
        first["sent"] = True
        return {k: v for k, v in first.items() if k != "sent"}

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    scope = {
        "type": "http",
        "http_version": "1.1",
        "method": "POST",
        "path": "/v1/lint",
        "raw_path": b"/v1/lint",
        "query_string": b"",
        "root_path": "",
        "scheme": "http",
        "server": ("127.0.0.1", 8000),
        "client": ("127.0.0.1", 1),
        "headers": [(b"content-type", b"application/json")],
    }

    async def run() -> None:
        with anyio.fail_after(10):  # without the limit, the request would wait for ever
            await app(scope, receive, send)

    anyio.run(run)
    assert sent[0]["status"] == 504
    assert json.loads(sent[1]["body"]) == {
        "error": {"message": "the request took longer than 0.2 s (the time limit)"}
    }


def test_a_bug_is_a_json_500_and_its_message_stays_out_of_the_log(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    from clearlaw.service import operations

    def broken(*args: object, **kwargs: object) -> None:
        raise ValueError("Secret Name 1990-04-02")

    monkeypatch.setattr(operations, "check", broken)
    with (
        TestClient(create_app(), raise_server_exceptions=False) as c,
        caplog.at_level(logging.INFO, logger="clearlaw.service"),
    ):
        body = {"statute": "ny/clean-slate", "as_of": AS_OF, "people": [PERSON]}
        answer = c.post("/v1/check", json=body)
        header = json.dumps({"statute": "ny/clean-slate", "as_of": AS_OF})
        lines = "\n".join([header, json.dumps(PERSON)])
        streamed = c.post("/v1/check", content=lines, headers={"Content-Type": NDJSON})
    assert answer.status_code == 500
    internal = "internal error: a bug in clearlaw (the server's log says where)"
    assert answer.json() == {"error": {"message": internal}}
    assert json.loads(streamed.text.splitlines()[-1]) == {"error": {"message": internal}}
    logged = [r.getMessage() for r in caplog.records if r.name == "clearlaw.service"]
    assert logged[0].startswith("POST /v1/check 500 ")
    assert " error=ValueError@test_service.py:" in logged[0]
    assert "Secret" not in caplog.text and "1990" not in caplog.text


def test_the_service_imports_no_dev_only_package() -> None:
    """Every module of ``clearlaw.service`` imports with httpx and playwright absent (the
    test helper that needs httpx lives in tests/)."""
    import subprocess
    import sys

    code = (
        "import sys, pkgutil, importlib; sys.modules['httpx'] = None; "
        "sys.modules['playwright'] = None; import clearlaw.service as s; "
        "[importlib.import_module(m.name) for m in pkgutil.walk_packages(s.__path__, s.__name__ + '.')]"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
