"""The async face's Document: ``await user.save()``, ``await User.objects.get(...)``."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar, Self

from pymongo import IndexModel

from .. import signals
from ..awaitables import must_await_methods
from ..context_managers import bound
from ..document import hooks, integrity, persistence, versioning
from ..document.base import TopLevelDocument
from ..document.delete_rules import delete_rules
from ..document.dynamic import DYNAMIC_CONFIG, UndeclaredNames
from ..document.persistence import with_write_concern
from ..driver_errors import translated
from ..errors import ConflictError
from ..faces import Face, register_face
from ..fields.dynamic import DynamicValue, UndeclaredName
from ..fields.references import reference_field, reference_names
from ..fields.sequence import sequence_fields
from ..indexes import IndexDiff, declared_indexes, diff_indexes, index_model
from ..query.related import load_related
from ..query.replies import UpdateResult, update_result
from . import collections, files, transactions
from .cached import update_cached_copies
from .counters import assign_sequences
from .flows import load_references, run_delete, run_flow
from .queryset import QuerySetDescriptor


@must_await_methods
class Document(TopLevelDocument):
    """A document stored in its own collection, with awaitable persistence methods."""

    __document_base__ = True
    _face: ClassVar[str] = "aio"

    objects: ClassVar[QuerySetDescriptor] = QuerySetDescriptor()
    _default_manager: ClassVar[QuerySetDescriptor] = QuerySetDescriptor()

    async def save(
        self,
        force_insert: bool = False,
        validate: bool = True,
        clean: bool = True,
        write_concern: Mapping[str, Any] | None = None,
        force: bool = False,
    ) -> Self:
        """Validate and write: insert a new document, or send only the fields that changed.

        ``pre_save`` receivers run first (what they change is saved), ``post_save`` ones after the write.
        A versioned document is written only if it still has the version it was loaded with
        (ConflictError otherwise); ``force=True`` writes it whatever version is stored.
        Replacing a file is conditional on the file this document was loaded with: when another write
        replaced it first, the new file is deleted and WriteConflict raised. When a reference it wrote
        (with a delete rule) names a document deleted meanwhile, the write is undone: ValidationError.
        ``validate=False`` skips validation and ``clean()``, ``clean=False`` only ``clean()``;
        ``write_concern`` (``{'w': 'majority'}``) applies to the write. Unset sequence fields take
        their counters' next values first; cached copies of changed fields follow (``auto_sync``).
        """
        cls, sender = type(self), self._root()
        if signals.pre_save.listening(sender):
            await signals.pre_save.asend(sender, document=self)
        if sequence_fields(cls):  # each step a class cannot need is skipped: found once per class
            await assign_sequences(self)
        encoded = None  # a new document's stored form, once checked
        if validate:
            encoded = persistence.checked(self, force_insert)
            if clean and hooks.overrides_clean(self):
                await hooks.run_clean_async(self)
                encoded = None  # clean() may change it
        plan = persistence.plan_save(self, force_insert=force_insert, force=force, encoded=encoded)
        call = plan.call
        reply = None
        if call is not None:
            method, args, kwargs = call
            collection = await collections.collection_for(self)
            if write_concern:
                collection = with_write_concern(collection, write_concern)
            with translated(self._meta.db_alias):
                reply = await getattr(collection, method)(*args, **kwargs, session=collections.session(self))
        try:
            if plan.missed(reply):
                await self._check_version(plan.filter, plan.expected)
            created = persistence.saved(self, plan, reply)
        except ConflictError:  # another write came first (a new version, a replaced file): ours goes
            await files.undo_replacements(self, plan.replaced_files)
            raise
        if plan.replaced_files:
            await files.delete_replaced(self, plan.replaced_files)
        if plan.updates_stored:
            await update_cached_copies(self, plan)
        if (
            call is not None
            and integrity.guarded_references(cls)
            and (undo := await run_flow(integrity.check_references(self, plan, created)))
        ):
            with translated(self._meta.db_alias):  # a referenced document was deleted meanwhile
                await getattr(collection, undo.method)(*undo.args, session=collections.session(self))
            integrity.undone(self, undo)
            raise undo.error
        if signals.post_save.listening(sender):
            await signals.post_save.asend(sender, document=self, created=created)
        return self

    async def validate(self, clean: bool = True) -> None:  # type: ignore[override]
        """MongoEngine's explicit validation: every field's current value, then ``clean()`` (unless
        ``clean=False``), as ``save()`` runs them. Raises ValidationError."""
        self.validate_fields()
        if clean:
            await hooks.run_clean_async(self)

    async def delete(self, if_version: int | None = None, **write_concern: Any) -> None:
        """Delete this document from its collection (``w=...``, ``j=...``: the write concern; with
        ``if_version``, only if it has that version: ConflictError otherwise).

        ``pre_delete`` receivers and DENY rules of documents referencing it can prevent it; once it is
        gone, the other ``reverse_delete_rule``s apply (CASCADE, NULLIFY, PULL), then its files go.
        """
        query = persistence.identity_filter(self, "delete")
        guard = versioning.condition(type(self), if_version, "delete")
        sender = self._root()
        if signals.pre_delete.listening(sender):
            await signals.pre_delete.asend(sender, document=self)
        if guard and delete_rules(type(self)):  # a stale delete must not apply the rules first
            await self._check_version(query, if_version)
        stored = await run_delete(self, integrity.delete_flow(self, {**query, **guard}), write_concern)
        if guard and stored is None:
            await self._check_version(query, if_version)
        persistence.deleted(self)
        await files.delete_files(self, stored)
        if signals.post_delete.listening(sender):
            await signals.post_delete.asend(sender, document=self)

    async def _check_version(self, query: dict[str, Any], expected: int | None) -> None:
        """ConflictError unless the stored document has version ``expected``."""
        collection = await collections.collection_for(self)
        with translated(self._meta.db_alias):
            current = await collection.find_one(
                *versioning.read_back(type(self), query), session=collections.session(self)
            )
        if versioning.current_version(type(self), current) != expected:
            raise versioning.conflict(type(self), self.id, expected, current)

    async def reload(self, *fields: str) -> Self:
        """Replace this document's values by the stored ones (only those of ``fields`` when named)."""
        query = persistence.identity_filter(self, "reload")
        projection = persistence.reload_projection(type(self), fields)
        collection = await collections.collection_for(self)
        with translated(self._meta.db_alias):
            data = await collection.find_one(query, projection, session=collections.session(self))
        persistence.reloaded_fields(self, data, fields)
        return self

    async def update(self, **updates: Any) -> UpdateResult:
        """MongoEngine's ``doc.update(inc__views=1)``: apply ``updates`` (as ``QuerySet.update()``
        takes them) to this document in the database; 1, or 0 when it is gone. This instance keeps
        its values until ``reload()``."""
        found = type(self)._default_manager.raw(persistence.identity_filter(self, "update"))
        query, update = found._state.update_plan(updates, upsert=False)
        persistence.refuse_shard_key_changes(type(self), update)
        collection = await collections.collection_for(self)
        with translated(self._meta.db_alias):
            reply = await collection.update_one(query, update, session=collections.session(self))
        return update_result(reply)

    async def modify(
        self, query: dict[str, Any] | None = None, if_version: int | None = None, **updates: Any
    ) -> bool:
        """Update this document in the database (when it also matches the lookups of ``query``) in one
        round trip, and take the stored values; return whether it matched. Updates as ``update()``;
        with ``if_version``, only if it has that version (ConflictError otherwise)."""
        found = (
            type(self)
            ._default_manager.filter(**(query or {}))
            .raw(persistence.identity_filter(self, "modify"))
        )
        plan = found._state.modify_plan(updates, new=True, upsert=False, remove=False, if_version=if_version)
        persistence.refuse_shard_key_changes(type(self), plan.update or {})
        with bound(self):
            data = await found._find_and_modify(plan)
        return persistence.modified(self, data)

    async def fetch(self, *fields: str) -> Self:
        """Load the documents these reference fields point to (every reference field when none is
        named), one query per field; the async face never loads them behind an attribute."""
        for name in fields:
            reference_field(type(self), name)
        await run_flow(load_related([self], fields or reference_names(type(self))))
        return self

    @classmethod
    async def create_index(cls, keys: Any, **options: Any) -> str:
        """Create one index (``'email'``, ``[('name', 1), ('age', -1)]``...); return its name."""
        model: IndexModel = index_model(cls, keys, **options)
        collection = await collections.collection_for(cls)
        with translated(cls._meta.db_alias):
            names = await collection.create_indexes([model])
        return str(names[0])

    @classmethod
    async def ensure_indexes(cls) -> None:
        """Create every index the class declares."""
        await collections.ensure_indexes(cls)

    @classmethod
    async def list_indexes(cls) -> list[dict[str, Any]]:
        """The indexes the collection has now."""
        collection = await collections.collection_for(cls)
        with translated(cls._meta.db_alias):
            cursor = await collections.index_cursor(collection)
            return [dict(index) for index in await cursor.to_list(None)]

    @classmethod
    async def index_diff(cls) -> IndexDiff:
        """How the collection's indexes differ from the declared ones (missing, extra, changed)."""
        return diff_indexes(declared_indexes(cls), await cls.list_indexes())

    @classmethod
    async def drop_collection(cls) -> None:
        """Drop the class's collection and everything in it."""
        await collections.drop_collection(cls)


class DynamicDocument(UndeclaredNames, Document):
    """A Document that also stores fields it does not declare (``doc.mood = 'happy'``), reads them
    back and filters on them (``filter(mood='happy')``)."""

    __document_base__ = True
    model_config = DYNAMIC_CONFIG
    __pydantic_extra__: dict[UndeclaredName, DynamicValue]


register_face(
    "aio",
    Face(
        document=Document,
        file_proxy=files.FileProxy,
        load_references=load_references,
        begin_transaction=transactions.begin,
        end_transaction=transactions.end,
    ),
)
