"""A migration as a Python module: its dependencies, its operations, and stubs to fill in."""

from __future__ import annotations

import dataclasses
import datetime
import decimal
import uuid
from typing import Any

from bson import Decimal128, ObjectId

from .autodetector import Stub
from .operations import Operation, RunPython
from .state import Field

HEADER = '"""{doc}"""\n\n'
LINE_LENGTH = 100


def serialize(value: Any, imports: set[str]) -> str:
    """Python source that evaluates to ``value``; ValueError for a value a migration cannot hold."""
    if value is None or isinstance(value, (bool, int, float, str, bytes)):
        return repr(value)
    if isinstance(value, (list, tuple)):
        items = ", ".join(serialize(item, imports) for item in value)
        return f"[{items}]" if isinstance(value, list) else f"({items}{',' if len(value) == 1 else ''})"
    if isinstance(value, dict):
        return (
            "{"
            + ", ".join(f"{serialize(k, imports)}: {serialize(v, imports)}" for k, v in value.items())
            + "}"
        )
    if isinstance(value, (datetime.datetime, datetime.date, datetime.time, datetime.timedelta)):
        imports.add("import datetime")
        return repr(value)
    if isinstance(value, decimal.Decimal):
        imports.add("import decimal")
        return repr(value)
    if isinstance(value, uuid.UUID):
        imports.add("import uuid")
        return f"uuid.{value!r}"
    if isinstance(value, (ObjectId, Decimal128)):
        imports.add(f"from bson import {type(value).__name__}")
        return repr(value)
    if isinstance(value, Stub):
        return value.name
    if callable(value) and getattr(value, "__qualname__", "") == "noop":
        return "migrations.RunPython.noop"
    if isinstance(value, Operation | Field):
        return _construct(value, imports)
    raise ValueError(f"A migration cannot hold the value {value!r}: write it by hand, or use RunPython.")


def _construct(value: Any, imports: set[str], indent: str = "") -> str:
    """``migrations.AddField(collection='users', ...)``, leaving out arguments at their defaults; with
    ``indent``, one argument a line when they do not fit on one."""
    parts = []
    for item in dataclasses.fields(value):
        current = getattr(value, item.name)
        if item.default is not dataclasses.MISSING and current == item.default:
            continue
        if item.default_factory is not dataclasses.MISSING and current == item.default_factory():
            continue
        parts.append(f"{item.name}={serialize(current, imports)}")
    call = f"migrations.{type(value).__name__}({', '.join(parts)})"
    if not indent or len(indent) + len(call) < LINE_LENGTH:
        return call
    arguments = "".join(f"{indent}    {part},\n" for part in parts)
    return f"migrations.{type(value).__name__}(\n{arguments}{indent})"


def render(doc: str, dependencies: list[tuple[str, str]], operations: list[Operation]) -> str:
    """The source of a migration module."""
    imports: set[str] = set()
    body = [f"    {_construct(operation, imports, '    ')}," for operation in operations]
    stubs = [
        operation.code
        for operation in operations
        if isinstance(operation, RunPython) and isinstance(operation.code, Stub)
    ]
    lines = [HEADER.format(doc=doc).rstrip("\n"), ""]
    lines += [*sorted(imports), "from mongodb_rest import document_migrations as migrations", "", ""]
    for stub in stubs:
        lines += [
            f"def {stub.name}(db):",
            f'    """{stub.doc} Filter on the old type, so that running it again is safe."""',
            f"    raise NotImplementedError({(stub.doc + ' Fill in ' + stub.name + '.')!r})",
            "",
            "",
        ]
    lines.append(f"dependencies = {serialize(list(dependencies), imports)}")
    lines += ["", "operations = [", *body, "]", ""]
    return "\n".join(lines)
