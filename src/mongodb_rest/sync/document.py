# Generated from src/mongodb_rest/aio/document.py by tools/unasync.py: do not edit.
"""The sync face's Document: ``user.save()``, ``User.objects.get(...)``."""

from __future__ import annotations

from typing import Any, ClassVar, Self

from pymongo import IndexModel

from .. import signals
from ..document import hooks, persistence, versioning
from ..document.base import TopLevelDocument
from ..document.delete_rules import CASCADE, DENY, delete_rules
from ..document.twins import register_face
from ..driver_errors import translated
from ..errors import DeleteDenied
from ..indexes import IndexDiff, declared_indexes, diff_indexes, index_model
from ..query.related import load_related, reference_field, reference_names
from . import collections, files
from .flows import run_flow
from .queryset import QuerySetDescriptor

_IS_SYNC = True


class Document(TopLevelDocument):
    """A document stored in its own collection, with blocking persistence methods."""

    __document_base__ = True
    _face: ClassVar[str] = "sync"

    objects: ClassVar[QuerySetDescriptor] = QuerySetDescriptor()
    _default_manager: ClassVar[QuerySetDescriptor] = QuerySetDescriptor()

    def save(self, force_insert: bool = False, validate: bool = True, force: bool = False) -> Self:
        """Validate and write: insert a new document, or send only the fields that changed.

        ``pre_save`` receivers run first (what they change is saved), ``post_save`` ones after the write.
        A versioned document is written only if it still has the version it was loaded with
        (ConflictError otherwise); ``force=True`` writes it whatever version is stored.
        """
        sender = self._root()
        if signals.pre_save.listening(sender):
            signals.pre_save.send(sender, document=self)
        if validate:
            self.validate_fields()
            hooks.run_clean(self)
        plan = persistence.plan_save(self, force_insert=force_insert, force=force)
        call = plan.call
        reply = None
        if call is not None:
            method, args, kwargs = call
            collection = collections.collection_for(type(self))
            with translated(self._meta.db_alias):
                reply = getattr(collection, method)(*args, **kwargs, session=collections.session(type(self)))
            if plan.missed(reply):
                self._check_version(plan.filter, plan.expected)
        created = persistence.saved(self, plan, reply)
        if signals.post_save.listening(sender):
            signals.post_save.send(sender, document=self, created=created)
        return self

    def delete(self, if_version: int | None = None) -> None:
        """Delete this document from its collection (with ``if_version``, only if it has that version:
        ConflictError otherwise).

        ``pre_delete`` receivers and DENY rules of documents referencing it can prevent it; then the
        other ``reverse_delete_rule``s apply (CASCADE, NULLIFY, PULL) before the document goes.
        """
        query = persistence.identity_filter(self, "delete")
        guard = versioning.condition(type(self), if_version, "delete")
        sender = self._root()
        if signals.pre_delete.listening(sender):
            signals.pre_delete.send(sender, document=self)
        rules = delete_rules(type(self))
        if guard and rules:  # a stale delete must not apply the rules first
            self._check_version(query, if_version)
        for rule in rules:
            referrers = rule.referrer.twin(self._face).objects.filter(**rule.lookup(self))  # type: ignore[attr-defined]
            if rule.rule == DENY:
                if referrers.exists():
                    raise DeleteDenied(rule.denial(self))
            elif rule.rule == CASCADE:
                referrers.delete()
            else:
                referrers.update(**rule.update(self))
        collection = collections.collection_for(type(self))
        with translated(self._meta.db_alias):
            reply = collection.delete_one({**query, **guard}, session=collections.session(type(self)))
        if guard and not reply.deleted_count:
            self._check_version(query, if_version)
        persistence.deleted(self)
        files.delete_files(self)
        if signals.post_delete.listening(sender):
            signals.post_delete.send(sender, document=self)

    def _check_version(self, query: dict[str, Any], expected: int | None) -> None:
        """ConflictError unless the stored document has version ``expected``."""
        collection = collections.collection_for(type(self))
        with translated(self._meta.db_alias):
            current = collection.find_one(
                *versioning.read_back(type(self), query), session=collections.session(type(self))
            )
        if versioning.current_version(type(self), current) != expected:
            raise versioning.conflict(type(self), self.id, expected, current)

    def reload(self) -> Self:
        """Replace this document's values by the stored ones."""
        query = persistence.identity_filter(self, "reload")
        collection = collections.collection_for(type(self))
        with translated(self._meta.db_alias):
            data = collection.find_one(query, session=collections.session(type(self)))
        persistence.reloaded(self, data)
        return self

    def modify(
        self, query: dict[str, Any] | None = None, if_version: int | None = None, **updates: Any
    ) -> bool:
        """Update this document in the database (when it also matches the lookups of ``query``) in one
        round trip, and take the stored values; return whether it matched. Updates as ``update()``;
        with ``if_version``, only if it has that version (ConflictError otherwise)."""
        persistence.identity_filter(self, "modify")
        found = type(self).objects.filter(**(query or {})).filter(id=self.id)
        data = found._find_and_modify(
            found._state.modify_plan(updates, new=True, upsert=False, remove=False, if_version=if_version)
        )
        return persistence.modified(self, data)

    def fetch(self, *fields: str) -> Self:
        """Load the documents these reference fields point to (every reference field when none is
        named), one query per field; the async face never loads them behind an attribute."""
        for name in fields:
            reference_field(type(self), name)
        run_flow(load_related([self], fields or reference_names(type(self))))
        return self

    @classmethod
    def create_index(cls, keys: Any, **options: Any) -> str:
        """Create one index (``'email'``, ``[('name', 1), ('age', -1)]``...); return its name."""
        model: IndexModel = index_model(cls, keys, **options)
        collection = collections.collection_for(cls)
        with translated(cls._meta.db_alias):
            names = collection.create_indexes([model])
        return str(names[0])

    @classmethod
    def ensure_indexes(cls) -> None:
        """Create every index the class declares."""
        collections.ensure_indexes(cls)

    @classmethod
    def list_indexes(cls) -> list[dict[str, Any]]:
        """The indexes the collection has now."""
        collection = collections.collection_for(cls)
        with translated(cls._meta.db_alias):
            cursor = collections.index_cursor(collection)
            return [dict(index) for index in cursor.to_list(None)]

    @classmethod
    def index_diff(cls) -> IndexDiff:
        """How the collection's indexes differ from the declared ones (missing, extra, changed)."""
        return diff_indexes(declared_indexes(cls), cls.list_indexes())

    @classmethod
    def drop_collection(cls) -> None:
        """Drop the class's collection and everything in it."""
        collections.drop_collection(cls)


register_face("sync", Document)
