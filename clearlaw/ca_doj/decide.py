"""Deciding (the middle of a run): the people with a cannabis conviction in the county are
evaluated under the statute (``ca/prop64``), the county's policy and the "dismiss all" policy.

Evaluation is Python and takes most of a run's time once the files are read, so it can be
shared with helper processes (``workers`` > 1): each helper loads the same statutes while the
files are read, gets its share of the people (their facts as plain tuples: quick to pickle) and
sends back its determinations as rows of text.  Helpers are started with the ``spawn``
method, which imports the caller's main module again: a script that asks for helpers must
call ``run`` under ``if __name__ == "__main__":`` (the ``clearlaw`` command does; else each
helper says so in one line, ``MAIN_GUARD``, and this process decides alone).  A person's
determinations depend on that person's record only, so the split changes nothing (a test
checks it).  If a helper fails, its share is decided here.  This module does not import
Polars: helpers stay small.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from pathlib import Path

from clearlaw.ca_doj.people import PersonFacts, build_people
from clearlaw.dates import date
from clearlaw.evaluate import Statute, evaluate
from clearlaw.library import load
from clearlaw.records import Person
from clearlaw.resources import statutes_dir

__all__ = ["DET_COLUMNS", "Deciding", "dismiss_all_path", "load_statutes"]

#: The fields of a determination row.
DET_COLUMNS = (
    "person",
    "case_id",
    "count_id",
    "outcome",
    "rule",
    "reason",
    "citation",
    "eligible_on",
)

DetRow = tuple[str, str, str, str, "str | None", "str | None", "str | None", str]

#: Said by a helper process that finds a run it was not asked for (see the module's text).
MAIN_GUARD = (
    "clearlaw: a helper process could not start: a script that runs clearlaw.ca_doj.run with "
    'workers > 1 must call it under `if __name__ == "__main__":`; this run decides without it'
)

#: Below this many bytes of input, helpers cost more to start than they save.
HELPER_MIN_BYTES = 32 << 20


def dismiss_all_path() -> Path:
    return statutes_dir() / "ca" / "policies" / "dismiss-all.law"


def load_statutes(policy: str | Path, county: str) -> tuple[Statute, Statute, Statute]:
    """The statute, the county's policy and the "dismiss all" policy."""
    from clearlaw.policy import county_policy

    return (
        load("ca/prop64"),
        county_policy(policy, county),
        county_policy(dismiss_all_path(), county),
    )


def decide(
    statutes: Sequence[Statute],
    people: Sequence[Person],
    as_of: date,
    progress: Callable[[int], None] | None = None,
) -> list[list[DetRow]]:
    """Each statute's determinations of the people's counts, as rows (``DET_COLUMNS``);
    ``progress(n)`` is told every 500 people."""
    out: list[list[DetRow]] = [[] for _ in statutes]
    for done, person in enumerate(people, start=1):
        if progress is not None and done % 500 == 0:
            progress(500)
        for rows, statute in zip(out, statutes, strict=True):
            for d in evaluate(statute, person, as_of, explain=False):
                rows.append(
                    (
                        d.person,
                        d.case,
                        d.count,
                        d.outcome,
                        d.rule,
                        d.rule or ("missing: " + ", ".join(d.missing) if d.missing else None),
                        "; ".join(d.citations) or None,
                        str(d.eligible_on),
                    )
                )
    return out


# ------------------------------------------------------------------ helper processes

_HELPER_STATUTES: tuple[Statute, Statute, Statute] | None = None


def _start_helper(policy: str, county: str) -> None:
    global _HELPER_STATUTES
    try:
        _HELPER_STATUTES = load_statutes(policy, county)
    except Exception:  # e.g. a bad policy file: the caller loads it too and reports it
        _HELPER_STATUTES = None


def _ready() -> bool:
    """Whether the helper has its statutes (submitted at once: the helpers start now)."""
    return _HELPER_STATUTES is not None


def _decide_share(facts: list[PersonFacts], as_of: date) -> list[list[DetRow]]:
    if _HELPER_STATUTES is None:
        raise RuntimeError("the helper could not load the statutes")
    return decide(_HELPER_STATUTES, build_people(facts), as_of)


def default_workers(inputs: Sequence[str | Path]) -> int:
    """Two processes on a machine with two cores or more, for inputs big enough to gain."""
    size = sum(Path(p).stat().st_size for p in inputs)
    return 2 if (os.cpu_count() or 1) >= 2 and size >= HELPER_MIN_BYTES else 1


BATCH = 2000  # people whose records exist at one time


def _batches(ids: list[str]) -> list[list[str]]:
    return [ids[i : i + BATCH] for i in range(0, len(ids), BATCH)]


class Deciding:
    """Helper processes started now (they load the statutes while the caller reads the
    files); ``decide`` shares the people out; ``close`` stops the helpers."""

    def __init__(self, policy: str | Path, county: str, workers: int) -> None:
        self.pool: ProcessPoolExecutor | None = None
        self.helpers = max(0, workers - 1)
        if self.helpers:
            if getattr(multiprocessing.current_process(), "_inheriting", False):
                # a helper importing the caller's script found a run outside a main guard:
                # one clear line, not multiprocessing's traceback (the caller decides alone)
                raise SystemExit(MAIN_GUARD)
            self.pool = ProcessPoolExecutor(
                max_workers=self.helpers,
                mp_context=multiprocessing.get_context("spawn"),
                initializer=_start_helper,
                initargs=(str(policy), county),
            )
            for _ in range(self.helpers):
                self.pool.submit(_ready)

    def decide(
        self,
        statutes: Sequence[Statute],
        ids: list[str],
        facts_of: Callable[[list[str]], list[PersonFacts]],
        as_of: date,
        progress: Callable[[int], None],
        here: bool = True,
    ) -> Iterator[list[list[DetRow]]]:
        """The determinations of the people ``ids``, a batch of people at a time (one list of
        rows per statute); ``facts_of`` gives what their records are built from (plain
        tuples, quick to send to a helper).  Records exist a batch at a time.  ``here``:
        this process decides a share too (else, when there are helpers, they do it all and
        this process is free for other work meanwhile)."""
        if here or not self.helpers:
            shares = [ids[i :: self.helpers + 1] for i in range(self.helpers + 1)]
        else:
            shares = [[], *(ids[i :: self.helpers] for i in range(self.helpers))]
        sent: list[tuple[list[str], Future[list[list[DetRow]]] | None]] = []
        for share in shares[1:]:
            for batch in _batches(share):
                sent.append((batch, self._send(facts_of(batch), as_of)))
        for batch in _batches(shares[0]):
            yield decide(statutes, build_people(facts_of(batch)), as_of, progress)
            progress(len(batch) % 500)
        for batch, future in sent:
            try:
                if future is None:
                    raise RuntimeError("no helper")
                theirs = future.result()
            except Exception:  # a helper that failed: its share is decided here
                theirs = decide(statutes, build_people(facts_of(batch)), as_of)
            yield theirs
            progress(len(batch))

    def _send(self, facts: list[PersonFacts], as_of: date) -> Future[list[list[DetRow]]] | None:
        if self.pool is None:
            return None
        try:
            return self.pool.submit(_decide_share, facts, as_of)
        except Exception:  # the pool broke (a helper could not start)
            return None

    def close(self, wait: bool = True) -> None:
        """Stop the helpers (``wait=False``: they finish exiting in the background)."""
        if self.pool is not None:
            self.pool.shutdown(wait=wait, cancel_futures=True)
            if wait:
                self.pool = None
