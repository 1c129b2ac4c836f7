"""The async face's cached references: the copies that follow a referenced document when it is saved."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..driver_errors import translated
from ..fields.cached import copy_updates
from .collections import collection_for, session

if TYPE_CHECKING:
    from ..document.base import TopLevelDocument
    from ..document.persistence import SavePlan

_IS_SYNC = False


async def update_cached_copies(document: TopLevelDocument, plan: SavePlan) -> None:
    """After ``document`` was updated in place by ``plan`` (``plan.updates_stored``, which ``save()``
    asks first): one ``update_many`` per collection whose documents hold a cached copy of a field
    that changed (CachedReferenceField, ``auto_sync``)."""
    changed = [key for operator in ("$set", "$unset") for key in plan.payload.get(operator, {})]
    for owner, query, update in copy_updates(document, changed, plan.snapshot):
        referrers = owner.twin(document._face)
        collection = await collection_for(referrers)
        with translated(referrers._meta.db_alias):
            await collection.update_many(query, update, session=session(referrers))
