"""Oracle for Delaware's automatic mandatory expungement, 11 Del. C. 4373(a) via 4373A
(from 2024-08-01).

Outcomes: ``expunge`` and ``not_eligible``.  Written from the text quoted in
``docs/sources/de-clean-slate.md`` and the INTERPRETATION / GAP notes of
``statutes/de/clean-slate.law``, not from the DSL encoding.  The decision is about a case:

* every charge of the case must be eligible in itself: terminated in favor (acquitted, nolle
  prosequi, dismissed, diverted = PBJ discharged), or a conviction of 16 Del. C. 4764/4771 or
  4 Del. C. 904(e)/(f), of drug possession (16 Del. C. 4756), of a violation, of a misdemeanor
  not excluded, or of a listed felony not excluded; a conviction of Title 21 (4372(f)(2)) or of
  an offense 4373(b) names (``statutes/de/tables/excluded-always.csv``, with the sections whose
  elements make the victim a child or a vulnerable adult) is never eligible;
* whether a misdemeanor or listed felony is excluded by who the victim was, or as a misdemeanor
  crime of domestic violence, is the record fact ``excluded``, except for shoplifting (its victim
  is the store) and disorderly conduct (no victim but the public), which it never excludes
  (``statutes/de/tables/no-excluded-victim.csv``);
* the listed felonies of (a)(2)(c) are ``statutes/de/tables/listed-felonies.csv`` and forgery in
  the second degree, 11 Del. C. 861 of class G (the Office of Defense Services' guide); any
  other felony conviction is never eligible;
* the case is expunged when the longest waiting period of its convictions has run: none for
  4764/4771/904, 3 years for a violation, 5 years for a misdemeanor or 4756, 10 years from the
  later of conviction and release for a felony; never before 2024-08-01;
* a case with a conviction under (a)(2) (anything but a violation or 4764/4771/904) is barred
  by any Delaware misdemeanor or felony conviction in another case other than 4764/4771/904;
* a pending charge keeps its case back until 7 years after its offense date, then is
  considered dismissed (4373(a)(3); a case of such charges only is terminated in favor,
  4372(b)(7)) unless the fact ``case_activity`` (an active warrant, or case activity in the last
  12 months) holds; it is decided with its case.

Every unknown input of the case (dispositions, levels, citations, facts, incarceration) and the
three-valued "another case bars" are explored as possible worlds; but, as clearlaw does not try
each possible citation (docs/language.md, "Known limitation"), the date a conviction whose
citation is unknown allows is unknown unless every kind of citation gives the same one.
"""

from __future__ import annotations

from datetime import date

from clearlaw.citations import Citation, CitationSet, parse_pattern
from clearlaw.records import Case, Count, Disposition, Level, Person

from . import NEEDS_REVIEW, OracleResult, Tri, World, add_years, collapse, explore, k_and, k_or
from .tables import table

__all__ = ["EFFECTIVE_DATE", "decide"]

EXPUNGE = "expunge"
NOT_ELIGIBLE = "not_eligible"
NEVER = OracleResult(NOT_ELIGIBLE, "never")
EFFECTIVE_DATE = date(2024, 8, 1)
UNDISPOSED_YEARS = 7

NO_WAIT = CitationSet(
    parse_pattern(p)
    for p in ("16 Del. C. 4764", "16 Del. C. 4771", "4 Del. C. 904(e)", "4 Del. C. 904(f)")
)
POSSESSION = CitationSet([parse_pattern("16 Del. C. 4756")])
LISTED = table("de", "listed-felonies")
FORGERY = CitationSet([parse_pattern("11 Del. C. 861")])
FORGERY_SECOND_DEGREE = "G"
EXCLUDED_ALWAYS = table("de", "excluded-always")
NO_EXCLUDED_VICTIM = table("de", "no-excluded-victim")
FAVORABLE = (
    Disposition.ACQUITTED,
    Disposition.NOLLE_PROSEQUI,
    Disposition.DISMISSED,
    Disposition.DIVERTED,
)


def _disposition_worlds(count: Count) -> tuple[str, ...]:
    d = count.disposition
    if d is None or d is Disposition.UNKNOWN:
        return ("convicted", "favorable", "pending")
    if d is Disposition.CONVICTED:
        return ("convicted",)
    return ("favorable",) if d in FAVORABLE else ("pending",)


def _level_worlds(count: Count) -> tuple[Level, ...]:
    if count.level is None:
        return (Level.FELONY, Level.MISDEMEANOR, Level.VIOLATION, Level.INFRACTION)
    return (count.level,)


def _citation_kind(count: Count) -> tuple[str, ...]:
    citation: Citation | None = count.citation
    if citation is None:
        return ("no_wait", "possession", "listed", "excluded", "other")
    if citation in NO_WAIT:
        return ("no_wait",)
    if citation in POSSESSION:
        return ("possession",)
    if citation in EXCLUDED_ALWAYS:
        return ("excluded",)
    if citation in LISTED:
        return ("listed",)
    if citation in FORGERY:
        # forgery in the second degree (the class G felony of 861(b)) is listed, the first
        # degree (class F) is not; an unknown class leaves both
        if count.offense_class is None:
            return ("listed", "other")
        return ("listed",) if count.offense_class == FORGERY_SECOND_DEGREE else ("other",)
    return ("other",)


def _flag(count: Count, name: str) -> tuple[bool, ...]:
    value = count.facts.get(name)
    return (value,) if isinstance(value, bool) else (True, False)


def _excluded(count: Count) -> tuple[bool, ...]:
    """Excluded by who the victim was or the relationship: never for the sections whose
    elements leave no such victim, else the record fact."""
    if count.citation is not None and count.citation in NO_EXCLUDED_VICTIM:
        return (False,)
    return _flag(count, "excluded")


