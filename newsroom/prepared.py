"""Reader queries whose SQL is built once per process and database, then run with each call's values.

Building and compiling a QuerySet costs the ORM more Python work than running it. The first call of a
``@prepared`` function for a database (and each length of a list argument) builds its QuerySet from stand-in
values, compiles it and notes where each argument lands among the parameters; every call then runs that SQL
with its own values and makes what the QuerySet would have given (models with their select_related rows and
annotations, or tuples for ``rows=True``).

The function must only pass its arguments into the query (no ``if`` on them, no slicing by them: give
``limit``/``offset`` to the call). With ``settings.NEWSROOM_CHECK_PREPARED`` (the tests set it) every call
also builds the query the ordinary way and fails unless it compiles to the same SQL and parameters.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum
from typing import Any

from django.conf import settings
from django.core.exceptions import EmptyResultSet
from django.db import connections, router
from django.db.models import Count, QuerySet, Value
from django.db.models.query import get_related_populators
from psycopg import sql as pg_sql

#: Kept compilations per query function: one per database and shape of its list arguments, a handful in practice.
MAX_SHAPES = 64

ALL = "all"  # a slot taking a list argument whole
_INT_BASE = 7_366_000_000_000  # stand-in integers: far beyond any key or count
_EPOCH = dt.datetime(1901, 1, 1, tzinfo=dt.UTC)


@dataclass
class _Compiled:
    sql: str | None  # None: the query can match nothing (an empty IN list)
    slots: list  # per parameter: a constant, or (argument, index in a list or None, adapter)
    compiler: Any
    built: tuple | None = None  # (sql, slots) as the ORM wrote them, when constants were written into sql


_PLACEHOLDER = re.compile(r"%%|%s")


def _constants_inlined(compiled: _Compiled, connection) -> _Compiled:
    """PostgreSQL: the query's constants (strings, integers and booleans the query's builder wrote, not a call's
    arguments) as SQL literals, so parameters stand only where calls differ. PostgreSQL plans a statement
    without parameters once per connection; given a constant as a parameter, it plans the statement again on
    every run whenever it cannot cost a generic plan as well as one made for the values."""
    if connection.vendor != "postgresql" or compiled.sql is None:
        return compiled
    connection.ensure_connection()
    slots = iter(compiled.slots)
    kept: list = []

    def literal(match: re.Match) -> str:
        if match.group() == "%%":
            return "%%"
        slot = next(slots)
        if len(slot) == 1 and isinstance(slot[0], (str, int)):
            value = slot[0].value if isinstance(slot[0], Enum) else slot[0]  # TextChoices, psycopg's Int4
            plain = bool(value) if isinstance(value, bool) else int(value) if isinstance(value, int) else str.__str__(value)
            return pg_sql.Literal(plain).as_string(connection.connection).replace("%", "%%")
        kept.append(slot)
        return "%s"

    sql = _PLACEHOLDER.sub(literal, compiled.sql)
    return _Compiled(sql, kept, compiled.compiler, built=(compiled.sql, compiled.slots))


def _stand_in(value, n: int):
    """A value of ``value``'s type that no real call passes (the n-th), or None when the type is part of the key."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int):
        return _INT_BASE + n
    if isinstance(value, str):
        return f"\ue000{n}\ue001"
    if isinstance(value, dt.datetime):
        return _EPOCH + dt.timedelta(seconds=n)
    if isinstance(value, dt.date):
        return _EPOCH.date() + dt.timedelta(days=n)
    raise TypeError(f"prepared queries take integers, strings, dates and lists of them, not {type(value).__name__}")


class Array(tuple):
    """A list the query takes as one parameter (a PostgreSQL array, ``= ANY(%s)``): its length is not part of
    the SQL, so one compilation serves every length."""


def _shape(args) -> tuple:
    """What a compilation is kept under besides the database: list lengths, booleans and Nones."""
    return tuple(
        Array if isinstance(a, Array) else len(a) if isinstance(a, (list, tuple))
        else a if isinstance(a, bool) or a is None else type(a)
        for a in args
    )


