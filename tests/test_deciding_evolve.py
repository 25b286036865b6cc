"""``clearlaw.evolve.evolve``: the copy ``attrs.evolve`` makes, for records and for classes it
cannot copy slot by slot."""

from __future__ import annotations

import datetime as dt

import attrs
import pytest

from clearlaw import records as r
from clearlaw.evolve import _shape, evolve


def _count() -> r.Count:
    return r.Count(
        id="1",
        level=r.Level.FELONY,
        offense_date=dt.date(2015, 3, 1),
        sentence=r.Sentence(incarcerated=True),
        facts={"plants": 4},
    )


def test_a_record_is_copied_slot_by_slot_as_attrs_copies_it() -> None:
    count = _count()
    assert _shape(r.Count).copy is not None
    for changes in ({}, {"level": r.Level.MISDEMEANOR}, {"facts": {"plants": 7}}):
        copy = evolve(count, **changes)
        assert copy == attrs.evolve(count, **changes)
        assert hash(copy) == hash(attrs.evolve(count, **changes))
    assert evolve(count).facts is count.facts
    assert count.facts == {"plants": 4}  # the original is left as it was


def test_a_changed_field_goes_through_its_converter() -> None:
    copy = evolve(_count(), facts={"plants": 7})
    assert isinstance(copy.facts, r.Facts)
    assert copy.facts == {"plants": 7}


def test_an_unknown_field_is_refused_as_init_refuses_it() -> None:
    with pytest.raises(TypeError, match="unexpected argument 'plant'"):
        evolve(_count(), plant=3)


@attrs.frozen
class _Checked:
    value: int = attrs.field(validator=attrs.validators.ge(0))
    label: str = attrs.field(default="x", kw_only=True)


def test_a_class_with_a_validator_is_copied_through_init() -> None:
    assert _shape(_Checked).copy is None
    assert evolve(_Checked(1, label="y"), value=2) == _Checked(2, label="y")
    with pytest.raises(ValueError):
        evolve(_Checked(1), value=-1)


@attrs.frozen(cache_hash=True)
class _Hashed:
    value: int


def test_a_class_with_a_cached_hash_is_copied_through_init() -> None:
    assert _shape(_Hashed).copy is None
    copy = evolve(_Hashed(1), value=2)
    assert hash(copy) == hash(_Hashed(2))
