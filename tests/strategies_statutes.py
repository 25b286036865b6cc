"""Hypothesis strategies for statute and policy texts an adversary might write: the
library's statutes damaged at random (``damaged_library_text``), and policy overrides of
every library statute's parameters and sets (``policy_override``).  Used by the bounded
tests (tests/test_parser_limits.py, tests/test_policy.py) and the longer run
(benchmarks/fuzz_statutes.py)."""

from __future__ import annotations

from hypothesis import strategies as st

import clearlaw
from clearlaw.library import list_statutes
from clearlaw.policy import is_policy_text

LIBRARY = {sid: path.read_text(encoding="utf-8") for sid, path in list_statutes().items()}

_PIECES = [
    "(",
    ")",
    "not ",
    " and ",
    " or ",
    "when ",
    "\n",
    '"',
    "§ ",
    "9" * 40,
    "0.5",
    "years",
    "-",
    "=",
    "#",
    'rule x "x"\n',
    "define d = ",
    "parameter p: number = 1\n",
    'exception e "e"\n',
    'set s = "HS 1"\n',
    "\t",
    "\x00",
    "é",
]


@st.composite
def damaged_library_text(draw: st.DrawFn) -> tuple[str, str]:
    sid = draw(st.sampled_from(sorted(LIBRARY)))
    text = LIBRARY[sid]
    for _ in range(draw(st.integers(1, 4))):
        at = draw(st.integers(0, len(text)))
        kind = draw(st.sampled_from(["delete", "insert", "duplicate", "swap-lines"]))
        if kind == "delete":
            text = text[:at] + text[at + draw(st.integers(1, 200)) :]
        elif kind == "insert":
            piece = draw(st.sampled_from(_PIECES)) * draw(st.integers(1, 3))
            text = text[:at] + piece + text[at:]
        elif kind == "duplicate":
            text = text[:at] + text[at : at + draw(st.integers(1, 400))] + text[at:]
        else:
            lines = text.splitlines(keepends=True)
            i, j = draw(st.integers(0, len(lines) - 1)), draw(st.integers(0, len(lines) - 1))
            lines[i], lines[j] = lines[j], lines[i]
            text = "".join(lines)
    return sid, text


#: Values a policy might give a parameter: literals of every type, names, record fields.
_VALUES = [
    "true",
    "false",
    "0",
    "1",
    "65",
    "0 days",
    "1 days",
    "100 years",
    "1 years + 1 days",
    "2020-01-01",
    '"X"',
    "as_of",
    "level",
    "facts.zzz",
    "if true then 1 else 2",
]
_SET_VALUES = ['"HS 11357(a)"', '"PL 220", "HS 1"', '"X 1-9"', '""']


def _overridable() -> dict[str, tuple[list[str], list[str]]]:
    out = {}
    for sid, text in LIBRARY.items():
        if is_policy_text(text):
            continue
        node = clearlaw.load(sid).node
        if node.parameters:
            out[sid] = ([p.name for p in node.parameters], [s.name for s in node.sets])
    return out


_OVERRIDABLE = _overridable()


@st.composite
def policy_override(draw: st.DrawFn) -> tuple[str, str]:
    """(statute id, one `parameter …` or `set …` line of a policy amending it)."""
    sid = draw(st.sampled_from(sorted(_OVERRIDABLE)))
    names, sets = _OVERRIDABLE[sid]
    if sets and draw(st.booleans()):
        return sid, f"set {draw(st.sampled_from(sets))} = {draw(st.sampled_from(_SET_VALUES))}"
    value = draw(st.sampled_from([*names, *_VALUES]))
    return sid, f"parameter {draw(st.sampled_from(names))} = {value}"