def _compile(build, alias: str, args) -> _Compiled:
    connection = connections[alias]
    ops = connection.ops
    stand_ins, found, whole, arrays, n = [], {}, {}, set(), 0
    for i, arg in enumerate(args):
        if isinstance(arg, Array):  # one stand-in, for the list as a whole
            stand_in = _INT_BASE + n if all(isinstance(v, int) for v in arg) else f"\ue000{n}\ue001"
            n += 1
            arrays.add(stand_in)
            whole[(stand_in,)] = (i, ALL, None)
            stand_ins.append(Array([stand_in]))
            continue
        is_list = isinstance(arg, (list, tuple))
        replaced = []
        for j, value in enumerate(arg if is_list else [arg]):
            stand_in = _stand_in(value, n)
            n += 1
            replaced.append(value if stand_in is None else stand_in)
            if stand_in is None:
                continue
            index = j if is_list else None
            found[stand_in] = (i, index, None)
            # A date or time may reach the parameters as its field adapted it: kept with the adapter.
            adapt = ops.adapt_datetimefield_value if isinstance(stand_in, dt.datetime) else (
                ops.adapt_datefield_value if isinstance(stand_in, dt.date) else None)
            if adapt is not None:
                found[adapt(stand_in)] = (i, index, adapt)
        if is_list:
            whole[tuple(replaced)] = (i, ALL, None)  # the list as one parameter (a PostgreSQL array)
        stand_ins.append(replaced if is_list else replaced[0])
    compiler = build(*stand_ins).query.get_compiler(using=alias)
    try:
        sql, params = compiler.as_sql()
    except EmptyResultSet:
        return _Compiled(None, [], compiler)
    for form in [*found, *arrays]:
        if isinstance(form, (int, str)) and str(form) in sql:
            raise ValueError(f"{build.__qualname__}: an argument went into the SQL text, not its parameters")
    if arrays.intersection(p for p in params if isinstance(p, (int, str))):
        raise ValueError(f"{build.__qualname__}: an Array went into the query item by item, not whole")
    slots = [
        found.get(p, (p,)) if isinstance(p, (int, str, dt.date))
        else whole.get(tuple(p), (p,)) if isinstance(p, (list, tuple)) else (p,)
        for p in params
    ]
    return _constants_inlined(_Compiled(sql, slots, compiler), connection)


def _params(slots: list, args, *, array_text: bool = True) -> list:
    """The parameters for ``args``. With ``array_text``, an integer Array is given as PostgreSQL's array text
    (``{1,2,3}``), which the server reads as the array the SQL wants: psycopg would look at every item of a
    list to choose the array's type."""
    params = []
    for slot in slots:
        if len(slot) == 1:
            params.append(slot[0])
            continue
        i, j, adapter = slot
        if j is None:
            value = args[i]
        elif j is not ALL:
            value = args[i][j]
        elif array_text and isinstance(args[i], Array) and all(type(item) is int for item in args[i]):
            value = "{" + ",".join(map(str, args[i])) + "}"
        else:
            value = list(args[i])
        params.append(adapter(value) if adapter else value)
    return params


def _results(compiler, alias: str, rows: list, as_rows: bool) -> list:
    converted = compiler.results_iter([rows], tuple_expected=True)
    if as_rows:
        return list(converted)
    info = compiler.klass_info
    first, last = info["select_fields"][0], info["select_fields"][-1] + 1
    names = [column[0].target.attname for column in compiler.select[first:last]]
    populators = get_related_populators(info, compiler.select, alias)
    annotations = compiler.annotation_col_map.items()
    model, objects = info["model"], []
    for row in converted:
        obj = model.from_db(alias, names, row[first:last])
        for populator in populators:
            populator.populate(row, obj)
        for name, position in annotations:
            setattr(obj, name, row[position])
        objects.append(obj)
    return objects


