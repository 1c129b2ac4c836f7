"""The async face's counters: the values of a document's sequence fields, taken when it is saved."""

from __future__ import annotations

from typing import TYPE_CHECKING

from pymongo import ReturnDocument

from ..connection import async_connection
from ..context_managers import target
from ..driver_errors import translated
from ..fields.sequence import sequences_to_take
from .collections import session

if TYPE_CHECKING:
    from ..document.base import TopLevelDocument
    from ..fields.sequence import SequenceField

_IS_SYNC = False


async def assign_sequences(document: TopLevelDocument) -> None:
    """Give each unset sequence field of ``document`` the next value of its counter (one atomic
    ``$inc`` each, in the database the document is saved to)."""
    await number(sequences_to_take([document]))


async def number(groups: list[tuple[SequenceField, list[TopLevelDocument]]]) -> None:
    """Give each group's documents (``fields.sequence.sequences_to_take``) consecutive values of its
    field's counter, in their order: one atomic ``$inc`` of as many per counter."""
    for field, taking in groups:
        alias = target(taking[0])[0]
        query, update = field.counter_update(type(taking[0]), len(taking))
        with translated(alias):
            counter = (
                await async_connection(alias)
                .db[field.collection_name]
                .find_one_and_update(
                    query,
                    update,
                    upsert=True,
                    return_document=ReturnDocument.AFTER,
                    session=session(taking[0]),
                )
            )
        for document, value in zip(taking, field.values(counter, len(taking)), strict=True):
            setattr(document, field.name, value)
