"""Database triggers that make audit tables append-only.

The record of access and every change-history table (django-simple-history's ``Historical*``
models) refuse UPDATE at the database, whatever code or console tries it. DELETE stays possible
only because 34 CFR 300.624 requires destroying records on a parent's request; no code path in
OpenIEP deletes audit rows otherwise.
"""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.db import connections


def audit_tables() -> list[str]:
    tables = []
    for model in apps.get_models():
        if model.__name__.startswith("Historical") or model._meta.label == "audit.AccessRecord":
            tables.append(model._meta.db_table)
    return sorted(tables)


def _statements(vendor: str, table: str) -> list[str]:
    trigger = f"{table}_append_only"
    if vendor == "sqlite":
        return [
            f'CREATE TRIGGER IF NOT EXISTS "{trigger}" BEFORE UPDATE ON "{table}" '
            "BEGIN SELECT RAISE(ABORT, 'audit rows are append-only'); END;"
        ]
    if vendor == "postgresql":
        return [
            f'CREATE OR REPLACE TRIGGER "{trigger}" BEFORE UPDATE ON "{table}" '
            "FOR EACH ROW EXECUTE FUNCTION openiep_refuse_update();"
        ]
    return []


_PG_FUNCTION = """
CREATE OR REPLACE FUNCTION openiep_refuse_update() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'audit rows are append-only (%)', TG_TABLE_NAME;
END;
$$ LANGUAGE plpgsql;
"""


def install_append_only_triggers(sender: Any = None, using: str = "default", **kwargs: Any) -> None:
    connection = connections[using]
    existing = set(connection.introspection.table_names())
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(_PG_FUNCTION)
        for table in audit_tables():
            if table in existing:
                for sql in _statements(connection.vendor, table):
                    cursor.execute(sql)