def prepared(build: Callable[..., QuerySet] | None = None, *, rows: bool = False):
    """Run the QuerySet ``build(*args)`` returns from SQL compiled once (see the module); ``rows``: the query is a
    ``values_list`` (fields in select order), give its tuples. Calls take ``limit`` and ``offset`` too."""
    if build is None:
        return functools.partial(prepared, rows=rows)
    kept: dict[tuple, _Compiled] = {}
    model = None

    @functools.wraps(build)
    def run(*args, limit: int | None = None, offset: int = 0) -> list:
        nonlocal model
        if model is None:
            model = build(*args).model
        alias = router.db_for_read(model)
        key = (alias, *_shape(args))
        compiled = kept.get(key)
        if compiled is None:
            if len(kept) >= MAX_SHAPES:
                kept.clear()
            compiled = kept[key] = _compile(build, alias, args)
        if compiled.sql is None:
            return []
        sql, params = compiled.sql, _params(compiled.slots, args)
        if getattr(settings, "NEWSROOM_CHECK_PREPARED", False):
            built_sql, built_slots = compiled.built or (sql, compiled.slots)
            _check(build, alias, args, built_sql, _params(built_slots, args, array_text=False))
        if limit is not None:  # a list's first page, the hot one, is a statement without an OFFSET parameter
            sql = f"{sql} LIMIT {int(limit)} OFFSET {'%s' if offset else 0}"
            if offset:
                params.append(offset)
        with connections[alias].cursor() as cursor:
            cursor.execute(sql, params)
            found = cursor.fetchall()
        return _results(compiled.compiler, alias, found, rows)

    return run


def _check(build, alias, args, sql, params) -> None:
    """Fail unless the query built the ordinary way compiles to ``sql`` and ``params``."""
    try:
        expected = build(*args).query.get_compiler(using=alias).as_sql()
    except EmptyResultSet:
        expected = (None, [])

    def plain(values) -> list:  # a list argument is passed as a list, however the caller held it
        return [list(v) if isinstance(v, tuple) else v for v in values]

    if (sql, plain(params)) != (expected[0], plain(expected[1])):
        raise AssertionError(f"{build.__qualname__}: prepared {sql!r} {params!r}, built {expected!r}")


def first_row(query, *args, missing: type[Exception]):
    """The first row the prepared ``query`` gives for ``args``; raises ``missing`` (a DoesNotExist) if none."""
    found = query(*args, limit=1)
    if not found:
        raise missing(*args)
    return found[0]


def counted(queryset: QuerySet) -> QuerySet:
    """``queryset``'s COUNT as a one-row ``values_list`` (``.count()`` runs at once; a prepared query must not)."""
    return queryset.order_by().values(one=Value(1)).annotate(n=Count("pk")).values_list("n")


def loaded(model, **values):
    """An instance of ``model`` from some of its fields' values, as if loaded from the database (``from_db``:
    cheaper than the constructor, the other fields deferred)."""
    names = [f.attname for f in model._meta.concrete_fields if f.attname in values]
    return model.from_db(None, names, [values[name] for name in names])


def in_order(ids, found) -> list:
    """The items of ``found`` (each with a ``pk``) in the order of ``ids``; an id with none is left out (a list
    read as ids, then its items fetched by id)."""
    by_pk = {item.pk: item for item in found}
    return [by_pk[pk] for pk in ids if pk in by_pk]


class PreparedList:
    """A long list a paginator slices: each page is one run of a prepared query with ``limit`` and ``offset``
    (its results given to ``rows``, if any, to make the page's items). Its length is ``total()`` (a kept count):
    it has no COUNT of its own."""

    def __init__(self, query, *args, total: Callable[[], int], rows: Callable[[list], list] | None = None):
        self.query, self.args, self.total, self.rows = query, args, total, rows

    def __getitem__(self, index: slice) -> list:
        if index.stop <= index.start:
            return []
        found = self.query(*self.args, limit=index.stop - index.start, offset=index.start)
        return self.rows(found) if self.rows else found

    def count(self) -> int:
        return self.total()
