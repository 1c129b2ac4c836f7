"""``bulk_create()`` as a core flow: signals, validation, ``clean()``, the insert, what its reply means."""

from __future__ import annotations

from collections.abc import Generator
from typing import TYPE_CHECKING, Any

from .. import signals
from ..faces import Clean, Fetch, Notify, Number, Write
from ..fields.sequence import sequence_fields, sequences_to_take
from . import hooks, integrity, persistence

if TYPE_CHECKING:
    from .base import TopLevelDocument

BulkStep = Notify | Number | Clean | Write | Fetch


def bulk_create_flow[D: TopLevelDocument](
    cls: type[TopLevelDocument], documents: list[D]
) -> Generator[BulkStep, Any, list[D]]:
    """Insert the new ``documents`` of ``cls`` in one ``insert_many``; return them, with their ids.

    ``pre_bulk_insert`` receivers run first; then unset sequence fields take consecutive values, and
    each document is validated (only what changed since it was built: it was validated then) and
    cleaned, in turn; nothing is inserted unless all pass.
    After the insert, a reference (with a delete rule) naming a document deleted meanwhile deletes
    them all again (ValidationError); otherwise ``post_bulk_insert`` receivers run.
    """
    sender = cls._root()
    if signals.pre_bulk_insert.listening(sender):
        yield Notify(signals.pre_bulk_insert, sender, {"documents": documents})
    kinds = set(map(type, documents))  # what depends on the class alone is decided once per class
    persistence.refuse_unfit(cls, documents, kinds)
    if any(map(sequence_fields, kinds)) and (groups := sequences_to_take(documents)):
        yield Number(groups)  # unset sequence fields: one counter update each
    if any(map(hooks.defines_clean, kinds)):
        encoded = []
        for document in documents:
            data = persistence.checked(document)
            if hooks.overrides_clean(document):
                yield Clean(document)
                data = None  # clean() may change it
            encoded.append(data)
    else:  # no clean() to run: one pass, no step per document
        encoded = list(map(persistence.checked, documents))
    payloads, stamped = persistence.plan_bulk_insert(cls, documents, encoded, kinds)
    if payloads:
        yield Write("insert_many", (payloads,), {"ordered": True})
    persistence.bulk_inserted(documents, payloads, stamped)
    if (
        payloads
        and any(map(integrity.guarded_references, kinds))
        and (undo := (yield from integrity.check_bulk_references(cls, documents, payloads)))
    ):
        yield Write(undo.method, undo.args)  # a referenced document was deleted meanwhile
        for document in documents:
            integrity.undone(document, undo)
        raise undo.error
    if signals.post_bulk_insert.listening(sender):
        yield Notify(signals.post_bulk_insert, sender, {"documents": documents, "loaded": True})
    return documents
