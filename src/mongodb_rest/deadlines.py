"""``deadline()``: how long each database operation of a block may wait, on every face and client."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import pymongo


@contextmanager
def deadline(seconds: float | None) -> Iterator[None]:
    """Give the database operations of the block ``seconds`` in all (None: no limit) instead of each
    connection's ``timeout``; for management commands, scripts and long exports.

    It is PyMongo's ``pymongo.timeout()``, so it also bounds clients registered with ``connect(client=...)``
    (Motor's too), and a nested block can only shorten an enclosing one. Past it an operation raises
    ``DeadlineExceeded``.
    """
    if seconds is not None and (isinstance(seconds, bool) or not seconds > 0):
        raise ValueError(f"deadline() takes a positive number of seconds or None, not {seconds!r}.")
    with pymongo.timeout(seconds or 0):  # PyMongo reads a timeout of 0 as "no limit"
        yield
