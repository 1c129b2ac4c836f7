# Generated from src/mongodb_rest/aio/transactions.py by tools/unasync.py: do not edit.
"""The sync face's multi-document transactions: what ``with atomic():`` runs."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from contextvars import ContextVar, Token
from types import MappingProxyType
from typing import Any, NamedTuple

from ..connection import sync_connection
from ..driver_errors import translated

_sessions: ContextVar[Mapping[str, Any]] = ContextVar("mongodb_rest_sessions", default=MappingProxyType({}))


class Opened(NamedTuple):
    """A transaction ``begin`` started: its session, and the token that made it this context's."""

    session: Any
    token: Token[Mapping[str, Any]]


def session_for(alias: str) -> Any:
    """The transaction session of connection ``alias`` in this context (``atomic()``), or None."""
    return _sessions.get().get(alias)


open_sessions: Callable[[], Mapping[str, Any]] = _sessions.get  # no Python frame: read on every operation
"""The transaction sessions of this context (``atomic()``) by alias; empty outside any."""


def begin(alias: str, durable: bool) -> Opened | None:
    """Start a transaction on ``alias`` that this context's operations join; None when an outer one
    is open (the block joins it) or, with ``durable=False``, the server is a standalone one."""
    if session_for(alias) is not None:
        return None
    client = sync_connection(alias).client
    if not durable and client.topology_description.topology_type_name == "Single":
        return None
    session = client.start_session()
    session.start_transaction()
    return Opened(session, _sessions.set({**_sessions.get(), alias: session}))


def end(alias: str, opened: Opened, commit: bool) -> None:
    """Commit (``commit``) or abort the transaction ``begin`` opened, and end its session."""
    _sessions.reset(opened.token)
    try:
        if commit:
            with translated(alias):
                opened.session.commit_transaction()
        else:
            opened.session.abort_transaction()
    finally:
        opened.session.end_session()
