"""Bulk writes for the seed: the same rows ``bulk_create`` would write, at a fraction of the cost.

``bulk_create`` spends about 50 µs of Python per row preparing each field through the SQL compiler; for
the two and a half million rows of a 100,000-student district that alone took minutes. Here each field
gets one converter chosen by its type, and the rows go to the database in bulk through the driver:

- SQLite: multi-row ``INSERT … VALUES`` (with ``RETURNING id`` where the primary keys are needed, as
  ``bulk_create`` does on SQLite 3.35+);
- PostgreSQL: ``COPY … FROM STDIN`` (twenty times faster than multi-row INSERTs through psycopg here),
  with the primary keys drawn from the table's sequence first where they are needed.

``insert_objects`` writes unsaved model instances and sets their primary keys, so the rows below them
can point to them; ``insert_rows`` writes dicts of field name → value for the many rows nothing points to
(team memberships, class enrolments, progress scores, votes…), without building model instances.

A foreign key may be given as a model instance written earlier; its primary key is read when the row is
written. Missing fields take their default; ``auto_now``/``auto_now_add`` fields take ``now``. No signals
are sent (so, as with ``bulk_create``, no change-history rows) and nothing is validated here: the seed's
tests run ``full_clean()`` on what it wrote.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Sequence
from datetime import datetime

from django.db import DEFAULT_DB_ALIAS, connections, models
from django.db.backends.base.base import BaseDatabaseWrapper

MAX_ROWS_PER_STATEMENT = 1000


def _value_converter(field: models.Field, now: datetime, connection) -> Callable[[object], object] | None:
    """How a Python value of this field becomes a database parameter (None: as it is)."""
    if isinstance(field, models.DateTimeField) and (field.auto_now or field.auto_now_add):
        stamp = field.get_db_prep_save(now, connection)
        return lambda value: stamp
    if isinstance(field, models.DateTimeField | models.DecimalField | models.JSONField | models.UUIDField):
        return lambda value: field.get_db_prep_save(value, connection)
    if isinstance(field, models.DateField):
        return connection.ops.adapt_datefield_value
    return None


def _object_getters(model: type[models.Model], fields, now: datetime, connection) -> list[Callable]:
    getters: list[Callable[[models.Model], object]] = []
    for field in fields:
        attname = field.attname
        if field.is_relation:
            def related(obj, field=field, attname=attname):
                parent = field.get_cached_value(obj, None)
                if parent is None:
                    return obj.__dict__.get(attname)
                if parent.pk is None:
                    raise ValueError(f"{model.__name__}.{field.name}: {parent!r} has not been written yet.")
                obj.__dict__[attname] = parent.pk  # not through the descriptor, which would drop the cached parent
                return parent.pk
            getters.append(related)
            continue
        convert = _value_converter(field, now, connection)
        if convert is None:
            getters.append(lambda obj, attname=attname: obj.__dict__[attname])
        else:
            getters.append(lambda obj, attname=attname, convert=convert: convert(obj.__dict__[attname]))
    return getters


def _row_getters(fields, now: datetime, connection) -> list[Callable]:
    getters: list[Callable[[dict], object]] = []
    for field in fields:
        name = field.name
        if field.is_relation:
            def related(row, name=name, attname=field.attname):
                value = row[name] if name in row else row.get(attname)
                return value.pk if isinstance(value, models.Model) else value
            getters.append(related)
            continue
        default = field.get_default()  # "" for a text field without a default, as the ORM would store
        convert = _value_converter(field, now, connection)
        if convert is None:
            getters.append(lambda row, name=name, default=default: row.get(name, default))
        else:
            getters.append(lambda row, name=name, default=default, convert=convert: convert(row.get(name, default)))
    return getters


def _cursor(connection: BaseDatabaseWrapper):
    """The driver's cursor, inside the current transaction: Django's wrapper would rewrite each statement's
    placeholders with a regular expression and, with DEBUG on, log every parameter (on SQLite, by quoting
    them in extra queries), which costs more than the inserts."""
    connection.ensure_connection()
    return connection.connection.cursor()


def _write(connection: BaseDatabaseWrapper, model: type[models.Model], fields, values: list[list],
           *, returning: bool) -> list[int]:
    """Write the rows (lists of parameters in ``fields`` order); the new primary keys, in order, if ``returning``."""
    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    pk_column = quote(model._meta.pk.column)
    columns = [quote(f.column) for f in fields]
    cursor = _cursor(connection)
    try:
        if connection.vendor == "postgresql":
            ids: list[int] = []
            if returning:
                cursor.execute("SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                               [model._meta.db_table, model._meta.pk.column, len(values)])
                ids = [pk for (pk,) in cursor.fetchall()]
                columns = [pk_column, *columns]
                values = [[pk, *row] for pk, row in zip(ids, values, strict=True)]
            with cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
                for row in values:
                    copy.write_row(row)
            return ids
        # SQLite (and any other backend with multi-row VALUES and RETURNING).
        mark = "?" if connection.vendor == "sqlite" else "%s"
        one = "(" + ", ".join([mark] * len(fields)) + ")"
        head = f"INSERT INTO {table} ({', '.join(columns)}) VALUES "  # noqa: S608 - quoted model names
        tail = f" RETURNING {pk_column}" if returning else ""
        per = max(1, min(MAX_ROWS_PER_STATEMENT, (_max_parameters(connection) - 1) // len(fields)))
        ids = []
        for start in range(0, len(values), per):
            chunk = values[start:start + per]
            cursor.execute(head + ", ".join([one] * len(chunk)) + tail, [v for row in chunk for v in row])
            if returning:
                ids.extend(pk for (pk,) in cursor.fetchall())
        return ids
    finally:
        cursor.close()


def _max_parameters(connection: BaseDatabaseWrapper) -> int:
    if connection.vendor == "sqlite":
        try:
            return connection.connection.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER)
        except (AttributeError, sqlite3.Error):
            return 999
    return connection.features.max_query_params or 65_535


def reserve_ids(model: type[models.Model], count: int) -> list[int]:
    """``count`` new primary keys for ``model``, for rows whose keys are needed before they are written (an
    IEP's snapshot names its own id and its goals'). PostgreSQL: drawn from the table's sequence; SQLite: after
    the largest key written, so write them before the next reservation (the seed writes in one transaction)."""
    if count <= 0:
        return []
    connection = connections[DEFAULT_DB_ALIAS]
    cursor = _cursor(connection)
    try:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                           [model._meta.db_table, model._meta.pk.column, count])
            return [pk for (pk,) in cursor.fetchall()]
        quote = connection.ops.quote_name
        cursor.execute(f"SELECT MAX({quote(model._meta.pk.column)}) FROM {quote(model._meta.db_table)}")  # noqa: S608
        first = (cursor.fetchone()[0] or 0) + 1
        return list(range(first, first + count))
    finally:
        cursor.close()


def insert_objects(model: type[models.Model], objs: Sequence[models.Model], *, now: datetime,
                   keep_pks: bool = False) -> None:
    """Write unsaved instances of ``model`` and give each its primary key (or, with ``keep_pks``, write the
    primary keys already set on them, from ``reserve_ids``)."""
    if not objs:
        return
    connection = connections[DEFAULT_DB_ALIAS]
    if keep_pks:
        fields = list(model._meta.concrete_fields)
        getters = _object_getters(model, fields, now, connection)
        _write(connection, model, fields, [[get(obj) for get in getters] for obj in objs], returning=False)
        for obj in objs:
            obj._state.adding = False
            obj._state.db = connection.alias
        return
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    getters = _object_getters(model, fields, now, connection)
    ids = _write(connection, model, fields, [[get(obj) for get in getters] for obj in objs], returning=True)
    for obj, pk in zip(objs, ids, strict=True):
        obj.pk = pk
        obj._state.adding = False
        obj._state.db = connection.alias


def insert_rows(model: type[models.Model], rows: Sequence[dict], *, now: datetime, keep_pks: bool = False) -> None:
    """Write ``rows`` (dicts of field name → value; missing fields take their default) into ``model``'s table;
    with ``keep_pks``, each row's ``id`` too (from ``reserve_ids``)."""
    if not rows:
        return
    connection = connections[DEFAULT_DB_ALIAS]
    fields = [f for f in model._meta.concrete_fields if keep_pks or not f.primary_key]
    getters = _row_getters(fields, now, connection)
    _write(connection, model, fields, [[get(row) for get in getters] for row in rows], returning=False)
