"""Policy overlays and the county decision statute (ca/prop64-county)."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from strategies_statutes import policy_override

import clearlaw
from clearlaw import Case, CaseStatus, Count, Disposition, Level, Person
from clearlaw.citations import parse_citation
from clearlaw.policy import OptionsError, county_policy, is_policy_text, policy_text_from_options

AS_OF = date(2020, 7, 1)
BASE = 'policy "test"\n  amends ca/prop64-county\n'


def policy(body: str) -> clearlaw.Statute:
    return clearlaw.library.load_text(BASE + body, "test-policy.law")


def felony(
    citation: str = "HS 11359",
    *,
    convicted: date = date(2012, 3, 1),
    born: date = date(1970, 1, 1),
    others: tuple[Count, ...] = (),
    deceased: bool = False,
    county: str = "LOS ANGELES",
) -> Person:
    count = Count(
        "1",
        parse_citation(citation),
        level=Level.FELONY,
        disposition=Disposition.CONVICTED,
        offense_date=convicted,
        disposition_date=convicted,
    )
    cases = (Case("C1", "US-CA", county, CaseStatus.CLOSED, (count,)),)
    if others:
        cases += (Case("C2", "US-CA", "ORANGE", CaseStatus.CLOSED, others),)
    return Person("P", birth_date=born, deceased=deceased, cases=cases)


def decide(
    statute: clearlaw.Statute, person: Person, as_of: date = AS_OF
) -> tuple[str, str | None]:
    d = next(d for d in clearlaw.evaluate(statute, person, as_of) if d.case == "C1")
    return d.outcome, d.rule


def test_base_statute_reduces_felonies_and_dismisses_misdemeanors() -> None:
    st = clearlaw.load("ca/prop64-county")
    assert decide(st, felony()) == ("reduce", "felony_reduced")
    misd = Count(
        "1",
        parse_citation("HS 11357(c)"),
        level=Level.MISDEMEANOR,
        disposition=Disposition.CONVICTED,
        disposition_date=date(2012, 1, 1),
    )
    p = Person("P", cases=(Case("C1", "US-CA", "KERN", CaseStatus.CLOSED, (misd,)),))
    assert decide(st, p) == ("dismiss", "misdemeanor")


def test_per_section_choice() -> None:
    st = policy("parameter dismiss_11359_felonies = true\n")
    assert decide(st, felony("HS 11359")) == ("dismiss", "felony_dismissed_by_section")
    assert decide(st, felony("HS 11360(a)")) == ("reduce", "felony_reduced")


@pytest.mark.parametrize(
    ("born", "outcome"), [(date(1991, 3, 2), "dismiss"), (date(1991, 3, 1), "reduce")]
)
def test_under_21_at_conviction(born: date, outcome: str) -> None:
    # convicted 2012-03-01: born 1991-03-02 is 20 that day, born 1991-03-01 turns 21 that day
    st = policy("parameter dismiss_if_under_21_at_conviction = true\n")
    assert decide(st, felony(born=born))[0] == outcome


@pytest.mark.parametrize(
    ("born", "outcome"), [(date(1963, 7, 1), "dismiss"), (date(1963, 7, 2), "reduce")]
)
def test_age_threshold_on_the_run_date(born: date, outcome: str) -> None:
    st = policy("parameter min_age_on_run_date = 57\n")
    assert decide(st, felony(born=born))[0] == outcome  # 57 on 2020-07-01, or a day short


@pytest.mark.parametrize(
    ("convicted", "outcome"), [(date(2010, 7, 1), "dismiss"), (date(2010, 7, 2), "reduce")]
)
def test_years_since_conviction(convicted: date, outcome: str) -> None:
    st = policy("parameter min_years_since_conviction = 10\n")
    assert decide(st, felony(convicted=convicted))[0] == outcome


def test_conviction_free_counts_every_conviction() -> None:
    st = policy("parameter min_years_conviction_free = 5\n")
    later = Count(
        "1",
        parse_citation("PC 459"),
        level=Level.MISDEMEANOR,
        disposition=Disposition.CONVICTED,
        disposition_date=date(2015, 7, 2),
    )
    assert decide(st, felony())[0] == "dismiss"
    assert decide(st, felony(others=(later,)))[0] == "reduce"  # 4 years 364 days before the run
    on_the_day = Count(
        "1",
        parse_citation("PC 459"),
        level=Level.MISDEMEANOR,
        disposition=Disposition.CONVICTED,
        disposition_date=date(2015, 7, 1),
    )
    assert decide(st, felony(others=(on_the_day,)))[0] == "dismiss"


def test_only_cannabis_and_deceased() -> None:
    only = policy("parameter dismiss_if_only_cannabis = true\n")
    burglary = Count(
        "1",
        parse_citation("PC 459"),
        level=Level.FELONY,
        disposition=Disposition.CONVICTED,
        disposition_date=date(2001, 1, 1),
    )
    assert decide(only, felony())[0] == "dismiss"
    assert decide(only, felony(others=(burglary,)))[0] == "reduce"
    dead = policy("parameter dismiss_if_deceased = true\n")
    assert decide(dead, felony(deceased=True)) == ("dismiss", "deceased")
    assert decide(dead, felony(deceased=False))[0] == "reduce"


def test_county_scope() -> None:
    st = county_policy(
        Path(clearlaw.library.statute_path("ca/policies/dismiss-all")), "Los Angeles"
    )
    assert decide(st, felony()) == ("dismiss", "felony_dismissed_by_section")
    assert clearlaw.evaluate(st, felony(county="ORANGE"), AS_OF) == ()


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (
            "parameter min_age_on_run_date = 39\n",
            "test-policy.law:3:33: error: `min_age_on_run_date` must be 0 or 40 to 65, not 39",
        ),
        ("parameter min_years_since_conviction = 16\n", "must be 0 or 1 to 15, not 16"),
        (
            "parameter dismiss_if_deceased = 1\n",
            "parameter `dismiss_if_deceased` is a boolean, but this is a number",
        ),
        ("parameter min_age_on_run = 50\n", "ca/prop64-county has no parameter `min_age_on_run`"),
        ('parameter county = "A"\nparameter county = "B"\n', "`county` is already set at line 3"),
    ],
)
def test_policy_errors_name_the_line(body: str, message: str) -> None:
    with pytest.raises(clearlaw.StatuteError) as info:
        policy(body)
    assert message in str(info.value)


def test_unknown_parameter_suggests_the_right_one() -> None:
    with pytest.raises(clearlaw.StatuteError) as info:
        policy("parameter min_age_on_run = 50\n")
    assert "did you mean `min_age_on_run_date`?" in str(info.value)


def test_json_options_file(tmp_path: Path) -> None:
    options = {
        "baselineEligibility": {"dismiss": ["11357", "11358"], "reduce": ["11359", "11360"]},
        "additionalRelief": {
            "subjectUnder21AtConviction": True,
            "subjectAgeThreshold": 57,
            "yearsSinceConvictionThreshold": 10,
            "yearsCrimeFreeThreshold": 0,
            "subjectIsDeceased": True,
            "subjectHasOnlyProp64Charges": True,
        },
    }
    path = tmp_path / "options.json"
    path.write_text(json.dumps(options), encoding="utf-8")
    st = county_policy(path, "los angeles")
    assert decide(st, felony("HS 11357(c)")) == ("dismiss", "felony_dismissed_by_section")
    burglary = Count(
        "1",
        parse_citation("PC 459"),
        level=Level.FELONY,
        disposition=Disposition.CONVICTED,
        disposition_date=date(2001, 1, 1),
    )
    reduced = felony(
        "HS 11359", born=date(1980, 1, 1), convicted=date(2012, 1, 1), others=(burglary,)
    )
    assert decide(st, reduced) == ("reduce", "felony_reduced")
    assert decide(st, felony("HS 11359", born=date(1980, 1, 1), convicted=date(2012, 1, 1))) == (
        "dismiss",
        "only_cannabis",
    )
    assert decide(st, felony("HS 11359", convicted=date(2010, 7, 1), born=date(1980, 1, 1))) == (
        "dismiss",
        "years_since_conviction",
    )


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (
            {"baselineEligibility": {"dismiss": ["11357"], "reduce": ["11359", "11360"]}},
            "does not say whether to dismiss or reduce 11358",
        ),
        (
            {
                "baselineEligibility": {"dismiss": ["11357", "11358", "11359", "11360"]},
                "additionalRelief": {"subjectAge": 50},
            },
            "unknown additionalRelief key 'subjectAge'",
        ),
        (
            {"baselineEligibility": {"dismiss": ["11357", "11358", "11359", "11360", "11361"]}},
            "'11361' is not one of",
        ),
        (
            {
                "baselineEligibility": {"dismiss": ["11357", "11358", "11359", "11360"]},
                "additionalRelief": {"subjectAgeThreshold": "57"},
            },
            'additionalRelief.subjectAgeThreshold: expected true/false or a whole number, got "57"',
        ),
    ],
)
def test_json_options_errors(options: dict[str, object], message: str) -> None:
    with pytest.raises(OptionsError) as info:
        policy_text_from_options(options)
    assert message in str(info.value)


ALL_DISMISSED = '{"baselineEligibility": {"dismiss": ["11357", "11358", "11359", "11360"]}, '


def test_json_options_with_an_integer_past_pythons_digit_limit(tmp_path: Path) -> None:
    options = tmp_path / "options.json"
    options.write_text(
        ALL_DISMISSED + '"additionalRelief": {"subjectAgeThreshold": ' + "9" * 5000 + "}}",
        encoding="utf-8",
    )
    with pytest.raises(OptionsError) as info:
        county_policy(options, "KERN")
    assert str(info.value) == f"{options}: a number is too long for an option"


def test_json_options_with_a_long_integer_names_the_line(tmp_path: Path) -> None:
    options = tmp_path / "options.json"
    options.write_text(
        ALL_DISMISSED + '"additionalRelief": {"subjectAgeThreshold": ' + "9" * 400 + "}}",
        encoding="utf-8",
    )
    with pytest.raises(clearlaw.StatuteError) as info:
        county_policy(options, "KERN")
    assert "(as a policy):8:33: error: number too long" in str(info.value)


def test_a_policy_amending_an_unknown_id_is_one_diagnostic() -> None:
    with pytest.raises(clearlaw.StatuteError) as info:
        clearlaw.library.load_text('policy "test"\n  amends ca/prop64-countie\n', "unknown-id.law")
    (problem,) = info.value.diagnostics
    assert str(problem.span) == "unknown-id.law:2:3"
    assert problem.message == "no statute `ca/prop64-countie` to amend"
    assert problem.hint == "did you mean `ca/prop64-county`?"


def test_amendments_chain_and_a_cycle_is_refused(tmp_path: Path) -> None:
    chained = clearlaw.library.load_text(
        'policy "test"\n  amends ca/policies/bear-default\nparameter min_age_on_run_date = 60\n',
        "chain.law",
    )
    params = {p.name: p for p in chained.node.parameters}
    assert "60" in chained.text_at(params["min_age_on_run_date"].values[0].value.span)
    # drafts/a.law amends drafts/a: through a link back to its own folder, itself
    (tmp_path / "drafts").symlink_to(tmp_path, target_is_directory=True)
    (tmp_path / "a.law").write_text('amendment "a"\n  amends drafts/a\n', encoding="utf-8")
    with pytest.raises(clearlaw.StatuteError) as info:
        clearlaw.load(tmp_path / "a.law")
    assert info.value.diagnostics[0].message == "this chain of amendments amends itself"


def _library_parameters() -> list[tuple[str, str]]:
    """(statute, parameter) for every parameter of every non-policy library statute."""
    return [
        (sid, p.name)
        for sid, path in clearlaw.library.list_statutes().items()
        if not is_policy_text(path.read_text(encoding="utf-8"))
        for p in clearlaw.load(sid).node.parameters
    ]


@pytest.mark.parametrize(("sid", "name"), _library_parameters())
def test_a_policy_value_naming_a_parameter_fails_lint(sid: str, name: str) -> None:
    # It passed lint and crashed evaluation (KeyError) when the value named a parameter.
    with pytest.raises(clearlaw.StatuteError):
        clearlaw.library.load_text(
            f'policy "test"\n  amends {sid}\nparameter {name} = {name}\n', "names.law"
        )


def test_a_policy_value_naming_a_parameter_says_so() -> None:
    with pytest.raises(clearlaw.StatuteError) as info:
        clearlaw.library.load_text(
            'policy "test"\n  amends ny/clean-slate\nparameter misdemeanor_wait = felony_wait\n',
            "names.law",
        )
    (problem,) = info.value.diagnostics
    assert str(problem.span) == "names.law:3:30"
    assert problem.message == (
        "a policy gives `misdemeanor_wait` a value, not the name `felony_wait`"
    )


@settings(max_examples=40, deadline=None, derandomize=True)
@given(policy_override())
def test_policy_overrides_that_pass_lint_evaluate(override: tuple[str, str]) -> None:
    """Fuzz: any override of a library statute's parameter or set either fails lint with
    diagnostics or evaluates example people without an exception."""
    sid, change = override
    try:
        statute = clearlaw.library.load_text(
            f'policy "fuzz"\n  amends {sid}\n{change}\n', "fuzz.law"
        )
    except clearlaw.StatuteError as err:
        assert err.diagnostics
        return
    for person in _PEOPLE:
        list(clearlaw.evaluate(statute, person, date(2026, 11, 23)))


_PEOPLE = clearlaw.read_records(
    Path(__file__).resolve().parent.parent / "examples/people.jsonl"
).people[:25]
