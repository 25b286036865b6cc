"""The request and response shapes of the ``/v1`` API (pydantic models: FastAPI checks
requests against them and builds the OpenAPI document from them).

People are objects in the records' JSON shape (docs/records.md) and determinations are the
objects ``clearlaw check --format jsonl`` writes: both are checked by the library's own
reader and writer (``clearlaw.io.jsonl``, ``clearlaw.io.determinations``), not here, so
that every face accepts and answers the same thing.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidatorFunctionWrapHandler, WrapValidator

__all__ = [
    "CheckRequest",
    "CheckResponse",
    "DiagnosticOut",
    "DiffRequest",
    "DiffResponse",
    "DocumentRequest",
    "ErrorResponse",
    "ExplainRequest",
    "ExplainResponse",
    "LintRequest",
    "LintResponse",
    "Population",
    "RejectionOut",
    "StatuteDetail",
    "StatuteInfo",
    "TestRequest",
    "TestResponse",
]


def _as_decoded(value: object, handler: ValidatorFunctionWrapHandler) -> object:
    handler(value)  # an object, or pydantic's 400
    return value  # not pydantic's copy: the decoded object remembers keys given twice


#: A person: any JSON object, kept as the body's decoder made it, so that the records reader
#: (``clearlaw.io.jsonl.read_decoded``) sees the keys given more than once and rejects them.
Person = Annotated[dict[str, Any], WrapValidator(_as_decoded)]
STATUTE = (
    "a library id (`ny/clean-slate`, GET /v1/statutes) or the text of a statute, amendment "
    "or policy; a posted text reads no file (its tables only from the folder of the library "
    "statute whose `id` it declares)"
)
AS_OF = "the date to decide as of, YYYY-MM-DD"
READINGS = "contested readings chosen: name → alternative (`clearlaw describe` lists them)"


class _Request(BaseModel):
    model_config = ConfigDict(extra="forbid")


class CheckRequest(_Request):
    """``POST /v1/check`` (as JSON; as JSON Lines, this object is the first line, without
    ``people``, and each further line is one person)."""

    statute: str = Field(description=STATUTE)
    as_of: str = Field(description=AS_OF, examples=["2026-11-23"])
    people: list[Person] = Field(default_factory=list, description="records (docs/records.md)")
    readings: dict[str, str] | None = Field(default=None, description=READINGS)
    explain: bool = Field(default=False, description="add each count's explanation tree")
    decided_only: bool = Field(
        default=False, description="leave out the counts the statute does not decide"
    )


class RejectionOut(BaseModel):
    """A person not evaluated, and why (ids and field names only, as the CLI says it)."""

    line: int = Field(description="the person's place in `people` (1 = first) or line")
    person: str | None
    problems: list[dict[str, str]]
    message: str


class CheckResponse(BaseModel):
    """Every decided count of every person, and the people rejected."""

    determinations: list[dict[str, Any]]
    rejected: list[RejectionOut]


class ExplainRequest(_Request):
    """``POST /v1/explain``: one person, each count with its explanation tree."""

    statute: str = Field(description=STATUTE)
    as_of: str = Field(description=AS_OF)
    person: Person
    readings: dict[str, str] | None = Field(default=None, description=READINGS)


class ExplainResponse(BaseModel):
    """The determinations with their explanation trees, and the CLI's text rendering."""

    determinations: list[dict[str, Any]]
    text: str


class DiagnosticOut(BaseModel):
    """One problem the checker found, at ``line``:``column`` of ``file``."""

    file: str
    line: int
    column: int
    end_line: int
    end_column: int
    message: str
    hint: str | None
    severity: str


class LintRequest(_Request):
    """``POST /v1/lint``: a statute text (and, optionally, its scenario tests)."""

    statute: str = Field(description="the text of a statute, amendment or policy")
    tests: str | None = Field(default=None, description="the text of its `.tests` file")


class LintResponse(BaseModel):
    """Errors and warnings, in file order; ``ok`` when there is no error."""

    ok: bool
    diagnostics: list[DiagnosticOut]


class TestRequest(_Request):
    """``POST /v1/test``: run scenario tests against a statute."""

    statute: str = Field(description=STATUTE)
    tests: str = Field(description="the text of a `.tests` file")
    readings: dict[str, str] | None = Field(default=None, description=READINGS)


class TestResponse(BaseModel):
    """Each expectation and whether it held; tests that could not run are failures."""

    passed: int
    failed: int
    results: list[dict[str, Any]]


class Population(_Request):
    """Synthetic people of the base statute's jurisdiction (``clearlaw population``)."""

    size: int = Field(default=300, ge=1, description="how many people")
    seed: int = Field(default=1, description="the random seed")


class DiffRequest(_Request):
    """``POST /v1/diff``: what ``amended`` changes against ``base`` on posted or synthetic
    people."""

    base: str = Field(description=STATUTE)
    amended: str = Field(
        description=STATUTE + "; an amendment text amends the library statute it names"
    )
    as_of: str = Field(description=AS_OF)
    people: list[Person] | None = Field(default=None, description="records, or `population`")
    population: Population | None = None


class DiffResponse(BaseModel):
    """Counts per kind of change, rule and level, and every changed count."""

    base: str
    amended: str
    as_of: str
    people: int
    counts: int
    by_kind: dict[str, int]
    by_rule: dict[str, int]
    by_level: dict[str, int]
    people_newly_cleared: int
    people_newly_excluded: int
    changes: list[dict[str, Any]]
    rejected: list[RejectionOut]


class DocumentRequest(_Request):
    """``POST /v1/documents``: what ``clearlaw documents --kind KIND`` makes, one document:
    a notice or report for one ``person``, a motion for one of the person's court cases
    (where the jurisdiction has a motion template: California), or a summary of ``people``."""

    statute: str = Field(description=STATUTE)
    as_of: str = Field(description=AS_OF)
    kind: Literal["notice", "report", "motion", "summary"] = "notice"
    person: Person | None = Field(default=None, description="notice, report, motion: the person")
    people: list[Person] | None = Field(default=None, description="summary: the people")
    case: str | None = Field(
        default=None,
        description="motion: the court case's id (needed when the statute decides counts of "
        "more than one of the person's cases)",
    )
    all_cases: bool = Field(
        default=False,
        description="motion: make it even if no relief is asked for the case (--all-cases)",
    )
    lang: Literal["en", "es"] = "en"
    format: Literal["html", "pdf", "docx"] = "html"


class StatuteInfo(BaseModel):
    """One statute of the library."""

    id: str
    title: str
    jurisdiction: str | None
    citations: list[str]
    effective: list[str]


class StatuteDetail(StatuteInfo):
    """A statute's summary (``clearlaw describe``), its text and its scenario tests."""

    summary: dict[str, Any]
    readings: list[dict[str, Any]]
    text: str
    tests: str | None


class ErrorResponse(BaseModel):
    """``{"error": {"message": …, "diagnostics"?: […]}}``."""

    error: dict[str, Any]
