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
checks it).  If a helper fails, its share is decided here.  Helpers ignore Ctrl-C (the
caller stops them) and end with the caller, however it ends (``_exit_with_parent``).  This
module does not import Polars: helpers stay small.
"""

from __future__ import annotations

import contextlib
import ctypes
import multiprocessing
import os
import signal
import sys
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from pathlib import Path

from clearlaw.ca_doj.errors import RunError
from clearlaw.ca_doj.people import PersonFacts, build_people
from clearlaw.dates import date
from clearlaw.evaluate import Statute, evaluate
from clearlaw.library import collector_paused, load
from clearlaw.records import Person
from clearlaw.resources import statutes_dir

__all__ = [
    "DET_COLUMNS",
    "Deciding",
    "dismiss_all_path",
    "load_statutes",
    "policy_file",
    "refuse_in_helper",
]

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


def policy_file(ref: str | Path) -> Path:
    """The file of a policy given as a path or a library id (``ca/policies/bear-default``).
    A checkout's path to a library policy (``statutes/ca/policies/bear-default.law``) that
    does not exist here (an installed package) is read as that policy's id."""
    path = Path(ref)
    if path.is_file():
        return path
    if path.is_dir():
        raise RunError(f"{ref}: is a folder, not a policy file")
    ident = path.as_posix().removeprefix("statutes/").removesuffix(".law")
    in_library = statutes_dir() / f"{ident}.law"
    if not path.is_absolute() and ".." not in path.parts and in_library.is_file():
        return in_library
    policies = sorted(
        p.relative_to(statutes_dir()).with_suffix("").as_posix()
        for p in (statutes_dir() / "ca" / "policies").glob("*.law")
    )
    raise RunError(
        f"{ref}: no such policy file or library id (library policies: {', '.join(policies)})"
    )


def load_statutes(policy: str | Path, county: str) -> tuple[Statute, Statute, Statute]:
    """The statute, the county's policy and the "dismiss all" policy.  A policy that cannot
    be read (a number too long for Python, a statute it amends that does not exist) raises
    ``OptionsError`` in one line."""
    from clearlaw.policy import OptionsError, county_policy

    try:
        chosen = county_policy(policy, county)
    except (FileNotFoundError, ValueError, RecursionError) as err:
        if isinstance(err, OptionsError):
            raise
        said = str(err).split("\n", 1)[0] or type(err).__name__
        raise OptionsError(f"{policy}: cannot be used as a policy: {said}") from None
    return (load("ca/prop64"), chosen, county_policy(dismiss_all_path(), county))


def decide(
    statutes: Sequence[Statute],
    people: Sequence[Person],
    as_of: date,
    progress: Callable[[int], None] | None = None,
) -> list[list[DetRow]]:
    """Each statute's determinations of the people's counts, as rows (``DET_COLUMNS``);
    ``progress(n)`` is told every 500 people."""
    out: list[list[DetRow]] = [[] for _ in statutes]
    with collector_paused():
        for done, person in enumerate(people, start=1):
            if progress is not None and done % 500 == 0:
                progress(500)
            for rows, statute in zip(out, statutes, strict=True):
                # outcomes only (the DOJ outputs list no presumptions): presumed together
                for d in evaluate(
                    statute, person, as_of, explain=False, minimal_presumptions=False
                ):
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

#: ``prctl`` option: the signal a Linux process gets when its parent ends.
PR_SET_PDEATHSIG = 1


def _exit_with_parent(parent: int) -> None:
    """End this helper when the process that started it ends (even by SIGKILL, which leaves
    the caller no time to stop it): on Linux the kernel sends SIGTERM (``prctl``); elsewhere a
    thread checks every second that the parent is still there."""
    if sys.platform.startswith("linux"):
        with contextlib.suppress(OSError, AttributeError):
            ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGTERM)
            if os.getppid() != parent:  # the parent ended before prctl
                os._exit(1)
            return

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(1)
        os._exit(1)

    threading.Thread(target=watch, daemon=True).start()


def _start_helper(policy: str, county: str, parent: int) -> None:
    global _HELPER_STATUTES
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the caller's to handle
    _exit_with_parent(parent)
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


def refuse_in_helper() -> None:
    """Called first by a run: in a helper importing the caller's script, a run outside a main
    guard says so in one line (``MAIN_GUARD``), not multiprocessing's traceback, and the
    helper ends (the caller decides alone)."""
    if getattr(multiprocessing.current_process(), "_inheriting", False):
        raise SystemExit(MAIN_GUARD)


class Deciding:
    """Helper processes started now (they load the statutes while the caller reads the
    files); ``decide`` shares the people out; ``close`` stops the helpers."""

    def __init__(self, policy: str | Path, county: str, workers: int) -> None:
        self.pool: ProcessPoolExecutor | None = None
        self.helpers = max(0, workers - 1)
        if self.helpers:
            self.pool = ProcessPoolExecutor(
                max_workers=self.helpers,
                mp_context=multiprocessing.get_context("spawn"),
                initializer=_start_helper,
                initargs=(str(policy), county, os.getpid()),
            )
            with _no_ctrl_c():  # the helpers start ignoring it (until their initializer runs)
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


@contextlib.contextmanager
def _no_ctrl_c() -> Iterator[None]:
    """SIGINT ignored while the block runs (a process started meanwhile inherits that), in
    the main thread only (signals are set there)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    before = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, before)
