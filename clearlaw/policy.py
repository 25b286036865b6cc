"""Loading amendments and policies: a statute changed by another file (``clearlaw.amend``).

A policy is an amendment whose changes are new values only; it reads like this
(``statutes/ca/policies/bear-default.law``)::

    policy "Statewide tool defaults"
      id ca/policies/bear-default
      amends ca/prop64-county
    parameter dismiss_11357_felonies = true
    parameter min_years_since_conviction = 5      § additionalRelief.yearsSinceConvictionThreshold

The statute's own checker validates every new value (type, ``valid`` ranges) and reports
problems at the policy file's line and column.  A county states its charging policy this way;
a drafter writes a bill as an ``amendment`` (docs/language.md, "Amendments").
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import attrs

from clearlaw import nodes as n
from clearlaw.amend import apply_amendment
from clearlaw.check import check_statute
from clearlaw.diagnostics import Diagnostic, StatuteError, did_you_mean
from clearlaw.evaluate import Statute
from clearlaw.library import STATUTE_SUFFIX, list_statutes
from clearlaw.readings import choose
from clearlaw.resources import statutes_dir
from clearlaw.syntax import Files, parse_policy_text, parse_statute_text

__all__ = [
    "OPTION_PARAMETERS",
    "county_policy",
    "is_policy_text",
    "policy_text_from_options",
]


def is_policy_text(text: str) -> bool:
    """Whether a ``.law`` file amends another statute (its first word is ``policy`` or
    ``amendment``)."""
    return _first_word(text) in ("policy", "amendment")


def _first_word(text: str) -> str | None:
    for line in text.splitlines():
        stripped = line.split("#", 1)[0].strip()
        if stripped:
            return stripped.split()[0]
    return None


#: How many amendments may amend one another in a chain (a bill amending an amended law).
MAX_CHAIN = 8


def load_policy(
    text: str, path: str, readings: Mapping[str, str] | None = None, *, files: Files = True
) -> Statute:
    """Parse an amendment or policy, load the statute it amends (``amended_path``; itself
    possibly amended, up to ``MAX_CHAIN`` deep), apply it, choose ``readings`` and check.
    ``files`` is what the text itself may read (``clearlaw.syntax.Files``): unless ``True``,
    it amends a library statute only."""
    amended, warnings = _amended(text, path, (), files)
    checked = check_statute(choose(amended, readings) if readings else amended)
    return Statute(attrs.evolve(checked, warnings=warnings + checked.warnings))


def _amended(
    text: str, path: str, chain: tuple[Path, ...], files: Files = True
) -> tuple[n.Statute, tuple[Diagnostic, ...]]:
    policy = parse_policy_text(text, path, files=files)
    base_path = amended_path(policy, nearby=files is True).resolve()
    if base_path in chain or len(chain) >= MAX_CHAIN:
        why = "amends itself" if base_path in chain else f"is more than {MAX_CHAIN} deep"
        problem = Diagnostic(_amends_span(policy), f"this chain of amendments {why}")
        raise StatuteError([problem], policy.source)
    base_text = base_path.read_text(encoding="utf-8", errors="replace")
    first = _first_word(base_text)
    if is_policy_text(base_text):
        base, earlier = _amended(base_text, str(base_path), (*chain, base_path))
    elif first == "statute":
        base, earlier = parse_statute_text(base_text, str(base_path)), ()
    else:
        problem = Diagnostic(_amends_span(policy), f"`{policy.amends}` is not a statute file")
        raise StatuteError([problem], policy.source)
    amended, warnings = apply_amendment(base, policy)
    return amended, earlier + warnings


def amended_path(policy: n.PolicyFile, *, nearby: bool = True) -> Path:
    """The statute a policy amends: a library id (``amends ca/prop64-county``), else (when
    ``nearby``) a ``.law`` file in the policy's own folder or below it (``amends
    drafts/ny-two-years`` is ``drafts/ny-two-years.law`` beside the policy).  Nothing else
    is read, so a policy cannot make clearlaw open (and quote) an arbitrary file."""
    if policy.amends is None:
        raise StatuteError(
            [
                Diagnostic(
                    policy.span,
                    "a policy needs an `amends STATUTE` line (e.g. `amends ca/prop64-county`)",
                )
            ],
            policy.source,
        )
    in_library = statutes_dir() / f"{policy.amends}{STATUTE_SUFFIX}"
    if in_library.is_file():
        return in_library
    if nearby and not policy.path.startswith("<"):
        folder = Path(policy.path).resolve().parent
        beside = (folder / f"{policy.amends}{STATUTE_SUFFIX}").resolve()
        if beside.is_relative_to(folder) and beside.is_file():
            return beside
    hint = did_you_mean(policy.amends, list_statutes()) or (
        f"a library id (`clearlaw list`) or a {STATUTE_SUFFIX} file beside the policy"
    )
    problem = Diagnostic(_amends_span(policy), f"no statute `{policy.amends}` to amend", hint)
    raise StatuteError([problem], policy.source)


def _amends_span(policy: n.PolicyFile) -> n.Span:
    """Where the ``amends`` line is (the policy's header when it cannot be found)."""
    for number, line in enumerate(policy.source.splitlines(), start=1):
        words = line.split("#", 1)[0].split()
        if words[:1] == ["amends"]:
            column = line.index("amends") + 1
            return n.Span(policy.path, number, column, number, len(line.rstrip()) + 1)
    return policy.span


# ----------------------------------------------------------------- the county statute

#: The old statewide tool's JSON options (``additionalRelief``) → ``ca/prop64-county``
#: parameters.
OPTION_PARAMETERS: Mapping[str, str] = {
    "subjectUnder21AtConviction": "dismiss_if_under_21_at_conviction",
    "subjectAgeThreshold": "min_age_on_run_date",
    "yearsSinceConvictionThreshold": "min_years_since_conviction",
    "yearsCrimeFreeThreshold": "min_years_conviction_free",
    "subjectIsDeceased": "dismiss_if_deceased",
    "subjectHasOnlyProp64Charges": "dismiss_if_only_cannabis",
}
_SECTIONS = ("11357", "11358", "11359", "11360")


class OptionsError(ValueError):
    """A JSON options file that does not say a valid policy."""


def _literal(value: Any, where: str) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    raise OptionsError(f"{where}: expected true/false or a whole number, got {json.dumps(value)}")


def policy_text_from_options(options: Mapping[str, Any], source: str = "options.json") -> str:
    """Policy source text for the old tool's JSON options (``baselineEligibility`` and
    ``additionalRelief``); raises ``OptionsError`` naming the key for a malformed file.
    Out-of-range values are left to the statute's checker, which names the line."""
    unknown = sorted(set(options) - {"baselineEligibility", "additionalRelief"})
    if unknown:
        raise OptionsError(
            f"{source}: unknown key {unknown[0]!r} (expected baselineEligibility, additionalRelief)"
        )
    baseline = options.get("baselineEligibility")
    if not isinstance(baseline, Mapping):
        raise OptionsError(
            f"{source}: baselineEligibility must be an object with dismiss and reduce lists"
        )
    choice: dict[str, str] = {}
    for key in ("dismiss", "reduce"):
        listed = baseline.get(key, [])
        if not isinstance(listed, list):
            raise OptionsError(
                f"{source}: baselineEligibility.{key} must be a list of code sections"
            )
        for section in listed:
            section = str(section).strip().upper().removesuffix("HS").strip()
            if section not in _SECTIONS:
                raise OptionsError(
                    f"{source}: baselineEligibility.{key}: {section!r} is not one of {', '.join(_SECTIONS)}"
                )
            if section in choice:
                raise OptionsError(
                    f"{source}: baselineEligibility: {section} is listed under both dismiss and reduce"
                )
            choice[section] = key
    missing = [s for s in _SECTIONS if s not in choice]
    if missing:
        raise OptionsError(
            f"{source}: baselineEligibility does not say whether to dismiss or reduce {', '.join(missing)}"
        )
    relief = options.get("additionalRelief", {})
    if not isinstance(relief, Mapping):
        raise OptionsError(f"{source}: additionalRelief must be an object")
    lines = [
        f'policy "County policy from {Path(source).name}"',
        "  amends ca/prop64-county",
        f'  note "Converted from the statewide tool\'s options file {Path(source).name}."',
    ]
    for section in _SECTIONS:
        value = "true" if choice[section] == "dismiss" else "false"
        lines.append(
            f"parameter dismiss_{section}_felonies = {value}    § baselineEligibility.{choice[section]}"
        )
    for key, value in relief.items():
        if key not in OPTION_PARAMETERS:
            hint = did_you_mean(key, OPTION_PARAMETERS)
            raise OptionsError(
                f"{source}: unknown additionalRelief key {key!r}" + (f" ({hint})" if hint else "")
            )
        literal = _literal(value, f"{source}: additionalRelief.{key}")
        lines.append(f"parameter {OPTION_PARAMETERS[key]} = {literal}    § additionalRelief.{key}")
    return "\n".join(lines) + "\n"


def county_policy(path: str | Path, county: str) -> Statute:
    """The county decision statute under a policy given as a policy ``.law`` file or the old
    tool's JSON options file, for ``county`` (its name as the court step spells it)."""
    from clearlaw.library import load_text, read_source

    path = Path(path)
    text = read_source(path)  # a byte that is not UTF-8 is a diagnostic at its line and column
    if path.suffix.lower() == ".json":
        try:
            options = json.loads(text)
        except json.JSONDecodeError as err:
            raise OptionsError(
                f"{path}:{err.lineno}:{err.colno}: not valid JSON: {err.msg}"
            ) from None
        except ValueError:  # an integer beyond Python's 4,300-digit conversion limit
            raise OptionsError(f"{path}: a number is too long for an option") from None
        if not isinstance(options, Mapping):
            raise OptionsError(f"{path}: expected a JSON object")
        text = policy_text_from_options(options, str(path))
        name = f"{path} (as a policy)"
    else:
        name = str(path)
    county_name = county.replace('"', "").strip().upper()
    county_line = f'parameter county = "{county_name}"    § --county'
    if is_policy_text(text):
        return load_text(text.rstrip("\n") + "\n" + county_line + "\n", name)
    raise OptionsError(f"{path}: not a policy file (its first word must be `policy`)")
