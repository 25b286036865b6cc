"""Small statutes written for tests: the same header (two outcomes, every conviction in scope)
and the lines a test is about."""

from __future__ import annotations


def small_statute(sid: str, title: str, body: str) -> str:
    """Statute ``sid`` with outcomes ``clear`` (relief) and ``keep`` (otherwise), applying to
    every conviction; ``body`` adds its parameters, definitions and rules."""
    return (
        f'statute "{title}"\n  id {sid}\n  effective 2000-01-01\n'
        'outcomes\n  clear relief automatic "Cleared"\n  keep "Kept"\n  otherwise keep\n'
        "applies to each count where disposition is convicted  § T 1\n" + body.lstrip("\n")
    )
