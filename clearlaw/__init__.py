"""clearlaw: clean-slate statutes as readable, checked, executable code.

import clearlaw
statute = clearlaw.load("ny/clean-slate")
records = clearlaw.read_records("people.jsonl")
for person in records.people:
    for d in clearlaw.evaluate(statute, person, as_of=datetime.date(2026, 11, 23)):
        print(d.count, d.outcome, d.eligible_on)
"""

from clearlaw.citations import Citation, CitationError, parse_citation
from clearlaw.dates import DateConvention, Duration
from clearlaw.diagnostics import Diagnostic, StatuteError
from clearlaw.evaluate import (
    NEEDS_REVIEW,
    Determination,
    EligibleOn,
    Statute,
    evaluate,
    evaluate_many,
)
from clearlaw.explain import JSON_SCHEMA_VERSION, Explanation, render_text
from clearlaw.frames import SkippedPeopleWarning, evaluate_frame
from clearlaw.io import ReadResult, RecordsError, Rejection, read_records
from clearlaw.jurisdictions import normalize_jurisdiction
from clearlaw.library import list_statutes, load, parse
from clearlaw.questions import Question, questions
from clearlaw.records import (
    Case,
    CaseStatus,
    Count,
    Disposition,
    Financial,
    Level,
    Person,
    Registration,
    Sentence,
)
from clearlaw.scope import OUT_OF_SCOPE, RecordError, count_warnings, fact_problems

__version__ = "0.1.0"

__all__ = [
    "JSON_SCHEMA_VERSION",
    "NEEDS_REVIEW",
    "OUT_OF_SCOPE",
    "Case",
    "CaseStatus",
    "Citation",
    "CitationError",
    "Count",
    "DateConvention",
    "Determination",
    "Diagnostic",
    "Disposition",
    "Duration",
    "EligibleOn",
    "Explanation",
    "Financial",
    "Level",
    "Person",
    "Question",
    "ReadResult",
    "RecordError",
    "RecordsError",
    "Registration",
    "Rejection",
    "Sentence",
    "SkippedPeopleWarning",
    "Statute",
    "StatuteError",
    "count_warnings",
    "evaluate",
    "evaluate_frame",
    "evaluate_many",
    "fact_problems",
    "list_statutes",
    "load",
    "normalize_jurisdiction",
    "parse",
    "parse_citation",
    "questions",
    "read_records",
    "render_text",
]
