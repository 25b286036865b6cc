"""The project's own pytest configuration.

The ``.tests`` files in ``statutes/bad-tests/`` are broken on purpose (``test_check_tests.py``
compares their diagnostics): the clearlaw pytest plugin must not collect them when the folder
is named on the command line (``pytest tests/``)."""

collect_ignore_glob = ["statutes/bad-tests/*.tests"]
