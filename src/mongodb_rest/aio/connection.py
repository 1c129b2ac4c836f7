"""The async face's client and database handles."""

from __future__ import annotations

from typing import Any

from ..connection import DEFAULT_ALIAS, async_connection


def get_connection(alias: str = DEFAULT_ALIAS) -> Any:
    """The async client of ``alias`` for the running event loop."""
    return async_connection(alias).client


def get_db(alias: str = DEFAULT_ALIAS) -> Any:
    """The async database handle of ``alias`` for the running event loop."""
    return async_connection(alias).db
