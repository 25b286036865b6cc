"""The DuckDB SQL of ``clearlaw.columnar.sql`` (and ``engine``) rewritten for Spark SQL.

There is one compiler: ``sql.Compiler`` writes DuckDB SQL, and ``spark_sql`` transpiles it
with sqlglot (DuckDB → Spark), after four rewrites sqlglot does not make itself:

* ``list_reduce(list, lambda, init)`` → ``aggregate(list, init, lambda)`` (Spark's fold);
* ``list(x ORDER BY a, b)`` → the sorted ``collect_list`` of ``(a, b, x)``, then ``x`` (Spark's
  ``collect_list`` has no order of its own; sqlglot would drop the ``ORDER BY``);
* a duration literal (``INTERVAL 'M months D days'``) → the number ``M * MONTH + D``: Spark's
  calendar intervals cannot be compared nor kept in a cached table, and a duration is only
  ever added to a date, added to or compared with another duration (``cl_months``/``cl_days``
  read it back);
* the date-convention macros (``sql.macros``) become Spark SQL functions
  (``CREATE TEMPORARY FUNCTION``): their bodies are transpiled too, with ``d + to_months(m)``
  as ``add_months(d, m)`` (both keep the last day of a shorter month);

and, for the reading rules of ``layout.flatten_sql``:

* ``unnest(l) AS x, generate_subscripts(l, 1) AS i`` in one ``SELECT`` → ``posexplode(l) AS
  (i, x)`` (Spark's place is 0-based, DuckDB's 1-based: only the order is read);
* ``json_valid(j)`` → ``try_parse_json(j) IS NOT NULL``, and ``json_type(j[, path])`` → the
  type of the value as Spark's variant reads it (``schema_of_variant``), named as DuckDB
  names it (``BIGINT``, ``DOUBLE``, ``VARCHAR``, ``NULL``, ``OBJECT`` …).
"""

from __future__ import annotations

import re

import sqlglot
from sqlglot import exp

from clearlaw.columnar.sql import macros
from clearlaw.dates import DateConvention

__all__ = ["MONTH", "spark_functions", "spark_sql"]

#: A duration of M months and D days is the number ``M * MONTH + D`` (days within ±MONTH/2).
MONTH = 2**32

_INTERVAL = re.compile(r"^\s*(-?\d+) months (-?\d+) days\s*$")

#: The Spark signature of each macro: (parameters, result).
_SIGNATURES = {
    "cl_months": ("i BIGINT", "INT"),
    "cl_days": ("i BIGINT", "INT"),
    "cl_shift": ("d DATE, m INT", "DATE"),
    "cl_add": ("d DATE, i BIGINT", "DATE"),
    "cl_sub": ("d DATE, i BIGINT", "DATE"),
    "cl_yp": ("a DATE, b DATE", "INT"),
    "cl_years": ("a DATE, b DATE", "INT"),
}

#: Durations as numbers: their months (rounded to the nearest) and the days left over.
_DURATION_PARTS = (
    f"CREATE OR REPLACE MACRO cl_months(i) AS CAST(floor((i + {MONTH // 2}) / {MONTH}) AS INTEGER)",
    f"CREATE OR REPLACE MACRO cl_days(i) AS CAST(i - cl_months(i) * {MONTH} AS INTEGER)",
)

_MACRO = re.compile(r"^CREATE OR REPLACE MACRO (\w+)\(([^)]*)\) AS (.*)$", re.S)


def spark_sql(sql: str) -> str:
    """``sql`` (DuckDB, as ``clearlaw.columnar`` writes it) as Spark SQL."""
    tree = sqlglot.parse_one(sql, read="duckdb")
    return tree.transform(_rewrite).sql(dialect="spark")


def spark_functions(convention: DateConvention) -> tuple[str, ...]:
    """The statements creating the date-convention functions of ``sql.macros`` in Spark."""
    out = []
    for text in (*_DURATION_PARTS, *macros(convention)):
        found = _MACRO.match(text)
        assert found is not None, text
        name, _, body = found.groups()
        if name == "cl_months" and text not in _DURATION_PARTS:
            continue  # DuckDB's reads an interval; Spark's reads the number (above)
        params, result = _SIGNATURES[name]
        out.append(
            f"CREATE OR REPLACE TEMPORARY FUNCTION {name}({params}) RETURNS {result}"
            f" RETURN {spark_sql(body)}"
        )
    return tuple(out)


#: Spark's variant types (``schema_of_variant``) as DuckDB's ``json_type`` names them.
_JSON_TYPE = """CASE WHEN {t} = 'VOID' THEN 'NULL' WHEN {t} = 'STRING' THEN 'VARCHAR'
    WHEN {t} IN ('TINYINT', 'SMALLINT', 'INT', 'BIGINT') THEN 'BIGINT'
    WHEN {t} IN ('FLOAT', 'DOUBLE') OR {t} LIKE 'DECIMAL%' THEN 'DOUBLE'
    WHEN {t} LIKE 'OBJECT%' THEN 'OBJECT' WHEN {t} LIKE 'ARRAY%' THEN 'ARRAY' ELSE {t} END"""


