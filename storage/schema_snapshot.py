"""A database's schema as plain data (SQLAlchemy inspection), to compare two ways of building it.

``snapshot`` reads every table of the connected database: columns (type as the dialect
spells it, nullability, server default), primary key, indexes, unique constraints, foreign
keys (with their ON DELETE/UPDATE) and check constraints. Columns are keyed by name, not
position: a column added by a later migration comes last in its table (SQLite appends),
and nothing reads columns by position. ``differences`` lists what two snapshots disagree on.
Used by the tests that keep the models (``storage.tables``) and the migrations equal.
"""

from __future__ import annotations

import re
from typing import Any

from sqlalchemy import inspect
from sqlalchemy.engine import Connection

Snapshot = dict[str, dict[str, Any]]


def _text(value: object) -> str | None:
    """A default or check expression with its spacing and outer parentheses evened out."""
    if value is None:
        return None
    spelled = re.sub(r"\s+", " ", str(value)).strip()
    while spelled.startswith("(") and spelled.endswith(")") and _balanced(spelled[1:-1]):
        spelled = spelled[1:-1].strip()
    return spelled


def _balanced(text: str) -> bool:
    depth = 0
    for char in text:
        depth += {"(": 1, ")": -1}.get(char, 0)
        if depth < 0:
            return False
    return depth == 0


def snapshot(conn: Connection) -> Snapshot:
    """Every table of the database ``conn`` is connected to, as comparable data."""
    inspector = inspect(conn)
    dialect = conn.dialect
    tables: Snapshot = {}
    for name in sorted(inspector.get_table_names()):
        columns = {
            c["name"]: {"type": c["type"].compile(dialect=dialect), "nullable": c["nullable"],
                        "default": _text(c.get("default"))}
            for c in inspector.get_columns(name)}
        pk = inspector.get_pk_constraint(name)
        indexes = sorted(
            (i["name"], tuple(i["column_names"]), bool(i["unique"]))
            for i in inspector.get_indexes(name))
        uniques = sorted((u["name"], tuple(u["column_names"]))
                         for u in inspector.get_unique_constraints(name))
        foreign = sorted(
            (f["name"], tuple(f["constrained_columns"]), f["referred_table"],
             tuple(f["referred_columns"]),
             tuple(sorted((k, str(v).upper()) for k, v in (f.get("options") or {}).items())))
            for f in inspector.get_foreign_keys(name))
        checks = sorted((c["name"], _text(c["sqltext"])) for c in inspector.get_check_constraints(name))
        tables[name] = {"columns": columns,
                        "primary_key": (pk.get("name"), tuple(pk["constrained_columns"])),
                        "indexes": indexes, "unique": uniques, "foreign_keys": foreign,
                        "checks": checks}
    return tables


def differences(built: Snapshot, migrated: Snapshot) -> list[str]:
    """What the two disagree on, one line each (empty when equal)."""
    found: list[str] = []
    for table in sorted(set(built) | set(migrated)):
        if table not in migrated:
            found.append(f"{table}: only in the built schema")
            continue
        if table not in built:
            found.append(f"{table}: only in the migrated schema")
            continue
        one, other = built[table], migrated[table]
        for column in sorted(set(one["columns"]) | set(other["columns"])):
            a, b = one["columns"].get(column), other["columns"].get(column)
            if a != b:
                found.append(f"{table}.{column}: built {a}, migrated {b}")
        for part in ("primary_key", "indexes", "unique", "foreign_keys", "checks"):
            if one[part] != other[part]:
                found.append(f"{table} {part}: built {one[part]}, migrated {other[part]}")
    return found
