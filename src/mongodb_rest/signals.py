"""Document signals, on Django's dispatcher: receivers may be sync or async, and fire from both faces.

The sync face sends with ``send()`` (async receivers run through ``async_to_sync``); the async face
awaits ``asend()`` (sync receivers run in a thread through ``sync_to_async``, never blocking the loop).
The sender is the declared document class, whichever face the document is on.

    @pre_save.connect
    def stamp(sender, document, **kwargs): ...

    @post_save.connect(sender=User)
    async def welcome(sender, document, created, **kwargs): ...
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from typing import Any

from django.dispatch import Signal as DjangoSignal

__all__ = [
    "Signal",
    "post_bulk_insert",
    "post_delete",
    "post_init",
    "post_save",
    "pre_bulk_insert",
    "pre_delete",
    "pre_init",
    "pre_save",
]

Receiver = Callable[..., Any]


class Signal(DjangoSignal):
    """Django's Signal whose ``connect`` also works as a decorator, bare or with a sender."""

    def connect(
        self,
        receiver: Receiver | None = None,
        sender: Any = None,
        weak: bool = True,
        dispatch_uid: Any = None,
    ) -> Any:
        """Connect ``receiver`` and return it (so this decorates); ``connect(sender=Model)`` decorates too."""
        if receiver is None:

            def decorator(function: Receiver) -> Receiver:
                self.connect(function, sender, weak, dispatch_uid)
                return function

            return decorator
        self.check(receiver)
        super().connect(receiver, sender, weak, dispatch_uid)
        return receiver

    def check(self, receiver: Receiver) -> None:
        """Refuse a receiver this signal cannot call (every receiver is fine here)."""

    def listening(self, sender: Any) -> bool:
        """True when some receiver would get a signal from ``sender`` (cheap when none is connected)."""
        return bool(self.receivers) and self.has_listeners(sender)


class InitSignal(Signal):
    """A signal sent while a document is constructed, which is synchronous: receivers must be sync."""

    def check(self, receiver: Receiver) -> None:
        if inspect.iscoroutinefunction(receiver):
            raise TypeError("pre_init and post_init receivers run while a document is built: make them sync.")


def delete_listened(sender: Any) -> bool:
    """True when deleting documents of ``sender`` must fire receivers (so one at a time)."""
    return pre_delete.listening(sender) or post_delete.listening(sender)


pre_init = InitSignal()
"""Before a document is built from keyword values: ``(sender, document, values)``; may change ``values``."""
post_init = InitSignal()
"""After a document is built, or loaded from the database: ``(sender, document)``."""
pre_save = Signal()
"""Before ``save()`` validates and writes: ``(sender, document)``; changes made here are saved."""
post_save = Signal()
"""After ``save()`` wrote: ``(sender, document, created)``."""
pre_delete = Signal()
"""Before a document is deleted: ``(sender, document)``; raising prevents the delete."""
post_delete = Signal()
"""After a document was deleted: ``(sender, document)``."""
pre_bulk_insert = Signal()
"""Before ``bulk_create()`` inserts: ``(sender, documents)``."""
post_bulk_insert = Signal()
"""After ``bulk_create()`` inserted: ``(sender, documents, loaded)``."""
