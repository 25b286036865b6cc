"""The words of the statute language, read from the Lark grammar so that completion and the
editor grammar (``clearlaw.lsp.textmate``) cannot drift from the parser, and what each record
field means (docs/records.md; the words of ``clearlaw.questions.FIELD_QUESTIONS``)."""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping

import attrs

from clearlaw.check import COUNT_FIELDS, GLOBALS, REGISTRATION_FIELDS
from clearlaw.questions import FIELD_QUESTIONS
from clearlaw.syntax import _parser as statute_parser

__all__ = [
    "FIELDS",
    "REGISTRATION_WORDS",
    "WordTerminal",
    "keywords",
    "word_terminals",
]

#: A regex terminal that is a list of words, as the grammar writes it: ``(open|closed)\b``,
#: ``(year|month|day)s?\b``, ``other\b``.
_WORD_LIST = re.compile(r"\(?(?P<words>[a-z_]+(?:\|[a-z_]+)*)\)?(?P<plural>s\?)?\\b")


@attrs.frozen
class WordTerminal:
    """A named terminal of the grammar whose text is one of a few words (``LEVEL``: felony,
    misdemeanor, …); ``pattern``: its regular expression as the grammar has it."""

    name: str
    pattern: str
    words: tuple[str, ...]


@functools.cache
def keywords() -> tuple[str, ...]:
    """Every keyword of the grammar (its anonymous word terminals: ``rule``, ``when``, …)."""
    found = {
        t.pattern.value
        for t in statute_parser().terminals
        if t.pattern.type == "str" and re.fullmatch(r"[a-z_]+", t.pattern.value)
    }
    return tuple(sorted(found))


@functools.cache
def word_terminals() -> tuple[WordTerminal, ...]:
    """The grammar's named terminals that are lists of words (``TYPE``, ``LEVEL``, ``UNIT``…)."""
    out = []
    for t in statute_parser().terminals:
        match = _WORD_LIST.fullmatch(t.pattern.value) if t.pattern.type == "re" else None
        if match is None:
            continue
        words = match["words"].split("|")
        if match["plural"]:
            words += [w + "s" for w in words]
        out.append(WordTerminal(t.name, t.pattern.value, tuple(words)))
    return tuple(out)


#: The meaning of the fields the count ``COUNT_FIELDS`` and ``GLOBALS`` do not word.
_MORE_MEANINGS: Mapping[str, str] = {
    "id": "the count's id within its case",
    "description": "the charge as the court record words it",
    "case.id": "the case's id (docket or case number)",
    "person.id": "the person's id in the records file",
    "as_of": "the date the statute is applied on (`--as-of`)",
    "effective_date": "the date the statute took effect (its `effective` line)",
}

#: Every record field (and global) a statute may name: type and meaning.
FIELDS: Mapping[str, tuple[str, str]] = {
    name: (kind, FIELD_QUESTIONS.get(name) or _MORE_MEANINGS.get(name, name.replace("_", " ")))
    for name, kind in {**COUNT_FIELDS, **GLOBALS}.items()
}

#: The fields of a registration, inside ``registrations where …``.
REGISTRATION_WORDS: Mapping[str, tuple[str, str]] = {
    name: (kind, FIELD_QUESTIONS[f"registration {name}"])
    for name, kind in REGISTRATION_FIELDS.items()
}