def _json_type(node: exp.JSONType) -> exp.Expression:
    value = f"TRY_PARSE_JSON({_inner(node.this).sql(dialect='spark')})"
    if node.expression is not None:
        value = f"VARIANT_GET({value}, {node.expression.sql(dialect='spark')})"
    found = sqlglot.parse_one(_JSON_TYPE.format(t=f"SCHEMA_OF_VARIANT({value})"), read="spark")
    assert isinstance(found, exp.Expression)
    return found


def _posexplode(select: exp.Select) -> None:
    """``unnest(l) AS x, generate_subscripts(l, 1) AS i`` of ``select`` as
    ``posexplode(l) AS (i, x)``, in place."""
    places = {
        e.this.expressions[0].sql(): e
        for e in select.expressions
        if isinstance(e, exp.Alias) and _is_call(e.this, "generate_subscripts")
    }
    for e in list(select.expressions):
        if isinstance(e, exp.Alias) and isinstance(e.this, exp.Explode):
            place = places.pop(e.this.this.sql(), None)
            if place is not None:
                names = [exp.to_identifier(place.alias), exp.to_identifier(e.alias)]
                e.replace(exp.Aliases(this=exp.Posexplode(this=e.this.this), expressions=names))
                place.pop()


def _rewrite(node: exp.Expression) -> exp.Expression:
    """One node rewritten (``transform`` does not visit what a rewrite returns: a rewrite
    rewrites the parts it keeps itself, ``_inner``; a ``SELECT`` is rewritten in place)."""
    if isinstance(node, exp.Select):
        _posexplode(node)
        return node
    if isinstance(node, exp.JSONType):
        return _json_type(node)
    if _is_call(node, "json_valid"):
        parsed = exp.Anonymous(this="TRY_PARSE_JSON", expressions=[_inner(node.expressions[0])])
        return exp.Not(this=exp.Is(this=parsed, expression=exp.Null()))
    if isinstance(node, exp.Interval):
        return _duration(node)
    if isinstance(node, exp.Anonymous):
        name = node.name.lower()
        if name == "list_reduce":
            items, fold, init = (_inner(x) for x in node.expressions)
            return exp.Anonymous(this="AGGREGATE", expressions=[items, init, fold])
        if name == "datepart" and node.expressions[0].name == "day":
            return exp.Anonymous(this="cl_days", expressions=[_inner(node.expressions[1])])
    if isinstance(node, exp.Add) and _is_call(node.expression, "to_months"):
        months = _inner(node.expression.expressions[0])
        return exp.Anonymous(this="ADD_MONTHS", expressions=[_inner(node.this), months])
    if isinstance(node, exp.Filter) and _ordered_list(node.this):
        return _sorted_list(node.this, node.expression)
    if isinstance(node, exp.ArrayAgg) and _ordered_list(node):
        return _sorted_list(node, None)
    return node


def _inner(node: exp.Expression) -> exp.Expression:
    return node.copy().transform(_rewrite)


def _is_call(node: exp.Expression, name: str) -> bool:
    return isinstance(node, exp.Anonymous) and node.name.lower() == name


def _ordered_list(node: exp.Expression) -> bool:
    return isinstance(node, exp.ArrayAgg) and isinstance(node.this, exp.Order)


def _duration(node: exp.Interval) -> exp.Expression:
    found = _INTERVAL.match(node.this.name) if node.this is not None else None
    if found is None or node.args.get("unit") is not None:
        raise ValueError(f"a duration the Spark dialect cannot read: {node.sql()}")
    months, days = int(found.group(1)), int(found.group(2))
    return exp.cast(exp.Literal.number(months * MONTH + days), "BIGINT")


def _sorted_list(node: exp.ArrayAgg, where: exp.Expression | None) -> exp.Expression:
    """``list(x ORDER BY k…)`` as ``transform(array_sort(collect_list((k…, x))), y -> y.x)``:
    a struct sorts by its fields in order, the keys first."""
    order = node.this
    assert isinstance(order, exp.Order)
    keys = [o.this for o in order.expressions]
    fields = [
        exp.PropertyEQ(this=exp.to_identifier(f"k{i}"), expression=_inner(k))
        for i, k in enumerate(keys)
    ]
    fields.append(exp.PropertyEQ(this=exp.to_identifier("x"), expression=_inner(order.this)))
    collected: exp.Expression = exp.Anonymous(
        this="COLLECT_LIST", expressions=[exp.Struct(expressions=fields)]
    )
    if where is not None:
        collected = exp.Filter(this=collected, expression=_inner(where))
    element = exp.to_identifier("cl_y")
    return exp.Anonymous(
        this="TRANSFORM",
        expressions=[
            exp.Anonymous(this="ARRAY_SORT", expressions=[collected]),
            exp.Lambda(this=exp.column("x", table="cl_y"), expressions=[element]),
        ],
    )
