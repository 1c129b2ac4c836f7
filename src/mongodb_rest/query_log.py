"""Command monitoring: each command the library's clients send is logged on ``mongodb_rest.queries`` with
its duration, and counted by any ``query_counter`` open in the sending context.

At INFO a record names the command, database, collection and duration, and shows the filter's shape with
every value replaced by ``?``; when the logger is enabled for DEBUG the record carries the whole command
instead. Credentials never appear: PyMongo empties authentication commands, and ``pwd`` values are masked.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from contextvars import ContextVar
from typing import TYPE_CHECKING, Any

from bson import json_util
from pymongo import monitoring

if TYPE_CHECKING:
    from .context_managers import query_counter

__all__ = ["HOUSEKEEPING_COMMANDS", "QueryListener", "shape"]

logger = logging.getLogger("mongodb_rest.queries")

HOUSEKEEPING_COMMANDS = frozenset(
    {
        "hello",
        "isMaster",
        "ismaster",
        "saslStart",
        "saslContinue",
        "authenticate",
        "getnonce",
        "endSessions",
        "killCursors",
    }
)
"""Commands the driver sends on its own (handshakes, authentication, cleanup): logged, never counted."""

# where each command keeps the part whose shape is logged at INFO
SHAPED_PARTS = {
    "find": ("filter",),
    "count": ("query",),
    "distinct": ("key", "query"),
    "findAndModify": ("query", "update"),
    "aggregate": ("pipeline",),
    "update": ("updates",),
    "delete": ("deletes",),
}
NOT_LOGGED_KEYS = frozenset({"lsid", "$clusterTime", "$db", "txnNumber", "$readPreference"})
SECRET_KEYS = frozenset({"pwd", "password"})

active_counters: ContextVar[tuple[query_counter, ...]] = ContextVar("mongodb_rest_query_counters", default=())
"""The ``query_counter`` blocks open in the current context, which count what its commands send."""


def shape(value: Any) -> Any:
    """``value`` with every stored value replaced by ``'?'``: keys (fields, operators, stages) are kept,
    and a list of plain values becomes one ``'?'`` (its length is not shown either)."""
    if isinstance(value, Mapping):
        return {str(key): shape(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)) and any(isinstance(item, Mapping) for item in value):
        return [shape(item) for item in value]
    return "?"


def _summary(name: str, command: Mapping[str, Any]) -> str:
    """The redacted INFO description of a command: its filter's (or pipeline's) shape, or a count."""
    if name == "insert":
        return f"documents={len(command.get('documents') or ())}"
    if name == "update":
        updates = command.get("updates") or ()
        return " ".join(f"q={_json(shape(u.get('q', {})))} u={_json(shape(u.get('u', {})))}" for u in updates)
    if name == "delete":
        return " ".join(f"q={_json(shape(d.get('q', {})))}" for d in command.get("deletes") or ())
    parts = []
    for key in SHAPED_PARTS.get(name, ()):
        if key in command:
            value = command[key] if key == "key" else shape(command[key])
            parts.append(f"{key}={_json(value)}")
    return " ".join(parts)


def _masked(value: Any) -> Any:
    if isinstance(value, Mapping):
        return {key: "***" if key in SECRET_KEYS else _masked(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [_masked(item) for item in value]
    return value


def _json(value: Any) -> str:
    return json_util.dumps(value, separators=(",", ":"))


def full_command(command: Mapping[str, Any]) -> str:
    """The command as Extended JSON, session and cluster bookkeeping left out and passwords masked."""
    return _json(_masked({key: value for key, value in command.items() if key not in NOT_LOGGED_KEYS}))


class QueryListener(monitoring.CommandListener):
    """The command listener ``connect()`` gives the clients it creates for ``alias``.

    Cheap while nothing listens: the command is only described when the logger is enabled for INFO.
    """

    def __init__(self, alias: str) -> None:
        self.alias = alias
        self._pending: dict[int, tuple[str, str, str, str]] = {}

    def __eq__(self, other: object) -> bool:
        return isinstance(other, QueryListener) and other.alias == self.alias

    def __hash__(self) -> int:
        return hash((QueryListener, self.alias))

    def __repr__(self) -> str:
        return f"QueryListener({self.alias!r})"

    def started(self, event: monitoring.CommandStartedEvent) -> None:
        name = event.command_name
        counters = active_counters.get()
        if counters and name not in HOUSEKEEPING_COMMANDS:
            target = _collection(name, event.command)
            for counter in counters:
                counter._add(self.alias, name, target)
        if logger.isEnabledFor(logging.INFO):
            command = event.command
            detail = full_command(command) if logger.isEnabledFor(logging.DEBUG) else _summary(name, command)
            self._pending[event.request_id] = (name, event.database_name, _collection(name, command), detail)

    def succeeded(self, event: monitoring.CommandSucceededEvent) -> None:
        if self._pending:
            self._log(event.request_id, event.duration_micros, "")

    def failed(self, event: monitoring.CommandFailedEvent) -> None:
        if self._pending:
            failure = event.failure or {}
            code = failure.get("codeName") or failure.get("code") or failure.get("errmsg") or "error"
            self._log(event.request_id, event.duration_micros, f" failed ({code})")

    def _log(self, request_id: int, micros: int, outcome: str) -> None:
        entry = self._pending.pop(request_id, None)
        if entry is None:
            return
        name, database, collection, detail = entry
        level = logging.DEBUG if logger.isEnabledFor(logging.DEBUG) else logging.INFO
        logger.log(
            level,
            "(%s) %s %s%s %.2f ms%s%s",
            self.alias,
            name,
            database,
            f".{collection}" if collection else "",
            micros / 1000,
            outcome,
            f" {detail}" if detail else "",
            extra={
                "alias": self.alias,
                "command_name": name,
                "database": database,
                "collection": collection,
                "duration": micros / 1_000_000,
            },
        )


def _collection(name: str, command: Mapping[str, Any]) -> str:
    target = command.get("collection" if name == "getMore" else name)
    return target if isinstance(target, str) else ""
