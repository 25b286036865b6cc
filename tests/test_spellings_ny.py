"""New York: the same person written with each recognized spelling of each citation (Penal Law
as PL, N.Y. Penal Law §, Penal Law, a bare section; attempts 110/OBJECT, 110.00/OBJECT; Vehicle
and Traffic Law as VTL, V&T, N.Y. Veh. & Traf. Law §) gets identical determinations."""

from __future__ import annotations

from spelling_tools import Spelling, section_text, spelling_test
from strategies import ny_people

import clearlaw
from clearlaw.citations import Citation, parse_citation

NY = clearlaw.load("ny/clean-slate")
PENAL_LAW = ("PL {s}", "N.Y. Penal Law § {s}", "Penal Law {s}", "{s}")
VEHICLE_LAW = ("VTL {s}", "V&T {s}", "N.Y. Veh. & Traf. Law § {s}", "VTL {s}")


def _spelling(k: int) -> Spelling:
    def write(citation: Citation, jurisdiction: str | None) -> str | None:
        s = section_text(citation)
        if citation.code == "PL":
            template = PENAL_LAW[k]
            if template == "{s}" and jurisdiction != "US-NY":
                template = "PL {s}"  # a bare section reads as Penal Law only in a NY case
            if citation.inchoate:  # the attempt section written 110 or 110.00
                via = citation.via.removesuffix(".00") + (".00" if k % 2 else "")
                s = s.replace(f"{citation.via}/", f"{via}/", 1)
            return template.format(s=s)
        if citation.code == "VTL":
            return VEHICLE_LAW[k].format(s=s)
        return None

    return write


test_ny_spellings_give_identical_determinations = spelling_test(
    ny_people(), NY, [_spelling(k) for k in range(len(PENAL_LAW))]
)


def test_each_spelling_reads_the_same_attempt() -> None:
    attempt = parse_citation("PL 110/130.35")
    for k in range(len(PENAL_LAW)):
        text = _spelling(k)(attempt, "US-NY")
        assert text is not None and parse_citation(text, "US-NY") == attempt, text