def _bars(case: Case, count: Count) -> Tri:
    """A Delaware misdemeanor or felony conviction other than 4764/4771/904."""
    convicted: Tri = (
        None
        if count.disposition is None or count.disposition is Disposition.UNKNOWN
        else count.disposition is Disposition.CONVICTED
    )
    in_de: Tri = None if case.jurisdiction is None else case.jurisdiction == "US-DE"
    grade: Tri = None if count.level is None else count.level in (Level.MISDEMEANOR, Level.FELONY)
    counted: Tri = None if count.citation is None else count.citation not in NO_WAIT
    return k_and(convicted, in_de, grade, counted)


def _possible_ends(count: Count, level: object, w: World, i: int) -> set[date | None]:
    """The first day this conviction allows (held to the effective date) under each kind of
    citation it could have: 4764/4771/904 (none), 4756 (5 years), any other (by its level)."""
    start = count.disposition_date
    if start is None:
        return {None}
    by_level = 3 if level is Level.VIOLATION else 5 if level is Level.MISDEMEANOR else 10
    if by_level == 10 and w.flag(f"inc{i}"):
        release = count.sentence.incarceration_release_date
        if release is None:
            return {None}
        start = max(start, release)
    ends = {
        count.disposition_date,
        add_years(count.disposition_date, 5),
        add_years(start, by_level),
    }
    return {max(d, EFFECTIVE_DATE) for d in ends}


def _decide_case(case: Case, others: list[tuple[Case, Count]], as_of: date) -> OracleResult:
    counts = case.counts
    choices: dict[str, tuple[object, ...]] = {
        "barred": (lambda t: (True, False) if t is None else (t,))(
            k_or(*(_bars(c, k) for c, k in others))
        )
    }
    for i, count in enumerate(counts):
        choices[f"disp{i}"] = _disposition_worlds(count)
        choices[f"level{i}"] = _level_worlds(count)
        choices[f"cit{i}"] = _citation_kind(count)
        choices[f"excluded{i}"] = _excluded(count)
        choices[f"activity{i}"] = _flag(count, "case_activity")
        choices[f"inc{i}"] = (
            (count.sentence.incarcerated,)
            if count.sentence.incarcerated is not None
            else (True, False)
        )

    def world(w: World) -> OracleResult:
        dates: list[date] = []
        date_unknown = False
        second_paragraph = False
        for i, count in enumerate(counts):
            disp = w.get(f"disp{i}")
            if disp == "pending":
                # 4373(a)(3): 7 years old and no warrant or activity: considered dismissed
                if w.flag(f"activity{i}"):
                    return NEVER
                if count.offense_date is None:
                    date_unknown = True
                else:
                    dates.append(add_years(count.offense_date, UNDISPOSED_YEARS))
                continue
            if disp == "favorable":
                continue
            kind = w.get(f"cit{i}")
            if kind == "excluded":
                return NEVER  # Title 21 (4372(f)(2)) or a section 4373(b) names
            if kind == "no_wait":
                waited: date | None = count.disposition_date
            else:
                level = w.get(f"level{i}")
                if kind == "possession":
                    years = 5
                elif level is Level.VIOLATION:
                    years = 3
                elif level is Level.MISDEMEANOR:
                    years = 5
                else:
                    years = 10
                if kind != "possession":
                    if level is Level.FELONY:
                        if kind != "listed":
                            return NEVER
                        if w.flag(f"excluded{i}"):
                            return NEVER
                    elif level is Level.MISDEMEANOR:
                        if w.flag(f"excluded{i}"):
                            return NEVER
                    elif level is not Level.VIOLATION:
                        return NEVER
                if kind == "possession" or level is not Level.VIOLATION:
                    second_paragraph = True
                start = count.disposition_date
                if years == 10 and start is not None and w.flag(f"inc{i}"):
                    release = count.sentence.incarceration_release_date
                    start = None if release is None else max(start, release)
                waited = None if start is None else add_years(start, years)
            # clearlaw does not try each possible citation (docs/language.md, "Known
            # limitation"): the date is unknown unless every citation gives the same one
            unsure = (
                count.citation is None and len(_possible_ends(count, w.get(f"level{i}"), w, i)) > 1
            )
            if waited is None or unsure:
                date_unknown = True
            else:
                dates.append(waited)
        if second_paragraph and w.flag("barred"):
            return NEVER
        if date_unknown:
            return NEEDS_REVIEW
        day = max([EFFECTIVE_DATE, *dates])
        return OracleResult(EXPUNGE if as_of >= day else NOT_ELIGIBLE, day)

    return collapse(explore(world, choices))


def decide(person: Person, as_of: date) -> dict[tuple[str, str], OracleResult]:
    """11 Del. C. 4373(a) for every count of ``person`` it applies to (unknown scope: review)."""
    decisions: dict[tuple[str, str], OracleResult] = {}
    for case in person.cases:
        others = [(c, k) for c in person.cases if c is not case for k in c.counts]
        result: OracleResult | None = None
        for count in case.counts:
            kinds = _disposition_worlds(count)
            in_de: Tri = None if case.jurisdiction is None else case.jurisdiction == "US-DE"
            # every kind is in scope, a pending charge too (4372(b)(7), 4373(a)(3)); an unknown
            # disposition leaves the scope unknown, as in the language's three-valued logic
            decided: Tri = (
                None if len(kinds) > 1 else kinds[0] in ("convicted", "favorable", "pending")
            )
            in_scope = k_and(in_de, decided)
            if in_scope is False:
                continue
            key = (case.id, count.id)
            if in_scope is None:
                decisions[key] = NEEDS_REVIEW
                continue
            if result is None:
                result = _decide_case(case, others, as_of)
            decisions[key] = result
    return decisions
