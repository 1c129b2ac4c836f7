"""New ObjectId keys made many at a time, for the documents of a bulk insert."""

from __future__ import annotations

import itertools
import os
import time

from bson import ObjectId

_COUNTER_MAX = 0xFFFFFF  # an ObjectId's counter is 3 bytes


class _Source:
    """The process's own random value and counter, as the ObjectId specification lays out an id: 4
    bytes of time, 5 random bytes fixed per process, 3 bytes of a counter that starts at random. It
    stands beside ``ObjectId()``'s as a second process would (its random value differs), so the
    keys of either meet the other's no more than two processes' keys do; a forked child draws new
    ones."""

    def __init__(self) -> None:
        self.reseed()

    def reseed(self) -> None:
        self.random = os.urandom(5)
        self.counter = itertools.count(int.from_bytes(os.urandom(3)))

    def take(self, count: int) -> list[ObjectId]:
        prefix = (int(time.time()) & 0xFFFFFFFF).to_bytes(4) + self.random
        return [
            ObjectId(prefix + (number & _COUNTER_MAX).to_bytes(3))
            for number in itertools.islice(self.counter, count)
        ]


_source = _Source()
if hasattr(os, "register_at_fork"):  # where processes fork
    os.register_at_fork(after_in_child=_source.reseed)


def new_keys(count: int) -> list[ObjectId]:
    """``count`` new ObjectIds, unique as ``ObjectId()``'s are, for about a quarter of its cost each
    (``ObjectId()`` takes a lock, reads the clock and packs its parts once per id)."""
    return _source.take(count)
