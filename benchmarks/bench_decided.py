"""How much of a state's records a statute decides from what state data carries.

For each profile in ``clearlaw/data/populations/*.toml`` (a state's common offenses and excluded
categories, with how its court data spells citations), generate seeded rap-sheet-like people
that carry only what state data carries — citations in the state's spellings, level, class,
disposition, dates, sentence, restitution ordered and paid (court dockets carry it),
registrations (with the profile's ``registration_citation``, the state's registration law); no
statute-specific facts — and evaluate them
with the profile's statute.  Report the share of counts decided, needs_review (by the facts
they lack), out of scope and with an unreadable citation.

    python benchmarks/bench_decided.py                       # every profile, 2,000 people each
    python benchmarks/bench_decided.py --people 500 --states us_ny us_mi --json out.json

Target (issue 14): at least 95% of in-scope counts decided in every state whose categories are
defined by sections.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import clearlaw
from clearlaw.drafting import population
from clearlaw.drafting.population import AS_OF
from clearlaw.evaluate import NEEDS_REVIEW
from clearlaw.scope import OUT_OF_SCOPE, is_unreadable

PROFILES = Path(population.__file__).resolve().parent.parent / "data" / "populations"


def measure(profile: dict[str, Any], people: int, seed: int) -> dict[str, Any]:
    statute = clearlaw.load(profile["statute"])
    outcomes: Counter[str] = Counter()
    missing: Counter[str] = Counter()
    unreadable = 0
    for _, p in population.people(profile, people, seed):
        for d in clearlaw.evaluate(statute, p, AS_OF, explain=False, out_of_scope=True):
            outcomes[d.outcome] += 1
            if d.outcome == NEEDS_REVIEW:
                missing.update(m.split(" ")[-1] for m in d.missing)
            unreadable += any(is_unreadable(w) for w in d.warnings)
    in_scope = sum(outcomes.values()) - outcomes[OUT_OF_SCOPE]
    review = outcomes[NEEDS_REVIEW]
    return {
        "state": profile["name"],
        "statute": profile["statute"],
        "people": people,
        "counts": sum(outcomes.values()),
        "in_scope": in_scope,
        "decided": in_scope - review,
        "needs_review": review,
        "out_of_scope": outcomes[OUT_OF_SCOPE],
        "unreadable": unreadable,
        "decided_share": round((in_scope - review) / in_scope, 4) if in_scope else None,
        "needs_review_by_fact": dict(missing.most_common(6)),
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--people", type=int, default=2000, help="people per state (default 2000)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--states", nargs="*", help="profile names (default: all), e.g. us_ny")
    ap.add_argument("--json", type=Path, help="write the figures here too")
    ap.add_argument("--profiles", type=Path, default=PROFILES, help="the profiles' folder")
    args = ap.parse_args(argv)
    paths = sorted(args.profiles.glob("*.toml"))
    if args.states:
        paths = [p for p in paths if p.stem in args.states]
    rows = [measure(population.load_profile(p), args.people, args.seed) for p in paths]
    print(
        "| state | statute | counts in scope | decided | needs_review | out of scope | unreadable | needs_review for lack of |"
    )
    print("|---|---|---|---|---|---|---|---|")
    for x in rows:
        share = f"{x['decided_share']:.1%}" if x["decided_share"] is not None else "—"
        lack = ", ".join(f"{k} ({v})" for k, v in x["needs_review_by_fact"].items())
        print(
            f"| {x['state']} | `{x['statute']}` | {x['in_scope']:,} | {share} |"
            f" {x['needs_review']:,} | {x['out_of_scope']:,} | {x['unreadable']:,} | {lack} |"
        )
    if args.json:
        args.json.write_text(json.dumps(rows, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
