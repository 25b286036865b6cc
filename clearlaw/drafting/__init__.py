"""The drafter's workbench: what a change of the law does to records.

``impact``: the counts whose determination differs between two versions of a statute
(``clearlaw diff``); ``population``: seeded synthetic people per state to run it on when there
are no real records; ``search``: people, found by hypothesis, whom two versions treat
differently (``clearlaw diff --search``).
"""
